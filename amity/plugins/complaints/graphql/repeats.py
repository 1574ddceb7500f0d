"""Repeat complaints in GraphQL: ``Complaint.isRepeat`` and ``Complaint.previousComplaints``
(batched for a whole page) and the repeat window setting. Rules live in
``amity.plugins.complaints.repeats``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry

from amity.plugins.complaints import policy, repeats
from amity.plugins.complaints.graphql.types import ComplaintNode, RecoveryPolicy
from amity.schema.errors import ClientError, UserError, mutation_payload
from amity.schema.permissions import ensure

WithinDays = Annotated[int | None, strawberry.argument(
    description="Days before this complaint to look back; defaults to the recovery policy's repeatWindowDays.")]


def _previous(within_days: int) -> Callable[[], Callable[[list[repeats.Received]], Any]]:
    def make() -> Callable[[list[repeats.Received]], Any]:
        async def load(keys: list[repeats.Received]) -> list[list[Any]]:
            return await repeats.previous_complaints(keys, within_days)

        return load

    return make


def _policy() -> Callable[[list[int]], Any]:
    async def load(keys: list[int]) -> list[Any]:
        found = await policy.current()
        return [found for _ in keys]

    return load


async def _earlier(complaint: Any, info: strawberry.Info, within_days: int | None) -> list[Any]:
    """The same customer's complaints within the window before ``complaint``, newest first."""
    if within_days is None:
        within_days = (await info.context.loaders.get(("complaints", "policy"), _policy).load(0)).repeat_window_days
    elif not 1 <= within_days <= repeats.MAX_WINDOW_DAYS:
        raise ClientError(f"withinDays must be from 1 to {repeats.MAX_WINDOW_DAYS}", "BAD_ARGUMENTS")
    loader = info.context.loaders.get(("complaints", "previous", within_days), _previous(within_days))
    return await loader.load((complaint.pk, complaint.customer_id, complaint.received_at))


@strawberry.type
class ComplaintRepeats:
    """Fields repeat detection adds to ``Complaint``."""

    @strawberry.field(description="Whether the same customer complained before within the repeat window.")
    async def is_repeat(self, info: strawberry.Info, within_days: WithinDays = None) -> bool:
        return bool(await _earlier(self, info, within_days))

    @strawberry.field(description="The same customer's complaints within the repeat window before this one, newest first.")
    async def previous_complaints(self, info: strawberry.Info, within_days: WithinDays = None) -> list[ComplaintNode]:
        return await _earlier(self, info, within_days)


@strawberry.input
class SetComplaintRepeatWindowInput:
    repeat_window_days: int = strawberry.field(description="From 1 to 3650.")


@strawberry.type
class SetComplaintRepeatWindowPayload:
    user_errors: list[UserError]
    policy: RecoveryPolicy | None = None


@strawberry.type
class RepeatMutation:
    @strawberry.mutation(description="Change how many days back an earlier complaint makes a customer's new one a repeat.")
    async def set_complaint_repeat_window(
        self, info: strawberry.Info, input: SetComplaintRepeatWindowInput
    ) -> SetComplaintRepeatWindowPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.configure")
            return {"policy": await repeats.set_window(input.repeat_window_days)}

        return await mutation_payload(SetComplaintRepeatWindowPayload, action)
