"""Price agreements: which agreement gives a quotation line its discount (product-specific or
general, minimum quantity, validity edges), the rep's explicit discount winning, totals in
Decimal, bad input refused with nothing written, permissions, one query per quotation and a
fixed number for a page of customers, merge, export, erasure and demo data. On SQLite, and
on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from test_sales_quotations import call, codes, customer, key, product, quote

import amity.plugins.sales as sales
from amity.core import clock, customers, models
from amity.core.demo import seed_demo
from amity.core.settings import Settings
from amity.plugins.sales import catalogue, pricing, quotations
from amity.plugins.sales.models import PriceAgreement, QuotationLine
from amity.schema.build import build_schema
from amity.schema.relay import from_global_id, to_global_id
from amity.testing import counted_statements, drop, running_app, sqlite_url, started

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DAY = T0.date()
AGREEMENT = "id discountPercent minQuantity validFrom validUntil note isActive version product { code } customer { code }"


def agreement_step(name: str, input_type: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{
      priceAgreement {{ {AGREEMENT} }} userErrors {{ field code message }} }} }}"""


CREATE = agreement_step("createPriceAgreement", "CreatePriceAgreementInput")
UPDATE = agreement_step("updatePriceAgreement", "UpdatePriceAgreementInput")
END = agreement_step("endPriceAgreement", "EndPriceAgreementInput")
LINES = "lines { discountPercent netAmount { amount } product { code } priceAgreement { id discountPercent note } }"
UPDATE_QUOTE = """mutation($input: UpdateQuotationInput!) { updateQuotation(input: $input) {
  quotation { subtotal { amount } LINES } userErrors { field code } } }""".replace("LINES", LINES)
QUOTE_WITH_AGREEMENTS = """mutation($input: CreateQuotationInput!) { createQuotation(input: $input) {
  quotation { id subtotal { amount } tax { amount } total { amount } LINES } userErrors { field code } } }""".replace("LINES", LINES)


@pytest.fixture
async def sales_app(database_url):
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (app, gql):
        yield app, gql


async def agree(gql, **values) -> dict:
    payload = await call(gql, CREATE, "createPriceAgreement", **values)
    assert payload["userErrors"] == [], payload
    return payload["priceAgreement"]


def pk(global_id: str) -> int:
    return int(from_global_id(global_id)[1])


async def test_the_highest_valid_discount_wins(sales_app):
    _, gql = sales_app
    acme, other = pk(await customer(gql, "C-1")), pk(await customer(gql, "C-2"))
    drill, oil = pk(await product(gql, "DRILL", "100.00")), pk(await product(gql, "OIL", "20.00"))
    with clock.frozen(T0):
        general = await pricing.create_agreement({"customer_id": acme, "discount_percent": "3"})
        bulk = await pricing.create_agreement({"customer_id": acme, "product_id": drill, "discount_percent": "5", "min_quantity": "10"})
        one_day = await pricing.create_agreement({"customer_id": acme, "product_id": drill, "discount_percent": "6",
                                                  "valid_from": date(2026, 3, 5), "valid_until": date(2026, 3, 5)})
        spring = await pricing.create_agreement({"customer_id": acme, "discount_percent": "7",
                                                 "valid_from": date(2026, 3, 10), "valid_until": date(2026, 3, 20)})

    async def best(product_id: int, quantity: str, day: date, customer_id: int = acme) -> int | None:
        found = await pricing.best_discount(customer_id, product_id, Decimal(quantity), day)
        return None if found is None else found.id

    assert await best(drill, "1", DAY) == general.id
    assert await best(drill, "10", DAY) == bulk.id  # the minimum quantity counts inclusively
    assert await best(drill, "9.999", DAY) == general.id
    assert await best(oil, "100", DAY) == general.id  # another product's agreement does not apply
    assert await best(drill, "1", date(2026, 3, 4)) == general.id
    assert await best(drill, "1", date(2026, 3, 5)) == one_day.id  # valid from and until the same day
    assert await best(drill, "1", date(2026, 3, 6)) == general.id
    assert await best(drill, "10", date(2026, 3, 9)) == bulk.id
    assert await best(drill, "10", date(2026, 3, 10)) == spring.id  # a general 7 % beats a product's 5 %
    assert await best(drill, "10", date(2026, 3, 20)) == spring.id
    assert await best(drill, "10", date(2026, 3, 21)) == bulk.id
    assert await best(drill, "1", DAY, other) is None
    tie = await pricing.create_agreement({"customer_id": acme, "product_id": oil, "discount_percent": "3"})
    assert await best(oil, "1", DAY) == tie.id  # equal percents: the product's agreement is named
    many = await pricing.best_discounts(acme, [(drill, Decimal(1)), (drill, Decimal(12)), (oil, Decimal(1))], DAY)
    assert [a.id if a else None for a in many] == [general.id, bulk.id, tie.id]


