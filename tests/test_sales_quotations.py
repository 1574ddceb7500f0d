"""The product catalogue and quotations: lines and totals in Decimal with the master file's
terms and tax rule, the status flow, expiry, and the credit limit check with its override; bad
input gives a userError with a stable code and writes nothing. On SQLite, and on PostgreSQL
when configured."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from amity import hookimpl
from amity.core import clock
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.plugins.sales import quotations
from amity.plugins.sales.models import Product, Quotation, QuotationLine
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CUSTOMER = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }"""
PRODUCT = """mutation($input: CreateProductInput!) { createProduct(input: $input) {
  product { id code listPrice { amount currency } } userErrors { field code } } }"""
QUOTE = """id number status validUntil paymentTerms preferentialTerms taxRule taxRate version
  subtotal { amount currency } tax { amount } total { amount currency }
  lines { position description quantity discountPercent unitPrice { amount } netAmount { amount } product { code } }"""


def step(name: str, input_type: str) -> str:
    return f"""mutation($input: {input_type}!) {{ {name}(input: $input) {{ quotation {{ {QUOTE} }} userErrors {{ field code message }} }} }}"""


CREATE = step("createQuotation", "CreateQuotationInput")
UPDATE = step("updateQuotation", "UpdateQuotationInput")
SEND = step("sendQuotation", "QuotationStepInput")
ACCEPT = step("acceptQuotation", "QuotationStepInput")
REJECT = step("rejectQuotation", "RejectQuotationInput")
SETTLE = step("settleQuotation", "QuotationStepInput")


@pytest.fixture
async def sales_app(database_url):
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (app, gql):
        yield app, gql


async def customer(gql, code: str = "C-1", credit: str = "1000", **extra) -> str:
    data = await gql.data(CUSTOMER, {"input": {"code": code, "name": "Werkstatt GmbH", "type": "enterprise", "creditLimit": credit,
                                               "taxRule": "VAT 19% (DE)", "paymentTerms": "Net 30",
                                               "preferentialTerms": "3% discount above 10000", **extra}})
    assert data["createCustomer"]["userErrors"] == []
    return data["createCustomer"]["customer"]["id"]


async def product(gql, code: str, price: str, currency: str = "EUR") -> str:
    data = await gql.data(PRODUCT, {"input": {"code": code, "name": f"Product {code}", "listPrice": {"amount": price, "currency": currency}}})
    assert data["createProduct"]["userErrors"] == []
    return data["createProduct"]["product"]["id"]


async def call(gql, query: str, field: str, **values) -> dict:
    return (await gql.data(query, {"input": values}))[field]


