"""Demo complaints for ``amity serve --demo``: complaints in every status, with the customer's
words, cause analyses, remedies, resolutions, follow-ups and the lessons learned, written
through the services so every rule holds.

Each step happens at its own moment in the past on the shared clock, so acknowledgement
and resolution times look like real handling."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from amity.core import clock
from amity.plugins.complaints import lessons, overdue, recovery, service
from amity.plugins.complaints.models import Complaint, LessonStatus, RootCause, Severity, Status

#: (category, channel, the customer's words, desired outcome, root cause, justified, facts, resolution)
STORIES = (
    ("product_quality", "phone", "The blender I bought last week stopped working after two uses. I expected better.",
     "A working replacement", RootCause.PRODUCT_DEFECT, True, "Batch 24-17 has a faulty motor switch; 3% of units affected.",
     "Replacement shipped by express; batch 24-17 withdrawn."),
    ("delivery", "email", "Two of the five cartons arrived crushed, and the driver would not wait while I checked them.",
     "Replace the damaged goods", RootCause.SUPPLIER, True, "The carrier's depot changed the pallet wrapping in March.",
     "Damaged goods replaced; claim filed with the carrier; wrapping standard agreed."),
    ("billing", "letter", "I was invoiced twice for the May order.", "Refund the second invoice",
     RootCause.PROCESS_FAILURE, True, "A retried export job created a duplicate invoice.",
     "Duplicate invoice cancelled and refunded; export made idempotent."),
    ("staff_attitude", "meeting", "Your sales assistant was dismissive when I asked about the warranty.",
     "An apology", RootCause.STAFF_BEHAVIOUR, True, "The assistant confirmed the exchange; no warranty training yet.",
     "Personal apology by the store manager; warranty training scheduled."),
    ("service", "chat", "The technician came a day late and without the spare part.", "A new appointment this week",
     RootCause.COMMUNICATION, True, "The part order was not passed on to the technician's schedule.",
     "Appointment rebooked with the part confirmed in advance."),
    ("billing", "phone", "The price on my invoice is higher than in the quotation.", "The quoted price",
     RootCause.CUSTOMER_MISUNDERSTANDING, False, "The quotation had expired; the new price list applied, as stated.",
     "Explained the expiry with the quotation terms; offered the next order at the old price."),
    ("other", "website", "Your website kept logging me out while I was ordering.", "Fix the website",
     RootCause.OTHER, True, "A session timeout of 5 minutes was set by mistake in the last release.",
     "Timeout restored to 60 minutes."),
)
#: The remedy of each story, in the same order: kind, cost, what the customer is told, how it went.
REMEDIES = (
    ("replacement", "89.00", "A new blender is on its way by express.", "Delivered the next day."),
    ("replacement", "240.00", "We are replacing the two cartons this week.", "Replaced; the customer checked them on arrival."),
    ("refund", "59.90", "We have refunded the duplicate invoice.", "Refund booked and confirmed by the customer."),
    ("apology", "0", "Our store manager apologises personally.", "Apology accepted in a call."),
    ("repair", "45.00", "The technician comes back on Thursday with the part.", "Repaired on the second visit."),
    ("coupon", "10.00", "Please accept a coupon for your next order.", "Coupon sent."),
    ("goodwill_credit", "20.00", "We credited your account for the trouble.", "Credit applied to the next invoice."),
)
#: What each root cause taught, and the preventive action.
LESSONS = {
    RootCause.PRODUCT_DEFECT: ("A faulty batch reached customers before anyone noticed.",
                               "Test a sample of every batch before it ships."),
    RootCause.SUPPLIER: ("The carrier changed its wrapping without telling us.",
                         "Agree a wrapping standard with the carrier and audit it quarterly."),
    RootCause.PROCESS_FAILURE: ("A retried export job can bill twice.", "Make the invoice export idempotent."),
    RootCause.STAFF_BEHAVIOUR: ("Staff did not know the warranty terms.", "Warranty training for all store staff."),
    RootCause.COMMUNICATION: ("Part orders did not reach the technicians' schedules.",
                              "Show part orders in the technicians' schedule."),
}
#: The status each demo complaint ends in, in turn.
FINAL_STATUSES = (Status.RECEIVED, Status.ACKNOWLEDGED, Status.INVESTIGATING, Status.RESOLVED, Status.FOLLOWED_UP,
                  Status.CLOSED, Status.REOPENED)
SEVERITIES = tuple(Severity)


async def seed(ctx: Any, count: int = 40) -> None:
    """Record ``count`` complaints of the demo customers, in every status, in the past, and
    escalate those that missed their response-time targets."""
    if not ctx.customers:
        return
    recorder = ctx.users.get("agent")
    handler = ctx.users.get("manager")
    handler_id = handler.id if handler else None
    now = clock.now()
    for number in range(count):
        customer = ctx.random.choice(ctx.customers)
        story = (number + number // len(FINAL_STATUSES)) % len(STORIES)  # every story reaches every status
        category, channel, words, outcome, cause, justified, facts, resolution = STORIES[story]
        remedy = REMEDIES[story]
        final = FINAL_STATUSES[number % len(FINAL_STATUSES)]
        received = now - timedelta(days=ctx.random.randint(12, 120), hours=ctx.random.randint(0, 8))
        with clock.frozen(received) as moment:
            complaint = await service.record_complaint(
                {"customer_id": customer.id, "channel": channel, "category": category, "description": words,
                 "severity": ctx.random.choice(SEVERITIES).value, "desired_outcome": outcome,
                 "owner_id": handler_id},
                recorder.id if recorder else None, {},
            )
            await _handle(complaint.id, final, handler_id, moment, (cause, justified, facts, resolution, remedy), ctx)
    await overdue.escalate_overdue()
    await _learn(handler_id)


async def _learn(by_id: int | None) -> None:
    """A lesson for each root cause the analyses found, from up to five of its complaints;
    every other one's preventive action is done."""
    due = (clock.now() + timedelta(days=30)).date()
    for number, (cause, (learned, action)) in enumerate(LESSONS.items()):
        found = await Complaint.filter(root_cause=cause.value).order_by("id").limit(5).values_list("id", flat=True)
        if not found:
            continue
        lesson = await lessons.record_lesson(by_id, root_cause=cause.value, learned=learned, preventive_action=action,
                                             due_on=due, complaint_ids=list(found))
        if number % 2:
            await lessons.update_preventive_action(lesson.id, {"status": LessonStatus.DONE.value})


