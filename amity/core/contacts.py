"""Rules on the contact persons of a customer."""

from __future__ import annotations

from typing import Any

from amity.core import clock, events
from amity.core.customers import customer_region, sync_identities
from amity.core.errors import DomainError, not_found
from amity.core.models import ContactPerson, Customer
from amity.core.validation import Problems, normalise_email, normalise_phone, required_text


def _clean_contact(values: dict[str, Any], region: str | None, *, creating: bool) -> dict[str, Any]:
    problems = Problems()
    clean: dict[str, Any] = {}
    if creating or "name" in values:
        clean["name"] = required_text(values.get("name"), "name", problems)
    if "title" in values:
        clean["title"] = (values["title"] or "").strip()
    if "email" in values:
        clean["email"] = normalise_email(values["email"], "email", problems) if values["email"] else None
    if "phone" in values:
        clean["phone"] = normalise_phone(values["phone"], "phone", problems, region) if values["phone"] else None
    if "is_primary" in values:
        clean["is_primary"] = bool(values["is_primary"])
    if problems:
        raise DomainError(*problems)
    return clean


async def _only_primary(contact: ContactPerson) -> None:
    if contact.is_primary:
        await ContactPerson.filter(customer_id=contact.customer_id, is_primary=True).exclude(id=contact.id).update(is_primary=False)


async def add_contact(customer_id: int, values: dict[str, Any]) -> ContactPerson:
    """Add a contact person to a customer; a primary contact replaces the previous primary one."""
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise not_found("customer", "customerId")
    clean = _clean_contact(values, customer_region(customer), creating=True)
    async with events.transaction():
        contact = await ContactPerson.create(customer_id=customer_id, created_at=clock.now(), **clean)
        await _only_primary(contact)
        await sync_identities(customer)
        events.emit("contact.created", customer_id=customer_id, contact_id=contact.id)
    return contact


async def update_contact(contact_id: int, values: dict[str, Any]) -> ContactPerson:
    """Change some fields of a contact person."""
    contact = await ContactPerson.get_or_none(id=contact_id).select_related("customer")
    if contact is None:
        raise not_found("contact person")
    clean = _clean_contact(values, customer_region(contact.customer), creating=False)
    async with events.transaction():
        await ContactPerson.filter(id=contact_id).update(**clean)
        contact = await ContactPerson.get(id=contact_id)
        await _only_primary(contact)
        await sync_identities(await Customer.get(id=contact.customer_id))
        events.emit("contact.updated", customer_id=contact.customer_id, contact_id=contact_id)
    return contact


async def remove_contact(contact_id: int) -> int:
    """Delete a contact person; their interactions stay on the customer. Returns the customer's id."""
    contact = await ContactPerson.get_or_none(id=contact_id)
    if contact is None:
        raise not_found("contact person")
    async with events.transaction():
        await contact.delete()
        await sync_identities(await Customer.get(id=contact.customer_id))
        events.emit("contact.removed", customer_id=contact.customer_id, contact_id=contact_id)
    return contact.customer_id
