"""The sales plugin through GraphQL: pipelines, opportunities, their stage history, the fields on
Customer, the timeline, permissions, bad input (a userError with a stable code and nothing
written) and its absence when disabled. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tortoise import Tortoise

import amity.plugins.sales as sales
from amity import hookimpl
from amity.core import clock
from amity.core.auth import create_api_key, create_user
from amity.core.models import User
from amity.core.settings import Settings
from amity.plugins.sales.models import Opportunity, StageVisit
from amity.schema.relay import decode_id
from amity.testing import running_app

SALES = {"sales": sales}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CREATE_CUSTOMER = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) {
  customer { id } userErrors { field code } } }"""
PIPELINES = "{ pipelines { id name isDefault stages { id name position probability } } }"
DEAL = """id title status closeReason version expectedCloseDate amount { amount currency }
  weightedAmount { amount } stage { name } pipeline { name } owner { username } customer { code }
  stageHistory { stage { name } enteredAt leftAt secondsInStage }"""
CREATE = f"""mutation($input: CreateOpportunityInput!) {{ createOpportunity(input: $input) {{
  opportunity {{ {DEAL} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation($input: UpdateOpportunityInput!) {{ updateOpportunity(input: $input) {{
  opportunity {{ {DEAL} }} userErrors {{ field code message }} }} }}"""


def mutation(name: str) -> str:
    upper = name[0].upper() + name[1:]
    return f"""mutation($input: {upper}Input!) {{ {name}(input: $input) {{
      opportunity {{ {DEAL} }} userErrors {{ field code message }} }} }}"""


MOVE, WIN, LOSE, REOPEN = (mutation(n) for n in ("moveOpportunity", "winOpportunity", "loseOpportunity", "reopenOpportunity"))


@pytest.fixture
async def sales_app(database_url):
    """A running app with only the sales plugin, on SQLite and on PostgreSQL when configured."""
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False), SALES) as (app, gql):
        yield app, gql


async def customer(gql, code: str, currency: str = "EUR") -> str:
    data = await gql.data(CREATE_CUSTOMER, {"input": {"code": code, "name": f"Customer {code}", "type": "enterprise",
                                                       "currency": currency}})
    assert data["createCustomer"]["userErrors"] == []
    return data["createCustomer"]["customer"]["id"]


async def default_stages(gql) -> list[dict]:
    pipelines = (await gql.data(PIPELINES))["pipelines"]
    return next(p for p in pipelines if p["isDefault"])["stages"]


async def create(gql, customer_id: str, amount: str = "1000.00", currency: str | None = None, **extra) -> dict:
    variables = {"input": {"customerId": customer_id, "title": "Fleet upgrade", "amount": {"amount": amount, "currency": currency},
                           "expectedCloseDate": "2026-06-30", **extra}}
    return (await gql.data(CREATE, variables))["createOpportunity"]


async def run(gql, query: str, name: str, **values) -> dict:
    return (await gql.data(query, {"input": values}))[name]


async def key_for(gql, username: str, role: str):
    _, secret = await create_api_key(await create_user(username, role), "tests")
    return gql.as_key(secret)


