"""Root queries of the sales plugin: opportunities, pipelines, leads, the lead scoring rules,
products, quotations, price agreements, activities and the rep's worklist."""

from __future__ import annotations

from typing import Any

import strawberry
from tortoise.expressions import Q

from amity.plugins.sales import scoring, service, suggestions
from amity.plugins.sales.access import READ_ALL
from amity.plugins.sales.graphql.activity_types import Activity, Suggestion
from amity.plugins.sales.graphql.filters import (
    ACTIVITY_COLUMNS,
    LEAD_COLUMNS,
    OPPORTUNITY_COLUMNS,
    PRICE_AGREEMENT_COLUMNS,
    PRODUCT_COLUMNS,
    QUOTATION_COLUMNS,
    ActivityFilter,
    LeadFilter,
    LeadOrder,
    OpportunityFilter,
    OpportunityOrder,
    PriceAgreementFilter,
    ProductFilter,
    QuotationFilter,
    QuotationOrder,
)
from amity.plugins.sales.graphql.lead_types import Lead, LeadScoringRule
from amity.plugins.sales.graphql.pricing_types import PriceAgreement
from amity.plugins.sales.graphql.quotation_types import Product, Quotation
from amity.plugins.sales.graphql.types import OPPORTUNITY_ORDER, Opportunity, Pipeline
from amity.plugins.sales.graphql.visibility import own_only, visible
from amity.plugins.sales.models import Activity as ActivityModel
from amity.plugins.sales.models import Lead as LeadModel
from amity.plugins.sales.models import Opportunity as OpportunityModel
from amity.plugins.sales.models import Pipeline as PipelineModel
from amity.plugins.sales.models import PriceAgreement as PriceAgreementModel
from amity.plugins.sales.models import Product as ProductModel
from amity.plugins.sales.models import Quotation as QuotationModel
from amity.schema.errors import ClientError, PermissionDenied
from amity.schema.filters import order_keys, to_q
from amity.schema.nodes import node_of_type
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, SortKey, decode_id, list_page


def _visible_activities(info: strawberry.Info, query: Any) -> Any:
    """Activities outside any deal, and those on deals the caller may see."""
    owner = own_only(info)
    return query if owner is None else query.filter(Q(opportunity_id__isnull=True) | Q(opportunity__owner_id=owner))


