"""The plugin contract, proven with a complete third-party plugin: ``tests/example_plugin``
(the pip package ``amity-loyalty``, shown in ``docs/plugins.md``).

Every hook of ``amity/core/hookspecs.py`` is exercised here through what it changes: the
schema, the database, the API, the command line, the scheduler. The plugin is handed to
amity as an object (``extra_plugins``), except where amity must find it by its entry point.
"""

import asyncio
import importlib
import json
import logging
import random
import sys
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from tortoise import Tortoise

from amity.cli import cli
from amity.core import clock, events
from amity.core import customers as rules
from amity.core.app import Amity
from amity.core.auth import create_api_key, create_user
from amity.core.models import Customer
from amity.core.plugins import PluginError, available_plugins
from amity.core.settings import Settings
from amity.schema.build import build_schema
from amity.testing import running_app, sqlite_url

EXAMPLE_PLUGIN = Path(__file__).parent / "example_plugin"
if str(EXAMPLE_PLUGIN) not in sys.path:
    sys.path.insert(0, str(EXAMPLE_PLUGIN))
import amity_loyalty  # noqa: E402  (importable once its project folder is on sys.path)
from amity_loyalty import PointsEntry  # noqa: E402

LOYALTY = {"loyalty": amity_loyalty}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CREATE = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  customer { id code } userErrors { field code } } }"""
AWARD = """mutation($input: AwardPointsInput!) { awardPoints(input: $input) {
  entry { id delta reason customer { code loyaltyPoints } } userErrors { field code message } } }"""
POINTS = "query($id: ID!) { node(id: $id) { ... on Customer { loyaltyPoints } } }"
LOG = """mutation($input: LogInteractionInput!) { logInteraction(input: $input) { userErrors { code } } }"""


def loyalty_settings(database_url: str, **extra) -> Settings:
    return Settings(database_url=database_url, plugins=("loyalty",), run_jobs=False, **extra)


@pytest.fixture
async def loyalty_app(database_url):
    """A running app with the loyalty plugin, on SQLite and on PostgreSQL when configured."""
    async with running_app(loyalty_settings(database_url), LOYALTY) as (app, gql):
        yield app, gql


async def create_customer(gql, code: str, **extra) -> str:
    payload = (await gql.data(CREATE, {"input": {"code": code, "name": f"Customer {code}", "type": "enterprise", **extra}}))
    assert payload["createCustomer"]["userErrors"] == []
    return payload["createCustomer"]["customer"]["id"]


async def award(gql, customer_id: str, points: int, reason: str = "order") -> dict:
    variables = {"input": {"customerId": customer_id, "points": points, "reason": reason}}
    return (await gql.data(AWARD, variables))["awardPoints"]


async def points_of(gql, customer_id: str) -> int:
    return (await gql.data(POINTS, {"id": customer_id}))["node"]["loyaltyPoints"]


async def key_for(gql, username: str, role: str):
    user = await create_user(username, role)
    _, secret = await create_api_key(user, "tests")
    return gql.as_key(secret)


async def table_names() -> set[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        _, rows = await connection.execute_query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        )
    return {row["name"] for row in rows}


@contextmanager
def installed_distribution(site: Path) -> Iterator[None]:
    """Make ``amity-loyalty`` an installed distribution for the duration of the block, the way
    an installer does: its metadata, with the entry points of its pyproject.toml, in a
    ``.dist-info`` folder on ``sys.path``. ``importlib.metadata`` then finds it for real."""
    project = tomllib.loads((EXAMPLE_PLUGIN / "pyproject.toml").read_text())["project"]
    info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n")
    groups = "".join(
        f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
        for group, points in project["entry-points"].items()
    )
    (info / "entry_points.txt").write_text(groups)
    sys.path.insert(0, str(site))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(site))
        importlib.invalidate_caches()


async def test_shipped_migration_builds_the_table_after_cores(tmp_path):
    """register_models with migrations: `amity migrate` applies the plugin's own migration,
    which depends on the core's, and the plugin works on the migrated database."""
    migration = importlib.import_module("amity_loyalty.migrations.0001_initial").Migration
    assert ("core", "0001_initial") in migration.dependencies
    amity = Amity(loyalty_settings(sqlite_url(tmp_path)), LOYALTY)
    await amity.migrate()
    await amity.start()
    try:
        assert "loyalty_points_entry" in await table_names()
        customer = await rules.create_customer({"code": "C-1", "name": "Ada", "type": "enterprise"}, ("enterprise",))
        assert await amity_loyalty.balance(customer.id) == amity_loyalty.WELCOME_POINTS
    finally:
        await amity.stop()


