"""Fields with resolvers planned once per selection (nested pages, addresses, guarded fields):
results and errors (messages, codes, paths, null propagation) stay those of graphql-core, for
callers who hold the permission codes and for callers who do not, on SQLite and PostgreSQL."""



from amity.core.auth import Principal
from amity.core.models import Customer, Interaction
from amity.core.settings import Settings
from amity.schema import fastpath
from amity.schema.build import build_schema
from amity.testing import drop, started
from amity.web import demo_principal
from tests.differential import collect_abandoned_coroutines, run  # noqa: F401
from tests.test_fast_path import seed

PAGE = "edges { cursor node { subject channel } } pageInfo { hasNextPage endCursor } totalCount"
QUERIES = [
    ("{ customers { edges { node { code interactions(first: 2) { " + PAGE + " } } } } }", {}),
    ("query($n: Int) { customers { edges { node { code interactions(first: $n) { " + PAGE + " } } } } }", {"n": 1}),
    ("query($n: Int) { customers { edges { node { code interactions(first: $n) { totalCount } } } } }", {"n": None}),
    ("query($n: Int) { customers { edges { node { code interactions(first: $n) { totalCount } } } } }", {"n": -1}),
    ('{ customers { edges { node { code interactions(after: "bogus") { totalCount } } } } }', {}),
    ("{ customers { nodes { code a: interactions(first: 1) { nodes { subject } } "
     "b: interactions(first: 3) { edges { node { subject customer { code } } } } } } }", {}),
    ("{ customers { nodes { code postalAddress { city } emails { address } phones { number } "
     "creditLimit { amount currency } bankAccount } } }", {}),
    ("{ customers { nodes { code timeline(first: 2) { edges { node { kind title } } } } } }", {}),
    ('{ customer(code: "C-1") { code interactions { edges { node { subject } } } creditLimit { amount } } }', {}),
    ("query($skip: Boolean!) { customers { nodes { code interactions(first: 1) @skip(if: $skip) { totalCount } } } }",
     {"skip": False}),
]




async def test_resolver_fields_match_graphql_core(database_url, monkeypatch):
    calls = []
    original = fastpath.DirectCall.__call__

    def spy(self, source, raw_info):
        result = original(self, source, raw_info)
        calls.append(result is not fastpath._NOT_PLAIN)
        return result

    monkeypatch.setattr(fastpath.DirectCall, "__call__", spy)
    amity = await started(Settings(database_url=database_url, plugins=()))
    try:
        await seed()
        await Customer.filter(code="C-5").update(status="active")
        await Interaction.filter(channel="pigeon").update(channel="email")
        fast = build_schema(amity).schema
        slow = build_schema(amity.__class__(amity.settings.with_(fast_path=False))).schema
        admin = demo_principal(amity)
        reader = Principal(None, "reader", "custom", frozenset({"customer.read", "interaction.read"}))
        bare = Principal(None, "bare", "custom", frozenset({"customer.read"}))
        forbidden = 0
        for principal in (admin, reader, bare):
            for query, variables in QUERIES:
                expected = await run(slow, amity, principal, query, variables)
                assert await run(fast, amity, principal, query, variables) == expected, (principal.username, query)
                forbidden += sum("FORBIDDEN" in error[2] for error in expected[1])
        assert forbidden > 6  # refusals compared at every customer, not once per list
        assert True in calls and False in calls  # resolvers called directly, and refusals left to strawberry
    finally:
        await drop(amity)


async def test_forbidden_nested_page_is_null_at_each_customer(database_url):
    amity = await started(Settings(database_url=database_url, plugins=()))
    try:
        await seed()
        await Customer.filter(code="C-5").update(status="active")
        bare = Principal(None, "bare", "custom", frozenset({"customer.read"}))
        query = "{ customers { edges { node { code interactions(first: 2) { totalCount } } } } }"
        data, errors = await run(build_schema(amity).schema, amity, bare, query, {})
        assert [edge["node"]["interactions"] for edge in data["customers"]["edges"]] == [None] * 6
        assert [path for _, path, _ in errors] == [("customers", "edges", i, "node", "interactions") for i in range(6)]
        assert all("FORBIDDEN" in extensions for _, _, extensions in errors)
    finally:
        await drop(amity)
