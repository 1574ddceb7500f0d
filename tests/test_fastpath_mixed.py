"""Objects whose selection mixes plain fields and resolvers (a page's ``edges { node { code
interactions(...) { ... } } }``) skip graphql-core's completion of the object itself; results
and errors (messages, paths, null propagation, async siblings) stay those of graphql-core,
on SQLite and PostgreSQL."""


import pytest

from amity.core.auth import Principal
from amity.core.models import Customer, Interaction
from amity.core.settings import Settings
from amity.schema.build import build_schema
from amity.testing import drop, started
from amity.web import demo_principal
from tests.differential import collect_abandoned_coroutines, run  # noqa: F401
from tests.test_fast_path import seed

QUERIES = [
    "{ customers { edges { node { code interactions(first: 2) { edges { node { subject channel } } } } } } }",
    "{ customers { edges { cursor node { code status interactions { totalCount edges { cursor } } } } } }",
    "{ customers { edges { node { code interactions(first: -1) { edges { node { subject } } } } } } }",
    "{ customers { edges { node { code interactions(first: 9999) { totalCount } } } } }",
    "{ customers { nodes { code owner { username } contacts { name } } pageInfo { hasNextPage } } }",
    "{ customers { edges { node { ... on Customer { code creditLimit { amount } } bankAccount } } } }",
    "{ customers { edges { node { code a: interactions(first: 1) { edges { node { channel } } } "
    "b: interactions(first: 3) { edges { node { subject customer { code } } } } } } } }",
    "query($skip: Boolean!) { customers { edges { node { code @skip(if: $skip) "
    "interactions @include(if: $skip) { totalCount } possibleDuplicates { code } } } } }",
    "{ customer(code: \"C-1\") { code interactions { edges { node { subject contact { name } } } } } }",
]




@pytest.mark.parametrize("broken", [False, True], ids=["clean", "unserialisable"])
async def test_mixed_selections_match_graphql_core(database_url, broken, monkeypatch):
    from amity.schema.fastpath import FastPathExecutionContext

    mixed = []
    original = FastPathExecutionContext._complete_attribute

    def spy(self, planned, source, path):
        mixed.append(path.key)
        return original(self, planned, source, path)

    monkeypatch.setattr(FastPathExecutionContext, "_complete_attribute", spy)
    amity = await started(Settings(database_url=database_url, plugins=()))
    try:
        await seed()
        if not broken:
            await Customer.filter(code="C-5").update(status="active")
            await Interaction.filter(channel="pigeon").update(channel="email")
        fast = build_schema(amity).schema
        slow = build_schema(amity.__class__(amity.settings.with_(fast_path=False))).schema
        admin = demo_principal(amity)
        reader = Principal(None, "reader", "custom", frozenset({"customer.read", "interaction.read"}))
        outcomes = []
        for principal in (admin, reader):
            for query in QUERIES:
                for skip in (False, True):
                    variables = {"skip": skip} if "$skip" in query else {}
                    expected = await run(slow, amity, principal, query, variables)
                    assert await run(fast, amity, principal, query, variables) == expected, query
                    outcomes.append(bool(expected[1]))
        assert any(outcomes) and not all(outcomes)  # errors and clean answers both compared
        assert {"edges", "node"} <= set(mixed)  # the mixed path was taken
    finally:
        await drop(amity)
