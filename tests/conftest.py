"""Shared fixtures: a fresh database per test, on SQLite always and PostgreSQL when
``AMITY_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from amity.core.app import Amity
from amity.core.settings import Settings
from amity.testing import GraphQLClient, drop, running_app, sqlite_url, started
from amity.testing import postgres_url as _postgres_url

__all__ = ["GraphQLClient", "drop", "postgres_url", "running_app", "sqlite_url", "started"]

POSTGRES_URL = os.environ.get("AMITY_TEST_POSTGRES_URL")
needs_postgres = pytest.mark.skipif(
    not POSTGRES_URL, reason="AMITY_TEST_POSTGRES_URL is not set; PostgreSQL tests need a server"
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[pytest.mark.postgres, needs_postgres])])
def database_url(request, tmp_path) -> str:
    """Each test that uses this runs on SQLite, and on PostgreSQL when configured."""
    return sqlite_url(tmp_path) if request.param == "sqlite" else postgres_url()


def postgres_url() -> str:
    """A new, unique database on the server of ``AMITY_TEST_POSTGRES_URL``."""
    assert POSTGRES_URL
    return _postgres_url(POSTGRES_URL)


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
