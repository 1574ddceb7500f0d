"""Demo data: realistic volumes, valid contact data, many channels, deterministic,
seeded once, extended by plugins."""

import random
import re
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import pytest

from amity.core import clock, customers, interactions
from amity.core.demo import DEMO_USERS, DemoContext, seed_demo
from amity.core.hookspecs import hookimpl
from amity.core.models import (
    ConsentRecord,
    ContactPerson,
    Customer,
    CustomerIdentity,
    CustomerStatus,
    Interaction,
    User,
)
from amity.core.settings import Settings
from amity.core.validation import Problems, check_country, check_currency, normalise_email, normalise_phone
from amity.testing import drop, sqlite_url, started

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
MODES = {
    "meeting": "face_to_face",
    "phone": "indirect",
    "email": "indirect",
    "chat": "indirect",
    "sms": "indirect",
    "letter": "indirect",
    "advertising": "non_personal",
    "podcast": "non_personal",
    "website": "non_personal",
}


async def seed(amity, **options) -> DemoContext:
    with clock.frozen(NOW):
        return await seed_demo(amity, **options)


async def table_counts() -> dict[str, int]:
    models = (User, Customer, ContactPerson, Interaction, ConsentRecord, CustomerIdentity)
    return {model.__name__: await model.all().count() for model in models}


async def test_seeds_users_customers_contacts_and_interactions(core_any_db):
    context = await seed(core_any_db)

    assert context.seeded
    assert {role: user.username for role, user in context.users.items()} == {r: u for r, (u, _) in DEMO_USERS.items()}
    assert all(user.role == role for role, user in context.users.items())
    assert [c.code for c in context.customers] == [f"C-{n:05d}" for n in range(1, 301)]
    assert await Customer.all().count() == 300
    assert {c.type for c in context.customers} == set(core_any_db.settings.customer_types)
    statuses = Counter(c.status for c in context.customers)
    assert statuses[CustomerStatus.ACTIVE] > 200 and statuses[CustomerStatus.INACTIVE] and statuses[CustomerStatus.LOST]
    owners = {c.owner_id for c in context.customers}
    assert owners <= {user.id for role, user in context.users.items() if role != "viewer"}

    contacts = Counter(await ContactPerson.all().values_list("customer_id", flat=True))
    interactions = Counter(await Interaction.all().values_list("customer_id", flat=True))
    for customer in context.customers:
        assert 3 <= interactions[customer.id] <= 12
        assert (contacts[customer.id] == 0) if customer.type == "individual" else (1 <= contacts[customer.id] <= 4)
    assert 300 <= sum(contacts.values()) <= 1000
    assert 900 <= sum(interactions.values()) <= 3600
    times = await Interaction.all().values_list("occurred_at", flat=True)
    assert NOW - timedelta(days=548) <= min(times) and max(times) <= NOW


async def test_identities_match_contact_data_and_no_two_customers_share_one(core_any_db):
    await seed(core_any_db, customers=120)

    identities = defaultdict(set)
    owners = defaultdict(set)
    for customer_id, kind, value in await CustomerIdentity.all().values_list("customer_id", "kind", "value"):
        identities[customer_id].add((kind, value))
        owners[(kind, value)].add(customer_id)
    assert all(len(holders) == 1 for holders in owners.values())
    for customer in await Customer.all().prefetch_related("contacts"):
        expected = {("email", e["address"]) for e in customer.emails} | {("phone", p["number"]) for p in customer.phones}
        expected |= {("email", c.email) for c in customer.contacts if c.email}
        expected |= {("phone", c.phone) for c in customer.contacts if c.phone}
        assert identities[customer.id] == expected
    assert await customers.find_duplicates(await Customer.get(code="C-00001")) == []


async def test_contact_data_passes_the_service_validation(core):
    await seed(core)

    problems = Problems()
    for customer in await Customer.all().prefetch_related("contacts"):
        emails = [e["address"] for e in customer.emails] + [c.email for c in customer.contacts if c.email]
        phones = [p["number"] for p in customer.phones] + [c.phone for c in customer.contacts if c.phone]
        assert emails and phones
        for email in emails:
            assert normalise_email(email, "email", problems) == email
        for phone in phones:
            assert normalise_phone(phone, "phone", problems) == phone
        for address in (customer.postal_address, customer.delivery_address, customer.invoice_address):
            assert address["street"] and address["city"]
            assert check_country(address["country"], "country", problems) == address["country"]
        assert check_currency(customer.currency, "currency", problems) == customer.currency
        assert re.fullmatch(r"C-\d{5}", customer.code)
        assert customer.credit_limit >= 0 and customer.payment_terms
        assert customer.tags == sorted(set(customer.tags))
    assert problems == []


