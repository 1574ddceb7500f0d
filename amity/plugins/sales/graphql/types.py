"""GraphQL types of the sales plugin: pipelines, stages, opportunities, stage history, and the
fields it adds to the core ``Customer``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from amity.core import models as core
from amity.plugins.sales import service
from amity.plugins.sales.graphql.visibility import deal_page, own_only
from amity.plugins.sales.models import Opportunity as OpportunityModel
from amity.plugins.sales.models import OpportunityStatus as Status
from amity.plugins.sales.models import Pipeline as PipelineModel
from amity.plugins.sales.models import Stage as StageModel
from amity.plugins.sales.models import StageVisit as StageVisitModel
from amity.schema.customers import Customer, Money, User
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, Node, SortKey

OpportunityStatus = strawberry.enum(Status, description="Whether a deal is still open, won or lost.")

#: Newest deals first, on a customer and by default in the ``opportunities`` list.
OPPORTUNITY_ORDER = (SortKey("created_at", True),)
#: The deals of a stage (a column of a board): the one to close soonest first, then the oldest.
STAGE_ORDER = (SortKey("expected_close_date"),)


def _model_check(model: type) -> Any:
    return classmethod(lambda cls, obj, info: isinstance(obj, model))


@strawberry.type(description="One step of a pipeline.")
class Stage(Node):
    name: str = strawberry.field(description="Unique within its pipeline, e.g. `Proposal`.")
    position: int = strawberry.field(description="1 for the first stage of its pipeline.")
    probability: int = strawberry.field(description="Chance in percent that a deal in this stage is won.")
    is_type_of = _model_check(StageModel)

    @strawberry.field(description="The pipeline the stage belongs to.")
    async def pipeline(self, info: strawberry.Info) -> Pipeline:
        return await info.context.loaders.by_id(PipelineModel).load(self.pipeline_id)  # type: ignore[attr-defined]

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="The deals in this stage, the one to close soonest first (then the oldest): a column of a board. "
        "The first page of every stage of a list loads in one query.",
    )
    def opportunities(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None,
        status: Annotated[OpportunityStatus, strawberry.argument(
            description="Which deals: OPEN (default) for a board, WON or LOST for the deals closed in this stage.",
        )] = Status.OPEN,
    ) -> Connection[Opportunity]:
        return deal_page(
            info, "stage_id", self.pk, STAGE_ORDER, first=first, after=after,  # type: ignore[attr-defined]
            signature=f"stageOpportunities:{status.value}", status=status.value,
        )

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")], description="How many open deals are in this stage.")
    async def open_count(self, info: strawberry.Info) -> int:
        count, _ = await _stage_totals_loader(info).load(self.pk)  # type: ignore[attr-defined]
        return count

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="The summed amount of the open deals in this stage, one entry per currency (none without deals).",
    )
    async def open_amount(self, info: strawberry.Info) -> list[Money]:
        _, amounts = await _stage_totals_loader(info).load(self.pk)  # type: ignore[attr-defined]
        return [Money(amount=amount, currency=currency) for currency, amount in sorted(amounts.items())]


@strawberry.type(description="A sales process: ordered stages that deals move through.")
class Pipeline(Node):
    name: str = strawberry.field(description="Unique name, e.g. `Sales`.")
    is_default: bool = strawberry.field(description="New deals go here unless told otherwise.")
    created_at: datetime
    is_type_of = _model_check(PipelineModel)

    @strawberry.field(description="The stages, in order.")
    async def stages(self, info: strawberry.Info) -> list[Stage]:
        return await info.context.loaders.children(StageModel, "pipeline_id", ("position",)).load(self.pk)  # type: ignore[attr-defined]


@strawberry.type(description="A deal's stay in one stage.")
class StageVisit:
    entered_at: datetime = strawberry.field(description="When the deal entered the stage, or was reopened in it.")
    left_at: datetime | None = strawberry.field(description="null while the deal is in this stage.")

    @strawberry.field(description="The stage the deal stayed in.")
    async def stage(self, info: strawberry.Info) -> Stage:
        return await info.context.loaders.by_id(StageModel).load(self.stage_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Seconds the deal spent in the stage, so far if it is still there.")
    def seconds_in_stage(self) -> float:
        return service.time_in_stage(self)  # type: ignore[arg-type]


@strawberry.type(description="A deal with a customer (DOMAIN.md, Sales).")
class Opportunity(Node):
    title: str = strawberry.field(description="Short name of the deal, e.g. `Fleet upgrade`.")
    expected_close_date: date = strawberry.field(
        description="When the deal should close (ISO 8601 date); reports count open deals by it.")
    status: OpportunityStatus = strawberry.field(
        description="OPEN until won or lost; `reopenOpportunity` makes it OPEN again.")
    close_reason: str = strawberry.field(description="Why the deal was won or lost; empty while open.")
    closed_at: datetime | None = strawberry.field(description="When the deal was won or lost; null while open.")
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as `expectedVersion` to guard changes.")
    is_type_of = _model_check(OpportunityModel)

    @strawberry.field(description="What the deal is worth, in the customer's currency.")
    def amount(self) -> Money:
        return Money(amount=self.amount, currency=self.currency)  # type: ignore[arg-type, attr-defined]

    @strawberry.field(extensions=[requires_permission("customer.read")], description="The customer the deal is with.")
    async def customer(self, info: strawberry.Info) -> Customer:
        return await info.context.loaders.by_id(core.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The sales rep who owns the deal.")
    async def owner(self, info: strawberry.Info) -> User | None:
        owner_id = self.owner_id  # type: ignore[attr-defined]
        return None if owner_id is None else await info.context.loaders.by_id(core.User).load(owner_id)

    @strawberry.field(description="The pipeline the deal moves through.")
    async def pipeline(self, info: strawberry.Info) -> Pipeline:
        return await info.context.loaders.by_id(PipelineModel).load(self.pipeline_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The current stage; a won or lost deal keeps the stage it was closed in.")
    async def stage(self, info: strawberry.Info) -> Stage:
        return await info.context.loaders.by_id(StageModel).load(self.stage_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Amount times the stage's win probability; the full amount once won, 0 once lost.")
    async def weighted_amount(self, info: strawberry.Info) -> Money:
        if self.status != Status.OPEN.value:
            factor = Decimal(1 if self.status == Status.WON.value else 0)
        else:
            stage = await info.context.loaders.by_id(StageModel).load(self.stage_id)  # type: ignore[attr-defined]
            factor = Decimal(stage.probability) / 100
        return Money(amount=(self.amount * factor).quantize(Decimal("0.01")), currency=self.currency)  # type: ignore[attr-defined, operator]

    @strawberry.field(description="Every stage the deal has been in, oldest first, with how long it stayed.")
    async def stage_history(self, info: strawberry.Info) -> list[StageVisit]:
        loader = info.context.loaders.children(StageVisitModel, "opportunity_id", ("entered_at", "id"))
        return await loader.load(self.pk)  # type: ignore[attr-defined]


def _stage_totals_loader(info: strawberry.Info) -> Any:
    owner = own_only(info)

    async def load(keys: list[int]) -> list[tuple[int, dict[str, Decimal]]]:
        totals = await service.open_by_stage(keys, owner)
        return [totals.get(key, (0, {})) for key in keys]

    return info.context.loaders.get(("sales.stage_totals", owner), lambda: load)


def _open_amounts_loader(info: strawberry.Info) -> Any:
    owner = own_only(info)

    async def load(keys: list[int]) -> list[dict[str, Decimal]]:
        totals = await service.open_amounts(keys, owner)
        return [totals.get(key, {}) for key in keys]

    return info.context.loaders.get(("sales.open_amounts", owner), lambda: load)


@strawberry.type
class CustomerSales:
    """Fields the sales plugin adds to the core ``Customer`` type."""

    @strawberry.field(extensions=[requires_permission("sales.opportunity.read")], description="Deals, newest first.")
    def opportunities(self, info: strawberry.Info, first: int | None = None, after: str | None = None) -> Connection[Opportunity]:
        return deal_page(
            info, "customer_id", self.pk, OPPORTUNITY_ORDER, first=first, after=after,  # type: ignore[attr-defined]
            signature="customerOpportunities",
        )

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="The summed amount of the open deals in the customer's currency.",
    )
    async def open_pipeline_amount(self, info: strawberry.Info) -> Money:
        currency = self.currency  # type: ignore[attr-defined]
        totals = await _open_amounts_loader(info).load(self.pk)  # type: ignore[attr-defined]
        return Money(amount=totals.get(currency, Decimal("0.00")), currency=currency)
