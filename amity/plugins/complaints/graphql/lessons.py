"""Lessons and preventive actions in GraphQL: the ComplaintLesson node, the lessons list, the
mutations and ``Complaint.lessons``. Rules live in ``amity.plugins.complaints.lessons``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import UNSET

from amity.plugins.complaints import lessons, models
from amity.plugins.complaints.graphql.filters import RootCauseFilter
from amity.plugins.complaints.graphql.types import ComplaintNode, RootCause, _is, _user
from amity.schema.customers import User
from amity.schema.errors import UserError, mutation_payload
from amity.schema.filters import IDFilter, Ref, enum_filter, to_q
from amity.schema.permissions import ensure, requires_permission
from amity.schema.relay import Connection, Node, SortKey, input_id, list_page

LessonStatus = strawberry.enum(models.LessonStatus, description="Whether the preventive action is still to be done.")
LessonStatusFilter = enum_filter(LessonStatus)
LESSON_ORDER = (SortKey("created_at", True),)


def _linked(source: str, target: str) -> Callable[[], Callable[[list[int]], Any]]:
    """A batch function factory: for each ``source`` id (lesson or complaint), the ``target``
    ids linked to it, in link order; one query for a whole page."""

    def make() -> Callable[[list[int]], Any]:
        async def load(keys: list[int]) -> list[list[int]]:
            groups: dict[int, list[int]] = defaultdict(list)
            rows = await models.ComplaintLessonLink.filter(**{f"{source}__in": set(keys)}).order_by("id").values_list(
                source, target)
            for key, linked in rows:
                groups[key].append(linked)
            return [groups.get(key, []) for key in keys]

        return load

    return make


@strawberry.type(name="ComplaintLesson",
                 description="What a root cause taught, and the preventive action that keeps it from recurring.")
class ComplaintLessonNode(Node):
    root_cause: RootCause = strawberry.field(description="The root cause every linked complaint's analysis found.")
    learned: str = strawberry.field(description="What the complaints taught.")
    preventive_action: str = strawberry.field(description="What is done so that the cause does not recur.")
    due_on: date = strawberry.field(description="When the preventive action is due.")
    status: LessonStatus = strawberry.field(description="OPEN until the preventive action is done.")
    completed_at: datetime | None = strawberry.field(description="When the preventive action was done.")
    created_at: datetime
    updated_at: datetime
    version: int
    is_type_of = _is(models.ComplaintLesson)

    @strawberry.field(description="Who carries out the preventive action.")
    async def action_owner(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.action_owner_id)  # type: ignore[attr-defined]

    @strawberry.field(description="Who recorded the lesson; null for system entries.")
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.recorded_by_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The complaints it was learned from.")
    async def complaints(self, info: strawberry.Info) -> list[ComplaintNode]:
        ids = await info.context.loaders.get(("complaints", "lesson_complaints"),
                                             _linked("lesson_id", "complaint_id")).load(self.pk)  # type: ignore[attr-defined]
        return await info.context.loaders.by_id(models.Complaint).load_many(ids)


@strawberry.type
class ComplaintLessons:
    """Fields the lessons add to ``Complaint``."""

    @strawberry.field(description="Lessons learned from this complaint, in the order they were linked.")
    async def lessons(self, info: strawberry.Info) -> list[ComplaintLessonNode]:
        ids = await info.context.loaders.get(("complaints", "complaint_lessons"),
                                             _linked("complaint_id", "lesson_id")).load(self.pk)  # type: ignore[attr-defined]
        return await info.context.loaders.by_id(models.ComplaintLesson).load_many(ids)


@strawberry.input
class ComplaintLessonFilter:
    root_cause: RootCauseFilter | None = UNSET
    status: LessonStatusFilter | None = UNSET
    action_owner: IDFilter | None = strawberry.field(
        default=UNSET, description="Global ID of the user who owns the preventive action.")


LESSON_COLUMNS = {"root_cause": "root_cause", "status": "status", "action_owner": Ref("action_owner_id", "User")}


@strawberry.input
class RecordLessonInput:
    root_cause: RootCause = strawberry.field(description="Must be the root cause each complaint's analysis found.")
    learned: str = strawberry.field(description="What the complaints taught.")
    preventive_action: str = strawberry.field(description="What is done so the cause does not recur.")
    due_on: date = strawberry.field(description="When the preventive action is due; not in the past.")
    complaint_ids: list[strawberry.ID] = strawberry.field(
        description="The complaints it was learned from; each analysed with this root cause.")
    action_owner_id: strawberry.ID | None = strawberry.field(default=None, description="Defaults to you.")


@strawberry.input
class UpdatePreventiveActionInput:
    id: strawberry.ID
    preventive_action: str | None = strawberry.field(default=UNSET, description="Cannot be blank; null keeps it.")
    action_owner_id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="An active user; null keeps the owner.")
    due_on: date | None = strawberry.field(default=UNSET, description="Not in the past; null keeps it.")
    status: LessonStatus | None = strawberry.field(default=UNSET, description="DONE records when; OPEN again clears it.")
    expected_version: int | None = None


@strawberry.type
class RecordLessonPayload:
    user_errors: list[UserError]
    lesson: ComplaintLessonNode | None = None


@strawberry.type
class UpdatePreventiveActionPayload:
    user_errors: list[UserError]
    lesson: ComplaintLessonNode | None = None


def _changes(input: UpdatePreventiveActionInput) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if input.preventive_action not in (UNSET, None):
        changes["preventive_action"] = input.preventive_action
    if input.due_on not in (UNSET, None):
        changes["due_on"] = input.due_on
    if input.status not in (UNSET, None):
        changes["status"] = input.status.value  # type: ignore[union-attr]
    if input.action_owner_id not in (UNSET, None):
        changes["action_owner_id"] = input_id(input.action_owner_id, "User", "actionOwnerId")  # type: ignore[arg-type]
    return changes


@strawberry.type
class LessonQuery:
    @strawberry.field(extensions=[requires_permission("complaints.read")],
                      description="Lessons learned from complaints, newest first.")
    async def complaint_lessons(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None, last: int | None = None,
        before: str | None = None, filter: ComplaintLessonFilter | None = None,
    ) -> Connection[ComplaintLessonNode]:
        return await list_page(
            info,
            models.ComplaintLesson.filter(to_q(filter, LESSON_COLUMNS)), LESSON_ORDER, first=first, after=after,
            last=last, before=before,
            signature="complaintLessons",
        )


@strawberry.type
class LessonMutation:
    @strawberry.mutation(description="Record what a root cause taught and the preventive action, from complaints.")
    async def record_lesson(self, info: strawberry.Info, input: RecordLessonInput) -> RecordLessonPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.handle")
            complaint_ids = [input_id(value, "Complaint", f"complaintIds.{index}")
                             for index, value in enumerate(input.complaint_ids)]
            owner = None if input.action_owner_id is None else input_id(input.action_owner_id, "User", "actionOwnerId")
            lesson = await lessons.record_lesson(
                info.context.principal.user_id, root_cause=input.root_cause.value, learned=input.learned,
                preventive_action=input.preventive_action, due_on=input.due_on, complaint_ids=complaint_ids,
                action_owner_id=owner,
            )
            return {"lesson": lesson}

        return await mutation_payload(RecordLessonPayload, action)

    @strawberry.mutation(description="Change a lesson's preventive action: text, owner, due date or status.")
    async def update_preventive_action(
        self, info: strawberry.Info, input: UpdatePreventiveActionInput
    ) -> UpdatePreventiveActionPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "complaints.handle")
            lesson_id = input_id(input.id, "ComplaintLesson", "id")
            return {"lesson": await lessons.update_preventive_action(lesson_id, _changes(input), input.expected_version)}

        return await mutation_payload(UpdatePreventiveActionPayload, action)
