"""Drafting demo customers, contacts, interactions and consents from the catalog."""


from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import phonenumbers
from phonenumbers import PhoneNumberType

from amity.core.demo.catalog import (
    BUSINESS_ONLY,
    CHANNEL_STYLES,
    CONSENT_SOURCES,
    COUNTRIES,
    EU_COUNTRIES,
    HISTORY,
    LINK_BASE,
    LOST_NOTE,
    MAIL_PROVIDERS,
    ORGANISATION_TAGS,
    OTHER_TYPE,
    OWNER_WEIGHTS,
    PERSON_TAGS,
    PERSON_TYPES,
    PREFERENTIAL_TERMS,
    PRODUCTS,
    STATUS_WEIGHTS,
    TYPE_PROFILES,
    Country,
    TypeProfile,
)
from amity.core.models import (
    Channel,
    ConsentRecord,
    ContactPerson,
    Customer,
    CustomerStatus,
    Direction,
    IdentityKind,
    Initiator,
    Interaction,
    InteractionMode,
    User,
)


@dataclass
class CustomerDraft:
    """An unsaved customer with its owner, contacts, interactions and consents."""

    customer: Customer
    country: Country
    owner: User
    contacts: list[ContactPerson] = field(default_factory=list)
    interactions: list[tuple[Interaction, str | None]] = field(default_factory=list)  # with the contact's e-mail
    consents: list[ConsentRecord] = field(default_factory=list)

    def identities(self) -> list[tuple[str, str]]:
        """The rows ``customers.sync_identities`` would keep for this customer."""
        found = {(IdentityKind.EMAIL.value, item["address"]) for item in self.customer.emails}
        found |= {(IdentityKind.PHONE.value, item["number"]) for item in self.customer.phones}
        found |= {(IdentityKind.EMAIL.value, c.email) for c in self.contacts if c.email}
        found |= {(IdentityKind.PHONE.value, c.phone) for c in self.contacts if c.phone}
        return sorted(found)


def ascii_slug(text: str, separator: str = "") -> str:
    """Lower-case ASCII letters and digits of ``text``, words joined by ``separator``."""
    text = text.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("Ł", "L").replace("&", " ")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = ["".join(ch for ch in word if ch.isalnum()) for word in plain.split()]
    return separator.join(word for word in words if word)


def iban(country_code: str, bban: str) -> str:
    """An IBAN with correct check digits (ISO 13616) for a basic bank account number."""
    digits = "".join(str(int(ch, 36)) for ch in f"{bban}{country_code}00")
    return f"{country_code}{98 - int(digits) % 97:02d}{bban}"


