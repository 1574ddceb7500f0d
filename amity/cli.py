"""The ``amity`` command: serve, migrate, plugins, schema, keys, demo and import."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from amity.core.app import Amity
from amity.core.plugins import PluginError, available_plugins, plugin_requires
from amity.core.settings import Settings, SettingsError

T = TypeVar("T")
console = Console(stderr=True)


def amity_from(ctx: click.Context, **overrides: Any) -> Amity:
    """The Amity instance for a command (plugin commands use this too): the one ``main`` built,
    unless global options or ``overrides`` ask for other settings."""
    root = ctx.find_root().obj
    try:
        settings = Settings.load(**root["options"], **overrides)
        prebuilt = root.get("amity")
        if prebuilt is not None and prebuilt.settings == settings:
            return prebuilt
        return Amity(settings)
    except (PluginError, SettingsError) as error:
        raise click.ClickException(str(error)) from None


def with_database(amity: Amity, work: Callable[[], Awaitable[T]]) -> T:
    """Open the database, run ``work``, and always close it again."""

    async def main() -> T:
        await amity.start()
        try:
            return await work()
        finally:
            await amity.stop()

    return asyncio.run(main())


@click.group()
@click.option("--database-url", envvar="AMITY_DATABASE_URL", help="sqlite://FILE or postgres://USER@HOST/DB")
@click.option("--plugins", envvar="AMITY_PLUGINS", help="Comma-separated plugins to enable (default: all built-ins).")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, plugins: str | None) -> None:
    """amity: a CRM framework with a GraphQL API."""
    prebuilt = ctx.obj.get("amity") if isinstance(ctx.obj, dict) else None
    ctx.obj = {"options": {"database_url": database_url, "plugins": plugins}, "amity": prebuilt}


@cli.command()
@click.option("--demo", is_flag=True, help="Seed demo data and let anonymous requests act as admin (127.0.0.1 only).")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(min=1), help="Worker processes (PostgreSQL).")
@click.pass_context
def serve(ctx: click.Context, demo: bool, host: str, port: int, workers: int) -> None:
    """Apply migrations and serve the GraphQL API."""
    import uvicorn

    from amity.web import create_app

    if demo and host not in {"127.0.0.1", "localhost", "::1"}:
        raise click.ClickException("--demo serves without authentication and only binds 127.0.0.1")
    amity = amity_from(ctx, demo=demo or None)
    if workers > 1 and not amity.settings.database_url.startswith(("postgres://", "postgresql://")):
        raise click.ClickException("several workers need PostgreSQL: set AMITY_DATABASE_URL=postgres://...")
    asyncio.run(amity.migrate())
    if demo:
        from amity.core.demo import seed_demo

        with_database(amity, lambda: seed_demo(amity))
        console.print(
            "[bold red]DEMO MODE:[/] anonymous requests act as an administrator. "
            "Never expose this server; run without --demo and use API keys for real data."
        )
    url = f"http://{host}:{port}/graphql"
    console.print(f"amity is running: open [bold]{url}[/] (GraphiQL) — Ctrl+C to stop")
    if workers == 1:
        uvicorn.run(create_app(amity=amity), host=host, port=port, log_level="warning")
        return
    os.environ.update(settings_environment(amity.settings))
    uvicorn.run("amity.web:app_from_environment", factory=True, workers=workers, host=host, port=port, log_level="warning")


def settings_environment(settings: Settings) -> dict[str, str]:
    """The ``AMITY_*`` variables that give worker processes these settings."""
    environment = {
        "AMITY_DATABASE_URL": settings.database_url,
        "AMITY_DEMO": "true" if settings.demo else "false",
    }
    if settings.plugins is not None:
        environment["AMITY_PLUGINS"] = ",".join(settings.plugins)
    return environment


@cli.command()
@click.pass_context
def migrate(ctx: click.Context) -> None:
    """Apply the migrations of the core and every enabled plugin."""
    amity = amity_from(ctx)
    asyncio.run(amity.migrate())
    console.print(f"migrated: {', '.join(amity.app_labels)}")


@cli.command()
@click.argument("apps", nargs=-1)
@click.option("--name", help="Name of the migration.")
@click.option("--check", is_flag=True, help="Write nothing; fail if models changed without a migration (for CI).")
@click.pass_context
def makemigrations(ctx: click.Context, apps: tuple[str, ...], name: str | None, check: bool) -> None:
    """Write migrations for model changes of the given apps (default: all enabled)."""
    from amity.core.db import make_migrations

    amity = amity_from(ctx)
    try:
        found = asyncio.run(make_migrations(amity.tortoise_config, list(apps) or None, name, check=check))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    if check and found:
        raise click.ClickException(f"models changed without a migration ({', '.join(found)}); run `amity makemigrations`")
    for path in found:
        console.print(f"wrote {path}")
    if not found:
        console.print("no changes")


@cli.command("plugins")
@click.pass_context
def list_plugins(ctx: click.Context) -> None:
    """List available plugins, which are enabled, and what each requires."""
    amity = amity_from(ctx)
    table = Table("plugin", "source", "enabled", "requires")
    for name, plugin in sorted(available_plugins().items()):
        enabled = amity.plugins.is_enabled(name)
        try:
            requires = ", ".join(plugin_requires(amity.plugins.get(name) if enabled else plugin.load()))
        except PluginError as error:
            requires = f"(cannot be imported: {error})"
        table.add_row(name, plugin.source, "yes" if enabled else "no", requires)
    Console().print(table)


@cli.command()
@click.pass_context
def schema(ctx: click.Context) -> None:
    """Print the GraphQL schema (SDL) of the enabled plugins."""
    from amity.schema.build import build_schema

    click.echo(build_schema(amity_from(ctx)).schema.as_str())


@cli.group()
def keys() -> None:
    """Create, list and revoke API keys."""


@keys.command("create")
@click.option("--user", "username", help="User the key belongs to (created with --role if missing).")
@click.option("--role", help="Role of a new user: admin, manager, agent, viewer or a role made with createRole.")
@click.option("--name", "label", default="cli", show_default=True, help="A label for the key.")
@click.pass_context
def create_key(ctx: click.Context, username: str | None, role: str | None, label: str) -> None:
    """Create an API key; the secret is printed once and never stored.

    `--role agent` alone creates a service user for the key (e.g. `api-agent-3f9c`)."""
    import secrets

    from amity.core.auth import UnknownRoleError, create_api_key, create_user
    from amity.core.models import User

    if username is None and role is None:
        raise click.ClickException("pass --role (a new service user) or --user (an existing or new user)")
    amity = amity_from(ctx)
    username = username or f"api-{role}-{secrets.token_hex(2)}"

    async def work() -> str:
        user = await User.get_or_none(username=username)
        if user is None:
            if role is None:
                raise click.ClickException(f"user {username!r} does not exist; pass --role to create it")
            try:
                user = await create_user(username, role)
            except UnknownRoleError as error:
                raise click.ClickException(str(error)) from None
        elif role is not None and role != user.role:
            raise click.ClickException(f"user {username!r} already exists with role {user.role}")
        key, secret = await create_api_key(user, label)
        return secret

    secret = with_database(amity, work)
    console.print("Store this key now; it will not be shown again:")
    click.echo(secret)


@keys.command("list")
@click.pass_context
def list_keys(ctx: click.Context) -> None:
    """List API keys (prefix, user, role, created, revoked)."""
    from amity.core.models import ApiKey

    amity = amity_from(ctx)
    rows = with_database(amity, lambda: ApiKey.all().select_related("user").order_by("id"))
    table = Table("prefix", "name", "user", "role", "created", "revoked")
    for key in rows:
        table.add_row(key.prefix, key.name, key.user.username, key.user.role, f"{key.created_at:%Y-%m-%d %H:%M}",
                      f"{key.revoked_at:%Y-%m-%d %H:%M}" if key.revoked_at else "")
    Console().print(table)


@keys.command("revoke")
@click.argument("prefix")
@click.pass_context
def revoke_key(ctx: click.Context, prefix: str) -> None:
    """Revoke the key with PREFIX (the part after `amk_`, shown by `amity keys list`)."""
    from amity.core.auth import revoke_api_key

    amity = amity_from(ctx)
    if not with_database(amity, lambda: revoke_api_key(prefix)):
        raise click.ClickException(f"no active key with prefix {prefix!r}")
    console.print(f"revoked {prefix}")


@cli.command()
@click.option("--customers", "count", default=300, show_default=True, help="How many demo customers.")
@click.pass_context
def demo(ctx: click.Context, count: int) -> None:
    """Seed demo data (skipped when customers already exist)."""
    from amity.core.demo import seed_demo

    amity = amity_from(ctx)
    asyncio.run(amity.migrate())
    result = with_database(amity, lambda: seed_demo(amity, customers=count))
    if result.seeded:
        console.print(f"demo data: {len(result.customers)} customers with contacts, interactions and consents")
    else:
        console.print("demo data skipped: the database already has customers")


@cli.group("import")
def import_group() -> None:
    """Import records from files."""


@import_group.command("customers")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--skip-invalid", is_flag=True, help="Import the valid rows and report the others.")
@click.pass_context
def import_customers(ctx: click.Context, file: Path, skip_invalid: bool) -> None:
    """Import customers from a CSV file. Nothing is written if any row is invalid,
    unless --skip-invalid."""
    from amity.core.importer import ImportFileError
    from amity.core.importer import import_customers as run_import

    amity = amity_from(ctx)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("importing", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            report = with_database(amity, lambda: run_import(file, amity.settings.customer_types, skip_invalid=skip_invalid, progress=advance))
        except ImportFileError as error:
            raise click.ClickException(str(error)) from None
    for error in report.errors:
        where = f" [{error.field}]" if error.field else ""
        click.echo(f"line {error.line}{where}: {error.message} ({error.code})")
    click.echo(f"created {report.created}, skipped {report.skipped}, errors {len(report.errors)}")
    if report.errors and not skip_invalid:
        click.echo("nothing was imported; fix the rows above or pass --skip-invalid")
        sys.exit(1)


def main() -> None:
    """Entry point of the ``amity`` console script; plugins add their commands first."""
    try:
        amity = Amity(Settings.load())
    except (PluginError, SettingsError) as error:
        console.print(f"[red]error:[/] {error}")
        sys.exit(2)
    amity.plugins.call("register_commands", cli=cli)
    cli(obj={"amity": amity})
