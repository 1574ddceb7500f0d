"""A plugin with one model that points at a core customer, and committed migrations.

Its migrations were written by ``amity.core.db.make_migrations`` in the same run as the
core's initial migration, the case in which Tortoise alone declares no dependency on core.
"""

from amity.core.hookspecs import hookimpl

NAME = "migrating_plugin"


@hookimpl
def register_models() -> list[str]:
    """The plugin's models live in its ``models`` module."""
    return [f"{__name__}.models"]
