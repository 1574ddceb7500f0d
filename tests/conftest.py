"""Shared fixtures: a fresh database per test, on SQLite always and PostgreSQL when
``AMITY_TEST_POSTGRES_URL`` is set."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

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
