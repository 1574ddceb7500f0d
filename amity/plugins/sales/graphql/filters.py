"""The filter and orderBy inputs of the sales lists (opportunities, leads, products, quotations,
activities, price agreements), built from ``amity.schema.filters``."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry
from strawberry import UNSET
from tortoise.expressions import Q

from amity.core import clock
from amity.plugins.sales import pricing
from amity.plugins.sales.graphql.activity_types import ActivityKind
from amity.plugins.sales.graphql.lead_types import LeadSource, LeadStatus
from amity.plugins.sales.graphql.quotation_types import QuotationStatus
from amity.plugins.sales.graphql.types import OpportunityStatus
from amity.schema.filters import (
    BooleanFilter,
    DateTimeFilter,
    DecimalFilter,
    IDFilter,
    IntFilter,
    Ref,
    StringFilter,
    enum_filter,
)
from amity.schema.relay import OrderDirection

OpportunityStatusFilter = enum_filter(OpportunityStatus)
LeadSourceFilter = enum_filter(LeadSource)
LeadStatusFilter = enum_filter(LeadStatus)
QuotationStatusFilter = enum_filter(QuotationStatus)
ActivityKindFilter = enum_filter(ActivityKind)


@strawberry.input
class OpportunityFilter:
    title: StringFilter | None = UNSET
    status: OpportunityStatusFilter | None = UNSET
    customer: IDFilter | None = strawberry.field(default=UNSET, description="The customer's global ID.")
    owner: IDFilter | None = strawberry.field(
        default=UNSET, description="The owning user's global ID; `isNull: true` for deals without owner.")
    pipeline: IDFilter | None = strawberry.field(default=UNSET, description="The pipeline's global ID.")
    stage: IDFilter | None = strawberry.field(default=UNSET, description="The current stage's global ID.")
    amount: DecimalFilter | None = strawberry.field(default=UNSET, description="The amount in the deal's own currency.")
    currency: StringFilter | None = strawberry.field(default=UNSET, description="ISO 4217 code, upper case.")
    created_at: DateTimeFilter | None = UNSET
    closed_at: DateTimeFilter | None = strawberry.field(
        default=UNSET, description="When won or lost; `isNull: true` for open deals.")
    search: str | None = strawberry.field(default=UNSET, description="Matches the title, ignoring case.")
    and_: list[OpportunityFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[OpportunityFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: OpportunityFilter | None = strawberry.field(name="not", default=UNSET)


OPPORTUNITY_COLUMNS = {
    "title": "title", "status": "status", "customer": Ref("customer_id", "Customer"), "owner": Ref("owner_id", "User"),
    "pipeline": Ref("pipeline_id", "Pipeline"), "stage": Ref("stage_id", "Stage"), "amount": "amount",
    "currency": "currency", "created_at": "created_at", "closed_at": "closed_at",
    "search": lambda text: Q(title__icontains=text),
}


@strawberry.enum
class OpportunityOrderField(Enum):
    TITLE = "title"
    AMOUNT = "amount"
    EXPECTED_CLOSE_DATE = "expected_close_date"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"


@strawberry.input
class OpportunityOrder:
    field: OpportunityOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input
class LeadFilter:
    name: StringFilter | None = UNSET
    company: StringFilter | None = UNSET
    email: StringFilter | None = strawberry.field(default=UNSET, description="Stored in lower case.")
    industry: StringFilter | None = UNSET
    country: StringFilter | None = strawberry.field(
        default=UNSET, description="ISO 3166-1 alpha-2 code, upper case; empty when unknown.")
    source: LeadSourceFilter | None = UNSET
    status: LeadStatusFilter | None = UNSET
    owner: IDFilter | None = strawberry.field(default=UNSET, description="The owning user's global ID.")
    score: IntFilter | None = UNSET
    employees: IntFilter | None = strawberry.field(
        default=UNSET, description="Head count; `isNull: true` when unknown.")
    created_at: DateTimeFilter | None = UNSET
    search: str | None = strawberry.field(default=UNSET, description="Matches name, company or e-mail, ignoring case.")
    and_: list[LeadFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[LeadFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: LeadFilter | None = strawberry.field(name="not", default=UNSET)


LEAD_COLUMNS = {
    "name": "name", "company": "company", "email": "email", "industry": "industry", "country": "country",
    "source": "source", "status": "status", "owner": Ref("owner_id", "User"), "score": "score",
    "employees": "employees", "created_at": "created_at",
    "search": lambda text: Q(name__icontains=text) | Q(company__icontains=text) | Q(email__icontains=text),
}


@strawberry.enum
class LeadOrderField(Enum):
    NAME = "name"
    SCORE = "score"
    CREATED_AT = "created_at"


@strawberry.input
class LeadOrder:
    field: LeadOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input
class ProductFilter:
    code: StringFilter | None = UNSET
    name: StringFilter | None = UNSET
    is_active: BooleanFilter | None = strawberry.field(
        default=UNSET, description="false for products no longer quoted.")
    search: str | None = strawberry.field(default=UNSET, description="Matches code or name, ignoring case.")


PRODUCT_COLUMNS = {
    "code": "code", "name": "name", "is_active": "is_active",
    "search": lambda text: Q(code__icontains=text) | Q(name__icontains=text),
}


@strawberry.input
class QuotationFilter:
    customer: IDFilter | None = strawberry.field(default=UNSET, description="The customer's global ID.")
    opportunity: IDFilter | None = strawberry.field(
        default=UNSET, description="The deal's global ID; `isNull: true` for quotations without a deal.")
    status: QuotationStatusFilter | None = UNSET
    total: DecimalFilter | None = strawberry.field(
        default=UNSET, description="The total with tax, in the quotation's currency.")
    currency: StringFilter | None = strawberry.field(default=UNSET, description="ISO 4217 code, upper case.")
    created_at: DateTimeFilter | None = UNSET
    and_: list[QuotationFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[QuotationFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: QuotationFilter | None = strawberry.field(name="not", default=UNSET)


QUOTATION_COLUMNS = {
    "customer": Ref("customer_id", "Customer"), "opportunity": Ref("opportunity_id", "Opportunity"), "status": "status",
    "total": "total", "currency": "currency", "created_at": "created_at",
}


@strawberry.enum
class QuotationOrderField(Enum):
    CREATED_AT = "created_at"
    VALID_UNTIL = "valid_until"
    TOTAL = "total"


@strawberry.input
class QuotationOrder:
    field: QuotationOrderField
    direction: OrderDirection = OrderDirection.ASC


def _overdue(flag: bool) -> Q:
    overdue = Q(done_at__isnull=True, due_at__lt=clock.now())
    return overdue if flag else ~overdue


@strawberry.input
class ActivityFilter:
    kind: ActivityKindFilter | None = UNSET
    owner: IDFilter | None = strawberry.field(default=UNSET, description="The owning user's global ID.")
    customer: IDFilter | None = strawberry.field(default=UNSET, description="The customer's global ID.")
    opportunity: IDFilter | None = strawberry.field(
        default=UNSET, description="The deal's global ID; `isNull: true` for activities outside any deal.")
    due_at: DateTimeFilter | None = UNSET
    done: bool | None = strawberry.field(default=UNSET, description="true: done; false: open or overdue.")
    overdue: bool | None = strawberry.field(default=UNSET, description="true: not done and past due.")
    and_: list[ActivityFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[ActivityFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: ActivityFilter | None = strawberry.field(name="not", default=UNSET)


ACTIVITY_COLUMNS = {
    "kind": "kind", "owner": Ref("owner_id", "User"), "customer": Ref("customer_id", "Customer"),
    "opportunity": Ref("opportunity_id", "Opportunity"), "due_at": "due_at",
    "done": lambda flag: Q(done_at__isnull=not flag), "overdue": _overdue,
}


@strawberry.input
class PriceAgreementFilter:
    customer: IDFilter | None = strawberry.field(default=UNSET, description="The customer's global ID.")
    product: IDFilter | None = strawberry.field(default=UNSET, description="`isNull: true` for agreements on every product.")
    active_on: date | None = strawberry.field(default=UNSET, description="Valid on this day (both ends inclusive).")


PRICE_AGREEMENT_COLUMNS = {
    "customer": Ref("customer_id", "Customer"), "product": Ref("product_id", "Product"), "active_on": pricing.valid_on,
}
