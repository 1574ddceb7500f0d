"""The rules of complaint handling. GraphQL, jobs, commands and demo data call these; nothing
here knows GraphQL.

The lifecycle follows the complaint-handling steps of seed 000 (value the complaint, analyse
its cause, resolve it correctly and in time, record it, follow up on the customer's reaction)
and designs against the mistakes of seed 003: nothing is resolved, and no blame accepted or
assigned, before a cause analysis has established the facts. A received complaint and an
unsatisfied follow-up also raise the customer's churn-risk signal (``churn``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from amity.core import clock, events, interactions
from amity.core.errors import DomainError, FieldProblem, not_found
from amity.core.models import Channel, ContactPerson, Customer, User
from amity.core.validation import Problems, required_text
from amity.core.versions import check_version, save_versioned
from amity.plugins.complaints import churn, overdue
from amity.plugins.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintFollowUp,
    ComplaintTransition,
    RootCause,
    Severity,
    Status,
)
from amity.schema.errors import ClientError
from amity.schema.relay import from_global_id, to_global_id

DEFAULT_CATEGORIES = (
    ("product_quality", "Product quality"),
    ("delivery", "Delivery"),
    ("billing", "Billing"),
    ("staff_attitude", "Staff attitude"),
    ("service", "Service"),
    ("other", "Other"),
)
MAX_LINKS = 20
MAX_TEXT = 5000
#: Statuses in which a complaint is still being handled.
OPEN_STATUSES = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.REOPENED)
FINISHED = (Status.RESOLVED, Status.FOLLOWED_UP, Status.CLOSED)
NodeMap = Mapping[str, tuple[Any, str]]


def _values(enum: type) -> str:
    return ", ".join(item.value for item in enum)


# --- the taxonomy ----------------------------------------------------------------------

async def ensure_taxonomy() -> None:
    """Write the default categories when the taxonomy is empty (a new database).

    Categories are retired, never deleted, so the taxonomy is empty only before first use."""
    if await ComplaintCategory.exists():
        return
    now = clock.now()
    async with events.transaction():
        await ComplaintCategory.bulk_create(
            [ComplaintCategory(code=code, name=name, created_at=now) for code, name in DEFAULT_CATEGORIES]
        )


async def categories(include_retired: bool = False) -> list[ComplaintCategory]:
    """The categories of the taxonomy, by code; retired ones only when asked."""
    await ensure_taxonomy()
    query = ComplaintCategory.all() if include_retired else ComplaintCategory.filter(active=True)
    return await query.order_by("code")


async def define_category(code: str, name: str, active: bool = True) -> ComplaintCategory:
    """Add a category to the taxonomy, or rename, retire (``active=False``) or restore one."""
    problems = Problems()
    code = required_text(code, "code", problems, 40).lower()
    name = required_text(name, "name", problems, 100)
    if code and not code.replace("_", "").isalnum():
        problems.add("code", "code may hold letters, digits and underscores only", "INVALID")
    if problems:
        raise DomainError(*problems)
    await ensure_taxonomy()
    async with events.transaction():
        category = await ComplaintCategory.get_or_none(code=code)
        if category is None:
            return await ComplaintCategory.create(code=code, name=name, active=active, created_at=clock.now())
        category.name, category.active = name, active
        await category.save(update_fields=["name", "active"])
    return category


async def _category(code: str, problems: Problems) -> ComplaintCategory | None:
    """The active category ``code`` names, or None with UNKNOWN_CATEGORY in ``problems``."""
    await ensure_taxonomy()
    category = await ComplaintCategory.get_or_none(code=(code or "").strip().lower(), active=True)
    if category is None:
        known = ", ".join(c.code for c in await categories())
        problems.add("category", f"{code!r} is not a complaint category; categories: {known}", "UNKNOWN_CATEGORY")
    return category


# --- recording -------------------------------------------------------------------------

#: The fields of a complaint in the order of ``RecordComplaintInput``: the order its problems are reported in.
INPUT_ORDER = ("customerId", "contactId", "channel", "receivedAt", "category", "severity", "description",
               "desiredOutcome", "links", "ownerId")


def check_links(links: list[str], nodes: NodeMap, problems: Problems) -> dict[str, int]:
    """The global IDs a complaint may link to, each mapped to its first position in ``links``
    (a repeated link counts once): those of a type an enabled module provides.

    ``nodes`` maps type names to ``(model, permission)``, as the schema knows them. Problems
    go to ``problems`` on ``links.<n>``: a malformed ID is INVALID_ID, one of a type no enabled
    module provides LINK_NOT_AVAILABLE; more than ``MAX_LINKS`` is INVALID on ``links``."""
    if len(links) > MAX_LINKS:
        problems.add("links", f"at most {MAX_LINKS} links", "INVALID")
        return {}
    usable: dict[str, int] = {}
    for index, link in enumerate(links):
        field = f"links.{index}"
        try:
            type_name, pk = from_global_id(link)
        except ClientError:
            problems.add(field, f"{link!r} is not a valid ID", "INVALID_ID")
            continue
        if type_name not in nodes or not pk.isdigit():
            problems.add(field, f"no enabled module provides {type_name} records to link to", "LINK_NOT_AVAILABLE")
            continue
        usable.setdefault(link, index)
    return usable


async def _check_existing_links(links: dict[str, int], nodes: NodeMap, problems: Problems) -> None:
    for link, index in links.items():
        type_name, pk = from_global_id(link)
        if not await nodes[type_name][0].exists(pk=int(pk)):
            problems.add(f"links.{index}", f"{type_name} does not exist", "NOT_FOUND")


def _received_at(value: datetime | None, problems: Problems) -> datetime:
    received_at = value or clock.now()
    if received_at.tzinfo is None:
        problems.add("receivedAt", "receivedAt needs a time zone", "INVALID")
    elif received_at > clock.now():
        problems.add("receivedAt", "receivedAt must not be in the future", "INVALID")
    return received_at


def _input_position(problem: FieldProblem) -> int:
    field = (problem.field or "").split(".")[0]
    return INPUT_ORDER.index(field) if field in INPUT_ORDER else len(INPUT_ORDER)


async def record_complaint(
    values: dict[str, Any], recorded_by_id: int | None, nodes: NodeMap, found: Iterable[FieldProblem] = ()
) -> Complaint:
    """Record a complaint as the customer made it; it starts ``received``.

    ``values``: ``customer_id``, ``channel``, ``category`` (a code of the taxonomy),
    ``severity``, ``description`` (the customer's own words), and optionally ``contact_id``,
    ``received_at`` (default now), ``desired_outcome``, ``links`` (global IDs of records of
    enabled modules, checked against ``nodes``) and ``owner_id`` (default the recorder).

    Every problem of the request is reported at once, in the order of the input's fields,
    before anything is written, with those the caller ``found`` already (an ID that does not
    decode, passed as None in ``values``)."""
    problems = Problems(found)
    customer_id = values.get("customer_id")
    customer_exists = customer_id is not None and await Customer.exists(id=customer_id)
    if not customer_exists and all(problem.field != "customerId" for problem in problems):
        problems.add("customerId", "customer does not exist", "NOT_FOUND")
    contact_id = values.get("contact_id")
    if contact_id is not None and customer_exists and not await ContactPerson.exists(id=contact_id, customer_id=customer_id):
        problems.add("contactId", "contact person of this customer does not exist", "NOT_FOUND")
    if values.get("channel") not in {c.value for c in Channel}:
        problems.add("channel", f"channel must be one of {_values(Channel)}", "INVALID_CHOICE")
    received_at = _received_at(values.get("received_at"), problems)
    category = await _category(values.get("category", ""), problems)
    if values.get("severity") not in {s.value for s in Severity}:
        problems.add("severity", f"severity must be one of {_values(Severity)}", "INVALID_CHOICE")
    description = required_text(values.get("description"), "description", problems, MAX_TEXT)
    desired = (values.get("desired_outcome") or "").strip()
    if len(desired) > MAX_TEXT:
        problems.add("desiredOutcome", f"desiredOutcome must be at most {MAX_TEXT} characters", "TOO_LONG")
    links = check_links(list(values.get("links") or []), nodes, problems)
    await _check_existing_links(links, nodes, problems)
    owner_id = values.get("owner_id") or recorded_by_id
    if values.get("owner_id") is not None and not await User.exists(id=owner_id, is_active=True):
        problems.add("ownerId", "user does not exist", "NOT_FOUND")
    if problems:
        raise DomainError(*sorted(problems, key=_input_position))
    acknowledge_due, resolve_due = await overdue.due_times(values["severity"], received_at)
    now = clock.now()
    async with events.transaction():
        complaint = await Complaint.create(
            customer_id=customer_id, contact_id=contact_id, channel=values["channel"], received_at=received_at,
            category=category, severity=values["severity"], description=description, desired_outcome=desired,
            links=list(links), status=Status.RECEIVED.value, recorded_by_id=recorded_by_id, owner_id=owner_id,
            acknowledge_due_at=acknowledge_due, resolve_due_at=resolve_due, created_at=now, updated_at=now,
        )
        await ComplaintTransition.create(complaint=complaint, to_status=Status.RECEIVED.value, by_id=recorded_by_id,
                                         at=now, reason="recorded")
        events.emit(
            "complaint.received", complaint_id=complaint.id, customer_id=customer_id, category=category.code,  # type: ignore[union-attr]
            severity=complaint.severity, channel=complaint.channel, received_at=received_at.isoformat(),
        )
        await churn.complaint_received(complaint)
    return complaint


# --- the lifecycle ---------------------------------------------------------------------

async def _locked(complaint_id: int, expected_version: int | None) -> Complaint:
    """The complaint, locked for the caller's transaction; STALE unless it is still the
    version the client saw (``expected_version``, None for any)."""
    complaint = await Complaint.filter(id=complaint_id).select_for_update().first()
    if complaint is None:
        raise not_found("complaint")
    check_version(complaint, expected_version, "the complaint")
    return complaint


def _refuse(complaint: Complaint, action: str) -> DomainError:
    return DomainError.single(
        "INVALID_TRANSITION", f"a {complaint.status.replace('_', ' ')} complaint cannot be {action}", "id"
    )


async def _move(complaint: Complaint, to: Status, by_id: int | None, reason: str, **changes: Any) -> Complaint:
    """Change the status (inside the caller's transaction), record the transition and add one
    to the version; returns the complaint as written."""
    now = clock.now()
    await ComplaintTransition.create(complaint=complaint, from_status=complaint.status, to_status=to.value,
                                     by_id=by_id, at=now, reason=reason)
    return await save_versioned(complaint, "the complaint", status=to.value, updated_at=now, **changes)


def _text(value: str | None, field: str, max_length: int = MAX_TEXT) -> str:
    problems = Problems()
    text = required_text(value, field, problems, max_length)
    if problems:
        raise DomainError(*problems)
    return text


def _interaction_mode(channel: str) -> str:
    return "face_to_face" if channel == Channel.MEETING.value else "indirect"


async def tell_customer(complaint: Complaint, by_id: int | None, subject: str, message: str, channel: str | None) -> None:
    """Log what the customer is told about their complaint: an outbound interaction on
    ``channel`` (default the complaint's), linked to the complaint."""
    used = channel or complaint.channel
    await interactions.log_interaction(
        {"customer_id": complaint.customer_id, "contact_id": complaint.contact_id, "channel": used,
         "direction": "outbound", "initiator": "company", "mode": _interaction_mode(used), "subject": subject,
         "summary": message, "link": to_global_id("Complaint", complaint.id)},
        by_id,
    )


def check_channel(channel: str | None) -> None:
    """Refuse a channel that is not one of the core's (None means the complaint's own)."""
    if channel is not None and channel not in {c.value for c in Channel}:
        raise DomainError.single("INVALID_CHOICE", f"channel must be one of {_values(Channel)}", "channel")


async def acknowledge(
    complaint_id: int, by_id: int | None, message: str, channel: str | None = None, *, expected_version: int | None = None
) -> Complaint:
    """Tell the customer their complaint is received and being handled: an outbound
    Interaction on their timeline (on ``channel``, default the complaint's), and the
    complaint becomes ``acknowledged``. Like every step of the lifecycle, STALE unless the
    complaint is still at ``expected_version`` (None for any), and adds one to its version."""
    message = _text(message, "message")
    check_channel(channel)
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status != Status.RECEIVED:
            raise _refuse(complaint, "acknowledged")
        await tell_customer(complaint, by_id, "Your complaint is being handled", message, channel)
        complaint = await _move(complaint, Status.ACKNOWLEDGED, by_id, message, acknowledged_at=clock.now())
    return complaint


async def start_investigation(
    complaint_id: int, by_id: int | None, reason: str = "", *, expected_version: int | None = None
) -> Complaint:
    """Start (or, after reopening, restart) establishing the facts."""
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status not in (Status.ACKNOWLEDGED, Status.REOPENED):
            raise _refuse(complaint, "investigated now (acknowledge it first)")
        complaint = await _move(complaint, Status.INVESTIGATING, by_id, (reason or "").strip())
    return complaint


async def record_cause_analysis(
    complaint_id: int, by_id: int | None, root_cause: str, facts_found: str, justified: bool, *,
    expected_version: int | None = None,
) -> Complaint:
    """Record what the investigation found: the root-cause category, the facts and whether
    the complaint is justified. Only while investigating; a later analysis replaces it."""
    problems = Problems()
    if root_cause not in {c.value for c in RootCause}:
        problems.add("rootCause", f"rootCause must be one of {_values(RootCause)}", "INVALID_CHOICE")
    facts = required_text(facts_found, "factsFound", problems, MAX_TEXT)
    if problems:
        raise DomainError(*problems)
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status != Status.INVESTIGATING:
            raise _refuse(complaint, "analysed before its investigation starts")
        now = clock.now()
        complaint = await save_versioned(
            complaint, "the complaint", root_cause=root_cause, facts_found=facts, justified=justified, analysed_at=now,
            analysis_current=True, updated_at=now,
        )
    return complaint


async def resolve(complaint_id: int, by_id: int | None, resolution: str, *, expected_version: int | None = None) -> Complaint:
    """Resolve the complaint with what was done. Needs a cause analysis of the current
    investigation first (ANALYSIS_REQUIRED): no resolution before the facts are clear."""
    resolution = _text(resolution, "resolution")
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status in FINISHED:
            raise _refuse(complaint, "resolved again (reopen it first)")
        if not complaint.analysis_current:
            raise DomainError.single(
                "ANALYSIS_REQUIRED", "record the cause analysis (root cause, facts, justified) before resolving", "id"
            )
        complaint = await _move(complaint, Status.RESOLVED, by_id, resolution, resolution=resolution, resolved_at=clock.now())
        events.emit(
            "complaint.resolved", complaint_id=complaint.id, customer_id=complaint.customer_id,
            root_cause=complaint.root_cause, justified=complaint.justified,
            resolved_at=complaint.resolved_at.isoformat(),
        )
    return complaint


async def close(complaint_id: int, by_id: int | None, reason: str = "", *, expected_version: int | None = None) -> Complaint:
    """Close a complaint whose follow-up with the customer is recorded (FOLLOW_UP_REQUIRED)."""
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status == Status.RESOLVED:
            raise DomainError.single(
                "FOLLOW_UP_REQUIRED", "follow up with the customer on the resolution before closing", "id"
            )
        if complaint.status != Status.FOLLOWED_UP:
            raise _refuse(complaint, "closed")
        complaint = await _move(complaint, Status.CLOSED, by_id, (reason or "").strip(), closed_at=clock.now())
    return complaint


async def reopen(complaint_id: int, by_id: int | None, reason: str, *, expected_version: int | None = None) -> Complaint:
    """Reopen a resolved, followed-up or closed complaint; it needs a new investigation and
    cause analysis before it is resolved again, within its severity's target from now. Its
    resolution and resolution time are cleared (its transitions keep them)."""
    reason = _text(reason, "reason")
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status not in FINISHED:
            raise _refuse(complaint, "reopened (it is still open)")
        complaint = await _reopen(complaint, by_id, reason)
    return complaint


async def _reopen(complaint: Complaint, by_id: int | None, reason: str) -> Complaint:
    """Move ``complaint`` back to ``reopened``: unresolved, unclosed, its analysis no longer
    current, with a new resolution target. The RESOLVED transition keeps what was resolved."""
    _, resolve_due = await overdue.due_times(complaint.severity, clock.now())
    return await _move(complaint, Status.REOPENED, by_id, reason, analysis_current=False, resolution="", resolved_at=None,
                closed_at=None, resolve_due_at=resolve_due)


async def record_follow_up(
    complaint_id: int, by_id: int | None, *, satisfied: bool, rating: int, comment: str, would_recommend: bool,
    expected_version: int | None = None,
) -> Complaint:
    """Record the customer's reaction to the resolution of a resolved complaint (NOT_RESOLVED
    otherwise). A satisfied customer moves it to ``followed_up``; an unsatisfied one reopens it."""
    problems = Problems()
    if not 1 <= rating <= 5:
        problems.add("rating", "rating must be from 1 to 5", "INVALID")
    comment = (comment or "").strip()
    if len(comment) > MAX_TEXT:
        problems.add("comment", f"comment must be at most {MAX_TEXT} characters", "TOO_LONG")
    if problems:
        raise DomainError(*problems)
    async with events.transaction():
        complaint = await _locked(complaint_id, expected_version)
        if complaint.status != Status.RESOLVED:
            raise DomainError.single("NOT_RESOLVED", "only a resolved complaint can be followed up", "id")
        await ComplaintFollowUp.create(complaint=complaint, satisfied=satisfied, rating=rating, comment=comment,
                                       would_recommend=would_recommend, recorded_by_id=by_id, at=clock.now())
        if satisfied:
            complaint = await _move(complaint, Status.FOLLOWED_UP, by_id, f"the customer is satisfied (rating {rating})")
        else:
            complaint = await _reopen(complaint, by_id, f"follow-up: the customer is not satisfied (rating {rating}) {comment}".strip())
        events.emit(
            "complaint.followed_up", complaint_id=complaint.id, customer_id=complaint.customer_id, satisfied=satisfied,
            rating=rating, would_recommend=would_recommend, reopened=not satisfied,
        )
        if not satisfied:
            churn.follow_up_unsatisfied(complaint)
    return complaint


# --- on one customer -------------------------------------------------------------------

async def export_customer_complaints(customer_id: int) -> list[dict[str, Any]]:
    """Every complaint of a customer with its transitions, follow-ups and remedies, JSON-ready
    (privacy export)."""
    complaints = await Complaint.filter(customer_id=customer_id).order_by("received_at", "id").prefetch_related(
        "category", "transitions", "follow_ups", "remedies")
    return [
        {
            "receivedAt": c.received_at.isoformat(), "channel": c.channel, "category": c.category.code,
            "severity": c.severity, "description": c.description, "desiredOutcome": c.desired_outcome,
            "status": c.status, "rootCause": c.root_cause, "factsFound": c.facts_found, "justified": c.justified,
            "resolution": c.resolution,
            "transitions": [
                {"from": t.from_status, "to": t.to_status, "reason": t.reason, "at": t.at.isoformat()}
                for t in sorted(c.transitions, key=lambda t: (t.at, t.id))
            ],
            "followUps": [
                {"satisfied": f.satisfied, "rating": f.rating, "comment": f.comment, "wouldRecommend": f.would_recommend,
                 "at": f.at.isoformat()}
                for f in sorted(c.follow_ups, key=lambda f: (f.at, f.id))
            ],
            "remedies": [
                {"kind": r.kind, "description": r.description, "cost": str(r.cost), "currency": r.currency,
                 "status": r.status, "result": r.result}
                for r in sorted(c.remedies, key=lambda r: r.id)
            ],
        }
        for c in complaints
    ]
