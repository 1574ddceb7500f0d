"""Privacy requests: export everything held on a customer, and erase it."""

from amity.core.auth import create_api_key, create_user
from amity.core.models import ConsentRecord, Customer, Interaction

SETUP = """mutation($c: CreateCustomerInput!) { createCustomer(input: $c) { customer { id } } }"""
ERASE = """mutation($input: EraseCustomerInput!) { eraseCustomer(input: $input) { erasedCode userErrors { field code } } }"""


async def make_customer(gql):
    cid = (await gql.data(SETUP, {"c": {"code": "C-1", "name": "Ann Lee", "type": "individual",
                                         "emails": [{"address": "ann@x.example"}]}}))["createCustomer"]["customer"]["id"]
    await gql.data("""mutation($i: LogInteractionInput!) { logInteraction(input: $i) { userErrors { code } } }""",
                   {"i": {"customerId": cid, "channel": "CHAT", "direction": "INBOUND", "initiator": "CUSTOMER",
                          "mode": "INDIRECT", "subject": "Where is my order?"}})
    await gql.data("""mutation($i: RecordConsentInput!) { recordConsent(input: $i) { userErrors { code } } }""",
                   {"i": {"customerId": cid, "channel": "EMAIL", "purpose": "newsletter", "granted": True, "source": "shop"}})
    return cid


async def test_export_holds_core_records(gql_any_db):
    cid = await make_customer(gql_any_db)
    export = (await gql_any_db.data("query($id: ID!) { customerDataExport(id: $id) }", {"id": cid}))["customerDataExport"]
    core = export["core"]
    assert core["name"] == "Ann Lee" and core["emails"] == [{"label": "work", "address": "ann@x.example"}]
    assert [i["subject"] for i in core["interactions"]] == ["Where is my order?"]
    assert core["consents"][0]["purpose"] == "newsletter"


async def test_erase_needs_confirmation_and_removes_everything(gql):
    cid = await make_customer(gql)
    wrong = (await gql.data(ERASE, {"input": {"id": cid, "confirmCode": "C-2"}}))["eraseCustomer"]
    assert wrong == {"erasedCode": None, "userErrors": [{"field": "confirmCode", "code": "CONFIRMATION_MISMATCH"}]}
    assert await Customer.all().count() == 1 and await Interaction.all().count() == 1
    done = (await gql.data(ERASE, {"input": {"id": cid, "confirmCode": "C-1"}}))["eraseCustomer"]
    assert done == {"erasedCode": "C-1", "userErrors": []}
    assert (await Customer.all().count(), await Interaction.all().count(), await ConsentRecord.all().count()) == (0, 0, 0)


async def test_privacy_needs_its_permission(gql):
    cid = await make_customer(gql)
    manager = await create_user("max", "manager")
    _, secret = await create_api_key(manager, "k")
    as_manager = gql.as_key(secret)
    body = await as_manager("query($id: ID!) { customerDataExport(id: $id) }", {"id": cid})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    denied = (await as_manager.data(ERASE, {"input": {"id": cid, "confirmCode": "C-1"}}))["eraseCustomer"]
    assert denied["userErrors"] == [{"field": None, "code": "PERMISSION_DENIED"}]
    assert await Customer.all().count() == 1
