"""Rules on leads (prospects): capture, follow-up status, scoring and conversion into a
customer, a contact person and an opportunity. Every write runs in ``events.transaction()``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from typing import Any

from tortoise.expressions import F

from amity.core import clock, contacts, events
from amity.core import customers as core_customers
from amity.core.errors import DomainError, not_found
from amity.core.models import ContactPerson, Customer, IdentityKind, User
from amity.core.validation import Problems, check_country, normalise_email, normalise_phone, required_text
from amity.core.versions import changed_values, check_version, save_versioned
from amity.plugins.sales import scoring, service
from amity.plugins.sales.models import Lead, LeadSource, LeadStatus, Opportunity

#: Statuses a client may set; ``converted`` is reached only through ``convert_lead``.
SETTABLE_STATUSES = (LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.DISQUALIFIED)
TEXT_FIELDS = {"company": 200, "title": 100, "industry": 100}
#: How far ahead a converted lead's first deal is expected to close, unless told.
DEFAULT_CLOSE_IN = timedelta(days=30)
#: The conversion's deal input takes a flat ``amount`` where ``create_opportunity`` reads Money
#: (``amount.amount``): its problems are reported at the field the conversion input has.
CONVERSION_DEAL_FIELDS = {"amount.amount": "amount"}


def _clean(values: dict[str, Any], *, creating: bool, current: Lead | None = None) -> dict[str, Any]:
    problems = Problems()
    clean: dict[str, Any] = {}
    if creating or "name" in values:
        clean["name"] = required_text(values.get("name"), "name", problems)
    for field, limit in TEXT_FIELDS.items():
        if field in values:
            clean[field] = (values[field] or "").strip()
            if len(clean[field]) > limit:
                problems.add(field, f"{field} must be at most {limit} characters", "TOO_LONG")
    if values.get("country"):
        clean["country"] = check_country(values["country"], "country", problems)
    elif "country" in values:
        clean["country"] = ""
    region = clean.get("country", current.country if current else "") or None
    if "email" in values:
        clean["email"] = normalise_email(values["email"], "email", problems) if values["email"] else None
    if "phone" in values:
        clean["phone"] = normalise_phone(values["phone"], "phone", problems, region) if values["phone"] else None
    if "employees" in values:
        if values["employees"] is not None and values["employees"] < 0:
            problems.add("employees", "employees must not be negative", "INVALID")
        clean["employees"] = values["employees"]
    if creating or "source" in values:
        if values.get("source") not in {source.value for source in LeadSource}:
            problems.add("source", f"source must be one of {', '.join(s.value for s in LeadSource)}", "INVALID_CHOICE")
        clean["source"] = values.get("source")
    if "owner_id" in values:
        clean["owner_id"] = values["owner_id"]
    _clean_status(values, clean, problems)
    if problems:
        raise DomainError(*problems)
    return clean


def _clean_status(values: dict[str, Any], clean: dict[str, Any], problems: Problems) -> None:
    """A disqualified lead needs a reason; any other status clears it. Contacting a lead
    records when, for the scoring rules that look at recent contact."""
    if "status" not in values:
        return
    status = values["status"]
    if status not in {s.value for s in SETTABLE_STATUSES}:
        problems.add("status", f"status must be one of {', '.join(s.value for s in SETTABLE_STATUSES)}", "INVALID_CHOICE")
        return
    clean["status"] = status
    reason = (values.get("status_reason") or "").strip()
    if status == LeadStatus.DISQUALIFIED and not reason:
        problems.add("statusReason", "a disqualified lead needs a reason", "REQUIRED")
    if len(reason) > 500:
        problems.add("statusReason", "statusReason must be at most 500 characters", "TOO_LONG")
    clean["status_reason"] = reason if status == LeadStatus.DISQUALIFIED else ""
    if status == LeadStatus.CONTACTED:
        clean["last_contacted_at"] = clock.now()


async def _check_owner(owner_id: int | None) -> None:
    if owner_id is not None and not await User.exists(id=owner_id):
        raise not_found("owner", "ownerId")


async def create_lead(values: dict[str, Any], owner_id: int | None) -> Lead:
    """Capture a lead; ``owner_id`` is the default owner. Scored with the current rules."""
    clean = _clean(values, creating=True)
    clean.setdefault("owner_id", owner_id)
    await _check_owner(clean["owner_id"])
    now = clock.now()
    lead = Lead(**clean, created_at=now, updated_at=now)
    lead.score, lead.score_explanation = scoring.explain(lead, await scoring.current_rules())
    async with events.transaction():
        await lead.save()
        events.emit("lead.created", lead_id=lead.id, source=lead.source, score=lead.score)
    return lead


async def update_lead(lead_id: int, values: dict[str, Any], expected_version: int | None = None) -> Lead:
    """Change a lead's fields or follow-up status (not once converted); rescored at once."""
    lead = await Lead.get_or_none(id=lead_id)
    if lead is None:
        raise not_found("lead")
    _refuse_converted(lead)
    clean = _clean(values, creating=False, current=lead)
    if "owner_id" in clean:
        await _check_owner(clean["owner_id"])
    check_version(lead, expected_version, "lead")
    clean = changed_values(lead, clean)
    if not clean:
        return lead
    for field, value in clean.items():
        setattr(lead, field, value)
    score, explanation = scoring.explain(lead, await scoring.current_rules())
    async with events.transaction():
        return await save_versioned(
            lead, "lead", **clean, score=score, score_explanation=explanation, updated_at=clock.now()
        )


