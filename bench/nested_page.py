"""The page the benchmarks fetch, and what they share to fetch and time it.

The data: 2,000 customers with 3 interactions each, in amity's own tables. The page: 500
customers ordered by code, each with its 3 newest interactions. Here are the query, the
floor (the same JSON by raw SQL and orjson), the seeding, amity's and the floor's HTTP
servers, and the interleaved timing.

The servers run in subprocesses started by :func:`start_server`, which runs this file::

    python bench/nested_page.py amity PORT DATABASE_URL   # amity's app under uvicorn
    python bench/nested_page.py amity-demo PORT DATABASE_URL  # the same in demo mode: no API key
    python bench/nested_page.py floor PORT DATABASE_URL   # Starlette + asyncpg + orjson (PostgreSQL)
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

import httpx
import orjson

from amity.core import clock, models
from amity.core.settings import Settings
from amity.schema.relay import to_global_id

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

Way = Callable[[], Awaitable[bytes]]


def settings_for(database_url: str) -> Settings:
    """amity's settings for the bench: no plugins, no jobs, pages of up to ``PAGE``."""
    return Settings(database_url=database_url, plugins=(), max_page_size=PAGE, run_jobs=False)


async def seed() -> None:
    """2,000 customers with 3 interactions each, inserted in bulk (amity must be started)."""
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


def page_json(customers: list[Any], interactions: list[Any]) -> bytes:
    """amity's answer built by hand from the rows of the two statements, as orjson bytes."""
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


async def floor() -> bytes:
    """The page by hand in process: two statements through amity's Tortoise connection, orjson."""
    db = models.Customer._meta.db
    customers = await db.execute_query_dict(CUSTOMER_SQL)
    ids = ",".join(str(int(row["id"])) for row in customers)
    interactions = await db.execute_query_dict(INTERACTION_SQL.format(ids=ids, limit=NESTED))
    return page_json(customers, interactions)


def post(client: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Way:
    """A way that posts ``body`` as JSON to ``path`` and returns the response's bytes."""
    content = orjson.dumps(body)
    headers = {"Content-Type": "application/json", **(headers or {})}

    async def run() -> bytes:
        response = await client.post(path, content=content, headers=headers)
        response.raise_for_status()
        return response.content

    return run


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(kind: str, port: int, database_url: str) -> subprocess.Popen[bytes]:
    """Start this file as a server subprocess: ``kind`` is ``amity``, ``amity-demo`` or ``floor``."""
    return subprocess.Popen([sys.executable, os.path.abspath(__file__), kind, str(port), database_url])


async def wait_until_up(client: httpx.AsyncClient, server: subprocess.Popen[bytes], path: str = "/healthz",
                        probe: dict[str, Any] | None = None, seconds: float = 30) -> None:
    """Poll the server until ``path`` answers 200 (a POST of ``probe`` when given, else a GET)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server {server.args[0]} exited with {server.returncode}")
        try:
            response = await (client.post(path, json=probe) if probe is not None else client.get(path))
            if response.status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise RuntimeError(f"the server {server.args[0]} did not answer {path} within {seconds:.0f} s")


def stop(server: subprocess.Popen[bytes] | None) -> None:
    """Terminate a server subprocess and wait for it (killed if it does not stop in 10 s)."""
    if server is None or server.poll() is not None:
        return
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


async def measure(ways: dict[str, Way], runs: int, warmup: int = 1) -> dict[str, float]:
    """Median seconds per way over ``runs`` rounds; each round runs every way once, starting
    with a different one each round. Each way runs ``warmup`` times first, untimed."""
    for way in ways.values():  # warm up: caches, connections, first-use imports, JIT compilers
        for _ in range(warmup):
            await way()
    times: dict[str, list[float]] = {name: [] for name in ways}
    names = list(ways)
    for round_ in range(runs):
        for name in names[round_ % len(names):] + names[: round_ % len(names)]:
            start = time.perf_counter()
            await ways[name]()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def print_table(title: str, medians: dict[str, float], base: str) -> None:
    """Medians in milliseconds and each one's ratio to the median of ``base``."""
    print(f"\n{title}")
    width = max(len(name) for name in medians)
    print(f"  {'':{width}}  {'median':>9}  {'x floor':>7}")
    for name, seconds in medians.items():
        print(f"  {name:{width}}  {seconds * 1000:7.1f} ms  {seconds / medians[base]:7.1f}")


def serve_amity(database_url: str, port: int, demo: bool = False) -> None:
    """amity's app under uvicorn, as ``amity serve`` runs it (one process); with ``demo``, a
    request without an API key acts as the admin (no key looked up)."""
    import uvicorn

    from amity.web import create_app

    uvicorn.run(create_app(settings_for(database_url).with_(demo=demo)), host="127.0.0.1", port=port,
                log_level="warning", access_log=False)


def floor_app(database_url: str) -> Any:
    """The floor over HTTP: Starlette, an asyncpg pool and orjson. ``POST /graphql`` reads the
    JSON body, runs the floor's two statements and answers with the same bytes as :func:`floor`."""
    import asyncpg
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

    interaction_sql = INTERACTION_SQL.format(ids="SELECT unnest($1::int[])", limit=NESTED)
    pool: list[Any] = []

    async def graphql(request: Request) -> Response:
        orjson.loads(await request.body())
        async with pool[0].acquire() as connection:
            customers = await connection.fetch(CUSTOMER_SQL)
            interactions = await connection.fetch(interaction_sql, [row["id"] for row in customers])
        return Response(page_json(customers, interactions), media_type="application/json")

    async def healthz(request: Request) -> Response:
        return Response(b'{"status":"ok"}', media_type="application/json")

    async def lifespan(app: Any) -> Any:
        pool.append(await asyncpg.create_pool(database_url, min_size=1, max_size=10))
        yield
        await pool[0].close()

    from contextlib import asynccontextmanager

    return Starlette(routes=[Route("/graphql", graphql, methods=["POST"]), Route("/healthz", healthz)],
                     lifespan=asynccontextmanager(lifespan))


def serve_floor(database_url: str, port: int) -> None:
    """The floor's app under uvicorn, with the same uvicorn settings as amity's."""
    import uvicorn

    uvicorn.run(floor_app(database_url), host="127.0.0.1", port=port, log_level="warning", access_log=False)


if __name__ == "__main__":
    kind, port, url = sys.argv[1:4]
    if kind == "amity-demo":
        serve_amity(url, int(port), demo=True)
    else:
        {"amity": serve_amity, "floor": serve_floor}[kind](url, int(port))
