"""Interactions, consents, the timeline and merging customers through GraphQL."""

from datetime import timedelta

from amity.core import clock

CUSTOMER = """mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } userErrors { code } } }"""
LOG = """mutation($input: LogInteractionInput!) { logInteraction(input: $input) {
  interaction { id subject channel customer { code } } userErrors { field code } } }"""


async def customer(gql, code, **extra):
    data = await gql.data(CUSTOMER, {"input": {"code": code, "name": code, "type": "enterprise", **extra}})
    return data["createCustomer"]["customer"]["id"]


def interaction(customer_id, subject, when, channel="PHONE"):
    return {"input": {"customerId": customer_id, "channel": channel, "direction": "INBOUND", "initiator": "CUSTOMER",
                      "mode": "INDIRECT", "subject": subject, "occurredAt": when.isoformat()}}


async def test_timeline_is_newest_first_and_pages(gql_any_db):
    gql = gql_any_db
    cid = await customer(gql, "C-1")
    start = clock.now() - timedelta(days=10)
    for day in (3, 1, 7, 5):
        payload = (await gql.data(LOG, interaction(cid, f"day {day}", start + timedelta(days=day))))["logInteraction"]
        assert payload["userErrors"] == [] and payload["interaction"]["customer"]["code"] == "C-1"
    query = """query($id: ID!, $after: String) { node(id: $id) { ... on Customer {
        timeline(first: 3, after: $after) { totalCount edges { node { kind title } } pageInfo { hasNextPage endCursor } } } } }"""
    page = (await gql.data(query, {"id": cid}))["node"]["timeline"]
    assert [e["node"]["title"] for e in page["edges"]] == ["day 7", "day 5", "day 3"]
    assert page["pageInfo"]["hasNextPage"] and page["totalCount"] == 4
    page = (await gql.data(query, {"id": cid, "after": page["pageInfo"]["endCursor"]}))["node"]["timeline"]
    assert [e["node"]["title"] for e in page["edges"]] == ["day 1"]
    assert not page["pageInfo"]["hasNextPage"]


async def test_bad_interactions_are_refused(gql):
    cid = await customer(gql, "C-1")
    future = clock.now() + timedelta(days=1)
    payload = (await gql.data(LOG, interaction(cid, " ", future)))["logInteraction"]
    assert {(e["field"], e["code"]) for e in payload["userErrors"]} == {("subject", "REQUIRED"), ("occurredAt", "INVALID")}
    payload = (await gql.data(LOG, interaction("Q3VzdG9tZXI6OTk5", "x", clock.now())))["logInteraction"]
    assert payload["userErrors"] == [{"field": "customerId", "code": "NOT_FOUND"}]
    payload = (await gql.data(LOG, interaction("not-an-id", "x", clock.now())))["logInteraction"]
    assert payload["userErrors"] == [{"field": "customerId", "code": "INVALID_ID"}]
    everything_wrong = interaction(cid, "", future)
    everything_wrong["input"] |= {"contactId": "bad", "link": "bad"}
    payload = (await gql.data(LOG, everything_wrong))["logInteraction"]  # all of it in one answer, in input order
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        ("contactId", "INVALID_ID"), ("link", "INVALID_ID"), ("subject", "REQUIRED"), ("occurredAt", "INVALID")]
    total = await gql.data("query($id: ID!) { node(id: $id) { ... on Customer { interactions { totalCount } } } }", {"id": cid})
    assert total["node"]["interactions"]["totalCount"] == 0


async def test_consent_is_recorded_with_source(gql):
    cid = await customer(gql, "C-1")
    mutation = """mutation($input: RecordConsentInput!) { recordConsent(input: $input) {
        consent { channel purpose granted source } userErrors { field code } } }"""
    args = {"customerId": cid, "channel": "EMAIL", "purpose": "newsletter", "granted": True, "source": "web form"}
    assert (await gql.data(mutation, {"input": args}))["recordConsent"]["consent"]["granted"] is True
    args["granted"] = False
    await gql.data(mutation, {"input": args})
    bad = (await gql.data(mutation, {"input": {**args, "source": ""}}))["recordConsent"]
    assert bad["userErrors"] == [{"field": "source", "code": "REQUIRED"}]
    data = await gql.data("query($id: ID!) { node(id: $id) { ... on Customer { consents { purpose granted source } } } }", {"id": cid})
    assert data["node"]["consents"] == [{"purpose": "newsletter", "granted": False, "source": "web form"}]