def codes(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def table_names() -> set[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        _, rows = await connection.execute_query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")
    return {row["name"] for row in rows}


async def test_default_pipeline_is_created_on_first_use_and_more_can_be_added(sales_app):
    _, gql = sales_app
    stages = await default_stages(gql)
    assert [(s["name"], s["position"], s["probability"]) for s in stages] == [
        ("Qualification", 1, 10), ("Needs analysis", 2, 25), ("Proposal", 3, 50), ("Negotiation", 4, 75)]
    created = await gql.data("""mutation { createPipeline(input: {name: "Renewals", stages: [
        {name: "Due", probability: 60}, {name: "Quoted", probability: 85}]}) {
        pipeline { name isDefault stages { name position } } userErrors { code } } }""")
    assert created["createPipeline"] == {"userErrors": [], "pipeline": {
        "name": "Renewals", "isDefault": False, "stages": [{"name": "Due", "position": 1}, {"name": "Quoted", "position": 2}]}}
    names = [p["name"] for p in (await gql.data(PIPELINES))["pipelines"]]
    assert names == ["Sales", "Renewals"]
    bad = await gql.data("""mutation { createPipeline(input: {name: "Sales", stages: [
        {name: "A", probability: 101}, {name: "a", probability: 5}]}) { pipeline { id } userErrors { field code } } }""")
    assert {(e["field"], e["code"]) for e in bad["createPipeline"]["userErrors"]} == {
        ("stages.0.probability", "INVALID"), ("stages.1.name", "DUPLICATE")}
    assert len((await gql.data(PIPELINES))["pipelines"]) == 2


async def test_a_deal_moves_through_the_stages_is_won_reopened_and_lost(sales_app):
    app, gql = sales_app
    acme = await customer(gql, "C-1")
    stages = await default_stages(gql)
    with clock.frozen(T0) as time:
        created = await create(gql, acme)
        assert created["userErrors"] == []
        deal = created["opportunity"]
        assert deal["status"] == "OPEN" and deal["stage"] == {"name": "Qualification"} and deal["pipeline"] == {"name": "Sales"}
        assert deal["amount"] == {"amount": "1000.00", "currency": "EUR"} and deal["weightedAmount"] == {"amount": "100.00"}
        assert deal["owner"] == {"username": "admin"} and deal["customer"] == {"code": "C-1"} and deal["version"] == 1
        time.advance(days=3)
        moved = await run(gql, MOVE, "moveOpportunity", id=deal["id"], stageId=stages[2]["id"], expectedVersion=1)
        assert moved["userErrors"] == []
        assert moved["opportunity"]["stage"] == {"name": "Proposal"} and moved["opportunity"]["version"] == 2
        history = moved["opportunity"]["stageHistory"]
        assert [(h["stage"]["name"], h["secondsInStage"]) for h in history] == [("Qualification", 3 * 86400), ("Proposal", 0)]
        assert history[1]["leftAt"] is None
        time.advance(days=2)
        won = (await run(gql, WIN, "winOpportunity", id=deal["id"], reason="best price"))["opportunity"]
        assert (won["status"], won["closeReason"], won["weightedAmount"]) == ("WON", "best price", {"amount": "1000.00"})
        assert [h["secondsInStage"] for h in won["stageHistory"]] == [3 * 86400, 2 * 86400]
        time.advance(days=1)
        reopened = (await run(gql, REOPEN, "reopenOpportunity", id=deal["id"]))["opportunity"]
        assert (reopened["status"], reopened["closeReason"], reopened["stage"]) == ("OPEN", "", {"name": "Proposal"})
        assert [h["stage"]["name"] for h in reopened["stageHistory"]] == ["Qualification", "Proposal", "Proposal"]
        updated = await run(gql, UPDATE, "updateOpportunity", id=deal["id"], title="Fleet upgrade, phase 2",
                            amount={"amount": "1500", "currency": "EUR"}, expectedVersion=reopened["version"])
        assert updated["userErrors"] == [] and updated["opportunity"]["amount"]["amount"] == "1500.00"
        lost = await run(gql, LOSE, "loseOpportunity", id=deal["id"], reason="budget cut")
        assert (lost["opportunity"]["status"], lost["opportunity"]["closeReason"]) == ("LOST", "budget cut")
        assert lost["opportunity"]["weightedAmount"] == {"amount": "0.00"}


async def test_events_are_published_after_commit(sales_app):
    app, gql = sales_app
    seen: list = []

    class Recorder:
        @hookimpl
        def handle_event(self, event):
            seen.append((event.name, event.data))

    app.state.amity.plugins.manager.register(Recorder(), name="recorder")
    acme = await customer(gql, "C-1")
    stages = await default_stages(gql)
    deal = (await create(gql, acme))["opportunity"]
    await run(gql, MOVE, "moveOpportunity", id=deal["id"], stageId=stages[1]["id"])
    await run(gql, WIN, "winOpportunity", id=deal["id"])
    await run(gql, REOPEN, "reopenOpportunity", id=deal["id"])
    await run(gql, LOSE, "loseOpportunity", id=deal["id"], reason="gone")
    sales_events = [(name, data) for name, data in seen if name.startswith("opportunity.")]
    assert [name for name, _ in sales_events] == [
        "opportunity.created", "opportunity.stage_changed", "opportunity.won", "opportunity.reopened", "opportunity.lost"]
    deal_id = (await Opportunity.first()).id
    changed = sales_events[1][1]
    assert changed["opportunity_id"] == deal_id and changed["to_stage_id"] != changed["from_stage_id"]
    assert sales_events[2][1]["amount"] == "1000.00" and sales_events[2][1]["currency"] == "EUR"
    assert sales_events[4][1]["reason"] == "gone"


async def test_bad_input_is_refused_with_a_code_and_writes_nothing(sales_app):
    _, gql = sales_app
    acme = await customer(gql, "C-1")
    stages = await default_stages(gql)
    other = (await gql.data("""mutation { createPipeline(input: {name: "Renewals", stages: [{name: "Due", probability: 60}]}) {
        pipeline { stages { id } } } }"""))["createPipeline"]["pipeline"]["stages"][0]["id"]

    negative = await create(gql, acme, amount="-1")
    assert codes(negative) == [("amount.amount", "NEGATIVE_AMOUNT")] and negative["opportunity"] is None
    mixed = await create(gql, acme, amount="10", currency="USD")
    assert codes(mixed) == [("amount.currency", "MIXED_CURRENCY")]
    assert codes(await create(gql, acme, currency="XXQ")) == [("amount.currency", "INVALID_CURRENCY")]
    assert codes(await create(gql, acme, pipelineId=(await gql.data(PIPELINES))["pipelines"][0]["id"], stageId=other)) == [
        ("stageId", "STAGE_NOT_IN_PIPELINE")]
    assert codes(await create(gql, "Q3VzdG9tZXI6OTk5OQ")) == [("customerId", "NOT_FOUND")]
    assert codes(await create(gql, "not-an-id")) == [("customerId", "INVALID_ID")]
    assert codes(await create(gql, acme, title=" ")) == [("title", "REQUIRED")]
    assert await Opportunity.all().count() == 0 and await StageVisit.all().count() == 0

    deal = (await create(gql, acme))["opportunity"]
    before = await Opportunity.get(id=decode_id(deal["id"], "Opportunity"))
    moved = await run(gql, MOVE, "moveOpportunity", id=deal["id"], stageId=other)
    assert codes(moved) == [("stageId", "STAGE_NOT_IN_PIPELINE")] and moved["opportunity"] is None
    stale = await run(gql, MOVE, "moveOpportunity", id=deal["id"], stageId=stages[1]["id"], expectedVersion=7)
    assert codes(stale) == [("expectedVersion", "STALE")]
    assert codes(await run(gql, UPDATE, "updateOpportunity", id=deal["id"], amount={"amount": "-5"})) == [("amount.amount", "NEGATIVE_AMOUNT")]
    assert codes(await run(gql, UPDATE, "updateOpportunity", id=deal["id"], amount={"amount": "5", "currency": "GBP"})) == [
        ("amount.currency", "MIXED_CURRENCY")]
    assert codes(await run(gql, UPDATE, "updateOpportunity", id=deal["id"], title="x", expectedVersion=3)) == [("expectedVersion", "STALE")]
    nulls = await run(gql, UPDATE, "updateOpportunity", id=deal["id"], title=None, amount=None, expectedCloseDate=None)
    assert codes(nulls) == [("title", "REQUIRED"), ("amount", "REQUIRED"), ("expectedCloseDate", "REQUIRED")]
    assert codes(await run(gql, UPDATE, "updateOpportunity", id=deal["id"], amount=None, title="Bigger fleet")) == [
        ("amount", "REQUIRED")]
    assert codes(await run(gql, LOSE, "loseOpportunity", id=deal["id"], reason="  ")) == [("reason", "REQUIRED")]
    assert codes(await run(gql, REOPEN, "reopenOpportunity", id=deal["id"])) == [(None, "DEAL_NOT_CLOSED")]
    after = await Opportunity.get(id=before.id)
    assert (after.version, after.stage_id, after.amount, after.title, after.status) == (
        before.version, before.stage_id, before.amount, before.title, "open")
    assert await StageVisit.filter(opportunity_id=before.id).count() == 1
    same = await run(gql, UPDATE, "updateOpportunity", id=deal["id"], title=before.title,
                     expectedVersion=before.version)
    assert codes(same) == [] and same["opportunity"]["version"] == before.version  # nothing changed, nothing bumped

    await run(gql, WIN, "winOpportunity", id=deal["id"])
    won = await Opportunity.get(id=before.id)
    for query, name, extra in ((UPDATE, "updateOpportunity", {"title": "changed"}), (MOVE, "moveOpportunity", {"stageId": stages[3]["id"]}),
                               (WIN, "winOpportunity", {}), (LOSE, "loseOpportunity", {"reason": "late"})):
        refused = await run(gql, query, name, id=deal["id"], **extra)
        assert codes(refused) == [(None, "DEAL_CLOSED")], name
    after = await Opportunity.get(id=before.id)
    assert (after.version, after.status, after.title, after.stage_id) == (won.version, "won", won.title, won.stage_id)


async def test_permissions_are_checked(sales_app):
    _, gql = sales_app
    acme = await customer(gql, "C-1")
    deal = (await create(gql, acme))["opportunity"]
    viewer = await key_for(gql, "vera", "viewer")
    agent = await key_for(gql, "alex", "agent")
    listed = await viewer.data("{ opportunities { totalCount } }")
    assert listed["opportunities"]["totalCount"] == 1
    denied = await run(viewer, WIN, "winOpportunity", id=deal["id"])
    assert denied == {"opportunity": None, "userErrors": [
        {"field": None, "code": "PERMISSION_DENIED", "message": "permission 'sales.opportunity.write' is required"}]}
    assert codes(await create(viewer, acme)) == [(None, "PERMISSION_DENIED")]
    assert await Opportunity.all().count() == 1 and (await Opportunity.first()).status == "open"
    pipeline = await agent.data("""mutation { createPipeline(input: {name: "Mine", stages: [{name: "A", probability: 5}]}) {
        userErrors { code } } }""")
    assert pipeline["createPipeline"]["userErrors"] == [{"code": "PERMISSION_DENIED"}]
    assert (await run(agent, WIN, "winOpportunity", id=deal["id"]))["userErrors"] == []


async def test_reading_needs_sales_opportunity_read(sales_app):
    app, gql = sales_app
    roles = app.state.amity.access.roles
    assert "sales.opportunity.read" in roles["viewer"] and "sales.opportunity.write" not in roles["viewer"]
    assert "sales.pipeline.write" in roles["manager"] and "sales.pipeline.write" not in roles["agent"]
    acme = await customer(gql, "C-1")
    await create(gql, acme)
    guest = await User.create(username="guest", role="guest", created_at=clock.now())
    _, secret = await create_api_key(guest, "tests")
    key = gql.as_key(secret)
    for query in ("{ opportunities { totalCount } }", "{ pipelines { name } }"):
        body = await key(query)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "sales.opportunity.read" in body["errors"][0]["message"]
    assert (await key(f'{{ node(id: "{(await gql.data("{ opportunities { nodes { id } } }"))["opportunities"]["nodes"][0]["id"]}") {{ id }} }}'))["data"] == {"node": None}