async def test_register_models_schema_and_permissions_add_table_types_fields_and_codes(loyalty_app):
    """register_models, register_schema and register_permissions: the table exists; the type,
    query, mutation, Customer field, node type and error code are in the schema; the codes are
    granted to the roles the plugin names."""
    app, gql = loyalty_app
    assert "loyalty_points_entry" in await table_names()
    assert app.state.amity.app_labels == ["core", "loyalty"]
    sdl = app.state.schema.as_str()
    for fragment in (
        "type PointsEntry implements Node",
        "loyaltyPoints: Int\n",  # guarded fields are nullable: a caller without the code loses only them
        "loyaltyLeaderboard(first: Int! = 10): [LoyaltyStanding!]\n",
        "pointsEntries(first: Int = null, after: String = null, filter: PointsEntryFilter = null): PointsEntryConnection\n",
        "awardPoints(input: AwardPointsInput!): AwardPointsPayload!",
        "NOT_ENOUGH_POINTS",
    ):
        assert fragment in sdl
    admin = (await gql.data("{ viewer { permissions } }"))["viewer"]["permissions"]
    assert {"loyalty.read", "loyalty.write"} <= set(admin)
    roles = app.state.amity.access.roles
    assert "loyalty.write" in roles["manager"] and "loyalty.read" in roles["agent"]
    assert "loyalty.write" not in roles["agent"] and not {"loyalty.read", "loyalty.write"} & roles["viewer"]


async def test_award_points_query_the_leaderboard_and_entries(loyalty_app):
    """The mutation writes through the plugin's rules; the Customer field, the leaderboard, the
    filtered connection and node(id:) read it back."""
    _, gql = loyalty_app
    ada = await create_customer(gql, "C-1")
    bob = await create_customer(gql, "C-2")
    result = await award(gql, bob, 50, "first order")
    assert result["userErrors"] == []
    assert result["entry"]["delta"] == 50 and result["entry"]["customer"] == {"code": "C-2", "loyaltyPoints": 150}
    assert (await award(gql, ada, -30, "redeemed: mug"))["userErrors"] == []
    assert await points_of(gql, ada) == 70 and await points_of(gql, bob) == 150
    board = await gql.data("{ loyaltyLeaderboard(first: 5) { points customer { code } } }")
    assert board["loyaltyLeaderboard"] == [{"points": 150, "customer": {"code": "C-2"}}, {"points": 70, "customer": {"code": "C-1"}}]
    query = """query($filter: PointsEntryFilter) { pointsEntries(first: 10, filter: $filter) {
        totalCount edges { node { id delta reason } } } }"""
    bobs = (await gql.data(query, {"filter": {"customer": {"eq": bob}}}))["pointsEntries"]
    assert bobs["totalCount"] == 2
    redeemed = (await gql.data(query, {"filter": {"delta": {"lt": 0}}}))["pointsEntries"]["edges"]
    assert [edge["node"]["reason"] for edge in redeemed] == ["redeemed: mug"]
    node = await gql.data("query($id: ID!) { node(id: $id) { ... on PointsEntry { delta reason } } }", {"id": result["entry"]["id"]})
    assert node["node"] == {"delta": 50, "reason": "first order"}