async def test_merge_moves_everything_in_one_go(gql_any_db):
    gql = gql_any_db
    survivor = await customer(gql, "C-1", emails=[{"address": "a@x.example"}])
    duplicate = await customer(gql, "C-2", emails=[{"address": "A@x.example"}], tags=["vip"], allowDuplicate=True)
    await gql.data(LOG, interaction(duplicate, "old call", clock.now() - timedelta(hours=1)))
    dupes = await gql.data("query($id: ID!) { node(id: $id) { ... on Customer { possibleDuplicates { code } } } }", {"id": survivor})
    assert dupes["node"]["possibleDuplicates"] == [{"code": "C-2"}]
    merge = """mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) {
        customer { code tags interactions { totalCount } } userErrors { field code } } }"""
    result = (await gql.data(merge, {"input": {"survivorId": survivor, "duplicateId": duplicate}}))["mergeCustomers"]
    assert result["customer"] == {"code": "C-1", "tags": ["vip"], "interactions": {"totalCount": 1}}
    again = (await gql.data(merge, {"input": {"survivorId": survivor, "duplicateId": duplicate}}))["mergeCustomers"]
    assert again["userErrors"] == [{"field": "duplicateId", "code": "NOT_FOUND"}]
    itself = (await gql.data(merge, {"input": {"survivorId": survivor, "duplicateId": survivor}}))["mergeCustomers"]
    assert itself["userErrors"][0]["code"] == "INVALID"
    count = await gql.data("{ customers { totalCount } }")
    assert count["customers"]["totalCount"] == 1


async def test_link_must_point_to_a_record_of_an_enabled_module(gql):
    from amity.schema.relay import to_global_id

    cid = await customer(gql, "C-1")
    other = await customer(gql, "C-2")
    linked = {**interaction(cid, "about C-2", clock.now())["input"], "link": other}
    ok = (await gql.data(LOG, {"input": linked}))["logInteraction"]
    assert ok["userErrors"] == []
    disabled = {**linked, "link": to_global_id("Opportunity", 1)}
    refused = (await gql.data(LOG, {"input": disabled}))["logInteraction"]
    assert refused["userErrors"] == [{"field": "link", "code": "INVALID_ID"}]
    missing = {**linked, "link": to_global_id("Customer", 999)}
    refused = (await gql.data(LOG, {"input": missing}))["logInteraction"]
    assert refused["userErrors"] == [{"field": "link", "code": "NOT_FOUND"}]
    total = await gql.data("query($id: ID!) { node(id: $id) { ... on Customer { interactions { totalCount } } } }", {"id": cid})
    assert total["node"]["interactions"]["totalCount"] == 1
    await gql.data('mutation($c: ID!) { addContactPerson(input: {customerId: $c, name: "Ines"}) { userErrors { code } } }',
                   {"c": other})
    typed = await gql.data("""query($id: ID!) { node(id: $id) { ... on Customer { interactions { nodes {
        linkedRecord { __typename ... on Customer { code contacts { customer { code } } } } } } } } }""", {"id": cid})
    assert typed["node"]["interactions"]["nodes"] == [
        {"linkedRecord": {"__typename": "Customer", "code": "C-2", "contacts": [{"customer": {"code": "C-2"}}]}}]


async def test_contact_persons_are_added_changed_and_removed(gql):
    cid = await customer(gql, "C-1")
    add = """mutation($input: AddContactPersonInput!) { addContactPerson(input: $input) {
        contact { id name email isPrimary } userErrors { field code } } }"""
    ann = (await gql.data(add, {"input": {"customerId": cid, "name": "Ann", "email": "Ann@x.example", "isPrimary": True}}))
    contact = ann["addContactPerson"]["contact"]
    assert contact["email"] == "ann@x.example" and contact["isPrimary"]
    update = """mutation($input: UpdateContactPersonInput!) { updateContactPerson(input: $input) {
        contact { name title email } userErrors { field code } } }"""
    changed = (await gql.data(update, {"input": {"id": contact["id"], "title": "Buyer", "email": None}}))["updateContactPerson"]
    assert changed == {"contact": {"name": "Ann", "title": "Buyer", "email": None}, "userErrors": []}
    bad = (await gql.data(update, {"input": {"id": contact["id"], "phone": "12"}}))["updateContactPerson"]
    assert bad == {"contact": None, "userErrors": [{"field": "phone", "code": "INVALID_PHONE"}]}
    remove = """mutation($input: RemoveContactPersonInput!) { removeContactPerson(input: $input) { removedId userErrors { code } } }"""
    assert (await gql.data(remove, {"input": {"id": contact["id"]}}))["removeContactPerson"]["removedId"] == contact["id"]
    again = (await gql.data(remove, {"input": {"id": contact["id"]}}))["removeContactPerson"]
    assert again["userErrors"] == [{"code": "NOT_FOUND"}]
    left = await gql.data("query($id: ID!) { node(id: $id) { ... on Customer { contacts { name } } } }", {"id": cid})
    assert left["node"]["contacts"] == []
