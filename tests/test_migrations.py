"""Migrations: the committed ones build the schema the models describe (SQLite, and
PostgreSQL when configured), they match the models, a plugin's migrations run after the
core's whether both are applied together or one after the other, and ``make_migrations``
writes migrations the way plugin authors need them."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import plugin_fixtures.migrating_plugin as migrating_plugin
import pytest
from plugin_fixtures.migrating_plugin.models import Note
from tortoise import Tortoise
from tortoise import context as tortoise_context
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector

from amity.core import customers, db
from amity.core.app import Amity
from amity.core.models import Customer
from amity.core.settings import Settings
from amity.testing import sqlite_url

CUSTOMER_TYPES = ("enterprise",)
MIGRATIONS_TABLE = "tortoise_migrations"
CORE_MIGRATIONS = Path(db.__file__).parent / "migrations"
CORE_MIGRATION_NAMES = sorted(path.stem for path in CORE_MIGRATIONS.glob("0*.py"))
APPLIED_CORE = [("core", name) for name in CORE_MIGRATION_NAMES]


def instance(database_url: str, *plugins: str) -> Amity:
    extra = {migrating_plugin.NAME: migrating_plugin} if migrating_plugin.NAME in plugins else None
    return Amity(Settings(database_url=database_url, plugins=plugins), extra_plugins=extra)


@asynccontextmanager
async def fresh_database(database_url: str) -> AsyncIterator[None]:
    """On PostgreSQL, create the (uniquely named) database first and drop it afterwards;
    a SQLite file is created by the first connection and lives in ``tmp_path``."""
    if not database_url.startswith("postgres"):
        yield
        return
    config = db.tortoise_config(database_url, {})
    async with TortoiseContext() as context:
        await context.init(config=config, _create_db=True)
    try:
        yield
    finally:
        async with TortoiseContext() as context:
            await context.init(config=config)
            await Tortoise._drop_databases()


async def database_columns(database_url: str) -> dict[str, set[str]]:
    """Every table of the running instance's database with its column names."""
    connection = Tortoise.get_connection("default")
    if database_url.startswith("postgres"):
        _, rows = await connection.execute_query(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        )
        pairs = [(row["table_name"], row["column_name"]) for row in rows]
    else:
        _, tables = await connection.execute_query(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        pairs = []
        for table in tables:
            _, columns = await connection.execute_query(f"PRAGMA table_info(\"{table['name']}\")")
            pairs.extend((table["name"], column["name"]) for column in columns)
    found: dict[str, set[str]] = {}
    for table, column in pairs:
        found.setdefault(table, set()).add(column)
    return found


def model_columns(amity: Amity) -> dict[str, set[str]]:
    """The tables and columns the instance's models describe (read once it is started)."""
    return {
        model._meta.db_table: set(model._meta.fields_db_projection.values())
        for label in amity.app_labels
        for model in Tortoise.apps[label].values()
    }


async def applied_migrations() -> list[tuple[str, str, str]]:
    _, rows = await Tortoise.get_connection("default").execute_query(
        f'SELECT "app", "name", "applied_at" FROM "{MIGRATIONS_TABLE}" ORDER BY "id"'
    )
    return [(row["app"], row["name"], str(row["applied_at"])) for row in rows]


async def sqlite_indexes_on_expressions() -> list[str]:
    """SQLite indexes that cover something other than a column: a double-quoted name that is
    no column is read as a string, so a misspelt index is created without an error."""
    connection = Tortoise.get_connection("default")
    _, indexes = await connection.execute_query("SELECT name FROM sqlite_master WHERE type = 'index'")
    found = []
    for index in indexes:
        _, parts = await connection.execute_query(f"PRAGMA index_info(\"{index['name']}\")")
        if any(part["name"] is None for part in parts):
            found.append(index["name"])
    return found


async def assert_schema_matches_models(amity: Amity) -> None:
    columns = await database_columns(amity.settings.database_url)
    assert MIGRATIONS_TABLE in columns
    del columns[MIGRATIONS_TABLE]
    assert columns == model_columns(amity)
    if not amity.settings.database_url.startswith("postgres"):
        assert await sqlite_indexes_on_expressions() == []


def assert_nothing_left_open() -> None:
    """Neither a stopped instance nor a migration run left a global context or an open
    connection behind (Tortoise offers no public way to ask, hence the private names)."""
    assert tortoise_context._global_context is None
    current = tortoise_context.get_current_context()
    assert current is None or current._connections is None


@asynccontextmanager
async def running(amity: Amity) -> AsyncIterator[Amity]:
    """The instance started on its (already migrated) database, stopped even when a check fails."""
    await amity.start()
    try:
        yield amity
    finally:
        await amity.stop()


async def assert_note_can_be_written() -> None:
    customer = await customers.create_customer({"code": "C-9", "name": "Globex", "type": "enterprise"}, CUSTOMER_TYPES)
    await Note.create(customer=customer, body="prefers e-mail")
    note = await Note.get(customer_id=customer.id)
    assert note.body == "prefers e-mail"


async def test_migrate_builds_every_core_table_and_twice_is_a_no_op(database_url):
    amity = instance(database_url)
    async with fresh_database(database_url):
        await amity.migrate()
        async with running(amity):
            await assert_schema_matches_models(amity)
            applied = await applied_migrations()
            assert [(app, name) for app, name, _ in applied] == APPLIED_CORE
            created = await customers.create_customer({"code": "C-1", "name": "Acme", "type": "enterprise"}, CUSTOMER_TYPES)

        await amity.migrate()
        async with running(amity):
            assert await applied_migrations() == applied
            await assert_schema_matches_models(amity)
            read = await Customer.get(code="C-1")
            assert (read.id, read.name, read.currency) == (created.id, "Acme", "EUR")
    assert_nothing_left_open()


async def test_migrate_leaves_a_started_instance_working(tmp_path):
    amity = instance(sqlite_url(tmp_path))
    await amity.migrate()
    async with running(amity):
        await amity.migrate()
        await customers.create_customer({"code": "C-1", "name": "Acme", "type": "enterprise"}, CUSTOMER_TYPES)
        assert await Customer.filter(code="C-1").count() == 1
    assert_nothing_left_open()


async def test_committed_migrations_match_the_models():
    amity = instance("sqlite://:memory:", migrating_plugin.NAME)
    apps = amity.tortoise_config["apps"]
    assert apps["core"]["migrations"] == "amity.core.migrations"
    async with TortoiseContext() as context:
        await context.init(config=amity.tortoise_config, init_connections=False)
        writers = await MigrationAutodetector(context.apps, apps).changes()
    pending = "\n".join(f"# {w.app_label}.{w.name}\n{w.as_string()}" for w in writers)
    assert not writers, f"models changed without a migration; run `amity makemigrations`:\n{pending}"


def test_committed_plugin_migration_depends_on_core():
    initial = importlib.import_module("plugin_fixtures.migrating_plugin.migrations.0001_initial")
    assert ("core", "0001_initial") in initial.Migration.dependencies


async def test_plugin_migrates_after_core_in_one_run(database_url):
    amity = instance(database_url, migrating_plugin.NAME)
    async with fresh_database(database_url):
        await amity.migrate()
        async with running(amity):
            await assert_schema_matches_models(amity)
            assert [(app, name) for app, name, _ in await applied_migrations()] == [
                *APPLIED_CORE,
                (migrating_plugin.NAME, "0001_initial"),
            ]
            await assert_note_can_be_written()
    assert_nothing_left_open()


async def test_plugin_migrates_when_core_was_migrated_before(database_url):
    core_only = instance(database_url)
    with_plugin = instance(database_url, migrating_plugin.NAME)
    async with fresh_database(database_url):
        await core_only.migrate()
        await with_plugin.migrate()
        async with running(with_plugin):
            await assert_schema_matches_models(with_plugin)
            assert [(app, name) for app, name, _ in await applied_migrations()] == [
                *APPLIED_CORE,
                (migrating_plugin.NAME, "0001_initial"),
            ]
            await assert_note_can_be_written()
    assert_nothing_left_open()


@pytest.fixture
def scratch_package(tmp_path, monkeypatch) -> str:
    """An empty, importable package under ``tmp_path`` to write migrations into."""
    name = f"scratch_{uuid.uuid4().hex[:12]}"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").touch()
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def plugin_config(core_migrations: str, plugin_migrations: str) -> dict:
    config = instance("sqlite://:memory:", migrating_plugin.NAME).tortoise_config
    config["apps"]["core"]["migrations"] = core_migrations
    config["apps"][migrating_plugin.NAME]["migrations"] = plugin_migrations
    return config


async def test_make_migrations_in_one_run_makes_the_plugin_depend_on_core(scratch_package):
    config = plugin_config(f"{scratch_package}.core_migrations", f"{scratch_package}.plugin_migrations")
    written = await db.make_migrations(config)
    assert [Path(path).relative_to(Path(path).parents[1]).as_posix() for path in written] == [
        "core_migrations/0001_initial.py",
        "plugin_migrations/0001_initial.py",
    ]
    plugin_initial = importlib.import_module(f"{scratch_package}.plugin_migrations.0001_initial")
    assert plugin_initial.Migration.dependencies == [("core", "0001_initial")]
    assert await db.make_migrations(config) == []
    assert_nothing_left_open()


async def test_make_migrations_check_names_what_is_missing_and_writes_nothing(scratch_package):
    config = plugin_config("amity.core.migrations", f"{scratch_package}.migrations")
    package = Path(importlib.import_module(scratch_package).__path__[0])
    before = sorted(path.name for path in package.rglob("*.py"))
    assert await db.make_migrations(config, [migrating_plugin.NAME], check=True) == [f"{migrating_plugin.NAME}.0001_initial"]
    assert sorted(path.name for path in package.rglob("*.py")) == before
    with pytest.raises(ValueError, match="has no migrations yet"):
        await db.make_migrations(config, ["core"], check=True)
    assert await db.make_migrations(instance("sqlite://:memory:").tortoise_config, check=True) == []
    assert len(await db.make_migrations(config, [migrating_plugin.NAME])) == 1
    assert await db.make_migrations(config, check=True) == []
    assert_nothing_left_open()


async def test_make_migrations_for_one_plugin_with_a_name(scratch_package):
    core_files = sorted(CORE_MIGRATIONS.glob("*.py"))
    config = plugin_config("amity.core.migrations", f"{scratch_package}.migrations")

    written = await db.make_migrations(config, [migrating_plugin.NAME], name="Notes on customers")

    assert [Path(path).name for path in written] == ["0001_notes_on_customers.py"]
    initial = importlib.import_module(f"{scratch_package}.migrations.0001_notes_on_customers")
    assert initial.Migration.dependencies == [APPLIED_CORE[-1]]
    assert sorted(CORE_MIGRATIONS.glob("*.py")) == core_files
    assert_nothing_left_open()


async def test_make_migrations_refuses_an_unknown_app():
    config = instance("sqlite://:memory:").tortoise_config
    with pytest.raises(ValueError, match="unknown app 'nope'"):
        await db.make_migrations(config, ["nope"])


async def test_make_migrations_refuses_an_index_on_a_relation_name(scratch_package):
    package = Path(importlib.import_module(scratch_package).__path__[0])
    (package / "models.py").write_text(
        "from tortoise import fields, models\n\n\n"
        "class Flag(models.Model):\n"
        "    id = fields.IntField(primary_key=True)\n"
        "    customer = fields.ForeignKeyField('core.Customer', related_name=False)\n"
        "    colour = fields.CharField(max_length=20)\n\n"
        "    class Meta:\n"
        "        table = 'scratch_flag'\n"
        "        indexes = (('customer', 'colour'),)\n"
    )
    config = instance("sqlite://:memory:").tortoise_config
    config["apps"]["scratch"] = {"models": [f"{scratch_package}.models"], "default_connection": "default"}

    with pytest.raises(ValueError, match="names the relation 'customer'; name its column 'customer_id'"):
        await db.make_migrations(config, ["scratch"])
    assert not (package / "migrations").exists()


async def test_complaints_reopened_before_the_fix_lose_their_stale_resolution(database_url):
    """complaints 0006 clears the resolution a reopened, unresolved complaint kept from before
    reopening cleared it; resolved complaints keep theirs."""
    from datetime import UTC, datetime

    from tortoise.migrations.api.migrate import migrate as tortoise_migrate

    from amity.plugins.complaints.models import Complaint, ComplaintCategory

    amity = Amity(Settings(database_url=database_url, plugins=("complaints",)))
    config = {**amity.tortoise_config,
              "apps": {k: v for k, v in amity.tortoise_config["apps"].items() if "migrations" in v}}
    moment = datetime(2026, 3, 1, tzinfo=UTC)
    async with fresh_database(database_url):
        async with TortoiseContext():
            await tortoise_migrate(config=config, target="complaints.0005_repeat_window")
        async with running(amity):
            customer = await customers.create_customer({"code": "C-1", "name": "Ada", "type": "enterprise"}, CUSTOMER_TYPES)
            category = await ComplaintCategory.create(code="delivery", name="Delivery", created_at=moment)
            for status in ("reopened", "investigating", "resolved"):
                await Complaint.create(customer=customer, category=category, channel="email", severity="high",
                                       description=status, status=status, received_at=moment, resolution="Sent again.",
                                       resolved_at=moment, created_at=moment, updated_at=moment)
        async with TortoiseContext():
            await tortoise_migrate(config=config)
        async with running(amity):
            rows = {c.description: (c.resolution, c.resolved_at) for c in await Complaint.all()}
    assert rows == {"reopened": ("", None), "investigating": ("", None), "resolved": ("Sent again.", moment)}
    assert_nothing_left_open()
