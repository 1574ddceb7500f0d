"""complaints: the complaint-handling and service-recovery module (DOMAIN.md "Complaints and
service recovery", seeds 000 and 003).

Complaints are recorded in the customer's own words, categorised from a configurable
taxonomy and moved through an enforced lifecycle (received, acknowledged, investigating,
resolved, followed up, closed, reopened) in which the cause is analysed before anything is
resolved. Response-time targets per severity are watched by a periodic job that escalates
missed ones to a manager (else an admin), never to the complaint's owner. Remedies (service
recovery) are costed, approved above a limit, told to the customer and fed back; a follow-up
records the customer's reaction. Lessons and preventive actions are learned from the
complaints of each root cause; repeat complaints are detected per customer and per root
cause. Events:
``complaint.received``, ``complaint.resolved``, ``complaint.escalated``,
``complaint.followed_up``, ``complaint.remedy_completed`` and the churn-risk signal
``customer.churn_risk`` (see ``docs/plugins/complaints.md``).
"""

from __future__ import annotations

from typing import Any

from amity import Permission, SchemaContribution, hookimpl
from amity.core.auth import Principal
from amity.core.jobs import Scheduler
from amity.core.models import Customer
from amity.plugins.complaints import demo, graphql, overdue, service, timeline
from amity.plugins.complaints.models import Complaint


@hookimpl
def register_models() -> list[str]:
    return ["amity.plugins.complaints.models"]


@hookimpl
def register_schema() -> SchemaContribution:
    return graphql.contribution()


@hookimpl
def register_permissions() -> list[Permission]:
    return [
        Permission("complaints.read", "See complaints and their handling", ("manager", "agent")),
        Permission("complaints.record", "Record complaints", ("manager", "agent")),
        Permission("complaints.handle", "Acknowledge, investigate, resolve, follow up, close and reopen complaints",
                   ("manager",)),
        Permission("complaints.remedy", "Plan and complete remedies within the cost limit", ("manager", "agent")),
        Permission("complaints.remedy.approve", "Approve remedies above the cost limit", ("manager",)),
        Permission("complaints.analytics", "See complaint analytics", ("manager",)),
        Permission("complaints.configure", "Change the complaint taxonomy and response-time targets", ("manager",)),
    ]


@hookimpl
def register_jobs(scheduler: Scheduler) -> None:
    scheduler.every(minutes=15, name="complaints.flag_overdue")(overdue.escalate_overdue)


@hookimpl
async def seed_demo_data(ctx: Any) -> None:
    await demo.seed(ctx)


@hookimpl
async def timeline_entries(customer_id: int, before: Any, limit: int, principal: Principal) -> list[Any]:
    if not principal.has("complaints.read"):
        return []
    return await timeline.complaint_entries(customer_id, before, limit)


@hookimpl
async def timeline_count(customer_id: int, principal: Principal) -> int:
    return await Complaint.filter(customer_id=customer_id).count() if principal.has("complaints.read") else 0


@hookimpl
async def merge_customers(survivor: Customer, duplicate: Customer) -> None:
    await Complaint.filter(customer_id=duplicate.id).update(customer_id=survivor.id)


@hookimpl
async def export_customer_data(customer: Customer) -> dict[str, Any]:
    return {"complaints": await service.export_customer_complaints(customer.id)}


@hookimpl
async def erase_customer_data(customer: Customer) -> None:
    await Complaint.filter(customer_id=customer.id).delete()
