"""The complaints module through GraphQL: recording, the enforced lifecycle, the fields on
Customer, the timeline, events, bad input (a stable code and nothing written), permissions
and absence. Runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tortoise import Tortoise

import amity.plugins.complaints as complaints_plugin
from amity import hookimpl
from amity.core import clock
from amity.core.auth import create_api_key, create_user
from amity.core.models import Interaction
from amity.core.settings import Settings
from amity.plugins.complaints.models import Complaint, ComplaintFollowUp, ComplaintTransition
from amity.schema.relay import to_global_id
from amity.testing import running_app

EXAMPLE_PLUGIN = Path(__file__).parent / "example_plugin"
if str(EXAMPLE_PLUGIN) not in sys.path:
    sys.path.insert(0, str(EXAMPLE_PLUGIN))
import amity_loyalty  # noqa: E402  (the example third-party plugin, for links to another module's records)

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)

CREATE = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }"""
COMPLAINT_FIELDS = """id status channel severity receivedAt description desiredOutcome links resolution
  acknowledgedAt resolvedAt version category { code name } customer { id }
  analysis { rootCause factsFound justified current }
  transitions { fromStatus toStatus reason at by { username } }"""
RECORD = f"""mutation($input: RecordComplaintInput!) {{ recordComplaint(input: $input) {{
  complaint {{ {COMPLAINT_FIELDS} }} userErrors {{ field code message }} }} }}"""


def step(mutation: str) -> str:
    """The query of one lifecycle mutation, returning the complaint and userErrors."""
    name = mutation[0].upper() + mutation[1:]
    input_type = {"startInvestigation": "StartInvestigationInput", "recordCauseAnalysis": "RecordCauseAnalysisInput"}.get(
        mutation, f"{name}Input")
    return f"""mutation($input: {input_type}!) {{ {mutation}(input: $input) {{
      complaint {{ {COMPLAINT_FIELDS} }} userErrors {{ field code message }} }} }}"""


class EventLog:
    """A plugin that keeps every domain event it is handed."""

    def __init__(self) -> None:
        self.events: list = []

    @hookimpl
    def handle_event(self, event) -> None:
        self.events.append(event)

    def named(self, prefix: str) -> list:
        return [(e.name, e.data) for e in self.events if e.name.startswith(prefix)]


@pytest.fixture
async def app(database_url):
    log = EventLog()
    settings = Settings(database_url=database_url, plugins=("complaints", "events"), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin, "events": log}) as (app, gql):
        yield app, gql, log


async def new_customer(gql, code: str = "C-1") -> str:
    payload = await gql.data(CREATE, {"input": {"code": code, "name": f"Customer {code}", "type": "enterprise"}})
    return payload["createCustomer"]["customer"]["id"]


async def record(gql, customer_id: str, **extra) -> dict:
    values = {"customerId": customer_id, "channel": "PHONE", "category": "delivery", "severity": "HIGH",
              "description": "Two cartons arrived crushed.", "desiredOutcome": "Replace them", **extra}
    return (await gql.data(RECORD, {"input": values}))["recordComplaint"]


async def run(gql, mutation: str, **values) -> dict:
    return (await gql.data(step(mutation), {"input": values}))[mutation]


async def key_for(gql, username: str, role: str):
    _, secret = await create_api_key(await create_user(username, role), "tests")
    return gql.as_key(secret)


async def written() -> tuple[int, int, int]:
    """Complaints, transitions and interactions in the database."""
    return await Complaint.all().count(), await ComplaintTransition.all().count(), await Interaction.all().count()


