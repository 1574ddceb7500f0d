"""Rules on customers, contact persons, interactions and consents.

Every write runs in ``events.transaction()`` so its events go out only after commit. The
GraphQL layer, the CLI importer and the jobs all call these functions.
"""

from __future__ import annotations

import heapq
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.expressions import F

from amity.core import clock, events
from amity.core.errors import DomainError, FieldProblem, not_found, stale
from amity.core.models import (
    Channel,
    ConsentRecord,
    ContactPerson,
    Customer,
    CustomerIdentity,
    CustomerStatus,
    Direction,
    IdentityKind,
    Initiator,
    Interaction,
    InteractionMode,
    User,
)
from amity.core.validation import (
    Problems,
    check_amount,
    check_country,
    check_currency,
    normalise_email,
    normalise_phone,
    required_text,
)

ADDRESS_FIELDS = ("postal_address", "delivery_address", "invoice_address")
TEXT_FIELDS = {"payment_terms": 100, "preferential_terms": 2000, "tax_rule": 100, "bank_account": 64}
HookCaller = Callable[..., Awaitable[list[Any]]]


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
        clean["credit_limit"] = check_amount(values["credit_limit"] or 0, "creditLimit", problems)
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


async def _sync_identities(customer: Customer, extra: Iterable[tuple[str, str]] = ()) -> None:
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
        matches = await customers_matching(_identities(draft))
        if matches:
            names = ", ".join(f"{c.code} ({c.name})" for c in matches[:3])
            raise DomainError.single(
                "POSSIBLE_DUPLICATE", f"shares an e-mail or phone with {names}; pass allowDuplicate to create anyway", None
            )
    async with events.transaction():
        await draft.save()
        await _sync_identities(draft)
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
    async with events.transaction():
        query = Customer.filter(id=customer_id)
        if expected_version is not None:
            query = query.filter(version=expected_version)
        updated = await query.update(**clean, updated_at=clock.now(), version=F("version") + 1)
        if not updated:
            raise stale("customer", customer.version)
        customer = await Customer.get(id=customer_id)
        await _sync_identities(customer)
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
        await _sync_identities(survivor)
        events.emit("customer.merged", survivor_id=survivor_id, duplicate_id=duplicate_id, duplicate_code=duplicate.code)
    return survivor


