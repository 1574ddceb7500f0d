"""GraphQL for privacy requests: export what amity holds on a customer, and erase it."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.scalars import JSON

from amity.core import privacy
from amity.schema.errors import UserError, mutation_payload
from amity.schema.permissions import ensure, requires_permission
from amity.schema.relay import decode_id, input_id


@strawberry.type
class PrivacyQuery:
    @strawberry.field(
        extensions=[requires_permission("customer.privacy")],
        description="Everything amity and its enabled plugins hold on one customer, keyed by module.",
    )
    async def customer_data_export(self, info: strawberry.Info, id: strawberry.ID) -> JSON:
        return await privacy.export_customer(decode_id(id, "Customer"), info.context.amity.plugins)


@strawberry.input
class EraseCustomerInput:
    id: strawberry.ID
    confirm_code: str = strawberry.field(description="Repeat the customer's code to confirm.")


@strawberry.type
class EraseCustomerPayload:
    user_errors: list[UserError]
    erased_code: str | None = None


@strawberry.type
class PrivacyMutation:
    @strawberry.mutation(description="Delete a customer and everything linked to it in every module (right to erasure).")
    async def erase_customer(self, info: strawberry.Info, input: EraseCustomerInput) -> EraseCustomerPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.privacy")
            customer_id = input_id(input.id, "Customer", "id")
            return {"erased_code": await privacy.erase_customer(customer_id, input.confirm_code, info.context.amity.plugins)}

        return await mutation_payload(EraseCustomerPayload, action)
