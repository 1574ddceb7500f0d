"""Routine sales reports (DOMAIN.md "Sales": produce routine reports): the pipeline by stage,
the forecast by month, the win rate, the average sales cycle and the same per rep, and the
commission earned on won deals. Amounts are summed per currency, never across currencies.

Every report takes a ``ReportScope``: a period (``start``..``end``, days included), an owner and
a pipeline. Open deals count when their expected close date falls in the period; closed deals
when they were closed in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from amity.core import clock
from amity.plugins.sales.models import Opportunity, OpportunityStatus, SalesRep, Stage

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ReportScope:
    """Which deals a report looks at; None means no limit."""

    start: date | None = None
    end: date | None = None
    owner_id: int | None = None
    pipeline_id: int | None = None


@dataclass
class Amounts:
    """A count of deals and their amounts and weighted amounts, per currency."""

    count: int = 0
    amounts: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    weighted: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, deal: Opportunity, probability: int) -> None:
        self.count += 1
        self.amounts[deal.currency] += deal.amount
        self.weighted[deal.currency] += (deal.amount * probability / 100).quantize(CENT)


@dataclass
class Performance:
    """Won and lost deals in a period, the win rate and the average days from opening to winning."""

    won: Amounts = field(default_factory=Amounts)
    lost: int = 0
    cycle_days: list[float] = field(default_factory=list)

    @property
    def win_rate(self) -> float | None:
        closed = self.won.count + self.lost
        return None if closed == 0 else self.won.count / closed

    @property
    def average_cycle_days(self) -> float | None:
        return None if not self.cycle_days else sum(self.cycle_days) / len(self.cycle_days)


def _scoped(scope: ReportScope) -> Any:
    query = Opportunity.all()
    if scope.owner_id is not None:
        query = query.filter(owner_id=scope.owner_id)
    if scope.pipeline_id is not None:
        query = query.filter(pipeline_id=scope.pipeline_id)
    return query


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.now().tzinfo)


async def open_deals(scope: ReportScope) -> list[Opportunity]:
    """Open deals in scope whose expected close date lies in the period."""
    query = _scoped(scope).filter(status=OpportunityStatus.OPEN.value)
    if scope.start:
        query = query.filter(expected_close_date__gte=scope.start)
    if scope.end:
        query = query.filter(expected_close_date__lte=scope.end)
    return await query


async def closed_deals(scope: ReportScope) -> list[Opportunity]:
    """Won and lost deals in scope closed in the period."""
    query = _scoped(scope).filter(status__in=[OpportunityStatus.WON.value, OpportunityStatus.LOST.value])
    if scope.start:
        query = query.filter(closed_at__gte=_moment(scope.start))
    if scope.end:
        query = query.filter(closed_at__lt=_moment(scope.end + timedelta(days=1)))
    return await query


async def _probabilities(deals: Iterable[Opportunity]) -> dict[int, int]:
    ids = {deal.stage_id for deal in deals}  # type: ignore[attr-defined]
    return dict(await Stage.filter(id__in=ids).values_list("id", "probability")) if ids else {}


async def pipeline_by_stage(scope: ReportScope) -> list[tuple[Stage, Amounts]]:
    """Open deals per stage (every stage of the scoped pipelines, in order, empty ones too)."""
    deals = await open_deals(scope)
    stages = Stage.all() if scope.pipeline_id is None else Stage.filter(pipeline_id=scope.pipeline_id)
    rows = {stage.id: (stage, Amounts()) for stage in await stages.order_by("pipeline_id", "position")}
    for deal in deals:
        stage, amounts = rows[deal.stage_id]  # type: ignore[attr-defined]
        amounts.add(deal, stage.probability)
    return list(rows.values())


async def forecast_by_month(scope: ReportScope) -> list[tuple[date, Amounts]]:
    """Open deals by the month of their expected close date, earliest first, with amounts
    weighted by their stage's probability."""
    deals = await open_deals(scope)
    probability = await _probabilities(deals)
    months: dict[date, Amounts] = defaultdict(Amounts)
    for deal in deals:
        months[deal.expected_close_date.replace(day=1)].add(deal, probability[deal.stage_id])  # type: ignore[attr-defined]
    return sorted(months.items())


def _performance(deals: Iterable[Opportunity], key: Any) -> dict[Any, Performance]:
    found: dict[Any, Performance] = defaultdict(Performance)
    for deal in deals:
        result = found[key(deal)]
        if deal.status == OpportunityStatus.WON:
            result.won.add(deal, 100)
            result.cycle_days.append((deal.closed_at - deal.created_at).total_seconds() / 86400)  # type: ignore[operator]
        else:
            result.lost += 1
    return found


async def performance(scope: ReportScope) -> Performance:
    """Win rate and average sales cycle of the deals closed in scope."""
    return _performance(await closed_deals(scope), lambda deal: None).get(None, Performance())


async def per_rep(scope: ReportScope) -> list[tuple[int | None, Amounts, Performance]]:
    """For each owner (None: deals without one): their open pipeline in scope and their
    performance on deals closed in scope, by owner id."""
    deals = await open_deals(scope)
    probability = await _probabilities(deals)
    pipelines: dict[int | None, Amounts] = defaultdict(Amounts)
    for deal in deals:
        pipelines[deal.owner_id].add(deal, probability[deal.stage_id])  # type: ignore[attr-defined]
    results = _performance(await closed_deals(scope), lambda deal: deal.owner_id)
    owners = sorted(set(pipelines) | set(results), key=lambda owner: (owner is None, owner or 0))
    return [(owner, pipelines.get(owner, Amounts()), results.get(owner, Performance())) for owner in owners]


@dataclass(frozen=True)
class Commission:
    """What a rep earned on the deals they won in a period, per currency."""

    rep: SalesRep
    won: Amounts
    commission: dict[str, Decimal]


async def commissions(scope: ReportScope) -> list[Commission]:
    """Commission per rep on won deals closed in scope: won amount times the rep's rate."""
    won = [deal for deal in await closed_deals(scope) if deal.status == OpportunityStatus.WON]
    found = []
    reps = SalesRep.all() if scope.owner_id is None else SalesRep.filter(user_id=scope.owner_id)
    for rep in await reps.order_by("rep_code"):
        amounts = Amounts()
        for deal in won:
            if deal.owner_id == rep.user_id:  # type: ignore[attr-defined]
                amounts.add(deal, 100)
        earned = {currency: (amount * rep.commission_rate / 100).quantize(CENT) for currency, amount in amounts.amounts.items()}
        found.append(Commission(rep, amounts, earned))
    return found
