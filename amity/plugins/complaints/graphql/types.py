"""GraphQL types of the complaints module, and the fields it adds to ``Customer``."""

from __future__ import annotations

import asyncio
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
from amity.schema.nodes import linked_node
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, Node, SortKey, child_page

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
    code: str = strawberry.field(description="Unique; lower case letters, digits and underscores, e.g. `delivery`.")
    name: str = strawberry.field(description="The name to show people, e.g. `Delivery`.")
    active: bool = strawberry.field(description="Retired categories are kept for history and refused for new complaints.")


@strawberry.type(description="What the investigation found, before any resolution (seed 003: facts first).")
class CauseAnalysis:
    root_cause: RootCause = strawberry.field(description="Where the investigation found the cause.")
    facts_found: str = strawberry.field(description="What the investigation established.")
    justified: bool = strawberry.field(description="Whether the complaint is justified on the facts.")
    analysed_at: datetime = strawberry.field(description="When it was recorded; a later analysis replaces it.")
    current: bool = strawberry.field(description="False after a reopening, until the cause is analysed again.")


@strawberry.type(description="One change of a complaint's status: who, when and why.")
class ComplaintTransition:
    from_status: ComplaintStatus | None = strawberry.field(description="null for the first transition, on recording.")
    to_status: ComplaintStatus = strawberry.field(description="The status it moved to.")
    reason: str = strawberry.field(
        description="Why: the message, resolution or reason given (`recorded` for the first); may be empty.")
    at: datetime = strawberry.field(description="When the status changed.")

    @strawberry.field(description="Who changed it; null for system entries.")
    async def by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.by_id)  # type: ignore[attr-defined]


@strawberry.type(description="How fast complaints of one severity must be acknowledged and resolved.")
class ResponseTarget:
    severity: Severity = strawberry.field(description="The severity it applies to.")
    acknowledge_within_hours: int = strawberry.field(
        description="Hours from receipt within which to acknowledge; at least 1.")
    resolve_within_days: int = strawberry.field(
        description="Days from receipt (or from a reopening) within which to resolve; at least 1.")
    updated_at: datetime


@strawberry.type(description="A missed response-time target, escalated to someone who does not own the complaint.")
class ComplaintEscalation:
    breach: Breach = strawberry.field(description="Which target was missed.")
    due_at: datetime = strawberry.field(description="When the missed target fell due.")
    at: datetime = strawberry.field(description="When the periodic check escalated it.")

    @strawberry.field(
        description="Who it was escalated to: a manager, else an admin, never the owner; null when no one else was active.")
    async def escalated_to(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.escalated_to_id)  # type: ignore[attr-defined]


@strawberry.type(description="The customer's reaction to the resolution.")
class ComplaintFollowUp:
    satisfied: bool = strawberry.field(description="Whether the customer is satisfied; false reopened the complaint.")
    rating: int = strawberry.field(description="1 (poor) to 5 (excellent).")
    comment: str = strawberry.field(description="What the customer said; may be empty.")
    would_recommend: bool = strawberry.field(description="Whether the customer would recommend us.")
    at: datetime = strawberry.field(description="When the follow-up was recorded.")

    @strawberry.field(description="Who recorded it; null for system entries.")
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.recorded_by_id)  # type: ignore[attr-defined]


@strawberry.type(name="ComplaintRemedy", description="A recovery action: what, its cost, who does it and how it went.")
class ComplaintRemedyNode(Node):
    kind: RemedyKind = strawberry.field(description="What kind of recovery action it is.")
    description: str = strawberry.field(description="What is to be done; may be empty.")
    status: RemedyStatus = strawberry.field(description="PLANNED until `completeRemedy` makes it DONE.")
    result: str = strawberry.field(description="How it went, fed back when done.")
    created_at: datetime
    completed_at: datetime | None = strawberry.field(description="When it was done; null while planned.")
    is_type_of = _is(models.ComplaintRemedy)

    @strawberry.field(description="What it costs, in the customer's currency; counted in `recoveryCost` once done.")
    def cost(self) -> Money:
        return Money(amount=self.cost, currency=self.currency)  # type: ignore[arg-type]

    @strawberry.field(description="Who carries it out; null when nobody does.")
    async def owner(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.owner_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Who approved it, when it cost more than the recovery policy's limit.")
    async def approved_by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.approved_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The complaint it remedies.")
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
    channel: Channel = strawberry.field(description="Where the customer made the complaint.")
    received_at: datetime = strawberry.field(
        description="When the customer made it; the response-time targets count from it.")
    severity: Severity = strawberry.field(description="How serious it is; sets the response-time targets.")
    description: str = strawberry.field(description="The customer's own words.")
    desired_outcome: str = strawberry.field(
        description="What the customer wants done, in their words; empty when not said.")
    links: list[strawberry.ID] = strawberry.field(description="Global IDs of linked records of enabled modules.")
    status: ComplaintStatus = strawberry.field(
        description="Where the handling stands; every change is in `transitions`.")
    acknowledged_at: datetime | None = strawberry.field(
        description="When the customer was told it is being handled; null until then.")
    acknowledge_due_at: datetime | None = strawberry.field(description="When it must be acknowledged by (its severity's target).")
    resolve_due_at: datetime | None = strawberry.field(description="When it must be resolved by; reset on reopening.")
    resolution: str = strawberry.field(
        description="What was done to put it right; empty while not resolved (a reopening clears it; "
                    "`transitions` keep every resolution).")
    resolved_at: datetime | None = strawberry.field(
        description="When it was resolved; null while not resolved (a reopening clears it).")
    closed_at: datetime | None = strawberry.field(
        description="When it was closed; null while not closed (a reopening clears it).")
    created_at: datetime
    updated_at: datetime
    version: int
    is_type_of = _is(models.Complaint)

    @strawberry.field(description="The records `links` point to, typed and in the same order; null for a link whose "
                      "record is gone, whose module is not enabled or that you may not see.")
    async def linked_records(self, info: strawberry.Info) -> list[Node | None]:
        return await asyncio.gather(*(linked_node(info, link) for link in self.links))  # type: ignore[return-value]

    @strawberry.field(description="The customer who complained.")
    async def customer(self, info: strawberry.Info) -> Customer:
        return await info.context.loaders.by_id(core.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The customer's contact person who complained; null when not given.")
    async def contact(self, info: strawberry.Info) -> ContactPerson | None:
        contact_id = self.contact_id  # type: ignore[attr-defined]
        return None if contact_id is None else await info.context.loaders.by_id(core.ContactPerson).load(contact_id)

    @strawberry.field(description="Its category in the taxonomy.")
    async def category(self, info: strawberry.Info) -> ComplaintCategory:
        return await info.context.loaders.by_id(models.ComplaintCategory).load(self.category_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Who recorded it; null for system entries.")
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
        return bool(overdue.missed(self, clock.now()))  # type: ignore[arg-type]

    @strawberry.field(description="Missed targets escalated, each once, oldest first.")
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
        return child_page(  # type: ignore[return-value]
            info, models.Complaint, "customer_id", self.pk, COMPLAINT_ORDER,  # type: ignore[attr-defined]
            first=first, after=after, signature="customerComplaints",
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
