"""The Starlette application: ``/graphql`` (with GraphiQL), ``/healthz`` and plugin routes."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from amity.core import db
from amity.core.app import Amity
from amity.core.auth import ANONYMOUS, Principal, authenticate
from amity.core.demo.catalog import DEMO_USERS
from amity.core.models import User
from amity.core.settings import Settings
from amity.schema.build import BuiltSchema, build_schema
from amity.schema.context import AmityContext

log = logging.getLogger("amity.web")
DEMO_PRINCIPAL_NAME = "demo-admin"


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    """Answer 413 to a request whose body exceeds ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await _too_large(self.limit)(scope, receive, send)


def _too_large(limit: int) -> Response:
    return _error_response(413, f"request body exceeds {limit} bytes", "PAYLOAD_TOO_LARGE")


def _error_response(status: int, message: str, code: str) -> Response:
    return JSONResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status_code=status)


class AmityGraphQL(GraphQL):
    """Strawberry's ASGI view with amity's context and orjson responses."""

    def __init__(self, amity: Amity, built: BuiltSchema, **options: Any) -> None:
        super().__init__(built.schema, **options)
        self.amity = amity
        self.nodes = built.nodes

    async def get_context(self, request: Any, response: Any) -> AmityContext:
        principal = request.scope.get("amity.principal", ANONYMOUS)
        return AmityContext(amity=self.amity, principal=principal, nodes=self.nodes, request=request, response=response)

    def encode_json(self, data: object) -> bytes:
        return orjson.dumps(data)


class Authenticate:
    """Resolve ``Authorization: Bearer <key>`` to a principal before GraphQL runs.

    A missing or wrong key is answered with 401. In demo mode a request without a key acts
    as the demo admin: the seeded admin user when there is one (so what a user does, such as
    owning a new deal or a worklist, works), else an admin without a user. Fetching the
    GraphiQL page itself needs no key.
    """

    def __init__(self, app: ASGIApp, amity: Amity) -> None:
        self.app = app
        self.amity = amity
        self._demo_user: Principal | None = None

    async def _demo_principal(self) -> Principal:
        if self._demo_user is None:
            user = await User.get_or_none(username=DEMO_USERS["admin"][0], role="admin", is_active=True)
            if user is None:
                return demo_principal(self.amity)
            self._demo_user = replace(await self.amity.access.principal_of(user), is_demo=True)
        return self._demo_user

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        header = request.headers.get("authorization", "")
        wants_page = request.method == "GET" and "text/html" in request.headers.get("accept", "")
        if header:
            scheme, _, secret = header.partition(" ")
            principal = await authenticate(secret.strip(), self.amity.access) if scheme.lower() == "bearer" else None
            if principal is None:
                await _error_response(401, "the API key is not valid or has been revoked", "UNAUTHENTICATED")(scope, receive, send)
                return
        elif self.amity.settings.demo:
            principal = await self._demo_principal()
        elif wants_page:
            principal = ANONYMOUS
        else:
            message = "send an API key: Authorization: Bearer <key> (create one with `amity keys create`)"
            await _error_response(401, message, "UNAUTHENTICATED")(scope, receive, send)
            return
        scope["amity.principal"] = principal
        await self.app(scope, receive, send)


def demo_principal(amity: Amity) -> Principal:
    """The anonymous caller in ``--demo`` mode: every permission, flagged as demo."""
    return Principal(None, DEMO_PRINCIPAL_NAME, "admin", amity.access.roles["admin"], is_demo=True)


async def healthz(request: Request) -> Response:
    """200 when the database answers, 503 otherwise."""
    try:
        await db.ping()
    except Exception as error:  # any database failure means "not healthy"
        log.warning("health check failed: %s", error)
        return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"})


def create_app(
    settings: Settings | None = None,
    *,
    amity: Amity | None = None,
    extra_plugins: Mapping[str, Any] | None = None,
    create_schema: bool = False,
) -> Starlette:
    """The ASGI app. Its lifespan opens the database (and runs jobs) and closes it again.

    ``create_schema`` builds tables without migrations: for tests and throw-away databases.
    """
    amity = amity or Amity(settings, extra_plugins=extra_plugins)
    built = build_schema(amity)
    graphql = AmityGraphQL(amity, built, graphql_ide="graphiql" if amity.settings.graphiql else None)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await amity.start(create_schema=create_schema)
        gc.freeze()  # start-up objects live as long as the process: keep the collector off them
        jobs = None
        if amity.settings.run_jobs and amity.scheduler.periodic:
            jobs = asyncio.create_task(amity.scheduler.run_forever())
        try:
            yield
        finally:
            if jobs is not None:
                jobs.cancel()
                with contextlib.suppress(BaseException):
                    await jobs
            await amity.stop()

    routes = [Route("/healthz", healthz), Route("/graphql", Authenticate(graphql, amity), methods=["GET", "POST"])]
    for extra in amity.plugins.call("register_routes"):
        routes.extend(extra or [])
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.amity = amity
    app.state.schema = built.schema
    app.add_middleware(BodySizeLimit, limit=amity.settings.max_body_bytes)
    if amity.settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(amity.settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type"],
            max_age=600,
        )
    return app


def app_from_environment() -> Starlette:
    """The app with settings from ``AMITY_*`` and ``amity.toml``: the factory that each
    worker process of ``amity serve --workers N`` imports."""
    return create_app(Settings.load())
