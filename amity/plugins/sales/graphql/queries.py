"""Root queries of the sales plugin: the opportunities list and the pipelines."""

from __future__ import annotations

import strawberry

from amity.plugins.sales import service
from amity.plugins.sales.graphql.filters import OPPORTUNITY_COLUMNS, OpportunityFilter, OpportunityOrder
from amity.plugins.sales.graphql.types import OPPORTUNITY_ORDER, Opportunity, Pipeline
from amity.plugins.sales.models import Opportunity as OpportunityModel
from amity.plugins.sales.models import Pipeline as PipelineModel
from amity.schema.filters import order_keys, to_q
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, paginate


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
        settings = info.context.settings
        return await paginate(
            OpportunityModel.filter(to_q(filter, OPPORTUNITY_COLUMNS)), order_keys(order_by, OPPORTUNITY_ORDER),
            first=first, after=after, last=last, before=before, default_size=settings.default_page_size,
            max_size=settings.max_page_size, signature="opportunities",
        )

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="Every pipeline, the default first; the default pipeline is created on first use.",
    )
    async def pipelines(self) -> list[Pipeline]:
        await service.ensure_default_pipeline()
        return await PipelineModel.all().order_by("-is_default", "name")  # type: ignore[return-value]
