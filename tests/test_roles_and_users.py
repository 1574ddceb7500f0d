"""Roles defined at run time and user management through GraphQL: a role's codes apply to its
users on their next request; bad input is refused with a stable code and changes nothing; the
last active admin stays. On SQLite, and on PostgreSQL when configured."""

from __future__ import annotations

import pytest

from amity.core.auth import create_api_key, create_user
from amity.core.models import Role, User
from amity.core.settings import Settings
from amity.schema.relay import to_global_id
from amity.testing import running_app

CREATE_ROLE = """mutation($input: CreateRoleInput!) { createRole(input: $input) {
    role { name description builtIn permissions userCount } userErrors { field code message } } }"""
UPDATE_ROLE = """mutation($input: UpdateRoleInput!) { updateRole(input: $input) {
    role { name description permissions } userErrors { field code } } }"""
DELETE_ROLE = """mutation($name: String!) { deleteRole(input: {name: $name}) { deletedName userErrors { field code } } }"""
CREATE_USER = """mutation($input: CreateUserInput!) { createUser(input: $input) {
    user { id username displayName role isActive email } userErrors { field code } } }"""
UPDATE_USER = """mutation($input: UpdateUserInput!) { updateUser(input: $input) {
    user { username role isActive email } userErrors { field code } } }"""
VIEWER = "{ viewer { role permissions } }"
READER = ["customer.read", "interaction.read"]


@pytest.fixture
async def app(database_url):
    async with running_app(Settings(database_url=database_url, plugins=(), run_jobs=False)) as (app, gql):
        yield app, gql


async def key_of(gql, username: str):
    _, secret = await create_api_key(await User.get(username=username), "tests")
    return gql.as_key(secret)


def errors(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["userErrors"]]


async def test_a_stored_role_grants_its_codes_and_changes_apply_on_the_next_request(app):
    _, gql = app
    made = (await gql.data(CREATE_ROLE, {"input": {"name": "reader", "description": "Reads customers",
                                                   "permissions": [*READER, "customer.read"]}}))["createRole"]
    assert made == {"role": {"name": "reader", "description": "Reads customers", "builtIn": False,
                             "permissions": READER, "userCount": 0}, "userErrors": []}
    user = (await gql.data(CREATE_USER, {"input": {"username": "rita", "role": "reader", "email": "Rita@Example.com"}}))
    assert user["createUser"]["user"]["role"] == "reader" and user["createUser"]["user"]["email"] == "rita@example.com"
    rita = await key_of(gql, "rita")
    assert (await rita.data(VIEWER))["viewer"] == {"role": "reader", "permissions": READER}
    assert (await rita.data("{ customers { totalCount } }"))["customers"]["totalCount"] == 0
    denied = await rita("""mutation { createCustomer(input: {code: "C-1", name: "X", type: "enterprise"}) {
        userErrors { code } } }""")
    assert denied["data"]["createCustomer"]["userErrors"] == [{"code": "PERMISSION_DENIED"}]
    changed = await gql.data(UPDATE_ROLE, {"input": {"name": "reader", "permissions": ["customer.read", "customer.write"]}})
    assert changed["updateRole"]["role"]["permissions"] == ["customer.read", "customer.write"]
    assert (await rita.data(VIEWER))["viewer"]["permissions"] == ["customer.read", "customer.write"]
    listed = (await gql.data("{ roles { name builtIn userCount } }"))["roles"]
    assert listed == [{"name": "admin", "builtIn": True, "userCount": 1}, {"name": "manager", "builtIn": True, "userCount": 0},
                      {"name": "agent", "builtIn": True, "userCount": 0}, {"name": "viewer", "builtIn": True, "userCount": 0},
                      {"name": "reader", "builtIn": False, "userCount": 1}]
    codes = {p["code"]: p for p in (await gql.data("{ permissions { code description builtInRoles } }"))["permissions"]}
    assert codes["customer.merge"]["builtInRoles"] == ["admin", "manager"] and codes["customer.merge"]["description"]


