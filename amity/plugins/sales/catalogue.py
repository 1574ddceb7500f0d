"""The product catalogue: products with a list price in a currency."""

from __future__ import annotations

from typing import Any

from amity.core import clock, events
from amity.core.errors import DomainError, not_found
from amity.core.validation import Problems, check_amount, check_currency, required_text
from amity.plugins.sales.models import Product

#: The unit a quantity counts when none is given, and the longest unit name.
DEFAULT_UNIT = "pc"
UNIT_LENGTH = 20


def _clean(values: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    problems = Problems()
    clean: dict[str, Any] = {}
    if creating or "code" in values:
        clean["code"] = required_text(values.get("code"), "code", problems, 40)
    if creating or "name" in values:
        clean["name"] = required_text(values.get("name"), "name", problems)
    if creating or "list_price" in values:
        clean["list_price"] = check_amount(values.get("list_price", ""), "listPrice.amount", problems, places=2)
    if creating or values.get("currency") is not None:
        clean["currency"] = check_currency(values.get("currency") or "", "listPrice.currency", problems)
    if "unit" in values:
        clean["unit"] = (values["unit"] or "").strip() or DEFAULT_UNIT
        if len(clean["unit"]) > UNIT_LENGTH:
            problems.add("unit", f"unit must be at most {UNIT_LENGTH} characters", "TOO_LONG")
    if values.get("is_active") is not None:
        clean["is_active"] = bool(values["is_active"])
    if problems:
        raise DomainError(*problems)
    return clean


async def create_product(values: dict[str, Any]) -> Product:
    """Add a product: ``code`` (unique), ``name``, ``list_price``, ``currency``, optional ``unit``
    (default ``pc``)."""
    clean = _clean(values, creating=True)
    if await Product.exists(code=clean["code"]):
        raise DomainError.single("DUPLICATE", f"product code {clean['code']!r} is already taken", "code")
    async with events.transaction():
        return await Product.create(**clean, created_at=clock.now())


async def update_product(product_id: int, values: dict[str, Any]) -> Product:
    """Change a product's name, list price, currency, unit or whether it can be quoted.
    Quotations already drafted keep the prices they were given."""
    product = await Product.get_or_none(id=product_id)
    if product is None:
        raise not_found("product")
    clean = _clean(values, creating=False)
    if "code" in clean and clean["code"] != product.code and await Product.exists(code=clean["code"]):
        raise DomainError.single("DUPLICATE", f"product code {clean['code']!r} is already taken", "code")
    async with events.transaction():
        await Product.filter(id=product_id).update(**clean)
    return await Product.get(id=product_id)
