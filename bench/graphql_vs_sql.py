"""How far a nested GraphQL page is from the floor: the same data by raw SQL and orjson.

The page: 500 customers, each with its 3 newest interactions (2,000 customers with 3
interactions each are seeded). Every round runs each way once, in turn, and the table
shows the median of each way and its ratio to the floor:

  floor      two raw SQL statements through the same Tortoise connection
             (``execute_query_dict``), the nested JSON assembled in Python, ``orjson.dumps``
  in process ``schema.execute`` with an admin context, then ``orjson.dumps`` of the result;
             once with amity's settings as they are and once with ``fast_path`` off
  HTTP       the same query posted to uvicorn on 127.0.0.1 (a subprocess) with an API key

Before timing, the three answers are checked to be the same JSON.

    python bench/graphql_vs_sql.py               # SQLite; PostgreSQL too when configured
    python bench/graphql_vs_sql.py --runs 50

PostgreSQL runs when ``AMITY_BENCH_POSTGRES_URL`` (or ``AMITY_TEST_POSTGRES_URL``) names a
server; a throw-away database is created on it and dropped afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson

from amity.core import clock, models
from amity.core.app import Amity
from amity.core.auth import create_api_key, create_user
from amity.core.settings import Settings
from amity.schema.build import build_schema
from amity.schema.context import AmityContext
from amity.schema.relay import to_global_id
from amity.testing import drop, postgres_url, started
from amity.web import create_app, demo_principal

CUSTOMERS = 2_000
INTERACTIONS_PER_CUSTOMER = 3
PAGE = 500
NESTED = 3

QUERY = f"""{{ customers(first: {PAGE}) {{ edges {{ node {{ id code name status createdAt
  interactions(first: {NESTED}) {{ edges {{ node {{ channel subject occurredAt }} }} }} }} }} }} }}"""

CUSTOMER_SQL = f"""SELECT id, code, name, status, created_at FROM core_customer
ORDER BY code, id LIMIT {PAGE}"""

INTERACTION_SQL = """SELECT customer_id, channel, subject, occurred_at FROM (
  SELECT customer_id, channel, subject, occurred_at,
         ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY occurred_at DESC, id DESC) AS position
  FROM core_interaction WHERE customer_id IN ({ids})) ranked
WHERE position <= {limit} ORDER BY customer_id, position"""


def settings_for(database_url: str) -> Settings:
    return Settings(database_url=database_url, plugins=(), max_page_size=PAGE, run_jobs=False)


async def seed() -> None:
    """2,000 customers with 3 interactions each, inserted in bulk."""
    now = clock.now()
    await models.Customer.bulk_create(
        [models.Customer(code=f"C-{n:05d}", name=f"Customer {n}", type="enterprise", status="active",
                         created_at=now - timedelta(minutes=n), updated_at=now) for n in range(CUSTOMERS)],
        batch_size=500,
    )
    ids = await models.Customer.all().values_list("id", flat=True)
    await models.Interaction.bulk_create(
        [models.Interaction(customer_id=customer_id, channel=("phone", "email", "meeting")[i], direction="inbound",
                            initiator="customer", mode="indirect", subject=f"Call {i} of {customer_id}",
                            occurred_at=now - timedelta(hours=i, minutes=customer_id % 60), created_at=now)
         for customer_id in ids for i in range(INTERACTIONS_PER_CUSTOMER)],
        batch_size=1_000,
    )


def _iso(value: Any) -> Any:
    """SQLite hands back datetimes as text with a space; PostgreSQL as datetimes (orjson's job)."""
    return value.replace(" ", "T", 1) if isinstance(value, str) else value


async def floor() -> bytes:
    """The page by hand: two statements, nested JSON built in Python, orjson."""
    db = models.Customer._meta.db
    customers = await db.execute_query_dict(CUSTOMER_SQL)
    ids = ",".join(str(int(row["id"])) for row in customers)
    interactions = await db.execute_query_dict(INTERACTION_SQL.format(ids=ids, limit=NESTED))
    nested: dict[int, list[dict[str, Any]]] = {}
    for row in interactions:
        nested.setdefault(row["customer_id"], []).append(
            {"node": {"channel": row["channel"].upper(), "subject": row["subject"], "occurredAt": _iso(row["occurred_at"])}}
        )
    edges = [
        {"node": {"id": to_global_id("Customer", row["id"]), "code": row["code"], "name": row["name"],
                  "status": row["status"].upper(), "createdAt": _iso(row["created_at"]),
                  "interactions": {"edges": nested.get(row["id"], [])}}}
        for row in customers
    ]
    return orjson.dumps({"data": {"customers": {"edges": edges}}})


def in_process(schema: Any, context: Callable[[], AmityContext]) -> Callable[[], Awaitable[bytes]]:
    async def run() -> bytes:
        result = await schema.execute(QUERY, context_value=context())
        if result.errors:
            raise RuntimeError(result.errors)
        return orjson.dumps({"data": result.data})

    return run


def over_http(client: httpx.AsyncClient, secret: str) -> Callable[[], Awaitable[bytes]]:
    async def run() -> bytes:
        response = await client.post("/graphql", json={"query": QUERY}, headers={"Authorization": f"Bearer {secret}"})
        response.raise_for_status()
        return response.content

    return run


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(database_url: str, port: int) -> None:
    """The HTTP side, run in a subprocess: amity's app under uvicorn."""
    import uvicorn

    uvicorn.run(create_app(settings_for(database_url)), host="127.0.0.1", port=port, log_level="warning", access_log=False)


async def wait_until_up(client: httpx.AsyncClient, server: subprocess.Popen[bytes]) -> None:
    for _ in range(200):
        if server.poll() is not None:
            raise RuntimeError("the uvicorn subprocess exited")
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.05)
    raise RuntimeError("uvicorn did not answer /healthz")


