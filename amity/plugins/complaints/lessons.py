"""Learning from complaints: lessons and preventive actions linked to root causes (seed 000:
learn from each recovery).

A lesson names a root cause, what it taught and the preventive action that keeps it from
recurring, with the action's owner, due date and status (open, then done). It is learned
from one or more complaints whose cause analysis found that root cause: a complaint without
an analysis is ANALYSIS_REQUIRED, one whose analysis found another cause CAUSE_MISMATCH.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import User
from amity.core.validation import Problems, required_text
from amity.core.versions import changed_values, check_version, save_versioned
from amity.plugins.complaints.models import Complaint, ComplaintLesson, ComplaintLessonLink, LessonStatus, RootCause
from amity.plugins.complaints.service import MAX_TEXT

MAX_COMPLAINTS = 50


def _check_due_on(due_on: date | None, problems: Problems) -> None:
    if due_on is not None and due_on < clock.now().date():
        problems.add("dueOn", "dueOn must not be in the past", "INVALID")


async def _check_owner(owner_id: int | None) -> None:
    if owner_id is not None and not await User.exists(id=owner_id, is_active=True):
        raise not_found("user", "actionOwnerId")


async def _check_complaints(root_cause: str, complaint_ids: list[int]) -> None:
    """Each complaint exists and its cause analysis found ``root_cause``."""
    found = dict(await Complaint.filter(id__in=complaint_ids).values_list("id", "root_cause"))
    problems = Problems()
    for index, complaint_id in enumerate(complaint_ids):
        field = f"complaintIds.{index}"
        if complaint_id not in found:
            problems.add(field, "complaint not found", "NOT_FOUND")
        elif found[complaint_id] is None:
            problems.add(field, "the complaint has no cause analysis to learn from yet", "ANALYSIS_REQUIRED")
        elif found[complaint_id] != root_cause:
            problems.add(field, f"the complaint's root cause is {found[complaint_id]}, not {root_cause}",
                         "CAUSE_MISMATCH")
    if problems:
        raise DomainError(*problems)


async def record_lesson(
    by_id: int | None, *, root_cause: str, learned: str, preventive_action: str, due_on: date,
    complaint_ids: list[int], action_owner_id: int | None = None,
) -> ComplaintLesson:
    """Record what a root cause taught and the preventive action, learned from
    ``complaint_ids`` (each analysed with that root cause). The action starts ``open``, owned
    by ``action_owner_id`` (default the recorder)."""
    problems = Problems()
    if root_cause not in {c.value for c in RootCause}:
        problems.add("rootCause", f"rootCause must be one of {', '.join(c.value for c in RootCause)}", "INVALID_CHOICE")
    learned = required_text(learned, "learned", problems, MAX_TEXT)
    preventive_action = required_text(preventive_action, "preventiveAction", problems, MAX_TEXT)
    _check_due_on(due_on, problems)
    complaint_ids = list(dict.fromkeys(complaint_ids))
    if not complaint_ids:
        problems.add("complaintIds", "a lesson is learned from at least one complaint", "REQUIRED")
    elif len(complaint_ids) > MAX_COMPLAINTS:
        problems.add("complaintIds", f"at most {MAX_COMPLAINTS} complaints", "INVALID")
    if problems:
        raise DomainError(*problems)
    await _check_complaints(root_cause, complaint_ids)
    await _check_owner(action_owner_id)
    now = clock.now()
    async with events.transaction():
        lesson = await ComplaintLesson.create(
            root_cause=root_cause, learned=learned, preventive_action=preventive_action,
            action_owner_id=action_owner_id or by_id, due_on=due_on, status=LessonStatus.OPEN.value,
            recorded_by_id=by_id, created_at=now, updated_at=now,
        )
        await ComplaintLessonLink.bulk_create(
            [ComplaintLessonLink(lesson=lesson, complaint_id=complaint_id) for complaint_id in complaint_ids])
    return lesson


async def update_preventive_action(
    lesson_id: int, changes: dict[str, Any], expected_version: int | None = None
) -> ComplaintLesson:
    """Change a lesson's preventive action: any of ``preventive_action``, ``action_owner_id``,
    ``due_on`` and ``status`` (``done`` records when; ``open`` again clears it). STALE when
    ``expected_version`` is not the lesson's version."""
    problems = Problems()
    clean: dict[str, Any] = {}
    if "preventive_action" in changes:
        clean["preventive_action"] = required_text(changes["preventive_action"], "preventiveAction", problems, MAX_TEXT)
    if "due_on" in changes:
        _check_due_on(changes["due_on"], problems)
        clean["due_on"] = changes["due_on"]
    if "status" in changes:
        if changes["status"] not in {s.value for s in LessonStatus}:
            problems.add("status", "status must be open or done", "INVALID_CHOICE")
        clean["status"] = changes["status"]
    if problems:
        raise DomainError(*problems)
    if "action_owner_id" in changes:
        await _check_owner(changes["action_owner_id"])
        clean["action_owner_id"] = changes["action_owner_id"]
    async with events.transaction():
        lesson = await ComplaintLesson.filter(id=lesson_id).select_for_update().first()
        if lesson is None:
            raise not_found("lesson")
        check_version(lesson, expected_version, "the lesson")
        clean = changed_values(lesson, clean)
        if not clean:
            return lesson
        now = clock.now()
        if "status" in clean:
            clean["completed_at"] = now if clean["status"] == LessonStatus.DONE else None
        return await save_versioned(lesson, "the lesson", **clean, updated_at=now)
