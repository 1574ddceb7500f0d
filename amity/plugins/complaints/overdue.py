"""Response-time targets per severity, overdue detection and escalation to a manager.

Each severity has a target: acknowledge within N hours, resolve within N days of receipt
(of the reopening, for a reopened complaint). The due times are fixed when the complaint is
received or reopened, so changing a target applies to complaints received afterwards. The
periodic job ``complaints.flag_overdue`` escalates each missed target once, independently of
the other, to someone who does not own the complaint (a manager, else a user of a role defined
at run time that holds ``complaints.handle``, else an admin, else no one) and publishes
``complaint.escalated``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.expressions import Q

from amity.core import clock, events
from amity.core.errors import DomainError
from amity.core.models import Role, User
from amity.core.validation import Problems
from amity.plugins.complaints.models import Breach, Complaint, ComplaintEscalation, ResponseTarget, Severity, Status

#: severity -> (acknowledge within hours, resolve within days)
DEFAULT_TARGETS = {
    Severity.CRITICAL: (2, 1),
    Severity.HIGH: (8, 3),
    Severity.MEDIUM: (24, 7),
    Severity.LOW: (48, 14),
}
UNRESOLVED = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.REOPENED)
#: The code that lets a role defined at run time receive escalations, between managers and admins.
HANDLE = "complaints.handle"


async def ensure_targets() -> None:
    """Write the default targets for severities that have none (a new database)."""
    missing = set(DEFAULT_TARGETS) - set(await ResponseTarget.all().values_list("severity", flat=True))
    if not missing:
        return
    now = clock.now()
    async with events.transaction():
        await ResponseTarget.bulk_create([
            ResponseTarget(severity=s.value, acknowledge_within_hours=hours, resolve_within_days=days, updated_at=now)
            for s, (hours, days) in DEFAULT_TARGETS.items() if s in missing
        ])


async def targets() -> list[ResponseTarget]:
    """The target of every severity, from low to critical."""
    await ensure_targets()
    order = [s.value for s in Severity]
    return sorted(await ResponseTarget.all(), key=lambda t: order.index(t.severity))


async def set_target(severity: str, acknowledge_within_hours: int, resolve_within_days: int) -> ResponseTarget:
    """Change the response-time target of one severity (for complaints received from now on)."""
    problems = Problems()
    if severity not in {s.value for s in Severity}:
        problems.add("severity", f"severity must be one of {', '.join(s.value for s in Severity)}", "INVALID_CHOICE")
    if acknowledge_within_hours < 1:
        problems.add("acknowledgeWithinHours", "acknowledgeWithinHours must be at least 1", "TOO_SMALL")
    if resolve_within_days < 1:
        problems.add("resolveWithinDays", "resolveWithinDays must be at least 1", "TOO_SMALL")
    if problems:
        raise DomainError(*problems)
    await ensure_targets()
    async with events.transaction():
        target = await ResponseTarget.get(severity=severity)
        target.acknowledge_within_hours, target.resolve_within_days = acknowledge_within_hours, resolve_within_days
        target.updated_at = clock.now()
        await target.save()
    return target


async def due_times(severity: str, start: datetime) -> tuple[datetime, datetime]:
    """When a complaint of ``severity`` received (or reopened) at ``start`` must be
    acknowledged and resolved."""
    await ensure_targets()
    target = await ResponseTarget.get(severity=severity)
    return start + timedelta(hours=target.acknowledge_within_hours), start + timedelta(days=target.resolve_within_days)


def overdue_q(at: datetime) -> Q:
    """Complaints that have missed a target at ``at`` (the filter behind ``missed``)."""
    return Q(status=Status.RECEIVED.value, acknowledge_due_at__lt=at) | Q(
        status__in=[s.value for s in UNRESOLVED], resolve_due_at__lt=at)


def missed(complaint: Complaint, at: datetime) -> list[tuple[Breach, datetime]]:
    """Every target ``complaint`` has missed at ``at``, with its due time: the acknowledgement
    while it is received, the resolution while it is unresolved. Empty when none."""
    breaches = []
    if complaint.status == Status.RECEIVED and complaint.acknowledge_due_at and complaint.acknowledge_due_at < at:
        breaches.append((Breach.ACKNOWLEDGE, complaint.acknowledge_due_at))
    if complaint.status in UNRESOLVED and complaint.resolve_due_at and complaint.resolve_due_at < at:
        breaches.append((Breach.RESOLVE, complaint.resolve_due_at))
    return breaches


async def escalation_roles() -> list[str]:
    """The roles escalations go to, in order of preference: ``manager``, the roles defined at
    run time that hold ``complaints.handle`` (by name), ``admin``."""
    handlers = sorted(role.name for role in await Role.all() if HANDLE in role.permissions)
    return ["manager", *handlers, "admin"]


def _escalate_to(complaint: Complaint, candidates: list[User]) -> User | None:
    """Who receives the escalation: the first of ``candidates`` (active users of the
    escalation roles, in their order, then by id) who does not own the complaint."""
    return next((user for user in candidates if user.id != complaint.owner_id), None)


async def escalate_overdue() -> list[ComplaintEscalation]:
    """Escalate every target a complaint has newly missed, each target (and due time) once and
    independently of the other: a complaint never acknowledged is escalated for the
    acknowledgement and, once its resolution target passes too, for the resolution. Publishes
    ``complaint.escalated`` for each, also when no one but the owner could receive it (then
    it is recorded with no one). Returns the new escalations."""
    now = clock.now()
    candidates = await Complaint.filter(overdue_q(now)).order_by("id")
    done = set(await ComplaintEscalation.filter(complaint_id__in=[c.id for c in candidates]).values_list(
        "complaint_id", "breach", "due_at"))
    roles = await escalation_roles()
    users = await User.filter(role__in=roles, is_active=True)
    users.sort(key=lambda user: (roles.index(user.role), user.id))
    escalated = []
    async with events.transaction():
        for complaint in candidates:
            for breach, due_at in missed(complaint, now):
                if (complaint.id, breach.value, due_at) in done:
                    continue
                to = _escalate_to(complaint, users)
                escalated.append(await ComplaintEscalation.create(
                    complaint=complaint, breach=breach.value, due_at=due_at, escalated_to=to, at=now))
                events.emit(
                    "complaint.escalated", complaint_id=complaint.id, customer_id=complaint.customer_id,
                    breach=breach.value, due_at=due_at.isoformat(), escalated_to_id=to.id if to else None,
                )
    return escalated
