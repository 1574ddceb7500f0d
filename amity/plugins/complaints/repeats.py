"""Repeat complaints, per customer and per root cause (seed 000: learn from each recovery).

A complaint is a **repeat** when the same customer complained before within the repeat
window (``RecoveryPolicy.repeat_window_days``, 90 days unless changed). Over a period,
**repeat complainers** are customers with at least a threshold of complaints, and **repeat
causes** root causes found in at least a threshold of complaints, with how many customers
they hit and how many of those complained of the same cause again. The period figures are
SQL ``GROUP BY`` queries; nothing loads every complaint of the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from amity.core import clock, events
from amity.core.errors import DomainError
from amity.plugins.complaints import policy
from amity.plugins.complaints.models import Complaint, RecoveryPolicy

MAX_WINDOW_DAYS = 3650
#: A complaint as repeat detection needs it: ``(id, customer_id, received_at)``.
Received = tuple[int, int, datetime]


@dataclass(frozen=True)
class RepeatCause:
    """A root cause that recurred in a period: its complaints, the customers they came from,
    and the customers who complained of it more than once."""

    root_cause: str
    count: int
    customers: int
    repeat_customers: int


async def set_window(days: int) -> RecoveryPolicy:
    """Change how many days back a customer's earlier complaint makes a new one a repeat."""
    if days < 1:
        raise DomainError.single("TOO_SMALL", "repeatWindowDays must be at least 1", "repeatWindowDays")
    if days > MAX_WINDOW_DAYS:
        raise DomainError.single("INVALID", f"repeatWindowDays must be at most {MAX_WINDOW_DAYS}", "repeatWindowDays")
    current = await policy.current()
    async with events.transaction():
        current.repeat_window_days, current.updated_at = days, clock.now()
        await current.save()
    return current


async def previous_complaints(complaints: Sequence[Received], within_days: int) -> list[list[Complaint]]:
    """For each complaint, the same customer's complaints received up to ``within_days``
    before it (earlier ones at the same instant included), newest first. One query for all:
    the customers' complaints in the span the window covers."""
    if not complaints:
        return []
    window = timedelta(days=within_days)
    candidates = await Complaint.filter(
        customer_id__in={customer for _, customer, _ in complaints},
        received_at__gte=min(at for _, _, at in complaints) - window,
        received_at__lte=max(at for _, _, at in complaints),
    ).order_by("-received_at", "-id")
    by_customer: dict[int, list[Complaint]] = defaultdict(list)
    for candidate in candidates:
        by_customer[candidate.customer_id].append(candidate)
    return [
        [p for p in by_customer[customer] if at - window <= p.received_at and (p.received_at, p.id) < (at, complaint_id)]
        for complaint_id, customer, at in complaints
    ]


def _ranked(rows: list[tuple]) -> list[tuple]:
    """Grouped rows ``(key, count, ...)``, most frequent first, ties by key."""
    return sorted(rows, key=lambda row: (-row[1], row[0]))


async def repeat_complainers(period: QuerySet[Complaint], threshold: int) -> list[tuple[int, int]]:
    """``(customer id, complaints)`` of the customers with at least ``threshold`` complaints
    in ``period``, most first."""
    rows = await period.annotate(complaints=Count("id")).group_by("customer_id").filter(
        complaints__gte=threshold).values_list("customer_id", "complaints")
    return _ranked(rows)


async def repeat_causes(period: QuerySet[Complaint], threshold: int) -> list[RepeatCause]:
    """The root causes found in at least ``threshold`` complaints of ``period``, most first."""
    analysed = period.filter(root_cause__isnull=False)
    causes = await analysed.annotate(complaints=Count("id"), customers=Count("customer_id", distinct=True)).group_by(
        "root_cause").filter(complaints__gte=threshold).values_list("root_cause", "complaints", "customers")
    again = await analysed.annotate(complaints=Count("id")).group_by("root_cause", "customer_id").filter(
        complaints__gte=2).values_list("root_cause", "customer_id")
    repeated = Counter(cause for cause, _ in again)
    return [RepeatCause(cause, count, customers, repeated[cause]) for cause, count, customers in _ranked(causes)]
