"""Rules on interactions: every exchange with a customer, on any channel (seed 003)."""

from __future__ import annotations

from typing import Any

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import Channel, ContactPerson, Customer, Direction, Initiator, Interaction, InteractionMode
from amity.core.validation import Problems, required_text


def check_interaction(values: dict[str, Any]) -> Problems:
    """Every problem with the values of a new interaction that needs no database: choices,
    subject, and a moment with a time zone that is not in the future."""
    problems = Problems()
    for field, enum in (("channel", Channel), ("direction", Direction), ("initiator", Initiator), ("mode", InteractionMode)):
        if values.get(field) not in {item.value for item in enum}:
            problems.add(field, f"{field} must be one of {', '.join(item.value for item in enum)}", "INVALID_CHOICE")
    required_text(values.get("subject"), "subject", problems)
    occurred_at = values.get("occurred_at") or clock.now()
    if occurred_at.tzinfo is None:
        problems.add("occurredAt", "occurredAt needs a time zone", "INVALID")
    elif occurred_at > clock.now():
        problems.add("occurredAt", "occurredAt must not be in the future", "INVALID")
    return problems


async def log_interaction(values: dict[str, Any], recorded_by_id: int | None) -> Interaction:
    """Record one interaction on a customer's timeline."""
    problems = check_interaction(values)
    if problems:
        raise DomainError(*problems)
    subject = values["subject"].strip()
    occurred_at = values.get("occurred_at") or clock.now()
    if not await Customer.exists(id=values["customer_id"]):
        raise not_found("customer", "customerId")
    contact_id = values.get("contact_id")
    if contact_id is not None and not await ContactPerson.exists(id=contact_id, customer_id=values["customer_id"]):
        raise not_found("contact person of this customer", "contactId")
    async with events.transaction():
        interaction = await Interaction.create(
            customer_id=values["customer_id"], contact_id=contact_id, channel=values["channel"],
            direction=values["direction"], initiator=values["initiator"], mode=values["mode"], subject=subject,
            summary=(values.get("summary") or "").strip(), occurred_at=occurred_at, recorded_by_id=recorded_by_id,
            link=values.get("link"), created_at=clock.now(),
        )
        events.emit(
            "interaction.logged", interaction_id=interaction.id, customer_id=interaction.customer_id,
            channel=interaction.channel, occurred_at=occurred_at.isoformat(),
        )
    return interaction