def _refuse_converted(lead: Lead) -> None:
    if lead.status == LeadStatus.CONVERTED:
        raise DomainError.single("LEAD_ALREADY_CONVERTED", "the lead was already converted", "id")


@contextmanager
def _problems_under(prefix: str, renamed: Mapping[str, str] | None = None) -> Iterator[None]:
    """Report the problems of a nested step under the input object that fed it
    (``code`` → ``newCustomer.code``), first renaming the fields that input spells
    differently (``renamed``: the step's field → the input's)."""
    try:
        yield
    except DomainError as error:
        fields = renamed or {}
        raise DomainError(*(
            replace(p, field=f"{prefix}.{fields.get(p.field, p.field)}" if p.field else prefix) for p in error.problems
        )) from None


def _identities(lead: Lead) -> list[tuple[str, str]]:
    found = [(IdentityKind.EMAIL.value, lead.email)] if lead.email else []
    return found + ([(IdentityKind.PHONE.value, lead.phone)] if lead.phone else [])


async def _customer_for(lead: Lead, customer_id: int | None, new_customer: dict[str, Any], customer_types: Sequence[str]) -> tuple[Customer, bool]:
    """The customer a lead converts into: the one given, else the oldest customer sharing the
    lead's normalised e-mail or phone (the core's duplicate detection), else a new one.
    Returns it and whether it was created."""
    if customer_id is not None:
        customer = await Customer.get_or_none(id=customer_id)
        if customer is None:
            raise not_found("customer", "customerId")
        return customer, False
    matches = await core_customers.customers_matching(_identities(lead))
    if matches:
        return matches[0], False
    values = {
        "code": new_customer.get("code") or f"L-{lead.id:06d}",
        "name": lead.company or lead.name,
        "type": new_customer.get("type") or ("enterprise" if lead.company else "individual"),
        "emails": [{"address": lead.email, "label": "work"}] if lead.email else [],
        "phones": [{"number": lead.phone, "label": "work"}] if lead.phone else [],
        "owner_id": lead.owner_id,  # type: ignore[attr-defined]
    }
    if new_customer.get("currency"):
        values["currency"] = new_customer["currency"]
    with _problems_under("newCustomer"):
        created = await core_customers.create_customer(values, customer_types, allow_duplicate=True)
    return created, True


async def _contact_for(lead: Lead, customer: Customer) -> ContactPerson:
    """The lead's person as a contact of the customer: an existing contact with the same
    e-mail, or a new one."""
    if lead.email:
        existing = await ContactPerson.filter(customer_id=customer.id, email=lead.email).first()
        if existing is not None:
            return existing
    return await contacts.add_contact(customer.id, {"name": lead.name, "title": lead.title, "email": lead.email, "phone": lead.phone})


async def convert_lead(
    lead_id: int,
    customer_types: Sequence[str],
    *,
    customer_id: int | None = None,
    new_customer: dict[str, Any] | None = None,
    opportunity: dict[str, Any] | None = None,
) -> Lead:
    """Turn a lead into a customer (given, matched by e-mail or phone, or created from
    ``new_customer``: ``code``, ``type``, ``currency``), a contact person and an opportunity
    (``opportunity``: ``title``, ``amount``, ``expected_close_date``, ``pipeline_id``,
    ``stage_id``; sensible defaults), all in one transaction: any refusal writes nothing.

    Refuses a converted lead (``LEAD_ALREADY_CONVERTED``) and a disqualified one
    (``LEAD_DISQUALIFIED``)."""
    lead = await Lead.get_or_none(id=lead_id)
    if lead is None:
        raise not_found("lead")
    _refuse_converted(lead)
    if lead.status == LeadStatus.DISQUALIFIED:
        raise DomainError.single("LEAD_DISQUALIFIED", "a disqualified lead cannot be converted; requalify it first", "id")
    deal = dict(opportunity or {})
    async with events.transaction():
        customer, created = await _customer_for(lead, customer_id, new_customer or {}, customer_types)
        contact = await _contact_for(lead, customer)
        deal.setdefault("title", f"First deal with {customer.name}")
        deal.setdefault("amount", 0)
        deal.setdefault("expected_close_date", (clock.now() + DEFAULT_CLOSE_IN).date())
        deal.setdefault("owner_id", lead.owner_id)  # type: ignore[attr-defined]
        with _problems_under("opportunity", CONVERSION_DEAL_FIELDS):
            new_deal: Opportunity = await service.create_opportunity({**deal, "customer_id": customer.id}, None)
        now = clock.now()
        converted = await Lead.filter(id=lead.id, converted_at__isnull=True).update(
            status=LeadStatus.CONVERTED.value, customer_id=customer.id, contact_id=contact.id,
            opportunity_id=new_deal.id, converted_at=now, updated_at=now, version=F("version") + 1,
        )
        if not converted:
            raise DomainError.single("LEAD_ALREADY_CONVERTED", "the lead was already converted", "id")
        events.emit(
            "lead.converted", lead_id=lead.id, customer_id=customer.id, contact_id=contact.id,
            opportunity_id=new_deal.id, customer_created=created,
        )
    return await Lead.get(id=lead.id)