async def table_names() -> set[str]:
    connection = Tortoise.get_connection("default")
    if connection.capabilities.dialect == "sqlite":
        _, rows = await connection.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        _, rows = await connection.execute_query(
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()")
    return {row["name"] for row in rows}


async def test_a_complaint_goes_from_received_to_resolved_with_who_when_and_why(app):
    """Record, acknowledge (an outbound interaction to the customer), investigate, analyse the
    cause, resolve: each transition is recorded; events follow the commits."""
    _, gql, log = app
    with clock.frozen(T0) as frozen:
        customer = await new_customer(gql)
        recorded = await record(gql, customer, receivedAt=(T0 - timedelta(hours=2)).isoformat(), links=[customer])
        assert recorded["userErrors"] == []
        complaint = recorded["complaint"]
        assert complaint["status"] == "RECEIVED" and complaint["category"] == {"code": "delivery", "name": "Delivery"}
        assert complaint["description"] == "Two cartons arrived crushed." and complaint["links"] == [customer]
        assert datetime.fromisoformat(complaint["receivedAt"]) == T0 - timedelta(hours=2)
        cid = complaint["id"]

        frozen.advance(hours=1)
        acknowledged = await run(gql, "acknowledgeComplaint", id=cid, message="Sorry; a replacement is on its way.")
        assert acknowledged["userErrors"] == [] and acknowledged["complaint"]["status"] == "ACKNOWLEDGED"
        note = await Interaction.get(link=cid)
        assert (note.direction, note.initiator, note.channel, note.summary) == (
            "outbound", "company", "phone", "Sorry; a replacement is on its way.")

        frozen.advance(hours=1)
        assert (await run(gql, "startInvestigation", id=cid, reason="check the depot"))["complaint"]["status"] == "INVESTIGATING"
        analysed = await run(gql, "recordCauseAnalysis", id=cid, rootCause="SUPPLIER",
                             factsFound="The carrier changed its pallet wrapping.", justified=True)
        assert analysed["complaint"]["analysis"] == {"rootCause": "SUPPLIER", "current": True, "justified": True,
                                                     "factsFound": "The carrier changed its pallet wrapping."}
        frozen.advance(days=1)
        resolved = (await run(gql, "resolveComplaint", id=cid, resolution="Replaced; claim filed."))["complaint"]
    assert resolved["status"] == "RESOLVED" and resolved["resolution"] == "Replaced; claim filed."
    assert datetime.fromisoformat(resolved["resolvedAt"]) == T0 + timedelta(days=1, hours=2)
    assert [(t["fromStatus"], t["toStatus"], t["reason"], t["by"]["username"]) for t in resolved["transitions"]] == [
        (None, "RECEIVED", "recorded", "admin"),
        ("RECEIVED", "ACKNOWLEDGED", "Sorry; a replacement is on its way.", "admin"),
        ("ACKNOWLEDGED", "INVESTIGATING", "check the depot", "admin"),
        ("INVESTIGATING", "RESOLVED", "Replaced; claim filed.", "admin"),
    ]
    assert datetime.fromisoformat(resolved["transitions"][1]["at"]) == T0 + timedelta(hours=1)
    stored = await Complaint.get()
    assert log.named("complaint.") == [
        ("complaint.received", {"complaint_id": stored.id, "customer_id": stored.customer_id,
                                "category": "delivery", "severity": "high", "channel": "phone",
                                "received_at": (T0 - timedelta(hours=2)).isoformat()}),
        ("complaint.resolved", {"complaint_id": stored.id, "customer_id": stored.customer_id,
                                "root_cause": "supplier", "justified": True,
                                "resolved_at": (T0 + timedelta(days=1, hours=2)).isoformat()}),
    ]


async def test_customer_fields_timeline_list_filters_and_node(app):
    """Customer.complaints, openComplaintCount and lastComplaintAt; the timeline entry, which a
    reader without ``complaints.read`` does not see; the complaints list with filters and
    orderBy; node(id:)."""
    _, gql, _ = app
    ada, bob = await new_customer(gql, "C-1"), await new_customer(gql, "C-2")
    with clock.frozen(T0):
        first = (await record(gql, ada, receivedAt=(T0 - timedelta(days=3)).isoformat()))["complaint"]["id"]
        await record(gql, ada, category="billing", severity="LOW", description="Invoiced twice.",
                     receivedAt=(T0 - timedelta(days=1)).isoformat())
        await record(gql, bob, category="billing", severity="CRITICAL", description="Wrong VAT rate.")
    query = """query($id: ID!) { node(id: $id) { ... on Customer { openComplaintCount lastComplaintAt
        complaints(first: 1) { totalCount edges { node { description } } pageInfo { hasNextPage } }
        timeline { edges { node { kind title summary record { ... on Complaint { severity } } } } } } } }"""
    customer = (await gql.data(query, {"id": ada}))["node"]
    assert customer["openComplaintCount"] == 2
    assert datetime.fromisoformat(customer["lastComplaintAt"]) == T0 - timedelta(days=1)
    assert customer["complaints"]["totalCount"] == 2 and customer["complaints"]["pageInfo"]["hasNextPage"]
    assert customer["complaints"]["edges"][0]["node"]["description"] == "Invoiced twice."
    assert [e["node"] for e in customer["timeline"]["edges"]] == [
        {"kind": "complaint", "title": "Complaint (low, received): Billing", "summary": "Invoiced twice.",
         "record": {"severity": "LOW"}},
        {"kind": "complaint", "title": "Complaint (high, received): Delivery", "summary": "Two cartons arrived crushed.",
         "record": {"severity": "HIGH"}},
    ]
    viewer = await key_for(gql, "vera", "viewer")  # reads customers and interactions, not complaints
    timeline_only = 'query($id: ID!) { node(id: $id) { ... on Customer { timeline { totalCount edges { node { kind } } } } } }'
    assert (await viewer.data(timeline_only, {"id": ada}))["node"]["timeline"] == {"totalCount": 0, "edges": []}
    assert (await gql.data(timeline_only, {"id": ada}))["node"]["timeline"]["totalCount"] == 2
    listing = """query($filter: ComplaintFilter, $order: [ComplaintOrder!]) { complaints(filter: $filter, orderBy: $order) {
        totalCount edges { node { description customer { id } } } } }"""
    billing = (await gql.data(listing, {"filter": {"category": {"eq": "billing"}},
                                         "order": [{"field": "RECEIVED_AT", "direction": "ASC"}]}))["complaints"]
    assert [e["node"]["description"] for e in billing["edges"]] == ["Invoiced twice.", "Wrong VAT rate."]
    serious = {"or": [{"severity": {"eq": "CRITICAL"}}, {"severity": {"eq": "HIGH"}}], "customer": {"eq": bob}}
    assert (await gql.data(listing, {"filter": serious}))["complaints"]["totalCount"] == 1
    serious = {"severity": {"in": ["CRITICAL", "HIGH"]}, "status": {"in": ["RECEIVED", "ACKNOWLEDGED"]},
               "channel": {"eq": "PHONE"}, "rootCause": {"isNull": True}}
    assert (await gql.data(listing, {"filter": serious}))["complaints"]["totalCount"] == 2
    refused = await gql(listing, {"filter": {"severity": {"eq": "high"}}})  # enum values, as the output shows them
    assert refused["data"] is None and "Severity" in refused["errors"][0]["message"]
    assert (await gql.data(listing, {"filter": {"search": "cartons"}}))["complaints"]["totalCount"] == 1
    node = await gql.data("query($id: ID!) { node(id: $id) { ... on Complaint { severity customer { id } } } }", {"id": first})
    assert node["node"] == {"severity": "HIGH", "customer": {"id": ada}}


async def test_bad_input_gives_stable_codes_and_writes_nothing(app):
    """Unknown category, a link to a type no enabled module provides, a malformed link, a blank
    description and a future time: userErrors, and no complaint, transition or event."""
    _, gql, log = app
    customer = await new_customer(gql)
    before = await written()
    unknown = await record(gql, customer, category="weather")
    assert [(e["field"], e["code"]) for e in unknown["userErrors"]] == [("category", "UNKNOWN_CATEGORY")]
    assert "delivery" in unknown["userErrors"][0]["message"] and unknown["complaint"] is None
    points = to_global_id("PointsEntry", 1)
    disabled = await record(gql, customer, links=[customer, points, "%%%"])
    assert [(e["field"], e["code"]) for e in disabled["userErrors"]] == [
        ("links.1", "LINK_NOT_AVAILABLE"), ("links.2", "INVALID_ID")]
    missing = await record(gql, customer, links=[to_global_id("Customer", 999)])
    assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [("links.0", "NOT_FOUND")]
    blank = await record(gql, customer, description="  ", receivedAt="2999-01-01T00:00:00+00:00")
    assert {(e["field"], e["code"]) for e in blank["userErrors"]} == {("description", "REQUIRED"), ("receivedAt", "INVALID")}
    nobody = await record(gql, to_global_id("Customer", 999))
    assert [(e["field"], e["code"]) for e in nobody["userErrors"]] == [("customerId", "NOT_FOUND")]
    assert await written() == before and log.named("complaint.") == []


async def test_skipping_lifecycle_steps_is_refused_and_changes_nothing(app):
    """Resolve before the cause analysis, close before the follow-up, and steps out of order
    are refused with stable codes; the complaint, its transitions and the timeline stay."""
    _, gql, log = app
    customer = await new_customer(gql)
    cid = (await record(gql, customer))["complaint"]["id"]

    async def refused(mutation: str, code: str, **values) -> None:
        before = (await written(), await Complaint.get().values("status", "version", "updated_at"))
        result = await run(gql, mutation, id=cid, **values)
        assert result["complaint"] is None and [e["code"] for e in result["userErrors"]] == [code], result
        assert (await written(), await Complaint.get().values("status", "version", "updated_at")) == before

    await refused("resolveComplaint", "ANALYSIS_REQUIRED", resolution="sorted")
    await refused("startInvestigation", "INVALID_TRANSITION")
    await refused("reopenComplaint", "INVALID_TRANSITION", reason="again")
    await refused("closeComplaint", "INVALID_TRANSITION")
    await refused("recordCauseAnalysis", "INVALID_TRANSITION", rootCause="OTHER", factsFound="x", justified=False)
    await run(gql, "acknowledgeComplaint", id=cid, message="We are on it.")
    await refused("acknowledgeComplaint", "INVALID_TRANSITION", message="again")
    await run(gql, "startInvestigation", id=cid)
    await refused("resolveComplaint", "ANALYSIS_REQUIRED", resolution="sorted")
    await run(gql, "recordCauseAnalysis", id=cid, rootCause="OTHER", factsFound="x", justified=False)
    await run(gql, "resolveComplaint", id=cid, resolution="Explained the terms.")
    await refused("closeComplaint", "FOLLOW_UP_REQUIRED")
    await refused("resolveComplaint", "INVALID_TRANSITION", resolution="again")
    reopened = await run(gql, "reopenComplaint", id=cid, reason="The customer disagrees.")
    assert reopened["complaint"]["status"] == "REOPENED" and reopened["complaint"]["analysis"]["current"] is False
    await run(gql, "startInvestigation", id=cid)
    await refused("resolveComplaint", "ANALYSIS_REQUIRED", resolution="sorted")
    assert [name for name, _ in log.named("complaint.")] == ["complaint.received", "complaint.resolved"]
    bad = await run(gql, "resolveComplaint", id=customer, resolution="x")
    assert [(e["field"], e["code"]) for e in bad["userErrors"]] == [("id", "INVALID_ID")]


async def test_complaint_looks_one_up_by_id(app):
    """complaint(id:): the complaint, null when missing, INVALID_ID naming ``id`` for a malformed
    ID or another type's, FORBIDDEN without ``complaints.read``."""
    _, gql, _ = app
    customer = await new_customer(gql)
    cid = (await record(gql, customer))["complaint"]["id"]
    query = "query($id: ID!) { complaint(id: $id) { id severity customer { id } } }"
    assert (await gql.data(query, {"id": cid}))["complaint"] == {"id": cid, "severity": "HIGH", "customer": {"id": customer}}
    assert (await gql.data(query, {"id": to_global_id("Complaint", 999_999)}))["complaint"] is None
    for bad in ("not-an-id", customer):
        body = await gql(query, {"id": bad})
        assert body["data"] == {"complaint": None}
        assert body["errors"][0]["extensions"]["code"] == "INVALID_ID" and body["errors"][0]["message"].startswith("id: ")
    body = await (await key_for(gql, "vera", "viewer"))(query, {"id": cid})
    assert body["data"] == {"complaint": None} and body["errors"][0]["path"] == ["complaint"]
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "complaints.read" in body["errors"][0]["message"]


async def test_permissions_agent_records_and_reads_manager_handles(app):
    """Agents record and read, managers also handle; viewers see nothing. A refusal writes nothing."""
    _, gql, _ = app
    customer = await new_customer(gql)
    agent, manager, viewer = (await key_for(gql, "alex", "agent"), await key_for(gql, "max", "manager"),
                              await key_for(gql, "vera", "viewer"))
    cid = (await record(agent, customer))["complaint"]["id"]
    denied = await run(agent, "acknowledgeComplaint", id=cid, message="hello")
    assert denied == {"complaint": None, "userErrors": [
        {"field": None, "code": "PERMISSION_DENIED", "message": "permission 'complaints.handle' is required"}]}
    assert (await Complaint.get()).status == "received" and await Interaction.all().count() == 0
    assert (await run(manager, "acknowledgeComplaint", id=cid, message="hello"))["userErrors"] == []
    body = await viewer("{ complaints { totalCount } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await viewer(RECORD, {"input": {"customerId": customer, "channel": "PHONE", "category": "delivery",
                                           "severity": "LOW", "description": "x"}})
    assert body["data"]["recordComplaint"]["userErrors"][0]["code"] == "PERMISSION_DENIED"
    assert await Complaint.all().count() == 1
    category = """mutation { defineComplaintCategory(input: {code: "packaging", name: "Packaging"}) {
        category { code active } userErrors { code } } }"""
    assert (await agent.data(category))["defineComplaintCategory"]["userErrors"] == [{"code": "PERMISSION_DENIED"}]
    assert (await manager.data(category))["defineComplaintCategory"]["category"] == {"code": "packaging", "active": True}


