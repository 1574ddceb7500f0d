"""What the sales plugin adds around the core customer: ``Customer.opportunities`` and
``openPipelineAmount`` (in a fixed number of SQL statements for a whole page), deals on the
timeline, customer merge, privacy export and erasure, its migration, demo data, and no trace
of it when it is disabled."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from tortoise import Tortoise
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

import amity.plugins.sales as sales
from amity.core import clock, db, models
from amity.core.app import Amity
from amity.core.demo import seed_demo
from amity.core.settings import Settings
from amity.plugins.sales import catalogue, quotations, service
from amity.plugins.sales.models import (
    Activity,
    Lead,
    Opportunity,
    OpportunityStatus,
    Pipeline,
    Quotation,
    SalesRep,
    Stage,
    StageVisit,
)
from amity.schema.build import build_schema
from amity.schema.relay import to_global_id
from amity.testing import counted_statements, drop, running_app, sqlite_url, started

SALES = {"sales": sales}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

PAGE = """{ customers(first: 50) { edges { node { code
    openPipelineAmount { amount currency } leads { name }
    opportunities(first: 2) { totalCount edges { cursor node { title amount { amount } stage { name } owner { username } } }
                              pageInfo { hasNextPage endCursor } } } } } }"""


@pytest.fixture
async def sales_app(database_url):
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False), SALES) as (app, gql):
        yield app, gql


async def seed(first: int, count: int, owner: models.User) -> None:
    """Customers ``C-<first>`` ... with three deals each: two open (100 and 200) and one won (50)."""
    now = clock.now()
    await models.Customer.bulk_create([
        models.Customer(code=f"C-{n:03d}", name=f"Customer {n}", type="enterprise", created_at=now, updated_at=now)
        for n in range(first, first + count)
    ])
    pipeline = await service.ensure_default_pipeline()
    stages = await Stage.filter(pipeline_id=pipeline.id).order_by("position")
    saved = await models.Customer.filter(code__in=[f"C-{n:03d}" for n in range(first, first + count)])
    await Opportunity.bulk_create([
        Opportunity(customer_id=c.id, title=f"{c.code} deal {i}", amount=Decimal(amount), currency="EUR",
                    expected_close_date=date(2026, 6, 30), owner_id=owner.id, pipeline_id=pipeline.id,
                    stage_id=stages[i].id, status=status, created_at=now - timedelta(days=i), updated_at=now)
        for c in saved
        for i, (amount, status) in enumerate((("100", "open"), ("200", "open"), ("50", "won")))
    ])


async def test_customer_page_with_deals_takes_a_fixed_number_of_statements(sales_app):
    _, gql = sales_app
    owner = await models.User.create(username="rep", role="agent", created_at=clock.now())
    await seed(0, 5, owner)
    await gql.data(PAGE)
    with counted_statements() as with_five:
        await gql.data(PAGE)
    await seed(5, 45, owner)
    with counted_statements() as with_fifty:
        data = await gql.data(PAGE)
    assert len(with_fifty) == len(with_five), with_fifty
    assert sum('FROM "sales_opportunity"' in s for s in with_fifty) == 3, with_fifty  # pages, counts, open amounts
    assert sum('FROM "sales_lead"' in s for s in with_fifty) == 1, with_fifty
    edges = data["customers"]["edges"]
    assert len(edges) == 50
    node = edges[7]["node"]
    assert node["openPipelineAmount"] == {"amount": "300.00", "currency": "EUR"}
    deals = node["opportunities"]
    assert deals["totalCount"] == 3 and deals["pageInfo"]["hasNextPage"]
    assert [e["node"]["title"] for e in deals["edges"]] == ["C-007 deal 0", "C-007 deal 1"]
    assert deals["edges"][0]["node"]["owner"] == {"username": "rep"}
    assert deals["edges"][1]["node"]["stage"] == {"name": "Needs analysis"}
    rest = await gql.data("""query($after: String) { customer(code: "C-007") {
        opportunities(first: 2, after: $after) { edges { node { title } } pageInfo { hasNextPage } } } }""",
                          {"after": deals["pageInfo"]["endCursor"]})
    assert rest["customer"]["opportunities"] == {"edges": [{"node": {"title": "C-007 deal 2"}}], "pageInfo": {"hasNextPage": False}}


async def test_opportunities_list_filters_and_orders(sales_app):
    _, gql = sales_app
    owner = await models.User.create(username="rep", role="agent", created_at=clock.now())
    await seed(0, 3, owner)
    query = """query($filter: OpportunityFilter, $order: [OpportunityOrder!]) {
        opportunities(first: 5, filter: $filter, orderBy: $order) { totalCount nodes { title amount { amount } } } }"""
    c1 = to_global_id("Customer", (await models.Customer.get(code="C-001")).id)
    mine = (await gql.data(query, {"filter": {"customer": {"eq": c1}}, "order": [{"field": "AMOUNT", "direction": "DESC"}]}))
    assert [n["title"] for n in mine["opportunities"]["nodes"]] == ["C-001 deal 1", "C-001 deal 0", "C-001 deal 2"]
    won = await gql.data(query, {"filter": {"status": {"eq": "WON"}, "amount": {"lt": "60"}}})
    assert won["opportunities"]["totalCount"] == 3
    not_won = await gql.data(query, {"filter": {"status": {"in": ["OPEN", "LOST"]}, "customer": {"eq": c1}}})
    assert not_won["opportunities"]["totalCount"] == 2
    refused = await gql(query, {"filter": {"status": {"eq": "won"}}})  # enum values, as the output shows them
    assert refused["data"] is None and "OpportunityStatus" in refused["errors"][0]["message"]
    big = await gql.data(query, {"filter": {"or": [{"amount": {"gte": "200"}}, {"search": "C-000 deal 0"}]}})
    assert big["opportunities"]["totalCount"] == 4
    body = await gql(query, {"filter": {"owner": {"eq": "bad"}}})
    assert "filter.owner.eq" in body["errors"][0]["message"]


async def test_deals_join_the_timeline_move_on_merge_and_go_with_erasure(sales_app):
    app, gql = sales_app
    types = app.state.amity.settings.customer_types
    from amity.core import customers

    with clock.frozen(T0) as time:
        acme = await customers.create_customer({"code": "C-1", "name": "Acme", "type": "enterprise"}, types)
        dupe = await customers.create_customer({"code": "C-2", "name": "Acme GmbH", "type": "enterprise"}, types)
        deal = await service.create_opportunity(
            {"customer_id": dupe.id, "title": "Fleet upgrade", "amount": "500", "expected_close_date": date(2026, 5, 1)}, None)
        drill = await catalogue.create_product({"code": "DRILL", "name": "Drill", "list_price": "50", "currency": "EUR"})
        await quotations.create_quotation({"customer_id": dupe.id, "lines": [{"product_id": drill.id, "quantity": 2}]}, None)
        time.advance(days=1)
        await service.win_opportunity(deal.id, "best price")
    timeline = """query($code: String!) { customer(code: $code) { timeline(first: 5) { edges { node {
        kind title summary record { ... on Opportunity { title } } } } } } }"""
    entries = (await gql.data(timeline, {"code": "C-2"}))["customer"]["timeline"]["edges"]
    assert [e["node"]["title"] for e in entries] == ["Deal won: Fleet upgrade", "Deal opened: Fleet upgrade"]
    assert entries[0]["node"]["summary"] == "best price" and entries[0]["node"]["record"] == {"title": "Fleet upgrade"}
    assert entries[1]["node"]["kind"] == "opportunity"

    merged = await gql.data("""mutation($s: ID!, $d: ID!) { mergeCustomers(input: {survivorId: $s, duplicateId: $d}) {
        customer { opportunities { totalCount } } userErrors { code } } }""",
                            {"s": to_global_id("Customer", acme.id), "d": to_global_id("Customer", dupe.id)})
    assert merged["mergeCustomers"] == {"customer": {"opportunities": {"totalCount": 1}}, "userErrors": []}

    exported = (await gql.data("query($id: ID!) { customerDataExport(id: $id) }", {"id": to_global_id("Customer", acme.id)}))
    deals = exported["customerDataExport"]["sales"]["opportunities"]
    assert [(d["title"], d["status"], d["amount"], [h["stage"] for h in d["stageHistory"]]) for d in deals] == [
        ("Fleet upgrade", "won", "500.00", ["Qualification"])]
    assert [(q["number"], q["total"], q["status"]) for q in exported["customerDataExport"]["sales"]["quotations"]] == [
        ("Q-000001", "100.00", "draft")]
    erased = await gql.data("""mutation($id: ID!) { eraseCustomer(input: {id: $id, confirmCode: "C-1"}) {
        erasedCode userErrors { code } } }""", {"id": to_global_id("Customer", acme.id)})
    assert erased["eraseCustomer"]["userErrors"] == []
    assert await Opportunity.all().count() == 0 and await StageVisit.all().count() == 0
    assert await Quotation.all().count() == 0


async def test_disabled_sales_leaves_no_trace(tmp_path):
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=()))
    try:
        sdl = build_schema(amity).schema.as_str()
        for word in ("Opportunity", "opportunities", "openPipelineAmount", "Pipeline", "STAGE_NOT_IN_PIPELINE", "Lead", "leads",
                     "Quotation", "products", "CREDIT_LIMIT_EXCEEDED", "Activity", "worklist", "nextBestActions",
                     "salesReport", "SalesRep"):
            assert word not in sdl
        connection = Tortoise.get_connection("default")
        _, rows = await connection.execute_query("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert not [row["name"] for row in rows if row["name"].startswith("sales_")]
        assert not [code for code in amity.access.permissions if code.startswith("sales.")]
    finally:
        await drop(amity)


def test_committed_migration_depends_on_core():
    migration = importlib.import_module("amity.plugins.sales.migrations.0001_initial").Migration
    assert any(app == "core" for app, _ in migration.dependencies)


async def test_no_pending_migration():
    amity = Amity(Settings(database_url="sqlite://:memory:", plugins=("sales",)), SALES)
    apps = amity.tortoise_config["apps"]
    assert apps["sales"]["migrations"] == "amity.plugins.sales.migrations"
    async with TortoiseContext() as context:
        await context.init(config=amity.tortoise_config, init_connections=False)
        writers = await MigrationAutodetector(context.apps, apps).changes()
    assert not writers, [w.as_string() for w in writers]


async def test_migrate_builds_the_sales_tables_as_the_models_describe(database_url):
    """The committed migrations, applied after the core's, build every sales table with the
    columns of the models, and the plugin works on the migrated database."""
    amity = Amity(Settings(database_url=database_url, plugins=("sales",)), SALES)
    if database_url.startswith("postgres"):
        async with TortoiseContext() as context:
            await context.init(config=db.tortoise_config(database_url, {}), _create_db=True)
    await amity.migrate()
    await amity.start()
    try:
        connection = Tortoise.get_connection("default")
        for model in Tortoise.apps["sales"].values():
            _, rows = await connection.execute_query(f'SELECT * FROM "{model._meta.db_table}" WHERE 1 = 0')
            assert rows == []
            if connection.capabilities.dialect == "sqlite":
                _, columns = await connection.execute_query(f'PRAGMA table_info("{model._meta.db_table}")')
                found = {column["name"] for column in columns}
            else:
                _, columns = await connection.execute_query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = $1", [model._meta.db_table])
                found = {column["column_name"] for column in columns}
            assert found == set(model._meta.fields_db_projection.values()), model._meta.db_table
        customer = await models.Customer.create(code="C-1", name="Acme", type="enterprise", created_at=clock.now(), updated_at=clock.now())
        deal = await service.create_opportunity(
            {"customer_id": customer.id, "title": "Pilot", "amount": "10", "expected_close_date": date(2026, 1, 1)}, None)
        assert (await Pipeline.get(id=deal.pipeline_id)).is_default
    finally:
        await drop(amity)


async def test_demo_data_has_deals_in_every_stage(tmp_path):
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("sales",)), SALES)
    try:
        await seed_demo(amity, customers=120)
        for stage in await Stage.all():
            assert await Opportunity.filter(stage_id=stage.id, status=OpportunityStatus.OPEN.value).exists(), stage.name
        assert await Opportunity.filter(status="won").exists() and await Opportunity.filter(status="lost").exists()
        for deal in await Opportunity.all().prefetch_related("customer"):
            assert deal.currency == deal.customer.currency and deal.amount > 0
            visits = await StageVisit.filter(opportunity_id=deal.id).order_by("entered_at")
            assert visits[-1].stage_id == deal.stage_id
            assert (visits[-1].left_at is None) == (deal.status == "open")
            assert all(v.entered_at <= clock.now() and (v.left_at is None or v.left_at > v.entered_at) for v in visits)
        for status in ("new", "contacted", "qualified", "disqualified", "converted"):
            assert await Lead.filter(status=status).exists(), status
        for lead in await Lead.filter(status="converted"):
            assert lead.customer_id and lead.contact_id and lead.opportunity_id
        assert not await Lead.filter(status="disqualified", status_reason="").exists()
        assert await Lead.filter(score__gt=0).exists()
        for status in ("draft", "sent", "accepted", "rejected", "expired"):
            assert await Quotation.filter(status=status).exists(), status
        for quotation in await Quotation.all().prefetch_related("customer", "lines"):
            assert quotation.currency == quotation.customer.currency and quotation.lines
            assert quotation.total == quotation.subtotal + quotation.tax
        calls = await Activity.filter(kind="call").prefetch_related("interaction")
        assert calls and all(call.done_at and call.interaction.link for call in calls)
        assert await Activity.filter(done_at__isnull=True, due_at__lt=clock.now()).exists()
        assert await Activity.filter(done_at__isnull=True, due_at__gt=clock.now()).exists()
        assert [rep.rep_code for rep in await SalesRep.all().order_by("rep_code")] == ["R-01", "R-02"]
        olivia = await amity.access.principal_of(await models.User.get(username="olivia"))
        assert olivia.role == "own-deals-rep" and olivia.has("sales.opportunity.write")
        assert not olivia.has("sales.opportunity.read_all")
        assert await Opportunity.filter(owner_id=olivia.user_id, status="open").exists()
        assert await Opportunity.filter(status="open").exclude(owner_id=olivia.user_id).exists()
    finally:
        await drop(amity)
