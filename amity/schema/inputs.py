"""Turning GraphQL input objects into the plain dicts that services take, and gathering the
problems of one input so that a mutation reports all of them at once."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Iterable
from enum import Enum
from typing import Any

import strawberry
from strawberry import UNSET

from amity.core.errors import DomainError, FieldProblem
from amity.schema.relay import input_id


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


class InputProblems:
    """The problems of one mutation input, gathered from its IDs, its links and the service's
    own checks, so that the client hears of all of them in one answer::

        found = InputProblems()
        customer_id = found.id(input.customer_id, "Customer", "customerId")
        found.extend(service.check_values(values))
        found.raise_any()                # DomainError with every problem, or nothing
    """

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []

    def id(self, value: str | strawberry.ID, expected: str, field: str) -> int | None:
        """The key of a global ID of type ``expected``; None (and a problem) when it is not one."""
        try:
            return input_id(value, expected, field)
        except DomainError as error:
            self.problems.extend(error.problems)
            return None

    async def check(self, awaitable: Awaitable[Any]) -> Any:
        """Await a check that raises ``DomainError``; keep its problems instead."""
        try:
            return await awaitable
        except DomainError as error:
            self.problems.extend(error.problems)
            return None

    def extend(self, problems: Iterable[FieldProblem]) -> None:
        self.problems.extend(problems)

    def raise_any(self) -> None:
        """Raise one ``DomainError`` with every problem gathered, if there is any."""
        if self.problems:
            raise DomainError(*self.problems)
