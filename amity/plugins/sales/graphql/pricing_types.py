"""GraphQL types of price agreements, and the ``priceAgreements`` field they add to ``Customer``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from amity.core import clock
from amity.core import models as core
from amity.plugins.sales import pricing
from amity.plugins.sales.graphql.quotation_types import Product
from amity.plugins.sales.models import PriceAgreement as PriceAgreementModel
from amity.plugins.sales.models import Product as ProductModel
from amity.schema.customers import Customer
from amity.schema.permissions import requires_permission
from amity.schema.relay import Node

READ = "sales.quotation.read"
#: A customer's agreements in the order ``Customer.priceAgreements`` lists them.
CUSTOMER_ORDER = ("created_at", "id")


@strawberry.type(description="A discount agreed with a customer, applied to quotation lines drafted without one.")
class PriceAgreement(Node):
    discount_percent: Decimal = strawberry.field(description="Above 0, at most 100.")
    min_quantity: Decimal = strawberry.field(description="Applies to lines of at least this quantity.")
    valid_from: date | None = strawberry.field(description="First day it applies; null: since always.")
    valid_until: date | None = strawberry.field(description="Last day it applies (inclusive); null: open-ended.")
    note: str = strawberry.field(description="The wording of the customer's terms.")
    created_at: datetime
    version: int = strawberry.field(description="Send as `expectedVersion` to guard changes.")
    is_type_of = classmethod(lambda cls, obj, info: isinstance(obj, PriceAgreementModel))

    @strawberry.field(description="Whether it applies today.")
    def is_active(self) -> bool:
        return pricing.is_valid_on(self, clock.now().date())  # type: ignore[arg-type]

    @strawberry.field(
        extensions=[requires_permission("customer.read")],
        description="The customer the discount is agreed with.",
    )
    async def customer(self, info: strawberry.Info) -> Customer:
        return await info.context.loaders.by_id(core.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The product it is agreed on; null: every product.")
    async def product(self, info: strawberry.Info) -> Product | None:
        product_id = self.product_id  # type: ignore[attr-defined]
        return None if product_id is None else await info.context.loaders.by_id(ProductModel).load(product_id)


@strawberry.type
class CustomerPriceAgreements:
    """The ``priceAgreements`` field the sales plugin adds to the core ``Customer`` type."""

    @strawberry.field(
        extensions=[requires_permission(READ)],
        description="The customer's price agreements, oldest first; only those valid on `activeOn` when given.",
    )
    async def price_agreements(self, info: strawberry.Info, active_on: date | None = None) -> list[PriceAgreement]:
        loader = info.context.loaders.children(PriceAgreementModel, "customer_id", CUSTOMER_ORDER)
        rows = await loader.load(self.pk)  # type: ignore[attr-defined]
        return [row for row in rows if active_on is None or pricing.is_valid_on(row, active_on)]
