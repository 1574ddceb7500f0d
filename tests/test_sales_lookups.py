"""Typed root lookups of the sales plugin (``lead``, ``quotation``, ``product``,
``priceAgreement``, ``activity``): the record for a reader, null when missing, INVALID_ID
naming ``id`` for a malformed ID or one of another type, FORBIDDEN without the read code.
On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from amity.core import clock, models
from amity.core.auth import create_api_key
from amity.core.settings import Settings
from amity.plugins.sales import activities, catalogue, leads, pricing, quotations
from amity.schema.relay import to_global_id
from amity.testing import running_app

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: root field -> (GraphQL type, a field to select, the permission code guarding it)
LOOKUPS = {
    "lead": ("Lead", "name", "sales.lead.read"),
    "quotation": ("Quotation", "number", "sales.quotation.read"),
    "product": ("Product", "code", "sales.quotation.read"),
    "priceAgreement": ("PriceAgreement", "discountPercent", "sales.quotation.read"),
    "activity": ("Activity", "subject", "sales.activity.read"),
}


def lookup(field: str) -> str:
    return f"query($id: ID!) {{ {field}(id: $id) {{ id {LOOKUPS[field][1]} }} }}"


@pytest.fixture
async def records(database_url):
    """One record of each looked-up type, and an admin client."""
    async with running_app(Settings(database_url=database_url, plugins=("sales",), run_jobs=False)) as (_, gql):
        with clock.frozen(T0):
            acme = await models.Customer.create(code="C-1", name="Acme", type="enterprise", created_at=T0, updated_at=T0)
            drill = await catalogue.create_product({"code": "DRILL", "name": "Drill", "list_price": "100", "currency": "EUR"})
            made = {
                "lead": await leads.create_lead({"name": "Grace", "source": "web"}, None),
                "quotation": await quotations.create_quotation(
                    {"customer_id": acme.id, "lines": [{"product_id": drill.id, "quantity": 1}]}, None),
                "product": drill,
                "priceAgreement": await pricing.create_agreement({"customer_id": acme.id, "discount_percent": "5"}),
                "activity": await activities.schedule_activity({"kind": "call", "subject": "Call Acme", "due_at": T0, "customer_id": acme.id}, None),
            }
        yield gql, {field: to_global_id(LOOKUPS[field][0], record.id) for field, record in made.items()}


async def test_each_lookup_returns_its_record_or_null(records):
    gql, ids = records
    for field, global_id in ids.items():
        found = (await gql.data(lookup(field), {"id": global_id}))[field]
        assert found["id"] == global_id, field
        missing = to_global_id(LOOKUPS[field][0], 999_999)
        assert (await gql.data(lookup(field), {"id": missing}))[field] is None, field
    assert (await gql.data(lookup("lead"), {"id": ids["lead"]}))["lead"]["name"] == "Grace"


async def test_a_malformed_id_or_another_types_id_is_invalid_id(records):
    gql, ids = records
    for field in LOOKUPS:
        other = ids["product" if field != "product" else "lead"]
        for bad in ("not-an-id", other, to_global_id("Customer", 1)):
            body = await gql(lookup(field), {"id": bad})
            assert body["data"] == {field: None}, (field, bad)
            error = body["errors"][0]
            assert error["extensions"]["code"] == "INVALID_ID" and error["message"].startswith("id: "), (field, error)


async def test_a_role_without_the_read_code_is_forbidden(records):
    gql, ids = records
    guest = await models.User.create(username="guest", role="guest", created_at=T0)
    _, secret = await create_api_key(guest, "tests")
    as_guest = gql.as_key(secret)
    for field, (_, _, code) in LOOKUPS.items():
        body = await as_guest(lookup(field), {"id": ids[field]})
        assert body["data"] == {field: None}
        error = body["errors"][0]
        assert error["extensions"]["code"] == "FORBIDDEN" and code in error["message"] and error["path"] == [field]
