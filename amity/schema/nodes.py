"""``node``/``nodes`` lookups by global ID and ``viewer``, the caller's own identity."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, NamedTuple

import strawberry
from tortoise.models import Model

from amity.core import models
from amity.schema.customers.types import User
from amity.schema.errors import ClientError
from amity.schema.relay import Node, decode_id, from_global_id

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


async def node_of_type(info: strawberry.Info, global_id: str | strawberry.ID, type_name: str) -> Any | None:
    """The ``type_name`` record of ``global_id`` under the permission and record rule of its
    ``node(id:)`` source, for a typed root lookup (``quotation(id:)``); None when missing or not
    visible, an INVALID_ID error on ``id`` when the ID is malformed or of another type."""
    return await fetch_visible(info, info.context.nodes[type_name], decode_id(global_id, type_name))


async def fetch_node(info: strawberry.Info, global_id: str) -> Any | None:
    """The record of any enabled type behind ``global_id`` if the caller may see it, else None;
    an INVALID_ID ``ClientError`` when the ID is malformed or of no enabled type."""
    type_name, pk = from_global_id(global_id)
    source = info.context.nodes.get(type_name)
    if source is None or not pk.isdigit():
        raise ClientError(f"id: {global_id!r} is not the ID of any enabled type", "INVALID_ID")
    return await fetch_visible(info, source, int(pk))


async def linked_node(info: strawberry.Info, global_id: str | None) -> Any | None:
    """The record a stored link (a global ID) points to, when it still exists and the caller
    may see it; None otherwise, also for a malformed link or one to a module not enabled here."""
    try:
        return await fetch_node(info, global_id) if global_id else None
    except ClientError:
        return None


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any object by its global ID; null when missing or not visible to you.")
    async def node(self, info: strawberry.Info, id: strawberry.ID) -> Node | None:
        return await fetch_node(info, id)  # type: ignore[no-any-return]

    @strawberry.field(description="Several objects by global ID, in the order asked; null for each one that is "
                      "missing, not visible to you or not a valid ID, so one stale ID does not cost the others.")
    async def nodes(self, info: strawberry.Info, ids: list[strawberry.ID]) -> list[Node | None]:
        if len(ids) > MAX_NODES:
            raise ClientError(f"ids: at most {MAX_NODES} at once", "BAD_ARGUMENTS")
        return [await linked_node(info, i) for i in ids]


@strawberry.type(description="Who is asking and what they may do.")
class Viewer:
    username: str = strawberry.field(
        description="Your user name (in demo mode the demo admin's, or `demo-admin` when there is no such user).")
    role: str = strawberry.field(description="Your role.")
    permissions: list[str] = strawberry.field(description="The permission codes your role grants, sorted.")
    user_id: strawberry.Private[int | None]

    @strawberry.field(description="You as a user, e.g. to filter on `owner: {eq: viewer.user.id}`; null for a "
                      "caller without a user.")
    async def user(self, info: strawberry.Info) -> User | None:
        return None if self.user_id is None else await info.context.loaders.by_id(models.User).load(self.user_id)


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="The caller: user, role and permission codes.")
    def viewer(self, info: strawberry.Info) -> Viewer:
        principal = info.context.principal
        return Viewer(username=principal.username, role=principal.role, permissions=sorted(principal.permissions),
                      user_id=principal.user_id)



