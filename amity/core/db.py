"""The Tortoise configuration assembled from the core and the enabled plugins,
opening and closing the database, and applying migrations."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Mapping
from typing import Any

from tortoise import Tortoise
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.migrations.api import migrate as tortoise_migrate

CORE_APP = "core"
CORE_MODELS = ("amity.core.models",)


def _migrations_package(models_module: str) -> str | None:
    package = models_module.rsplit(".", 1)[0] if "." in models_module else models_module
    candidate = f"{package}.migrations"
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
    """Apply the committed migrations of the core and every enabled plugin."""
    migrating = {**config, "apps": {k: v for k, v in config["apps"].items() if "migrations" in v}}
    await tortoise_migrate(config=migrating, progress=progress)
    await Tortoise.close_connections()


async def ping() -> None:
    """Run ``SELECT 1`` on the default connection; raises if the database is unreachable."""
    await Tortoise.get_connection("default").execute_query("SELECT 1")
