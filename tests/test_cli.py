"""The ``amity`` command, run for real against a database file."""

import pytest
from click.testing import CliRunner

from amity.cli import cli, with_database
from amity.core.app import Amity
from amity.core.settings import Settings


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Invoke ``amity ...`` in an empty directory with its own SQLite file and no plugins."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AMITY_DATABASE_URL", f"sqlite://{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("AMITY_PLUGINS", "")

    def invoke(*args: str):
        return CliRunner().invoke(cli, list(args), obj={}, catch_exceptions=False)

    return invoke


def test_schema_prints_sdl(run):
    result = run("schema")
    assert result.exit_code == 0
    assert "type Customer implements Node" in result.output
    assert "createCustomer(input: CreateCustomerInput!): CreateCustomerPayload!" in result.output


def test_unknown_plugin_is_one_clear_line(run, monkeypatch):
    monkeypatch.setenv("AMITY_PLUGINS", "nope")
    result = run("plugins")
    assert result.exit_code == 1
    assert "unknown plugin 'nope'; available:" in result.output


def test_plugins_lists_what_disabled_plugins_require(run, monkeypatch):
    monkeypatch.setenv("AMITY_PLUGINS", "complaints")
    rows = {line.split("│")[1].strip(): [cell.strip() for cell in line.split("│")[2:-1]]
            for line in run("plugins").output.splitlines() if line.count("│") >= 4}
    assert rows["complaints"] == ["builtin", "yes", ""] and rows["sales"] == ["builtin", "no", ""]


def test_keys_create_list_revoke(run):
    assert run("migrate").exit_code == 0
    created = run("keys", "create", "--user", "alex", "--role", "agent", "--name", "laptop")
    assert created.exit_code == 0
    secret = created.output.strip().splitlines()[-1]
    assert secret.startswith("amk_")
    prefix = secret.split("_")[1]
    listed = run("keys", "list")
    assert prefix in listed.output and "alex" in listed.output and "agent" in listed.output
    assert secret not in listed.output
    assert run("keys", "revoke", prefix).exit_code == 0
    again = run("keys", "revoke", prefix)
    assert again.exit_code == 1 and "no active key" in again.output
    missing = run("keys", "create", "--user", "nobody")
    assert missing.exit_code == 1 and "pass --role" in missing.output
    service = run("keys", "create", "--role", "viewer")
    assert service.exit_code == 0 and service.output.strip().splitlines()[-1].startswith("amk_")
    assert "api-viewer-" in run("keys", "list").output


def test_keys_for_a_stored_role_and_an_unknown_one(run):
    assert run("migrate").exit_code == 0
    unknown = run("keys", "create", "--user", "rita", "--role", "reader")
    assert unknown.exit_code == 1 and "unknown role 'reader'; roles: admin, manager, agent, viewer" in unknown.output

    async def define_role() -> None:
        from amity.core import clock
        from amity.core.models import Role

        await Role.create(name="reader", permissions=["customer.read"], created_at=clock.now(), updated_at=clock.now())

    with_database(Amity(Settings.load()), define_role)  # what createRole does, on the CLI's database
    created = run("keys", "create", "--user", "rita", "--role", "reader")
    assert created.exit_code == 0 and created.output.strip().splitlines()[-1].startswith("amk_")
    assert "reader" in run("keys", "list").output


def test_makemigrations_check_passes_on_the_committed_migrations(run):
    result = run("makemigrations", "--check")
    assert result.exit_code == 0 and "no changes" in result.output


def test_demo_refuses_a_public_host(run):
    result = run("serve", "--demo", "--host", "0.0.0.0")
    assert result.exit_code == 1 and "127.0.0.1" in result.output


def test_import_reports_bad_rows_and_writes_nothing_unless_asked(run, tmp_path):
    assert run("migrate").exit_code == 0
    path = tmp_path / "customers.csv"
    path.write_text("code,name,type,email\nC-1,Ada,enterprise,ada@x.example\nC-2,Bob,enterprise,bob@\n", encoding="utf-8")
    refused = run("import", "customers", str(path))
    assert refused.exit_code == 1
    assert "line 3 [email]" in refused.output and "nothing was imported" in refused.output
    partial = run("import", "customers", str(path), "--skip-invalid")
    assert partial.exit_code == 0 and "created 1, skipped 1" in partial.output
    again = run("import", "customers", str(path), "--skip-invalid")
    assert "created 0, skipped 2" in again.output and "already taken" in again.output


def test_import_refuses_a_file_that_is_not_utf8(run, tmp_path):
    assert run("migrate").exit_code == 0
    path = tmp_path / "latin1.csv"
    path.write_bytes("code,name,type\nC-1,Müller,individual\n".encode("cp1252"))
    result = run("import", "customers", str(path))
    assert result.exit_code == 1 and "UTF-8" in result.output
