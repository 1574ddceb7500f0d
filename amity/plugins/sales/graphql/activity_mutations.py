"""Mutations on activities: schedule, change and complete calls, meetings and tasks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry import UNSET

from amity.core.errors import not_found
from amity.plugins.sales import activities
from amity.plugins.sales.graphql.activity_types import Activity, ActivityKind
from amity.plugins.sales.graphql.visibility import activity_shown, ensure_visible
from amity.plugins.sales.models import Activity as ActivityModel
from amity.schema.errors import UserError, mutation_payload
from amity.schema.permissions import ensure
from amity.schema.relay import input_id, to_global_id

WRITE = "sales.activity.write"


@strawberry.input
class ScheduleActivityInput:
    kind: ActivityKind = strawberry.field(description="A completed call or meeting is also logged as an interaction.")
    subject: str = strawberry.field(description="One line, at most 200 characters.")
    due_at: datetime = strawberry.field(description="ISO 8601 with a time zone.")
    customer_id: strawberry.ID | None = strawberry.field(default=None, description="Needed unless opportunityId is given.")
    opportunity_id: strawberry.ID | None = strawberry.field(
        default=None, description="The deal it is on; its customer is the activity's (a `customerId` must match it).")
    notes: str = strawberry.field(default="", description="Free text for whoever does it.")
    owner_id: strawberry.ID | None = strawberry.field(default=UNSET, description="Defaults to you.")


@strawberry.input(description="Only the fields sent change. Subject and due time are required: null is refused "
                               "(REQUIRED); null clears the notes or the owner.")
class UpdateActivityInput:
    id: strawberry.ID
    subject: str | None = strawberry.field(default=UNSET, description="Cannot be blank or null.")
    notes: str | None = strawberry.field(default=UNSET, description="null clears them.")
    due_at: datetime | None = strawberry.field(default=UNSET, description="ISO 8601 with a time zone; cannot be null.")
    owner_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="null leaves the activity without owner.")
    expected_version: int | None = None


@strawberry.input
class CompleteActivityInput:
    id: strawberry.ID
    outcome: str = strawberry.field(
        default="", description="What came of it; the summary of the interaction logged for a call or meeting.")
    occurred_at: datetime | None = strawberry.field(default=None, description="When a call or meeting took place; default now.")
    expected_version: int | None = None


@strawberry.type
class ActivityPayload:
    user_errors: list[UserError]
    activity: Activity | None = None


@strawberry.type
class ScheduleActivityPayload(ActivityPayload):
    pass


@strawberry.type
class UpdateActivityPayload(ActivityPayload):
    pass


@strawberry.type
class CompleteActivityPayload(ActivityPayload):
    pass


def _owner(values: dict[str, Any], owner_id: Any) -> None:
    if owner_id is not UNSET:
        values["owner_id"] = None if owner_id is None else input_id(owner_id, "User", "ownerId")


async def _ensure_activity_visible(info: strawberry.Info, activity_id: int) -> ActivityModel | None:
    """The activity, unless it is on a deal the caller may not see (then NOT_FOUND)."""
    found = await info.context.loaders.by_id(ActivityModel).load(activity_id)
    if found is not None and not await activity_shown(info, found):
        raise not_found("activity")
    return found


@strawberry.type
class ActivityMutation:
    @strawberry.mutation(description="Plan a call, meeting or task with a customer or on a deal.")
    async def schedule_activity(self, info: strawberry.Info, input: ScheduleActivityInput) -> ScheduleActivityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            values: dict[str, Any] = {"kind": input.kind.value, "subject": input.subject, "due_at": input.due_at, "notes": input.notes}
            if input.customer_id is not None:
                values["customer_id"] = input_id(input.customer_id, "Customer", "customerId")
            if input.opportunity_id is not None:
                values["opportunity_id"] = input_id(input.opportunity_id, "Opportunity", "opportunityId")
                await ensure_visible(info, values["opportunity_id"], "opportunityId")
            _owner(values, input.owner_id)
            return {"activity": await activities.schedule_activity(values, info.context.principal.user_id)}

        return await mutation_payload(ScheduleActivityPayload, action)

    @strawberry.mutation(description="Change the subject, notes, due time or owner of an activity not done yet.")
    async def update_activity(self, info: strawberry.Info, input: UpdateActivityInput) -> UpdateActivityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            activity_id = input_id(input.id, "Activity", "id")
            await _ensure_activity_visible(info, activity_id)
            values = {k: getattr(input, k) for k in ("subject", "notes", "due_at") if getattr(input, k) is not UNSET}
            _owner(values, input.owner_id)
            return {"activity": await activities.update_activity(activity_id, values, input.expected_version)}

        return await mutation_payload(UpdateActivityPayload, action)

    @strawberry.mutation(description="Mark an activity done; a call or meeting is also logged as an interaction.")
    async def complete_activity(self, info: strawberry.Info, input: CompleteActivityInput) -> CompleteActivityPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            activity_id = input_id(input.id, "Activity", "id")
            found = await _ensure_activity_visible(info, activity_id)
            if found is not None and found.kind != "task":
                ensure(info, "interaction.write")
            link = None if found is None or found.opportunity_id is None else to_global_id("Opportunity", found.opportunity_id)
            done = await activities.complete_activity(
                activity_id, input.outcome, info.context.principal.user_id, occurred_at=input.occurred_at, link=link,
                expected_version=input.expected_version,
            )
            return {"activity": done}

        return await mutation_payload(CompleteActivityPayload, action)
