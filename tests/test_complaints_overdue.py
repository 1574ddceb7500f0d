"""Response-time targets per severity and the periodic job that escalates overdue complaints
to a manager, on a controllable clock. Runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import amity.plugins.complaints as complaints_plugin
from amity import hookimpl
from amity.core import clock
from amity.core.auth import create_api_key, create_user
from amity.core.models import User
from amity.core.settings import Settings
from amity.plugins.complaints.models import ComplaintEscalation, ResponseTarget
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
JOB = "complaints.flag_overdue"
CREATE = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } } }"""
RECORD = """mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) {
  complaint { id acknowledgeDueAt resolveDueAt } userErrors { field code } } }"""
COMPLAINT = """query($id: ID!) { node(id: $id) { ... on Complaint { overdue resolveDueAt
  escalations { breach dueAt at escalatedTo { username } } } } }"""
TARGET = """mutation($input: SetComplaintResponseTargetInput!) { setComplaintResponseTarget(input: $input) {
  target { severity acknowledgeWithinHours resolveWithinDays } userErrors { field code } } }"""


class Escalations:
    """A plugin that keeps the complaint.escalated events."""

    def __init__(self) -> None:
        self.seen: list[dict] = []

    @hookimpl
    def handle_event(self, event) -> None:
        if event.name == "complaint.escalated":
            self.seen.append(event.data)


@pytest.fixture
async def app(database_url):
    log = Escalations()
    settings = Settings(database_url=database_url, plugins=("complaints", "log"), run_jobs=False)
    async with running_app(settings, {"complaints": complaints_plugin, "log": log}) as (app, gql):
        yield app, gql, log


async def record(gql, customer: str, severity: str, **extra) -> dict:
    values = {"customerId": customer, "channel": "EMAIL", "category": "service", "severity": severity,
              "description": f"A {severity} problem.", **extra}
    result = (await gql.data(RECORD, {"input": values}))["recordComplaint"]
    assert result["userErrors"] == []
    return result["complaint"]


async def step(gql, mutation: str, input_type: str, **values) -> None:
    query = f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ userErrors {{ code }} }} }}"
    assert (await gql.data(query, {"input": values}))[mutation]["userErrors"] == []


async def escalations(gql, complaint_id: str) -> list[tuple[str, str]]:
    node = (await gql.data(COMPLAINT, {"id": complaint_id}))["node"]
    return [(e["breach"], e["escalatedTo"] and e["escalatedTo"]["username"]) for e in node["escalations"]]


async def test_the_job_escalates_each_missed_target_once_to_a_manager(app):
    app, gql, log = app
    scheduler = app.state.amity.scheduler
    assert JOB in scheduler.periodic
    await create_user("max", "manager")
    with clock.frozen(T0) as frozen:
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise"}}))["createCustomer"]["customer"]["id"]
        critical = await record(gql, customer, "CRITICAL")
        high = await record(gql, customer, "HIGH")
        assert datetime.fromisoformat(critical["acknowledgeDueAt"]) == T0 + timedelta(hours=2)
        assert datetime.fromisoformat(critical["resolveDueAt"]) == T0 + timedelta(days=1)
        assert datetime.fromisoformat(high["acknowledgeDueAt"]) == T0 + timedelta(hours=8)
        assert await scheduler.run_due() == [JOB] and log.seen == []

        frozen.advance(hours=3)
        assert await scheduler.run_due() == [JOB]
        assert await escalations(gql, critical["id"]) == [("ACKNOWLEDGE", "max")]
        assert await escalations(gql, high["id"]) == []
        assert (await gql.data(COMPLAINT, {"id": critical["id"]}))["node"]["overdue"] is True
        frozen.advance(minutes=10)
        assert await scheduler.run_due() == []
        frozen.advance(minutes=20)
        assert await scheduler.run_due() == [JOB]
        assert await ComplaintEscalation.all().count() == 1

        await step(gql, "acknowledgeComplaint", "AcknowledgeComplaintInput", id=critical["id"], message="On it.")
        assert (await gql.data(COMPLAINT, {"id": critical["id"]}))["node"]["overdue"] is False
        overdue_list = "{ complaints(filter: {overdue: true}) { totalCount } }"
        assert (await gql.data(overdue_list))["complaints"]["totalCount"] == 0
        frozen.advance(days=1)
        assert await scheduler.run_due() == [JOB]
        assert (await gql.data(overdue_list))["complaints"]["totalCount"] == 2
    assert await escalations(gql, critical["id"]) == [("ACKNOWLEDGE", "max"), ("RESOLVE", "max")]
    assert await escalations(gql, high["id"]) == [("ACKNOWLEDGE", "max")]
    assert [(e["breach"], e["due_at"]) for e in log.seen] == [
        ("acknowledge", (T0 + timedelta(hours=2)).isoformat()),
        ("resolve", (T0 + timedelta(days=1)).isoformat()),
        ("acknowledge", (T0 + timedelta(hours=8)).isoformat()),
    ]
    manager_id = log.seen[0]["escalated_to_id"]
    assert manager_id is not None and {e["escalated_to_id"] for e in log.seen} == {manager_id}