@strawberry.type
class SalesQuery:
    @strawberry.field(extensions=[requires_permission("sales.opportunity.read")], description="Deals, filtered and ordered.")
    async def opportunities(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OpportunityFilter | None = None,
        order_by: list[OpportunityOrder] | None = None,
    ) -> Connection[Opportunity]:
        return await list_page(
            info,
            visible(info, OpportunityModel.filter(to_q(filter, OPPORTUNITY_COLUMNS))), order_keys(order_by, OPPORTUNITY_ORDER),
            first=first, after=after, last=last, before=before, signature="opportunities",
        )

    @strawberry.field(extensions=[requires_permission("sales.opportunity.read")], description="One deal; null if missing or not yours to see.")
    async def opportunity(self, info: strawberry.Info, id: strawberry.ID) -> Opportunity | None:
        return await node_of_type(info, id, "Opportunity")

    @strawberry.field(extensions=[requires_permission("sales.lead.read")], description="One lead; null if missing.")
    async def lead(self, info: strawberry.Info, id: strawberry.ID) -> Lead | None:
        return await node_of_type(info, id, "Lead")

    @strawberry.field(extensions=[requires_permission("sales.quotation.read")], description="One quotation; null if missing.")
    async def quotation(self, info: strawberry.Info, id: strawberry.ID) -> Quotation | None:
        return await node_of_type(info, id, "Quotation")

    @strawberry.field(extensions=[requires_permission("sales.quotation.read")],
                      description="One product of the catalogue; null if missing.")
    async def product(self, info: strawberry.Info, id: strawberry.ID) -> Product | None:
        return await node_of_type(info, id, "Product")

    @strawberry.field(extensions=[requires_permission("sales.quotation.read")],
                      description="One price agreement; null if missing.")
    async def price_agreement(self, info: strawberry.Info, id: strawberry.ID) -> PriceAgreement | None:
        return await node_of_type(info, id, "PriceAgreement")

    @strawberry.field(extensions=[requires_permission("sales.activity.read")],
                      description="One activity; null if missing or on a deal you may not see.")
    async def activity(self, info: strawberry.Info, id: strawberry.ID) -> Activity | None:
        return await node_of_type(info, id, "Activity")

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="Every pipeline, the default first; the default pipeline is created on first use.",
    )
    async def pipelines(self) -> list[Pipeline]:
        await service.ensure_default_pipeline()
        return await PipelineModel.all().order_by("-is_default", "name")  # type: ignore[return-value]

    @strawberry.field(extensions=[requires_permission("sales.lead.read")], description="Leads, best score first unless ordered.")
    async def leads(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
    ) -> Connection[Lead]:
        return await list_page(
            info,
            LeadModel.filter(to_q(filter, LEAD_COLUMNS)), order_keys(order_by, [SortKey("score", True)]),
            first=first, after=after, last=last, before=before, signature="leads",
        )

    @strawberry.field(extensions=[requires_permission("sales.lead.read")], description="The rules that score leads, in order.")
    async def lead_scoring_rules(self) -> list[LeadScoringRule]:
        return [LeadScoringRule(name=r.name, kind=r.kind, value=r.value, points=r.points) for r in await scoring.current_rules()]  # type: ignore[arg-type]

    @strawberry.field(extensions=[requires_permission("sales.quotation.read")], description="The product catalogue, by code.")
    async def products(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None, filter: ProductFilter | None = None
    ) -> Connection[Product]:
        return await list_page(
            info,
            ProductModel.filter(to_q(filter, PRODUCT_COLUMNS)), [SortKey("code")], first=first, after=after, signature="products",
        )

    @strawberry.field(extensions=[requires_permission("sales.quotation.read")], description="Quotations, newest first unless ordered.")
    async def quotations(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: QuotationFilter | None = None,
        order_by: list[QuotationOrder] | None = None,
    ) -> Connection[Quotation]:
        return await list_page(
            info,
            QuotationModel.filter(to_q(filter, QUOTATION_COLUMNS)), order_keys(order_by, [SortKey("created_at", True)]),
            first=first, after=after, last=last, before=before, signature="quotations",
        )

    @strawberry.field(extensions=[requires_permission("sales.quotation.read")], description="Price agreements, newest first.")
    async def price_agreements(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        filter: PriceAgreementFilter | None = None,
    ) -> Connection[PriceAgreement]:
        return await list_page(
            info,
            PriceAgreementModel.filter(to_q(filter, PRICE_AGREEMENT_COLUMNS)), [SortKey("created_at", True)],
            first=first, after=after, signature="priceAgreements",
        )

    @strawberry.field(extensions=[requires_permission("sales.activity.read")], description="Activities, by due time.")
    async def activities(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None, filter: ActivityFilter | None = None
    ) -> Connection[Activity]:
        return await list_page(
            info,
            _visible_activities(info, ActivityModel.filter(to_q(filter, ACTIVITY_COLUMNS))), [SortKey("due_at")], first=first, after=after, signature="activities",
        )

    @strawberry.field(
        extensions=[requires_permission("sales.activity.read")],
        description="What a rep (default: you) should act on, oldest first: next best actions on their open deals and their overdue activities.",
    )
    async def worklist(self, info: strawberry.Info, owner_id: strawberry.ID | None = None) -> list[Suggestion]:
        user_id = decode_id(owner_id, "User", "ownerId") if owner_id is not None else info.context.principal.user_id
        if user_id is None:
            raise ClientError("ownerId: the worklist of whom? you are not a user", "BAD_ARGUMENTS")
        if own_only(info) not in (None, user_id):
            raise PermissionDenied(READ_ALL)
        return [Suggestion.of(item) for item in await suggestions.worklist(user_id)]
