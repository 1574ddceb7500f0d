"""Customers and interactions through the GraphQL API."""

import base64

from amity.core.models import Customer

CREATE = """
mutation($input: CreateCustomerInput!) {
  createCustomer(input: $input) {
    customer { id code name emails { address } phones { number } creditLimit { amount currency } version }
    userErrors { field message code }
  }
}"""


async def create(gql, **fields):
    data = await gql.data(CREATE, {"input": {"code": "C-1", "name": "Acme", "type": "enterprise", **fields}})
    return data["createCustomer"]


async def test_create_and_read_customer(gql_any_db):
    payload = await create(gql_any_db, emails=[{"address": "Info@Acme.example"}], creditLimit="1500.00", currency="USD")
    assert payload["userErrors"] == []
    customer = payload["customer"]
    assert customer["emails"] == [{"address": "info@acme.example"}]
    assert customer["creditLimit"] == {"amount": "1500.00", "currency": "USD"}
    data = await gql_any_db.data("query($id: ID!) { node(id: $id) { ... on Customer { code } } }", {"id": customer["id"]})
    assert data["node"] == {"code": "C-1"}


async def test_bad_input_gives_user_errors_and_writes_nothing(gql):
    payload = await create(gql, name=" ", emails=[{"address": "nope"}], creditLimit="-1", currency="ZZZ")
    assert payload["customer"] is None
    codes = {(e["field"], e["code"]) for e in payload["userErrors"]}
    assert codes == {("name", "REQUIRED"), ("emails.0.address", "INVALID_EMAIL"), ("creditLimit", "NEGATIVE_AMOUNT"), ("currency", "INVALID_CURRENCY")}
    data = await gql.data("{ customers { totalCount } }")
    assert data["customers"]["totalCount"] == 0


async def test_pagination_filter_and_order(gql):
    for i in range(7):
        await create(gql, code=f"C-{i}", name=f"Name {6 - i}", emails=[{"address": f"c{i}@x.example"}])
    query = """query($after: String, $filter: CustomerFilter) {
      customers(first: 3, after: $after, filter: $filter, orderBy: [{field: NAME, direction: DESC}]) {
        totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }"""
    page = (await gql.data(query))["customers"]
    assert [e["node"]["code"] for e in page["edges"]] == ["C-0", "C-1", "C-2"]
    assert page["totalCount"] == 7 and page["pageInfo"]["hasNextPage"]
    page = (await gql.data(query, {"after": page["pageInfo"]["endCursor"]}))["customers"]
    assert [e["node"]["code"] for e in page["edges"]] == ["C-3", "C-4", "C-5"]
    filtered = {"or": [{"code": {"eq": "C-1"}}, {"name": {"contains": "name 2"}}]}
    page = (await gql.data(query, {"filter": filtered}))["customers"]
    assert sorted(e["node"]["code"] for e in page["edges"]) == ["C-1", "C-4"]
    await Customer.filter(code="C-2").update(status="lost")
    lost = (await gql.data(query, {"filter": {"status": {"eq": "LOST"}}}))["customers"]
    assert [e["node"]["code"] for e in lost["edges"]] == ["C-2"]
    others = (await gql.data(query, {"filter": {"status": {"in": ["ACTIVE", "INACTIVE"]}, "not": {"code": {"eq": "C-0"}}}}))
    assert others["customers"]["totalCount"] == 5
    bad = await gql(query, {"filter": {"status": {"eq": "active"}}})  # enum values, as the output shows them
    assert bad["data"] is None and "CustomerStatus" in bad["errors"][0]["message"]


async def test_bad_arguments_name_the_argument(gql):
    body = await gql("{ customers(first: 1000) { totalCount } }")
    assert "first must not exceed 100" in body["errors"][0]["message"]
    body = await gql('{ customers(after: "garbage") { totalCount } }')
    assert body["errors"][0]["message"].startswith("after:")
    body = await gql('{ node(id: "bm9wZQ") { id } }')
    assert "not a valid ID" in body["errors"][0]["message"] or "not the ID" in body["errors"][0]["message"]
    created = (await create(gql, code="C-9"))["customer"]["id"]
    mixed = await gql.data('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {"ids": ["abc", created, "bm9wZQ"]})
    assert mixed["nodes"] == [None, {"id": created}, None]  # a bad ID costs only its own entry
    too_big = base64.urlsafe_b64encode(b"Customer:99999999999999999999999").decode()
    for query in ('query($id: ID!) { node(id: $id) { id } }', 'query($id: ID!) { customer(id: $id) { code } }',
                  'query($id: ID!) { customers(filter: {owner: {eq: $id}}) { totalCount } }'):
        error = (await gql(query, {"id": too_big}))["errors"][0]
        assert error["extensions"]["code"] == "INVALID_ID", (query, error)


async def test_stale_expected_version(gql):
    customer = (await create(gql))["customer"]
    update = """mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
        customer { name version } userErrors { field code } } }"""
    ok = await gql.data(update, {"input": {"id": customer["id"], "name": "Acme AG", "expectedVersion": 1}})
    assert ok["updateCustomer"]["customer"] == {"name": "Acme AG", "version": 2}
    stale = await gql.data(update, {"input": {"id": customer["id"], "name": "Late", "expectedVersion": 1}})
    assert stale["updateCustomer"]["userErrors"] == [{"field": "expectedVersion", "code": "STALE"}]
    again = await gql.data("query($id: ID!) { node(id: $id) { ... on Customer { name } } }", {"id": customer["id"]})
    assert again["node"]["name"] == "Acme AG"


async def test_users_list_for_picking_owners(gql):
    from amity.core.auth import create_user

    for name, role in (("max", "manager"), ("alex", "agent"), ("ava", "agent")):
        await create_user(name, role, display_name=name.title())
    data = await gql.data('{ users(filter: {role: {eq: "agent"}}) { totalCount nodes { username displayName role } } }')
    assert data["users"]["totalCount"] == 2
    assert [u["username"] for u in data["users"]["nodes"]] == ["alex", "ava"]
    owner = data["users"]["nodes"][0]
    ids = await gql.data('{ users(filter: {search: "ALEX"}) { edges { node { id } } } }')
    created = await create(gql, ownerId=ids["users"]["edges"][0]["node"]["id"])
    assert created["userErrors"] == []
    found = await gql.data('{ customers { nodes { owner { username } } } }')
    assert found["customers"]["nodes"] == [{"owner": {"username": owner["username"]}}]
