"""A complaint linked to a sales Opportunity by global ID: accepted while the sales module is
enabled (and the link resolves with node(id:)), LINK_NOT_AVAILABLE with nothing written when
only complaints is enabled, NOT_FOUND for a missing opportunity; ``linkedRecords`` resolves the
links to typed records. Runs on SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import amity.plugins.complaints as complaints_plugin
import amity.plugins.sales as sales_plugin
from amity.core import clock, models
from amity.core.auth import create_api_key
from amity.core.settings import Settings
from amity.plugins.complaints.models import Complaint, ComplaintTransition
from amity.plugins.sales.models import Opportunity
from amity.schema.relay import to_global_id
from amity.testing import counted_statements, running_app

PLUGINS = {"complaints": complaints_plugin, "sales": sales_plugin}
CUSTOMER = """mutation { createCustomer(input: {code: "C-1", name: "Ada", type: "enterprise"}) {
  customer { id } userErrors { code } } }"""
OPPORTUNITY = """mutation($input: CreateOpportunityInput!) { createOpportunity(input: $input) {
  opportunity { id } userErrors { field code } } }"""
RECORD = """mutation($input: RecordComplaintInput!) { recordComplaint(input: $input) {
  complaint { id links } userErrors { field code message } } }"""


async def record(gql, customer: str, links: list[str]) -> dict:
    values = {"customerId": customer, "channel": "PHONE", "category": "delivery", "severity": "HIGH",
              "description": "The fleet upgrade arrived a month late.", "links": links}
    return (await gql.data(RECORD, {"input": values}))["recordComplaint"]


async def test_a_complaint_links_to_an_opportunity_only_while_sales_is_enabled(database_url):
    settings = Settings(database_url=database_url, plugins=("complaints", "sales"), run_jobs=False)
    async with running_app(settings, PLUGINS) as (_, gql):
        customer = (await gql.data(CUSTOMER))["createCustomer"]["customer"]["id"]
        created = (await gql.data(OPPORTUNITY, {"input": {
            "customerId": customer, "title": "Fleet upgrade", "amount": {"amount": "12000.00"},
            "expectedCloseDate": "2026-06-30"}}))["createOpportunity"]
        assert created["userErrors"] == []
        deal = created["opportunity"]["id"]
        linked = await record(gql, customer, [deal])
        assert linked["userErrors"] == [] and linked["complaint"]["links"] == [deal]
        query = """query($id: ID!) { node(id: $id) { ... on Complaint { links } } }"""
        stored = (await gql.data(query, {"id": linked["complaint"]["id"]}))["node"]["links"]
        followed = await gql.data("query($id: ID!) { node(id: $id) { ... on Opportunity { title } } }", {"id": stored[0]})
        assert followed["node"] == {"title": "Fleet upgrade"}
        missing = await record(gql, customer, [deal, to_global_id("Opportunity", 999)])
        assert [(e["field"], e["code"]) for e in missing["userErrors"]] == [("links.1", "NOT_FOUND")]
        assert await Complaint.all().count() == 1

    alone = settings.with_(database_url=database_url + "_2", plugins=("complaints",))
    async with running_app(alone, PLUGINS) as (app, gql):
        assert "Opportunity" not in app.state.schema.as_str()
        customer = (await gql.data(CUSTOMER))["createCustomer"]["customer"]["id"]
        refused = await record(gql, customer, [deal])
        assert refused["complaint"] is None
        assert [(e["field"], e["code"]) for e in refused["userErrors"]] == [("links.0", "LINK_NOT_AVAILABLE")]
        assert "Opportunity" in refused["userErrors"][0]["message"]
        assert (await Complaint.all().count(), await ComplaintTransition.all().count()) == (0, 0)


async def test_linked_records_resolve_typed_in_order_for_whoever_may_see_them(database_url):
    """``Complaint.linkedRecords`` gives each link's record typed, in the order of ``links``:
    null for a deal since deleted and for a caller without ``sales.opportunity.read``. Deals
    linked from a page of complaints load in one query."""
    settings = Settings(database_url=database_url, plugins=("complaints", "sales"), run_jobs=False)
    async with running_app(settings, PLUGINS) as (_, gql):
        customer = (await gql.data(CUSTOMER))["createCustomer"]["customer"]["id"]
        deals = []
        for title in ("Fleet upgrade", "Spare parts", "Gone"):
            created = (await gql.data(OPPORTUNITY, {"input": {
                "customerId": customer, "title": title, "amount": {"amount": "100.00"},
                "expectedCloseDate": "2026-06-30"}}))["createOpportunity"]
            deals.append(created["opportunity"]["id"])
        for links in ([deals[1], deals[0]], [deals[2]], [deals[0]]):
            assert (await record(gql, customer, links))["userErrors"] == []
        await Opportunity.filter(title="Gone").delete()
        query = """{ complaints(orderBy: [{field: RECEIVED_AT, direction: ASC}]) { nodes {
            linkedRecords { __typename ... on Opportunity { title } } } } }"""
        with counted_statements() as statements:
            complaints = (await gql.data(query))["complaints"]["nodes"]
        assert [c["linkedRecords"] for c in complaints] == [
            [{"__typename": "Opportunity", "title": "Spare parts"}, {"__typename": "Opportunity", "title": "Fleet upgrade"}],
            [None], [{"__typename": "Opportunity", "title": "Fleet upgrade"}]]
        assert sum('"sales_opportunity"' in s for s in statements) == 1, statements

        made = await gql.data("""mutation { createRole(input: {name: "complaints-only", permissions: ["complaints.read"]}) {
            userErrors { code } } }""")
        assert made["createRole"]["userErrors"] == []
        clerk = await models.User.create(username="clerk", role="complaints-only", created_at=clock.now())
        _, secret = await create_api_key(clerk, "tests")
        hidden = (await gql.as_key(secret).data(query))["complaints"]["nodes"]
        assert [c["linkedRecords"] for c in hidden] == [[None, None], [None], [None]]
