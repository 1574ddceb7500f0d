"""GraphQL types of the complaints module, and the fields it adds to ``Customer``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from tortoise.functions import Count, Max

from amity.core import clock
from amity.core import models as core
from amity.plugins.complaints import models, overdue
from amity.plugins.complaints.service import OPEN_STATUSES
from amity.schema.customers import Channel, ContactPerson, Customer, Money, User
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, Node, SortKey, children_connection

Severity = strawberry.enum(models.Severity, description="How serious the complaint is; sets the response-time targets.")
ComplaintStatus = strawberry.enum(models.Status, name="ComplaintStatus", description="Where the complaint stands in its handling.")
RootCause = strawberry.enum(models.RootCause, description="Where the cause analysis found the cause.")
Breach = strawberry.enum(models.Breach, description="Which response-time target was missed.")
RemedyKind = strawberry.enum(models.RemedyKind, description="A service-recovery action.")
RemedyStatus = strawberry.enum(models.RemedyStatus, description="Whether a remedy is planned or done.")

COMPLAINT_ORDER = (SortKey("received_at", True),)


def _is(model: type) -> Any:
    return classmethod(lambda cls, obj, info: isinstance(obj, model))


async def _user(info: strawberry.Info, user_id: int | None) -> User | None:
    return None if user_id is None else await info.context.loaders.by_id(core.User).load(user_id)


@strawberry.type(description="A category of the complaint taxonomy.")
class ComplaintCategory:
    code: str
    name: str
    active: bool = strawberry.field(description="Retired categories are kept for history and refused for new complaints.")


@strawberry.type(description="What the investigation found, before any resolution (seed 003: facts first).")
class CauseAnalysis:
    root_cause: RootCause
    facts_found: str
    justified: bool = strawberry.field(description="Whether the complaint is justified on the facts.")
    analysed_at: datetime
    current: bool = strawberry.field(description="False after a reopening, until the cause is analysed again.")


@strawberry.type(description="One change of a complaint's status: who, when and why.")
class ComplaintTransition:
    from_status: ComplaintStatus | None
    to_status: ComplaintStatus
    reason: str
    at: datetime

    @strawberry.field
    async def by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.by_id)  # type: ignore[attr-defined]


@strawberry.type(description="How fast complaints of one severity must be acknowledged and resolved.")
class ResponseTarget:
    severity: Severity
    acknowledge_within_hours: int
    resolve_within_days: int
    updated_at: datetime


@strawberry.type(description="A missed response-time target, escalated to a manager.")
class ComplaintEscalation:
    breach: Breach
    due_at: datetime
    at: datetime

    @strawberry.field(description="The manager it was escalated to.")
    async def escalated_to(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.escalated_to_id)  # type: ignore[attr-defined]


@strawberry.type(description="The customer's reaction to the resolution.")
class ComplaintFollowUp:
    satisfied: bool
    rating: int = strawberry.field(description="1 (poor) to 5 (excellent).")
    comment: str
    would_recommend: bool
    at: datetime

    @strawberry.field
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.recorded_by_id)  # type: ignore[attr-defined]


@strawberry.type(name="ComplaintRemedy", description="A recovery action: what, its cost, who does it and how it went.")
class ComplaintRemedyNode(Node):
    kind: RemedyKind
    description: str
    status: RemedyStatus
    result: str = strawberry.field(description="How it went, fed back when done.")
    created_at: datetime
    completed_at: datetime | None
    is_type_of = _is(models.ComplaintRemedy)

    @strawberry.field
    def cost(self) -> Money:
        return Money(amount=self.cost, currency=self.currency)  # type: ignore[arg-type]

    @strawberry.field
    async def owner(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.owner_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Who approved it, when it cost more than the recovery policy's limit.")
    async def approved_by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.approved_by_id)  # type: ignore[attr-defined]

    @strawberry.field
    async def complaint(self, info: strawberry.Info) -> ComplaintNode:
        return await info.context.loaders.by_id(models.Complaint).load(self.complaint_id)  # type: ignore[attr-defined]


@strawberry.type(description="Settings of service recovery and learning.")
class RecoveryPolicy:
    remedy_cost_limit: Decimal = strawberry.field(description="Remedies above this cost need complaints.remedy.approve.")
    repeat_window_days: int = strawberry.field(
        description="A customer's complaint within this many days after an earlier one is a repeat.")
    updated_at: datetime


@strawberry.type(name="Complaint", description="A customer's complaint, in their own words, and its handling.")
class ComplaintNode(Node):
    channel: Channel
    received_at: datetime
    severity: Severity
    description: str = strawberry.field(description="The customer's own words.")
    desired_outcome: str
    links: list[strawberry.ID] = strawberry.field(description="Global IDs of linked records of enabled modules.")
    status: ComplaintStatus
    acknowledged_at: datetime | None
    acknowledge_due_at: datetime | None = strawberry.field(description="When it must be acknowledged by (its severity's target).")
    resolve_due_at: datetime | None = strawberry.field(description="When it must be resolved by; reset on reopening.")
    resolution: str
    resolved_at: datetime | None
    closed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
    is_type_of = _is(models.Complaint)

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> Customer:
        return await info.context.loaders.by_id(core.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field
    async def contact(self, info: strawberry.Info) -> ContactPerson | None:
        contact_id = self.contact_id  # type: ignore[attr-defined]
        return None if contact_id is None else await info.context.loaders.by_id(core.ContactPerson).load(contact_id)

    @strawberry.field
    async def category(self, info: strawberry.Info) -> ComplaintCategory:
        return await info.context.loaders.by_id(models.ComplaintCategory).load(self.category_id)  # type: ignore[attr-defined]

    @strawberry.field
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.recorded_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Who handles the complaint.")
    async def owner(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.owner_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The cause analysis, once recorded.")
    def analysis(self) -> CauseAnalysis | None:
        if self.analysed_at is None:  # type: ignore[attr-defined]
            return None
        return CauseAnalysis(
            root_cause=self.root_cause, facts_found=self.facts_found, justified=self.justified,  # type: ignore[attr-defined]
            analysed_at=self.analysed_at, current=self.analysis_current,  # type: ignore[attr-defined]
        )

    @strawberry.field(description="Whether it has missed its acknowledgement or resolution target by now.")
    def overdue(self) -> bool:
        return overdue.missed(self, clock.now()) is not None  # type: ignore[arg-type]

    @strawberry.field(description="Missed targets escalated to a manager, oldest first.")
    async def escalations(self, info: strawberry.Info) -> list[ComplaintEscalation]:
        loader = info.context.loaders.children(models.ComplaintEscalation, "complaint_id", ("at", "id"))
        return await loader.load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(description="Follow-ups with the customer, oldest first.")
    async def follow_ups(self, info: strawberry.Info) -> list[ComplaintFollowUp]:
        loader = info.context.loaders.children(models.ComplaintFollowUp, "complaint_id", ("at", "id"))
        return await loader.load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(description="Remedies, oldest first.")
    async def remedies(self, info: strawberry.Info) -> list[ComplaintRemedyNode]:
        loader = info.context.loaders.children(models.ComplaintRemedy, "complaint_id", ("created_at", "id"))
        return await loader.load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(description="Every status change, oldest first.")
    async def transitions(self, info: strawberry.Info) -> list[ComplaintTransition]:
        loader = info.context.loaders.children(models.ComplaintTransition, "complaint_id", ("at", "id"))
        return await loader.load(self.pk)  # type: ignore[attr-defined]


def _per_customer(name: str, aggregate: Callable[[], Any], default: Any) -> Callable[[], Callable[[list[int]], Any]]:
    """A batch function factory: one grouped query over the open (or all) complaints."""

    def make() -> Callable[[list[int]], Any]:
        async def load(keys: list[int]) -> list[Any]:
            query = models.Complaint.filter(customer_id__in=set(keys))
            if name == "open":
                query = query.filter(status__in=[s.value for s in OPEN_STATUSES])
            rows = await query.annotate(value=aggregate()).group_by("customer_id").values_list("customer_id", "value")
            found = dict(rows)
            return [found.get(key, default) for key in keys]

        return load

    return make


@strawberry.type
class CustomerComplaints:
    """Fields the complaints module adds to ``Customer``."""

    @strawberry.field(extensions=[requires_permission("complaints.read")], description="Complaints, newest first.")
    def complaints(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[ComplaintNode]:
        settings = info.context.settings
        return children_connection(  # type: ignore[return-value]
            info.context.loaders, models.Complaint, "customer_id", self.pk, COMPLAINT_ORDER,  # type: ignore[attr-defined]
            first=first, after=after, default_size=settings.default_page_size, max_size=settings.max_page_size,
            signature="customerComplaints",
        )

    @strawberry.field(extensions=[requires_permission("complaints.read")],
                      description="Complaints not yet resolved (received, acknowledged, investigating or reopened).")
    async def open_complaint_count(self, info: strawberry.Info) -> int:
        loader = info.context.loaders.get(("complaints", "open_count"), _per_customer("open", lambda: Count("id"), 0))
        return await loader.load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("complaints.read")], description="When the latest complaint came in.")
    async def last_complaint_at(self, info: strawberry.Info) -> datetime | None:
        loader = info.context.loaders.get(("complaints", "last_at"), _per_customer("all", lambda: Max("received_at"), None))
        value = await loader.load(self.pk)  # type: ignore[attr-defined]
        return value if value is None or isinstance(value, datetime) else datetime.fromisoformat(str(value))
