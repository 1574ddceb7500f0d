"""Price agreements: a customer's preferential terms as discounts that quotations apply by
themselves. No GraphQL here; every write runs in ``events.transaction()``.

Which agreement applies to a line: among the customer's agreements valid on the day (from
``valid_from`` to ``valid_until``, both inclusive, open-ended where None) whose product is the
line's product or None (every product) and whose ``min_quantity`` the line's quantity
reaches, the highest discount wins. A product-specific and a general agreement compete on
the percent alone; on equal percents the product-specific one, then the older one, is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tortoise.expressions import Q

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import Customer
from amity.core.validation import Problems, check_amount
from amity.core.versions import changed_values, check_version, save_versioned
from amity.plugins.sales.models import PriceAgreement, Product

HUNDRED = Decimal(100)
NOTE_LENGTH = 200
#: Fields of an agreement a change may set; the customer stays.
CHANGEABLE = ("product_id", "discount_percent", "min_quantity", "valid_from", "valid_until", "note")


def valid_on(day: date) -> Q:
    """Agreements valid on ``day``: their range, inclusive at both ends, contains it."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))


def is_valid_on(agreement: PriceAgreement, day: date) -> bool:
    """Whether ``agreement`` is valid on ``day`` (the rule of ``valid_on``, on a loaded row)."""
    return (agreement.valid_from is None or agreement.valid_from <= day) and (
        agreement.valid_until is None or day <= agreement.valid_until)


def _check_discount(value: Any, problems: Problems) -> Decimal:
    if value is None:
        problems.add("discountPercent", "discountPercent is required", "REQUIRED")
        return Decimal(0)
    before = len(problems)
    discount = check_amount(value, "discountPercent", problems, minimum=Decimal("-Infinity"))
    if len(problems) == before and not 0 < discount <= HUNDRED:
        problems.add("discountPercent", "discountPercent must be above 0 and at most 100", "INVALID")
    return discount


def _check_min_quantity(value: Any, problems: Problems) -> Decimal:
    before = len(problems)
    quantity = check_amount(value if value is not None else 0, "minQuantity", problems, minimum=Decimal("-Infinity"))
    if len(problems) == before and quantity < 0:
        problems.add("minQuantity", "minQuantity must not be negative", "INVALID")
    return quantity


def _check_note(value: str | None, problems: Problems) -> str:
    note = (value or "").strip()
    if len(note) > NOTE_LENGTH:
        problems.add("note", f"note must be at most {NOTE_LENGTH} characters", "TOO_LONG")
    return note


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The checked values among ``CHANGEABLE`` that ``values`` holds; raises every problem at once."""
    problems = Problems()
    clean: dict[str, Any] = {}
    if "discount_percent" in values:
        clean["discount_percent"] = _check_discount(values["discount_percent"], problems)
    if "min_quantity" in values:
        clean["min_quantity"] = _check_min_quantity(values["min_quantity"], problems)
    if "note" in values:
        clean["note"] = _check_note(values["note"], problems)
    for field in ("product_id", "valid_from", "valid_until"):
        if field in values:
            clean[field] = values[field]
    if problems:
        raise DomainError(*problems)
    return clean


def _check_range(valid_from: date | None, valid_until: date | None, field: str) -> None:
    if valid_from is not None and valid_until is not None and valid_until < valid_from:
        raise DomainError.single("INVALID", "validUntil must not be before validFrom", field)


async def _check_product(product_id: int | None) -> None:
    if product_id is not None and not await Product.exists(id=product_id):
        raise not_found("product", "productId")


async def create_agreement(values: dict[str, Any]) -> PriceAgreement:
    """Agree a discount with a customer: ``customer_id``, ``discount_percent`` (above 0, at most
    100), and optionally ``product_id`` (None: every product), ``min_quantity`` (default 0),
    ``valid_from``, ``valid_until`` (None: open-ended) and ``note`` (the terms' wording)."""
    if not await Customer.exists(id=values["customer_id"]):
        raise not_found("customer", "customerId")
    clean = _clean({key: values.get(key) for key in CHANGEABLE})
    _check_range(clean.get("valid_from"), clean.get("valid_until"), "validUntil")
    await _check_product(clean.get("product_id"))
    async with events.transaction():
        return await PriceAgreement.create(customer_id=values["customer_id"], **clean, created_at=clock.now())


async def _agreement(agreement_id: int, expected_version: int | None) -> PriceAgreement:
    agreement = await PriceAgreement.get_or_none(id=agreement_id)
    if agreement is None:
        raise not_found("price agreement")
    check_version(agreement, expected_version, "price agreement")
    return agreement


async def _save(agreement: PriceAgreement, **changes: Any) -> PriceAgreement:
    """Write ``changes`` and bump the version, unless the agreement changed since it was read (STALE)."""
    async with events.transaction():
        return await save_versioned(agreement, "price agreement", **changes)


async def update_agreement(agreement_id: int, values: dict[str, Any], expected_version: int | None = None) -> PriceAgreement:
    """Change an agreement's product, discount, minimum quantity, validity or note (the keys of
    ``CHANGEABLE`` that ``values`` holds; None clears the product, the minimum quantity (to 0),
    a date or the note, and is refused for the discount, which is required).
    Quotations already drafted keep the discounts they were given."""
    agreement = await _agreement(agreement_id, expected_version)
    clean = _clean(values)
    if "valid_from" in clean or "valid_until" in clean:
        _check_range(clean.get("valid_from", agreement.valid_from), clean.get("valid_until", agreement.valid_until),
                     "validUntil" if "valid_until" in clean else "validFrom")
    await _check_product(clean.get("product_id"))
    clean = changed_values(agreement, clean)
    return await _save(agreement, **clean) if clean else agreement


async def end_agreement(agreement_id: int, expected_version: int | None = None) -> PriceAgreement:
    """End an agreement at once: it is valid until yesterday, so no quotation drafted from
    today gets it. One that already ended earlier keeps its end; one that had not started yet
    never applies."""
    agreement = await _agreement(agreement_id, expected_version)
    yesterday = clock.now().date() - timedelta(days=1)
    if agreement.valid_until is not None and agreement.valid_until <= yesterday:
        return agreement
    return await _save(agreement, valid_until=yesterday)


def _rank(agreement: PriceAgreement) -> tuple[Decimal, bool, int]:
    return agreement.discount_percent, agreement.product_id is not None, -agreement.id  # type: ignore[attr-defined]


async def best_discounts(
    customer_id: int, lines: Sequence[tuple[int, Decimal]], on_date: date
) -> list[PriceAgreement | None]:
    """For each ``(product_id, quantity)`` line, the agreement of the customer that gives it the
    highest discount on ``on_date`` (see the module's docstring), or None. One query for all lines."""
    if not lines:
        return []
    products = {product_id for product_id, _ in lines}
    candidates = await PriceAgreement.filter(
        valid_on(on_date), Q(product_id__isnull=True) | Q(product_id__in=products), customer_id=customer_id
    )
    best: list[PriceAgreement | None] = []
    for product_id, quantity in lines:
        applicable = [a for a in candidates if a.product_id in (None, product_id) and a.min_quantity <= quantity]  # type: ignore[attr-defined]
        best.append(max(applicable, key=_rank, default=None))
    return best


async def best_discount(customer_id: int, product_id: int, quantity: Decimal, on_date: date) -> PriceAgreement | None:
    """The agreement that gives the highest discount on a line of ``quantity`` of the product,
    drafted for the customer on ``on_date``, or None when none applies."""
    return (await best_discounts(customer_id, [(product_id, quantity)], on_date))[0]
