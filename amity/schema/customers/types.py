"""GraphQL types of the core: customers, contact persons, interactions, consents, the timeline."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from amity.core import customers as rules
from amity.core import models
from amity.core import timeline as timelines
from amity.core.timeline import TimelineEntry as TimelineRecord
from amity.schema.errors import ClientError
from amity.schema.permissions import requires_permission
from amity.schema.relay import Connection, Edge, Node, PageInfo, SortKey, child_page, cursor_values, encode_cursor

CustomerStatus = strawberry.enum(models.CustomerStatus, description="Where the relationship stands.")
Channel = strawberry.enum(models.Channel, description="How an interaction reached or left us.")
Direction = strawberry.enum(models.Direction, description="Whether the interaction came in or went out.")
Initiator = strawberry.enum(models.Initiator, description="Who started the interaction.")
InteractionMode = strawberry.enum(models.InteractionMode, description="Face-to-face, indirect personal or non-personal.")


def _model_check(model: type) -> Any:
    return classmethod(lambda cls, obj, info: isinstance(obj, model))


@strawberry.type(description="A postal address.")
class Address:
    street: str = strawberry.field(description="Street and house number, as written on an envelope.")
    city: str = strawberry.field(description="Town or city.")
    postal_code: str = strawberry.field(default="", description="Empty where the country has none.")
    region: str = strawberry.field(default="", description="State, province or county, where addresses use one.")
    country: str = strawberry.field(description="ISO 3166-1 alpha-2 code.", default="")

    @classmethod
    def of(cls, value: dict[str, Any] | None) -> Address | None:
        if not value:
            return None
        return cls(**{k: value.get(k, "") for k in ("street", "city", "postal_code", "region", "country")})


@strawberry.type(description="An e-mail address and what it is for.")
class EmailAddress:
    label: str = strawberry.field(description="What the address is for, e.g. `work`, `billing`.")
    address: str = strawberry.field(description="Normalised to lower case.")


@strawberry.type(description="A phone number and what it is for.")
class PhoneNumber:
    label: str = strawberry.field(description="What the number is for, e.g. `work`, `mobile`.")
    number: str = strawberry.field(description="E.164, e.g. +493012345678.")


@strawberry.type(description="An amount in a currency. `amount` is a decimal string.")
class Money:
    amount: Decimal = strawberry.field(description="Decimal string with two places, e.g. `1250.00`; never a float.")
    currency: str = strawberry.field(description="ISO 4217 code.")


@strawberry.type(description="A person or system account that works in amity.")
class User(Node):
    username: str = strawberry.field(description="Unique sign-in name.")
    display_name: str = strawberry.field(description="The name to show people.")
    role: str = strawberry.field(description="`admin`, `manager`, `agent`, `viewer`, or a role made with `createRole`.")
    is_active: bool = strawberry.field(description="An inactive user's API keys do not work.")
    is_type_of = _model_check(models.User)

    @strawberry.field(extensions=[requires_permission("user.manage")], description="Work e-mail, if recorded.")
    def email(self) -> str | None:
        return self.email  # type: ignore[return-value]


@strawberry.type(description="A person at an organisation customer.")
class ContactPerson(Node):
    name: str = strawberry.field(description="Full name.")
    title: str = strawberry.field(description="Job title, e.g. `Head of purchasing`.")
    email: str | None = strawberry.field(description="Normalised to lower case; null when unknown.")
    phone: str | None = strawberry.field(description="E.164.")
    is_primary: bool = strawberry.field(description="The first person to talk to; one per customer.")
    created_at: datetime
    is_type_of = _model_check(models.ContactPerson)

    @strawberry.field(description="The customer this person works for.")
    async def customer(self, info: strawberry.Info) -> Annotated[Customer, strawberry.lazy("amity.schema.customers.types")]:
        return await info.context.loaders.by_id(models.Customer).load(self.customer_id)  # type: ignore[attr-defined]


@strawberry.type(description="One exchange with a customer.")
class Interaction(Node):
    channel: Channel = strawberry.field(description="Where it took place.")
    direction: Direction
    initiator: Initiator = strawberry.field(description="Who started it: the company or the customer.")
    mode: InteractionMode = strawberry.field(description="Face-to-face, indirect personal, or non-personal (media, events).")
    subject: str = strawberry.field(description="One line: what it was about.")
    summary: str = strawberry.field(description="What was said and agreed, for whoever talks to the customer next.")
    occurred_at: datetime = strawberry.field(description="When it happened (not when it was recorded).")
    link: strawberry.ID | None = strawberry.field(description="Global ID of a related record of a plugin, if any.")
    created_at: datetime
    is_type_of = _model_check(models.Interaction)

    @strawberry.field(description="The record `link` points to, typed; null when there is none, it is gone, its "
                      "module is not enabled or you may not see it.")
    async def linked_record(self, info: strawberry.Info) -> Node | None:
        from amity.schema.nodes import linked_node  # nodes imports these types

        return await linked_node(info, self.link)  # type: ignore[arg-type]

    @strawberry.field(description="The customer it was with.")
    async def customer(self, info: strawberry.Info) -> Annotated[Customer, strawberry.lazy("amity.schema.customers.types")]:
        return await info.context.loaders.by_id(models.Customer).load(self.customer_id)  # type: ignore[attr-defined]

    @strawberry.field(description="The customer's contact person who took part, if any.")
    async def contact(self, info: strawberry.Info) -> ContactPerson | None:
        contact_id = self.contact_id  # type: ignore[attr-defined]
        return None if contact_id is None else await info.context.loaders.by_id(models.ContactPerson).load(contact_id)

    @strawberry.field(description="Who logged it; null for imports and system entries.")
    async def recorded_by(self, info: strawberry.Info) -> User | None:
        user_id = self.recorded_by_id  # type: ignore[attr-defined]
        return None if user_id is None else await info.context.loaders.by_id(models.User).load(user_id)


@strawberry.type(description="Whether the customer agreed to contact on a channel for a purpose.")
class Consent:
    channel: Channel = strawberry.field(description="The channel the consent covers.")
    purpose: str = strawberry.field(description="e.g. `newsletter`, `marketing`, `surveys`.")
    granted: bool = strawberry.field(description="false records a refusal or a withdrawal.")
    source: str = strawberry.field(description="Where the consent came from, e.g. `web form 2026-05`.")
    recorded_at: datetime = strawberry.field(description="When this answer was last recorded.")


@strawberry.type(description="One item of a customer's timeline: an interaction or a plugin's record.")
class TimelineEntry:
    occurred_at: datetime = strawberry.field(description="When it happened; entries come newest first.")
    kind: str = strawberry.field(description="`interaction`, or what a plugin contributes (e.g. `complaint`).")
    title: str = strawberry.field(description="One line to show in a list.")
    summary: str = strawberry.field(description="More detail; may be empty.")
    channel: Channel | None = strawberry.field(description="The channel, for interactions and entries that have one.")
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



@strawberry.type(description="A customer: the master file and everything linked to it.")
class Customer(Node):
    code: str = strawberry.field(description="Unique customer code.")
    name: str = strawberry.field(description="Company or person name.")
    type: str = strawberry.field(description="One of `customerTypes`.")
    status: CustomerStatus = strawberry.field(description="Active, inactive or lost.")
    currency: str = strawberry.field(description="ISO 4217 code the customer is quoted and invoiced in.")
    payment_terms: str = strawberry.field(description="Agreed payment terms, e.g. `30 days net`.")
    preferential_terms: str = strawberry.field(description="Agreed preferential terms, in words (discounts, rebates).")
    tax_rule: str = strawberry.field(description="How invoices are taxed, e.g. `VAT 19% (DE)` or `Reverse charge (EU B2B)`.")
    tags: list[str] = strawberry.field(description="Free labels, for filtering and segments.")
    attributes: JSON = strawberry.field(description="Free custom attributes.")
    created_at: datetime
    updated_at: datetime
    version: int = strawberry.field(description="Send as `expectedVersion` to guard updates.")
    is_type_of = _model_check(models.Customer)

    @strawberry.field(description="Where letters go.")
    def postal_address(self) -> Address | None:
        return Address.of(self.postal_address)  # type: ignore[arg-type]

    @strawberry.field(description="Where goods go, if not the postal address.")
    def delivery_address(self) -> Address | None:
        return Address.of(self.delivery_address)  # type: ignore[arg-type]

    @strawberry.field(description="Where invoices go, if not the postal address.")
    def invoice_address(self) -> Address | None:
        return Address.of(self.invoice_address)  # type: ignore[arg-type]

    @strawberry.field(description="E-mail addresses, in the order given.")
    def emails(self) -> list[EmailAddress]:
        return [EmailAddress(label=e["label"], address=e["address"]) for e in self.emails]  # type: ignore[attr-defined]

    @strawberry.field(description="Phone numbers, in the order given.")
    def phones(self) -> list[PhoneNumber]:
        return [PhoneNumber(label=p["label"], number=p["number"]) for p in self.phones]  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("customer.credit.read")], description="Sales (credit) limit.")
    def credit_limit(self) -> Money:
        return Money(amount=self.credit_limit, currency=self.currency)  # type: ignore[arg-type]

    @strawberry.field(extensions=[requires_permission("customer.credit.read")], description="IBAN or account number.")
    def bank_account(self) -> str:
        return self.bank_account  # type: ignore[return-value]

    @strawberry.field(description="The sales rep who owns the relationship.")
    async def owner(self, info: strawberry.Info) -> User | None:
        owner_id = self.owner_id  # type: ignore[attr-defined]
        return None if owner_id is None else await info.context.loaders.by_id(models.User).load(owner_id)

    @strawberry.field(description="The people to talk to at an organisation, in the order they were added.")
    async def contacts(self, info: strawberry.Info) -> list[ContactPerson]:
        return await info.context.loaders.children(models.ContactPerson, "customer_id").load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("consent.read")],
                      description="The current answer per channel and purpose.")
    async def consents(self, info: strawberry.Info) -> list[Consent]:
        return await info.context.loaders.children(models.ConsentRecord, "customer_id").load(self.pk)  # type: ignore[attr-defined]

    @strawberry.field(extensions=[requires_permission("interaction.read")], description="Interactions, newest first.")
    def interactions(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Interaction]:
        return child_page(  # type: ignore[return-value]
            info, models.Interaction, "customer_id", self.pk, INTERACTION_ORDER,  # type: ignore[attr-defined]
            first=first, after=after, signature="interactions",
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
        entries, more = await timelines.timeline(
            self.pk, size, before, info.context.call_hook, info.context.principal  # type: ignore[attr-defined]
        )
        edges = [Edge(cursor=_timeline_cursor(e), node=TimelineEntry(occurred_at=e.occurred_at, kind=e.kind, title=e.title, summary=e.summary, channel=e.channel, record=e.record)) for e in entries]  # type: ignore[call-arg]
        page = PageInfo(has_next_page=more, has_previous_page=after is not None,
                        start_cursor=edges[0].cursor if edges else None, end_cursor=edges[-1].cursor if edges else None)
        customer_id, context = self.pk, info.context  # type: ignore[attr-defined]

        async def total() -> int:
            return await timelines.timeline_count(customer_id, context.call_hook, context.principal)

        return Connection(edges=edges, page_info=page, count_total=total)

    @strawberry.field(description="Other customers sharing a normalised e-mail or phone (merge candidates).")
    async def possible_duplicates(self) -> list[Customer]:
        return await rules.find_duplicates(self)  # type: ignore[arg-type]


