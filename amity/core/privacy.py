"""What amity holds on one customer, and erasing it (seed 002: privacy, notice and consent).

The core exports and erases its own records; each plugin answers the
``export_customer_data`` and ``erase_customer_data`` hooks for its rows.
"""

from __future__ import annotations

from typing import Any

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import ConsentRecord, ContactPerson, Customer, Interaction
from amity.core.plugins import PluginSet

CUSTOMER_FIELDS = (
    "code", "name", "type", "status", "postal_address", "delivery_address", "invoice_address", "phones", "emails",
    "currency", "payment_terms", "preferential_terms", "tax_rule", "bank_account", "credit_limit", "tags",
    "attributes", "created_at", "updated_at",
)


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else str(value) if hasattr(value, "as_tuple") else value


async def export_customer(customer_id: int, plugins: PluginSet) -> dict[str, Any]:
    """Everything amity holds on one customer, as a JSON-ready dict keyed by module."""
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise not_found("customer")
    core = {field: _plain(getattr(customer, field)) for field in CUSTOMER_FIELDS}
    core["contacts"] = await ContactPerson.filter(customer_id=customer_id).order_by("id").values("name", "title", "email", "phone")
    core["interactions"] = [
        {**row, "occurred_at": row["occurred_at"].isoformat()}
        for row in await Interaction.filter(customer_id=customer_id).order_by("occurred_at").values(
            "channel", "direction", "initiator", "mode", "subject", "summary", "occurred_at")
    ]
    core["consents"] = [
        {**row, "recorded_at": row["recorded_at"].isoformat()}
        for row in await ConsentRecord.filter(customer_id=customer_id).values("channel", "purpose", "granted", "source", "recorded_at")
    ]
    return {"core": core, **await plugins.acall_per_plugin("export_customer_data", customer=customer)}


async def erase_customer(customer_id: int, confirm_code: str, plugins: PluginSet) -> str:
    """Delete a customer and everything linked to it, in one transaction; plugins erase their
    rows first. ``confirm_code`` must repeat the customer's code. Returns the erased code."""
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise not_found("customer")
    if confirm_code != customer.code:
        raise DomainError.single("CONFIRMATION_MISMATCH", "confirmCode must repeat the customer's code", "confirmCode")
    async with events.transaction():
        await plugins.acall("erase_customer_data", customer=customer)
        await customer.delete()
        events.emit("customer.erased", customer_id=customer_id, erased_at=clock.now().isoformat())
    return customer.code