async def test_bad_input_gives_user_errors_and_writes_nothing(loyalty_app):
    """Zero points, a blank reason, an unknown or malformed customer ID and redeeming more than
    the balance are userErrors (one of them with the plugin's own code); nothing is written."""
    _, gql = loyalty_app
    ada = await create_customer(gql, "C-1")
    before = await PointsEntry.all().count()
    zero = await award(gql, ada, 0, " ")
    assert zero["entry"] is None
    assert {(e["field"], e["code"]) for e in zero["userErrors"]} == {("points", "INVALID"), ("reason", "REQUIRED")}
    unknown = await award(gql, "Q3VzdG9tZXI6OTk5OQ", 10)
    assert [(e["field"], e["code"]) for e in unknown["userErrors"]] == [("customerId", "NOT_FOUND")]
    malformed = await award(gql, "not-an-id", 10)
    assert [(e["field"], e["code"]) for e in malformed["userErrors"]] == [("customerId", "INVALID_ID")]
    too_many = await award(gql, ada, -101, "redeem")
    assert [(e["field"], e["code"]) for e in too_many["userErrors"]] == [("points", "NOT_ENOUGH_POINTS")]
    assert "only 100 points" in too_many["userErrors"][0]["message"]
    assert await PointsEntry.all().count() == before
    assert await points_of(gql, ada) == 100


async def test_permission_codes_are_checked(loyalty_app):
    """A viewer lacks loyalty.read and loyalty.write, an agent lacks loyalty.write: the field is
    FORBIDDEN, the mutation a PERMISSION_DENIED userError, and nothing is written."""
    _, gql = loyalty_app
    ada = await create_customer(gql, "C-1")
    viewer = await key_for(gql, "vera", "viewer")
    agent = await key_for(gql, "alex", "agent")
    manager = await key_for(gql, "mia", "manager")
    body = await viewer(POINTS, {"id": ada})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "loyalty.read" in body["errors"][0]["message"]
    assert (await viewer("{ loyaltyLeaderboard { points } }"))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await points_of(agent, ada) == 100
    for caller in (viewer, agent):
        denied = await award(caller, ada, 10)
        assert denied == {"entry": None, "userErrors": [
            {"field": None, "code": "PERMISSION_DENIED", "message": "permission 'loyalty.write' is required"}]}
    assert await PointsEntry.all().count() == 1
    assert (await award(manager, ada, 10))["userErrors"] == []
    viewer_codes = (await viewer.data("{ viewer { permissions } }"))["viewer"]["permissions"]
    assert not [code for code in viewer_codes if code.startswith("loyalty.")]


async def test_handle_event_runs_after_commit_and_never_after_rollback(loyalty_app):
    """handle_event: customer.created earns welcome points once the transaction has committed;
    a rolled-back creation earns nothing."""
    app, gql = loyalty_app
    ada = await create_customer(gql, "C-1")
    assert await points_of(gql, ada) == amity_loyalty.WELCOME_POINTS
    types = app.state.amity.settings.customer_types
    async with events.transaction():
        bob = await rules.create_customer({"code": "C-2", "name": "Bob", "type": "enterprise"}, types)
        assert not await PointsEntry.exists(customer_id=bob.id)  # the event waits for the commit
    assert await amity_loyalty.balance(bob.id) == amity_loyalty.WELCOME_POINTS
    with pytest.raises(RuntimeError, match="abort"):
        async with events.transaction():
            await rules.create_customer({"code": "C-3", "name": "Cy", "type": "enterprise"}, types)
            raise RuntimeError("abort")
    assert not await Customer.exists(code="C-3")
    assert await PointsEntry.all().count() == 2