async def test_bad_roles_are_refused_and_nothing_is_written(app):
    _, gql = app
    cases = [
        ({"name": "agent", "permissions": READER}, [("name", "BUILTIN_ROLE")]),
        ({"name": "Bad Name", "permissions": READER}, [("name", "INVALID")]),
        ({"name": "r", "permissions": READER}, [("name", "INVALID")]),
        ({"name": "reader", "permissions": ["customer.read", "sales.opportunity.read"]},
         [("permissions.1", "UNKNOWN_PERMISSION")]),
        ({"name": "reader", "permissions": READER, "description": "x" * 301}, [("description", "TOO_LONG")]),
    ]
    for variables, expected in cases:
        payload = (await gql.data(CREATE_ROLE, {"input": variables}))["createRole"]
        assert payload["role"] is None and errors(payload) == expected, variables
    assert await Role.all().count() == 0
    await gql.data(CREATE_ROLE, {"input": {"name": "reader", "permissions": READER}})
    again = (await gql.data(CREATE_ROLE, {"input": {"name": "reader", "permissions": []}}))["createRole"]
    assert errors(again) == [("name", "DUPLICATE")]
    refused = [(await gql.data(UPDATE_ROLE, {"input": {"name": name, "permissions": []}}))["updateRole"]
               for name in ("viewer", "nobody")]
    assert [errors(p) for p in refused] == [[("name", "BUILTIN_ROLE")], [("name", "NOT_FOUND")]]
    unknown = (await gql.data(UPDATE_ROLE, {"input": {"name": "reader", "permissions": ["nope"]}}))["updateRole"]
    assert errors(unknown) == [("permissions.0", "UNKNOWN_PERMISSION")]
    assert (await Role.get(name="reader")).permissions == READER


async def test_a_role_in_use_is_not_deleted(app):
    _, gql = app
    await gql.data(CREATE_ROLE, {"input": {"name": "reader", "permissions": READER}})
    await create_user("rita", "reader")
    in_use = (await gql.data(DELETE_ROLE, {"name": "reader"}))["deleteRole"]
    assert in_use == {"deletedName": None, "userErrors": [{"field": "name", "code": "ROLE_IN_USE"}]}
    assert errors((await gql.data(DELETE_ROLE, {"name": "admin"}))["deleteRole"]) == [("name", "BUILTIN_ROLE")]
    rita = to_global_id("User", (await User.get(username="rita")).id)
    assert errors((await gql.data(UPDATE_USER, {"input": {"id": rita, "role": "viewer"}}))["updateUser"]) == []
    assert (await gql.data(DELETE_ROLE, {"name": "reader"}))["deleteRole"] == {"deletedName": "reader", "userErrors": []}
    assert not await Role.exists(name="reader")
    assert errors((await gql.data(DELETE_ROLE, {"name": "reader"}))["deleteRole"]) == [("name", "NOT_FOUND")]


async def test_codes_of_modules_not_enabled_grant_nothing_and_survive_updates(app):
    _, gql = app
    await gql.data(CREATE_ROLE, {"input": {"name": "seller", "permissions": ["customer.read"]}})
    await Role.filter(name="seller").update(permissions=["customer.read", "sales.opportunity.read"])
    await create_user("sam", "seller")
    sam = await key_of(gql, "sam")
    assert (await sam.data(VIEWER))["viewer"]["permissions"] == ["customer.read"]
    await gql.data(UPDATE_ROLE, {"input": {"name": "seller", "permissions": ["customer.read", "interaction.read"]}})
    assert (await Role.get(name="seller")).permissions == ["sales.opportunity.read", "customer.read", "interaction.read"]


async def test_users_are_created_changed_and_deactivated(app):
    _, gql = app
    before = await User.all().count()
    bad = [
        ({"username": "admin", "role": "agent"}, [("username", "DUPLICATE")]),
        ({"username": " ", "role": "agent"}, [("username", "REQUIRED")]),
        ({"username": "al ex", "role": "agent"}, [("username", "INVALID")]),
        ({"username": "alex", "role": "boss"}, [("role", "INVALID_CHOICE")]),
        ({"username": "alex", "role": "agent", "email": "not-an-address"}, [("email", "INVALID_EMAIL")]),
    ]
    for variables, expected in bad:
        payload = (await gql.data(CREATE_USER, {"input": variables}))["createUser"]
        assert payload["user"] is None and errors(payload) == expected, variables
    assert await User.all().count() == before
    made = (await gql.data(CREATE_USER, {"input": {"username": "alex", "role": "agent"}}))["createUser"]["user"]
    assert (made["displayName"], made["isActive"], made["email"]) == ("alex", True, None)
    alex = await key_of(gql, "alex")
    assert (await alex.data(VIEWER))["viewer"]["role"] == "agent"
    unknown_role = (await gql.data(UPDATE_USER, {"input": {"id": made["id"], "role": "boss"}}))["updateUser"]
    assert errors(unknown_role) == [("role", "INVALID_CHOICE")] and (await User.get(username="alex")).role == "agent"
    off = (await gql.data(UPDATE_USER, {"input": {"id": made["id"], "isActive": False, "email": "alex@example.com"}}))
    assert off["updateUser"]["user"] == {"username": "alex", "role": "agent", "isActive": False, "email": "alex@example.com"}
    assert (await alex.post(VIEWER)).status_code == 401
    missing = (await gql.data(UPDATE_USER, {"input": {"id": to_global_id("User", 999), "role": "agent"}}))["updateUser"]
    assert missing == {"user": None, "userErrors": [{"field": "id", "code": "NOT_FOUND"}]}
    wrong_type = (await gql.data(UPDATE_USER, {"input": {"id": to_global_id("Customer", 1), "role": "agent"}}))["updateUser"]
    assert errors(wrong_type) == [("id", "INVALID_ID")]
    blank_name = (await gql.data(UPDATE_USER, {"input": {"id": made["id"], "displayName": " "}}))["updateUser"]
    assert errors(blank_name) == [("displayName", "REQUIRED")] and (await User.get(username="alex")).display_name == "alex"


