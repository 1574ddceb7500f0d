"""Rules on customers: validation, duplicate detection and merging.

Contact persons, interactions, consents and the timeline have modules of their own. Every write runs in ``events.transaction()`` so its events go out only after commit. The
GraphQL layer, the CLI importer and the jobs all call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from amity.core import clock, events
from amity.core.errors import DomainError, FieldProblem, not_found
from amity.core.models import (
    ConsentRecord,
    ContactPerson,
    Customer,
    CustomerIdentity,
    CustomerStatus,
    IdentityKind,
    Interaction,
    User,
)
from amity.core.plugins import HookCaller
from amity.core.validation import (
    Problems,
    check_amount,
    check_country,
    check_currency,
    normalise_email,
    normalise_phone,
    required_text,
)
from amity.core.versions import changed_values, check_version, save_versioned

ADDRESS_FIELDS = ("postal_address", "delivery_address", "invoice_address")
TEXT_FIELDS = {"payment_terms": 100, "preferential_terms": 2000, "tax_rule": 100, "bank_account": 64}
def _clean_address(value: dict[str, Any] | None, field: str, problems: Problems) -> dict[str, Any] | None:
    if value is None:
        return None
    address = {key: (str(val).strip() if val is not None else "") for key, val in value.items()}
    required_text(address.get("street"), f"{field}.street", problems)
    required_text(address.get("city"), f"{field}.city", problems)
    address["country"] = check_country(address.get("country", ""), f"{field}.country", problems)
    return address


def _region(values: dict[str, Any]) -> str | None:
    for field in ADDRESS_FIELDS:
        address = values.get(field)
        if address and address.get("country"):
            return address["country"]
    return None


def clean_customer(values: dict[str, Any], customer_types: Sequence[str], *, creating: bool) -> dict[str, Any]:
    """Check and normalise customer fields; raises DomainError listing every problem."""
    problems = Problems()
    clean: dict[str, Any] = {}
    for field, limit in (("code", 40), ("name", 200)):
        if creating or field in values:
            clean[field] = required_text(values.get(field), field, problems, limit)
    if creating or "type" in values:
        kind = (values.get("type") or "").strip().lower()
        if kind not in customer_types:
            problems.add("type", f"type must be one of {', '.join(customer_types)}", "INVALID_CHOICE")
        clean["type"] = kind
    if "status" in values:
        if values["status"] not in {s.value for s in CustomerStatus}:
            problems.add("status", "status must be active, inactive or lost", "INVALID_CHOICE")
        clean["status"] = values["status"]
    for field in ADDRESS_FIELDS:
        if field in values:
            clean[field] = _clean_address(values[field], _camel(field), problems)
    region = _region(clean) or _region(values)
    if "emails" in values:
        clean["emails"] = [
            {"label": (item.get("label") or "work").strip(), "address": normalise_email(item["address"], f"emails.{i}.address", problems)}
            for i, item in enumerate(values["emails"] or [])
        ]
    if "phones" in values:
        clean["phones"] = [
            {"label": (item.get("label") or "work").strip(), "number": normalise_phone(item["number"], f"phones.{i}.number", problems, region)}
            for i, item in enumerate(values["phones"] or [])
        ]
    if creating or "currency" in values:
        clean["currency"] = check_currency(values.get("currency") or "EUR", "currency", problems)
    if "credit_limit" in values:
        clean["credit_limit"] = check_amount(values["credit_limit"] or 0, "creditLimit", problems, places=2)
    for field, limit in TEXT_FIELDS.items():
        if field in values:
            text = (values[field] or "").strip()
            if len(text) > limit:
                problems.add(_camel(field), f"{_camel(field)} must be at most {limit} characters", "TOO_LONG")
            clean[field] = text
    if "tags" in values:
        clean["tags"] = sorted({tag.strip().lower() for tag in values["tags"] or [] if tag.strip()})
    if "attributes" in values:
        if not isinstance(values["attributes"], dict):
            problems.add("attributes", "attributes must be a JSON object", "INVALID")
        clean["attributes"] = values["attributes"] or {}
    if "owner_id" in values:
        clean["owner_id"] = values["owner_id"]
    if problems:
        raise DomainError(*problems)
    return clean


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _identities(customer: Customer) -> set[tuple[str, str]]:
    found = {(IdentityKind.EMAIL.value, e["address"]) for e in customer.emails if e.get("address")}
    found |= {(IdentityKind.PHONE.value, p["number"]) for p in customer.phones if p.get("number")}
    return found


async def sync_identities(customer: Customer, extra: Iterable[tuple[str, str]] = ()) -> None:
    """Rebuild the normalised e-mails and phones of a customer and its contacts that
    duplicate detection matches on."""
    wanted = _identities(customer) | set(extra)
    contacts = await ContactPerson.filter(customer_id=customer.id).values_list("email", "phone")
    for email, phone in contacts:
        if email:
            wanted.add((IdentityKind.EMAIL.value, email))
        if phone:
            wanted.add((IdentityKind.PHONE.value, phone))
    await CustomerIdentity.filter(customer_id=customer.id).delete()
    await CustomerIdentity.bulk_create(
        [CustomerIdentity(customer_id=customer.id, kind=kind, value=value) for kind, value in sorted(wanted)]
    )


async def _check_owner(owner_id: int | None) -> None:
    if owner_id is not None and not await User.exists(id=owner_id):
        raise not_found("owner", "ownerId")


async def find_duplicates(customer: Customer) -> list[Customer]:
    """Other customers that share a normalised e-mail or phone with ``customer``."""
    identities = await CustomerIdentity.filter(customer_id=customer.id).values_list("kind", "value")
    return await customers_matching(identities, exclude_id=customer.id)


async def customers_matching(identities: Iterable[tuple[str, str]], exclude_id: int | None = None) -> list[Customer]:
    """Customers holding any of the ``(kind, value)`` identities, oldest first."""
    ids: set[int] = set()
    for kind, value in identities:
        ids.update(await CustomerIdentity.filter(kind=kind, value=value).values_list("customer_id", flat=True))
    ids.discard(exclude_id)  # type: ignore[arg-type]
    return await Customer.filter(id__in=ids).order_by("id") if ids else []


async def _shared_identities(draft: Customer) -> list[FieldProblem]:
    """A ``POSSIBLE_DUPLICATE`` problem on each e-mail or phone of ``draft`` that another
    customer holds, naming those customers by code, so a form can point at the field."""
    fields = [(f"emails.{i}.address", IdentityKind.EMAIL.value, e["address"]) for i, e in enumerate(draft.emails)]
    fields += [(f"phones.{i}.number", IdentityKind.PHONE.value, p["number"]) for i, p in enumerate(draft.phones)]
    problems = []
    for field, kind, value in fields:
        matches = await customers_matching([(kind, value)]) if value else []
        if matches:
            names = ", ".join(f"{c.code} ({c.name})" for c in matches[:3])
            problems.append(FieldProblem(
                field, f"{value} is also on {names}; merge, or pass allowDuplicate to create anyway", "POSSIBLE_DUPLICATE"))
    return problems


async def create_customer(
    values: dict[str, Any], customer_types: Sequence[str], *, allow_duplicate: bool = False
) -> Customer:
    """Create a customer. Refuses a taken code, and a shared e-mail or phone unless
    ``allow_duplicate`` (the problem names the existing customer)."""
    clean = clean_customer(values, customer_types, creating=True)
    await _check_owner(clean.get("owner_id"))
    if await Customer.exists(code=clean["code"]):
        raise DomainError.single("DUPLICATE", f"customer code {clean['code']!r} is already taken", "code")
    now = clock.now()
    draft = Customer(**clean, created_at=now, updated_at=now)
    if not allow_duplicate:
        shared = await _shared_identities(draft)
        if shared:
            raise DomainError(*shared)
    async with events.transaction():
        await draft.save()
        await sync_identities(draft)
        events.emit("customer.created", customer_id=draft.id, code=draft.code, name=draft.name)
    return draft


async def update_customer(
    customer_id: int, values: dict[str, Any], customer_types: Sequence[str], expected_version: int | None = None
) -> Customer:
    """Change some fields of a customer; ``expected_version`` guards against lost updates."""
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise not_found("customer")
    clean = clean_customer(values, customer_types, creating=False)
    if "owner_id" in clean:
        await _check_owner(clean["owner_id"])
    if "code" in clean and clean["code"] != customer.code and await Customer.exists(code=clean["code"]):
        raise DomainError.single("DUPLICATE", f"customer code {clean['code']!r} is already taken", "code")
    check_version(customer, expected_version, "customer")
    clean = changed_values(customer, clean)
    if not clean:
        return customer
    async with events.transaction():
        customer = await save_versioned(customer, "customer", **clean, updated_at=clock.now())
        await sync_identities(customer)
        events.emit("customer.updated", customer_id=customer_id, fields=sorted(_camel(f) for f in clean))
    return customer


async def merge_customers(survivor_id: int, duplicate_id: int, call_hook: HookCaller) -> Customer:
    """Move everything of ``duplicate`` onto ``survivor`` and delete ``duplicate``, in one
    transaction. Plugins move their own rows through the ``merge_customers`` hook."""
    if survivor_id == duplicate_id:
        raise DomainError.single("INVALID", "a customer cannot be merged into itself", "duplicateId")
    survivor = await Customer.get_or_none(id=survivor_id)
    duplicate = await Customer.get_or_none(id=duplicate_id)
    if survivor is None:
        raise not_found("survivor", "survivorId")
    if duplicate is None:
        raise not_found("duplicate", "duplicateId")
    async with events.transaction():
        await ContactPerson.filter(customer_id=duplicate_id).update(customer_id=survivor_id)
        await Interaction.filter(customer_id=duplicate_id).update(customer_id=survivor_id)
        taken = set(await ConsentRecord.filter(customer_id=survivor_id).values_list("channel", "purpose"))
        for consent in await ConsentRecord.filter(customer_id=duplicate_id):
            if (consent.channel, consent.purpose) not in taken:
                consent.customer_id = survivor_id
                await consent.save(update_fields=["customer_id"])
        await call_hook("merge_customers", survivor=survivor, duplicate=duplicate)
        survivor.emails = _merge_items(survivor.emails, duplicate.emails, "address")
        survivor.phones = _merge_items(survivor.phones, duplicate.phones, "number")
        survivor.tags = sorted(set(survivor.tags) | set(duplicate.tags))
        survivor.attributes = {**duplicate.attributes, **survivor.attributes}
        survivor.updated_at = clock.now()
        survivor.version += 1
        await survivor.save()
        await duplicate.delete()
        await sync_identities(survivor)
        events.emit("customer.merged", survivor_id=survivor_id, duplicate_id=duplicate_id, duplicate_code=duplicate.code)
    return survivor


def _merge_items(kept: list[dict[str, Any]], extra: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen = {item[key] for item in kept}
    return kept + [item for item in extra if item[key] not in seen]


def customer_region(customer: Customer) -> str | None:
    """The country of the customer's first address, for reading local phone numbers."""
    return _region({field: getattr(customer, field) for field in ADDRESS_FIELDS})