async def test_links_to_records_of_enabled_modules_only(database_url):
    """A complaint links to another enabled module's record (the loyalty example's points
    entry); without that module the same link is LINK_NOT_AVAILABLE."""
    plugins = {"complaints": complaints_plugin, "loyalty": amity_loyalty}
    settings = Settings(database_url=database_url, plugins=("complaints", "loyalty"), run_jobs=False)
    async with running_app(settings, plugins) as (_, gql):
        customer = await new_customer(gql)
        entry = to_global_id("PointsEntry", (await amity_loyalty.PointsEntry.first()).pk)
        linked = await record(gql, customer, links=[entry])
        assert linked["userErrors"] == [] and linked["complaint"]["links"] == [entry]
    without = settings.with_(database_url=database_url + "_2", plugins=("complaints",))
    async with running_app(without, plugins) as (_, gql):
        customer = await new_customer(gql)
        refused = await record(gql, customer, links=[entry])
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("links.0", "LINK_NOT_AVAILABLE")]
        assert await Complaint.all().count() == 0


async def test_disabled_module_leaves_no_trace(database_url):
    """With plugins=(): no Complaint type or Customer fields, no complaints_ tables, no codes, no job."""
    async with running_app(Settings(database_url=database_url, plugins=(), run_jobs=False)) as (app, gql):
        sdl = app.state.schema.as_str()
        assert "Complaint" not in sdl and "complaint" not in sdl.replace("(e.g. `complaint`)", "")
        assert "UNKNOWN_CATEGORY" not in sdl and "openComplaintCount" not in sdl
        assert not [name for name in await table_names() if name.startswith("complaints_")]
        codes = (await gql.data("{ viewer { permissions } }"))["viewer"]["permissions"]
        assert not [code for code in codes if code.startswith("complaints.")]
        assert not [job for job in app.state.amity.scheduler.periodic if job.startswith("complaints.")]