def codes(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def key(gql, username: str, role: str):
    _, secret = await create_api_key(await create_user(username, role), "tests")
    return gql.as_key(secret)


async def quote(gql, customer_id: str, lines: list[dict], **extra) -> dict:
    return await call(gql, CREATE, "createQuotation", customerId=customer_id, lines=lines, **extra)


async def test_totals_terms_and_the_status_flow(sales_app):
    app, gql = sales_app
    seen: list = []

    class Recorder:
        @hookimpl
        def handle_event(self, event):
            seen.append(event)

    app.state.amity.plugins.manager.register(Recorder(), name="recorder")
    werkstatt = await customer(gql)
    drill, oil = await product(gql, "DRILL", "100.00"), await product(gql, "OIL", "19.99")
    with clock.frozen(T0):
        created = await quote(gql, werkstatt, [{"productId": drill, "quantity": "3", "discountPercent": "10"},
                                               {"productId": oil, "quantity": "2.5", "description": "Cutting oil, litres"}])
        assert created["userErrors"] == []
        q = created["quotation"]
        assert (q["status"], q["validUntil"], q["number"]) == ("DRAFT", "2026-04-01", f"Q-{1:06d}")
        assert (q["paymentTerms"], q["preferentialTerms"], q["taxRule"], q["taxRate"]) == (
            "Net 30", "3% discount above 10000", "VAT 19% (DE)", "19.00")
        assert [(ln["product"]["code"], ln["description"], ln["quantity"], ln["unitPrice"]["amount"], ln["netAmount"]["amount"])
                for ln in q["lines"]] == [("DRILL", "Product DRILL", "3.000", "100.00", "270.00"),
                                          ("OIL", "Cutting oil, litres", "2.500", "19.99", "49.98")]
        assert (q["subtotal"], q["tax"], q["total"]) == ({"amount": "319.98", "currency": "EUR"}, {"amount": "60.80"},
                                                          {"amount": "380.78", "currency": "EUR"})
        changed = await call(gql, UPDATE, "updateQuotation", id=q["id"], lines=[{"productId": drill, "quantity": "1"}],
                             taxRate="0", expectedVersion=1)
        assert changed["userErrors"] == [] and changed["quotation"]["total"]["amount"] == "100.00"
        assert await QuotationLine.all().count() == 1
        sent = await call(gql, SEND, "sendQuotation", id=q["id"])
        assert sent["quotation"]["status"] == "SENT"
        assert codes(await call(gql, UPDATE, "updateQuotation", id=q["id"], taxRate="5")) == [(None, "QUOTATION_WRONG_STATUS")]
        accepted = await call(gql, ACCEPT, "acceptQuotation", id=q["id"])
        assert accepted["userErrors"] == [] and accepted["quotation"]["status"] == "ACCEPTED"
    events = [(e.name, e.data.get("total")) for e in seen if e.name.startswith("quotation.")]
    assert events == [("quotation.sent", "100.00"), ("quotation.accepted", "100.00")]
    timeline = await gql.data('{ customer(code: "C-1") { timeline { nodes { kind title } } } }')
    assert {"kind": "quotation", "title": "Quotation Q-000001 sent: 100.00 EUR"} in timeline["customer"]["timeline"]["nodes"]
    listed = await gql.data("""query($c: ID!) { quotations(filter: {customer: {eq: $c}, status: {in: [ACCEPTED, SENT]}}) {
        totalCount nodes { number } } }""", {"c": werkstatt})
    assert listed["quotations"] == {"totalCount": 1, "nodes": [{"number": "Q-000001"}]}


async def test_bad_lines_are_refused_and_nothing_is_written(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql)
    drill, dollars = await product(gql, "DRILL", "100.00"), await product(gql, "USB", "9.00", "USD")
    unknown = to_global_id("Product", 999)
    refused = await quote(gql, werkstatt, [
        {"productId": drill, "quantity": "0"}, {"productId": drill, "quantity": "-2"},
        {"productId": drill, "quantity": "1", "discountPercent": "100.01"}, {"productId": unknown, "quantity": "1"},
        {"productId": dollars, "quantity": "1"}, {"productId": drill, "quantity": "1", "unitPrice": "-5"}])
    assert codes(refused) == [
        ("lines.0.quantity", "INVALID_QUANTITY"), ("lines.1.quantity", "INVALID_QUANTITY"),
        ("lines.2.discountPercent", "INVALID_DISCOUNT"), ("lines.3.productId", "NOT_FOUND"),
        ("lines.4.productId", "MIXED_CURRENCY"), ("lines.5.unitPrice", "NEGATIVE_AMOUNT")]
    assert refused["quotation"] is None
    assert codes(await quote(gql, werkstatt, [])) == [("lines", "REQUIRED")]
    assert codes(await quote(gql, werkstatt, [{"productId": drill, "quantity": "1"}], validUntil="2000-01-01")) == [("validUntil", "INVALID")]
    assert codes(await quote(gql, werkstatt, [{"productId": "nope", "quantity": "1"}])) == [("lines.0.productId", "INVALID_ID")]
    assert await Quotation.all().count() == 0 and await QuotationLine.all().count() == 0
    # priced explicitly, a product of another currency can be quoted
    ok = await quote(gql, werkstatt, [{"productId": dollars, "quantity": "1", "unitPrice": "8.50"}])
    assert ok["userErrors"] == [] and ok["quotation"]["total"]["amount"] == "10.12"
    assert codes(await call(gql, ACCEPT, "acceptQuotation", id=ok["quotation"]["id"])) == [(None, "QUOTATION_WRONG_STATUS")]
    assert (await Quotation.first()).status == "draft"
    bad = await gql.data(PRODUCT, {"input": {"code": "DRILL", "name": " ", "listPrice": {"amount": "-1", "currency": "EURO"}}})
    assert {(e["field"], e["code"]) for e in bad["createProduct"]["userErrors"]} == {
        ("name", "REQUIRED"), ("listPrice.amount", "NEGATIVE_AMOUNT"), ("listPrice.currency", "INVALID_CURRENCY")}


async def test_over_long_texts_are_refused_not_cut(sales_app):
    """A line's description (200), a rejection's reason (500) and a product's unit (20): TOO_LONG
    on the field, nothing written; at the limit they are kept whole."""
    _, gql = sales_app
    werkstatt = await customer(gql)
    drill = await product(gql, "DRILL", "100.00")
    lines = [{"productId": drill, "quantity": "1", "description": "d" * 200},
             {"productId": drill, "quantity": "1", "description": "d" * 201}]
    assert codes(await quote(gql, werkstatt, lines)) == [("lines.1.description", "TOO_LONG")]
    assert await Quotation.all().count() == 0 and await QuotationLine.all().count() == 0
    kept = await quote(gql, werkstatt, lines[:1])
    assert kept["quotation"]["lines"][0]["description"] == "d" * 200
    q = kept["quotation"]["id"]
    assert codes(await call(gql, UPDATE, "updateQuotation", id=q, lines=lines[1:])) == [("lines.0.description", "TOO_LONG")]
    assert (await QuotationLine.get()).description == "d" * 200
    await call(gql, SEND, "sendQuotation", id=q)
    refused = await call(gql, REJECT, "rejectQuotation", id=q, reason="r" * 501)
    assert codes(refused) == [("reason", "TOO_LONG")] and refused["quotation"] is None
    assert ((stored := await Quotation.get()).status, stored.decision_reason) == ("sent", "")
    assert (await call(gql, REJECT, "rejectQuotation", id=q, reason="r" * 500))["userErrors"] == []
    assert (await Quotation.get()).decision_reason == "r" * 500

    update_product = """mutation($input: UpdateProductInput!) { updateProduct(input: $input) { product { unit }
        userErrors { field code } } }"""
    too_long = {"code": "BOX", "name": "Box", "listPrice": {"amount": "1", "currency": "EUR"}, "unit": "u" * 21}
    assert codes((await gql.data(PRODUCT, {"input": too_long}))["createProduct"]) == [("unit", "TOO_LONG")]
    assert not await Product.exists(code="BOX")
    changed = (await gql.data(update_product, {"input": {"id": drill, "unit": "u" * 21}}))["updateProduct"]
    assert codes(changed) == [("unit", "TOO_LONG")] and (await Product.get(code="DRILL")).unit == "pc"
    changed = (await gql.data(update_product, {"input": {"id": drill, "unit": "u" * 20}}))["updateProduct"]
    assert changed == {"product": {"unit": "u" * 20}, "userErrors": []}
    cleared = (await gql.data(update_product, {"input": {"id": drill, "unit": None}}))["updateProduct"]
    assert cleared == {"product": {"unit": "pc"}, "userErrors": []}


async def test_an_expired_quotation_cannot_be_accepted(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql)
    drill = await product(gql, "DRILL", "100.00")
    with clock.frozen(T0) as time:
        first = (await quote(gql, werkstatt, [{"productId": drill, "quantity": "1"}], validUntil="2026-03-10"))["quotation"]
        second = (await quote(gql, werkstatt, [{"productId": drill, "quantity": "1"}], validUntil="2026-03-10"))["quotation"]
        for q in (first, second):
            await call(gql, SEND, "sendQuotation", id=q["id"])
        time.advance(days=9)
        late = await call(gql, ACCEPT, "acceptQuotation", id=first["id"])
        assert codes(late) == [(None, "QUOTATION_EXPIRED")] and late["quotation"] is None
        assert (await Quotation.get(id=1)).status == "sent"
        assert await quotations.expire_quotations() == 2
        assert codes(await call(gql, ACCEPT, "acceptQuotation", id=second["id"])) == [(None, "QUOTATION_EXPIRED")]
        assert codes(await call(gql, SEND, "sendQuotation", id=second["id"])) == [(None, "QUOTATION_WRONG_STATUS")]
        assert {q.status for q in await Quotation.all()} == {"expired"}


async def test_accepting_checks_the_credit_limit_unless_overridden(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql, credit="1000", taxRule="Reverse charge (EU B2B)")
    drill = await product(gql, "DRILL", "100.00")
    agent, manager = await key(gql, "alex", "agent"), await key(gql, "mia", "manager")
    ids = []
    for quantity in ("6", "5", "4"):
        q = (await quote(agent, werkstatt, [{"productId": drill, "quantity": quantity}]))["quotation"]
        assert q["total"]["amount"] == f"{int(quantity) * 100}.00"  # reverse charge: no tax
        await call(agent, SEND, "sendQuotation", id=q["id"])
        ids.append(q["id"])
    assert (await call(agent, ACCEPT, "acceptQuotation", id=ids[0]))["userErrors"] == []
    over = await call(agent, ACCEPT, "acceptQuotation", id=ids[1])
    assert codes(over) == [(None, "CREDIT_LIMIT_EXCEEDED")]
    assert "1100.00" in over["userErrors"][0]["message"]
    assert [q.status for q in await Quotation.all().order_by("id")] == ["accepted", "sent", "sent"]
    assert (await call(agent, ACCEPT, "acceptQuotation", id=ids[2]))["userErrors"] == []  # 600 + 400 = the limit
    assert (await call(manager, ACCEPT, "acceptQuotation", id=ids[1]))["userErrors"] == []  # sales.credit.override
    assert await quotations.open_accepted_total(int((await Quotation.first()).customer_id)) == Decimal("1500.00")
    settled = await call(agent, SETTLE, "settleQuotation", id=ids[0])
    assert settled["quotation"]["status"] == "ACCEPTED" and (await Quotation.get(id=1)).settled_at is not None
    assert codes(await call(agent, SETTLE, "settleQuotation", id=ids[0])) == [(None, "QUOTATION_WRONG_STATUS")]
    rejected = await quote(agent, werkstatt, [{"productId": drill, "quantity": "1"}])
    await call(agent, SEND, "sendQuotation", id=rejected["quotation"]["id"])
    out = await call(agent, REJECT, "rejectQuotation", id=rejected["quotation"]["id"], reason="too late")
    assert out["quotation"]["status"] == "REJECTED"


async def test_quotation_permissions(sales_app):
    _, gql = sales_app
    werkstatt = await customer(gql)
    drill = await product(gql, "DRILL", "100.00")
    viewer, agent = await key(gql, "vera", "viewer"), await key(gql, "alex", "agent")
    assert codes(await quote(viewer, werkstatt, [{"productId": drill, "quantity": "1"}])) == [(None, "PERMISSION_DENIED")]
    denied = await agent.data(PRODUCT, {"input": {"code": "X", "name": "X", "listPrice": {"amount": "1", "currency": "EUR"}}})
    assert codes(denied["createProduct"]) == [(None, "PERMISSION_DENIED")]
    assert await Quotation.all().count() == 0
    assert (await viewer.data("{ products { totalCount } quotations { totalCount } }")) == {
        "products": {"totalCount": 1}, "quotations": {"totalCount": 0}}


def test_tax_rates_and_rounding():
    assert quotations.tax_rate_of("VAT 19% (DE)") == Decimal(19)
    assert quotations.tax_rate_of("IVA 10,5 %") == Decimal("10.5")
    assert quotations.tax_rate_of("Reverse charge (EU B2B)") == 0 and quotations.tax_rate_of("") == 0
    assert quotations.line_net(Decimal("2.5"), Decimal("19.99"), Decimal(0)) == Decimal("49.98")
    assert quotations.line_net(Decimal(1), Decimal("0.05"), Decimal(50)) == Decimal("0.03")
    assert quotations.totals([Decimal("0.10"), Decimal("0.20")], Decimal(19)) == (Decimal("0.30"), Decimal("0.06"), Decimal("0.36"))
