"""Relay: global IDs, the ``Node`` interface, and keyset-paginated connections.

Cursors encode the sort key values of the last row seen, never an offset, so a page stays
correct while rows are added before it.
"""

from __future__ import annotations

import base64
import binascii
import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Generic, TypeVar

import orjson
import strawberry
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from amity.core.db import fetch_records
from amity.core.errors import DomainError
from amity.schema.errors import ClientError
from amity.schema.loaders import Loaders

T = TypeVar("T")


def to_global_id(type_name: str, pk: int | str) -> str:
    """``Customer`` + 5 -> an opaque ID that names both."""
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


#: The largest primary key a record can have (a 32-bit integer column, as on PostgreSQL).
MAX_KEY = 2**31 - 1


def from_global_id(value: str) -> tuple[str, str]:
    """The ``(type name, primary key)`` inside a global ID; ClientError when malformed."""
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        type_name, pk = raw.split(":", 1)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ClientError(f"{value!r} is not a valid ID", "INVALID_ID") from None
    if not type_name or not pk or (pk.isdigit() and int(pk) > MAX_KEY):
        raise ClientError(f"{value!r} is not a valid ID", "INVALID_ID")
    return type_name, pk


def decode_id(value: str | strawberry.ID, expected: str, argument: str = "id") -> int:
    """The integer key of a global ID of type ``expected``; ClientError naming ``argument``."""
    try:
        type_name, pk = from_global_id(str(value))
    except ClientError:
        raise ClientError(f"{argument}: {value!r} is not a valid ID", "INVALID_ID") from None
    if type_name != expected or not pk.isdigit():
        raise ClientError(f"{argument}: {value!r} is not the ID of a {expected}", "INVALID_ID")
    return int(pk)


@strawberry.interface(description="An object with a global ID, fetchable with `node(id:)`.")
class Node:
    @strawberry.field(description="The global ID of this object.")
    def id(self, info: strawberry.Info) -> strawberry.ID:
        return strawberry.ID(to_global_id(info._raw_info.parent_type.name, self.pk))  # type: ignore[attr-defined]


@strawberry.type
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="One item of a connection, with the cursor to page from it.")
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type(description="A page of items with cursors (Relay connection).")
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo
    count_total: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items match, over all pages.")
    async def total_count(self) -> int:
        return await self.count_total()

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        return [edge.node for edge in self.edges]


@strawberry.enum(description="Sort direction.")
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"


@dataclass(frozen=True)
class SortKey:
    """One column of an ordering: model field name and direction."""

    field: str
    descending: bool = False


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def encode_cursor(signature: str, values: Sequence[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([signature, [_plain(v) for v in values]])).decode().rstrip("=")


def cursor_values(cursor: str, signature: str, count: int, argument: str) -> list[Any]:
    """The raw values in a cursor; ClientError if malformed or made for another list or ordering."""
    try:
        tag, values = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, TypeError):
        raise ClientError(f"{argument}: {cursor!r} is not a valid cursor", "INVALID_CURSOR") from None
    if tag != signature or not isinstance(values, list) or len(values) != count:
        raise ClientError(f"{argument}: the cursor belongs to another list or ordering", "INVALID_CURSOR")
    return values


def decode_cursor(cursor: str, signature: str, model: type[Model], keys: Sequence[SortKey], argument: str) -> list[Any]:
    """The sort values in a cursor, as Python values of the model's fields."""
    values = cursor_values(cursor, signature, len(keys), argument)
    try:
        return [model._meta.fields_map[key.field].to_python_value(value) for key, value in zip(keys, values, strict=True)]
    except (ValueError, TypeError, ArithmeticError):
        raise ClientError(f"{argument}: {cursor!r} is not a valid cursor", "INVALID_CURSOR") from None


async def list_page(
    info: Any,
    query: QuerySet[Any],
    order: Sequence[SortKey],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    signature: str = "",
) -> Connection[Any]:
    """``paginate`` for a list field: page sizes come from the running instance's settings."""
    settings = info.context.settings
    return await paginate(
        query, order, first=first, after=after, last=last, before=before,
        default_size=settings.default_page_size, max_size=settings.max_page_size, signature=signature,
    )


