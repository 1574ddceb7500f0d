"""The plugin contract.

A plugin is a module (or any object) whose functions are marked with
``@amity.hookimpl`` and named after the hooks below. Each hook's docstring is its
reference; ``docs/plugins.md`` shows them all at work in one complete plugin.

A plugin module may also define ``requires = ("sales",)``: the names of plugins that
must be enabled with it.

Hooks may be ``async def``; amity awaits whatever a hook returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import click

    from amity.core.auth import Principal
    from amity.core.events import Event
    from amity.core.jobs import Scheduler
    from amity.core.models import Customer

hookspec = pluggy.HookspecMarker("amity")
hookimpl = pluggy.HookimplMarker("amity")


@hookspec
def register_models() -> list[str]:
    """Return the module paths that hold this plugin's Tortoise models.

    The models form one Tortoise app whose label is the plugin's name: set
    ``Meta.app = "<plugin>"`` and ``Meta.table = "<plugin>_<name>"`` on each model.
    Migrations live in ``<plugin module>.migrations`` and are applied by ``amity migrate``.
    Relations to the core use ``"core.Customer"``.
    """


@hookspec
def register_schema() -> Any:
    """Return a ``SchemaContribution`` with this plugin's GraphQL surface.

    It holds query, mutation and subscription field classes (each a ``@strawberry.type``),
    extra types, ``extend={"Customer": [FieldsClass]}`` to add fields to a type of the core
    or of another plugin, ``nodes={"TypeName": (Model, "plugin.read")}`` to make records
    fetchable by global ID for callers holding that permission, and ``error_codes={"CODE": "meaning"}`` to add stable ``userErrors`` codes.
    """


@hookspec
def register_permissions() -> Any:
    """Return the permission codes this plugin checks.

    Either a mapping ``{"loyalty.read": "See loyalty points"}`` (granted to ``admin``) or an
    iterable of ``amity.Permission(code, description, roles=("manager", "agent"))`` to
    grant a code to built-in roles as well.
    """


@hookspec
async def handle_event(event: Event) -> None:
    """React to a domain event of the core or any plugin.

    Called after the transaction that produced the event has committed. ``event.name`` is
    a dotted name (``customer.created``) and ``event.data`` a JSON-ready dict; see
    ``docs/events.md``. An exception is logged and does not affect other handlers.
    """


@hookspec
def register_routes() -> list[Any]:
    """Return extra Starlette routes (webhooks, unsubscribe links, survey pages)."""


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add subcommands to the ``amity`` command with ``@cli.command()`` or ``cli.add_command``."""


@hookspec
def register_jobs(scheduler: Scheduler) -> None:
    """Register periodic jobs and background jobs on the scheduler that runs inside
    ``amity serve``: ``scheduler.every(hours=1, name="loyalty.expire")(function)`` (any
    ``timedelta`` keywords) and ``scheduler.job("loyalty.recount")(function)``, which
    ``enqueue`` runs."""


@hookspec
async def seed_demo_data(ctx: Any) -> None:
    """Create realistic demo rows for ``amity serve --demo`` and ``amity demo``.

    ``ctx.customers`` holds the seeded core customers, ``ctx.users`` the demo users by role,
    ``ctx.random`` a seeded ``random.Random`` (draw from it so demo data is repeatable) and
    ``ctx.amity`` the running instance. Runs in the same transaction as the core's demo
    rows: raising undoes all demo data."""


@hookspec
async def timeline_entries(customer_id: int, before: Any, limit: int, principal: Principal) -> list[Any]:
    """Return up to ``limit`` ``TimelineEntry`` items for one customer, newest first,
    each strictly older than ``before`` (a ``(occurred_at, key)`` tuple, or None for the
    newest). The core merges them with interactions into ``Customer.timeline``.

    ``principal`` is who reads the timeline: return only what they may see (hold the
    plugin's read code, pass its record rules). The core checks ``interaction.read`` only."""


@hookspec
async def timeline_count(customer_id: int, principal: Principal) -> int:
    """How many entries ``timeline_entries`` gives ``principal`` for this customer in all (with
    ``before=None`` and no limit). The core adds them to the interactions to answer
    ``Customer.timeline.totalCount``; asked only when a client selects it."""


@hookspec
async def merge_customers(survivor: Customer, duplicate: Customer) -> None:
    """Move this plugin's rows from ``duplicate`` to ``survivor``.

    Runs inside the merge transaction, before ``duplicate`` is deleted: raise to abort
    the whole merge."""


@hookspec
async def export_customer_data(customer: Customer) -> dict[str, Any]:
    """Return what this plugin holds on one customer as a JSON-ready dict (privacy export)."""


@hookspec
async def erase_customer_data(customer: Customer) -> None:
    """Delete or anonymise what this plugin holds on one customer (right to erasure)."""
