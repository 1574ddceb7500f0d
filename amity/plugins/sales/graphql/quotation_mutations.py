"""Mutations on the product catalogue and on quotations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET

from amity.plugins.sales import catalogue, quotations
from amity.plugins.sales.graphql.quotation_types import Product, Quotation
from amity.plugins.sales.graphql.visibility import ensure_visible
from amity.schema.errors import UserError, mutation_payload
from amity.schema.permissions import ensure
from amity.schema.relay import input_id

WRITE = "sales.quotation.write"


@strawberry.input(description="A list price: an amount and its ISO 4217 currency.")
class PriceInput:
    amount: Decimal = strawberry.field(description="Decimal string, not negative.")
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.input
class CreateProductInput:
    code: str = strawberry.field(description="Unique, at most 40 characters.")
    name: str = strawberry.field(description="At most 200 characters; the default description of its quotation lines.")
    list_price: PriceInput = strawberry.field(description="Price of one unit before discount.")
    unit: str = strawberry.field(default="pc", description="What a quantity counts, at most 20 characters.")


@strawberry.input
class UpdateProductInput:
    id: strawberry.ID
    code: str | None = strawberry.field(default=UNSET, description="Unique, at most 40 characters.")
    name: str | None = strawberry.field(default=UNSET, description="At most 200 characters.")
    list_price: PriceInput | None = strawberry.field(
        default=UNSET, description="Price of one unit before discount; quotations already drafted keep theirs.")
    unit: str | None = strawberry.field(
        default=UNSET, description="What a quantity counts, at most 20 characters; null or blank sets `pc`.")
    is_active: bool | None = strawberry.field(
        default=UNSET, description="false stops the product from being quoted; null keeps it as it is.")


@strawberry.type
class CreateProductPayload:
    user_errors: list[UserError]
    product: Product | None = None


@strawberry.type
class UpdateProductPayload:
    user_errors: list[UserError]
    product: Product | None = None


@strawberry.input(description="One line of a quotation: a product, a quantity and, optionally, price, discount and wording.")
class QuotationLineInput:
    product_id: strawberry.ID = strawberry.field(description="An active product of the catalogue.")
    quantity: Decimal = strawberry.field(description="Greater than 0.")
    unit_price: Decimal | None = strawberry.field(default=None, description="Defaults to the product's list price.")
    discount_percent: Decimal | None = strawberry.field(
        default=None, description="0 to 100; omit to apply the customer's best price agreement (the rep's value wins).")
    description: str | None = strawberry.field(
        default=None, description="At most 200 characters; defaults to the product's name.")


@strawberry.input
class CreateQuotationInput:
    customer_id: strawberry.ID
    lines: list[QuotationLineInput] = strawberry.field(description="At least one, in order.")
    opportunity_id: strawberry.ID | None = strawberry.field(default=None, description="A deal of the same customer.")
    valid_until: date | None = strawberry.field(default=None, description="Defaults to 30 days from today.")
    tax_rate: Decimal | None = strawberry.field(default=None, description="Percent; defaults to the customer's tax rule.")


@strawberry.input
class UpdateQuotationInput:
    id: strawberry.ID
    lines: list[QuotationLineInput] | None = strawberry.field(default=None, description="Replaces every line.")
    valid_until: date | None = strawberry.field(
        default=None, description="ISO 8601 date, not in the past; null keeps it.")
    tax_rate: Decimal | None = strawberry.field(default=None, description="Percent, 0 to 100; null keeps it.")
    expected_version: int | None = None


@strawberry.input
class QuotationStepInput:
    id: strawberry.ID
    expected_version: int | None = None


@strawberry.input
class RejectQuotationInput:
    id: strawberry.ID
    reason: str = strawberry.field(
        default="", description="Why the customer turned it down, kept as `decisionReason`; at most 500 characters.")
    expected_version: int | None = None


@strawberry.type
class QuotationPayload:
    user_errors: list[UserError]
    quotation: Quotation | None = None


@strawberry.type
class CreateQuotationPayload(QuotationPayload):
    pass


@strawberry.type
class UpdateQuotationPayload(QuotationPayload):
    pass


@strawberry.type
class SendQuotationPayload(QuotationPayload):
    pass


@strawberry.type
class AcceptQuotationPayload(QuotationPayload):
    pass


@strawberry.type
class RejectQuotationPayload(QuotationPayload):
    pass


@strawberry.type
class SettleQuotationPayload(QuotationPayload):
    pass


def _price(values: dict[str, Any], price: PriceInput | None) -> None:
    if price is not None and price is not UNSET:
        values["list_price"] = price.amount
        values["currency"] = price.currency


def _lines(lines: list[QuotationLineInput]) -> list[dict[str, Any]]:
    return [
        {
            "product_id": input_id(line.product_id, "Product", f"lines.{index}.productId"), "quantity": line.quantity,
            "unit_price": line.unit_price, "discount_percent": line.discount_percent, "description": line.description,
        }
        for index, line in enumerate(lines)
    ]


@strawberry.type
class QuotationMutation:
    @strawberry.mutation(description="Add a product to the catalogue.")
    async def create_product(self, info: strawberry.Info, input: CreateProductInput) -> CreateProductPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "sales.product.write")
            values: dict[str, Any] = {"code": input.code, "name": input.name, "unit": input.unit}
            _price(values, input.list_price)
            return {"product": await catalogue.create_product(values)}

        return await mutation_payload(CreateProductPayload, action)

    @strawberry.mutation(description="Change a product; drafted quotations keep their prices.")
    async def update_product(self, info: strawberry.Info, input: UpdateProductInput) -> UpdateProductPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "sales.product.write")
            product_id = input_id(input.id, "Product", "id")
            values = {k: getattr(input, k) for k in ("code", "name", "unit", "is_active") if getattr(input, k) is not UNSET}
            _price(values, input.list_price)
            return {"product": await catalogue.update_product(product_id, values)}

        return await mutation_payload(UpdateProductPayload, action)

    @strawberry.mutation(description="Draft a quotation for a customer; totals are computed.")
    async def create_quotation(self, info: strawberry.Info, input: CreateQuotationInput) -> CreateQuotationPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            values: dict[str, Any] = {
                "customer_id": input_id(input.customer_id, "Customer", "customerId"), "lines": _lines(input.lines),
                "valid_until": input.valid_until, "tax_rate": input.tax_rate,
            }
            if input.opportunity_id is not None:
                values["opportunity_id"] = input_id(input.opportunity_id, "Opportunity", "opportunityId")
                await ensure_visible(info, values["opportunity_id"], "opportunityId")
            return {"quotation": await quotations.create_quotation(values, info.context.principal.user_id)}

        return await mutation_payload(CreateQuotationPayload, action)

    @strawberry.mutation(description="Change the lines, validity or tax rate of a draft quotation.")
    async def update_quotation(self, info: strawberry.Info, input: UpdateQuotationInput) -> UpdateQuotationPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            quotation_id = input_id(input.id, "Quotation", "id")
            values = {"valid_until": input.valid_until, "tax_rate": input.tax_rate,
                      "lines": None if input.lines is None else _lines(input.lines)}
            return {"quotation": await quotations.update_quotation(quotation_id, values, input.expected_version)}

        return await mutation_payload(UpdateQuotationPayload, action)

    @strawberry.mutation(description="Mark a draft quotation sent to the customer.")
    async def send_quotation(self, info: strawberry.Info, input: QuotationStepInput) -> SendQuotationPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            quotation_id = input_id(input.id, "Quotation", "id")
            return {"quotation": await quotations.send_quotation(quotation_id, input.expected_version)}

        return await mutation_payload(SendQuotationPayload, action)

    @strawberry.mutation(description="Record the customer's acceptance; checks the credit limit.")
    async def accept_quotation(self, info: strawberry.Info, input: QuotationStepInput) -> AcceptQuotationPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            quotation_id = input_id(input.id, "Quotation", "id")
            may_exceed = info.context.principal.has("sales.credit.override")
            accepted = await quotations.accept_quotation(quotation_id, may_exceed_credit=may_exceed, expected_version=input.expected_version)
            return {"quotation": accepted}

        return await mutation_payload(AcceptQuotationPayload, action)

    @strawberry.mutation(description="Record that the customer turned a sent quotation down.")
    async def reject_quotation(self, info: strawberry.Info, input: RejectQuotationInput) -> RejectQuotationPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            quotation_id = input_id(input.id, "Quotation", "id")
            return {"quotation": await quotations.reject_quotation(quotation_id, input.reason, input.expected_version)}

        return await mutation_payload(RejectQuotationPayload, action)

    @strawberry.mutation(description="Mark an accepted quotation settled: it stops counting against the credit limit.")
    async def settle_quotation(self, info: strawberry.Info, input: QuotationStepInput) -> SettleQuotationPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            quotation_id = input_id(input.id, "Quotation", "id")
            return {"quotation": await quotations.settle_quotation(quotation_id, input.expected_version)}

        return await mutation_payload(SettleQuotationPayload, action)
