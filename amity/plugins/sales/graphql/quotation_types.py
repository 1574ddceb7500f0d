"""GraphQL types of the product catalogue and quotations."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry

from amity.core import models as core
from amity.plugins.sales.graphql.types import Opportunity
from amity.plugins.sales.graphql.visibility import load_deal
from amity.plugins.sales.models import PriceAgreement as PriceAgreementModel
from amity.plugins.sales.models import Product as ProductModel
from amity.plugins.sales.models import Quotation as QuotationModel
from amity.plugins.sales.models import QuotationLine as LineModel
from amity.plugins.sales.models import QuotationStatus as Status
from amity.schema.customers import Customer, Money
from amity.schema.permissions import requires_permission
from amity.schema.relay import Node

if TYPE_CHECKING:
    from amity.plugins.sales.graphql.pricing_types import PriceAgreement

QuotationStatus = strawberry.enum(Status, description="draft → sent → accepted / rejected / expired.")


@strawberry.type(description="An item of the product catalogue.")
class Product(Node):
    code: str = strawberry.field(description="Unique catalogue code.")
    name: str = strawberry.field(description="The default description of its quotation lines.")
    unit: str = strawberry.field(description="What a quantity counts, e.g. `pc` (the default).")
    is_active: bool = strawberry.field(description="Only active products can be quoted.")
    created_at: datetime
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, ProductModel))

    @strawberry.field(
        description="Price of one unit before discount; quotation lines take it unless given a unit price.",
    )
    def list_price(self) -> Money:
        return Money(amount=self.list_price, currency=self.currency)  # type: ignore[arg-type, attr-defined]


@strawberry.type(name="QuotationLine", description="One line of a quotation, priced in the quotation's currency.")
class QuotationLineView:
    position: int = strawberry.field(description="1 for the first line.")
    description: str = strawberry.field(description="The line's wording; the product's name unless the rep gave one.")
    quantity: Decimal = strawberry.field(description="Decimal string, greater than 0, in the product's unit.")
    unit_price: Money = strawberry.field(
        description="Price of one unit before discount: the list price unless the rep set one.")
    discount_percent: Decimal = strawberry.field(description="0 to 100; from `priceAgreement` unless the rep set it.")
    net_amount: Money = strawberry.field(description="Quantity times unit price less the discount.")
    product_id: strawberry.Private[int]
    agreement_id: strawberry.Private[int | None]

    @classmethod
    def of(cls, line: LineModel, currency: str) -> QuotationLineView:
        return cls(
            position=line.position, description=line.description, quantity=line.quantity,
            unit_price=Money(amount=line.unit_price, currency=currency), discount_percent=line.discount_percent,
            net_amount=Money(amount=line.net_amount, currency=currency), product_id=line.product_id,  # type: ignore[attr-defined]
            agreement_id=line.agreement_id,  # type: ignore[attr-defined]
        )

    @strawberry.field(description="The catalogue product quoted.")
    async def product(self, info: strawberry.Info) -> Product:
        return await info.context.loaders.by_id(ProductModel).load(self.product_id)

    @strawberry.field(description="The price agreement whose discount the line got when drafted; null when none applied "
                                  "or the rep set the discount.")
    async def price_agreement(
        self, info: strawberry.Info
    ) -> Annotated[PriceAgreement, strawberry.lazy("amity.plugins.sales.graphql.pricing_types")] | None:
        if self.agreement_id is None:
            return None
        return await info.context.loaders.by_id(PriceAgreementModel).load(self.agreement_id)


@strawberry.type(description="An offer to a customer, with the master file's terms and totals in Decimal.")
class Quotation(Node):
    status: QuotationStatus = strawberry.field(
        description="A draft or sent quotation past `validUntil` becomes EXPIRED (an hourly job marks it).")
    valid_until: date = strawberry.field(
        description="Last day the quotation can be sent or accepted (ISO 8601 date, inclusive).")
    payment_terms: str = strawberry.field(
        description="The customer's payment terms, copied from the master file when drafted.")
    preferential_terms: str = strawberry.field(
        description="The customer's preferential terms (free text), copied from the master file when drafted.")
    tax_rule: str = strawberry.field(description="The customer's tax rule when the quotation was drafted.")
    tax_rate: Decimal = strawberry.field(description="Percent applied to the subtotal.")
    decision_reason: str = strawberry.field(description="Why the customer rejected it; empty otherwise.")
    created_at: datetime
    sent_at: datetime | None = strawberry.field(description="When it was sent; null if never sent.")
    decided_at: datetime | None = strawberry.field(description="When it was accepted or rejected; null until then.")
    settled_at: datetime | None = strawberry.field(description="When an accepted quotation stopped counting against credit.")
    version: int
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, QuotationModel))

    @strawberry.field(description="Q- and the quotation's number.")
    def number(self) -> str:
        return f"Q-{self.pk:06d}"  # type: ignore[attr-defined]

    @strawberry.field(description="The lines after discount, before tax.")
    def subtotal(self) -> Money:
        return Money(amount=self.subtotal, currency=self.currency)  # type: ignore[arg-type, attr-defined]

    @strawberry.field(description="Subtotal times `taxRate` percent, rounded half up to the cent.")
    def tax(self) -> Money:
        return Money(amount=self.tax, currency=self.currency)  # type: ignore[arg-type, attr-defined]

    @strawberry.field(
        description="Subtotal plus tax; once accepted and until settled it counts against the credit limit.",
    )
    def total(self) -> Money:
        return Money(amount=self.total, currency=self.currency)  # type: ignore[arg-type, attr-defined]

    @strawberry.field(description="The lines, in order.")
    async def lines(self, info: strawberry.Info) -> list[QuotationLineView]:
        rows = await info.context.loaders.children(LineModel, "quotation_id", ("position",)).load(self.pk)  # type: ignore[attr-defined]
        return [QuotationLineView.of(row, self.currency) for row in rows]  # type: ignore[attr-defined]

    @strawberry.field(
        extensions=[requires_permission("customer.read")],
        description="The customer it is offered to, in whose currency it is priced.",
    )
    async def customer(self, info: strawberry.Info) -> Customer:
        return await info.context.loaders.by_id(core.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(
        extensions=[requires_permission("sales.opportunity.read")],
        description="The deal it is for; null when none or the deal is not yours to see.",
    )
    async def opportunity(self, info: strawberry.Info) -> Opportunity | None:
        return await load_deal(info, self.opportunity_id)  # type: ignore[attr-defined]