def _after(keys: Sequence[SortKey], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in the ordering ``keys`` (a keyset predicate)."""
    alternatives = []
    for index, key in enumerate(keys):
        equal = {k.field: v for k, v in zip(keys[:index], values[:index], strict=True)}
        operator = "lt" if key.descending else "gt"
        alternatives.append(Q(**equal, **{f"{key.field}__{operator}": values[index]}))
    return Q(*alternatives, join_type="OR")


def keyset(order: Sequence[SortKey], signature: str) -> tuple[list[SortKey], str]:
    """The sort keys of a list (``order``, then the primary key as tie-breaker) and the tag
    its cursors carry, so a cursor is refused by another list or ordering."""
    keys, tag, _ = _keyset(tuple(order), signature)
    return list(keys), tag


@functools.lru_cache(maxsize=256)
def _keyset(order: tuple[SortKey, ...], signature: str) -> tuple[tuple[SortKey, ...], str, tuple[str, ...]]:
    """``keyset`` and ``order_by_names`` of the keys, worked out once per ordering: a page of
    500 parents asks for the same nested ordering 500 times."""
    keys = order if any(k.field == "id" for k in order) else (*order, SortKey("id", order[-1].descending if order else False))
    tag = signature + "|" + ",".join(f"{k.field}:{'d' if k.descending else 'a'}" for k in keys)
    return keys, tag, tuple(order_by_names(keys))


def order_by_names(keys: Sequence[SortKey]) -> list[str]:
    """Tortoise ``order_by`` arguments for ``keys``: field names, ``-`` for descending."""
    return [("-" if k.descending else "") + k.field for k in keys]


class KeysetEdge(Edge[Any]):
    """An ``Edge`` of a keyset page whose cursor is encoded only when a client selects it:
    a page of 500 customers with 3 interactions each would otherwise encode 2,000 cursors
    that most queries never ask for."""

    def __init__(self, node: Any, keys: Sequence[SortKey], tag: str) -> None:
        self.node = node
        self._keys = keys
        self._tag = tag

    @property  # type: ignore[override]
    def cursor(self) -> str:
        return encode_cursor(self._tag, [getattr(self.node, k.field) for k in self._keys])


class KeysetPageInfo(PageInfo):
    """``PageInfo`` whose start and end cursors are those of its edges, encoded on demand."""

    def __init__(self, edges: Sequence[Edge[Any]], *, has_next_page: bool, has_previous_page: bool) -> None:
        self.has_next_page = has_next_page
        self.has_previous_page = has_previous_page
        self._edges = edges

    @property  # type: ignore[override]
    def start_cursor(self) -> str | None:
        return self._edges[0].cursor if self._edges else None

    @property  # type: ignore[override]
    def end_cursor(self) -> str | None:
        return self._edges[-1].cursor if self._edges else None


def _edges(rows: Sequence[Any], keys: Sequence[SortKey], tag: str) -> list[Edge[Any]]:
    return [KeysetEdge(row, keys, tag) for row in rows]


def page_size(first: int | None, last: int | None, default: int, maximum: int) -> tuple[int, bool]:
    """Validated page size and whether paging backwards; ClientError names the argument."""
    if first is not None and last is not None:
        raise ClientError("pass either first or last, not both", "BAD_PAGINATION")
    for name, value in (("first", first), ("last", last)):
        if value is not None and value < 0:
            raise ClientError(f"{name} must not be negative", "BAD_PAGINATION")
        if value is not None and value > maximum:
            raise ClientError(f"{name} must not exceed {maximum}", "BAD_PAGINATION")
    if last is not None:
        return last, True
    return (first if first is not None else default), False


async def paginate(
    query: QuerySet[Any],
    order: Sequence[SortKey],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    default_size: int,
    max_size: int,
    signature: str = "",
) -> Connection[Any]:
    """A page of ``query`` in ``order`` (the primary key is appended as tie-breaker)."""
    model = query.model
    size, backwards = page_size(first, last, default_size, max_size)
    keys, tag = keyset(order, signature)
    count_query = query

    if after is not None:
        query = query.filter(_after(keys, decode_cursor(after, tag, model, keys, "after")))
    if before is not None:
        reversed_keys = [SortKey(k.field, not k.descending) for k in keys]
        query = query.filter(_after(reversed_keys, decode_cursor(before, tag, model, keys, "before")))
    walk = [SortKey(k.field, k.descending != backwards) for k in keys]
    rows = await fetch_records(query.order_by(*order_by_names(walk)).limit(size + 1))
    has_more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
    edges = _edges(rows, keys, tag)
    page = KeysetPageInfo(
        edges,
        has_next_page=has_more if not backwards else before is not None,
        has_previous_page=has_more if backwards else after is not None,
    )

    async def total() -> int:
        return await count_query.count()

    return Connection(edges=edges, page_info=page, count_total=total)


def children_connection(
    loaders: Loaders,
    model: type[Model],
    parent_field: str,
    parent_key: Any,
    order: Sequence[SortKey],
    *,
    first: int | None,
    after: str | None,
    default_size: int,
    max_size: int,
    signature: str = "",
    where: tuple[tuple[str, Any], ...] = (),
) -> Connection[Any] | Awaitable[Connection[Any]]:
    """A page of the ``model`` rows of one parent, for a connection field on the parent's type,
    among the rows whose fields equal the ``where`` pairs.

    The first page of every parent in a list loads in one query (``Loaders.first_children``)
    and its ``totalCount`` through ``Loaders.count_of``; when the list resolver primed those
    pages (``prime_children``) the page is returned at once, without awaiting. A page
    ``after`` a cursor goes through ``paginate``. Cursors are the same either way, so a
    client can continue from a nested edge's cursor.
    """
    if after is not None:
        return paginate(
            model.filter(**{parent_field: parent_key}, **dict(where)), order, first=first, after=after, last=None,
            before=None, default_size=default_size, max_size=max_size, signature=signature,
        )
    size, _ = page_size(first, None, default_size, max_size)
    keys, tag, order_by = _keyset(tuple(order), signature)
    loader = loaders.first_children(model, parent_field, order_by, size + 1, where)
    count = functools.partial(_count_children, loaders, model, parent_field, parent_key, where)
    found, rows = loaders.cached(loader, parent_key)
    if found:
        return _first_page(rows, size, keys, tag, count)

    async def load() -> Connection[Any]:
        return _first_page(await loader.load(parent_key), size, keys, tag, count)

    return load()


def child_page(
    info: Any,
    model: type[Model],
    parent_field: str,
    parent_key: Any,
    order: Sequence[SortKey],
    *,
    first: int | None = None,
    after: str | None = None,
    signature: str = "",
    where: tuple[tuple[str, Any], ...] = (),
) -> Connection[Any] | Awaitable[Connection[Any]]:
    """``children_connection`` for a connection field on a parent type (``Customer.tickets``):
    the first page of every parent of a list in one query, page sizes from the settings;
    ``where`` keeps the rows whose fields equal its pairs (``(("status", "open"),)``)::

        @strawberry.field(extensions=[requires_permission("tickets.read")])
        def tickets(self, info: strawberry.Info, first: int | None = None, after: str | None = None
                    ) -> Connection[TicketNode]:
            return child_page(info, Ticket, "customer_id", self.pk, [SortKey("created_at", True)],
                              first=first, after=after, signature="customer.tickets")

    Return it without awaiting (the field is a plain ``def``): a page already loaded is then
    answered at once."""
    settings = info.context.settings
    return children_connection(
        info.context.loaders, model, parent_field, parent_key, order, first=first, after=after,
        default_size=settings.default_page_size, max_size=settings.max_page_size, signature=signature, where=where,
    )


def _first_page(
    rows: Sequence[Any], size: int, keys: Sequence[SortKey], tag: str, count: Callable[[], Awaitable[int]]
) -> Connection[Any]:
    edges = _edges(rows[:size], keys, tag)
    page = KeysetPageInfo(edges, has_next_page=len(rows) > size, has_previous_page=False)
    return Connection(edges=edges, page_info=page, count_total=count)


async def _count_children(
    loaders: Loaders, model: type[Model], parent_field: str, parent_key: Any, where: tuple[tuple[str, Any], ...]
) -> int:
    return await loaders.count_of(model, parent_field, where).load(parent_key)


async def prime_children(
    loaders: Loaders,
    model: type[Model],
    parent_field: str,
    parent_keys: Sequence[Any],
    order: Sequence[SortKey],
    *,
    first: int | None,
    default_size: int,
    max_size: int,
) -> None:
    """Load the first page of children of every parent in one query, ahead of the parents'
    connection fields, so that ``children_connection`` answers them without awaiting."""
    size, _ = page_size(first, None, default_size, max_size)
    _, _, order_by = _keyset(tuple(order), "")
    await loaders.prime(loaders.first_children(model, parent_field, order_by, size + 1), parent_keys)


def input_id(value: str | strawberry.ID, expected: str, field: str) -> int:
    """Decode a global ID inside a mutation input: a bad one becomes an INVALID_ID userError."""
    try:
        return decode_id(value, expected, field)
    except ClientError as error:
        raise DomainError.single("INVALID_ID", error.message, field) from None
