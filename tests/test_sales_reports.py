"""Sales reports and reps through GraphQL: pipeline by stage, forecast by month, win rate,
average sales cycle and per rep, filtered by period, owner and pipeline, amounts per currency;
commission on won deals; setting reps, with bad input and permissions. On SQLite, and on
PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from amity.core import clock, models
from amity.core.auth import create_api_key
from amity.core.settings import Settings
from amity.plugins.sales import reps, service
from amity.plugins.sales.models import SalesRep, Stage
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
REPORT = """query($filter: SalesReportFilter) { salesReport(filter: $filter) {
  pipelineByStage { stage { name } totals { count amount { amount currency } weightedAmount { amount currency } } }
  forecastByMonth { month totals { count amount { amount currency } weightedAmount { amount currency } } }
  performance { won { count amount { amount currency } } lostCount winRate averageSalesCycleDays }
  perRep { owner { username } openPipeline { count } performance { won { count } lostCount winRate averageSalesCycleDays } } } }"""
COMMISSION = """query($filter: SalesReportFilter) { commissionReport(filter: $filter) {
  rep { repCode commissionRate user { username } } won { count amount { amount currency } } commission { amount currency } } }"""
SET_REP = """mutation($input: SetSalesRepInput!) { setSalesRep(input: $input) {
  salesRep { repCode commissionRate } userErrors { field code } } }"""


def money(*pairs: tuple[str, str]) -> list[dict]:
    return [{"amount": amount, "currency": currency} for amount, currency in pairs]


@pytest.fixture
async def book(database_url):
    """Two reps' deals: open ones in three stages closing in April and May, won and lost ones."""
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (app, gql):
        with clock.frozen(T0) as time:
            ann = await models.User.create(username="ann", role="agent", created_at=clock.now())
            bob = await models.User.create(username="bob", role="agent", created_at=clock.now())
            eur = await models.Customer.create(code="C-EUR", name="Euro", type="enterprise", created_at=T0, updated_at=T0)
            usd = await models.Customer.create(code="C-USD", name="Dollar", type="enterprise", currency="USD", created_at=T0, updated_at=T0)
            pipeline = await service.ensure_default_pipeline()
            stages = {s.name: s.id for s in await Stage.filter(pipeline_id=pipeline.id)}

            async def open_deal(customer, owner, amount, stage, closes):
                deal = await service.create_opportunity({"customer_id": customer.id, "title": f"{amount}", "amount": amount,
                                                         "expected_close_date": closes}, owner.id)
                if stage != "Qualification":
                    await service.move_opportunity(deal.id, stages[stage])
                return deal

            await open_deal(eur, ann, "1000", "Qualification", date(2026, 4, 10))
            await open_deal(eur, ann, "2000", "Proposal", date(2026, 5, 3))
            await open_deal(usd, bob, "500", "Negotiation", date(2026, 4, 20))
            won_by_ann = await open_deal(eur, ann, "3000", "Proposal", date(2026, 3, 15))
            lost_by_ann = await open_deal(eur, ann, "700", "Qualification", date(2026, 3, 15))
            won_by_bob = await open_deal(usd, bob, "800", "Negotiation", date(2026, 3, 25))
            time.advance(days=10)
            await service.win_opportunity(won_by_ann.id)
            await service.lose_opportunity(lost_by_ann.id, "price")
            time.advance(days=10)
            await service.win_opportunity(won_by_bob.id)
        await reps.set_sales_rep(ann.id, "r-ann", "5")
        yield app, gql, ann, bob


