"""The Tortoise configuration assembled from the core and the enabled plugins,
opening and closing the database, and applying migrations."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.fields.relational import ForeignKeyFieldInstance, OneToOneFieldInstance
from tortoise.indexes import Index
from tortoise.migrations.api import migrate as tortoise_migrate
from tortoise.migrations.autodetector import MigrationAutodetector
from tortoise.migrations.graph import MigrationKey
from tortoise.migrations.loader import MigrationLoader
from tortoise.migrations.writer import MigrationWriter, format_migration_name
from tortoise.models import MODEL, Model
from tortoise.queryset import QuerySet

CORE_APP = "core"
CORE_MODELS = ("amity.core.models",)


def _migrations_package_name(models_module: str) -> str:
    package = models_module.rsplit(".", 1)[0] if "." in models_module else models_module
    return f"{package}.migrations"


def _migrations_package(models_module: str) -> str | None:
    candidate = _migrations_package_name(models_module)
    try:
        return candidate if importlib.util.find_spec(candidate) else None
    except ModuleNotFoundError:
        return None


def tortoise_config(database_url: str, plugin_models: Mapping[str, list[str]]) -> dict[str, Any]:
    """One Tortoise app for the core and one per plugin that has models (label = plugin name)."""
    apps: dict[str, dict[str, Any]] = {}
    for label, modules in {CORE_APP: list(CORE_MODELS), **plugin_models}.items():
        if not modules:
            continue
        app: dict[str, Any] = {"models": list(modules), "default_connection": "default"}
        migrations = _migrations_package(modules[0])
        if migrations:
            app["migrations"] = migrations
        apps[label] = app
    return {
        "connections": {"default": _connection(database_url)},
        "apps": apps,
        "use_tz": True,
        "timezone": "UTC",
    }


def _connection(database_url: str) -> str:
    if database_url.startswith("postgresql://"):
        return "postgres://" + database_url.split("://", 1)[1]
    return database_url


async def open_database(config: dict[str, Any], *, create_schema: bool = False, create_db: bool = False) -> None:
    """Connect Tortoise for this process; ``create_schema`` builds tables without migrations
    (tests and throw-away databases only)."""
    # Tortoise caches insert/delete SQL per connection name, not per dialect: clear it so a
    # process that reopens on another backend (the test suite does) gets the right SQL.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=config, _create_db=create_db, _enable_global_fallback=True)
    if create_schema:
        await Tortoise.generate_schemas(safe=True)


async def close_database() -> None:
    """Close every connection opened by ``open_database``."""
    await Tortoise.close_connections()


async def apply_migrations(
    config: dict[str, Any], progress: Callable[[str, str, str], object] | None = None
) -> None:
    """Apply the committed migrations of the core and every enabled plugin.

    Runs in a Tortoise context of its own, closed on return: the caller's context (and the
    process-wide fallback context of a started instance) is neither used nor replaced.
    """
    migrating = {**config, "apps": {k: v for k, v in config["apps"].items() if "migrations" in v}}
    async with TortoiseContext():
        await tortoise_migrate(config=migrating, progress=progress)


async def make_migrations(
    config: dict[str, Any], app_labels: list[str] | None = None, name: str | None = None, *, check: bool = False
) -> list[str]:
    """Write the migrations that bring the given apps' committed migrations up to their models.

    ``app_labels`` defaults to every app in ``config``; ``name`` replaces the generated name
    after the number (``0002_<name>``). Tortoise's autodetector and writer do the work, as in
    ``tortoise makemigrations``; an app without a migrations package gets
    ``<models package>.migrations``. A plugin's initial migration always depends on the
    core's latest migration, so the plugin can be enabled before or after the core was
    migrated. Needs no database. Returns the paths of the written files, empty when the
    migrations already match the models. With ``check``, writes nothing and returns
    ``<app>.<name>`` of each migration that would be written (for CI: models changed without
    a migration).

    Raises ``ValueError`` for an unknown app label, a models module outside a package, or
    ``Meta.indexes`` that name a relation (``"customer"``) instead of its column
    (``"customer_id"``).
    """
    apps = {label: dict(app) for label, app in config["apps"].items()}
    selected = list(dict.fromkeys(app_labels or apps))
    unknown = [label for label in selected if label not in apps]
    if unknown:
        raise ValueError(f"unknown app {', '.join(map(repr, unknown))}; apps: {', '.join(apps)}")
    if check:
        missing = [label for label in apps if not _has_migrations_package(apps[label])]
        if set(missing) - set(selected):
            raise ValueError(f"app {', '.join(sorted(set(missing) - set(selected)))} has no migrations yet; check it too")
        if missing:
            return [f"{label}.0001_initial" for label in missing]
    async with TortoiseContext() as context:
        await context.init(config={**config, "apps": apps}, init_connections=False)
        _check_index_columns(model for label in selected for model in context.apps[label].values())
        for label in selected:
            if not check:
                apps[label]["migrations"] = _ensure_migrations_package(label, apps[label])
        detector = MigrationAutodetector(context.apps, apps)
        writers = [writer for writer in await detector.changes() if writer.app_label in selected]
    if name:
        for writer in writers:
            writer.name = format_migration_name(int(writer.name.split("_", 1)[0]), name)
    if check:
        return [f"{writer.app_label}.{writer.name}" for writer in writers]
    _depend_on_core(writers, detector.loader)
    return [str(writer.write()) for writer in writers]


def _has_migrations_package(app: dict[str, Any]) -> bool:
    module_name = app.get("migrations") or _migrations_package_name(app["models"][0])
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:
        return False


def _ensure_migrations_package(label: str, app: dict[str, Any]) -> str:
    """The app's migrations package, created (with an empty ``__init__.py``) when missing."""
    module_name = app.get("migrations") or _migrations_package_name(app["models"][0])
    parent_name, package = module_name.rsplit(".", 1)
    parent = importlib.import_module(parent_name)
    if not hasattr(parent, "__path__"):
        raise ValueError(f"app {label!r}: {parent_name} is a module, not a package, so it cannot hold migrations")
    path = Path(next(iter(parent.__path__))) / package
    path.mkdir(exist_ok=True)
    (path / "__init__.py").touch()
    importlib.invalidate_caches()
    return module_name