async def test_quotation_lines_take_the_agreement_unless_the_rep_sets_a_discount(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql)
    drill, oil, kit = await product(gql, "DRILL", "12.50"), await product(gql, "OIL", "19.99"), await product(gql, "KIT", "40.00")
    with clock.frozen(T0):
        general = await agree(gql, customerId=werkstatt, discountPercent="3", note="3% discount above 10000",
                              validUntil=DAY.isoformat())
        drills = await agree(gql, customerId=werkstatt, productId=drill, discountPercent="7.5", minQuantity="2")
        created = await call(gql, QUOTE_WITH_AGREEMENTS, "createQuotation", customerId=werkstatt, lines=[
            {"productId": drill, "quantity": "1"}, {"productId": drill, "quantity": "3"},
            {"productId": oil, "quantity": "2", "discountPercent": "0"}, {"productId": kit, "quantity": "1", "discountPercent": "10"}])
    assert created["userErrors"] == []
    q = created["quotation"]
    lines = [(ln["product"]["code"], ln["discountPercent"], ln["netAmount"]["amount"], ln["priceAgreement"]) for ln in q["lines"]]
    assert lines == [
        ("DRILL", "3.00", "12.13", {"id": general["id"], "discountPercent": "3.00", "note": "3% discount above 10000"}),
        ("DRILL", "7.50", "34.69", {"id": drills["id"], "discountPercent": "7.50", "note": ""}),
        ("OIL", "0.00", "39.98", None),  # the rep's 0 stays
        ("KIT", "10.00", "36.00", None),  # the rep's 10 stays although 3 % would apply
    ]
    # 12.50 less 3 % is 12.125: half up to 12.13; 3 × 12.50 less 7.5 % is 34.6875: 34.69
    assert (q["subtotal"]["amount"], q["tax"]["amount"], q["total"]["amount"]) == ("122.80", "23.33", "146.13")
    assert sum((line.net_amount for line in await QuotationLine.all()), Decimal(0)) == Decimal("122.80")
    with clock.frozen(T0 + timedelta(days=1)):  # the general agreement ended yesterday
        changed = await call(gql, UPDATE_QUOTE, "updateQuotation", id=q["id"], lines=[{"productId": drill, "quantity": "1"},
                                                                                      {"productId": drill, "quantity": "2"}])
    assert changed["userErrors"] == []
    assert [(ln["discountPercent"], ln["netAmount"]["amount"], ln["priceAgreement"] and ln["priceAgreement"]["id"])
            for ln in changed["quotation"]["lines"]] == [("0.00", "12.50", None), ("7.50", "23.13", drills["id"])]
    assert changed["quotation"]["subtotal"]["amount"] == "35.63"


