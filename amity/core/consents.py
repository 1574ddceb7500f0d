"""Consent per customer, channel and purpose, with its source (seed 002: notice and consent).

Every module that contacts customers asks ``has_consent`` first.
"""

from __future__ import annotations

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import Channel, ConsentRecord, Customer
from amity.core.validation import Problems, required_text


async def record_consent(customer_id: int, channel: str, purpose: str, granted: bool, source: str) -> ConsentRecord:
    """Set whether a customer agrees to contact on ``channel`` for ``purpose``; keeps the source."""
    problems = Problems()
    if channel not in {item.value for item in Channel}:
        problems.add("channel", "unknown channel", "INVALID_CHOICE")
    purpose = required_text(purpose, "purpose", problems, 50)
    source = required_text(source, "source", problems, 100)
    if problems:
        raise DomainError(*problems)
    if not await Customer.exists(id=customer_id):
        raise not_found("customer", "customerId")
    async with events.transaction():
        consent, _ = await ConsentRecord.update_or_create(
            customer_id=customer_id, channel=channel, purpose=purpose,
            defaults={"granted": granted, "source": source, "recorded_at": clock.now()},
        )
        events.emit("consent.changed", customer_id=customer_id, channel=channel, purpose=purpose, granted=granted)
    return consent


async def has_consent(customer_id: int, channel: str, purpose: str) -> bool:
    """True only when the customer explicitly granted this channel and purpose."""
    return await ConsentRecord.exists(customer_id=customer_id, channel=channel, purpose=purpose, granted=True)
