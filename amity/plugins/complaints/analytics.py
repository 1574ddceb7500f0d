"""Learning from complaints: counts by category, root cause, channel and month; time to
acknowledge and to resolve; the recovery rate and cost; a Pareto of root causes; repeat
complainers and repeat causes (seed 000: learn from each recovery).

Figures cover the complaints received in ``[since, until)``. The time to resolve counts the
complaints resolved now (resolved, followed up or closed), from receipt to their latest
resolution; a reopened complaint counts again once it is resolved again. Each figure is an
aggregate query (``COUNT``, ``SUM`` or ``AVG`` with ``GROUP BY``), so the work stays in the
database however many complaints a period holds; only the month and the hours between two
times need an expression per dialect.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import RawSQL
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet

from amity.core.errors import DomainError
from amity.plugins.complaints import repeats
from amity.plugins.complaints.models import Complaint, ComplaintFollowUp, ComplaintRemedy, RemedyStatus
from amity.plugins.complaints.service import FINISHED

CENT = Decimal("0.01")
#: The ``YYYY-MM`` month (UTC) of ``received_at``, and the hours from ``received_at`` to a
#: later column, per SQL dialect.
MONTH = {"sqlite": "strftime('%Y-%m', received_at)", "postgres": "to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM')"}
HOURS = {"sqlite": "(julianday({end}) - julianday(received_at)) * 24",
         "postgres": "EXTRACT(EPOCH FROM ({end} - received_at)) / 3600"}


@dataclass(frozen=True)
class Share:
    """One root cause of the Pareto: its count, its share and the running share, 0 to 1."""

    key: str
    count: int
    share: float
    cumulative_share: float


@dataclass(frozen=True)
class Analytics:
    """The figures of one period; counts most frequent first, months in order, repeat
    complainers as ``(customer id, complaints)``, recovery cost as ``(amount, currency)``,
    repeat causes most frequent first."""

    total: int
    by_category: list[tuple[str, int]]
    by_root_cause: list[tuple[str, int]]
    by_channel: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    average_hours_to_acknowledge: float | None
    average_hours_to_resolve: float | None
    follow_ups: int
    recovery_rate: float | None
    recovery_cost: list[tuple[Decimal, str]]
    root_cause_pareto: list[Share]
    repeat_complainers: list[tuple[int, int]]
    repeat_causes: list[repeats.RepeatCause]


def _dialect() -> str:
    return Complaint._meta.db.capabilities.dialect


async def _counted(period: QuerySet[Complaint], column: str) -> list[tuple[str, int]]:
    """Complaints per value of ``column`` (NULLs left out), most frequent first, ties by key."""
    rows = await period.filter(**{f"{column}__isnull": False}).annotate(complaints=Count("id")).group_by(
        column).values_list(column, "complaints")
    return sorted(rows, key=lambda item: (-item[1], item[0]))


async def _by_month(period: QuerySet[Complaint]) -> list[tuple[str, int]]:
    rows = await period.annotate(month=RawSQL(MONTH[_dialect()]), complaints=Count("id")).group_by(
        "month").values_list("month", "complaints")
    return sorted(rows)


async def _average_hours(period: QuerySet[Complaint], end: str) -> float | None:
    """The average hours from receipt to ``end`` of the complaints that reached it."""
    expression = f"AVG({HOURS[_dialect()].format(end=end)})"
    rows = await period.filter(**{f"{end}__isnull": False}).annotate(hours=RawSQL(expression)).values_list(
        "hours", flat=True)
    return None if not rows or rows[0] is None else round(float(rows[0]), 2)


async def _recovery(since: datetime, until: datetime) -> tuple[int, float | None, list[tuple[Decimal, str]]]:
    """Follow-ups, the share of satisfied ones and the cost of the done remedies per currency."""
    of_period = {"complaint__received_at__gte": since, "complaint__received_at__lt": until}
    answers = dict(await ComplaintFollowUp.filter(**of_period).annotate(answers=Count("id")).group_by(
        "satisfied").values_list("satisfied", "answers"))
    follow_ups = sum(answers.values())
    rate = round(answers.get(True, 0) / follow_ups, 4) if follow_ups else None
    costs = await ComplaintRemedy.filter(status=RemedyStatus.DONE.value, **of_period).annotate(
        amount=Sum("cost")).group_by("currency").values_list("currency", "amount")
    return follow_ups, rate, [(Decimal(str(amount)).quantize(CENT), currency) for currency, amount in sorted(costs)]


def pareto(causes: list[tuple[str, int]]) -> list[Share]:
    """Root causes from the most frequent, with each one's share and the running share."""
    total = sum(count for _, count in causes)
    running = 0
    shares = []
    for key, count in causes:
        running += count
        shares.append(Share(key, count, round(count / total, 4), round(running / total, 4)))
    return shares


async def complaint_analytics(since: datetime, until: datetime, repeat_threshold: int = 2) -> Analytics:
    """The figures of the complaints received from ``since`` up to ``until``. Customers with
    at least ``repeat_threshold`` complaints in the period are repeat complainers, root causes
    found that often repeat causes."""
    if since >= until:
        raise DomainError.single("INVALID", "since must be before until", "since")
    if repeat_threshold < 2:
        raise DomainError.single("TOO_SMALL", "repeatThreshold must be at least 2", "repeatThreshold")
    period = Complaint.filter(received_at__gte=since, received_at__lt=until)
    causes = await _counted(period, "root_cause")
    follow_ups, recovery_rate, recovery_cost = await _recovery(since, until)
    return Analytics(
        total=await period.count(),
        by_category=await _counted(period, "category__code"),
        by_root_cause=causes,
        by_channel=await _counted(period, "channel"),
        by_month=await _by_month(period),
        average_hours_to_acknowledge=await _average_hours(period, "acknowledged_at"),
        average_hours_to_resolve=await _average_hours(period.filter(status__in=FINISHED), "resolved_at"),
        follow_ups=follow_ups,
        recovery_rate=recovery_rate,
        recovery_cost=recovery_cost,
        root_cause_pareto=pareto(causes),
        repeat_complainers=await repeats.repeat_complainers(period, repeat_threshold),
        repeat_causes=await repeats.repeat_causes(period, repeat_threshold),
    )