async def test_a_complaint_never_acknowledged_is_escalated_for_each_missed_target(app):
    """A complaint still received past both targets has both escalated: the missed resolution
    too, whether it falls due after the acknowledgement was escalated or in the same run."""
    app, gql, log = app
    scheduler = app.state.amity.scheduler
    await create_user("max", "manager")
    with clock.frozen(T0) as frozen:
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise"}}))["createCustomer"]["customer"]["id"]
        first = await record(gql, customer, "CRITICAL")
        assert await scheduler.run_due() == [JOB]
        frozen.advance(hours=3)
        assert await scheduler.run_due() == [JOB]
        assert await escalations(gql, first["id"]) == [("ACKNOWLEDGE", "max")]
        second = await record(gql, customer, "CRITICAL")
        frozen.advance(days=1, hours=1)
        assert await scheduler.run_due() == [JOB]
        frozen.advance(hours=1)
        assert await scheduler.run_due() == [JOB]
    assert await escalations(gql, first["id"]) == [("ACKNOWLEDGE", "max"), ("RESOLVE", "max")]
    assert await escalations(gql, second["id"]) == [("ACKNOWLEDGE", "max"), ("RESOLVE", "max")]
    assert [(e["breach"], e["due_at"]) for e in log.seen] == [
        ("acknowledge", (T0 + timedelta(hours=2)).isoformat()),
        ("resolve", (T0 + timedelta(days=1)).isoformat()),
        ("acknowledge", (T0 + timedelta(hours=5)).isoformat()),
        ("resolve", (T0 + timedelta(days=1, hours=3)).isoformat()),
    ]


async def test_an_escalation_never_goes_to_the_owner_of_the_complaint(app):
    """When the only manager owns the complaint it goes to an admin; with nobody else active it
    is recorded with no one and still published, once."""
    app, gql, log = app
    scheduler = app.state.amity.scheduler
    owner = await create_user("max", "manager")
    with clock.frozen(T0) as frozen:
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise"}}))["createCustomer"]["customer"]["id"]
        owned = await record(gql, customer, "CRITICAL", ownerId=to_global_id("User", owner.id))
        frozen.advance(hours=3)
        assert await scheduler.run_due() == [JOB]
        assert await escalations(gql, owned["id"]) == [("ACKNOWLEDGE", "admin")]
        await User.filter(username="admin").update(is_active=False)
        frozen.advance(days=1)
        assert await scheduler.run_due() == [JOB]
        frozen.advance(hours=1)
        assert await scheduler.run_due() == [JOB]
        await User.filter(username="admin").update(is_active=True)
    assert await escalations(gql, owned["id"]) == [("ACKNOWLEDGE", "admin"), ("RESOLVE", None)]
    admin = await User.get(username="admin")
    assert [(e["breach"], e["escalated_to_id"]) for e in log.seen] == [("acknowledge", admin.id), ("resolve", None)]