async def test_the_sales_report(book):
    _, gql, _, bob = book
    report = (await gql.data(REPORT))["salesReport"]
    assert [(row["stage"]["name"], row["totals"]) for row in report["pipelineByStage"]] == [
        ("Qualification", {"count": 1, "amount": money(("1000.00", "EUR")), "weightedAmount": money(("100.00", "EUR"))}),
        ("Needs analysis", {"count": 0, "amount": [], "weightedAmount": []}),
        ("Proposal", {"count": 1, "amount": money(("2000.00", "EUR")), "weightedAmount": money(("1000.00", "EUR"))}),
        ("Negotiation", {"count": 1, "amount": money(("500.00", "USD")), "weightedAmount": money(("375.00", "USD"))}),
    ]
    assert report["forecastByMonth"] == [
        {"month": "2026-04-01", "totals": {"count": 2, "amount": money(("1000.00", "EUR"), ("500.00", "USD")),
                                           "weightedAmount": money(("100.00", "EUR"), ("375.00", "USD"))}},
        {"month": "2026-05-01", "totals": {"count": 1, "amount": money(("2000.00", "EUR")), "weightedAmount": money(("1000.00", "EUR"))}},
    ]
    performance = report["performance"]
    assert performance["won"] == {"count": 2, "amount": money(("3000.00", "EUR"), ("800.00", "USD"))}
    assert (performance["lostCount"], round(performance["winRate"], 4), performance["averageSalesCycleDays"]) == (1, 0.6667, 15.0)
    assert report["perRep"] == [
        {"owner": {"username": "ann"}, "openPipeline": {"count": 2},
         "performance": {"won": {"count": 1}, "lostCount": 1, "winRate": 0.5, "averageSalesCycleDays": 10.0}},
        {"owner": {"username": "bob"}, "openPipeline": {"count": 1},
         "performance": {"won": {"count": 1}, "lostCount": 0, "winRate": 1.0, "averageSalesCycleDays": 20.0}},
    ]

    bobs = (await gql.data(REPORT, {"filter": {"ownerId": to_global_id("User", bob.id)}}))["salesReport"]
    assert [row["owner"]["username"] for row in bobs["perRep"]] == ["bob"]
    assert bobs["performance"]["won"]["amount"] == money(("800.00", "USD"))
    may = (await gql.data(REPORT, {"filter": {"start": "2026-05-01", "end": "2026-05-31"}}))["salesReport"]
    assert [m["month"] for m in may["forecastByMonth"]] == ["2026-05-01"] and may["performance"]["winRate"] is None
    march = (await gql.data(REPORT, {"filter": {"start": "2026-03-01", "end": "2026-03-12"}}))["salesReport"]
    assert (march["performance"]["won"]["count"], march["performance"]["lostCount"]) == (1, 1)
    other = await gql.data("""mutation { createPipeline(input: {name: "Renewals", stages: [{name: "Due", probability: 60}]}) {
        pipeline { id } } }""")
    empty = (await gql.data(REPORT, {"filter": {"pipelineId": other["createPipeline"]["pipeline"]["id"]}}))["salesReport"]
    assert [row["totals"]["count"] for row in empty["pipelineByStage"]] == [0] and empty["perRep"] == []
    body = await gql(REPORT, {"filter": {"start": "2026-05-01", "end": "2026-04-01"}})
    assert "filter.end" in body["errors"][0]["message"]
    body = await gql(REPORT, {"filter": {"pipelineId": to_global_id("User", 1)}})
    assert "filter.pipelineId" in body["errors"][0]["message"]


async def test_commission_and_reps(book):
    _, gql, ann, bob = book
    lines = (await gql.data(COMMISSION))["commissionReport"]
    assert lines == [{"rep": {"repCode": "R-ANN", "commissionRate": "5.00", "user": {"username": "ann"}},
                      "won": {"count": 1, "amount": money(("3000.00", "EUR"))}, "commission": money(("150.00", "EUR"))}]
    bob_id = to_global_id("User", bob.id)
    refused = (await gql.data(SET_REP, {"input": {"userId": bob_id, "repCode": "R-ANN", "commissionRate": "150"}}))["setSalesRep"]
    assert {(e["field"], e["code"]) for e in refused["userErrors"]} == {("commissionRate", "INVALID")}
    taken = (await gql.data(SET_REP, {"input": {"userId": bob_id, "repCode": "r-ann", "commissionRate": "2.5"}}))["setSalesRep"]
    assert [(e["field"], e["code"]) for e in taken["userErrors"]] == [("repCode", "DUPLICATE")]
    assert await SalesRep.all().count() == 1
    made = (await gql.data(SET_REP, {"input": {"userId": bob_id, "repCode": "R-BOB", "commissionRate": "2.5"}}))["setSalesRep"]
    assert made == {"salesRep": {"repCode": "R-BOB", "commissionRate": "2.50"}, "userErrors": []}
    lines = (await gql.data(COMMISSION, {"filter": {"start": "2026-03-15"}}))["commissionReport"]
    assert [(line["rep"]["repCode"], line["commission"]) for line in lines] == [("R-ANN", []), ("R-BOB", money(("20.00", "USD")))]
    assert [r["repCode"] for r in (await gql.data("{ salesReps { repCode } }"))["salesReps"]] == ["R-ANN", "R-BOB"]

    _, secret = await create_api_key(ann, "tests")
    agent = gql.as_key(secret)
    body = await agent(COMMISSION)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN" and "sales.commission.read" in body["errors"][0]["message"]
    assert (await agent.data(REPORT))["salesReport"]["performance"]["won"]["count"] == 2
    denied = (await agent.data(SET_REP, {"input": {"userId": bob_id, "repCode": "X", "commissionRate": "99"}}))["setSalesRep"]
    assert denied["userErrors"] == [{"field": None, "code": "PERMISSION_DENIED"}]
    assert (await SalesRep.get(rep_code="R-BOB")).commission_rate == 2.5
