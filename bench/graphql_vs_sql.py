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
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import orjson
from nested_page import (
    NESTED,
    PAGE,
    QUERY,
    Way,
    floor,
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

from amity.core.app import Amity
from amity.core.auth import create_api_key, create_user
from amity.schema.build import build_schema
from amity.schema.context import AmityContext
from amity.testing import drop, postgres_url, started
from amity.web import demo_principal


def in_process(schema: Any, context: Callable[[], AmityContext]) -> Way:
    """A way that runs the query through ``schema.execute`` and serialises the result with orjson."""
    async def run() -> bytes:
        result = await schema.execute(QUERY, context_value=context())
        if result.errors:
            raise RuntimeError(result.errors)
        return orjson.dumps({"data": result.data})

    return run


async def bench(label: str, database_url: str, runs: int) -> None:
    """Seed a new database, check that every way gives the floor's JSON, time them, print the table."""
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
        server = start_server("amity", port, database_url)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            await wait_until_up(client, server)
            ways = {
                "floor: raw SQL + orjson": floor,
                "GraphQL in process": in_process(fast, context),
                "GraphQL in process, fast path off": in_process(stock, context),
                "GraphQL over HTTP": post(client, "/graphql", {"query": QUERY}, {"Authorization": f"Bearer {secret}"}),
            }
            answers = {name: orjson.loads(await way()) for name, way in ways.items()}
            expected = answers["floor: raw SQL + orjson"]
            if len(expected["data"]["customers"]["edges"]) != PAGE:
                raise AssertionError(f"the floor gives no page of {PAGE} customers")
            for name, answer in answers.items():
                if answer != expected:
                    raise AssertionError(f"{name} gives other data than the floor")
            medians = await measure(ways, runs)
        print_table(f"{label}: {PAGE} customers x {NESTED} interactions, median of {runs} interleaved runs "
                    f"(seeded in {seeded:.1f} s)", medians, "floor: raw SQL + orjson")
    finally:
        stop(server)
        await drop(amity)


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
    asyncio.run(main(parser.parse_args().runs))
