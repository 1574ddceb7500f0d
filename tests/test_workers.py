"""`amity serve --workers N` on PostgreSQL: several processes, every write kept."""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx
import pytest
from click.testing import CliRunner

from amity.cli import cli
from amity.testing import POSTGRES_ENV, needs_postgres, postgres_url

AMITY = str(Path(sys.executable).with_name("amity"))


def test_several_workers_need_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv("AMITY_DATABASE_URL", f"sqlite://{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("AMITY_PLUGINS", "")
    result = CliRunner().invoke(cli, ["serve", "--workers", "2"], obj={})
    assert result.exit_code == 1 and "several workers need PostgreSQL" in result.output


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_healthy(url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient() as http:
        while time.monotonic() < deadline:
            assert process.poll() is None, process.stderr.read() if process.stderr else "server exited"
            try:
                if (await http.get(url)).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise AssertionError("server did not become healthy")


@needs_postgres
@pytest.mark.postgres
async def test_two_workers_keep_every_concurrent_write():
    database_url = postgres_url(os.environ[POSTGRES_ENV])
    server, name = database_url.rsplit("/", 1)
    admin = await asyncpg.connect(os.environ[POSTGRES_ENV])
    await admin.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "AMITY_DATABASE_URL": database_url, "AMITY_PLUGINS": ""}
    port = free_port()
    process = None
    try:
        subprocess.run([AMITY, "migrate"], env=env, check=True, capture_output=True)
        created = subprocess.run([AMITY, "keys", "create", "--user", "ops", "--role", "admin"], env=env, check=True,
                                 capture_output=True, text=True)
        key = created.stdout.strip().splitlines()[-1]
        process = subprocess.Popen([AMITY, "serve", "--workers", "2", "--port", str(port)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        base = f"http://127.0.0.1:{port}"
        await wait_healthy(f"{base}/healthz", process)
        mutation = 'mutation($c: String!) { createCustomer(input: {code: $c, name: $c, type: "enterprise"}) { userErrors { code } } }'
        async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {key}"}, timeout=30) as http:
            responses = await asyncio.gather(*(
                http.post("/graphql", json={"query": mutation, "variables": {"c": f"C-{i:03d}"}}) for i in range(40)
            ))
            assert all(r.status_code == 200 and r.json()["data"]["createCustomer"]["userErrors"] == [] for r in responses)
            count = await http.post("/graphql", json={"query": "{ customers { totalCount } }"})
            assert count.json()["data"]["customers"]["totalCount"] == 40
    finally:
        if process is not None:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=20)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
