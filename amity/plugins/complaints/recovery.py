"""Service recovery: remedies for a complaint (apology, refund, replacement, repair, goodwill
credit, coupon) with cost, owner and status; the customer is told of each remedy and its
result is fed back (seed 000: track and feed back the remedy).

A remedy that costs more than the recovery policy's limit needs someone who may approve it
(the caller passes whether they hold ``complaints.remedy.approve``). Completing a remedy
publishes ``complaint.remedy_completed``: a loyalty module issues the coupon of a ``coupon``
remedy by handling that event.
"""

from __future__ import annotations

from decimal import Decimal

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import Customer, User
from amity.core.validation import Problems, check_amount, required_text
from amity.plugins.complaints import policy
from amity.plugins.complaints.models import Complaint, ComplaintRemedy, RecoveryPolicy, RemedyKind, RemedyStatus, Status
from amity.plugins.complaints.service import MAX_TEXT, check_channel, tell_customer

CENT = Decimal("0.01")


async def set_cost_limit(limit: Decimal | str) -> RecoveryPolicy:
    """Change the cost above which a remedy needs an approver."""
    problems = Problems()
    amount = check_amount(limit, "remedyCostLimit", problems, places=2).quantize(CENT)
    if problems:
        raise DomainError(*problems)
    current = await policy.current()
    async with events.transaction():
        current.remedy_cost_limit, current.updated_at = amount, clock.now()
        await current.save()
    return current


async def record_remedy(
    complaint_id: int, by_id: int | None, *, kind: str, cost: Decimal | str, description: str = "",
    owner_id: int | None = None, may_approve: bool = False,
) -> ComplaintRemedy:
    """Plan a remedy for an unclosed complaint. Above the policy's cost limit it needs
    ``may_approve`` (APPROVAL_REQUIRED) and records the approver."""
    problems = Problems()
    if kind not in {k.value for k in RemedyKind}:
        problems.add("kind", f"kind must be one of {', '.join(k.value for k in RemedyKind)}", "INVALID_CHOICE")
    amount = check_amount(cost, "cost", problems, places=2).quantize(CENT)
    description = (description or "").strip()
    if len(description) > MAX_TEXT:
        problems.add("description", f"description must be at most {MAX_TEXT} characters", "TOO_LONG")
    if problems:
        raise DomainError(*problems)
    complaint = await Complaint.get_or_none(id=complaint_id)
    if complaint is None:
        raise not_found("complaint", "complaintId")
    if complaint.status == Status.CLOSED:
        raise DomainError.single("CONFLICT", "a closed complaint gets no new remedies; reopen it first", "complaintId")
    if owner_id is not None and not await User.exists(id=owner_id, is_active=True):
        raise not_found("user", "ownerId")
    limit = (await policy.current()).remedy_cost_limit
    if amount > limit and not may_approve:
        raise DomainError.single(
            "APPROVAL_REQUIRED", f"a remedy above {limit} needs someone holding complaints.remedy.approve", "cost")
    currency = (await Customer.get(id=complaint.customer_id)).currency
    async with events.transaction():
        return await ComplaintRemedy.create(
            complaint=complaint, kind=kind, description=description, cost=amount, currency=currency,
            owner_id=owner_id or by_id, approved_by_id=by_id if amount > limit else None,
            status=RemedyStatus.PLANNED.value, created_at=clock.now(),
        )


async def complete_remedy(
    remedy_id: int, by_id: int | None, *, result: str, message: str, channel: str | None = None
) -> ComplaintRemedy:
    """Mark a planned remedy done with its result, and tell the customer (an outbound
    interaction with ``message``). Publishes ``complaint.remedy_completed``."""
    problems = Problems()
    result = required_text(result, "result", problems, MAX_TEXT)
    message = required_text(message, "message", problems, MAX_TEXT)
    if problems:
        raise DomainError(*problems)
    check_channel(channel)
    async with events.transaction():
        remedy = await ComplaintRemedy.filter(id=remedy_id).select_for_update().first()
        if remedy is None:
            raise not_found("remedy")
        if remedy.status != RemedyStatus.PLANNED:
            raise DomainError.single("CONFLICT", "the remedy is already done", "id")
        complaint = await Complaint.get(id=remedy.complaint_id)
        await tell_customer(complaint, by_id, f"Our remedy: {remedy.kind.replace('_', ' ')}", message, channel)
        remedy.status, remedy.result, remedy.completed_at = RemedyStatus.DONE.value, result, clock.now()
        await remedy.save()
        events.emit(
            "complaint.remedy_completed", complaint_id=complaint.id, remedy_id=remedy.id,
            customer_id=complaint.customer_id, kind=remedy.kind, cost=str(remedy.cost), currency=remedy.currency,
        )
    return remedy
