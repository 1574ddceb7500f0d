"""Root queries of the core: customers by filter and order, one customer, customer types."""

from __future__ import annotations

from typing import Any

import strawberry

from amity.core import models
from amity.schema.customers.filters import CUSTOMER_COLUMNS, CustomerFilter, CustomerOrder
from amity.schema.customers.types import INTERACTION_ORDER, Customer
from amity.schema.errors import ClientError
from amity.schema.filters import order_keys, to_q
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, SortKey, decode_id, list_page, prime_children
from amity.schema.selection import int_argument, node_fields


async def prefetch_customer_relations(info: strawberry.Info, customers: list[Any]) -> None:
    """Load the first page of ``interactions`` of every customer on a page in one query,
    when the query selects it (without ``after``), so each customer answers at once."""
    if not customers or not info.context.principal.has("interaction.read"):
        return
    settings = info.context.settings
    for field in node_fields(info, "interactions"):
        if field.arguments.get("after") is not None:
            continue
        try:
            first = int_argument(field, "first")
            await prime_children(
                info.context.loaders, models.Interaction, "customer_id", [c.pk for c in customers], INTERACTION_ORDER,
                first=first, default_size=settings.default_page_size, max_size=settings.max_page_size,
            )
        except (ValueError, ClientError):  # a bad `first` is reported by the field itself
            continue



@strawberry.type
class CustomerQuery:
    @strawberry.field(extensions=[requires_permission("customer.read")], description="Customers, filtered and ordered.")
    async def customers(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: CustomerFilter | None = None,
        order_by: list[CustomerOrder] | None = None,
    ) -> Connection[Customer]:
        keys = order_keys(order_by, [SortKey("code")])
        page = await list_page(
            info,
            models.Customer.filter(to_q(filter, CUSTOMER_COLUMNS)), keys, first=first, after=after, last=last,
            before=before,
            signature="customers",
        )
        await prefetch_customer_relations(info, [edge.node for edge in page.edges])
        return page

    @strawberry.field(extensions=[requires_permission("customer.read")], description="One customer by ID or code.")
    async def customer(self, info: strawberry.Info, id: strawberry.ID | None = None, code: str | None = None) -> Customer | None:
        if (id is None) == (code is None):
            raise ClientError("pass exactly one of id or code", "BAD_ARGUMENTS")
        if id is not None:
            return await info.context.loaders.by_id(models.Customer).load(decode_id(id, "Customer"))
        return await models.Customer.get_or_none(code=code)

    @strawberry.field(description="The customer types this installation accepts.")
    def customer_types(self, info: strawberry.Info) -> list[str]:
        return list(info.context.settings.customer_types)


