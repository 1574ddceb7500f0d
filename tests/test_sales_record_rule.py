"""The record rule on deals: every built-in role sees all deals (``sales.opportunity.read_all``);
a role without that code sees, changes and reports on only the deals it owns, wherever a deal
can be reached. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from amity.core import clock, models
from amity.core.auth import create_api_key
from amity.core.settings import Settings
from amity.plugins.sales import activities, catalogue, quotations, service
from amity.plugins.sales.models import Activity, Opportunity, Quotation
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
READ_ALL = "sales.opportunity.read_all"
CUSTOMERS = """{ customers { nodes { code openPipelineAmount { amount }
  opportunities(first: 1) { totalCount nodes { title } pageInfo { hasNextPage endCursor } } } } }"""
WIN = """mutation($id: ID!) { winOpportunity(input: {id: $id}) { opportunity { status } userErrors { field code } } }"""


@pytest.fixture
async def restricted(database_url):
    """Ann's deal and three of Bob's; Ann is then given a role defined at run time: an agent's
    codes without ``sales.opportunity.read_all``."""
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (app, gql):
        with clock.frozen(T0):
            ann = await models.User.create(username="ann", role="agent", created_at=T0)
            bob = await models.User.create(username="bob", role="agent", created_at=T0)
            first = await models.Customer.create(code="C-1", name="One", type="enterprise", created_at=T0, updated_at=T0)
            second = await models.Customer.create(code="C-2", name="Two", type="enterprise", created_at=T0, updated_at=T0)
            deals = {}
            for title, customer, owner, amount in (("ann-1", first, ann, "100"), ("bob-1", first, bob, "200"),
                                                   ("bob-2", first, bob, "300"), ("bob-3", second, bob, "400")):
                deals[title] = await service.create_opportunity(
                    {"customer_id": customer.id, "title": title, "amount": amount, "expected_close_date": date(2026, 6, 1)}, owner.id)
            await activities.schedule_activity({"kind": "task", "subject": "bob's task", "opportunity_id": deals["bob-1"].id,
                                                "due_at": T0}, bob.id)
            drill = await catalogue.create_product({"code": "D", "name": "Drill", "list_price": "1", "currency": "EUR"})
            await quotations.create_quotation({"customer_id": first.id, "opportunity_id": deals["bob-1"].id,
                                               "lines": [{"product_id": drill.id, "quantity": 1}]}, None)
        _, secret = await create_api_key(ann, "tests")
        as_ann = gql.as_key(secret)
        assert (await as_ann.data("{ opportunities { totalCount } }"))["opportunities"]["totalCount"] == 4  # reps see all deals
        agent = next(r for r in (await gql.data("{ roles { name permissions } }"))["roles"] if r["name"] == "agent")
        own_deals = [code for code in agent["permissions"] if code != READ_ALL]
        made = await gql.data("""mutation($codes: [String!]!) { createRole(input: {name: "own-deals-rep",
            permissions: $codes}) { userErrors { code } } }""", {"codes": own_deals})
        assert made["createRole"]["userErrors"] == []
        moved = await gql.data("""mutation($id: ID!) { updateUser(input: {id: $id, role: "own-deals-rep"}) {
            userErrors { code } } }""", {"id": to_global_id("User", ann.id)})
        assert moved["updateUser"]["userErrors"] == []
        yield gql, as_ann, bob, {title: to_global_id("Opportunity", deal.id) for title, deal in deals.items()}


async def test_lists_customers_and_lookups_show_only_own_deals(restricted):
    admin, ann, _, ids = restricted
    assert (await ann.data("{ opportunities { totalCount nodes { title } } }"))["opportunities"] == {
        "totalCount": 1, "nodes": [{"title": "ann-1"}]}
    customers = (await ann.data(CUSTOMERS))["customers"]["nodes"]
    assert [(c["code"], c["openPipelineAmount"]["amount"], c["opportunities"]["totalCount"]) for c in customers] == [
        ("C-1", "100.00", 1), ("C-2", "0.00", 0)]
    everything = (await admin.data(CUSTOMERS))["customers"]["nodes"]
    assert [(c["openPipelineAmount"]["amount"], c["opportunities"]["totalCount"]) for c in everything] == [("600.00", 3), ("400.00", 1)]
    cursor = everything[0]["opportunities"]["pageInfo"]["endCursor"]
    rest = await ann.data("""query($after: String) { customer(code: "C-1") { opportunities(first: 5, after: $after) {
        nodes { title } } } }""", {"after": cursor})
    assert rest["customer"]["opportunities"]["nodes"] == [{"title": "ann-1"}]  # the admin's page held bob-2, the newest
    one = "query($id: ID!) { opportunity(id: $id) { title } }"
    assert (await ann.data(one, {"id": ids["ann-1"]}))["opportunity"] == {"title": "ann-1"}
    assert (await ann.data(one, {"id": ids["bob-1"]}))["opportunity"] is None
    by_node = 'query($id: ID!) { node(id: $id) { ... on Opportunity { title } } }'
    assert (await ann.data(by_node, {"id": ids["ann-1"]}))["node"] == {"title": "ann-1"}
    assert (await ann.data(by_node, {"id": ids["bob-1"]}))["node"] is None
    task = to_global_id("Activity", (await Activity.get(subject="bob's task")).id)
    assert (await ann.data('query($id: ID!) { node(id: $id) { id } }', {"id": task}))["node"] is None
    assert (await admin.data('query($id: ID!) { node(id: $id) { id } }', {"id": task}))["node"] == {"id": task}
    related = await ann.data("{ quotations { nodes { opportunity { title } } } activities { totalCount } }")
    assert related["quotations"]["nodes"] == [{"opportunity": None}] and related["activities"]["totalCount"] == 0
    report = (await ann.data("{ salesReport { perRep { owner { username } openPipeline { count } } } }"))["salesReport"]
    assert report["perRep"] == [{"owner": {"username": "ann"}, "openPipeline": {"count": 1}}]


async def test_activity_lookup_follows_the_record_rule(restricted):
    """activity(id:) is null for an activity on a deal the caller may not see, like node(id:);
    one on their own deal or outside any deal is there."""
    admin, ann, bob, ids = restricted
    with clock.frozen(T0):
        own = await activities.schedule_activity({"kind": "task", "subject": "ann's task", "due_at": T0,
                                                  "opportunity_id": (await Opportunity.get(title="ann-1")).id}, None)
        customer = (await models.Customer.get(code="C-1")).id
        loose = await activities.schedule_activity({"kind": "call", "subject": "no deal", "due_at": T0,
                                                    "customer_id": customer}, bob.id)
    query = "query($id: ID!) { activity(id: $id) { subject } }"
    others = to_global_id("Activity", (await Activity.get(subject="bob's task")).id)
    assert (await ann.data(query, {"id": others}))["activity"] is None
    assert (await admin.data(query, {"id": others}))["activity"] == {"subject": "bob's task"}
    for activity in (own, loose):
        found = (await ann.data(query, {"id": to_global_id("Activity", activity.id)}))["activity"]
        assert found == {"subject": activity.subject}


async def test_others_deals_cannot_be_changed(restricted):
    _, ann, bob, ids = restricted
    refused = (await ann.data(WIN, {"id": ids["bob-1"]}))["winOpportunity"]
    assert refused == {"opportunity": None, "userErrors": [{"field": "id", "code": "NOT_FOUND"}]}
    assert {deal.status for deal in await Opportunity.all()} == {"open"}
    schedule = await ann.data("""mutation($id: ID!) { scheduleActivity(input: {kind: TASK, subject: "x", opportunityId: $id,
        dueAt: "2026-03-03T10:00:00Z"}) { userErrors { field code } } }""", {"id": ids["bob-2"]})
    assert schedule["scheduleActivity"]["userErrors"] == [{"field": "opportunityId", "code": "NOT_FOUND"}]
    body = await ann("query($o: ID) { worklist(ownerId: $o) { rule } }", {"o": to_global_id("User", bob.id)})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    log = """mutation($customer: ID!, $link: ID!) { logInteraction(input: {customerId: $customer, channel: PHONE,
        direction: OUTBOUND, initiator: COMPANY, mode: INDIRECT, subject: "Follow-up", link: $link}) {
        interaction { link } userErrors { field code } } }"""
    customer = to_global_id("Customer", (await models.Customer.get(code="C-1")).id)
    refused = (await ann.data(log, {"customer": customer, "link": ids["bob-1"]}))["logInteraction"]
    assert refused == {"interaction": None, "userErrors": [{"field": "link", "code": "NOT_FOUND"}]}
    assert not await models.Interaction.exists()
    linked = (await ann.data(log, {"customer": customer, "link": ids["ann-1"]}))["logInteraction"]
    assert linked["interaction"] == {"link": ids["ann-1"]}
    await models.Interaction.filter(subject="Follow-up").update(link=ids["bob-1"])  # linked before Ann was limited
    typed = await ann.data('{ customer(code: "C-1") { interactions { nodes { link linkedRecord { id } } } } }')
    assert typed["customer"]["interactions"]["nodes"] == [{"link": ids["bob-1"], "linkedRecord": None}]
    assert (await ann.data(WIN, {"id": ids["ann-1"]}))["winOpportunity"]["opportunity"] == {"status": "WON"}


async def test_the_timeline_shows_only_own_deals(restricted):
    """Customer.timeline follows the record rule: the opened deals of others are not there, the
    quotation sent on one of them is (quotations are not limited by owner)."""
    admin, ann, _, _ = restricted
    with clock.frozen(T0):
        sent = await quotations.send_quotation((await Quotation.get(customer__code="C-1")).id)
    query = '{ customer(code: "C-1") { timeline(first: 20) { totalCount nodes { kind title } } } }'
    mine = (await ann.data(query))["customer"]["timeline"]
    seen = [(n["kind"], n["title"]) for n in mine["nodes"]]
    assert mine["totalCount"] == len(seen) == 2
    assert sorted(seen) == [("opportunity", "Deal opened: ann-1"),
                            ("quotation", f"Quotation Q-{sent.id:06d} sent: {sent.total} {sent.currency}")]
    whole = (await admin.data(query))["customer"]["timeline"]
    assert whole["totalCount"] == len(whole["nodes"])
    everything = [n["title"] for n in whole["nodes"]]
    assert {"Deal opened: bob-1", "Deal opened: bob-2", "Deal opened: ann-1"} <= set(everything)


async def test_a_board_shows_only_own_deals_and_their_totals(restricted):
    """A stage's column, openCount and openAmount count only the caller's own deals; a page
    after the admin's cursor continues within them."""
    admin, ann, _, _ = restricted
    board = """query($after: String) { pipelines { stages { openCount openAmount { amount }
        opportunities(first: 1, after: $after) { totalCount nodes { title } pageInfo { endCursor } } } } }"""
    everything = (await admin.data(board))["pipelines"][0]["stages"][0]
    assert (everything["openCount"], everything["openAmount"], everything["opportunities"]["totalCount"]) == (
        4, [{"amount": "1000.00"}], 4)
    assert everything["opportunities"]["nodes"] == [{"title": "ann-1"}]
    own = (await ann.data(board))["pipelines"][0]["stages"][0]
    assert (own["openCount"], own["openAmount"], own["opportunities"]["totalCount"]) == (1, [{"amount": "100.00"}], 1)
    assert own["opportunities"]["nodes"] == [{"title": "ann-1"}]
    after = (await ann.data(board, {"after": everything["opportunities"]["pageInfo"]["endCursor"]}))["pipelines"][0]
    assert after["stages"][0]["opportunities"]["nodes"] == []  # bob's deals after it stay hidden