async def test_interactions_use_many_channels_with_fitting_modes(core):
    await seed(core)

    rows = await Interaction.all().prefetch_related("contact")
    assert len({row.channel for row in rows}) >= 14
    for row in rows:
        if row.channel in MODES:
            assert row.mode == MODES[row.channel], row.channel
        assert (row.direction, row.initiator) in {("outbound", "company"), ("inbound", "customer")}
        assert row.subject and row.summary and "{" not in row.subject + row.summary
        assert row.contact is None or row.contact.customer_id == row.customer_id
        assert row.occurred_at <= row.created_at <= NOW
    assert Counter(row.mode for row in rows).keys() == {"face_to_face", "indirect", "non_personal"}
    assert any(row.contact is not None for row in rows)


async def test_some_customers_consent_to_marketing_with_a_source(core):
    await seed(core)

    consents = await ConsentRecord.all()
    assert {(c.channel, c.purpose) for c in consents} >= {("email", "marketing"), ("sms", "marketing")}
    assert all(c.source for c in consents)
    assert {c.granted for c in consents} == {True, False}
    assert 0 < len({c.customer_id for c in consents}) < 300


async def test_the_same_seed_gives_the_same_data(tmp_path):
    async def snapshot(folder, seed_value):
        amity = await started(Settings(database_url=sqlite_url(folder), plugins=()))
        try:
            await seed(amity, customers=60, seed=seed_value)
            rows = await Customer.all().order_by("id").values_list("code", "name", "type", "emails", "phones")
            notes = await Interaction.all().order_by("id").values_list("subject", "summary", "occurred_at")
            return rows, notes
        finally:
            await drop(amity)

    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    first = await snapshot(tmp_path / "a", 7)
    assert await snapshot(tmp_path / "b", 7) == first
    assert (await snapshot(tmp_path / "c", 8))[0] != first[0]


async def test_a_second_call_changes_nothing(core):
    await seed(core, customers=25)
    before = await table_counts()

    again = await seed(core, customers=25)

    assert not again.seeded and again.customers == []
    assert set(again.users) == set(DEMO_USERS)
    assert await table_counts() == before


async def test_existing_customers_prevent_seeding(core):
    await customers.create_customer({"code": "X-1", "name": "Real customer", "type": "enterprise"}, ("enterprise",))

    context = await seed(core)

    assert not context.seeded and context.users == {}
    counts = await table_counts()
    assert counts.pop("Customer") == 1
    assert set(counts.values()) == {0}


async def test_a_negative_number_of_customers_is_refused(core):
    with pytest.raises(ValueError, match="negative"):
        await seed(core, customers=-1)


async def test_every_configured_type_is_seeded(tmp_path):
    types = ("individual", "reseller", "partner", "government")
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=(), customer_types=types))
    try:
        context = await seed(amity, customers=len(types))
        assert sorted(c.type for c in context.customers) == sorted(types)
    finally:
        await drop(amity)


class Probe:
    """A plugin that records the demo context and adds an interaction of its own."""

    def __init__(self, fail: bool = False) -> None:
        self.contexts = []
        self.fail = fail

    @hookimpl
    async def seed_demo_data(self, ctx):
        self.contexts.append(ctx)
        first = ctx.customers[0]
        await interactions.log_interaction(
            {"customer_id": first.id, "channel": "email", "direction": "outbound", "initiator": "company",
             "mode": "indirect", "subject": f"Probe {ctx.random.randint(1, 9)}"},
            ctx.users["agent"].id,
        )
        if self.fail:
            raise RuntimeError("probe failed")


async def test_plugins_receive_the_context_and_add_their_rows(tmp_path):
    probe = Probe()
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("probe",)), {"probe": probe})
    try:
        context = await seed(amity, customers=10)
        [received] = probe.contexts
        assert received is context and received.amity is amity
        assert [c.code for c in received.customers] == [f"C-{n:05d}" for n in range(1, 11)]
        assert set(received.users) == {"admin", "manager", "agent", "viewer"}
        assert isinstance(received.random, random.Random)
        assert await Interaction.filter(subject__startswith="Probe ", recorded_by_id=context.users["agent"].id).count() == 1
    finally:
        await drop(amity)


async def test_a_failing_plugin_leaves_no_demo_data(tmp_path):
    probe = Probe(fail=True)
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("probe",)), {"probe": probe})
    try:
        with pytest.raises(RuntimeError, match="probe failed"):
            await seed(amity, customers=10)
        assert set((await table_counts()).values()) == {0}
    finally:
        await drop(amity)
