"""amity against PostGraphile 4 over HTTP: the same page from the same PostgreSQL database.

The page of ``graphql_vs_sql.py`` (500 customers ordered by code, each with its 3 newest
interactions; 2,000 customers with 3 interactions each in amity's own tables), fetched
over HTTP on 127.0.0.1 by one client, one request at a time, from four servers:

  floor        Starlette + asyncpg + orjson under uvicorn: the floor's two statements, the
               nested JSON built in Python (``nested_page.floor_app``)
  amity        amity's app under uvicorn, the query posted with an API key (looked up in the
               database on every request, as in production)
  amity, demo  the same app in demo mode, posted without a key: no key lookup, as PostGraphile
               without JWT has none
  PostGraphile ``postgraphile`` 4 (Node) on the same database, the same query written for
               its generated schema (``allCoreCustomers`` / ``coreInteractionsByCustomerId``)

Before timing, the answers are checked to be the same data (PostGraphile's ids, enum values
and timestamps brought to amity's form). Every round posts to each server once, starting
with a different one each round; the table gives each server's median and its ratio to
the floor's.

    AMITY_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test python bench/graphql_vs_postgraphile.py
    ... python bench/graphql_vs_postgraphile.py --runs 50

PostGraphile is installed with ``npm install --prefix bench/.node`` on the first run (the
folder is ignored by git). Without a PostgreSQL server, or without npm or PostGraphile,
the script says so and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
from nested_page import (
    NESTED,
    PAGE,
    QUERY,
    free_port,
    measure,
    post,
    print_table,
    seed,
    settings_for,
    start_server,
    stop,
    wait_until_up,
)

from amity.core.auth import create_api_key, create_user
from amity.schema.relay import to_global_id
from amity.testing import drop, postgres_url, started

POSTGRAPHILE = "postgraphile@4.14.1"
NODE_DIR = Path(__file__).resolve().parent / ".node"

#: amity's query for PostGraphile's schema; the aliases give the answer amity's shape.
POSTGRAPHILE_QUERY = f"""{{ customers: allCoreCustomers(first: {PAGE}, orderBy: [CODE_ASC, ID_ASC]) {{
  edges {{ node {{ id code name status createdAt
    interactions: coreInteractionsByCustomerId(first: {NESTED}, orderBy: [OCCURRED_AT_DESC, ID_DESC]) {{
      edges {{ node {{ channel subject occurredAt }} }} }} }} }} }} }}"""

#: What a user tuning PostGraphile for production would pass: no query log, no GraphiQL,
#: no watch mode, the flags its help marks [RECOMMENDED]; one process, like amity's uvicorn.
POSTGRAPHILE_FLAGS = (
    "--disable-query-log", "--disable-graphiql", "--no-ignore-rbac", "--no-ignore-indexes",
    "--dynamic-json", "--no-setof-functions-contain-nulls", "--legacy-relations", "omit",
)

FLOOR = "floor: Starlette + asyncpg + orjson"
AMITY = "amity (uvicorn, API key)"
DEMO = "amity, demo mode (no API key)"
PG = "PostGraphile 4 (Node)"


def postgraphile_binary(node_dir: Path) -> Path | None:
    """PostGraphile's command under ``node_dir``, installed there with npm if missing;
    ``None`` (with the reason printed) when it cannot be had."""
    binary = node_dir / "node_modules" / ".bin" / "postgraphile"
    if shutil.which("node") is None:
        print("PostGraphile: skipped (needs node on PATH)")
        return None
    if binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None:
        print(f"PostGraphile: skipped (not in {node_dir}, and no npm on PATH to install it)")
        return None
    print(f"installing {POSTGRAPHILE} into {node_dir} ...")
    done = subprocess.run([npm, "install", "--prefix", str(node_dir), POSTGRAPHILE, "--no-audit", "--no-fund",
                           "--loglevel", "error"], capture_output=True, text=True)
    if done.returncode != 0 or not binary.exists():
        print(f"PostGraphile: skipped (npm install failed: {done.stderr.strip()[-500:]})")
        return None
    return binary


def postgraphile_version(binary: Path) -> str:
    """What ``postgraphile --version`` prints."""
    return subprocess.run([str(binary), "--version"], capture_output=True, text=True).stdout.strip()


def start_postgraphile(binary: Path, database_url: str, port: int) -> subprocess.Popen[bytes]:
    """PostGraphile on 127.0.0.1:``port`` over the ``public`` schema, with ``NODE_ENV=production``."""
    return subprocess.Popen(
        [str(binary), "--connection", database_url, "--schema", "public", "--host", "127.0.0.1", "--port", str(port),
         *POSTGRAPHILE_FLAGS],
        env={**os.environ, "NODE_ENV": "production"}, stdout=subprocess.DEVNULL,
    )


def _instant(text: str) -> str:
    """A timestamp as ISO 8601 in UTC, whatever offset and precision it was written with."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC).isoformat()


