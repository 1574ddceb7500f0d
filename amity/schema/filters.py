"""The filter and orderBy toolkit that every entity's list field reuses.

An entity's filter input is a ``@strawberry.input`` whose fields are operator inputs
(``StringFilter``, ``IntFilter``, ``DecimalFilter``, ``DateTimeFilter``, ``IDFilter``,
``BooleanFilter``, and ``enum_filter(SomeEnum)`` for a column holding an enum's values) plus
optional ``and``/``or``/``not``. ``to_q`` turns one into a Tortoise
``Q`` using a map from filter field to model column. Example::

    @strawberry.input
    class CustomerFilter:
        name: StringFilter | None = UNSET
        status: CustomerStatusFilter | None = UNSET   # CustomerStatusFilter = enum_filter(CustomerStatus)
        and_: list["CustomerFilter"] | None = strawberry.field(name="and", default=UNSET)
        or_: list["CustomerFilter"] | None = strawberry.field(name="or", default=UNSET)
        not_: "CustomerFilter | None" = strawberry.field(name="not", default=UNSET)

    query = Customer.filter(to_q(filter, {"name": "name"}))
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET
from tortoise.expressions import Q

from amity.schema.errors import ClientError
from amity.schema.relay import SortKey, decode_id

MAX_IN_VALUES = 500

#: GraphQL operator name -> Tortoise lookup suffix
LOOKUPS = {
    "eq": "",
    "ne": "not",
    "in_": "in",
    "contains": "icontains",
    "starts_with": "istartswith",
    "gt": "gt",
    "gte": "gte",
    "lt": "lt",
    "lte": "lte",
    "is_null": "isnull",
}


@strawberry.input(description="Operators on a text field; matching with contains/startsWith ignores case.")
class StringFilter:
    eq: str | None = UNSET
    ne: str | None = UNSET
    in_: list[str] | None = strawberry.field(name="in", default=UNSET)
    contains: str | None = UNSET
    starts_with: str | None = UNSET
    is_null: bool | None = UNSET


@strawberry.input(description="Operators on a whole-number field.")
class IntFilter:
    eq: int | None = UNSET
    ne: int | None = UNSET
    in_: list[int] | None = strawberry.field(name="in", default=UNSET)
    gt: int | None = UNSET
    gte: int | None = UNSET
    lt: int | None = UNSET
    lte: int | None = UNSET
    is_null: bool | None = UNSET


@strawberry.input(description="Operators on a decimal field.")
class DecimalFilter:
    eq: Decimal | None = UNSET
    gt: Decimal | None = UNSET
    gte: Decimal | None = UNSET
    lt: Decimal | None = UNSET
    lte: Decimal | None = UNSET
    is_null: bool | None = UNSET


@strawberry.input(description="Operators on a timestamp (ISO 8601 with zone).")
class DateTimeFilter:
    eq: datetime | None = UNSET
    gt: datetime | None = UNSET
    gte: datetime | None = UNSET
    lt: datetime | None = UNSET
    lte: datetime | None = UNSET
    is_null: bool | None = UNSET


@strawberry.input(description="Operators on a yes/no field.")
class BooleanFilter:
    eq: bool | None = UNSET


@strawberry.input(description="Operators on a reference by global ID.")
class IDFilter:
    eq: strawberry.ID | None = UNSET
    in_: list[strawberry.ID] | None = strawberry.field(name="in", default=UNSET)
    is_null: bool | None = UNSET


@functools.cache
def enum_filter(enum: type[Enum]) -> type:
    """The operator input (``eq``, ``ne``, ``in``, ``isNull``) on a column that holds the values
    of ``enum``, a ``strawberry.enum``: clients send enum values (``ACTIVE``), so a value that
    is not one is refused by GraphQL validation. Named ``<Enum>Filter``; one per enum."""
    name = f"{enum.__strawberry_definition__.name}Filter"  # type: ignore[attr-defined]
    namespace = {
        "__annotations__": {"eq": enum | None, "ne": enum | None, "in_": list[enum] | None, "is_null": bool | None},  # type: ignore[valid-type]
        "eq": UNSET, "ne": UNSET, "in_": strawberry.field(name="in", default=UNSET), "is_null": UNSET,
    }
    return strawberry.input(type(name, (), namespace), name=name, description=f"Operators on a `{name[:-6]}` field.")


def _plain(value: Any) -> Any:
    """Enum members as the values stored in their column."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.value if isinstance(value, Enum) else value


@dataclasses.dataclass(frozen=True)
class Ref:
    """A filter field that holds global IDs of ``type_name``, stored in ``column`` (an FK id)."""

    column: str
    type_name: str


Column = str | Ref | Callable[[Any], Q]


def _operator_q(column: str | Ref, operators: Any, path: str) -> Q:
    parts = []
    for field in dataclasses.fields(operators):
        value = _plain(getattr(operators, field.name))
        if value is UNSET or value is None:
            continue
        name = column.column if isinstance(column, Ref) else column
        if isinstance(column, Ref) and field.name in {"eq", "in_"}:
            ids = value if isinstance(value, list) else [value]
            decoded = [decode_id(v, column.type_name, f"{path}.{field.name.rstrip('_')}") for v in ids]
            value = decoded if isinstance(value, list) else decoded[0]
        if isinstance(value, list) and len(value) > MAX_IN_VALUES:
            raise ClientError(f"{path}.in: at most {MAX_IN_VALUES} values", "BAD_FILTER")
        lookup = LOOKUPS[field.name]
        if field.name == "ne":
            parts.append(~Q(**{name: value}))
        else:
            parts.append(Q(**{f"{name}__{lookup}" if lookup else name: value}))
    return Q(*parts) if parts else Q()


def to_q(filter_input: Any, columns: Mapping[str, Column], path: str = "filter") -> Q:
    """Translate a filter input (with optional and/or/not) into a Tortoise ``Q``.

    ``columns`` maps each filter field's Python name to a model column, a ``Ref`` for
    global-ID fields, or a function that takes the field's value and returns a ``Q``.
    """
    if filter_input is None or filter_input is UNSET:
        return Q()
    parts: list[Q] = []
    for field in dataclasses.fields(filter_input):
        value = getattr(filter_input, field.name)
        if value is UNSET or value is None:
            continue
        name = field.name
        if name == "and_":
            parts.extend(to_q(item, columns, f"{path}.and") for item in value)
        elif name == "or_":
            parts.append(Q(*[to_q(item, columns, f"{path}.or") for item in value], join_type="OR"))
        elif name == "not_":
            parts.append(~to_q(value, columns, f"{path}.not"))
        else:
            column = columns[name]
            parts.append(column(value) if callable(column) else _operator_q(column, value, f"{path}.{name}"))
    return Q(*parts) if parts else Q()


def order_keys(order_by: Sequence[Any] | None, default: Sequence[SortKey]) -> list[SortKey]:
    """Sort keys from an ``orderBy`` list of ``{field, direction}`` inputs.

    Each entity's order field enum has model column names as values.
    """
    if not order_by:
        return list(default)
    return [SortKey(item.field.value, item.direction.value == "desc") for item in order_by]
