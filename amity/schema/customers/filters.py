"""The filter and orderBy inputs of the customers list, built from ``amity.schema.filters``."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import UNSET
from tortoise.expressions import Q

from amity.schema.customers.types import CustomerStatus
from amity.schema.filters import DateTimeFilter, DecimalFilter, IDFilter, Ref, StringFilter, enum_filter
from amity.schema.relay import OrderDirection

CustomerStatusFilter = enum_filter(CustomerStatus)


@strawberry.input
class CustomerFilter:
    code: StringFilter | None = UNSET
    name: StringFilter | None = UNSET
    type: StringFilter | None = UNSET
    status: CustomerStatusFilter | None = UNSET
    currency: StringFilter | None = UNSET
    credit_limit: DecimalFilter | None = UNSET
    owner: IDFilter | None = UNSET
    created_at: DateTimeFilter | None = UNSET
    updated_at: DateTimeFilter | None = UNSET
    search: str | None = strawberry.field(default=UNSET, description="Matches code or name, ignoring case.")
    and_: list[CustomerFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[CustomerFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: CustomerFilter | None = strawberry.field(name="not", default=UNSET)


CUSTOMER_COLUMNS = {
    "code": "code", "name": "name", "type": "type", "status": "status", "currency": "currency",
    "credit_limit": "credit_limit", "owner": Ref("owner_id", "User"), "created_at": "created_at",
    "updated_at": "updated_at", "search": lambda text: Q(code__icontains=text) | Q(name__icontains=text),
}


@strawberry.enum
class CustomerOrderField(Enum):
    CODE = "code"
    NAME = "name"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    CREDIT_LIMIT = "credit_limit"


@strawberry.input
class CustomerOrder:
    field: CustomerOrderField
    direction: OrderDirection = OrderDirection.ASC