async def test_register_commands_adds_loyalty_top(tmp_path):
    """register_commands: `amity loyalty-top` prints the leaderboard from a database file, with
    the plugin enabled the way a user enables it: installed, and named in --plugins."""
    url = sqlite_url(tmp_path)
    async with running_app(loyalty_settings(url), LOYALTY) as (app, gql):
        await create_customer(gql, "C-1")
        bob = await create_customer(gql, "C-2")
        await award(gql, bob, 25)
        await create_customer(gql, "C-3")
        app.state.amity.plugins.call("register_commands", cli=cli)
    try:
        assert "loyalty-top" in cli.commands
        with installed_distribution(tmp_path / "site"):
            assert available_plugins()["loyalty"].source == "entry point"
            args = ["--database-url", url, "--plugins", "loyalty", "loyalty-top", "--limit", "2"]
            result = await asyncio.to_thread(CliRunner().invoke, cli, args)
        assert result.exit_code == 0, result.output
        lines = result.output.splitlines()
        assert len(lines) == 2
        assert lines[0].split() == ["1.", "C-2", "Customer", "C-2", "125"]
        assert lines[1].split() == ["2.", "C-1", "Customer", "C-1", "100"]
    finally:
        cli.commands.pop("loyalty-top", None)


async def test_register_jobs_expires_idle_points_on_the_clock(loyalty_app):
    """register_jobs: the daily job is on the scheduler, and run_due() expires the balance of a
    customer idle for a year, not of an active one."""
    app, gql = loyalty_app
    scheduler = app.state.amity.scheduler
    assert "loyalty.expire_idle_points" in scheduler.periodic
    with clock.frozen(T0) as frozen:
        idle = await create_customer(gql, "C-1")
        active = await create_customer(gql, "C-2")
        frozen.advance(days=200)
        await award(gql, active, 10)
        assert await scheduler.run_due() == ["loyalty.expire_idle_points"]
        assert await points_of(gql, idle) == 100
        frozen.advance(hours=12)
        assert await scheduler.run_due() == []
        frozen.advance(days=170)
        assert await scheduler.run_due() == ["loyalty.expire_idle_points"]
    assert await points_of(gql, idle) == 0 and await points_of(gql, active) == 110
    expired = await PointsEntry.get(customer__code="C-1", delta=-100)
    assert expired.reason == "expired after 365 days without activity"


async def test_timeline_entries_merge_into_the_customer_timeline(loyalty_app):
    """timeline_entries: points entries and interactions come back newest first, across pages,
    and a reader without ``loyalty.read`` sees the interactions only; timeline_count makes
    totalCount agree with the pages for each reader."""
    _, gql = loyalty_app
    with clock.frozen(T0) as frozen:
        ada = await create_customer(gql, "C-1")
        frozen.advance(hours=3)
        for subject, hour in (("call", 1), ("visit", 2)):
            when = T0.replace(hour=9 + hour).isoformat()
            variables = {"input": {"customerId": ada, "channel": "PHONE", "direction": "INBOUND", "initiator": "CUSTOMER",
                                   "mode": "INDIRECT", "subject": subject, "occurredAt": when}}
            assert (await gql.data(LOG, variables))["logInteraction"]["userErrors"] == []
        await award(gql, ada, 50, "order 1")
    query = """query($id: ID!, $after: String) { node(id: $id) { ... on Customer {
        timeline(first: 2, after: $after) { totalCount edges { node { kind title summary occurredAt
          record { ... on PointsEntry { delta } } } } pageInfo { hasNextPage endCursor } } } } }"""
    page = (await gql.data(query, {"id": ada}))["node"]["timeline"]
    first = [edge["node"] for edge in page["edges"]]
    assert page["totalCount"] == 4  # timeline_count: two points entries and two interactions
    assert [(n["kind"], n["title"]) for n in first] == [("loyalty", "+50 loyalty points"), ("interaction", "visit")]
    assert first[0]["summary"] == "order 1" and first[0]["record"] == {"delta": 50}
    page = (await gql.data(query, {"id": ada, "after": page["pageInfo"]["endCursor"]}))["node"]["timeline"]
    second = [edge["node"] for edge in page["edges"]]
    assert [(n["kind"], n["title"]) for n in second] == [("interaction", "call"), ("loyalty", "+100 loyalty points")]
    assert second[1]["summary"] == "welcome bonus" and not page["pageInfo"]["hasNextPage"]
    times = [datetime.fromisoformat(n["occurredAt"]) for n in first + second]
    assert times == sorted(times, reverse=True)
    viewer = await key_for(gql, "vera", "viewer")  # reads interactions, not loyalty points
    page = (await viewer.data(query, {"id": ada}))["node"]["timeline"]
    assert [(e["node"]["kind"], e["node"]["title"]) for e in page["edges"]] == [("interaction", "visit"), ("interaction", "call")]
    assert not page["pageInfo"]["hasNextPage"] and page["totalCount"] == 2