def _merge_items(kept: list[dict[str, Any]], extra: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    seen = {item[key] for item in kept}
    return kept + [item for item in extra if item[key] not in seen]


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


def _customer_region(customer: Customer) -> str | None:
    return _region({field: getattr(customer, field) for field in ADDRESS_FIELDS})


async def _only_primary(contact: ContactPerson) -> None:
    if contact.is_primary:
        await ContactPerson.filter(customer_id=contact.customer_id, is_primary=True).exclude(id=contact.id).update(is_primary=False)


async def add_contact(customer_id: int, values: dict[str, Any]) -> ContactPerson:
    """Add a contact person to a customer; a primary contact replaces the previous primary one."""
    customer = await Customer.get_or_none(id=customer_id)
    if customer is None:
        raise not_found("customer", "customerId")
    clean = _clean_contact(values, _customer_region(customer), creating=True)
    async with events.transaction():
        contact = await ContactPerson.create(customer_id=customer_id, created_at=clock.now(), **clean)
        await _only_primary(contact)
        await _sync_identities(customer)
        events.emit("contact.created", customer_id=customer_id, contact_id=contact.id)
    return contact


async def update_contact(contact_id: int, values: dict[str, Any]) -> ContactPerson:
    """Change some fields of a contact person."""
    contact = await ContactPerson.get_or_none(id=contact_id).select_related("customer")
    if contact is None:
        raise not_found("contact person")
    clean = _clean_contact(values, _customer_region(contact.customer), creating=False)
    async with events.transaction():
        await ContactPerson.filter(id=contact_id).update(**clean)
        contact = await ContactPerson.get(id=contact_id)
        await _only_primary(contact)
        await _sync_identities(await Customer.get(id=contact.customer_id))
        events.emit("contact.updated", customer_id=contact.customer_id, contact_id=contact_id)
    return contact


async def remove_contact(contact_id: int) -> int:
    """Delete a contact person; their interactions stay on the customer. Returns the customer's id."""
    contact = await ContactPerson.get_or_none(id=contact_id)
    if contact is None:
        raise not_found("contact person")
    async with events.transaction():
        await contact.delete()
        await _sync_identities(await Customer.get(id=contact.customer_id))
        events.emit("contact.removed", customer_id=contact.customer_id, contact_id=contact_id)
    return contact.customer_id


async def log_interaction(values: dict[str, Any], recorded_by_id: int | None) -> Interaction:
    """Record one interaction on a customer's timeline."""
    problems = Problems()
    for field, enum in (("channel", Channel), ("direction", Direction), ("initiator", Initiator), ("mode", InteractionMode)):
        if values.get(field) not in {item.value for item in enum}:
            problems.add(field, f"{field} must be one of {', '.join(item.value for item in enum)}", "INVALID_CHOICE")
    subject = required_text(values.get("subject"), "subject", problems)
    occurred_at = values.get("occurred_at") or clock.now()
    if occurred_at.tzinfo is None:
        problems.add("occurredAt", "occurredAt needs a time zone", "INVALID")
    elif occurred_at > clock.now():
        problems.add("occurredAt", "occurredAt must not be in the future", "INVALID")
    if problems:
        raise DomainError(*problems)
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


@dataclass(frozen=True)
class TimelineEntry:
    """One item on a customer's timeline. ``key`` orders entries at the same instant."""

    occurred_at: datetime
    key: str
    kind: str
    title: str
    summary: str = ""
    channel: str | None = None
    record: Any = None

    @property
    def position(self) -> tuple[datetime, str]:
        return (self.occurred_at, self.key)


def interaction_entry(interaction: Interaction) -> TimelineEntry:
    return TimelineEntry(
        interaction.occurred_at, f"Interaction:{interaction.id:012d}", "interaction", interaction.subject,
        interaction.summary, interaction.channel, interaction,
    )


async def entries_older_than(
    query: Any, before: tuple[datetime, str] | None, limit: int, to_entry: Callable[[Any], TimelineEntry],
    time_field: str = "occurred_at",
) -> list[TimelineEntry]:
    """The newest ``limit`` rows of ``query`` as timeline entries strictly older than ``before``.

    What a ``timeline_entries`` hookimpl returns: pass its own query (one customer's rows)
    and how to turn a row into a ``TimelineEntry``.
    """
    newest = query.order_by(f"-{time_field}", "-id")
    if before is None:
        return [to_entry(row) for row in await newest.limit(limit)]
    same_instant = await newest.filter(**{time_field: before[0]})
    older = await newest.filter(**{f"{time_field}__lt": before[0]}).limit(limit)
    entries = (to_entry(row) for row in [*same_instant, *older])
    return sorted((e for e in entries if e.position < before), key=lambda e: e.position, reverse=True)[:limit]


async def interaction_entries(customer_id: int, before: tuple[datetime, str] | None, limit: int) -> list[TimelineEntry]:
    """Interactions of one customer as timeline entries, newest first, older than ``before``."""
    return await entries_older_than(Interaction.filter(customer_id=customer_id), before, limit, interaction_entry)


async def timeline(
    customer_id: int, first: int, before: tuple[datetime, str] | None, call_hook: HookCaller
) -> tuple[list[TimelineEntry], bool]:
    """The newest ``first`` entries older than ``before``: interactions and plugin entries,
    newest first. Returns the entries and whether more exist."""
    sources = [await interaction_entries(customer_id, before, first + 1)]
    for contributed in await call_hook("timeline_entries", customer_id=customer_id, before=before, limit=first + 1):
        sources.append(sorted(contributed or [], key=lambda e: e.position, reverse=True))
    merged = list(heapq.merge(*sources, key=lambda e: e.position, reverse=True))
    return merged[:first], len(merged) > first