def normalised(answer: dict[str, Any], raw_ids: bool) -> list[dict[str, Any]]:
    """The customers of an answer in one form: global ids, upper-case enum values, UTC timestamps.
    ``raw_ids`` says the answer holds primary keys (PostGraphile's ``id``), not global ids."""
    customers = []
    for edge in answer["data"]["customers"]["edges"]:
        node = edge["node"]
        customers.append({
            "id": to_global_id("Customer", node["id"]) if raw_ids else node["id"],
            "code": node["code"], "name": node["name"], "status": node["status"].upper(),
            "createdAt": _instant(node["createdAt"]),
            "interactions": [
                {"channel": inner["node"]["channel"].upper(), "subject": inner["node"]["subject"],
                 "occurredAt": _instant(inner["node"]["occurredAt"])}
                for inner in node["interactions"]["edges"]
            ],
        })
    return customers


async def bench(server_url: str, binary: Path, runs: int, warmup: int) -> None:
    """Seed a new database, start the servers on it, check their answers, time them."""
    database_url = postgres_url(server_url)
    amity = await started(settings_for(database_url))
    servers: list[subprocess.Popen[bytes]] = []
    try:
        await seed()
        _, secret = await create_api_key(await create_user("bench", "admin"), "bench")
        ports = {name: free_port() for name in (FLOOR, AMITY, DEMO, PG)}
        servers.append(start_server("floor", ports[FLOOR], database_url))
        servers.append(start_server("amity", ports[AMITY], database_url))
        servers.append(start_server("amity-demo", ports[DEMO], database_url))
        servers.append(start_postgraphile(binary, database_url, ports[PG]))
        url = {name: f"http://127.0.0.1:{port}" for name, port in ports.items()}
        async with httpx.AsyncClient(timeout=30) as client:
            await wait_until_up(client, servers[0], f"{url[FLOOR]}/healthz")
            await wait_until_up(client, servers[1], f"{url[AMITY]}/healthz")
            await wait_until_up(client, servers[2], f"{url[DEMO]}/healthz")
            await wait_until_up(client, servers[3], f"{url[PG]}/graphql", probe={"query": "{ __typename }"}, seconds=60)
            ways = {
                FLOOR: post(client, f"{url[FLOOR]}/graphql", {"query": QUERY}),
                AMITY: post(client, f"{url[AMITY]}/graphql", {"query": QUERY}, {"Authorization": f"Bearer {secret}"}),
                DEMO: post(client, f"{url[DEMO]}/graphql", {"query": QUERY}),
                PG: post(client, f"{url[PG]}/graphql", {"query": POSTGRAPHILE_QUERY}),
            }
            check({name: orjson.loads(await way()) for name, way in ways.items()})
            medians = await measure(ways, runs, warmup)
        print_table(f"PostgreSQL, over HTTP on 127.0.0.1: {PAGE} customers x {NESTED} interactions, "
                    f"median of {runs} interleaved rounds after {warmup} warm-up requests each", medians, FLOOR)
    finally:
        for server in servers:
            stop(server)
        await drop(amity)


def check(answers: dict[str, dict[str, Any]]) -> None:
    """Raise unless amity gives the floor's exact JSON and PostGraphile the same data."""
    if "errors" in answers[PG]:
        raise AssertionError(f"PostGraphile answered with errors: {answers[PG]['errors']}")
    for name in (AMITY, DEMO):
        if answers[name] != answers[FLOOR]:
            raise AssertionError(f"{name} gives other JSON than the floor")
    expected = normalised(answers[FLOOR], raw_ids=False)
    if len(expected) != PAGE or any(len(customer["interactions"]) != NESTED for customer in expected):
        raise AssertionError(f"the floor gives no page of {PAGE} customers with {NESTED} interactions each")
    if normalised(answers[PG], raw_ids=True) != expected:
        raise AssertionError("PostGraphile gives other data than the floor")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="interleaved rounds (default 30)")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests to each server first (default 20)")
    parser.add_argument("--node-dir", type=Path, default=NODE_DIR, help="where PostGraphile is installed (bench/.node)")
    arguments = parser.parse_args()
    server_url = os.environ.get("AMITY_BENCH_POSTGRES_URL") or os.environ.get("AMITY_TEST_POSTGRES_URL")
    if not server_url:
        print("PostGraphile needs PostgreSQL: skipped (set AMITY_BENCH_POSTGRES_URL or AMITY_TEST_POSTGRES_URL)")
        return 0
    binary = postgraphile_binary(arguments.node_dir)
    if binary is None:
        return 0
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"PostGraphile {postgraphile_version(binary)}, node {node}, Python {sys.version.split()[0]}")
    started_at = time.perf_counter()
    asyncio.run(bench(server_url, binary, arguments.runs, arguments.warmup))
    print(f"\n(whole run {time.perf_counter() - started_at:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
