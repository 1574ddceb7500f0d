"""What the sales plugin contributes to a customer's timeline, privacy export and erasure, and
how it follows a customer merge."""

from __future__ import annotations

import heapq
from datetime import datetime
from typing import Any

from tortoise.queryset import QuerySet

from amity.core.auth import Principal
from amity.core.models import Customer
from amity.core.timeline import TimelineEntry, entries_older_than
from amity.plugins.sales.access import READ, owner_limit
from amity.plugins.sales.models import Activity, Lead, Opportunity, PriceAgreement, Quotation, StageVisit


def _opened(opportunity: Opportunity) -> TimelineEntry:
    summary = f"{opportunity.amount} {opportunity.currency}, expected to close {opportunity.expected_close_date.isoformat()}"
    return TimelineEntry(opportunity.created_at, f"Opportunity:{opportunity.id:012d}", "opportunity",
                         f"Deal opened: {opportunity.title}", summary, None, opportunity)


def _closed(opportunity: Opportunity) -> TimelineEntry:
    return TimelineEntry(opportunity.closed_at, f"Opportunity:{opportunity.id:012d}:closed", "opportunity",  # type: ignore[arg-type]
                         f"Deal {opportunity.status}: {opportunity.title}", opportunity.close_reason, None, opportunity)


def _converted(lead: Lead) -> TimelineEntry:
    summary = f"{lead.source} lead, score {lead.score}"
    return TimelineEntry(lead.converted_at, f"Lead:{lead.id:012d}", "lead", f"Lead converted: {lead.name}",  # type: ignore[arg-type]
                         summary, None, lead)


def _quotation_sent(quotation: Quotation) -> TimelineEntry:
    return TimelineEntry(quotation.sent_at, f"Quotation:{quotation.id:012d}", "quotation",  # type: ignore[arg-type]
                         f"Quotation Q-{quotation.id:06d} sent: {quotation.total} {quotation.currency}",
                         f"valid until {quotation.valid_until.isoformat()}, now {quotation.status}", None, quotation)


def _timeline_sources(customer_id: int, principal: Principal) -> list[tuple[QuerySet[Any], str, Any]]:
    """``(query, time field, to entry)`` of each kind of entry ``principal`` may see: the
    customer's deals (opened, and won or lost; only their own under the record rule), the
    leads converted into it and the quotations sent to it."""
    sources: list[tuple[QuerySet[Any], str, Any]] = []
    if principal.has(READ):
        deals = Opportunity.filter(customer_id=customer_id)
        owner = owner_limit(principal)
        if owner is not None:
            deals = deals.filter(owner_id=owner)
        sources += [(deals, "created_at", _opened), (deals.filter(closed_at__isnull=False), "closed_at", _closed)]
    if principal.has("sales.lead.read"):
        sources.append((Lead.filter(customer_id=customer_id, converted_at__isnull=False), "converted_at", _converted))
    if principal.has("sales.quotation.read"):
        sources.append((Quotation.filter(customer_id=customer_id, sent_at__isnull=False), "sent_at", _quotation_sent))
    return sources


async def timeline_entries(
    customer_id: int, before: tuple[datetime, str] | None, limit: int, principal: Principal
) -> list[TimelineEntry]:
    """What ``principal`` may see of a customer on the timeline (``_timeline_sources``)."""
    found = [await entries_older_than(query, before, limit, to_entry, time_field)
             for query, time_field, to_entry in _timeline_sources(customer_id, principal)]
    return list(heapq.merge(*found, key=lambda e: e.position, reverse=True))[:limit]


async def timeline_count(customer_id: int, principal: Principal) -> int:
    """How many timeline entries ``principal`` may see of a customer."""
    return sum([await query.count() for query, _, _ in _timeline_sources(customer_id, principal)])


async def move_to_survivor(survivor: Customer, duplicate: Customer) -> None:
    """Customer merge: the duplicate's deals, converted leads, quotations, activities and price
    agreements become the survivor's."""
    for model in (Opportunity, Lead, Quotation, Activity, PriceAgreement):
        await model.filter(customer_id=duplicate.id).update(customer_id=survivor.id)


async def export(customer: Customer) -> dict[str, Any]:
    """The customer's deals with their stage history, the leads converted into it, its
    quotations, activities and price agreements, JSON-ready."""
    deals = await Opportunity.filter(customer_id=customer.id).order_by("created_at", "id").prefetch_related("stage", "pipeline")
    visits: dict[int, list[dict[str, Any]]] = {}
    history = await StageVisit.filter(opportunity_id__in=[d.id for d in deals]).order_by("entered_at", "id").prefetch_related("stage")
    for visit in history:
        visits.setdefault(visit.opportunity_id, []).append({  # type: ignore[attr-defined]
            "stage": visit.stage.name, "enteredAt": visit.entered_at.isoformat(),
            "leftAt": visit.left_at.isoformat() if visit.left_at else None,
        })
    return {"opportunities": [
        {
            "title": deal.title, "amount": str(deal.amount), "currency": deal.currency, "pipeline": deal.pipeline.name,
            "stage": deal.stage.name, "status": deal.status, "closeReason": deal.close_reason,
            "expectedCloseDate": deal.expected_close_date.isoformat(), "createdAt": deal.created_at.isoformat(),
            "closedAt": deal.closed_at.isoformat() if deal.closed_at else None, "stageHistory": visits.get(deal.id, []),
        }
        for deal in deals
    ], "leads": [
        {
            "name": lead.name, "company": lead.company, "email": lead.email, "phone": lead.phone, "source": lead.source,
            "score": lead.score, "createdAt": lead.created_at.isoformat(),
            "convertedAt": lead.converted_at.isoformat() if lead.converted_at else None,
        }
        for lead in await Lead.filter(customer_id=customer.id).order_by("created_at", "id")
    ], "quotations": [
        {
            "number": f"Q-{quotation.id:06d}", "status": quotation.status, "total": str(quotation.total),
            "currency": quotation.currency, "validUntil": quotation.valid_until.isoformat(),
            "createdAt": quotation.created_at.isoformat(),
        }
        for quotation in await Quotation.filter(customer_id=customer.id).order_by("created_at", "id")
    ], "activities": [
        {
            "kind": activity.kind, "subject": activity.subject, "notes": activity.notes, "outcome": activity.outcome,
            "dueAt": activity.due_at.isoformat(), "doneAt": activity.done_at.isoformat() if activity.done_at else None,
        }
        for activity in await Activity.filter(customer_id=customer.id).order_by("due_at", "id")
    ], "priceAgreements": [
        {
            "product": agreement.product.code if agreement.product else None,
            "discountPercent": str(agreement.discount_percent), "minQuantity": str(agreement.min_quantity),
            "validFrom": agreement.valid_from.isoformat() if agreement.valid_from else None,
            "validUntil": agreement.valid_until.isoformat() if agreement.valid_until else None,
            "note": agreement.note, "createdAt": agreement.created_at.isoformat(),
        }
        for agreement in await PriceAgreement.filter(customer_id=customer.id).order_by("created_at", "id").prefetch_related("product")
    ]}


async def erase(customer: Customer) -> None:
    """Delete the customer's activities, quotations, price agreements, deals (their stage
    history goes with them) and the leads converted into it, which hold the same person's data."""
    await Activity.filter(customer_id=customer.id).delete()
    await Quotation.filter(customer_id=customer.id).delete()
    await PriceAgreement.filter(customer_id=customer.id).delete()
    await Lead.filter(customer_id=customer.id).delete()
    await Opportunity.filter(customer_id=customer.id).delete()