class DemoBuilder:
    """Draws demo rows from a seeded ``random.Random``; keeps e-mails, phones and names
    unique across everything it builds."""

    def __init__(self, rng: random.Random, now: datetime, users: dict[str, User], customer_types: tuple[str, ...]) -> None:
        self.rng = rng
        self.now = now
        self.users = users
        self.customer_types = customer_types
        self.first_types = rng.sample(customer_types, len(customer_types))
        self.emails: set[str] = set()
        self.phones: set[str] = set()
        self.names: set[str] = set()
        self.domains: set[str] = set()

    # small draws

    def country(self) -> Country:
        """A country, the larger markets more often."""
        return self.rng.choices(COUNTRIES, weights=[c.weight for c in COUNTRIES])[0]

    def customer_type(self, index: int) -> str:
        """Every configured type once first (in shuffled order), then by weight."""
        if index < len(self.first_types):
            return self.first_types[index]
        weights = [profile(kind).type_weight for kind in self.customer_types]
        return self.rng.choices(self.customer_types, weights=weights)[0]

    def person(self, country: Country) -> tuple[str, str, str]:
        """Given name, family name and the name as written in the country."""
        given, family = self.rng.choice(country.given_names), self.rng.choice(country.family_names)
        return given, family, f"{family} {given}" if country.family_first else f"{given} {family}"

    def owner(self) -> User:
        """The account owner: mostly the agent, often the manager, sometimes the admin."""
        roles = list(OWNER_WEIGHTS)
        return self.users[self.rng.choices(roles, weights=[OWNER_WEIGHTS[r] for r in roles])[0]]

    def money(self, country: Country, euros: float) -> Decimal:
        """``euros`` in the country's currency, rounded to two significant digits."""
        amount = euros * country.money_scale
        step = 10 ** max(len(str(int(amount))) - 2, 0)
        return Decimal(round(amount / step) * step).quantize(Decimal("0.01"))

    def money_text(self, country: Country, euros: float) -> str:
        """``money`` as text for notes: ``12,000 EUR``."""
        return f"{self.money(country, euros):,.0f} {country.currency}"

    def moment(self, start: datetime, end: datetime) -> datetime:
        """A time during office hours between ``start`` and ``end``."""
        day = start + timedelta(seconds=self.rng.uniform(0, (end - start).total_seconds()))
        at = day.replace(hour=self.rng.randint(7, 17), minute=self.rng.randrange(0, 60, 5), second=0, microsecond=0)
        return min(max(at, start), end)

    # contact data

    def email(self, local: str, domain: str) -> str:
        """``local@domain``, numbered when taken."""
        address, number = f"{local}@{domain}", 1
        while address in self.emails:
            number += 1
            address = f"{local}{number}@{domain}"
        self.emails.add(address)
        return address

    def domain(self, name: str) -> str:
        """A unique ``.example`` domain from the first two words of an organisation's name."""
        base = "-".join(ascii_slug(name, "-").split("-")[:2])
        domain, number = f"{base}.example", 1
        while domain in self.domains:
            number += 1
            domain = f"{base}{number}.example"
        self.domains.add(domain)
        return domain

    def phone(self, country: Country, mobile: bool) -> str:
        """A valid, unused E.164 number: the country's example number with new last digits."""
        kind = PhoneNumberType.MOBILE if mobile else PhoneNumberType.FIXED_LINE
        example = phonenumbers.example_number_for_type(country.code, kind)
        head = str(example.national_number)[:-4]
        while True:
            number = phonenumbers.PhoneNumber(
                country_code=example.country_code,
                national_number=int(f"{head}{self.rng.randrange(10_000):04d}"),
                italian_leading_zero=example.italian_leading_zero,
            )
            text = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if text not in self.phones and phonenumbers.is_valid_number(number):
                self.phones.add(text)
                return text

    def address(self, country: Country, city: tuple[str, str, str] | None = None) -> dict[str, str]:
        """An address in ``city`` (or any city of the country), in the shape the service keeps."""
        name, postal_code, region = city or self.rng.choice(country.cities)
        street = country.street_format.format(
            street=self.rng.choice(country.streets), n=self.rng.randint(1, 160),
            a=self.rng.randint(1, 9), b=self.rng.randint(1, 30),
        )
        return {"street": street, "city": name, "postal_code": postal_code, "region": region, "country": country.code}

    # customers

    def organisation_name(self, kind: str, country: Country, city: str) -> str:
        """A unique, plausible name for an organisation of ``kind``."""
        sectors = profile(kind).sectors
        for _ in range(20):
            if kind == "government":
                name = self.rng.choice(sectors).format(city=city)
            else:
                families = self.rng.sample(country.family_names, 2)
                stem = f"{families[0]} & {families[1]}" if self.rng.random() < 0.2 else families[0]
                name = f"{stem} {self.rng.choice(sectors)} {self.rng.choice(country.company_suffixes)}"
            if name not in self.names:
                break
        else:
            name = f"{name} ({len(self.names) + 1})"
        self.names.add(name)
        return name

    def customer(self, number: int, kind: str) -> CustomerDraft:
        """Customer ``C-<number>`` of type ``kind`` with everything that belongs to it."""
        country = self.country()
        status = self.rng.choices(list(STATUS_WEIGHTS), weights=list(STATUS_WEIGHTS.values()))[0]
        oldest = 400 if status != CustomerStatus.ACTIVE else 20
        created_at = self.now - timedelta(days=self.rng.randint(oldest, 1500), minutes=self.rng.randint(0, 600))
        city = self.rng.choice(country.cities)
        is_person = kind in PERSON_TYPES
        values = self.person_fields(country) if is_person else self.organisation_fields(kind, country, city[0])
        postal = self.address(country, city)
        owner = self.owner()
        customer = Customer(
            code=f"C-{number:05d}", type=kind, status=status.value, postal_address=postal,
            delivery_address=self.delivery_address(country, postal, is_person),
            invoice_address=postal if is_person or self.rng.random() < 0.7 else self.address(country, city),
            owner_id=owner.id, created_at=created_at,
            updated_at=created_at + (self.now - created_at) * self.rng.random(), version=1,
            **values, **self.terms(kind, country, is_person),
        )
        draft = CustomerDraft(customer, country, owner)
        if not is_person:
            draft.contacts = self.contacts(draft, kind)
        draft.interactions = self.interactions(draft, status)
        draft.consents = self.consents(draft)
        return draft

    def person_fields(self, country: Country) -> dict[str, Any]:
        """Name, contact data, tags and attributes of a private person."""
        given, family, name = self.person(country)
        phones = [{"label": "mobile", "number": self.phone(country, mobile=True)}]
        if self.rng.random() < 0.3:
            phones.append({"label": "home", "number": self.phone(country, mobile=False)})
        local = f"{ascii_slug(given)}.{ascii_slug(family)}"
        email = self.email(local, self.rng.choice(MAIL_PROVIDERS))
        tags = self.rng.sample(PERSON_TAGS, self.rng.randint(0, 2))
        segment = self.rng.choices("ABC", weights=(1, 3, 6))[0]
        return {
            "name": name, "emails": [{"label": "personal", "address": email}], "phones": phones,
            "tags": sorted(tags), "attributes": {"segment": segment, "language": country.language},
        }

    def organisation_fields(self, kind: str, country: Country, city: str) -> dict[str, Any]:
        """Name, contact data, tags and attributes of an organisation."""
        name = self.organisation_name(kind, country, city)
        domain = self.domain(name)
        emails = [{"label": "work", "address": self.email(self.rng.choice(("info", "office", "contact")), domain)}]
        if self.rng.random() < 0.5:
            emails.append({"label": "billing", "address": self.email("accounts", domain)})
        tags = self.rng.sample(ORGANISATION_TAGS, self.rng.randint(0, 3))
        segment = self.rng.choices("ABC", weights=(2, 3, 5))[0]
        return {
            "name": name, "emails": emails, "phones": [{"label": "work", "number": self.phone(country, mobile=False)}],
            "tags": sorted(tags),
            "attributes": {"segment": segment, "language": country.language, "industry": industry(kind, name)},
        }

    def delivery_address(self, country: Country, postal: dict[str, str], is_person: bool) -> dict[str, str]:
        """Mostly the postal address; organisations sometimes deliver to a warehouse."""
        if is_person or self.rng.random() < 0.75:
            return postal
        return self.address(country)

    def terms(self, kind: str, country: Country, is_person: bool) -> dict[str, Any]:
        """Currency, payment and preferential terms, tax rule, bank account and credit limit."""
        low, high = profile(kind).credit
        terms: dict[str, Any] = {
            "currency": country.currency,
            "payment_terms": self.rng.choice(profile(kind).payment_terms),
            "tax_rule": country.tax_rule,
            "credit_limit": self.money(country, self.rng.uniform(low, high)),
            "preferential_terms": "",
            "bank_account": "",
        }
        if not is_person and country.code in EU_COUNTRIES and self.rng.random() < 0.15:
            terms["tax_rule"] = "Reverse charge (EU B2B)"
        if not is_person and self.rng.random() < 0.3:
            terms["preferential_terms"] = self.rng.choice(PREFERENTIAL_TERMS).format(
                small=self.money_text(country, 2_500), large=self.money_text(country, 10_000),
                huge=self.money_text(country, 100_000),
            )
        if not is_person and country.iban and self.rng.random() < 0.8:
            bank_codes, digits = country.iban
            account = "".join(str(self.rng.randrange(10)) for _ in range(digits))
            terms["bank_account"] = iban(country.code, f"{self.rng.choice(bank_codes)}{account}")
        return terms

    def contacts(self, draft: CustomerDraft, kind: str) -> list[ContactPerson]:
        """One to four people at an organisation; the first is the primary contact."""
        customer, country = draft.customer, draft.country
        domain = customer.emails[0]["address"].split("@", 1)[1]
        titles = self.rng.sample(profile(kind).titles, min(self.rng.randint(1, 4), len(profile(kind).titles)))
        people = []
        for position, title in enumerate(titles):
            given, family, name = self.person(country)
            phone = None
            if self.rng.random() < 0.9:
                phone = self.phone(country, mobile=self.rng.random() < 0.7)
            people.append(ContactPerson(
                name=name, title=title, email=self.email(f"{ascii_slug(given)}.{ascii_slug(family)}", domain),
                phone=phone, is_primary=position == 0,
                created_at=min(customer.created_at + timedelta(days=self.rng.randint(0, 90)), self.now),
            ))
        return people

    # interactions and consents

    def channel(self, country: Country) -> Channel:
        """A channel by how common it is; WeChat only where it is used."""
        channels = list(CHANNEL_STYLES)
        weights = [country.wechat_weight if c == Channel.WECHAT else CHANNEL_STYLES[c].weight for c in channels]
        return self.rng.choices(channels, weights=weights)[0]

    def interactions(self, draft: CustomerDraft, status: CustomerStatus) -> list[tuple[Interaction, str | None]]:
        """Three to twelve exchanges over the last 18 months; they stop earlier for
        inactive and lost customers, and a lost customer's last one says why."""
        start = max(draft.customer.created_at, self.now - HISTORY)
        end = self.now
        if status != CustomerStatus.ACTIVE:
            end = self.now - timedelta(days=self.rng.randint(60, 300))
        times = sorted(self.moment(start, end) for _ in range(self.rng.randint(3, 12)))
        made = []
        for position, at in enumerate(times):
            if status == CustomerStatus.LOST and position == len(times) - 1:
                channel, direction, note = LOST_NOTE[0], Direction.INBOUND, LOST_NOTE[1]
            else:
                channel, direction, note = self.note(draft)
            made.append(self.interaction(draft, channel, direction, note, at))
        return made

    def note(self, draft: CustomerDraft) -> tuple[Channel, Direction, tuple[str, str]]:
        """A channel, a direction and a note that fits the customer (no site visits to
        private persons)."""
        for_person = draft.customer.type in PERSON_TYPES
        while True:
            channel = self.channel(draft.country)
            style = CHANNEL_STYLES[channel]
            choices = [
                (direction, note)
                for direction, notes in ((Direction.OUTBOUND, style.outbound), (Direction.INBOUND, style.inbound))
                for note in notes
                if not (for_person and note[0] in BUSINESS_ONLY)
            ]
            if choices:
                direction, note = self.rng.choice(choices)
                return channel, direction, note

    def interaction(
        self, draft: CustomerDraft, channel: Channel, direction: Direction, note: tuple[str, str], at: datetime
    ) -> tuple[Interaction, str | None]:
        """One exchange, and the e-mail of the contact person it was with (None for media)."""
        style = CHANNEL_STYLES[channel]
        customer, country = draft.customer, draft.country
        contact = self.rng.choice(draft.contacts) if draft.contacts else None
        owner = draft.owner
        words = {
            "contact": contact.name if contact else customer.name,
            "owner": owner.display_name.split(" ", 1)[0],
            "product": self.rng.choice(PRODUCTS),
            "amount": self.money_text(country, self.rng.uniform(800, 60_000)),
            "order": f"SO-{self.rng.randint(10_000, 99_999)}",
            "invoice": f"INV-{self.rng.randint(100_000, 999_999)}",
            "city": customer.postal_address["city"],
            "country": country.name,
            "quarter": f"Q{self.rng.randint(1, 4)}",
            "weeks": self.rng.randint(2, 6),
            "days": self.rng.randint(1, 5),
            "percent": self.rng.choice(("2.5", "3", "3.5", "4")),
        }
        personal = style.mode != InteractionMode.NON_PERSONAL
        interaction = Interaction(
            channel=channel.value, direction=direction.value,
            initiator=(Initiator.COMPANY if direction == Direction.OUTBOUND else Initiator.CUSTOMER).value,
            mode=style.mode.value, subject=note[0].format(**words), summary=note[1].format(**words), occurred_at=at,
            recorded_by_id=owner.id if personal else None,
            link=f"{LINK_BASE}/{channel.value.replace('_', '-')}/{self.rng.randint(1000, 9999)}" if style.linked else None,
            created_at=min(at + timedelta(minutes=self.rng.randint(5, 240)), self.now),
        )
        return interaction, contact.email if contact and personal else None

    def consents(self, draft: CustomerDraft) -> list[ConsentRecord]:
        """E-mail marketing and newsletter consent for some customers, SMS for fewer."""
        wanted = []
        if self.rng.random() < 0.55:
            wanted.append((Channel.EMAIL, "marketing", 0.85))
        if self.rng.random() < 0.25:
            wanted.append((Channel.EMAIL, "newsletter", 0.9))
        if self.rng.random() < 0.25:
            wanted.append((Channel.SMS, "marketing", 0.7))
        created_at = draft.customer.created_at
        return [
            ConsentRecord(
                channel=channel.value, purpose=purpose, granted=self.rng.random() < granted,
                source=self.rng.choice(CONSENT_SOURCES),
                recorded_at=created_at + (self.now - created_at) * self.rng.random(),
            )
            for channel, purpose, granted in wanted
        ]


def industry(kind: str, name: str) -> str:
    """The industry an organisation's name suggests, for its analysis attributes."""
    if kind == "government":
        return "public sector"
    return next((sector.lower() for sector in profile(kind).sectors if sector in name), "other")


def profile(kind: str) -> TypeProfile:
    """The profile of a customer type; unknown (configured) types get a generic one."""
    return TYPE_PROFILES.get(kind, OTHER_TYPE)


# --- writing -------------------------------------------------------------------------