async def test_every_step_takes_expected_version_a_stale_one_changes_nothing(app):
    """Each lifecycle mutation takes `expectedVersion`: one older than the complaint's version
    is STALE on that field and writes nothing (no transition, interaction, follow-up or
    event); the current one moves the complaint on and adds exactly one to its version."""
    _, gql, log = app
    customer = await new_customer(gql)
    cid = (await record(gql, customer))["complaint"]["id"]
    analysis = {"rootCause": "SUPPLIER", "factsFound": "The carrier changed its wrapping.", "justified": True}
    follow_up = {"rating": 4, "comment": "", "wouldRecommend": True}
    steps = [
        ("acknowledgeComplaint", {"message": "We are on it."}, "ACKNOWLEDGED"),
        ("startInvestigation", {}, "INVESTIGATING"),
        ("recordCauseAnalysis", analysis, "INVESTIGATING"),
        ("resolveComplaint", {"resolution": "Replaced."}, "RESOLVED"),
        ("recordComplaintFollowUp", {**follow_up, "satisfied": True}, "FOLLOWED_UP"),
        ("closeComplaint", {}, "CLOSED"),
        ("reopenComplaint", {"reason": "The cartons broke again."}, "REOPENED"),
        ("startInvestigation", {}, "INVESTIGATING"),
        ("recordCauseAnalysis", analysis, "INVESTIGATING"),
        ("resolveComplaint", {"resolution": "Replaced again."}, "RESOLVED"),
        ("recordComplaintFollowUp", {**follow_up, "satisfied": False}, "REOPENED"),
    ]
    version = 1
    for mutation, values, status in steps:
        before = (await written(), await ComplaintFollowUp.all().count(), len(log.events),
                  await Complaint.get().values("status", "version", "updated_at"))
        stale = await run(gql, mutation, id=cid, expectedVersion=version - 1, **values)
        assert stale["complaint"] is None, mutation
        assert [(e["field"], e["code"]) for e in stale["userErrors"]] == [("expectedVersion", "STALE")], mutation
        assert f"now version {version}" in stale["userErrors"][0]["message"]
        assert (await written(), await ComplaintFollowUp.all().count(), len(log.events),
                await Complaint.get().values("status", "version", "updated_at")) == before, mutation
        moved = await run(gql, mutation, id=cid, expectedVersion=version, **values)
        assert moved["userErrors"] == [], mutation
        version += 1
        assert (moved["complaint"]["status"], moved["complaint"]["version"]) == (status, version), mutation
        assert (await Complaint.get()).version == version
    refused = await run(gql, "closeComplaint", id=cid, expectedVersion=version)
    assert [e["code"] for e in refused["userErrors"]] == ["INVALID_TRANSITION"]


