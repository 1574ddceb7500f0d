"""The churn-risk signal: a complaint, and still more a failed recovery, puts the customer at
risk of leaving (seed 000: a complaint is a chance to keep the customer). The lifecycle
calls these inside its transaction, so ``customer.churn_risk`` is published after the commit,
for any module that scores or acts on churn risk.

Levels: a received complaint is ``low``, ``medium`` or ``high`` after its severity (high and
critical are ``high``), one level higher when it is a repeat (the same customer complained
within the repeat window); an unsatisfied follow-up is ``high``.
"""

from __future__ import annotations

from enum import StrEnum

from amity.core import events
from amity.plugins.complaints import policy, repeats
from amity.plugins.complaints.models import Complaint, Severity


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Reason(StrEnum):
    COMPLAINT_RECEIVED = "complaint_received"
    REPEAT_COMPLAINT = "repeat_complaint"
    UNSATISFIED_FOLLOW_UP = "unsatisfied_follow_up"


LEVELS = tuple(Level)
BY_SEVERITY = {Severity.LOW: Level.LOW, Severity.MEDIUM: Level.MEDIUM, Severity.HIGH: Level.HIGH,
               Severity.CRITICAL: Level.HIGH}


def _emit(complaint: Complaint, reason: Reason, level: Level) -> None:
    events.emit("customer.churn_risk", customer_id=complaint.customer_id, reason=reason.value,
                complaint_id=complaint.id, level=level.value)


async def complaint_received(complaint: Complaint) -> None:
    """Signal the risk a newly recorded complaint carries (inside the caller's transaction)."""
    window = (await policy.current()).repeat_window_days
    earlier = await repeats.previous_complaints([(complaint.id, complaint.customer_id, complaint.received_at)], window)
    level = BY_SEVERITY[Severity(complaint.severity)]
    if earlier[0]:
        _emit(complaint, Reason.REPEAT_COMPLAINT, LEVELS[min(LEVELS.index(level) + 1, len(LEVELS) - 1)])
    else:
        _emit(complaint, Reason.COMPLAINT_RECEIVED, level)


def follow_up_unsatisfied(complaint: Complaint) -> None:
    """Signal a failed recovery: the customer is not satisfied with the resolution."""
    _emit(complaint, Reason.UNSATISFIED_FOLLOW_UP, Level.HIGH)
