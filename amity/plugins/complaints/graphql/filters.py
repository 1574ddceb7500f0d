"""The filter and orderBy inputs of the complaints list, built from ``amity.schema.filters``."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry import UNSET
from tortoise.expressions import Q

from amity.core import clock
from amity.plugins.complaints.graphql.types import ComplaintStatus, RootCause, Severity
from amity.plugins.complaints.overdue import overdue_q
from amity.schema.customers import Channel
from amity.schema.filters import BooleanFilter, DateTimeFilter, IDFilter, Ref, StringFilter, enum_filter
from amity.schema.relay import OrderDirection

ComplaintStatusFilter = enum_filter(ComplaintStatus)
SeverityFilter = enum_filter(Severity)
ChannelFilter = enum_filter(Channel)
RootCauseFilter = enum_filter(RootCause)


@strawberry.input
class ComplaintFilter:
    customer: IDFilter | None = strawberry.field(default=UNSET, description="The customer's global ID.")
    owner: IDFilter | None = strawberry.field(default=UNSET, description="Global ID of the user who handles it.")
    status: ComplaintStatusFilter | None = UNSET
    severity: SeverityFilter | None = UNSET
    channel: ChannelFilter | None = strawberry.field(default=UNSET, description="Where the customer made the complaint.")
    category: StringFilter | None = strawberry.field(default=UNSET, description="The category's code.")
    root_cause: RootCauseFilter | None = strawberry.field(
        default=UNSET, description="The analysis's finding; `isNull: true` for complaints without analysis.")
    justified: BooleanFilter | None = strawberry.field(
        default=UNSET, description="The analysis's verdict; `isNull: true` for complaints without analysis.")
    received_at: DateTimeFilter | None = UNSET
    resolved_at: DateTimeFilter | None = strawberry.field(
        default=UNSET, description="When resolved; null while not resolved (a reopening clears it).")
    search: str | None = strawberry.field(default=UNSET, description="Matches the customer's words, ignoring case.")
    overdue: bool | None = strawberry.field(default=UNSET, description="Past its acknowledgement or resolution target now.")
    and_: list[ComplaintFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[ComplaintFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: ComplaintFilter | None = strawberry.field(name="not", default=UNSET)


COMPLAINT_COLUMNS = {
    "customer": Ref("customer_id", "Customer"), "owner": Ref("owner_id", "User"), "status": "status",
    "severity": "severity", "channel": "channel", "category": "category__code", "root_cause": "root_cause",
    "justified": "justified", "received_at": "received_at", "resolved_at": "resolved_at",
    "search": lambda text: Q(description__icontains=text),
    "overdue": lambda value: overdue_q(clock.now()) if value else ~overdue_q(clock.now()),
}


@strawberry.enum
class ComplaintOrderField(Enum):
    RECEIVED_AT = "received_at"
    UPDATED_AT = "updated_at"
    RESOLVED_AT = "resolved_at"
    STATUS = "status"


@strawberry.input
class ComplaintOrder:
    field: ComplaintOrderField
    direction: OrderDirection = OrderDirection.ASC
