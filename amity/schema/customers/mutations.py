"""Mutations of the core: inputs, payloads and resolvers. Rules live in ``amity.core``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON

from amity.core import consents, contacts, interactions
from amity.core import customers as rules
from amity.core.errors import DomainError, not_found
from amity.schema.customers.types import (
    Channel,
    Consent,
    ContactPerson,
    Customer,
    CustomerStatus,
    Direction,
    Initiator,
    Interaction,
    InteractionMode,
)
from amity.schema.errors import ClientError, UserError, mutation_payload
from amity.schema.inputs import InputProblems, values_of
from amity.schema.nodes import fetch_node
from amity.schema.permissions import ensure
from amity.schema.relay import input_id


@strawberry.input(description="A postal, delivery or invoice address.")
class AddressInput:
    street: str
    city: str
    postal_code: str = ""
    region: str = ""
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")


@strawberry.input(description="An e-mail address; stored normalised (lower case).")
class EmailInput:
    address: str
    label: str = "work"


@strawberry.input(description="A phone number; stored in E.164 form.")
class PhoneInput:
    number: str = strawberry.field(description="With country code (+49 30 ...), or local to the customer's country.")
    label: str = "work"


@strawberry.input
class CustomerFields:
    name: str | None = UNSET
    type: str | None = UNSET
    status: CustomerStatus | None = UNSET
    postal_address: AddressInput | None = UNSET
    delivery_address: AddressInput | None = UNSET
    invoice_address: AddressInput | None = UNSET
    emails: list[EmailInput] | None = UNSET
    phones: list[PhoneInput] | None = UNSET
    currency: str | None = UNSET
    payment_terms: str | None = UNSET
    preferential_terms: str | None = UNSET
    tax_rule: str | None = UNSET
    bank_account: str | None = UNSET
    credit_limit: Decimal | None = UNSET
    owner_id: strawberry.ID | None = UNSET
    tags: list[str] | None = UNSET
    attributes: JSON | None = UNSET


@strawberry.input
class CreateCustomerInput(CustomerFields):
    code: str = strawberry.field(description="Unique customer code.")
    allow_duplicate: bool = strawberry.field(default=False, description="Create even if an e-mail or phone is shared.")


@strawberry.input
class UpdateCustomerInput(CustomerFields):
    id: strawberry.ID
    code: str | None = UNSET
    expected_version: int | None = strawberry.field(default=UNSET, description="Fail with STALE if the version differs.")


@strawberry.type
class CreateCustomerPayload:
    user_errors: list[UserError]
    customer: Customer | None = None


@strawberry.type
class UpdateCustomerPayload:
    user_errors: list[UserError]
    customer: Customer | None = None


@strawberry.input
class MergeCustomersInput:
    survivor_id: strawberry.ID = strawberry.field(description="The customer that stays.")
    duplicate_id: strawberry.ID = strawberry.field(description="The customer merged into the survivor and deleted.")


@strawberry.type
class MergeCustomersPayload:
    user_errors: list[UserError]
    customer: Customer | None = None


@strawberry.input
class AddContactPersonInput:
    customer_id: strawberry.ID
    name: str
    title: str = ""
    email: str | None = None
    phone: str | None = None
    is_primary: bool = False


@strawberry.type
class AddContactPersonPayload:
    user_errors: list[UserError]
    contact: ContactPerson | None = None


@strawberry.input
class UpdateContactPersonInput:
    id: strawberry.ID
    name: str | None = UNSET
    title: str | None = UNSET
    email: str | None = strawberry.field(default=UNSET, description="null removes it.")
    phone: str | None = strawberry.field(default=UNSET, description="null removes it.")
    is_primary: bool | None = UNSET


@strawberry.type
class UpdateContactPersonPayload:
    user_errors: list[UserError]
    contact: ContactPerson | None = None


@strawberry.input
class RemoveContactPersonInput:
    id: strawberry.ID


@strawberry.type
class RemoveContactPersonPayload:
    user_errors: list[UserError]
    removed_id: strawberry.ID | None = strawberry.field(default=None, description="The ID of the removed contact.")


@strawberry.input
class LogInteractionInput:
    customer_id: strawberry.ID
    contact_id: strawberry.ID | None = None
    channel: Channel
    direction: Direction
    initiator: Initiator
    mode: InteractionMode
    subject: str
    summary: str = ""
    occurred_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")
    link: strawberry.ID | None = strawberry.field(default=None, description="Global ID of a related record.")


@strawberry.type
class LogInteractionPayload:
    user_errors: list[UserError]
    interaction: Interaction | None = None


@strawberry.input
class RecordConsentInput:
    customer_id: strawberry.ID
    channel: Channel
    purpose: str = strawberry.field(description="e.g. `marketing`, `newsletter`, `surveys`.")
    granted: bool
    source: str = strawberry.field(description="Where the consent came from, e.g. `web form 2026-05`.")


@strawberry.type
class RecordConsentPayload:
    user_errors: list[UserError]
    consent: Consent | None = None



async def linked_record(info: strawberry.Info, global_id: str, field: str) -> Any:
    """The record a global ID in a mutation input points to, of any enabled type.

    A malformed ID, one of a type no enabled plugin provides, or a missing record is a
    userError on ``field``; so is a record the caller may not see."""
    try:
        record = await fetch_node(info, global_id)
    except ClientError:
        raise DomainError.single("INVALID_ID", f"{field}: {global_id!r} is not the ID of a record of an enabled module",
                                 field) from None
    if record is None:
        raise not_found("the linked record", field)
    return record


def _customer_values(data: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    values = values_of(data, skip=skip)
    if values.get("owner_id") is not None:
        values["owner_id"] = input_id(values["owner_id"], "User", "ownerId")
    return values


@strawberry.type
class CustomerMutation:
    @strawberry.mutation(description="Create a customer.")
    async def create_customer(self, info: strawberry.Info, input: CreateCustomerInput) -> CreateCustomerPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.write")
            values = _customer_values(input, skip=("allow_duplicate",))
            customer = await rules.create_customer(values, info.context.settings.customer_types, allow_duplicate=input.allow_duplicate)
            return {"customer": customer}

        return await mutation_payload(CreateCustomerPayload, action)

    @strawberry.mutation(description="Change some fields of a customer.")
    async def update_customer(self, info: strawberry.Info, input: UpdateCustomerInput) -> UpdateCustomerPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.write")
            customer_id = input_id(input.id, "Customer", "id")
            values = _customer_values(input, skip=("id", "expected_version"))
            expected = None if input.expected_version is UNSET else input.expected_version
            customer = await rules.update_customer(customer_id, values, info.context.settings.customer_types, expected)
            return {"customer": customer}

        return await mutation_payload(UpdateCustomerPayload, action)

    @strawberry.mutation(description="Merge a duplicate into a survivor: everything moves, in one transaction.")
    async def merge_customers(self, info: strawberry.Info, input: MergeCustomersInput) -> MergeCustomersPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.merge")
            survivor = input_id(input.survivor_id, "Customer", "survivorId")
            duplicate = input_id(input.duplicate_id, "Customer", "duplicateId")
            return {"customer": await rules.merge_customers(survivor, duplicate, info.context.call_hook)}

        return await mutation_payload(MergeCustomersPayload, action)

    @strawberry.mutation(description="Add a contact person to a customer.")
    async def add_contact_person(self, info: strawberry.Info, input: AddContactPersonInput) -> AddContactPersonPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.write")
            customer_id = input_id(input.customer_id, "Customer", "customerId")
            return {"contact": await contacts.add_contact(customer_id, values_of(input, skip=("customer_id",)))}

        return await mutation_payload(AddContactPersonPayload, action)

    @strawberry.mutation(description="Change some fields of a contact person.")
    async def update_contact_person(
        self, info: strawberry.Info, input: UpdateContactPersonInput
    ) -> UpdateContactPersonPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.write")
            contact_id = input_id(input.id, "ContactPerson", "id")
            return {"contact": await contacts.update_contact(contact_id, values_of(input, skip=("id",)))}

        return await mutation_payload(UpdateContactPersonPayload, action)

    @strawberry.mutation(description="Remove a contact person; their interactions stay on the customer.")
    async def remove_contact_person(
        self, info: strawberry.Info, input: RemoveContactPersonInput
    ) -> RemoveContactPersonPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "customer.write")
            await contacts.remove_contact(input_id(input.id, "ContactPerson", "id"))
            return {"removed_id": input.id}

        return await mutation_payload(RemoveContactPersonPayload, action)

    @strawberry.mutation(description="Record an interaction on a customer's timeline.")
    async def log_interaction(self, info: strawberry.Info, input: LogInteractionInput) -> LogInteractionPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "interaction.write")
            values = values_of(input)
            found = InputProblems()
            values["customer_id"] = found.id(input.customer_id, "Customer", "customerId")
            if input.contact_id is not None:
                values["contact_id"] = found.id(input.contact_id, "ContactPerson", "contactId")
            if input.link is not None:
                await found.check(linked_record(info, input.link, "link"))
            found.extend(interactions.check_interaction(values))
            found.raise_any()
            interaction = await interactions.log_interaction(values, info.context.principal.user_id)
            return {"interaction": interaction}

        return await mutation_payload(LogInteractionPayload, action)

    @strawberry.mutation(description="Record whether a customer agrees to contact on a channel for a purpose.")
    async def record_consent(self, info: strawberry.Info, input: RecordConsentInput) -> RecordConsentPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "consent.write")
            customer_id = input_id(input.customer_id, "Customer", "customerId")
            consent = await consents.record_consent(customer_id, input.channel.value, input.purpose, input.granted, input.source)
            return {"consent": consent}

        return await mutation_payload(RecordConsentPayload, action)


#: Types reachable by global ID through ``node(id:)``: GraphQL type name -> (model, permission)