async def test_a_role_defined_at_run_time_that_handles_complaints_receives_escalations(app):
    """Between managers and admins come the users of stored roles holding complaints.handle."""
    app, gql, _ = app
    owner = await create_user("max", "manager")
    made = await gql.data("""mutation { createRole(input: {name: "complaint-desk", permissions: ["complaints.read",
        "complaints.handle"]}) { userErrors { code } } }""")
    assert made["createRole"]["userErrors"] == []
    await gql.data('mutation { createRole(input: {name: "reader", permissions: ["complaints.read"]}) { userErrors { code } } }')
    await create_user("rob", "reader")
    await create_user("dee", "complaint-desk")
    with clock.frozen(T0) as frozen:
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise"}}))["createCustomer"]["customer"]["id"]
        owned = await record(gql, customer, "CRITICAL", ownerId=to_global_id("User", owner.id))
        frozen.advance(hours=3)
        assert await app.state.amity.scheduler.run_due() == [JOB]
    assert await escalations(gql, owned["id"]) == [("ACKNOWLEDGE", "dee")]


async def test_a_reopened_complaint_gets_a_new_resolution_target(app):
    app, gql, _ = app
    with clock.frozen(T0) as frozen:
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise"}}))["createCustomer"]["customer"]["id"]
        cid = (await record(gql, customer, "MEDIUM"))["id"]
        await step(gql, "acknowledgeComplaint", "AcknowledgeComplaintInput", id=cid, message="On it.")
        await step(gql, "startInvestigation", "StartInvestigationInput", id=cid)
        await step(gql, "recordCauseAnalysis", "RecordCauseAnalysisInput", id=cid, rootCause="COMMUNICATION",
                   factsFound="Nobody called back.", justified=True)
        await step(gql, "resolveComplaint", "ResolveComplaintInput", id=cid, resolution="Called back.")
        frozen.advance(days=10)
        assert (await gql.data(COMPLAINT, {"id": cid}))["node"]["overdue"] is False
        await step(gql, "reopenComplaint", "ReopenComplaintInput", id=cid, reason="Still no call.")
        node = (await gql.data(COMPLAINT, {"id": cid}))["node"]
    assert datetime.fromisoformat(node["resolveDueAt"]) == T0 + timedelta(days=17) and node["overdue"] is False


async def test_targets_are_configurable_and_bad_values_change_nothing(app):
    app, gql, _ = app
    targets = (await gql.data("{ complaintResponseTargets { severity acknowledgeWithinHours resolveWithinDays } }"))
    assert targets["complaintResponseTargets"] == [
        {"severity": "LOW", "acknowledgeWithinHours": 48, "resolveWithinDays": 14},
        {"severity": "MEDIUM", "acknowledgeWithinHours": 24, "resolveWithinDays": 7},
        {"severity": "HIGH", "acknowledgeWithinHours": 8, "resolveWithinDays": 3},
        {"severity": "CRITICAL", "acknowledgeWithinHours": 2, "resolveWithinDays": 1},
    ]
    bad = (await gql.data(TARGET, {"input": {"severity": "LOW", "acknowledgeWithinHours": 0, "resolveWithinDays": -1}}))
    assert bad["setComplaintResponseTarget"] == {"target": None, "userErrors": [
        {"field": "acknowledgeWithinHours", "code": "TOO_SMALL"}, {"field": "resolveWithinDays", "code": "TOO_SMALL"}]}
    assert (await ResponseTarget.get(severity="low")).acknowledge_within_hours == 48
    _, secret = await create_api_key(await create_user("alex", "agent"), "tests")
    denied = await gql.as_key(secret).data(TARGET, {"input": {"severity": "LOW", "acknowledgeWithinHours": 4, "resolveWithinDays": 2}})
    assert denied["setComplaintResponseTarget"]["userErrors"] == [{"field": None, "code": "PERMISSION_DENIED"}]
    changed = await gql.data(TARGET, {"input": {"severity": "LOW", "acknowledgeWithinHours": 4, "resolveWithinDays": 2}})
    assert changed["setComplaintResponseTarget"]["target"] == {"severity": "LOW", "acknowledgeWithinHours": 4, "resolveWithinDays": 2}
    with clock.frozen(T0):
        customer = (await gql.data(CREATE, {"input": {"code": "C-1", "name": "Ada", "type": "enterprise"}}))["createCustomer"]["customer"]["id"]
        low = await record(gql, customer, "LOW")
    assert datetime.fromisoformat(low["acknowledgeDueAt"]) == T0 + timedelta(hours=4)
    assert datetime.fromisoformat(low["resolveDueAt"]) == T0 + timedelta(days=2)