def _check_index_columns(models: Iterable[type[Model]]) -> None:
    """Refuse ``Meta.indexes`` that name a relation instead of its column: tortoise's
    migrations write the names into SQL as given, so PostgreSQL rejects the index and SQLite
    silently indexes a constant string."""
    for model in models:
        for index in model._meta.indexes:
            for name in index.fields if isinstance(index, Index) else index:
                field = model._meta.fields_map.get(name)
                if isinstance(field, (ForeignKeyFieldInstance, OneToOneFieldInstance)):
                    raise ValueError(
                        f"{model.__name__}.Meta.indexes names the relation {name!r}; "
                        f"name its column {field.source_field!r} instead"
                    )


def _depend_on_core(writers: list[MigrationWriter], loader: MigrationLoader) -> None:
    """Make each plugin's initial migration depend on the core's latest one.

    Tortoise adds that dependency only when the core's migration already existed, not when
    both are written in the same run."""
    core_writer = next((writer for writer in writers if writer.app_label == CORE_APP), None)
    latest = core_writer.name if core_writer else _latest_migration(loader, CORE_APP)
    if latest is None:
        return
    for writer in writers:
        if writer.app_label == CORE_APP or not writer.initial:
            continue
        if not any(app_label == CORE_APP for app_label, _ in writer.dependencies):
            writer.dependencies = sorted([*writer.dependencies, (CORE_APP, latest)])


def _latest_migration(loader: MigrationLoader, app_label: str) -> str | None:
    """The app's newest migration on disk: the one no other migration of the app depends on."""
    keys = {key for key in loader.graph.nodes if key.app_label == app_label}
    parents = {
        MigrationKey(app_label=dep_app, name=dep_name)
        for key in keys
        for dep_app, dep_name in loader.graph.nodes[key].dependencies
        if dep_app == app_label
    }
    heads = sorted(keys - parents)
    return heads[-1].name if heads else None


def record_reader(model: type[MODEL], columns: Sequence[str]) -> Callable[[Sequence[Any]], MODEL]:
    """A function that makes a ``model`` instance from a row holding every column of its table,
    read by position in ``columns`` order (``sqlite3.Row`` and asyncpg records both index).

    The instance is the one ``Model._init_from_db`` makes from the same row, with the same
    per-field conversions (``to_python_value``); the column lookups are done once here instead
    of once a row, and the attributes are written as one dict, which makes list pages of
    thousands of rows about twice as fast to build.
    """
    meta = model._meta
    position = {column: index for index, column in enumerate(columns)}
    native = tuple((position[column], name) for column, name, _ in meta.db_native_fields)
    typed = tuple((position[column], name, field.field_type) for column, name, field in meta.db_default_fields)
    converted = tuple((position[column], name, field.to_python_value) for column, name, field in meta.db_complex_fields)
    custom_generated_pk = meta.db_pk_column not in meta.generated_db_fields
    new = model.__new__

    def read(row: Sequence[Any]) -> MODEL:
        values: dict[str, Any] = {
            "_partial": False, "_saved_in_db": True, "_custom_generated_pk": custom_generated_pk, "_await_when_save": {},
        }
        for index, name in native:
            values[name] = row[index]
        for index, name, field_type in typed:
            value = row[index]
            values[name] = None if value is None else field_type(value)
        for index, name, to_python in converted:
            values[name] = to_python(row[index])
        record = new(model)
        record.__dict__ = values
        return record

    return read


def is_plain_select(query: QuerySet[Any]) -> bool:
    """Whether ``query`` selects whole records of its model and nothing else: no ``only``,
    ``select_related``, ``prefetch_related``, annotations, grouping or ``get``."""
    return (
        type(query) is QuerySet
        and not query._fields_for_select
        and not query._select_related
        and not query._prefetch_map
        and not query._prefetch_queries
        and not query._annotations
        and not query._group_bys
        and not query._single
    )


async def fetch_records(query: QuerySet[MODEL]) -> list[MODEL]:
    """``await query`` for a list page: the same SQL on the same connection, and the same
    records, built by ``record_reader`` when the query is a plain select (``is_plain_select``),
    by Tortoise otherwise."""
    if not is_plain_select(query):
        return await query
    if query._db is None:
        query._db = query._choose_db(query._select_for_update)
    query._make_query()
    _, rows = await query._db.execute_query(*query.query.get_parameterized_sql())
    if not rows:
        return []
    read = record_reader(query.model, list(rows[0].keys()))
    return [read(row) for row in rows]


async def ping() -> None:
    """Run ``SELECT 1`` on the default connection; raises if the database is unreachable."""
    await Tortoise.get_connection("default").execute_query("SELECT 1")
