"""Shared fixtures: a fresh database per test, on SQLite always and PostgreSQL when
``AMITY_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

pytest.register_assert_rewrite("amity.testing")  # before the import below: its asserts report well

from amity.core.app import Amity  # noqa: E402
from amity.core.settings import Settings  # noqa: E402
from amity.testing import GraphQLClient, drop, running_app, sqlite_url, started  # noqa: E402

pytest_plugins = ["amity.testing"]  # the database_url fixture and the postgres mark

__all__ = ["GraphQLClient", "drop", "running_app", "sqlite_url", "started"]


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