async def test_lists_customer_field_node_update_and_end(sales_app):
    _, gql = sales_app
    werkstatt, other = await customer(gql, "C-1"), await customer(gql, "C-2")
    drill = await product(gql, "DRILL", "100.00")
    with clock.frozen(T0):
        general = await agree(gql, customerId=werkstatt, discountPercent="3", validFrom="2026-01-01")
        specific = await agree(gql, customerId=werkstatt, productId=drill, discountPercent="8", validFrom="2026-04-01",
                               minQuantity="5")
        await agree(gql, customerId=other, discountPercent="2")
        assert (general["isActive"], specific["isActive"], specific["product"], general["product"]) == (
            True, False, {"code": "DRILL"}, None)
        listed = await gql.data("""query($c: ID!, $p: ID!) {
            mine: priceAgreements(filter: {customer: {eq: $c}}) { totalCount nodes { id } }
            general: priceAgreements(filter: {product: {isNull: true}}) { totalCount }
            drills: priceAgreements(filter: {product: {eq: $p}}) { nodes { id } }
            today: priceAgreements(filter: {customer: {eq: $c}, activeOn: "2026-03-02"}) { nodes { id } }
            april: priceAgreements(filter: {customer: {eq: $c}, activeOn: "2026-04-01"}) { totalCount }
            customer(code: "C-1") { all: priceAgreements { id } march: priceAgreements(activeOn: "2026-03-02") { id } } }""",
                                {"c": werkstatt, "p": drill})
        assert listed["mine"] == {"totalCount": 2, "nodes": [{"id": specific["id"]}, {"id": general["id"]}]}
        assert (listed["general"]["totalCount"], listed["drills"]["nodes"], listed["today"]["nodes"]) == (
            2, [{"id": specific["id"]}], [{"id": general["id"]}])
        assert listed["april"]["totalCount"] == 2
        assert listed["customer"] == {"all": [{"id": general["id"]}, {"id": specific["id"]}], "march": [{"id": general["id"]}]}
        node = await gql.data("query($id: ID!) { node(id: $id) { ... on PriceAgreement { discountPercent customer { code } } } }",
                              {"id": specific["id"]})
        assert node["node"] == {"discountPercent": "8.00", "customer": {"code": "C-1"}}

        changed = await call(gql, UPDATE, "updatePriceAgreement", id=specific["id"], discountPercent="9", productId=None,
                             validFrom=None, minQuantity=None, note="Framework 2026", expectedVersion=1)
        assert changed["userErrors"] == []
        assert {k: changed["priceAgreement"][k] for k in ("discountPercent", "product", "validFrom", "minQuantity", "note",
                                                          "version", "isActive")} == {
            "discountPercent": "9.00", "product": None, "validFrom": None, "minQuantity": "0.000", "note": "Framework 2026",
            "version": 2, "isActive": True}
        ended = await call(gql, END, "endPriceAgreement", id=specific["id"])
        assert ended["userErrors"] == []
        assert (ended["priceAgreement"]["validUntil"], ended["priceAgreement"]["isActive"]) == ("2026-03-01", False)
        drill_pk = pk(drill)
        assert (await pricing.best_discount(pk(werkstatt), drill_pk, Decimal(1), DAY)).id == pk(general["id"])
    with clock.frozen(T0 + timedelta(days=10)):
        again = await call(gql, END, "endPriceAgreement", id=specific["id"])
        assert again["priceAgreement"]["validUntil"] == "2026-03-01"  # an ended agreement keeps its end
    stale = await call(gql, UPDATE, "updatePriceAgreement", id=specific["id"], note="late", expectedVersion=1)
    assert codes(stale) == [("expectedVersion", "STALE")]


async def test_bad_input_is_refused_and_nothing_is_written(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql)
    with clock.frozen(T0):
        kept = await agree(gql, customerId=werkstatt, discountPercent="3", validFrom="2026-03-01", validUntil="2026-03-31")
    before = await PriceAgreement.all().values()

    async def refused(**values) -> list:
        return codes(await call(gql, CREATE, "createPriceAgreement", **{"customerId": werkstatt, "discountPercent": "5", **values}))

    assert await refused(discountPercent="0") == [("discountPercent", "INVALID")]
    assert await refused(discountPercent="-2") == [("discountPercent", "INVALID")]
    assert await refused(discountPercent="100.01") == [("discountPercent", "INVALID")]
    assert await refused(validFrom="2026-05-02", validUntil="2026-05-01") == [("validUntil", "INVALID")]
    assert await refused(minQuantity="-1") == [("minQuantity", "INVALID")]
    assert await refused(note="x" * 201) == [("note", "TOO_LONG")]
    assert await refused(customerId=to_global_id("Customer", 999)) == [("customerId", "NOT_FOUND")]
    assert await refused(productId=to_global_id("Product", 999)) == [("productId", "NOT_FOUND")]
    assert await refused(productId=werkstatt) == [("productId", "INVALID_ID")]
    assert await refused(discountPercent="0", minQuantity="-1") == [("discountPercent", "INVALID"), ("minQuantity", "INVALID")]

    async def update_refused(**values) -> list:
        return codes(await call(gql, UPDATE, "updatePriceAgreement", **{"id": kept["id"], **values}))

    assert await update_refused(discountPercent="0") == [("discountPercent", "INVALID")]
    assert await update_refused(discountPercent=None) == [("discountPercent", "REQUIRED")]
    assert await update_refused(validFrom="2026-04-01") == [("validFrom", "INVALID")]  # after the kept validUntil
    assert await update_refused(validUntil="2026-02-28") == [("validUntil", "INVALID")]
    assert await update_refused(minQuantity="-0.5") == [("minQuantity", "INVALID")]
    assert await update_refused(discountPercent=None, minQuantity=None) == [("discountPercent", "REQUIRED")]
    assert await update_refused(productId=to_global_id("Product", 999)) == [("productId", "NOT_FOUND")]
    assert await update_refused(id=to_global_id("PriceAgreement", 999), note="x") == [("id", "NOT_FOUND")]
    assert codes(await call(gql, END, "endPriceAgreement", id=to_global_id("PriceAgreement", 999))) == [("id", "NOT_FOUND")]
    assert codes(await call(gql, END, "endPriceAgreement", id=kept["id"], expectedVersion=7)) == [("expectedVersion", "STALE")]
    assert await PriceAgreement.all().values() == before


