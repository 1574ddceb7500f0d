"""Authentication, limits and error masking of /graphql, and /healthz."""

import httpx
import pytest
from asgi_lifespan import LifespanManager

from amity.core.auth import create_api_key, create_user, revoke_api_key
from amity.core.settings import Settings
from amity.schema.relay import to_global_id
from amity.testing import running_app, sqlite_url
from amity.web import create_app


async def test_no_key_and_bad_key_are_refused(gql):
    anonymous = gql.as_key(None)
    response = await anonymous.post("{ customers { totalCount } }")
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    response = await gql.as_key("amk_nope_nope").post("{ viewer { username } }")
    assert response.status_code == 401


async def test_revoked_key_is_refused(gql):
    user = await create_user("vera", "viewer")
    key, secret = await create_api_key(user, "laptop")
    viewer = gql.as_key(secret)
    assert (await viewer.data("{ viewer { username role } }"))["viewer"] == {"username": "vera", "role": "viewer"}
    assert await revoke_api_key(key.prefix)
    assert (await viewer.post("{ viewer { username } }")).status_code == 401


async def test_permissions_are_checked(gql):
    user = await create_user("vic", "viewer")
    _, secret = await create_api_key(user, "k")
    viewer = gql.as_key(secret)
    body = await viewer('{ customers { edges { node { code creditLimit { amount } } } } }')
    assert not body.get("errors")  # no rows yet, so the guarded field is never resolved
    await gql.data('mutation { createCustomer(input: {code: "C-1", name: "A", type: "enterprise"}) { userErrors { code } } }')
    body = await viewer('{ customers { edges { node { code creditLimit { amount } } } } }')
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["errors"][0]["path"] == ["customers", "edges", 0, "node", "creditLimit"]
    # a guarded field is nullable: the caller loses that field, not the list around it
    assert body["data"] == {"customers": {"edges": [{"node": {"code": "C-1", "creditLimit": None}}]}}
    denied = await viewer.data('mutation { createCustomer(input: {code: "C-2", name: "B", type: "enterprise"}) { customer { id } userErrors { code } } }')
    assert denied["createCustomer"] == {"customer": None, "userErrors": [{"code": "PERMISSION_DENIED"}]}
    count = await gql.data("{ customers { totalCount } }")
    assert count["customers"]["totalCount"] == 1


async def test_depth_token_and_alias_limits(tmp_path):
    settings = Settings(database_url=sqlite_url(tmp_path), plugins=(), max_query_depth=3, max_query_tokens=60, max_aliases=2)
    async with running_app(settings) as (_, gql):
        deep = "{ customers { edges { node { owner { username } } } } }"
        assert "exceeds maximum operation depth" in (await gql(deep))["errors"][0]["message"]
        many = "{ " + " ".join(f"a{i}: viewer {{ username }}" for i in range(3)) + " }"
        assert "aliases" in (await gql(many))["errors"][0]["message"].lower()
        long = "{ viewer { " + " ".join(["username"] * 80) + " } }"
        assert "token" in (await gql(long))["errors"][0]["message"].lower()
        assert "exceeds maximum operation depth" in (await gql(deep))["errors"][0]["message"]  # still, when cached
        codes = [(await gql(query))["errors"][0]["extensions"]["code"] for query in (deep, many, long, "{ viewer { ", "{ nope }")]
        assert codes == ["GRAPHQL_VALIDATION_FAILED", "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED",
                         "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED"]
        bad_variable = await gql("query($n: Int) { customers(first: $n) { totalCount } }", {"n": "ten"})
        assert bad_variable["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_query_is_validated_once_then_served_from_the_cache(gql):
    from strawberry.extensions.validation_cache import _get_validate_cache

    from amity.schema.build import VALIDATION_CACHE_SIZE

    cache = _get_validate_cache(VALIDATION_CACHE_SIZE)
    query = "{ customers(first: 7) { totalCount } viewer { username } }"
    await gql.data(query)
    before = cache.cache_info()
    for _ in range(3):
        await gql.data(query)
    after = cache.cache_info()
    assert (after.hits - before.hits, after.misses - before.misses) == (3, 0)


async def test_body_over_limit_gets_413(tmp_path):
    settings = Settings(database_url=sqlite_url(tmp_path), plugins=(), max_body_bytes=2_000)
    async with running_app(settings) as (_, gql):
        response = await gql.post("{ viewer { username } }", {"padding": "x" * 5_000})
        assert response.status_code == 413
        assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


async def test_unexpected_errors_are_masked_with_request_id(gql, caplog):
    from amity.core import models

    await gql.data('mutation { createCustomer(input: {code: "C-1", name: "A", type: "enterprise"}) { userErrors { code } } }')
    await models.Customer.filter(code="C-1").update(phones=[{"unexpected": "shape"}])
    body = await gql("{ customers { edges { node { phones { number } } } } }")
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_ERROR"
    assert error["extensions"]["requestId"] in error["message"]
    assert "KeyError" not in error["message"] and "label" not in error["message"]
    assert error["extensions"]["requestId"] in caplog.text


async def test_healthz_reports_database(tmp_path):
    app = create_app(Settings(database_url=sqlite_url(tmp_path), plugins=()), create_schema=True)
    async with LifespanManager(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
            response = await http.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "ok"


async def test_demo_mode_lets_anonymous_act_as_admin(tmp_path):
    settings = Settings(database_url=sqlite_url(tmp_path), plugins=(), demo=True)
    async with running_app(settings) as (_, gql):
        anonymous = gql.as_key(None)
        data = await anonymous.data("{ viewer { username role user { id } } }")
        assert data["viewer"] == {"username": "demo-admin", "role": "admin", "user": None}
        ada = await create_user("ada", "admin")  # the demo admin, as seeding makes her
        data = await anonymous.data("{ viewer { username role user { id username } } }")
        assert data["viewer"] == {"username": "ada", "role": "admin",
                                  "user": {"id": to_global_id("User", ada.id), "username": "ada"}}


@pytest.mark.parametrize("setting", ["AMITY_MAX_PAGE_SIZE=lots", "AMITY_DEMO=maybe"])
def test_bad_settings_are_explained(setting):
    from amity.core.settings import SettingsError

    key, value = setting.split("=")
    with pytest.raises(SettingsError, match=key):
        Settings.load(environ={key: value}, toml_path="/nonexistent")


async def test_cors_lets_configured_front_ends_in(tmp_path):
    settings = Settings(database_url=sqlite_url(tmp_path), plugins=(), cors_origins=("http://localhost:3000",))
    async with running_app(settings) as (_, gql):
        preflight = {"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "authorization,content-type"}
        allowed = await gql.http.options("/graphql", headers=preflight)
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "http://localhost:3000"
        other = await gql.http.options("/graphql", headers={**preflight, "Origin": "http://evil.example"})
        assert "access-control-allow-origin" not in other.headers
