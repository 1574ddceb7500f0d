"""A pipeline board through GraphQL: ``Stage.opportunities`` (a column of deals, soonest to
close first), ``Stage.openCount`` and ``Stage.openAmount``, loaded for every stage of every
pipeline in a fixed number of statements. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from amity.core import clock, models
from amity.core.settings import Settings
from amity.plugins.sales import service
from amity.plugins.sales.models import Opportunity, Stage
from amity.schema.relay import to_global_id
from amity.testing import counted_statements, running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BOARD = """query($first: Int, $after: String, $status: OpportunityStatus) { pipelines { name stages { name
  openCount openAmount { amount currency }
  opportunities(first: $first, after: $after, status: $status) {
    totalCount nodes { title status expectedCloseDate } pageInfo { hasNextPage endCursor } } } } }"""
COLUMNS = "{ pipelines { stages { opportunities(first: 5) { nodes { title } } } } }"


@pytest.fixture
async def board(database_url):
    """The default pipeline (four stages) and a customer to make deals with."""
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (_, gql):
        with clock.frozen(T0):
            customer = await models.Customer.create(code="C-1", name="One", type="enterprise", created_at=T0, updated_at=T0)
            pipeline = await service.ensure_default_pipeline()
        yield gql, customer, pipeline


async def add_deals(customer: models.Customer, stages: list[Stage], per_stage: int, currency: str = "EUR") -> None:
    """``per_stage`` open deals in each of ``stages``, closing on later days, and one won deal."""
    await Opportunity.bulk_create([
        Opportunity(customer_id=customer.id, title=f"{stage.name} {n}", amount=Decimal(100 * (n + 1)), currency=currency,
                    expected_close_date=date(2026, 6, 1) + timedelta(days=per_stage - n), pipeline_id=stage.pipeline_id,
                    stage_id=stage.id, status="open", created_at=T0, updated_at=T0)
        for stage in stages for n in range(per_stage)
    ] + [
        Opportunity(customer_id=customer.id, title=f"{stage.name} won", amount=Decimal(1000), currency=currency,
                    expected_close_date=date(2026, 5, 1), pipeline_id=stage.pipeline_id, stage_id=stage.id,
                    status="won", created_at=T0, updated_at=T0, closed_at=T0)
        for stage in stages
    ])


async def test_a_board_lists_each_stage_soonest_to_close_first_with_its_totals(board):
    gql, customer, pipeline = board
    stages = await Stage.filter(pipeline_id=pipeline.id).order_by("position")
    await add_deals(customer, stages[:2], 3)
    await add_deals(customer, stages[:1], 1, currency="USD")
    columns = (await gql.data(BOARD, {"first": 2}))["pipelines"][0]["stages"]
    assert [c["name"] for c in columns] == ["Qualification", "Needs analysis", "Proposal", "Negotiation"]
    first = columns[0]
    assert first["openCount"] == 4
    assert first["openAmount"] == [{"amount": "600.00", "currency": "EUR"}, {"amount": "100.00", "currency": "USD"}]
    deals = first["opportunities"]
    assert deals["totalCount"] == 4 and deals["pageInfo"]["hasNextPage"] is True
    assert [(d["title"], d["expectedCloseDate"]) for d in deals["nodes"]] == [
        ("Qualification 2", "2026-06-02"), ("Qualification 0", "2026-06-02")]  # same date: the older (smaller id) first
    rest = await gql.data(f"""query($after: String) {{ node(id: "{to_global_id("Stage", stages[0].id)}") {{ ... on Stage {{
        opportunities(first: 5, after: $after) {{ nodes {{ title }} pageInfo {{ hasNextPage }} }} }} }} }}""",
                          {"after": deals["pageInfo"]["endCursor"]})
    assert rest["node"]["opportunities"] == {"nodes": [{"title": "Qualification 1"}, {"title": "Qualification 0"}],
                                             "pageInfo": {"hasNextPage": False}}
    assert columns[1]["openCount"] == 3 and columns[1]["opportunities"]["totalCount"] == 3
    assert columns[2] == {"name": "Proposal", "openCount": 0, "openAmount": [], "opportunities": {
        "totalCount": 0, "nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}}
    won = (await gql.data(BOARD, {"status": "WON"}))["pipelines"][0]["stages"]
    assert [[d["title"] for d in c["opportunities"]["nodes"]] for c in won] == [
        ["Qualification won", "Qualification won"], ["Needs analysis won"], [], []]
    assert won[0]["openCount"] == 4  # the totals are of the open deals whatever the column shows


async def test_bad_arguments_name_the_argument(board):
    gql, customer, pipeline = board
    stages = await Stage.filter(pipeline_id=pipeline.id).order_by("position")
    await add_deals(customer, stages[:1], 3)
    page = (await gql.data(BOARD, {"first": 1}))["pipelines"][0]["stages"][0]["opportunities"]
    other_column = await gql(BOARD, {"first": 1, "after": page["pageInfo"]["endCursor"], "status": "WON"})
    assert other_column["errors"][0]["extensions"]["code"] == "INVALID_CURSOR"
    assert "after" in other_column["errors"][0]["message"]
    negative = await gql(BOARD, {"first": -1})
    assert negative["errors"][0]["extensions"]["code"] == "BAD_PAGINATION"
    assert "first" in negative["errors"][0]["message"]


async def test_a_board_takes_the_same_statements_for_2_and_for_10_stages_of_deals(board):
    """Every stage of every pipeline, with the first page of its deals, in a fixed number of
    statements: one for the pages, one for the totals."""
    gql, customer, _ = board
    renewals = await gql.data("""mutation { createPipeline(input: {name: "Renewals", stages: [
        {name: "R1", probability: 10}, {name: "R2", probability: 20}, {name: "R3", probability: 30},
        {name: "R4", probability: 40}, {name: "R5", probability: 50}, {name: "R6", probability: 60}]}) { userErrors { code } } }""")
    assert renewals["createPipeline"]["userErrors"] == []
    stages = await Stage.all().order_by("pipeline_id", "position")
    assert len(stages) == 10
    await add_deals(customer, stages[:2], 7)
    await gql.data(COLUMNS)
    with counted_statements() as two:
        data = await gql.data(COLUMNS)
    assert sum(len(s["opportunities"]["nodes"]) for p in data["pipelines"] for s in p["stages"]) == 10
    await add_deals(customer, stages[2:], 7)
    with counted_statements() as ten:
        data = await gql.data(COLUMNS)
    assert [len(s["opportunities"]["nodes"]) for p in data["pipelines"] for s in p["stages"]] == [5] * 10
    assert len(ten) == len(two), ten
    assert sum('FROM "sales_opportunity"' in s for s in ten) == 1, ten
    with counted_statements() as with_totals:
        await gql.data("{ pipelines { stages { openCount openAmount { amount } opportunities(first: 5) { nodes { title } } } } }")
    assert sum('FROM "sales_opportunity"' in s for s in with_totals) == 2, with_totals

