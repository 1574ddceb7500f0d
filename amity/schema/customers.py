"""GraphQL types, queries and mutations of the core: customers, contact persons,
interactions, consents and the timeline. Business rules live in ``amity.core.customers``."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.scalars import JSON
from tortoise.expressions import Q

from amity.core import consents, contacts, interactions, models
from amity.core import customers as rules
from amity.core import timeline as timelines
from amity.core.errors import DomainError, not_found
from amity.core.timeline import TimelineEntry as TimelineRecord
from amity.schema.errors import ClientError, UserError, mutation_payload
from amity.schema.filters import (
    DateTimeFilter,
    DecimalFilter,
    IDFilter,
    Ref,
    StringFilter,
    order_keys,
    to_q,
)
from amity.schema.inputs import values_of
from amity.schema.permissions import ensure, requires_permission
from amity.schema.relay import (
    Connection,
    Edge,
    Node,
    OrderDirection,
    PageInfo,
    SortKey,
    children_connection,
    cursor_values,
    decode_id,
    encode_cursor,
    from_global_id,
    input_id,
    paginate,
    prime_children,
)
from amity.schema.selection import int_argument, node_fields

CustomerStatus = strawberry.enum(models.CustomerStatus, description="Where the relationship stands.")
Channel = strawberry.enum(models.Channel, description="How an interaction reached or left us (seeds 000, 003).")
Direction = strawberry.enum(models.Direction)
Initiator = strawberry.enum(models.Initiator, description="Who started the interaction.")
InteractionMode = strawberry.enum(models.InteractionMode, description="Face-to-face, indirect personal or non-personal.")


def _model_check(model: type) -> Any:
    return classmethod(lambda cls, obj, info: isinstance(obj, model))


@strawberry.type(description="A postal address.")
class Address:
    street: str
    city: str
    postal_code: str = ""
    region: str = ""
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.", default="")

    @classmethod
    def of(cls, value: dict[str, Any] | None) -> Address | None:
        if not value:
            return None
        return cls(**{k: value.get(k, "") for k in ("street", "city", "postal_code", "region", "country")})


@strawberry.type
class EmailAddress:
    label: str
    address: str


@strawberry.type
class PhoneNumber:
    label: str
    number: str = strawberry.field(description="E.164, e.g. +493012345678.")


@strawberry.type(description="An amount in a currency. `amount` is a decimal string.")
class Money:
    amount: Decimal
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.type(description="A person or system account that works in amity.")
class User(Node):
    username: str
    display_name: str
    role: str
    is_type_of = _model_check(models.User)


@strawberry.type(description="A person at an organisation customer.")
class ContactPerson(Node):
    name: str
    title: str
    email: str | None
    phone: str | None
    is_primary: bool
    created_at: datetime
    is_type_of = _model_check(models.ContactPerson)


@strawberry.type(description="One exchange with a customer.")
class Interaction(Node):
    channel: Channel
    direction: Direction
    initiator: Initiator
    mode: InteractionMode
    subject: str
    summary: str
    occurred_at: datetime
    link: strawberry.ID | None = strawberry.field(description="Global ID of a related record of a plugin, if any.")
    created_at: datetime
    is_type_of = _model_check(models.Interaction)

    @strawberry.field
    async def customer(self, info: strawberry.Info) -> Annotated[Customer, strawberry.lazy("amity.schema.customers")]:
        return await info.context.loaders.by_id(models.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field
    async def contact(self, info: strawberry.Info) -> ContactPerson | None:
        contact_id = self.contact_id  # type: ignore[attr-defined]
        return None if contact_id is None else await info.context.loaders.by_id(models.ContactPerson).load(contact_id)

    @strawberry.field
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        user_id = self.recorded_by_id  # type: ignore[attr-defined]
        return None if user_id is None else await info.context.loaders.by_id(models.User).load(user_id)


@strawberry.type(description="Whether the customer agreed to contact on a channel for a purpose.")
class Consent:
    channel: Channel
    purpose: str
    granted: bool
    source: str
    recorded_at: datetime


@strawberry.type(description="One item of a customer's timeline: an interaction or a plugin's record.")
class TimelineEntry:
    occurred_at: datetime
    kind: str = strawberry.field(description="`interaction`, or what a plugin contributes (e.g. `complaint`).")
    title: str
    summary: str
    channel: Channel | None
    record: Node | None = strawberry.field(description="The record behind the entry.")


def _timeline_cursor(entry: TimelineRecord) -> str:
    return encode_cursor("timeline", [entry.occurred_at, entry.key])


def _decode_timeline_cursor(cursor: str) -> tuple[datetime, str]:
    moment, key = cursor_values(cursor, "timeline", 2, "after")
    try:
        return datetime.fromisoformat(moment), str(key)
    except (TypeError, ValueError):
        raise ClientError(f"after: {cursor!r} is not a valid cursor", "INVALID_CURSOR") from None


INTERACTION_ORDER = (SortKey("occurred_at", True),)


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


@strawberry.type(description="A customer: the master file (seed 001) and everything linked to it.")
class Customer(Node):
    code: str = strawberry.field(description="Unique customer code.")
    name: str
    type: str = strawberry.field(description="One of `customerTypes`.")
    status: CustomerStatus
    currency: str
    payment_terms: str
    preferential_terms: str
    tax_rule: str
    tags: list[str]
    attributes: JSON = strawberry.field(description="Free custom attributes.")
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as `expectedVersion` to guard updates.")
    is_type_of = _model_check(models.Customer)

    @strawberry.field
    def postal_address(self) -> Address | None:
        return Address.of(self.postal_address)  # type: ignore[arg-type]

    @strawberry.field
    def delivery_address(self) -> Address | None:
        return Address.of(self.delivery_address)  # type: ignore[arg-type]

    @strawberry.field
    def invoice_address(self) -> Address | None:
        return Address.of(self.invoice_address)  # type: ignore[arg-type]

    @strawberry.field
    def emails(self) -> list[EmailAddress]:
        return [EmailAddress(label=e["label"], address=e["address"]) for e in self.emails]  # type: ignore[attr-defined]

    @strawberry.field
    def phones(self) -> list[PhoneNumber]:
        return [PhoneNumber(label=p["label"], number=p["number"]) for p in self.phones]  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("customer.credit.read")], description="Sales (credit) limit.")
    def credit_limit(self) -> Money:
        return Money(amount=self.credit_limit, currency=self.currency)  # type: ignore[arg-type]

    @strawberry.field(extensions=[requires_permission("customer.credit.read")])
    def bank_account(self) -> str:
        return self.bank_account  # type: ignore[return-value]

    @strawberry.field(description="The sales rep who owns the relationship.")
    async def owner(self, info: strawberry.Info) -> User | None:
        owner_id = self.owner_id  # type: ignore[attr-defined]
        return None if owner_id is None else await info.context.loaders.by_id(models.User).load(owner_id)

    @strawberry.field
    async def contacts(self, info: strawberry.Info) -> list[ContactPerson]:
        return await info.context.loaders.children(models.ContactPerson, "customer_id").load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("consent.read")])
    async def consents(self, info: strawberry.Info) -> list[Consent]:
        return await info.context.loaders.children(models.ConsentRecord, "customer_id").load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("interaction.read")], description="Interactions, newest first.")
    def interactions(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Interaction]:
        settings = info.context.settings
        return children_connection(  # type: ignore[return-value]
            info.context.loaders, models.Interaction, "customer_id", self.pk,  # type: ignore[attr-defined]
            INTERACTION_ORDER, first=first, after=after,
            default_size=settings.default_page_size, max_size=settings.max_page_size, signature="interactions",
        )

    @strawberry.field(
        extensions=[requires_permission("interaction.read")],
        description="Interactions and plugin records, newest first: start where the last conversation stopped.",
    )
    async def timeline(self, info: strawberry.Info, first: int | None = None, after: str | None = None) -> Connection[TimelineEntry]:
        settings = info.context.settings
        size = first if first is not None else settings.default_page_size
        if size < 0 or size > settings.max_page_size:
            raise ClientError(f"first must be between 0 and {settings.max_page_size}", "BAD_PAGINATION")
        before = _decode_timeline_cursor(after) if after else None
        entries, more = await timelines.timeline(self.pk, size, before, info.context.call_hook)  # type: ignore[attr-defined]
        edges = [Edge(cursor=_timeline_cursor(e), node=TimelineEntry(occurred_at=e.occurred_at, kind=e.kind, title=e.title, summary=e.summary, channel=e.channel, record=e.record)) for e in entries]  # type: ignore[call-arg]
        page = PageInfo(has_next_page=more, has_previous_page=after is not None,
                        start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None)
        customer_id = self.pk  # type: ignore[attr-defined]

        async def total() -> int:
            return await models.Interaction.filter(customer_id=customer_id).count()

        return Connection(edges=edges, page_info=page, count_total=total)

    @strawberry.field(description="Other customers sharing a normalised e-mail or phone (merge candidates).")
    async def possible_duplicates(self) -> list[Customer]:
        return await rules.find_duplicates(self)  # type: ignore[arg-type]


@strawberry.input
class CustomerFilter:
    code: StringFilter | None = UNSET
    name: StringFilter | None = UNSET
    type: StringFilter | None = UNSET
    status: StringFilter | None = strawberry.field(default=UNSET, description="active, inactive or lost.")
    currency: StringFilter | None = UNSET
    credit_limit: DecimalFilter | None = UNSET
    owner: IDFilter | None = UNSET
    created_at: DateTimeFilter | None = UNSET
    updated_at: DateTimeFilter | None = UNSET
    search: str | None = strawberry.field(default=UNSET, description="Matches code or name, ignoring case.")
    and_: list[CustomerFilter] | None = strawberry.field(name="and", default=UNSET)
    or_: list[CustomerFilter] | None = strawberry.field(name="or", default=UNSET)
    not_: CustomerFilter | None = strawberry.field(name="not", default=UNSET)


CUSTOMER_COLUMNS = {
    "code": "code", "name": "name", "type": "type", "status": "status", "currency": "currency",
    "credit_limit": "credit_limit", "owner": Ref("owner_id", "User"), "created_at": "created_at",
    "updated_at": "updated_at", "search": lambda text: Q(code__icontains=text) | Q(name__icontains=text),
}


@strawberry.enum
class CustomerOrderField(Enum):
    CODE = "code"
    NAME = "name"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    CREDIT_LIMIT = "credit_limit"


@strawberry.input
class CustomerOrder:
    field: CustomerOrderField
    direction: OrderDirection = OrderDirection.ASC


@strawberry.input
class AddressInput:
    street: str
    city: str
    postal_code: str = ""
    region: str = ""
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.")


@strawberry.input
class EmailInput:
    address: str
    label: str = "work"


@strawberry.input
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
    userError on ``field``."""
    try:
        type_name, pk = from_global_id(global_id)
    except ClientError:
        raise DomainError.single("INVALID_ID", f"{field}: {global_id!r} is not a valid ID", field) from None
    entry = info.context.nodes.get(type_name)
    if entry is None or not pk.isdigit():
        raise DomainError.single("INVALID_ID", f"{field}: no enabled module provides {type_name} records", field)
    record = await info.context.loaders.by_id(entry[0]).load(int(pk))
    if record is None:
        raise not_found(type_name, field)
    return record


