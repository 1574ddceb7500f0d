"""Helpers for testing amity and plugins: fresh databases, a started app, a GraphQL client,
a ``database_url`` fixture and an SQL statement counter.

Needs the ``test`` extra (``pip install "amity[test]"``). A plugin's ``conftest.py`` turns
the fixtures on with ``pytest_plugins = ["amity.testing"]``; then::

    from amity.testing import running_app
    from amity.core.settings import Settings

    async def test_award(database_url):          # runs on SQLite, and on PostgreSQL when
        settings = Settings(database_url=database_url, plugins=("loyalty",))  # configured
        async with running_app(settings) as (app, gql):
            data = await gql.data("{ viewer { role } }")
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from tortoise import Tortoise

from amity.core.app import Amity
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.web import create_app

#: The PostgreSQL server tests may create databases on; PostgreSQL tests skip without it.
POSTGRES_ENV = "AMITY_TEST_POSTGRES_URL"
needs_postgres = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set; PostgreSQL tests need a server"
)
EXECUTE_METHODS = ("execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script")


def pytest_configure(config: Any) -> None:
    """Register the ``postgres`` mark that ``database_url`` puts on PostgreSQL runs
    (``pytest -m "not postgres"`` skips them)."""
    config.addinivalue_line("markers", f"postgres: needs {POSTGRES_ENV} (a PostgreSQL server)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, needs_postgres])])
def database_url(request: Any, tmp_path: Path) -> str:
    """A URL for a new database: each test that takes this fixture runs on SQLite, and again on
    PostgreSQL when ``AMITY_TEST_POSTGRES_URL`` names a server (e.g.
    ``postgres://postgres@127.0.0.1:5432/test``); there it gets a database of its own."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return postgres_url(os.environ[POSTGRES_ENV])


@contextmanager
def counted_statements(connection_name: str = "default") -> Iterator[list[str]]:
    """Every SQL statement sent to the database while the block runs, for tests that a list
    loads in a fixed number of statements however many rows it has (no N+1)::

        with counted_statements() as few:
            await gql.data(QUERY)              # 2 customers
        ...                                    # add 20 more
        with counted_statements() as many:
            await gql.data(QUERY)
        assert len(many) == len(few)
    """
    connection = Tortoise.get_connection(connection_name)
    statements: list[str] = []

    def counting(method: Any) -> Any:
        async def execute(query: str, *args: Any, **kwargs: Any) -> Any:
            statements.append(query)
            return await method(query, *args, **kwargs)

        return execute

    for name in EXECUTE_METHODS:
        setattr(connection, name, counting(getattr(connection, name)))
    try:
        yield statements
    finally:
        for name in EXECUTE_METHODS:
            delattr(connection, name)


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