async def test_the_last_active_admin_stays(app):
    _, gql = app
    admin = to_global_id("User", (await User.get(username="admin")).id)
    demoted = (await gql.data(UPDATE_USER, {"input": {"id": admin, "role": "manager"}}))["updateUser"]
    assert demoted == {"user": None, "userErrors": [{"field": "role", "code": "LAST_ADMIN"}]}
    deactivated = (await gql.data(UPDATE_USER, {"input": {"id": admin, "isActive": False}}))["updateUser"]
    assert errors(deactivated) == [("isActive", "LAST_ADMIN")]
    assert (await User.get(username="admin")).role == "admin"
    await gql.data(CREATE_USER, {"input": {"username": "ada", "role": "admin"}})
    assert errors((await gql.data(UPDATE_USER, {"input": {"id": admin, "role": "manager"}}))["updateUser"]) == []


async def test_managing_roles_and_users_needs_user_manage(app):
    _, gql = app
    await create_user("max", "manager")
    manager = await key_of(gql, "max")
    body = await manager("{ roles { name } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    refused = (await manager.data(CREATE_ROLE, {"input": {"name": "reader", "permissions": READER}}))["createRole"]
    assert errors(refused) == [(None, "PERMISSION_DENIED")]
    refused = (await manager.data(CREATE_USER, {"input": {"username": "eve", "role": "admin"}}))["createUser"]
    assert errors(refused) == [(None, "PERMISSION_DENIED")]
    assert not await Role.exists() and not await User.exists(username="eve")
    body = await manager('{ users { nodes { username email } } }')
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_whoever_manages_users_hands_out_only_what_they_hold(app):
    _, gql = app
    await gql.data(CREATE_ROLE, {"input": {"name": "people-lead", "permissions": ["user.manage", "customer.read"]}})
    await gql.data(CREATE_ROLE, {"input": {"name": "editor", "permissions": ["customer.read", "customer.write"]}})
    await create_user("pat", "people-lead")
    pat = await key_of(gql, "pat")
    more = (await pat.data(CREATE_ROLE, {"input": {"name": "writer", "permissions": ["customer.read", "customer.write"]}}))
    assert errors(more["createRole"]) == [("permissions.1", "PERMISSION_DENIED")]
    assert not await Role.exists(name="writer")
    within = (await pat.data(CREATE_ROLE, {"input": {"name": "looker", "permissions": ["customer.read"]}}))["createRole"]
    assert errors(within) == []
    widen = (await pat.data(UPDATE_ROLE, {"input": {"name": "editor", "permissions": ["customer.read"]}}))["updateRole"]
    assert errors(widen) == [("name", "PERMISSION_DENIED")]
    assert (await Role.get(name="editor")).permissions == ["customer.read", "customer.write"]
    admin_user = (await pat.data(CREATE_USER, {"input": {"username": "mallory", "role": "admin"}}))["createUser"]
    assert errors(admin_user) == [("role", "PERMISSION_DENIED")] and not await User.exists(username="mallory")
    assert errors((await pat.data(CREATE_USER, {"input": {"username": "lou", "role": "looker"}}))["createUser"]) == []
    admin = to_global_id("User", (await User.get(username="admin")).id)
    demote = (await pat.data(UPDATE_USER, {"input": {"id": admin, "isActive": False}}))["updateUser"]
    assert errors(demote) == [("id", "PERMISSION_DENIED")] and (await User.get(username="admin")).is_active
    lou = to_global_id("User", (await User.get(username="lou")).id)
    raise_lou = (await pat.data(UPDATE_USER, {"input": {"id": lou, "role": "editor"}}))["updateUser"]
    assert errors(raise_lou) == [("role", "PERMISSION_DENIED")] and (await User.get(username="lou")).role == "looker"