def _customer_values(data: Any, skip: tuple[str, ...]) -> dict[str, Any]:
    values = values_of(data, skip=skip)
    if values.get("owner_id") is not None:
        values["owner_id"] = input_id(values["owner_id"], "User", "ownerId")
    return values


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
        settings = info.context.settings
        keys = order_keys(order_by, [SortKey("code")])
        page = await paginate(
            models.Customer.filter(to_q(filter, CUSTOMER_COLUMNS)), keys, first=first, after=after, last=last,
            before=before, default_size=settings.default_page_size, max_size=settings.max_page_size,
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

    @strawberry.mutation(description="Record an interaction on a customer's timeline.")
    async def log_interaction(self, info: strawberry.Info, input: LogInteractionInput) -> LogInteractionPayload:
        async def action() -> dict[str, Any]:
            ensure(info, "interaction.write")
            values = values_of(input)
            values["customer_id"] = input_id(input.customer_id, "Customer", "customerId")
            if input.contact_id is not None:
                values["contact_id"] = input_id(input.contact_id, "ContactPerson", "contactId")
            if input.link is not None:
                await linked_record(info, input.link, "link")
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
CORE_NODES = {
    "Customer": (models.Customer, "customer.read"),
    "ContactPerson": (models.ContactPerson, "customer.read"),
    "Interaction": (models.Interaction, "interaction.read"),
    "User": (models.User, "customer.read"),
}

#: Core types that plugins may extend by name with ``SchemaContribution(extend=...)``
CORE_TYPES = {t.__name__: t for t in (Customer, ContactPerson, Interaction, User, Consent, TimelineEntry)}
