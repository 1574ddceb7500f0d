"""Activities and next best actions: calls, meetings and tasks, open, overdue or done; a
completed call or meeting lands on the timeline as an interaction, atomically; suggestions by
rule on each deal and the per-rep worklist, in a fixed number of SQL statements for a list.
On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from amity.core import clock, models
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.plugins.sales import catalogue, quotations, service
from amity.plugins.sales.models import Activity
from amity.schema.relay import to_global_id
from amity.testing import counted_statements, running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ACTIVITY = "id kind subject status dueAt doneAt outcome opportunity { title } interaction { channel mode subject summary link }"
SCHEDULE = f"""mutation($input: ScheduleActivityInput!) {{ scheduleActivity(input: $input) {{
  activity {{ {ACTIVITY} }} userErrors {{ field code message }} }} }}"""
COMPLETE = f"""mutation($input: CompleteActivityInput!) {{ completeActivity(input: $input) {{
  activity {{ {ACTIVITY} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation($input: UpdateActivityInput!) {{ updateActivity(input: $input) {{
  activity {{ {ACTIVITY} }} userErrors {{ field code message }} }} }}"""
DEAL = """query($id: ID!) { node(id: $id) { ... on Opportunity { activities { subject status }
  interactions { subject } nextBestActions { rule message since activity { subject } quotation { status } } } } }"""


@pytest.fixture
async def sales_app(database_url):
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (app, gql):
        yield app, gql


async def deal(code: str = "C-1", owner: int | None = None) -> tuple[models.Customer, int]:
    customer = await models.Customer.create(code=code, name=f"Customer {code}", type="enterprise",
                                            created_at=clock.now(), updated_at=clock.now())
    opportunity = await service.create_opportunity(
        {"customer_id": customer.id, "title": f"Deal {code}", "amount": "100", "expected_close_date": date(2026, 6, 1)}, owner)
    return customer, opportunity.id


async def call(gql, query: str, field: str, **values) -> dict:
    return (await gql.data(query, {"input": values}))[field]


def codes(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_completed_call_is_logged_as_an_interaction_and_a_task_is_not(sales_app):
    _, gql = sales_app
    with clock.frozen(T0) as time:
        customer, deal_id = await deal()
        opportunity = to_global_id("Opportunity", deal_id)
        planned = await call(gql, SCHEDULE, "scheduleActivity", kind="CALL", subject="Discovery call", opportunityId=opportunity,
                             dueAt="2026-03-03T10:00:00+00:00")
        assert planned["userErrors"] == []
        assert (planned["activity"]["status"], planned["activity"]["opportunity"]) == ("OPEN", {"title": "Deal C-1"})
        task = await call(gql, SCHEDULE, "scheduleActivity", kind="TASK", subject="Send brochure",
                          customerId=to_global_id("Customer", customer.id), dueAt="2026-03-02T12:00:00Z")
        time.advance(days=1, hours=2)
        assert (await gql.data("{ activities(filter: {overdue: true}) { nodes { subject status } } }"))["activities"]["nodes"] == [
            {"subject": "Send brochure", "status": "OVERDUE"}, {"subject": "Discovery call", "status": "OVERDUE"}]
        calls = await gql.data("{ activities(filter: {kind: {in: [CALL, MEETING]}}) { nodes { subject } } }")
        assert calls["activities"]["nodes"] == [{"subject": "Discovery call"}]
        done = await call(gql, COMPLETE, "completeActivity", id=planned["activity"]["id"], outcome="Wants a proposal",
                          occurredAt="2026-03-03T10:30:00Z")
        assert done["userErrors"] == []
        assert done["activity"]["status"] == "DONE" and done["activity"]["interaction"] == {
            "channel": "PHONE", "mode": "INDIRECT", "subject": "Discovery call", "summary": "Wants a proposal", "link": opportunity}
        task_done = await call(gql, COMPLETE, "completeActivity", id=task["activity"]["id"])
        assert task_done["activity"]["interaction"] is None
    timeline = await gql.data('{ customer(code: "C-1") { timeline { nodes { kind title } } } }')
    assert {"kind": "interaction", "title": "Discovery call"} in timeline["customer"]["timeline"]["nodes"]
    linked = (await gql.data(DEAL, {"id": opportunity}))["node"]
    assert linked["interactions"] == [{"subject": "Discovery call"}]
    assert await models.Interaction.all().count() == 1


async def test_bad_activity_input_writes_nothing(sales_app):
    _, gql = sales_app
    with clock.frozen(T0):
        customer, deal_id = await deal()
        other, _ = await deal("C-2")
        opportunity = to_global_id("Opportunity", deal_id)
        assert codes(await call(gql, SCHEDULE, "scheduleActivity", kind="TASK", subject=" ", dueAt="2026-03-03T10:00:00Z")) == [
            ("subject", "REQUIRED"), ("customerId", "REQUIRED")]
        assert codes(await call(gql, SCHEDULE, "scheduleActivity", kind="TASK", subject="x", dueAt="2026-03-03T10:00:00",
                                opportunityId=opportunity)) == [("dueAt", "INVALID")]
        assert codes(await call(gql, SCHEDULE, "scheduleActivity", kind="CALL", subject="x", dueAt="2026-03-03T10:00:00Z",
                                opportunityId=opportunity, customerId=to_global_id("Customer", other.id))) == [("opportunityId", "INVALID")]
        assert await Activity.all().count() == 0
        meeting = (await call(gql, SCHEDULE, "scheduleActivity", kind="MEETING", subject="Demo", opportunityId=opportunity,
                              dueAt="2026-03-02T10:00:00Z"))["activity"]
        future = await call(gql, COMPLETE, "completeActivity", id=meeting["id"], occurredAt="2026-03-05T10:00:00Z")
        assert codes(future) == [("occurredAt", "INVALID")]
        assert (await Activity.get(id=1)).done_at is None and await models.Interaction.all().count() == 0
        assert (await call(gql, COMPLETE, "completeActivity", id=meeting["id"]))["userErrors"] == []
        again = await call(gql, COMPLETE, "completeActivity", id=meeting["id"])
        assert codes(again) == [(None, "ACTIVITY_DONE")] and await models.Interaction.all().count() == 1
        task = (await call(gql, SCHEDULE, "scheduleActivity", kind="TASK", subject="Send brochure", opportunityId=opportunity,
                           dueAt="2026-03-04T10:00:00Z", notes="the blue one"))["activity"]
        nulls = await call(gql, UPDATE, "updateActivity", id=task["id"], subject=None, dueAt=None, notes=None)
        assert codes(nulls) == [("subject", "REQUIRED"), ("dueAt", "REQUIRED")] and nulls["activity"] is None
        stored = await Activity.get(subject="Send brochure")
        assert (stored.due_at, stored.notes, stored.version) == (datetime(2026, 3, 4, 10, tzinfo=UTC), "the blue one", 1)
        cleared = await call(gql, UPDATE, "updateActivity", id=task["id"], notes=None, ownerId=None)
        assert cleared["userErrors"] == []
        stored = await Activity.get(subject="Send brochure")
        assert (stored.notes, stored.owner_id, stored.due_at) == ("", None, datetime(2026, 3, 4, 10, tzinfo=UTC))
        viewer_user = await create_user("vera", "viewer")
        _, secret = await create_api_key(viewer_user, "tests")
        viewer = gql.as_key(secret)
        denied = await call(viewer, SCHEDULE, "scheduleActivity", kind="TASK", subject="x", dueAt="2026-03-03T10:00:00Z",
                            opportunityId=opportunity)
        assert codes(denied) == [(None, "PERMISSION_DENIED")] and await Activity.all().count() == 2
        assert (await viewer.data("{ activities { totalCount } }"))["activities"]["totalCount"] == 2


async def test_next_best_actions_and_the_worklist(sales_app):
    _, gql = sales_app
    admin = await models.User.get(username="admin")
    with clock.frozen(T0) as time:
        customer, deal_id = await deal(owner=admin.id)
        _, quiet_id = await deal("C-2", owner=admin.id)
        opportunity = to_global_id("Opportunity", deal_id)
        assert (await gql.data(DEAL, {"id": opportunity}))["node"]["nextBestActions"] == []
        drill = await catalogue.create_product({"code": "D", "name": "Drill", "list_price": "10", "currency": "EUR"})
        offer = await quotations.create_quotation({"customer_id": customer.id, "opportunity_id": deal_id, "valid_until": date(2026, 3, 20),
                                                   "lines": [{"product_id": drill.id, "quantity": 1}]}, None)
        await quotations.send_quotation(offer.id)
        await call(gql, SCHEDULE, "scheduleActivity", kind="TASK", subject="Call back", opportunityId=opportunity,
                   dueAt="2026-03-10T09:00:00Z")
        time.advance(days=16)
        actions = (await gql.data(DEAL, {"id": opportunity}))["node"]["nextBestActions"]
        assert [(a["rule"], a["since"][:10]) for a in actions] == [
            ("IDLE_DEAL", "2026-03-02"), ("OVERDUE_ACTIVITY", "2026-03-10"), ("QUOTATION_EXPIRING", "2026-03-20")]
        assert next(a for a in actions if a["rule"] == "OVERDUE_ACTIVITY")["activity"] == {"subject": "Call back"}
        assert next(a for a in actions if a["rule"] == "QUOTATION_EXPIRING")["quotation"] == {"status": "SENT"}
        assert "16 days" in next(a for a in actions if a["rule"] == "IDLE_DEAL")["message"]
        work = (await gql.data("{ worklist { rule since opportunity { title } } }"))["worklist"]
        assert [w["since"] for w in work] == sorted(w["since"] for w in work)
        assert {(w["rule"], w["opportunity"]["title"]) for w in work} == {
            ("IDLE_DEAL", "Deal C-1"), ("IDLE_DEAL", "Deal C-2"), ("OVERDUE_ACTIVITY", "Deal C-1"), ("QUOTATION_EXPIRING", "Deal C-1")}
        await service.win_opportunity(quiet_id)
        work = (await gql.data("query($o: ID) { worklist(ownerId: $o) { opportunity { title } } }",
                               {"o": to_global_id("User", admin.id)}))["worklist"]
        assert {w["opportunity"]["title"] for w in work} == {"Deal C-1"}


async def test_a_page_of_deals_with_activities_and_suggestions_takes_fixed_statements(sales_app):
    _, gql = sales_app
    query = """{ opportunities(first: 50) { nodes { title stage { name } owner { username } customer { code }
        activities { subject } interactions { subject } nextBestActions { rule } } } }"""

    async def add(first: int, count: int) -> None:
        for n in range(first, first + count):
            _, deal_id = await deal(f"C-{n:03d}")
            await Activity.create(kind="task", subject=f"task {n}", customer_id=(await models.Customer.get(code=f"C-{n:03d}")).id,
                                  opportunity_id=deal_id, due_at=clock.now() - timedelta(days=1), created_at=clock.now())

    await add(0, 3)
    await gql.data(query)
    with counted_statements() as few:
        await gql.data(query)
    await add(3, 27)
    with counted_statements() as many:
        data = await gql.data(query)
    assert len(data["opportunities"]["nodes"]) == 30
    assert all(node["nextBestActions"] == [{"rule": "OVERDUE_ACTIVITY"}] for node in data["opportunities"]["nodes"])
    assert len(many) == len(few), many
