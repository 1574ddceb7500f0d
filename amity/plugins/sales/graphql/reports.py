"""Sales reports and sales reps through GraphQL: ``salesReport``, ``commissionReport``,
``salesReps`` and ``setSalesRep``. The numbers come from ``amity.plugins.sales.reports``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry

from amity.core import models as core
from amity.plugins.sales import reports, reps
from amity.plugins.sales.graphql.types import Pipeline, Stage
from amity.plugins.sales.graphql.visibility import own_only
from amity.plugins.sales.models import Pipeline as PipelineModel
from amity.plugins.sales.models import SalesRep as SalesRepModel
from amity.schema.customers import Money, User
from amity.schema.errors import ClientError, UserError, mutation_payload
from amity.schema.permissions import ensure, requires_permission
from amity.schema.relay import decode_id, input_id


def _money(amounts: dict[str, Decimal]) -> list[Money]:
    return [Money(amount=amount.quantize(reports.CENT), currency=currency) for currency, amount in sorted(amounts.items())]


@strawberry.input(description="Which deals a report covers. Open deals count by expected close date, closed ones by close date.")
class SalesReportFilter:
    start: date | None = strawberry.field(default=None, description="First day of the period.")
    end: date | None = strawberry.field(default=None, description="Last day of the period.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this user's deals; a caller limited to their own deals always gets theirs.")
    pipeline_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only this pipeline's deals and stages.")

    def scope(self, info: strawberry.Info) -> reports.ReportScope:
        """The scope asked for; a caller limited to their own deals gets theirs whatever the filter says."""
        scope = reports.ReportScope(
            start=self.start, end=self.end,
            owner_id=None if self.owner_id is None else decode_id(self.owner_id, "User", "filter.ownerId"),
            pipeline_id=None if self.pipeline_id is None else decode_id(self.pipeline_id, "Pipeline", "filter.pipelineId"),
        )
        if scope.start and scope.end and scope.end < scope.start:
            raise ClientError("filter.end: the period ends before it starts", "BAD_ARGUMENTS")
        owner = own_only(info)
        return scope if owner is None else replace(scope, owner_id=owner)


@strawberry.type(description="A number of deals and their amounts per currency.")
class DealTotals:
    count: int = strawberry.field(description="Number of deals.")
    amount: list[Money] = strawberry.field(description="One entry per currency.")
    weighted_amount: list[Money] = strawberry.field(description="Amounts times their stage's win probability.")

    @classmethod
    def of(cls, totals: reports.Amounts) -> DealTotals:
        return cls(count=totals.count, amount=_money(totals.amounts), weighted_amount=_money(totals.weighted))


@strawberry.type(description="Open deals in one stage.")
class StageTotals:
    stage: Stage = strawberry.field(description="The stage; stages without deals are listed too.")
    totals: DealTotals = strawberry.field(description="The stage's open deals expected to close in the period.")


@strawberry.type(description="Open deals expected to close in one month.")
class MonthForecast:
    month: date = strawberry.field(description="The first day of the month.")
    totals: DealTotals = strawberry.field(description="The open deals expected to close in the month.")


@strawberry.type(description="Won and lost deals closed in the period.")
class Performance:
    won: DealTotals = strawberry.field(description="Deals won in the period; their weighted amount is the full amount.")
    lost_count: int = strawberry.field(description="Deals lost in the period.")
    win_rate: float | None = strawberry.field(description="Won / (won + lost); null when none closed.")
    average_sales_cycle_days: float | None = strawberry.field(description="Days from opening to winning, on average.")

    @classmethod
    def of(cls, result: reports.Performance) -> Performance:
        return cls(won=DealTotals.of(result.won), lost_count=result.lost, win_rate=result.win_rate,
                   average_sales_cycle_days=result.average_cycle_days)


@strawberry.type(description="One rep's open pipeline and results.")
class RepResult:
    owner_id: strawberry.Private[int | None]
    open_pipeline: DealTotals = strawberry.field(description="The rep's open deals expected to close in the period.")
    performance: Performance = strawberry.field(description="The rep's deals won and lost in the period.")

    @strawberry.field(description="null for deals without an owner.")
    async def owner(self, info: strawberry.Info) -> User | None:
        return None if self.owner_id is None else await info.context.loaders.by_id(core.User).load(self.owner_id)


@strawberry.type(description="Routine sales reports over a scope; each part is computed only when asked for.")
class SalesReport:
    scope: strawberry.Private[reports.ReportScope]

    @strawberry.field(description="Open deals per stage, every stage in order.")
    async def pipeline_by_stage(self) -> list[StageTotals]:
        return [StageTotals(stage=stage, totals=DealTotals.of(totals)) for stage, totals in await reports.pipeline_by_stage(self.scope)]  # type: ignore[arg-type]

    @strawberry.field(description="Open deals by month of expected close, earliest first.")
    async def forecast_by_month(self) -> list[MonthForecast]:
        return [MonthForecast(month=month, totals=DealTotals.of(totals)) for month, totals in await reports.forecast_by_month(self.scope)]

    @strawberry.field(description="Win rate and average sales cycle of the deals closed in the period.")
    async def performance(self) -> Performance:
        return Performance.of(await reports.performance(self.scope))

    @strawberry.field(description="The same per rep.")
    async def per_rep(self) -> list[RepResult]:
        return [RepResult(owner_id=owner, open_pipeline=DealTotals.of(pipeline), performance=Performance.of(result))
                for owner, pipeline, result in await reports.per_rep(self.scope)]

    @strawberry.field(description="The pipeline the report is limited to, if any.")
    async def pipeline(self, info: strawberry.Info) -> Pipeline | None:
        key = self.scope.pipeline_id
        return None if key is None else await info.context.loaders.by_id(PipelineModel).load(key)


@strawberry.type(description="A user who sells: rep code and commission rate.")
class SalesRep:
    rep_code: str = strawberry.field(description="The master file's sales-rep code: unique, upper case.")
    commission_rate: Decimal = strawberry.field(description="Percent of the won amount.")

    @strawberry.field(description="The user who sells under this code.")
    async def user(self, info: strawberry.Info) -> User:
        return await info.context.loaders.by_id(core.User).load(self.user_id)  # type: ignore[attr-defined]


@strawberry.type(description="What one rep earned on deals won in the period.")
class CommissionLine:
    rep: SalesRep = strawberry.field(description="The rep who earned it.")
    won: DealTotals = strawberry.field(description="The deals the rep owns that were won in the period.")
    commission: list[Money] = strawberry.field(description="Won amount times the rate, per currency.")


@strawberry.input
class SetSalesRepInput:
    user_id: strawberry.ID
    rep_code: str = strawberry.field(description="Unique, at most 20 characters; stored in upper case.")
    commission_rate: Decimal = strawberry.field(description="Percent, 0 to 100.")


@strawberry.type
class SetSalesRepPayload:
    user_errors: list[UserError]
    sales_rep: SalesRep | None = None


@strawberry.type
class ReportQuery:
    @strawberry.field(extensions=[requires_permission("sales.report.read")], description="Pipeline, forecast, win rate and cycle.")
    def sales_report(self, info: strawberry.Info, filter: SalesReportFilter | None = None) -> SalesReport:
        return SalesReport(scope=(filter or SalesReportFilter()).scope(info))

    @strawberry.field(extensions=[requires_permission("sales.commission.read")], description="Commission per rep on won deals.")
    async def commission_report(self, info: strawberry.Info, filter: SalesReportFilter | None = None) -> list[CommissionLine]:
        lines = await reports.commissions((filter or SalesReportFilter()).scope(info))
        return [CommissionLine(rep=line.rep, won=DealTotals.of(line.won), commission=_money(line.commission)) for line in lines]  # type: ignore[arg-type]

    @strawberry.field(extensions=[requires_permission("sales.opportunity.read")], description="The sales reps, by rep code.")
    async def sales_reps(self) -> list[SalesRep]:
        return await SalesRepModel.all().order_by("rep_code")  # type: ignore[return-value]


@strawberry.type
class ReportMutation:
    @strawberry.mutation(description="Make a user a sales rep, or change their rep code or commission rate.")
    async def set_sales_rep(self, info: strawberry.Info, input: SetSalesRepInput) -> SetSalesRepPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "sales.rep.manage")
            user_id = input_id(input.user_id, "User", "userId")
            return {"sales_rep": await reps.set_sales_rep(user_id, input.rep_code, input.commission_rate)}

        return await mutation_payload(SetSalesRepPayload, action)