async def test_merge_customers_moves_points_to_the_survivor(loyalty_app):
    """merge_customers: the duplicate's entries belong to the survivor after mergeCustomers."""
    _, gql = loyalty_app
    survivor = await create_customer(gql, "C-1", emails=[{"address": "ada@x.example"}])
    duplicate = await create_customer(gql, "C-2", emails=[{"address": "ADA@x.example"}], allowDuplicate=True)
    await award(gql, duplicate, 20)
    merge = """mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) {
        customer { code loyaltyPoints } userErrors { code } } }"""
    result = (await gql.data(merge, {"input": {"survivorId": survivor, "duplicateId": duplicate}}))["mergeCustomers"]
    assert result == {"customer": {"code": "C-1", "loyaltyPoints": 220}, "userErrors": []}
    assert await PointsEntry.filter(customer__code="C-1").count() == 3
    assert await PointsEntry.all().count() == 3


async def test_seed_demo_data_export_and_erase(loyalty_app):
    """seed_demo_data, export_customer_data and erase_customer_data, called as amity calls hooks."""
    app, gql = loyalty_app
    plugins = app.state.amity.plugins
    for code in ("C-1", "C-2", "C-3"):
        await create_customer(gql, code)
    seeded = await Customer.all().order_by("id")
    await plugins.acall("seed_demo_data", ctx=SimpleNamespace(customers=seeded, users={}, random=random.Random(3)))
    orders = await PointsEntry.filter(reason__startswith="order ").values_list("customer_id", flat=True)
    assert sorted(orders) == [c.id for c in seeded]
    ada = seeded[0]
    [exported] = await plugins.acall("export_customer_data", customer=ada)
    json.dumps(exported)
    entries = exported["entries"]
    assert entries[0]["points"] == 100 and entries[0]["reason"] == "welcome bonus"
    assert exported["balance"] == sum(e["points"] for e in entries) == await amity_loyalty.balance(ada.id)
    await plugins.acall("erase_customer_data", customer=ada)
    assert not await PointsEntry.exists(customer_id=ada.id)
    assert await PointsEntry.filter(customer_id=seeded[1].id).exists()
    [after] = await plugins.acall("export_customer_data", customer=ada)
    assert after == {"balance": 0, "entries": []}


async def test_register_routes_serves_the_rules_page(loyalty_app):
    """register_routes: the plugin's route is served next to /graphql."""
    _, gql = loyalty_app
    response = await gql.http.get("/loyalty/rules")
    assert response.status_code == 200
    assert response.json() == {"welcomePoints": 100, "expiresAfterIdleDays": 365}


async def test_disabled_plugin_leaves_no_trace(database_url):
    """Without the plugin: no loyalty types, fields or error codes in the schema (even after a
    schema with the plugin was built in the same process), no table, no permission codes, no
    route, no job, no command."""
    enabled = build_schema(Amity(loyalty_settings(database_url), LOYALTY)).schema.as_str()
    assert "loyaltyPoints" in enabled
    async with running_app(Settings(database_url=database_url, plugins=(), run_jobs=False)) as (app, gql):
        sdl = app.state.schema.as_str()
        assert "loyalty" not in sdl.lower() and "PointsEntry" not in sdl and "NOT_ENOUGH_POINTS" not in sdl
        assert "loyalty_points_entry" not in await table_names()
        codes = (await gql.data("{ viewer { permissions } }"))["viewer"]["permissions"]
        assert "customer.read" in codes and not [code for code in codes if code.startswith("loyalty")]
        cid = await create_customer(gql, "C-1")
        body = await gql(POINTS, {"id": cid})
        assert "Cannot query field 'loyaltyPoints' on type 'Customer'" in body["errors"][0]["message"]
        assert (await gql.http.get("/loyalty/rules")).status_code == 404
        amity = app.state.amity
        assert amity.app_labels == ["core"] and amity.scheduler.periodic == {}
        amity.plugins.call("register_commands", cli=cli)
        assert "loyalty-top" not in cli.commands


