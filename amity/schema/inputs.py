"""Turning GraphQL input objects into the plain dicts that services take."""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import Any

from strawberry import UNSET


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return values_of(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    return value


def values_of(input_object: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a client actually sent (UNSET left out), nested inputs as dicts,
    enums as their values. ``None`` stays: it means "clear this field"."""
    return {
        field.name: _plain(getattr(input_object, field.name))
        for field in dataclasses.fields(input_object)
        if field.name not in skip and getattr(input_object, field.name) is not UNSET
    }
