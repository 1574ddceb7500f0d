"""``node``/``nodes`` lookups by global ID and ``viewer``, the caller's own identity."""

from __future__ import annotations

import strawberry

from amity.schema.errors import ClientError
from amity.schema.relay import Node, from_global_id

MAX_NODES = 100


async def _fetch(info: strawberry.Info, global_id: str) -> object | None:
    type_name, pk = from_global_id(global_id)
    entry = info.context.nodes.get(type_name)
    if entry is None or not pk.isdigit():
        raise ClientError(f"id: {global_id!r} is not the ID of any enabled type", "INVALID_ID")
    model, permission = entry
    if not info.context.principal.has(permission):
        return None
    return await info.context.loaders.by_id(model).load(int(pk))


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
    username: str
    role: str
    permissions: list[str]


@strawberry.type
class ViewerQuery:
    @strawberry.field(description="The caller: user name, role and permission codes.")
    def viewer(self, info: strawberry.Info) -> Viewer:
        principal = info.context.principal
        return Viewer(username=principal.username, role=principal.role, permissions=sorted(principal.permissions))



