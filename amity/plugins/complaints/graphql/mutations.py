"""Mutations of the complaints module: record a complaint and move it through its lifecycle.
Every rule lives in ``amity.plugins.complaints.service``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

import strawberry

from amity.plugins.complaints import overdue, service
from amity.plugins.complaints.graphql.types import ComplaintCategory, ComplaintNode, ResponseTarget, RootCause, Severity
from amity.plugins.complaints.models import Complaint
from amity.schema.customers import Channel
from amity.schema.errors import UserError, mutation_payload
from amity.schema.inputs import InputProblems
from amity.schema.permissions import ensure
from amity.schema.relay import input_id

#: The description of ``expectedVersion`` on every step of the lifecycle.
EXPECTED_VERSION = "The complaint's `version` as you saw it; a complaint changed since is STALE and left as it is."


@strawberry.input
class RecordComplaintInput:
    customer_id: strawberry.ID
    contact_id: strawberry.ID | None = strawberry.field(default=None, description="A contact person of that customer.")
    channel: Channel = strawberry.field(description="Where the customer made the complaint.")
    received_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")
    category: str = strawberry.field(description="A code of `complaintCategories`.")
    severity: Severity = strawberry.field(description="Sets the response-time targets.")
    description: str = strawberry.field(description="The customer's own words.")
    desired_outcome: str = strawberry.field(
        default="", description="What the customer wants done, in their words; at most 5000 characters.")
    links: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Global IDs of related records of enabled modules (an order, a quotation).")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="Who handles it; defaults to you.")


@strawberry.input
class AcknowledgeComplaintInput:
    id: strawberry.ID
    message: str = strawberry.field(description="What the customer is told; logged as an outbound interaction.")
    channel: Channel | None = strawberry.field(default=None, description="Defaults to the complaint's channel.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class StartInvestigationInput:
    id: strawberry.ID
    reason: str = strawberry.field(default="", description="Optional; recorded on the transition.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class RecordCauseAnalysisInput:
    id: strawberry.ID
    root_cause: RootCause = strawberry.field(description="Where the cause lay.")
    facts_found: str = strawberry.field(
        description="What the investigation established; required, at most 5000 characters.")
    justified: bool = strawberry.field(description="Whether the facts show the complaint is justified.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class ResolveComplaintInput:
    id: strawberry.ID
    resolution: str = strawberry.field(description="What was done to put it right.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class CloseComplaintInput:
    id: strawberry.ID
    reason: str = strawberry.field(default="", description="Optional; recorded on the transition.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class ReopenComplaintInput:
    id: strawberry.ID
    reason: str = strawberry.field(description="Why it is reopened; required, recorded on the transition.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.input
class DefineComplaintCategoryInput:
    code: str = strawberry.field(description="Lower case letters, digits and underscores; adds or changes the category.")
    name: str = strawberry.field(description="The name to show people, at most 100 characters.")
    active: bool = strawberry.field(default=True, description="False retires the category.")


@strawberry.type
class RecordComplaintPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.type
class AcknowledgeComplaintPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.type
class StartInvestigationPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.type
class RecordCauseAnalysisPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.type
class ResolveComplaintPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.type
class CloseComplaintPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.type
class ReopenComplaintPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.input
class SetComplaintResponseTargetInput:
    severity: Severity = strawberry.field(
        description="The severity whose target changes; complaints already received keep their due times.")
    acknowledge_within_hours: int = strawberry.field(description="At least 1.")
    resolve_within_days: int = strawberry.field(description="At least 1.")


@strawberry.type
class SetComplaintResponseTargetPayload:
    user_errors: list[UserError]
    target: ResponseTarget | None = None


@strawberry.type
class DefineComplaintCategoryPayload:
    user_errors: list[UserError]
    category: ComplaintCategory | None = None


async def _handle(
    info: strawberry.Info, payload: type, complaint_id: strawberry.ID,
    change: Callable[[int, int | None], Awaitable[Complaint]],
) -> Any:
    """A lifecycle mutation: check complaints.handle, decode the ID, call the service."""

    async def action() -> dict[str, Any]:
        ensure(info, "complaints.handle")
        decoded = input_id(complaint_id, "Complaint", "id")
        return {"complaint": await change(decoded, info.context.principal.user_id)}

    return await mutation_payload(payload, action)


@strawberry.type
class ComplaintMutation:
    @strawberry.mutation(description="Record a complaint as the customer made it.")
    async def record_complaint(self, info: strawberry.Info, input: RecordComplaintInput) -> RecordComplaintPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.record")
            found = InputProblems()
            values = {
                "customer_id": found.id(input.customer_id, "Customer", "customerId"),
                "contact_id": None if input.contact_id is None else found.id(input.contact_id, "ContactPerson", "contactId"),
                "owner_id": None if input.owner_id is None else found.id(input.owner_id, "User", "ownerId"),
                "channel": input.channel.value, "severity": input.severity.value, "received_at": input.received_at,
                "category": input.category, "description": input.description,
                "desired_outcome": input.desired_outcome, "links": [str(link) for link in input.links],
            }
            complaint = await service.record_complaint(values, info.context.principal.user_id, info.context.nodes, found.problems)
            return {"complaint": complaint}

        return await mutation_payload(RecordComplaintPayload, action)

    @strawberry.mutation(description="Tell the customer the complaint is being handled (logs an outbound interaction).")
    async def acknowledge_complaint(self, info: strawberry.Info, input: AcknowledgeComplaintInput) -> AcknowledgeComplaintPayload:
        channel = None if input.channel is None else input.channel.value
        return await _handle(info, AcknowledgeComplaintPayload, input.id,
                             lambda cid, by: service.acknowledge(cid, by, input.message, channel, expected_version=input.expected_version))

    @strawberry.mutation(description="Start establishing the facts of an acknowledged or reopened complaint.")
    async def start_investigation(self, info: strawberry.Info, input: StartInvestigationInput) -> StartInvestigationPayload:
        return await _handle(info, StartInvestigationPayload, input.id,
                             lambda cid, by: service.start_investigation(cid, by, input.reason, expected_version=input.expected_version))

    @strawberry.mutation(description="Record the root cause, the facts found and whether the complaint is justified.")
    async def record_cause_analysis(self, info: strawberry.Info, input: RecordCauseAnalysisInput) -> RecordCauseAnalysisPayload:
        return await _handle(info, RecordCauseAnalysisPayload, input.id, lambda cid, by: service.record_cause_analysis(
            cid, by, input.root_cause.value, input.facts_found, input.justified, expected_version=input.expected_version))

    @strawberry.mutation(description="Resolve an investigated complaint whose cause is analysed.")
    async def resolve_complaint(self, info: strawberry.Info, input: ResolveComplaintInput) -> ResolveComplaintPayload:
        return await _handle(info, ResolveComplaintPayload, input.id,
                             lambda cid, by: service.resolve(cid, by, input.resolution, expected_version=input.expected_version))

    @strawberry.mutation(description="Close a complaint whose follow-up is recorded.")
    async def close_complaint(self, info: strawberry.Info, input: CloseComplaintInput) -> CloseComplaintPayload:
        return await _handle(info, CloseComplaintPayload, input.id, lambda cid, by: service.close(
            cid, by, input.reason, expected_version=input.expected_version))

    @strawberry.mutation(description="Reopen a resolved, followed-up or closed complaint.")
    async def reopen_complaint(self, info: strawberry.Info, input: ReopenComplaintInput) -> ReopenComplaintPayload:
        return await _handle(info, ReopenComplaintPayload, input.id, lambda cid, by: service.reopen(
            cid, by, input.reason, expected_version=input.expected_version))

    @strawberry.mutation(description="Add a category to the complaint taxonomy, or rename, retire or restore one.")
    async def define_complaint_category(
        self, info: strawberry.Info, input: DefineComplaintCategoryInput
    ) -> DefineComplaintCategoryPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.configure")
            return {"category": await service.define_category(input.code, input.name, input.active)}

        return await mutation_payload(DefineComplaintCategoryPayload, action)

    @strawberry.mutation(description="Change how fast complaints of one severity must be acknowledged and resolved.")
    async def set_complaint_response_target(
        self, info: strawberry.Info, input: SetComplaintResponseTargetInput
    ) -> SetComplaintResponseTargetPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.configure")
            target = await overdue.set_target(input.severity.value, input.acknowledge_within_hours, input.resolve_within_days)
            return {"target": target}

        return await mutation_payload(SetComplaintResponseTargetPayload, action)
