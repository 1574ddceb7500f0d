"""Leads through GraphQL and through the rules: capture and follow-up, the configurable and
explained score, conversion into customer, contact person and deal in one transaction, bad
input (a userError with a stable code and nothing written) and permissions. On SQLite, and on
PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from amity import hookimpl
from amity.core import clock, models
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.plugins.sales import scoring
from amity.plugins.sales.models import Lead, Opportunity, ScoringRule
from amity.testing import running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEAD = """id name email phone status statusReason score scoreExplanation { rule points } version
  customer { code name } contact { name email } opportunity { title amount { amount currency } stage { name } }"""
CREATE = f"""mutation($input: CreateLeadInput!) {{ createLead(input: $input) {{ lead {{ {LEAD} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation($input: UpdateLeadInput!) {{ updateLead(input: $input) {{ lead {{ {LEAD} }} userErrors {{ field code message }} }} }}"""
CONVERT = f"""mutation($input: ConvertLeadInput!) {{ convertLead(input: $input) {{ lead {{ {LEAD} }} userErrors {{ field code message }} }} }}"""
RULES = """mutation($input: SetLeadScoringRulesInput!) { setLeadScoringRules(input: $input) {
  rules { name kind value points } userErrors { field code } } }"""
CREATE_CUSTOMER = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }"""


@pytest.fixture
async def sales_app(database_url):
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (app, gql):
        yield app, gql


async def create_lead(gql, **values) -> dict:
    variables = {"input": {"name": "Ada Lovelace", "source": "REFERRAL", **values}}
    return (await gql.data(CREATE, variables))["createLead"]


async def call(gql, query: str, field: str, **values) -> dict:
    return (await gql.data(query, {"input": values}))[field]


def codes(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def counts() -> tuple[int, int, int, int]:
    return (await models.Customer.all().count(), await models.ContactPerson.all().count(),
            await Opportunity.all().count(), await Lead.filter(status="converted").count())


async def test_a_lead_is_scored_with_an_explanation_and_followed_up(sales_app):
    _, gql = sales_app
    with clock.frozen(T0):
        created = await create_lead(gql, company="Analytical Engines Ltd", email="Ada@Engines.example", employees=120)
        assert created["userErrors"] == []
        lead = created["lead"]
        assert lead["email"] == "ada@engines.example" and lead["status"] == "NEW"
        assert lead["scoreExplanation"] == [
            {"rule": "Referral", "points": 30}, {"rule": "Has an e-mail address", "points": 10},
            {"rule": "Works at a company", "points": 10}, {"rule": "Company with 50 or more employees", "points": 15}]
        assert lead["score"] == 65
        contacted = await call(gql, UPDATE, "updateLead", id=lead["id"], status="CONTACTED", expectedVersion=1)
        assert contacted["lead"]["score"] == 80 and contacted["lead"]["scoreExplanation"][-1] == {
            "rule": "Contacted in the last 14 days", "points": 15}
        refused = await call(gql, UPDATE, "updateLead", id=lead["id"], status="DISQUALIFIED")
        assert codes(refused) == [("statusReason", "REQUIRED")] and refused["lead"] is None
        assert codes(await call(gql, UPDATE, "updateLead", id=lead["id"], status="CONVERTED")) == [("status", "INVALID_CHOICE")]
        assert codes(await call(gql, UPDATE, "updateLead", id=lead["id"], name="x", expectedVersion=1)) == [("expectedVersion", "STALE")]
        assert codes(await call(gql, UPDATE, "updateLead", id=lead["id"], email="not mail", phone="12")) == [
            ("email", "INVALID_EMAIL"), ("phone", "INVALID_PHONE")]
        assert (await Lead.get(name="Ada Lovelace")).status == "contacted"
        out = await call(gql, UPDATE, "updateLead", id=lead["id"], status="DISQUALIFIED", statusReason="no budget")
        assert (out["lead"]["status"], out["lead"]["statusReason"]) == ("DISQUALIFIED", "no budget")
    listed = await gql.data("""{ leads(filter: {status: {eq: DISQUALIFIED}, score: {gte: 60}}) { totalCount nodes { name } } }""")
    assert listed["leads"] == {"totalCount": 1, "nodes": [{"name": "Ada Lovelace"}]}
    by_status = """query($s: [LeadStatus!]) { leads(filter: {source: {in: [REFERRAL, WEB]}, status: {in: $s}}) { totalCount } }"""
    assert (await gql.data(by_status, {"s": ["NEW", "DISQUALIFIED"]}))["leads"]["totalCount"] == 1
    assert (await gql.data(by_status, {"s": ["NEW", "CONTACTED"]}))["leads"]["totalCount"] == 0
    refused = await gql("""{ leads(filter: {status: {eq: "disqualified"}}) { totalCount } }""")  # enum values only
    assert refused["data"] is None and "LeadStatus" in refused["errors"][0]["message"]
    assert codes(await create_lead(gql, name=" ", country="ZZ")) == [("name", "REQUIRED"), ("country", "INVALID_COUNTRY")]
    assert await Lead.all().count() == 1


async def test_the_rule_set_is_configurable_and_rescores_leads(sales_app):
    _, gql = sales_app
    lead = (await create_lead(gql, source="EVENT", industry="Robotics"))["lead"]
    assert lead["score"] == 20
    rules = [{"name": "Robotics", "kind": "INDUSTRY", "value": "robotics", "points": 40},
             {"name": "Trade fair", "kind": "SOURCE", "value": "event", "points": 5},
             {"name": "No phone", "kind": "HAS_FIELD", "value": "phone", "points": -5}]
    result = (await gql.data(RULES, {"input": {"rules": rules}}))["setLeadScoringRules"]
    assert result["userErrors"] == [] and [r["name"] for r in result["rules"]] == ["Robotics", "Trade fair", "No phone"]
    rescored = await gql.data("query($id: ID!) { node(id: $id) { ... on Lead { score scoreExplanation { rule points } } } }", {"id": lead["id"]})
    assert rescored["node"] == {"score": 45, "scoreExplanation": [{"rule": "Robotics", "points": 40}, {"rule": "Trade fair", "points": 5}]}
    bad = [{"name": "A", "kind": "SOURCE", "value": "carrier pigeon", "points": 1},
           {"name": "a", "kind": "EMPLOYEES_AT_LEAST", "value": "many", "points": 1},
           {"name": "B", "kind": "HAS_FIELD", "value": "password", "points": 1}]
    refused = (await gql.data(RULES, {"input": {"rules": bad}}))["setLeadScoringRules"]
    assert codes(refused) == [("rules.0.value", "INVALID_CHOICE"), ("rules.1.name", "DUPLICATE"), ("rules.1.value", "INVALID"),
                              ("rules.2.value", "INVALID_CHOICE")]
    assert [r.name for r in await ScoringRule.all().order_by("position")] == ["Robotics", "Trade fair", "No phone"]
    assert (await gql.data("{ leadScoringRules { name } }"))["leadScoringRules"][0] == {"name": "Robotics"}


async def test_convert_creates_customer_contact_and_deal_once(sales_app):
    app, gql = sales_app
    seen: list = []

    class Recorder:
        @hookimpl
        def handle_event(self, event):
            seen.append(event)

    app.state.amity.plugins.manager.register(Recorder(), name="recorder")
    lead = (await create_lead(gql, company="Analytical Engines", email="ada@engines.example", phone="+44 20 7946 0000"))["lead"]
    converted = await call(gql, CONVERT, "convertLead", id=lead["id"], newCustomer={"code": "C-ADA", "currency": "GBP"},
                           opportunity={"title": "Difference engine", "amount": "2500"})
    assert converted["userErrors"] == []
    out = converted["lead"]
    assert out["status"] == "CONVERTED" and out["customer"] == {"code": "C-ADA", "name": "Analytical Engines"}
    assert out["contact"] == {"name": "Ada Lovelace", "email": "ada@engines.example"}
    assert out["opportunity"] == {"title": "Difference engine", "amount": {"amount": "2500.00", "currency": "GBP"},
                                  "stage": {"name": "Qualification"}}
    converted_events = [e for e in seen if e.name == "lead.converted"]
    assert len(converted_events) == 1 and converted_events[0].data["customer_created"] is True
    customer = await gql.data("""{ customer(code: "C-ADA") { leads { name status } opportunities { totalCount }
        timeline(first: 5) { nodes { kind title } } } }""")
    assert customer["customer"]["leads"] == [{"name": "Ada Lovelace", "status": "CONVERTED"}]
    assert {"kind": "lead", "title": "Lead converted: Ada Lovelace"} in customer["customer"]["timeline"]["nodes"]
    before = await counts()
    again = await call(gql, CONVERT, "convertLead", id=lead["id"])
    assert codes(again) == [("id", "LEAD_ALREADY_CONVERTED")] and again["lead"] is None
    assert codes(await call(gql, UPDATE, "updateLead", id=lead["id"], name="Ada")) == [("id", "LEAD_ALREADY_CONVERTED")]
    assert await counts() == before == (1, 1, 1, 1)


async def test_convert_matches_an_existing_customer_by_normalised_email_or_phone(sales_app):
    _, gql = sales_app
    existing = (await gql.data(CREATE_CUSTOMER, {"input": {"code": "C-1", "name": "Engines", "type": "enterprise",
                                                           "emails": [{"address": "ADA@engines.example"}]}}))
    assert existing["createCustomer"]["userErrors"] == []
    by_mail = (await create_lead(gql, email="ada@ENGINES.example"))["lead"]
    out = (await call(gql, CONVERT, "convertLead", id=by_mail["id"]))["lead"]
    assert out["customer"]["code"] == "C-1" and out["opportunity"]["amount"] == {"amount": "0.00", "currency": "EUR"}
    phone_customer = await gql.data(CREATE_CUSTOMER, {"input": {"code": "C-2", "name": "Babbage & Co", "type": "enterprise",
                                                                "phones": [{"number": "+44 20 7946 0001"}]}})
    assert phone_customer["createCustomer"]["userErrors"] == []
    by_phone = (await create_lead(gql, name="Charles Babbage", phone="020 7946 0001", country="GB"))["lead"]
    assert by_phone["phone"] == "+442079460001"
    out = (await call(gql, CONVERT, "convertLead", id=by_phone["id"]))["lead"]
    assert out["customer"]["code"] == "C-2" and out["contact"]["name"] == "Charles Babbage"
    assert await models.Customer.all().count() == 2


async def test_a_failed_conversion_writes_nothing(sales_app):
    _, gql = sales_app
    await gql.data(CREATE_CUSTOMER, {"input": {"code": "TAKEN", "name": "Someone", "type": "enterprise"}})
    default = (await gql.data("{ pipelines { id isDefault } }"))["pipelines"][0]["id"]
    renewals = await gql.data("""mutation { createPipeline(input: {name: "Renewals", stages: [{name: "Due", probability: 60}]}) {
        pipeline { stages { id } } } }""")
    other_stage = renewals["createPipeline"]["pipeline"]["stages"][0]["id"]
    lead = (await create_lead(gql, email="grace@navy.example"))["lead"]
    before = await counts()
    taken = await call(gql, CONVERT, "convertLead", id=lead["id"], newCustomer={"code": "TAKEN"})
    assert codes(taken) == [("newCustomer.code", "DUPLICATE")]
    # the customer and contact are written before the deal is refused: all of it rolls back
    wrong_stage = await call(gql, CONVERT, "convertLead", id=lead["id"], opportunity={"pipelineId": default, "stageId": other_stage})
    assert codes(wrong_stage) == [("opportunity.stageId", "STAGE_NOT_IN_PIPELINE")]
    negative = await call(gql, CONVERT, "convertLead", id=lead["id"], opportunity={"amount": "-1"})
    assert codes(negative) == [("opportunity.amount", "NEGATIVE_AMOUNT")]
    assert await counts() == before
    assert not await models.CustomerIdentity.filter(value="grace@navy.example").exists()
    lead_row = await Lead.get(email="grace@navy.example")
    assert (lead_row.status, lead_row.customer_id, lead_row.version) == ("new", None, 1)
    await call(gql, UPDATE, "updateLead", id=lead["id"], status="DISQUALIFIED", statusReason="duplicate")
    assert codes(await call(gql, CONVERT, "convertLead", id=lead["id"])) == [("id", "LEAD_DISQUALIFIED")]
    assert await counts() == before


async def test_lead_permissions(sales_app):
    app, gql = sales_app
    lead = (await create_lead(gql))["lead"]

    async def key(username: str, role: str):
        _, secret = await create_api_key(await create_user(username, role), "tests")
        return gql.as_key(secret)

    viewer, agent = await key("vera", "viewer"), await key("alex", "agent")
    assert (await viewer.data("{ leads { totalCount } }"))["leads"]["totalCount"] == 1
    for denied in (await create_lead(viewer), await call(viewer, CONVERT, "convertLead", id=lead["id"]),
                   await call(viewer, UPDATE, "updateLead", id=lead["id"], name="x")):
        assert codes(denied) == [(None, "PERMISSION_DENIED")]
    rules = (await agent.data(RULES, {"input": {"rules": []}}))["setLeadScoringRules"]
    assert codes(rules) == [(None, "PERMISSION_DENIED")]
    assert await Lead.all().count() == 1 and await ScoringRule.all().count() == 0
    assert (await call(agent, CONVERT, "convertLead", id=lead["id"]))["userErrors"] == []
    guest = await models.User.create(username="guest", role="guest", created_at=clock.now())
    _, secret = await create_api_key(guest, "tests")
    body = await gql.as_key(secret)("{ leads { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "sales.lead.read" in body["errors"][0]["message"]
    assert "sales.lead.configure" in app.state.amity.access.roles["manager"]


async def test_rescoring_follows_time(sales_app):
    _, gql = sales_app
    with clock.frozen(T0) as time:
        lead = (await create_lead(gql, source="OTHER"))["lead"]
        await call(gql, UPDATE, "updateLead", id=lead["id"], status="CONTACTED")
        assert (await Lead.get(name="Ada Lovelace")).score == 15
        time.advance(days=15)
        assert await scoring.rescore_leads() == 1
        assert (await Lead.get(name="Ada Lovelace")).score == 0
        assert await scoring.rescore_leads() == 0


async def test_rescoring_skips_disqualified_and_converted_leads(sales_app):
    """The daily job rescores open leads only: a disqualified or converted lead keeps the score
    it had when it left the follow-up."""
    _, gql = sales_app
    with clock.frozen(T0) as time:
        ids = [(await create_lead(gql, name=name, source="OTHER", email=f"{name.lower()}@example.com"))["lead"]["id"]
               for name in ("Open", "Dropped", "Won")]
        for lead_id in ids:
            await call(gql, UPDATE, "updateLead", id=lead_id, status="CONTACTED")
        await call(gql, UPDATE, "updateLead", id=ids[1], status="DISQUALIFIED", statusReason="no budget")
        assert (await call(gql, CONVERT, "convertLead", id=ids[2]))["userErrors"] == []
        before = {lead.name: lead.score for lead in await Lead.all()}
        time.advance(days=15)
        assert await scoring.rescore_leads() == 1
    after = {lead.name: lead.score for lead in await Lead.all()}
    assert after == {**before, "Open": before["Open"] - 15}
