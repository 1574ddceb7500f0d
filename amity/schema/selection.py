"""Reading what a query selects, so list resolvers can load relations ahead (DESIGN.md,
"Performance", lever 2: prefetch by selection)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField

#: Where a connection's nodes sit in its selection.
NODE_PATHS = (("edges", "node"), ("nodes",))


def _fields(selections: Iterable[Any]) -> Iterator[SelectedField]:
    for selection in selections:
        if isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _fields(selection.selections)
        else:
            yield selection


def _walk(fields: Iterable[SelectedField], path: tuple[str, ...]) -> Iterator[SelectedField]:
    for field in fields:
        if field.name == path[0]:
            if len(path) == 1:
                yield field
            else:
                yield from _walk(_fields(field.selections), path[1:])


def node_fields(info: strawberry.Info, name: str) -> list[SelectedField]:
    """Every selection of field ``name`` on the nodes of the connection this resolver returns
    (under ``edges { node }`` and ``nodes``), through fragments, with its arguments."""
    found: list[SelectedField] = []
    for root in info.selected_fields:
        for path in NODE_PATHS:
            found.extend(_walk(_fields(root.selections), (*path, name)))
    return found


def int_argument(field: SelectedField, name: str) -> int | None:
    """An integer argument of a selected field (literal or variable), None when absent.

    Raises ``ValueError`` for a value that is not a whole number; the field's own resolver
    will report it where it belongs."""
    value = field.arguments.get(name)
    if value is None or isinstance(value, int):
        return value
    return int(value)
