"""Learning from complaints: counts by category, root cause, channel and month; time to
acknowledge and to resolve; the recovery rate and cost; a Pareto of root causes; repeat
complainers (seed 000: learn from each recovery).

Figures cover the complaints received in ``[since, until)``; they are computed from one
query of those complaints plus one of their follow-ups and one of their done remedies.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from statistics import mean

from amity.core.errors import DomainError
from amity.plugins.complaints.models import Complaint, ComplaintFollowUp, ComplaintRemedy, RemedyStatus


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
    complainers as ``(customer id, complaints)``, recovery cost as ``(amount, currency)``."""

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


def _counted(values: list[str]) -> list[tuple[str, int]]:
    """Counts, most frequent first, ties by key."""
    return sorted(Counter(values).items(), key=lambda item: (-item[1], item[0]))


def _hours(pairs: list[tuple[datetime, datetime | None]]) -> float | None:
    spans = [(end - start).total_seconds() / 3600 for start, end in pairs if end is not None]
    return round(mean(spans), 2) if spans else None


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
    at least ``repeat_threshold`` complaints in the period are repeat complainers."""
    if since >= until:
        raise DomainError.single("INVALID", "since must be before until", "since")
    if repeat_threshold < 2:
        raise DomainError.single("TOO_SMALL", "repeatThreshold must be at least 2", "repeatThreshold")
    rows = await Complaint.filter(received_at__gte=since, received_at__lt=until).values(
        "id", "customer_id", "category__code", "root_cause", "channel", "received_at", "acknowledged_at", "resolved_at")
    ids = [row["id"] for row in rows]
    satisfied = await ComplaintFollowUp.filter(complaint_id__in=ids).values_list("satisfied", flat=True)
    costs: Counter[str] = Counter()
    for cost, currency in await ComplaintRemedy.filter(complaint_id__in=ids, status=RemedyStatus.DONE.value).values_list(
            "cost", "currency"):
        costs[currency] += Decimal(str(cost))
    causes = _counted([row["root_cause"] for row in rows if row["root_cause"]])
    per_customer = _counted([row["customer_id"] for row in rows])
    return Analytics(
        total=len(rows),
        by_category=_counted([row["category__code"] for row in rows]),
        by_root_cause=causes,
        by_channel=_counted([row["channel"] for row in rows]),
        by_month=sorted(Counter(row["received_at"].strftime("%Y-%m") for row in rows).items()),
        average_hours_to_acknowledge=_hours([(row["received_at"], row["acknowledged_at"]) for row in rows]),
        average_hours_to_resolve=_hours([(row["received_at"], row["resolved_at"]) for row in rows]),
        follow_ups=len(satisfied),
        recovery_rate=round(sum(satisfied) / len(satisfied), 4) if satisfied else None,
        recovery_cost=[(amount, currency) for currency, amount in sorted(costs.items())],
        root_cause_pareto=pareto(causes),
        repeat_complainers=[(customer, count) for customer, count in per_customer if count >= repeat_threshold],
    )
