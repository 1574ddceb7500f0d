"""Rules on quotations (seed 001: quotation records, preferential and payment terms, tax rule,
sales (credit) limit): lines priced from the catalogue, totals in Decimal, and the status
flow draft → sent → accepted / rejected / expired. Lines drafted without a discount take the
customer's best price agreement (``pricing.py``). Accepting checks the customer's credit limit
against its open accepted quotations."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tortoise.functions import Sum

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.models import Customer
from amity.core.validation import Problems, check_amount
from amity.core.versions import check_version, save_versioned
from amity.plugins.sales import pricing
from amity.plugins.sales.models import Opportunity, Product, Quotation, QuotationLine, QuotationStatus

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
#: How long a quotation stays valid unless told otherwise.
DEFAULT_VALIDITY = timedelta(days=30)
#: The longest texts a quotation keeps: a line's description, the customer's reason to reject.
DESCRIPTION_LENGTH = 200
REASON_LENGTH = 500
_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?)\s*%")


def tax_rate_of(tax_rule: str) -> Decimal:
    """The percentage named in a master-file tax rule (``VAT 19% (DE)`` → 19); 0 for a rule
    without one (``Reverse charge (EU B2B)``, ``exempt``, or none)."""
    found = _PERCENT.search(tax_rule or "")
    return Decimal(found.group(1).replace(",", ".")) if found else Decimal(0)


def line_net(quantity: Decimal, unit_price: Decimal, discount_percent: Decimal) -> Decimal:
    """Quantity times unit price less the discount, rounded half up to the cent."""
    return (quantity * unit_price * (HUNDRED - discount_percent) / HUNDRED).quantize(CENT, ROUND_HALF_UP)


def totals(nets: Sequence[Decimal], tax_rate: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """``(subtotal, tax, total)`` of line nets under ``tax_rate`` percent, to the cent."""
    subtotal = sum(nets, Decimal(0)).quantize(CENT)
    tax = (subtotal * tax_rate / HUNDRED).quantize(CENT, ROUND_HALF_UP)
    return subtotal, tax, subtotal + tax


async def _lines(items: Sequence[dict[str, Any]], customer_id: int, currency: str) -> list[QuotationLine]:
    """Checked, priced lines (not saved). Each item: ``product_id``, ``quantity``, and optional
    ``unit_price`` (default: the product's list price, which must be in ``currency``),
    ``discount_percent`` and ``description``. A line without a ``discount_percent`` gets the
    customer's best price agreement of the day (``pricing.py``), and records it; a line with one
    keeps it, even 0: the rep's choice wins."""
    problems = Problems()
    if not items:
        problems.add("lines", "a quotation needs at least one line", "REQUIRED")
    products = {p.id: p for p in await Product.filter(id__in=[item["product_id"] for item in items])}
    drafts: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        field = f"lines.{index}"
        quantity = check_amount(item.get("quantity", ""), f"{field}.quantity", problems, minimum=Decimal("-Infinity"))
        if quantity <= 0:
            problems.add(f"{field}.quantity", "quantity must be greater than 0", "INVALID_QUANTITY")
        description = (item.get("description") or "").strip()
        if len(description) > DESCRIPTION_LENGTH:
            problems.add(f"{field}.description", f"description must be at most {DESCRIPTION_LENGTH} characters", "TOO_LONG")
        discount = None
        if item.get("discount_percent") is not None:
            discount = check_amount(item["discount_percent"], f"{field}.discountPercent", problems, minimum=Decimal("-Infinity"))
            if not 0 <= discount <= HUNDRED:
                problems.add(f"{field}.discountPercent", "discountPercent must be between 0 and 100", "INVALID_DISCOUNT")
        product = products.get(item["product_id"])
        if product is None or not product.is_active:
            problems.add(f"{field}.productId", "no such product in the catalogue", "NOT_FOUND")
            continue
        if item.get("unit_price") is not None:
            unit_price = check_amount(item["unit_price"], f"{field}.unitPrice", problems, places=2)
        elif product.currency != currency:
            problems.add(f"{field}.productId", f"{product.code} is priced in {product.currency}, the quotation in {currency}; "
                         "give a unitPrice", "MIXED_CURRENCY")
            continue
        else:
            unit_price = product.list_price
        drafts.append({"product_id": product.id, "position": index + 1, "description": description or product.name,
                       "quantity": quantity,
                       "unit_price": unit_price, "discount_percent": discount, "agreement_id": None})
    if problems:
        raise DomainError(*problems)
    await _apply_agreements(drafts, customer_id)
    return [QuotationLine(**draft, net_amount=line_net(draft["quantity"], draft["unit_price"], draft["discount_percent"]))
            for draft in drafts]


async def _apply_agreements(drafts: list[dict[str, Any]], customer_id: int) -> None:
    """Give the drafted lines without a discount the customer's best price agreement of today,
    with one query for all of them; a line no agreement applies to gets no discount."""
    open_lines = [draft for draft in drafts if draft["discount_percent"] is None]
    agreements = await pricing.best_discounts(
        customer_id, [(draft["product_id"], draft["quantity"]) for draft in open_lines], clock.now().date()
    )
    for draft, agreement in zip(open_lines, agreements, strict=True):
        draft["discount_percent"] = agreement.discount_percent if agreement else Decimal(0)
        draft["agreement_id"] = agreement.id if agreement else None


def _tax_rate(value: Any, default: Decimal) -> Decimal:
    if value is None:
        return default
    problems = Problems()
    rate = check_amount(value, "taxRate", problems)
    if not problems and rate > HUNDRED:
        problems.add("taxRate", "taxRate must be at most 100", "INVALID")
    if problems:
        raise DomainError(*problems)
    return rate


async def create_quotation(values: dict[str, Any], created_by: int | None) -> Quotation:
    """Draft a quotation for a customer: ``customer_id``, ``lines``, and optionally
    ``opportunity_id`` (a deal of the same customer), ``valid_until`` (default in 30 days) and
    ``tax_rate`` (default: from the customer's tax rule). Currency, payment and preferential
    terms and tax rule are copied from the customer's master file; lines without a discount get
    the customer's best price agreement of today."""
    customer = await Customer.get_or_none(id=values["customer_id"])
    if customer is None:
        raise not_found("customer", "customerId")
    opportunity_id = values.get("opportunity_id")
    if opportunity_id is not None and not await Opportunity.exists(id=opportunity_id, customer_id=customer.id):
        raise not_found("opportunity of this customer", "opportunityId")
    valid_until = values.get("valid_until") or (clock.now() + DEFAULT_VALIDITY).date()
    if valid_until < clock.now().date():
        raise DomainError.single("INVALID", "validUntil must not be in the past", "validUntil")
    tax_rate = _tax_rate(values.get("tax_rate"), tax_rate_of(customer.tax_rule))
    lines = await _lines(values.get("lines") or [], customer.id, customer.currency)
    subtotal, tax, total = totals([line.net_amount for line in lines], tax_rate)
    now = clock.now()
    async with events.transaction():
        quotation = await Quotation.create(
            customer_id=customer.id, opportunity_id=opportunity_id, currency=customer.currency, valid_until=valid_until,
            payment_terms=customer.payment_terms, preferential_terms=customer.preferential_terms, tax_rule=customer.tax_rule,
            tax_rate=tax_rate, subtotal=subtotal, tax=tax, total=total, created_by_id=created_by, created_at=now, updated_at=now,
        )
        for line in lines:
            line.quotation_id = quotation.id  # type: ignore[attr-defined]
        await QuotationLine.bulk_create(lines)
    return quotation


async def _quotation(quotation_id: int, expected_version: int | None, *allowed: QuotationStatus) -> Quotation:
    quotation = await Quotation.get_or_none(id=quotation_id)
    if quotation is None:
        raise not_found("quotation")
    if quotation.status not in allowed:
        names = " or ".join(status.value for status in allowed)
        raise DomainError.single("QUOTATION_WRONG_STATUS", f"the quotation is {quotation.status}; this needs it {names}", None)
    check_version(quotation, expected_version, "quotation")
    return quotation


async def _save(quotation: Quotation, **changes: Any) -> Quotation:
    """Write ``changes`` unless the quotation changed since it was read (STALE)."""
    return await save_versioned(quotation, "quotation", **changes, updated_at=clock.now())


async def update_quotation(quotation_id: int, values: dict[str, Any], expected_version: int | None = None) -> Quotation:
    """Replace the lines, validity or tax rate of a draft quotation; totals are recomputed. New
    lines without a discount get the customer's best price agreement of today; unchanged lines
    keep theirs."""
    quotation = await _quotation(quotation_id, expected_version, QuotationStatus.DRAFT)
    changes: dict[str, Any] = {}
    if values.get("valid_until") is not None:
        if values["valid_until"] < clock.now().date():
            raise DomainError.single("INVALID", "validUntil must not be in the past", "validUntil")
        changes["valid_until"] = values["valid_until"]
    tax_rate = _tax_rate(values.get("tax_rate"), quotation.tax_rate)
    lines = None
    if values.get("lines") is not None:
        lines = await _lines(values["lines"], quotation.customer_id, quotation.currency)  # type: ignore[attr-defined]
    nets = [line.net_amount for line in lines] if lines is not None else list(
        await QuotationLine.filter(quotation_id=quotation.id).values_list("net_amount", flat=True))
    subtotal, tax, total = totals(nets, tax_rate)
    async with events.transaction():
        saved = await _save(quotation, **changes, tax_rate=tax_rate, subtotal=subtotal, tax=tax, total=total)
        if lines is not None:
            await QuotationLine.filter(quotation_id=quotation.id).delete()
            for line in lines:
                line.quotation_id = quotation.id  # type: ignore[attr-defined]
            await QuotationLine.bulk_create(lines)
    return saved


def _expired(quotation: Quotation) -> bool:
    return quotation.valid_until < clock.now().date()


async def send_quotation(quotation_id: int, expected_version: int | None = None) -> Quotation:
    """Mark a draft quotation sent to the customer; an expired draft cannot be sent."""
    quotation = await _quotation(quotation_id, expected_version, QuotationStatus.DRAFT)
    if _expired(quotation):
        raise DomainError.single("QUOTATION_EXPIRED", f"the quotation was valid until {quotation.valid_until}", "validUntil")
    async with events.transaction():
        sent = await _save(quotation, status=QuotationStatus.SENT.value, sent_at=clock.now())
        events.emit("quotation.sent", quotation_id=sent.id, customer_id=sent.customer_id, total=str(sent.total), currency=sent.currency)  # type: ignore[attr-defined]
    return sent


async def open_accepted_total(customer_id: int, exclude_id: int | None = None) -> Decimal:
    """The summed total of the customer's accepted quotations not yet settled."""
    query = Quotation.filter(customer_id=customer_id, status=QuotationStatus.ACCEPTED.value, settled_at__isnull=True)
    if exclude_id is not None:
        query = query.exclude(id=exclude_id)
    rows = await query.annotate(sum=Sum("total")).group_by("customer_id").values_list("sum", flat=True)
    return Decimal(rows[0]) if rows and rows[0] is not None else Decimal(0)


async def accept_quotation(quotation_id: int, *, may_exceed_credit: bool, expected_version: int | None = None) -> Quotation:
    """Record that the customer accepted a sent quotation.

    Refuses an expired one (``QUOTATION_EXPIRED``), and one that would take the customer's
    open accepted quotations above its credit limit (``CREDIT_LIMIT_EXCEEDED``) unless
    ``may_exceed_credit`` (the caller holds ``sales.credit.override``)."""
    quotation = await _quotation(quotation_id, expected_version, QuotationStatus.SENT, QuotationStatus.EXPIRED)
    if quotation.status == QuotationStatus.EXPIRED or _expired(quotation):
        raise DomainError.single("QUOTATION_EXPIRED", f"the quotation was valid until {quotation.valid_until}", None)
    async with events.transaction():
        customer = await Customer.filter(id=quotation.customer_id).select_for_update().get()  # type: ignore[attr-defined]
        exposure = await open_accepted_total(customer.id, exclude_id=quotation.id) + quotation.total
        if exposure > customer.credit_limit and not may_exceed_credit:
            raise DomainError.single(
                "CREDIT_LIMIT_EXCEEDED",
                f"accepting brings open accepted quotations to {exposure} {customer.currency}, above the credit limit of "
                f"{customer.credit_limit}", None,
            )
        accepted = await _save(quotation, status=QuotationStatus.ACCEPTED.value, decided_at=clock.now())
        events.emit(
            "quotation.accepted", quotation_id=accepted.id, customer_id=customer.id, opportunity_id=accepted.opportunity_id,  # type: ignore[attr-defined]
            total=str(accepted.total), currency=accepted.currency, over_credit_limit=exposure > customer.credit_limit,
        )
    return accepted


async def reject_quotation(quotation_id: int, reason: str = "", expected_version: int | None = None) -> Quotation:
    """Record that the customer turned down a sent quotation, with an optional reason (at most
    500 characters)."""
    quotation = await _quotation(quotation_id, expected_version, QuotationStatus.SENT)
    reason = (reason or "").strip()
    if len(reason) > REASON_LENGTH:
        raise DomainError.single("TOO_LONG", f"reason must be at most {REASON_LENGTH} characters", "reason")
    async with events.transaction():
        rejected = await _save(quotation, status=QuotationStatus.REJECTED.value, decided_at=clock.now(),
                               decision_reason=reason)
        events.emit("quotation.rejected", quotation_id=rejected.id, customer_id=rejected.customer_id)  # type: ignore[attr-defined]
    return rejected


async def settle_quotation(quotation_id: int, expected_version: int | None = None) -> Quotation:
    """Mark an accepted quotation settled (delivered and paid): it no longer counts against
    the customer's credit limit."""
    quotation = await _quotation(quotation_id, expected_version, QuotationStatus.ACCEPTED)
    if quotation.settled_at is not None:
        raise DomainError.single("QUOTATION_WRONG_STATUS", "the quotation is already settled", None)
    async with events.transaction():
        return await _save(quotation, settled_at=clock.now())


async def expire_quotations(today: date | None = None) -> int:
    """Mark draft and sent quotations past their validity expired; returns how many."""
    today = today or clock.now().date()
    expired = 0
    async with events.transaction():
        for quotation in await Quotation.filter(
            status__in=[QuotationStatus.DRAFT.value, QuotationStatus.SENT.value], valid_until__lt=today
        ):
            await _save(quotation, status=QuotationStatus.EXPIRED.value)
            events.emit("quotation.expired", quotation_id=quotation.id, customer_id=quotation.customer_id)  # type: ignore[attr-defined]
            expired += 1
    return expired