async def test_only_managers_write_agreements_and_readers_see_them(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql)
    agent, viewer, manager = await key(gql, "alex", "agent"), await key(gql, "vera", "viewer"), await key(gql, "mia", "manager")
    for caller in (agent, viewer):
        denied = await call(caller, CREATE, "createPriceAgreement", customerId=werkstatt, discountPercent="5")
        assert codes(denied) == [(None, "PERMISSION_DENIED")]
    assert await PriceAgreement.all().count() == 0
    made = await agree(manager, customerId=werkstatt, discountPercent="5")
    for mutation, field, values in ((UPDATE, "updatePriceAgreement", {"note": "x"}), (END, "endPriceAgreement", {})):
        assert codes(await call(agent, mutation, field, id=made["id"], **values)) == [(None, "PERMISSION_DENIED")]
    assert (await PriceAgreement.get(id=pk(made["id"]))).note == ""
    seen = await viewer.data("{ priceAgreements { nodes { id discountPercent } } }")
    assert seen["priceAgreements"]["nodes"] == [{"id": made["id"], "discountPercent": "5.00"}]
    drafted = await quote(agent, werkstatt, [{"productId": await product(gql, "DRILL", "10.00"), "quantity": "1"}])
    assert drafted["userErrors"] == [] and drafted["quotation"]["lines"][0]["discountPercent"] == "5.00"


async def test_one_agreement_query_per_quotation_and_fixed_queries_per_customer_page(sales_app):
    _, gql = sales_app
    werkstatt = pk(await customer(gql))
    products = [pk(await product(gql, f"P{n}", "10.00")) for n in range(4)]
    for product_id in products[:2]:
        await pricing.create_agreement({"customer_id": werkstatt, "product_id": product_id, "discount_percent": "4"})
    with counted_statements() as statements:
        await quotations.create_quotation({"customer_id": werkstatt, "lines": [
            {"product_id": product_id, "quantity": 2} for product_id in products]}, None)
    assert sum('"sales_price_agreement"' in s for s in statements) == 1, statements

    async def seed(first: int, count: int) -> None:
        now = clock.now()
        await models.Customer.bulk_create([
            models.Customer(code=f"K-{n:03d}", name=f"Customer {n}", type="enterprise", created_at=now, updated_at=now)
            for n in range(first, first + count)])
        saved = await models.Customer.filter(code__in=[f"K-{n:03d}" for n in range(first, first + count)])
        await PriceAgreement.bulk_create([
            PriceAgreement(customer_id=c.id, product_id=products[i] if i else None, discount_percent=Decimal(2 + i), created_at=now)
            for c in saved for i in range(2)])

    page = """{ customers(first: 50) { nodes { code priceAgreements { discountPercent product { code } customer { code } } } } }"""
    await seed(0, 5)
    with counted_statements() as with_five:
        await gql.data(page)
    await seed(5, 44)
    with counted_statements() as with_fifty:
        data = await gql.data(page)
    assert len(with_fifty) == len(with_five), with_fifty
    assert sum('FROM "sales_price_agreement"' in s for s in with_fifty) == 1, with_fifty
    nodes = {node["code"]: node["priceAgreements"] for node in data["customers"]["nodes"]}
    assert len(nodes) == 50
    assert nodes["K-007"] == [{"discountPercent": "2.00", "product": None, "customer": {"code": "K-007"}},
                              {"discountPercent": "3.00", "product": {"code": "P1"}, "customer": {"code": "K-007"}}]


