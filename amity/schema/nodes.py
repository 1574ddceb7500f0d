"""``node``/``nodes`` lookups by global ID and ``viewer``, the caller's own identity."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, NamedTuple

import strawberry
from tortoise.models import Model

from amity.schema.errors import ClientError
from amity.schema.relay import Node, from_global_id

MAX_NODES = 100


class NodeSource(NamedTuple):
    """How ``node(id:)`` fetches the records of one GraphQL type: the Tortoise ``model``, the
    ``permission`` code a caller needs, and optionally a record rule ``visible(info, record)``
    (plain or async) that answers whether this caller may see this record (None: everyone
    with the code)."""

    model: type[Model]
    permission: str
    visible: Callable[[strawberry.Info, Any], Any] | None = None


async def fetch_visible(info: strawberry.Info, source: NodeSource, pk: int) -> Any | None:
    """The record ``pk`` of ``source`` if the caller may see it, else None."""
    if not info.context.principal.has(source.permission):
        return None
    record = await info.context.loaders.by_id(source.model).load(pk)
    if record is None or source.visible is None:
        return record
    allowed = source.visible(info, record)
    if inspect.isawaitable(allowed):
        allowed = await allowed
    return record if allowed else None


async def _fetch(info: strawberry.Info, global_id: str) -> object | None:
    type_name, pk = from_global_id(global_id)
    source = info.context.nodes.get(type_name)
    if source is None or not pk.isdigit():
        raise ClientError(f"id: {global_id!r} is not the ID of any enabled type", "INVALID_ID")
    return await fetch_visible(info, source, int(pk))


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global ID; null when missing or not visible to you.")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        return await _fetch(info, id)  # type: ignore[return-value]

    @strawberry.field(description="Several objects by global ID, in the order asked.")
    async def nodes(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise ClientError(f"ids: at most {MAX_NODES} at once", "BAD_ARGUMENTS")
        return [await _fetch(info, i) for i in ids]  # type: ignore[misc]


@strawberry.type(description="Who is asking and what they may do.")
class Viewer:
    username: str = strawberry.field(description="Your user name (`demo-admin` in demo mode).")
    role: str = strawberry.field(description="Your role.")
    permissions: list[str] = strawberry.field(description="The permission codes your role grants, sorted.")


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="The caller: user name, role and permission codes.")
    def viewer(self, info: strawberry.Info) -> Viewer:
        principal = info.context.principal
        return Viewer(username=principal.username, role=principal.role, permissions=sorted(principal.permissions))



