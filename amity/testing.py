"""Helpers for testing amity and plugins: fresh databases, a started app and a GraphQL client.

Needs the ``test`` extra (``pip install "amity[test]"``). A plugin's ``conftest.py`` can use
them as they are::

    from amity.testing import running_app, sqlite_url
    from amity.core.settings import Settings

    async def test_award(tmp_path):
        settings = Settings(database_url=sqlite_url(tmp_path), plugins=("loyalty",))
        async with running_app(settings) as (app, gql):
            data = await gql.data("{ viewer { role } }")
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from tortoise import Tortoise

from amity.core.app import Amity
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.web import create_app


def sqlite_url(tmp_path: Path) -> str:
    """A SQLite URL for a new database file in ``tmp_path``."""
    return f"sqlite://{tmp_path / 'amity.sqlite3'}"


def postgres_url(server_url: str) -> str:
    """A URL naming a new, unique database on the server of ``server_url`` (created on start)."""
    base = server_url.rsplit("/", 1)[0]
    return f"{base}/amity_test_{uuid.uuid4().hex[:12]}"


async def started(settings: Settings, extra_plugins: dict[str, Any] | None = None) -> Amity:
    """A started instance on a new database with tables built from the models."""
    instance = Amity(settings, extra_plugins=extra_plugins)
    await instance.start(create_schema=True, create_db=True)
    return instance


async def drop(instance: Amity) -> None:
    """Stop the instance; on PostgreSQL first drop its throw-away database."""
    if instance.settings.database_url.startswith("postgres"):
        await instance.scheduler.runner.drain()
        await Tortoise._drop_databases()
    await instance.stop()


class GraphQLClient:
    """Posts GraphQL to a running app as one API key (or none)."""

    def __init__(self, http: httpx.AsyncClient, token: str | None = None) -> None:
        self.http = http
        self.token = token

    def as_key(self, token: str | None) -> GraphQLClient:
        return GraphQLClient(self.http, token)

    async def post(self, query: str, variables: dict | None = None) -> httpx.Response:
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
async def running_app(settings: Settings, extra_plugins: dict[str, Any] | None = None) -> AsyncIterator[tuple[Any, GraphQLClient]]:
    """A started app on a fresh database, and a client holding an admin key."""
    app = create_app(settings, extra_plugins=extra_plugins, create_schema=True)
    amity = app.state.amity
    if settings.database_url.startswith("postgres"):
        await amity.start(create_schema=True, create_db=True)
        await amity.stop()
    async with LifespanManager(app):
        try:
            admin = await create_user("admin", "admin")
            _, secret = await create_api_key(admin, "tests")
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as http:
                yield app, GraphQLClient(http, secret)
        finally:
            if settings.database_url.startswith("postgres"):
                await Tortoise._drop_databases()