async def measure(ways: dict[str, Callable[[], Awaitable[bytes]]], runs: int) -> dict[str, float]:
    """Median seconds per way over ``runs`` rounds; each round runs every way once, in turn."""
    for way in ways.values():  # warm up: caches, connections, first-use imports
        await way()
    times: dict[str, list[float]] = {name: [] for name in ways}
    names = list(ways)
    for round_ in range(runs):
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            start = time.perf_counter()
            await ways[name]()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


async def bench(label: str, database_url: str, runs: int) -> None:
    settings = settings_for(database_url)
    amity = await started(settings)
    server = None
    try:
        started_at = time.perf_counter()
        await seed()
        _, secret = await create_api_key(await create_user("bench", "admin"), "bench")
        seeded = time.perf_counter() - started_at
        principal = demo_principal(amity)
        fast = build_schema(amity).schema
        stock = build_schema(Amity(settings.with_(fast_path=False))).schema

        def context() -> AmityContext:
            return AmityContext(amity=amity, principal=principal)

        port = free_port()
        server = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--serve", str(port), "--database-url", database_url]
        )
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            await wait_until_up(client, server)
            ways = {
                "floor: raw SQL + orjson": floor,
                "GraphQL in process": in_process(fast, context),
                "GraphQL in process, fast path off": in_process(stock, context),
                "GraphQL over HTTP": over_http(client, secret),
            }
            answers = {name: orjson.loads(await way()) for name, way in ways.items()}
            expected = answers["floor: raw SQL + orjson"]
            if len(expected["data"]["customers"]["edges"]) != PAGE:
                raise AssertionError(f"the floor gives no page of {PAGE} customers")
            for name, answer in answers.items():
                if answer != expected:
                    raise AssertionError(f"{name} gives other data than the floor")
            medians = await measure(ways, runs)
        print_table(label, medians, runs, seeded)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        await drop(amity)


def print_table(label: str, medians: dict[str, float], runs: int, seeded: float) -> None:
    base = medians["floor: raw SQL + orjson"]
    print(f"\n{label}: {PAGE} customers x {NESTED} interactions, median of {runs} interleaved runs (seeded in {seeded:.1f} s)")
    width = max(len(name) for name in medians)
    print(f"  {'':{width}}  {'median':>9}  {'x floor':>7}")
    for name, seconds in medians.items():
        print(f"  {name:{width}}  {seconds * 1000:7.1f} ms  {seconds / base:7.1f}")


async def main(runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="amity-bench-") as directory:
        await bench("SQLite", f"sqlite://{Path(directory) / 'bench.sqlite3'}", runs)
    server_url = os.environ.get("AMITY_BENCH_POSTGRES_URL") or os.environ.get("AMITY_TEST_POSTGRES_URL")
    if server_url:
        await bench("PostgreSQL", postgres_url(server_url), runs)
    else:
        print("\nPostgreSQL: skipped (set AMITY_BENCH_POSTGRES_URL or AMITY_TEST_POSTGRES_URL)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="interleaved rounds per database (default 30)")
    parser.add_argument("--serve", type=int, metavar="PORT", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.serve:
        serve(arguments.database_url, arguments.serve)
    else:
        asyncio.run(main(arguments.runs))