async def _handle(complaint_id: int, final: Status, by_id: int | None, moment: Any, story: tuple, ctx: Any) -> None:
    """Move one complaint along the lifecycle up to ``final``, a few hours or days per step."""
    cause, justified, facts, resolution, (kind, cost, message, result) = story
    if final == Status.RECEIVED:
        return
    moment.advance(hours=ctx.random.randint(1, 30))
    await service.acknowledge(complaint_id, by_id, "Thank you for telling us. We are looking into it and will "
                              "come back to you within two working days.")
    if final == Status.ACKNOWLEDGED:
        return
    moment.advance(hours=ctx.random.randint(2, 24))
    await service.start_investigation(complaint_id, by_id, "facts first")
    if final == Status.INVESTIGATING and ctx.random.random() < 0.5:
        return
    moment.advance(days=ctx.random.randint(1, 3))
    await service.record_cause_analysis(complaint_id, by_id, cause.value, facts, justified)
    if final == Status.INVESTIGATING:
        return
    remedy = await recovery.record_remedy(complaint_id, by_id, kind=kind, cost=cost, may_approve=True)
    moment.advance(days=ctx.random.randint(0, 3), hours=2)
    await recovery.complete_remedy(remedy.id, by_id, result=result, message=message)
    await service.resolve(complaint_id, by_id, resolution)
    if final == Status.RESOLVED:
        return
    moment.advance(days=ctx.random.randint(2, 7))
    satisfied = final != Status.REOPENED
    await service.record_follow_up(
        complaint_id, by_id, satisfied=satisfied, rating=ctx.random.randint(4, 5) if satisfied else 2,
        comment="" if satisfied else "The problem came back.", would_recommend=satisfied,
    )
    if final == Status.CLOSED:
        await service.close(complaint_id, by_id, "recovered")
