"""Mutations on price agreements. Rules live in ``amity.plugins.sales.pricing``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET

from amity.plugins.sales import pricing
from amity.plugins.sales.graphql.pricing_types import PriceAgreement
from amity.schema.errors import UserError, mutation_payload
from amity.schema.inputs import values_of
from amity.schema.permissions import ensure
from amity.schema.relay import input_id

WRITE = "sales.pricing.write"


@strawberry.input
class CreatePriceAgreementInput:
    customer_id: strawberry.ID
    discount_percent: Decimal = strawberry.field(description="Above 0, at most 100.")
    product_id: strawberry.ID | None = strawberry.field(default=None, description="Omit for every product.")
    min_quantity: Decimal | None = strawberry.field(default=None, description="Line quantity from which it applies; default 0.")
    valid_from: date | None = strawberry.field(default=None, description="Omit: since always.")
    valid_until: date | None = strawberry.field(default=None, description="Inclusive; omit: open-ended.")
    note: str | None = strawberry.field(default=None, description="The wording of the customer's terms.")


@strawberry.input(description="Only the fields sent change; null clears the product (every product), the minimum quantity "
                               "(0), a date or the note, and is refused for the discount (REQUIRED).")
class UpdatePriceAgreementInput:
    id: strawberry.ID
    discount_percent: Decimal | None = strawberry.field(
        default=UNSET, description="Above 0, at most 100; cannot be null.")
    product_id: strawberry.ID | None = strawberry.field(default=UNSET, description="null: every product.")
    min_quantity: Decimal | None = strawberry.field(
        default=UNSET, description="Line quantity from which it applies, not negative; null clears it to 0 (any quantity).")
    valid_from: date | None = strawberry.field(default=UNSET, description="First day it applies; null: since always.")
    valid_until: date | None = strawberry.field(
        default=UNSET, description="Last day it applies (inclusive), not before `validFrom`; null: open-ended.")
    note: str | None = strawberry.field(default=UNSET, description="At most 200 characters; null clears it.")
    expected_version: int | None = None


@strawberry.input
class EndPriceAgreementInput:
    id: strawberry.ID
    expected_version: int | None = None


@strawberry.type
class PriceAgreementPayload:
    user_errors: list[UserError]
    price_agreement: PriceAgreement | None = None


@strawberry.type
class CreatePriceAgreementPayload(PriceAgreementPayload):
    pass


@strawberry.type
class UpdatePriceAgreementPayload(PriceAgreementPayload):
    pass


@strawberry.type
class EndPriceAgreementPayload(PriceAgreementPayload):
    pass


def _values(data: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    values = values_of(data, skip=skip)
    if values.get("product_id") is not None:
        values["product_id"] = input_id(values["product_id"], "Product", "productId")
    return values


@strawberry.type
class PricingMutation:
    @strawberry.mutation(description="Agree a discount with a customer, on one product or on every product.")
    async def create_price_agreement(self, info: strawberry.Info, input: CreatePriceAgreementInput) -> CreatePriceAgreementPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            values = _values(input, ("customer_id",))
            values["customer_id"] = input_id(input.customer_id, "Customer", "customerId")
            return {"price_agreement": await pricing.create_agreement(values)}

        return await mutation_payload(CreatePriceAgreementPayload, action)

    @strawberry.mutation(description="Change a price agreement; drafted quotations keep their discounts.")
    async def update_price_agreement(self, info: strawberry.Info, input: UpdatePriceAgreementInput) -> UpdatePriceAgreementPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            agreement_id = input_id(input.id, "PriceAgreement", "id")
            values = _values(input, ("id", "expected_version"))
            return {"price_agreement": await pricing.update_agreement(agreement_id, values, input.expected_version)}

        return await mutation_payload(UpdatePriceAgreementPayload, action)

    @strawberry.mutation(description="End a price agreement at once: it is valid until yesterday.")
    async def end_price_agreement(self, info: strawberry.Info, input: EndPriceAgreementInput) -> EndPriceAgreementPayload:
        async def action() -> dict[str, Any]:
            ensure(info, WRITE)
            agreement_id = input_id(input.id, "PriceAgreement", "id")
            return {"price_agreement": await pricing.end_agreement(agreement_id, input.expected_version)}

        return await mutation_payload(EndPriceAgreementPayload, action)