def test_unknown_plugin_and_missing_requirement_stop_start_up_with_one_line():
    """An unknown name and an unsatisfied `requires` are PluginErrors naming what is available."""
    with pytest.raises(PluginError) as unknown:
        Amity(Settings(database_url="sqlite://:memory:", plugins=("loyalty", "loyalti")), LOYALTY)
    message = str(unknown.value)
    assert message.startswith("unknown plugin 'loyalti'; available: ") and "loyalty" in message
    assert "\n" not in message
    reports = SimpleNamespace(requires=("loyalty",))
    given = {**LOYALTY, "loyalty_reports": reports}
    with pytest.raises(PluginError) as missing:
        Amity(Settings(database_url="sqlite://:memory:", plugins=("loyalty_reports",)), given)
    assert str(missing.value) == (
        "plugin 'loyalty_reports' requires 'loyalty'; enable it too (AMITY_PLUGINS=loyalty_reports,loyalty)"
    )
    both = Amity(Settings(database_url="sqlite://:memory:", plugins=("loyalty_reports", "loyalty")), given)
    assert both.plugins.names == ("loyalty", "loyalty_reports")


def test_installed_package_is_found_by_its_entry_point():
    """`pip install amity-loyalty` is all it takes: amity finds the plugin by its entry point."""
    try:
        distribution("amity-loyalty")
    except PackageNotFoundError:
        pytest.skip("amity-loyalty is not installed; run `pip install -e tests/example_plugin` to check discovery")
    found = available_plugins()["loyalty"]
    assert (found.source, found.target) == ("entry point", "amity_loyalty")
    assert found.load() is amity_loyalty
    amity = Amity(Settings(database_url="sqlite://:memory:", plugins=("loyalty",)))
    assert amity.plugins.names == ("loyalty",) and amity.plugins.get("loyalty") is amity_loyalty


async def test_trace_hooks_logs_every_hook_call_with_results(caplog):
    """AMITY_TRACE_HOOKS=1 (setting trace_hooks) logs each hook call, its arguments and results,
    and what async hooks gave once awaited."""
    with caplog.at_level(logging.WARNING, logger="amity.plugins"):
        amity = Amity(loyalty_settings("sqlite://:memory:", trace_hooks=True), LOYALTY)
        build_schema(amity)
        await amity.plugins.acall("handle_event", event=events.Event("loyalty.ping", {}))
    for hook in ("register_models", "register_permissions", "register_jobs", "register_schema", "handle_event"):
        assert f"hook {hook}(" in caplog.text and f"hook {hook} returned" in caplog.text
    assert "['amity_loyalty']" in caplog.text and "loyalty.read" in caplog.text
    assert "hook handle_event awaited [None]" in caplog.text
    assert Settings.load(environ={"AMITY_TRACE_HOOKS": "1"}, toml_path="/nonexistent").trace_hooks


async def test_the_test_shown_in_docs_passes(database_url):
    """The example test of docs/plugins.md ("Testing a plugin") runs as written."""
    docs = (Path(__file__).parent.parent / "docs" / "plugins.md").read_text().split("## Testing a plugin", 1)[1]
    block = next(part.split("```", 1)[0] for part in docs.split("```python\n")[1:] if "async def test_" in part)
    namespace: dict = {}
    exec(compile(block, "docs/plugins.md", "exec"), namespace)
    tests = [value for name, value in namespace.items() if name.startswith("test_")]
    assert len(tests) == 1
    await tests[0](database_url)
