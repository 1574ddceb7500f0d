"""``Amity``: one running instance of the kernel, assembled from settings and plugins.

It knows the enabled plugins, the permission codes and roles, the Tortoise configuration
and the job scheduler. The web app, the CLI and tests create one and ``start()`` it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from amity.core import db, events
from amity.core.auth import CORE_PERMISSIONS, AccessControl, as_permissions
from amity.core.jobs import Scheduler
from amity.core.plugins import PluginSet, load_plugins
from amity.core.settings import Settings


class Amity:
    """The kernel for one process: settings, plugins, access control, database and jobs."""

    def __init__(self, settings: Settings | None = None, extra_plugins: Mapping[str, Any] | None = None) -> None:
        self.settings = settings or Settings.load()
        self.plugins: PluginSet = load_plugins(self.settings.plugins, extra_plugins, self.settings.trace_hooks)
        declared = [*CORE_PERMISSIONS]
        for result in self.plugins.call("register_permissions"):
            declared.extend(as_permissions(result))
        self.access = AccessControl.build(declared)
        models = {name: list(modules or []) for name, modules in self.plugins.per_plugin("register_models").items()}
        self.tortoise_config = db.tortoise_config(self.settings.database_url, models)
        self.scheduler = Scheduler()
        self.plugins.call("register_jobs", scheduler=self.scheduler)
        self.started = False

    @property
    def app_labels(self) -> list[str]:
        """The Tortoise apps of this instance: ``core`` and every enabled plugin with models."""
        return list(self.tortoise_config["apps"])

    async def start(self, *, create_schema: bool = False, create_db: bool = False) -> None:
        """Open the database and start delivering events to plugins."""
        await db.open_database(self.tortoise_config, create_schema=create_schema, create_db=create_db)
        events.set_dispatcher(events.make_dispatcher(self.plugins.acall))
        self.started = True

    async def stop(self) -> None:
        """Finish background jobs, stop delivering events and close the database."""
        await self.scheduler.runner.drain()
        events.set_dispatcher(None)
        await db.close_database()
        self.started = False

    async def migrate(self) -> None:
        """Apply the migrations of the core and every enabled plugin."""
        await db.apply_migrations(self.tortoise_config)
