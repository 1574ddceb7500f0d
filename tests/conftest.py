"""Shared fixtures: a fresh database per test, on SQLite always and PostgreSQL when
``AMITY_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

import pytest
from tortoise import Tortoise

from amity.core.app import Amity
from amity.core.settings import Settings

POSTGRES_URL = os.environ.get("AMITY_TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="AMITY_TEST_POSTGRES_URL is not set; PostgreSQL tests need a server"
)


def sqlite_url(tmp_path) -> str:
    return f"sqlite://{tmp_path / 'amity.sqlite3'}"


def postgres_url() -> str:
    """A URL naming a new, unique database on the test server (created by Amity.start)."""
    assert POSTGRES_URL
    base = POSTGRES_URL.rsplit("/", 1)[0]
    return f"{base}/amity_test_{uuid.uuid4().hex[:12]}"


async def started(settings: Settings, extra_plugins=None) -> Amity:
    instance = Amity(settings, extra_plugins=extra_plugins)
    await instance.start(create_schema=True, create_db=True)
    return instance


async def drop(instance: Amity) -> None:
    """Stop the instance; on PostgreSQL first drop its throw-away database."""
    if instance.settings.database_url.startswith("postgres"):
        await instance.scheduler.runner.drain()
        await Tortoise._drop_databases()
    await instance.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, needs_postgres])])
def database_url(request, tmp_path) -> str:
    """Each test that uses this runs on SQLite, and on PostgreSQL when configured."""
    return sqlite_url(tmp_path) if request.param == "sqlite" else postgres_url()


@pytest.fixture
async def core(tmp_path) -> AsyncIterator[Amity]:
    """A started Amity with no plugins on a fresh SQLite database."""
    instance = await started(Settings(database_url=sqlite_url(tmp_path), plugins=()))
    yield instance
    await drop(instance)


@pytest.fixture
async def core_any_db(database_url) -> AsyncIterator[Amity]:
    """Like ``core``, once on SQLite and once on PostgreSQL (when configured)."""
    instance = await started(Settings(database_url=database_url, plugins=()))
    yield instance
    await drop(instance)


class GraphQLClient:
    """Posts GraphQL to a running app as one API key (or none)."""

    def __init__(self, http, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_key(self, token: str | None) -> "GraphQLClient":
        return GraphQLClient(self.http, token)

    async def post(self, query: str, variables: dict | None = None):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return await self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=headers)

    async def __call__(self, query: str, variables: dict | None = None) -> dict:
        response = await self.post(query, variables)
        assert response.status_code == 200, response.text
        return response.json()

    async def data(self, query: str, variables: dict | None = None) -> dict:
        """The ``data`` of a response that must have no errors."""
        body = await self(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]


@asynccontextmanager
async def running_app(settings: Settings, extra_plugins=None) -> AsyncIterator[tuple[Any, GraphQLClient]]:
    """A started app on a fresh database, and a client holding an admin key."""
    from amity.core.auth import create_api_key, create_user
    from amity.web import create_app

    app = create_app(settings, extra_plugins=extra_plugins, create_schema=True)
    amity = app.state.amity
    if settings.database_url.startswith("postgres"):
        await amity.start(create_schema=True, create_db=True)
        await amity.stop()
    async with LifespanManager(app):
        admin = await create_user("admin", "admin")
        _, secret = await create_api_key(admin, "tests")
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
            yield app, GraphQLClient(http, secret)
        if settings.database_url.startswith("postgres"):
            await Tortoise._drop_databases()


@pytest.fixture
async def gql(tmp_path) -> AsyncIterator[GraphQLClient]:
    """A GraphQL client (admin key) on the core without plugins, fresh SQLite database."""
    async with running_app(Settings(database_url=sqlite_url(tmp_path), plugins=())) as (_, client):
        yield client


@pytest.fixture
async def gql_any_db(database_url) -> AsyncIterator[GraphQLClient]:
    """Like ``gql``, once on SQLite and once on PostgreSQL (when configured)."""
    async with running_app(Settings(database_url=database_url, plugins=())) as (_, client):
        yield client