async def test_agreements_follow_merge_appear_in_export_and_go_with_erasure(sales_app):
    app, gql = sales_app
    types = app.state.amity.settings.customer_types
    acme = await customers.create_customer({"code": "C-1", "name": "Acme", "type": "enterprise"}, types)
    dupe = await customers.create_customer({"code": "C-2", "name": "Acme GmbH", "type": "enterprise"}, types)
    drill = await catalogue.create_product({"code": "DRILL", "name": "Drill", "list_price": "50", "currency": "EUR"})
    with clock.frozen(T0):
        await pricing.create_agreement({"customer_id": dupe.id, "product_id": drill.id, "discount_percent": "4", "min_quantity": "2",
                                        "valid_from": date(2026, 1, 1), "note": "Framework drills"})
        await quotations.create_quotation({"customer_id": dupe.id, "lines": [{"product_id": drill.id, "quantity": 2}]}, None)
    merged = await gql.data("""mutation($s: ID!, $d: ID!) { mergeCustomers(input: {survivorId: $s, duplicateId: $d}) {
        customer { priceAgreements { note } } userErrors { code } } }""",
                            {"s": to_global_id("Customer", acme.id), "d": to_global_id("Customer", dupe.id)})
    assert merged["mergeCustomers"] == {"customer": {"priceAgreements": [{"note": "Framework drills"}]}, "userErrors": []}
    exported = await gql.data("query($id: ID!) { customerDataExport(id: $id) }", {"id": to_global_id("Customer", acme.id)})
    assert exported["customerDataExport"]["sales"]["priceAgreements"] == [{
        "product": "DRILL", "discountPercent": "4.00", "minQuantity": "2.000", "validFrom": "2026-01-01", "validUntil": None,
        "note": "Framework drills", "createdAt": T0.isoformat(),
    }]
    erased = await gql.data("""mutation($id: ID!) { eraseCustomer(input: {id: $id, confirmCode: "C-1"}) {
        erasedCode userErrors { code } } }""", {"id": to_global_id("Customer", acme.id)})
    assert erased["eraseCustomer"]["userErrors"] == []
    assert await PriceAgreement.all().count() == 0 and await QuotationLine.all().count() == 0


async def test_demo_quotations_apply_the_demo_agreements(tmp_path):
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("sales",)), {"sales": sales})
    try:
        context = await seed_demo(amity, customers=300)
        granted = {c.id for c in context.customers if c.preferential_terms.startswith("3% discount")}
        general = await PriceAgreement.filter(product_id__isnull=True)
        assert general and {a.customer_id for a in general} == granted
        assert all(a.discount_percent == 3 and a.note.startswith("3% discount") for a in general)
        assert await PriceAgreement.filter(product_id__isnull=False).exists()
        applied = await QuotationLine.filter(agreement_id__isnull=False).prefetch_related("agreement", "quotation")
        assert {line.agreement.discount_percent for line in applied} >= {Decimal(3)}
        assert any(line.agreement.product_id is not None for line in applied)
        for line in applied:
            assert line.discount_percent == line.agreement.discount_percent
            assert line.agreement.customer_id == line.quotation.customer_id
            assert line.net_amount == quotations.line_net(line.quantity, line.unit_price, line.discount_percent)
    finally:
        await drop(amity)


async def test_disabled_sales_has_no_price_agreements(tmp_path):
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=()))
    try:
        sdl = build_schema(amity).schema.as_str()
        for word in ("PriceAgreement", "priceAgreements", "createPriceAgreement"):
            assert word not in sdl
        assert "sales.pricing.write" not in amity.access.permissions
    finally:
        await drop(amity)
