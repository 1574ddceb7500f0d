"""Next best action: suggestions by rule for each open deal, and a per-rep worklist (DOMAIN.md
"Sales": suggest the next action to the rep).

Rules: a deal with no activity for ``IDLE_DAYS`` days; a sent quotation that expires within
``EXPIRING_DAYS`` days; an overdue activity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Any

from amity.core import clock
from amity.plugins.sales.models import Activity, Opportunity, OpportunityStatus, Quotation, QuotationStatus

IDLE_DAYS = 14
EXPIRING_DAYS = 3


class SuggestionRule(StrEnum):
    """The rule that suggested an action."""

    IDLE_DEAL = "IDLE_DEAL"
    OVERDUE_ACTIVITY = "OVERDUE_ACTIVITY"
    QUOTATION_EXPIRING = "QUOTATION_EXPIRING"


@dataclass(frozen=True)
class Suggestion:
    """One suggested action: the rule that fired, what to do, since when it is due, and the
    deal and activity or quotation it concerns."""

    rule: SuggestionRule
    message: str
    since: datetime
    opportunity: Opportunity | None = None
    activity: Activity | None = None
    quotation: Quotation | None = None


def _day_start(day: Any) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.now().tzinfo)


async def for_deals(deals: Sequence[Opportunity]) -> dict[int, list[Suggestion]]:
    """The suggestions for each open deal, oldest first; three queries for any number of deals."""
    now = clock.now()
    open_deals = {deal.id: deal for deal in deals if deal.status == OpportunityStatus.OPEN}
    activities: dict[int, list[Activity]] = defaultdict(list)
    for activity in await Activity.filter(opportunity_id__in=list(open_deals)).order_by("due_at", "id"):
        activities[activity.opportunity_id].append(activity)  # type: ignore[attr-defined]
    expiring = await Quotation.filter(
        opportunity_id__in=list(open_deals), status=QuotationStatus.SENT.value,
        valid_until__lte=(now + timedelta(days=EXPIRING_DAYS)).date(),
    ).order_by("valid_until", "id")
    found: dict[int, list[Suggestion]] = {deal_id: [] for deal_id in open_deals}
    for deal_id, deal in open_deals.items():
        touched = [deal.created_at, *(a.done_at or a.created_at for a in activities[deal_id])]
        last = max(touched)
        if now - last > timedelta(days=IDLE_DAYS):
            found[deal_id].append(Suggestion(SuggestionRule.IDLE_DEAL, f"No activity for {(now - last).days} days: plan a call or meeting",
                                             last, opportunity=deal))
        for activity in activities[deal_id]:
            if activity.done_at is None and activity.due_at < now:
                found[deal_id].append(Suggestion(SuggestionRule.OVERDUE_ACTIVITY, f"Overdue {activity.kind}: {activity.subject}",
                                                 activity.due_at, opportunity=deal, activity=activity))
    for quotation in expiring:
        deal = open_deals[quotation.opportunity_id]  # type: ignore[attr-defined]
        found[deal.id].append(Suggestion(
            SuggestionRule.QUOTATION_EXPIRING, f"Quotation Q-{quotation.id:06d} expires on {quotation.valid_until.isoformat()}: follow up",
            _day_start(quotation.valid_until), opportunity=deal, quotation=quotation))
    return {deal_id: sorted(items, key=lambda s: s.since) for deal_id, items in found.items()}


async def worklist(owner_id: int) -> list[Suggestion]:
    """Everything a rep should act on, oldest first: the suggestions for the rep's open deals,
    and the rep's overdue activities outside any deal."""
    deals = await Opportunity.filter(owner_id=owner_id, status=OpportunityStatus.OPEN.value)
    items = [item for found in (await for_deals(deals)).values() for item in found]
    loose = await Activity.filter(owner_id=owner_id, opportunity_id__isnull=True, done_at__isnull=True, due_at__lt=clock.now())
    items += [Suggestion(SuggestionRule.OVERDUE_ACTIVITY, f"Overdue {a.kind}: {a.subject}", a.due_at, activity=a) for a in loose]
    return sorted(items, key=lambda s: s.since)