async def test_record_complaint_reports_every_problem_in_input_order(app):
    """One request with many problems gets all of them, in the order of the input's fields,
    and writes nothing."""
    _, gql, log = app
    customer = await new_customer(gql)
    before = await written()
    many = await record(
        gql, customer, contactId="%%%", receivedAt="2999-01-01T00:00:00+00:00", category="weather", description="",
        desiredOutcome="x" * 5001, links=[customer, "%%%", to_global_id("PointsEntry", 1), to_global_id("Customer", 999)],
        ownerId=to_global_id("User", 999),
    )
    assert many["complaint"] is None
    assert [(e["field"], e["code"]) for e in many["userErrors"]] == [
        ("contactId", "INVALID_ID"), ("receivedAt", "INVALID"), ("category", "UNKNOWN_CATEGORY"),
        ("description", "REQUIRED"), ("desiredOutcome", "TOO_LONG"), ("links.1", "INVALID_ID"),
        ("links.2", "LINK_NOT_AVAILABLE"), ("links.3", "NOT_FOUND"), ("ownerId", "NOT_FOUND"),
    ]
    nobody = await record(gql, "%%%", description=" ", ownerId="%%%")
    assert [(e["field"], e["code"]) for e in nobody["userErrors"]] == [
        ("customerId", "INVALID_ID"), ("description", "REQUIRED"), ("ownerId", "INVALID_ID")]
    missing = await record(gql, to_global_id("Customer", 999), category="weather")
    assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [
        ("customerId", "NOT_FOUND"), ("category", "UNKNOWN_CATEGORY")]
    assert await written() == before and log.named("complaint.") == []
