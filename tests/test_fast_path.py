"""The compiled fast path gives exactly what graphql-core gives: a differential test over
many generated queries, on data that includes nulls and a value that fails to serialize."""

import random
from datetime import timedelta

from amity.core import clock, contacts, customers, interactions
from amity.core.auth import create_user
from amity.core.models import Customer, Interaction
from amity.core.settings import Settings
from amity.schema.build import build_schema
from amity.schema.context import AmityContext
from amity.testing import drop, sqlite_url, started
from amity.web import demo_principal
from tests.differential import collect_abandoned_coroutines  # noqa: F401

CUSTOMER_SCALARS = ["id", "code", "name", "type", "status", "currency", "paymentTerms", "tags", "version",
                    "createdAt", "attributes", "__typename"]
CONTACT_SCALARS = ["name", "title", "email", "phone", "isPrimary", "__typename"]
INTERACTION_SCALARS = ["subject", "channel", "direction", "mode", "occurredAt", "summary", "__typename"]


def selection(rng: random.Random, fields: list[str]) -> str:
    picked = rng.sample(fields, rng.randint(1, len(fields)))
    return " ".join(f"a{i}: {name}" if rng.random() < 0.2 else name for i, name in enumerate(picked))


def generated_query(rng: random.Random) -> str:
    parts = [selection(rng, CUSTOMER_SCALARS)]
    if rng.random() < 0.5:
        parts.append(f"contacts {{ {selection(rng, CONTACT_SCALARS)} }}")
    if rng.random() < 0.6:
        edge = [f"node {{ {selection(rng, INTERACTION_SCALARS)} }}"] + (["cursor"] if rng.random() < 0.3 else [])
        page = ["pageInfo { hasNextPage }"] if rng.random() < 0.3 else []
        count = ["totalCount"] if rng.random() < 0.3 else []
        parts.append(f"interactions(first: 2) {{ edges {{ {' '.join(edge)} }} {' '.join(page + count)} }}")
    if rng.random() < 0.3:
        parts.append("owner { username role }")
    if rng.random() < 0.3:
        parts.append("... on Customer { code }")
    return f"{{ customers(first: 20) {{ edges {{ node {{ {' '.join(parts)} }} }} }} }}"



async def seed() -> None:
    owner = await create_user("olga", "agent")
    types = ("enterprise", "individual")
    for i in range(6):
        customer = await customers.create_customer(
            {"code": f"C-{i}", "name": f"Customer {i}", "type": types[i % 2], "tags": ["a"] * (i % 2),
             "owner_id": owner.id if i % 2 else None, "attributes": {"tier": i}}, types)
        if i % 2:
            await contacts.add_contact(customer.id, {"name": f"Person {i}", "email": None if i == 3 else f"p{i}@x.example"})
        for days in range(i % 3):
            await interactions.log_interaction(
                {"customer_id": customer.id, "channel": "email", "direction": "inbound", "initiator": "customer",
                 "mode": "indirect", "subject": f"Mail {days}", "occurred_at": clock.now() - timedelta(days=days + 1)}, None)
    await Customer.filter(code="C-5").update(status="bogus")  # fails to serialize as CustomerStatus
    await Interaction.filter(subject="Mail 1").update(channel="pigeon")  # fails inside a nested plain object


async def test_fast_path_matches_graphql_core(tmp_path):
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=()))
    try:
        await seed()
        fast = build_schema(amity).schema
        slow = build_schema(amity.__class__(amity.settings.with_(fast_path=False))).schema
        rng = random.Random(2026)
        with_errors = 0
        for _ in range(150):
            query = generated_query(rng)
            results = []
            for schema in (fast, slow):
                context = AmityContext(amity=amity, principal=demo_principal(amity), request_id="same")
                result = await schema.execute(query, context_value=context)
                results.append((result.data, [(e.message, e.path) for e in result.errors or []]))
            assert results[0] == results[1], query
            with_errors += bool(results[1][1])
        assert 0 < with_errors < 150  # both paths met the unserialisable value, and clean data
    finally:
        await drop(amity)


async def test_fast_path_reports_the_same_error_for_a_bad_value(tmp_path):
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=()))
    try:
        await seed()
        query = "{ customers(first: 20) { edges { node { code status } } } }"
        context = AmityContext(amity=amity, principal=demo_principal(amity))
        result = await build_schema(amity).schema.execute(query, context_value=context)
        assert result.errors and result.errors[0].path[-1] == "status"
        page = (result.data or {}).get("customers") or {"edges": []}  # the null bubbles up to the nullable root field
        assert all(edge is None or edge["node"]["code"] != "C-5" for edge in page["edges"])
    finally:
        await drop(amity)


async def test_fast_path_is_taken_for_plain_selections(tmp_path, monkeypatch):
    from amity.schema import fastpath

    completed = []
    original = fastpath._complete
    def spy(planned, source):
        if planned.attribute == "code":
            completed.append(source)
        return original(planned, source)

    monkeypatch.setattr(fastpath, "_complete", spy)
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=()))
    try:
        await seed()
        await Customer.filter(code="C-5").update(status="active")
        context = AmityContext(amity=amity, principal=demo_principal(amity))
        result = await build_schema(amity).schema.execute("{ customers { edges { node { code name } } } }", context_value=context)
        assert not result.errors and len(result.data["customers"]["edges"]) == 6
        assert sorted(c.code for c in completed) == [f"C-{i}" for i in range(6)]
    finally:
        await drop(amity)
