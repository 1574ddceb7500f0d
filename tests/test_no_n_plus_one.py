"""Nested lists load in a fixed number of SQL statements, however many customers a page has.

Statements are counted on the real database connection: its ``execute_*`` methods are wrapped
with a counter for the duration of one GraphQL request.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from amity.core import clock, models
from amity.core.settings import Settings
from amity.testing import counted_statements, running_app

NESTED = """{ customers(first: 50) { edges { node {
    code owner { username } contacts { name } consents { purpose } } } } }"""

WITH_INTERACTIONS = """{ customers(first: 50) { totalCount edges { node {
    code owner { username } contacts { name } consents { purpose }
    interactions(first: 3) { totalCount edges { cursor node { subject } } pageInfo { hasNextPage hasPreviousPage endCursor } }
} } } }"""


async def seed(first: int, count: int, owners: list[models.User]) -> None:
    """Customers ``C-<first>`` ... with two contacts, two consents and five interactions each.

    The interactions of a customer are i days old for i in 0..4, except that the two oldest
    share a moment, so the id decides their order.
    """
    now = clock.now()
    customers = [
        models.Customer(code=f"C-{n:03d}", name=f"Customer {n}", type="enterprise", owner=owners[n % len(owners)],
                        created_at=now, updated_at=now)
        for n in range(first, first + count)
    ]
    await models.Customer.bulk_create(customers)
    saved = await models.Customer.filter(code__in=[c.code for c in customers])
    await models.ContactPerson.bulk_create(
        [models.ContactPerson(customer=c, name=f"{c.code} contact {i}", created_at=now) for c in saved for i in range(2)]
    )
    await models.ConsentRecord.bulk_create(
        [models.ConsentRecord(customer=c, channel="email", purpose=purpose, granted=True, source="test", recorded_at=now)
         for c in saved for purpose in ("newsletter", "surveys")]
    )
    await models.Interaction.bulk_create(
        [models.Interaction(customer=c, channel="phone", direction="inbound", initiator="customer", mode="indirect",
                            subject=f"{c.code} #{i}", occurred_at=now - timedelta(days=min(i, 3)), created_at=now)
         for c in saved for i in range(5)]
    )


def reading(statements: list[str], table: str) -> int:
    """How many of ``statements`` read ``table``."""
    return sum(f'FROM "{table}"' in statement for statement in statements)


async def statements_for(gql, query: str) -> tuple[dict, list[str]]:
    with counted_statements() as statements:
        data = await gql.data(query)
    return data, statements


@pytest.fixture
async def app_on_any_db(database_url):
    async with running_app(Settings(database_url=database_url, plugins=())) as (app, client):
        owners = [await models.User.create(username=f"rep{i}", role="sales", created_at=clock.now()) for i in range(3)]
        yield client, owners


async def test_nested_lists_do_not_query_per_customer(app_on_any_db):
    gql, owners = app_on_any_db
    await seed(0, 10, owners)
    await gql.data(NESTED)  # the first request may warm caches; count from the second on
    ten, with_ten = await statements_for(gql, NESTED)
    await seed(10, 40, owners)
    fifty, with_fifty = await statements_for(gql, NESTED)

    assert len(ten["customers"]["edges"]) == 10 and len(fifty["customers"]["edges"]) == 50
    node = fifty["customers"]["edges"][7]["node"]
    assert node == {"code": "C-007", "owner": {"username": "rep1"},
                    "contacts": [{"name": "C-007 contact 0"}, {"name": "C-007 contact 1"}],
                    "consents": [{"purpose": "newsletter"}, {"purpose": "surveys"}]}
    assert len(with_fifty) == len(with_ten), with_fifty
    # the API key, the page of customers, then owners, contacts and consents: one each
    assert len(with_fifty) <= 5, with_fifty
    assert [reading(with_fifty, table) for table in ("core_user", "core_contact_person", "core_consent")] == [1, 1, 1]


async def test_nested_interaction_pages_are_batched_and_continue_with_after(app_on_any_db):
    gql, owners = app_on_any_db
    await seed(0, 10, owners)
    await gql.data(WITH_INTERACTIONS)
    ten, with_ten = await statements_for(gql, WITH_INTERACTIONS)
    await seed(10, 40, owners)
    fifty, with_fifty = await statements_for(gql, WITH_INTERACTIONS)

    assert len(with_fifty) == len(with_ten), with_fifty
    # as above, plus the customers' count, the interaction pages and their counts
    assert len(with_fifty) <= 8, with_fifty
    assert reading(with_fifty, "core_interaction") == 2, with_fifty

    edges = fifty["customers"]["edges"]
    assert len(edges) == 50 and fifty["customers"]["totalCount"] == 50
    for edge in edges:
        code, nested = edge["node"]["code"], edge["node"]["interactions"]
        assert nested["totalCount"] == 5
        assert [e["node"]["subject"] for e in nested["edges"]] == [f"{code} #{i}" for i in range(3)]
        assert nested["pageInfo"]["hasNextPage"] and not nested["pageInfo"]["hasPreviousPage"]
        assert nested["pageInfo"]["endCursor"] == nested["edges"][-1]["cursor"]

    # A nested cursor is a cursor of the same list: a client can continue from it with `after`.
    customer = edges[12]["node"]
    one = """query($code: String!, $after: String) { customer(code: $code) {
        interactions(first: 3, after: $after) { edges { cursor node { subject } } pageInfo { hasNextPage } } } }"""
    alone = (await gql.data(one, {"code": customer["code"]}))["customer"]["interactions"]
    assert alone["edges"] == customer["interactions"]["edges"]
    rest = (await gql.data(one, {"code": customer["code"], "after": customer["interactions"]["pageInfo"]["endCursor"]}))
    rest = rest["customer"]["interactions"]
    # the two oldest share a moment; the id breaks the tie, newest (highest id) first
    assert [e["node"]["subject"] for e in rest["edges"]] == [f"{customer['code']} #{i}" for i in (4, 3)]
    assert not rest["pageInfo"]["hasNextPage"]


async def test_nested_page_sizes_are_checked_and_empty_lists_work(app_on_any_db):
    gql, owners = app_on_any_db
    await models.Customer.create(code="EMPTY", name="Nobody", type="enterprise", created_at=clock.now(), updated_at=clock.now())
    query = "query($n: Int) { customers { edges { node { interactions(first: $n) { totalCount edges { cursor } pageInfo { hasNextPage endCursor } } } } } }"
    data = await gql.data(query, {"n": 2})
    assert data["customers"]["edges"][0]["node"]["interactions"] == {
        "totalCount": 0, "edges": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
    for bad in (-1, 101):
        body = await gql(query, {"n": bad})
        assert "first" in body["errors"][0]["message"]


async def test_first_children_and_count_of_keep_only_the_rows_matching_where(app_on_any_db):
    """A filtered nested page (a board column, one's own deals) reads at most a page per
    parent in one query, not every matching row."""
    from amity.schema.loaders import Loaders

    _, owners = app_on_any_db
    await seed(0, 3, owners)
    customers = await models.Customer.all().order_by("id")
    first = customers[0]
    await models.Interaction.filter(customer_id=first.id, subject__in=["C-000 #0", "C-000 #1"]).update(channel="email")
    loaders = Loaders()
    where = (("channel", "phone"),)
    with counted_statements() as statements:
        pages = await loaders.first_children(models.Interaction, "customer_id", ("-occurred_at", "-id"), 2, where) \
            .load_many([c.id for c in customers])
        counts = await loaders.count_of(models.Interaction, "customer_id", where).load_many([c.id for c in customers])
    assert len(statements) == 2
    assert [[row.subject for row in page] for page in pages] == [["C-000 #2", "C-000 #4"], ["C-001 #0", "C-001 #1"],
                                                                  ["C-002 #0", "C-002 #1"]]
    assert counts == [3, 5, 5]
