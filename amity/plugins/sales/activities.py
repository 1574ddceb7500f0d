"""Rules on the reps' activities: calls, meetings and tasks with a due time, open, overdue or
done. Completing a call or meeting also logs it as a core interaction, so it lands on the
customer's timeline (seed 003: record every interaction as it happens)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from amity.core import clock, events, interactions
from amity.core.errors import DomainError, not_found
from amity.core.models import Channel, Customer, Direction, Initiator, InteractionMode, User
from amity.core.validation import Problems, required_text
from amity.core.versions import changed_values, check_version, save_versioned
from amity.plugins.sales.models import Activity, ActivityKind, Opportunity

#: How a completed activity of each kind is logged as an interaction: (channel, mode).
LOGGED_AS = {
    ActivityKind.CALL: (Channel.PHONE, InteractionMode.INDIRECT),
    ActivityKind.MEETING: (Channel.MEETING, InteractionMode.FACE_TO_FACE),
}


def status_of(activity: Activity, now: datetime) -> str:
    """``done``, ``overdue`` (not done and past due) or ``open``."""
    if activity.done_at is not None:
        return "done"
    return "overdue" if activity.due_at < now else "open"


def _check(values: dict[str, Any], problems: Problems, *, creating: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if creating:
        if values.get("kind") not in {kind.value for kind in ActivityKind}:
            problems.add("kind", "kind must be call, meeting or task", "INVALID_CHOICE")
        clean["kind"] = values.get("kind")
    if creating or "subject" in values:
        clean["subject"] = required_text(values.get("subject"), "subject", problems)
    if "notes" in values:
        clean["notes"] = (values["notes"] or "").strip()
    if creating or "due_at" in values:
        due_at = values.get("due_at")
        if due_at is None:
            problems.add("dueAt", "dueAt is required", "REQUIRED")
        elif due_at.tzinfo is None:
            problems.add("dueAt", "dueAt needs a time zone", "INVALID")
        clean["due_at"] = due_at
    if "owner_id" in values:
        clean["owner_id"] = values["owner_id"]
    return clean


async def _check_owner(owner_id: int | None) -> None:
    if owner_id is not None and not await User.exists(id=owner_id):
        raise not_found("owner", "ownerId")


async def schedule_activity(values: dict[str, Any], owner_id: int | None) -> Activity:
    """Plan a call, meeting or task: ``kind``, ``subject``, ``due_at``, and a ``customer_id``
    or an ``opportunity_id`` (whose customer it then concerns); optional ``notes`` and
    ``owner_id`` (default: ``owner_id``)."""
    problems = Problems()
    clean = _check(values, problems, creating=True)
    if values.get("customer_id") is None and values.get("opportunity_id") is None:
        problems.add("customerId", "give a customerId or an opportunityId", "REQUIRED")
    if problems:
        raise DomainError(*problems)
    customer_id = values.get("customer_id")
    if values.get("opportunity_id") is not None:
        deal = await Opportunity.get_or_none(id=values["opportunity_id"])
        if deal is None:
            raise not_found("opportunity", "opportunityId")
        if customer_id is not None and customer_id != deal.customer_id:  # type: ignore[attr-defined]
            raise DomainError.single("INVALID", "the opportunity belongs to another customer", "opportunityId")
        customer_id = deal.customer_id  # type: ignore[attr-defined]
    elif not await Customer.exists(id=customer_id):
        raise not_found("customer", "customerId")
    clean.setdefault("owner_id", owner_id)
    await _check_owner(clean["owner_id"])
    async with events.transaction():
        activity = await Activity.create(**clean, customer_id=customer_id, opportunity_id=values.get("opportunity_id"),
                                         created_at=clock.now())
        events.emit("activity.scheduled", activity_id=activity.id, customer_id=customer_id, kind=activity.kind,
                    due_at=activity.due_at.isoformat(), owner_id=activity.owner_id)  # type: ignore[attr-defined]
    return activity


async def _open_activity(activity_id: int, expected_version: int | None) -> Activity:
    activity = await Activity.get_or_none(id=activity_id)
    if activity is None:
        raise not_found("activity")
    if activity.done_at is not None:
        raise DomainError.single("ACTIVITY_DONE", "the activity is already done", None)
    check_version(activity, expected_version, "activity")
    return activity


async def _save(activity: Activity, **changes: Any) -> Activity:
    return await save_versioned(activity, "activity", **changes)


async def update_activity(activity_id: int, values: dict[str, Any], expected_version: int | None = None) -> Activity:
    """Change the subject, notes, due time or owner of an activity that is not done. Subject
    and due time are required (None is refused); ``notes`` None clears them, ``owner_id`` None
    leaves the activity without owner."""
    activity = await _open_activity(activity_id, expected_version)
    problems = Problems()
    clean = _check(values, problems, creating=False)
    if problems:
        raise DomainError(*problems)
    if "owner_id" in clean:
        await _check_owner(clean["owner_id"])
    clean = changed_values(activity, clean)
    if not clean:
        return activity
    async with events.transaction():
        return await _save(activity, **clean)


async def complete_activity(
    activity_id: int, outcome: str, recorded_by: int | None, *, occurred_at: datetime | None = None,
    link: str | None = None, expected_version: int | None = None,
) -> Activity:
    """Mark an activity done with its outcome. A call or meeting is also logged as an
    interaction on the customer at ``occurred_at`` (default now; ``link``: the global ID of its
    deal, if any), in the same transaction: if the interaction is refused, nothing is written."""
    activity = await _open_activity(activity_id, expected_version)
    outcome = (outcome or "").strip()
    now = clock.now()
    async with events.transaction():
        interaction_id = None
        if activity.kind in LOGGED_AS:
            channel, mode = LOGGED_AS[ActivityKind(activity.kind)]
            logged = await interactions.log_interaction({
                "customer_id": activity.customer_id, "channel": channel.value, "direction": Direction.OUTBOUND.value,  # type: ignore[attr-defined]
                "initiator": Initiator.COMPANY.value, "mode": mode.value, "subject": activity.subject, "summary": outcome,
                "occurred_at": occurred_at or now, "link": link,
            }, recorded_by)
            interaction_id = logged.id
        done = await _save(activity, done_at=now, outcome=outcome, interaction_id=interaction_id)
        events.emit("activity.completed", activity_id=activity.id, customer_id=activity.customer_id, kind=activity.kind,  # type: ignore[attr-defined]
                    interaction_id=interaction_id)
    return done
