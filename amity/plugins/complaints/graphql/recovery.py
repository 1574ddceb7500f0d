"""Service recovery in GraphQL: follow-ups, remedies and the recovery policy. Rules live in
``amity.plugins.complaints.service`` and ``amity.plugins.complaints.recovery``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import strawberry

from amity.plugins.complaints import policy, recovery, service
from amity.plugins.complaints.graphql.mutations import EXPECTED_VERSION
from amity.plugins.complaints.graphql.types import ComplaintNode, ComplaintRemedyNode, RecoveryPolicy, RemedyKind
from amity.schema.customers import Channel
from amity.schema.errors import UserError, mutation_payload
from amity.schema.permissions import ensure, requires_permission
from amity.schema.relay import input_id


@strawberry.input
class RecordComplaintFollowUpInput:
    id: strawberry.ID = strawberry.field(description="The resolved complaint.")
    satisfied: bool = strawberry.field(description="False reopens the complaint.")
    rating: int = strawberry.field(description="1 (poor) to 5 (excellent).")
    comment: str = strawberry.field(
        default="", description="What the customer said; optional, at most 5000 characters.")
    would_recommend: bool = strawberry.field(description="Whether the customer would recommend us.")
    expected_version: int | None = strawberry.field(default=None, description=EXPECTED_VERSION)


@strawberry.type
class RecordComplaintFollowUpPayload:
    user_errors: list[UserError]
    complaint: ComplaintNode | None = None


@strawberry.input
class RecordRemedyInput:
    complaint_id: strawberry.ID = strawberry.field(description="A complaint that is not closed.")
    kind: RemedyKind = strawberry.field(description="What kind of recovery action it is.")
    cost: Decimal = strawberry.field(description="In the customer's currency; 0 for an apology.")
    description: str = strawberry.field(default="", description="What is to be done; at most 5000 characters.")
    owner_id: strawberry.ID | None = strawberry.field(default=None, description="Who carries it out; defaults to you.")


@strawberry.type
class RecordRemedyPayload:
    user_errors: list[UserError]
    remedy: ComplaintRemedyNode | None = None


@strawberry.input
class CompleteRemedyInput:
    id: strawberry.ID
    result: str = strawberry.field(description="How it went: fed back into the complaint's record.")
    message: str = strawberry.field(description="What the customer is told; logged as an outbound interaction.")
    channel: Channel | None = strawberry.field(default=None, description="Defaults to the complaint's channel.")


@strawberry.type
class CompleteRemedyPayload:
    user_errors: list[UserError]
    remedy: ComplaintRemedyNode | None = None


@strawberry.input
class SetRemedyCostLimitInput:
    remedy_cost_limit: Decimal = strawberry.field(
        description="Decimal string, not negative; a remedy costing more needs `complaints.remedy.approve`.")


@strawberry.type
class SetRemedyCostLimitPayload:
    user_errors: list[UserError]
    policy: RecoveryPolicy | None = None


@strawberry.type
class RecoveryQuery:
    @strawberry.field(extensions=[requires_permission("complaints.read")], description="The service-recovery settings.")
    async def complaint_recovery_policy(self) -> RecoveryPolicy:
        return await policy.current()  # type: ignore[return-value]


@strawberry.type
class RecoveryMutation:
    @strawberry.mutation(description="Record the customer's reaction to a resolved complaint; unsatisfied reopens it.")
    async def record_complaint_follow_up(
        self, info: strawberry.Info, input: RecordComplaintFollowUpInput
    ) -> RecordComplaintFollowUpPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.handle")
            complaint = await service.record_follow_up(
                input_id(input.id, "Complaint", "id"), info.context.principal.user_id, satisfied=input.satisfied,
                rating=input.rating, comment=input.comment, would_recommend=input.would_recommend,
                expected_version=input.expected_version,
            )
            return {"complaint": complaint}

        return await mutation_payload(RecordComplaintFollowUpPayload, action)

    @strawberry.mutation(description="Plan a remedy; above the cost limit it needs complaints.remedy.approve.")
    async def record_remedy(self, info: strawberry.Info, input: RecordRemedyInput) -> RecordRemedyPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.remedy")
            principal = info.context.principal
            remedy = await recovery.record_remedy(
                input_id(input.complaint_id, "Complaint", "complaintId"), principal.user_id, kind=input.kind.value,
                cost=input.cost, description=input.description,
                owner_id=None if input.owner_id is None else input_id(input.owner_id, "User", "ownerId"),
                may_approve=principal.has("complaints.remedy.approve"),
            )
            return {"remedy": remedy}

        return await mutation_payload(RecordRemedyPayload, action)

    @strawberry.mutation(description="Mark a remedy done with its result and tell the customer.")
    async def complete_remedy(self, info: strawberry.Info, input: CompleteRemedyInput) -> CompleteRemedyPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.remedy")
            remedy = await recovery.complete_remedy(
                input_id(input.id, "ComplaintRemedy", "id"), info.context.principal.user_id, result=input.result,
                message=input.message, channel=None if input.channel is None else input.channel.value,
            )
            return {"remedy": remedy}

        return await mutation_payload(CompleteRemedyPayload, action)

    @strawberry.mutation(description="Change the cost above which a remedy needs an approver.")
    async def set_remedy_cost_limit(self, info: strawberry.Info, input: SetRemedyCostLimitInput) -> SetRemedyCostLimitPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.configure")
            return {"policy": await recovery.set_cost_limit(input.remedy_cost_limit)}

        return await mutation_payload(SetRemedyCostLimitPayload, action)
