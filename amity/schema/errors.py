"""``userErrors`` and the mutation payload convention, and errors shown to clients.

Expected failures of a mutation (validation, not found, permission, conflict, stale
version) come back in the payload's ``userErrors`` with a stable ``code``. Errors on queries
that a client caused (a malformed ID or cursor, ``first`` over the cap, a missing
permission) are ``ClientError``s: their message reaches the client. Everything else is a
bug and is masked with a request id.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError

from amity.core.errors import DomainError, FieldProblem

log = logging.getLogger("amity.graphql")

CORE_ERROR_CODES: dict[str, str] = {
    "INVALID": "The value is not acceptable.",
    "REQUIRED": "A required value is missing or blank.",
    "TOO_LONG": "The value is longer than allowed.",
    "INVALID_CHOICE": "The value is not one of the allowed choices.",
    "INVALID_EMAIL": "Not a valid e-mail address.",
    "INVALID_PHONE": "Not a valid phone number.",
    "INVALID_CURRENCY": "Not an ISO 4217 currency code.",
    "INVALID_COUNTRY": "Not an ISO 3166-1 alpha-2 country code.",
    "INVALID_AMOUNT": "Not a decimal amount.",
    "NEGATIVE_AMOUNT": "The amount must not be negative.",
    "TOO_SMALL": "The value is below the minimum.",
    "INVALID_ID": "Not a global ID of the expected type.",
    "NOT_FOUND": "The record does not exist or is not visible to you.",
    "DUPLICATE": "A record with this unique value already exists.",
    "POSSIBLE_DUPLICATE": "Another record shares an e-mail or phone; confirm to proceed.",
    "STALE": "The record changed since you read it (expectedVersion).",
    "PERMISSION_DENIED": "You lack the permission this action needs.",
    "CONFLICT": "The action conflicts with the record's current state.",
    "CONFIRMATION_MISMATCH": "The confirmation does not repeat what it must (e.g. the customer's code).",
    "UNKNOWN_PERMISSION": "No enabled module declares this permission code.",
    "BUILTIN_ROLE": "Built-in roles cannot be created, changed or deleted.",
    "ROLE_IN_USE": "Users still hold this role.",
    "LAST_ADMIN": "The last active admin cannot be demoted or deactivated.",
}


@strawberry.enum(description="Stable codes of userErrors; plugins add their own.")
class UserErrorCode(Enum):
    INVALID = "INVALID"


@strawberry.type(description="An expected failure of a mutation, fit to show to a person.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault (camelCase path), if any.")
    message: str = strawberry.field(description="What went wrong, in a sentence.")
    code: UserErrorCode = strawberry.field(description="A stable code to branch on.")

    @classmethod
    def from_problem(cls, problem: FieldProblem) -> UserError:
        return cls(field=problem.field, message=problem.message, code=problem.code)  # type: ignore[arg-type]


class ClientError(GraphQLError):
    """An error the client caused on a query; its message is shown, never masked."""

    def __init__(self, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message, extensions={"code": code})


class PermissionDenied(ClientError):
    def __init__(self, code: str) -> None:
        super().__init__(f"permission {code!r} is required", "FORBIDDEN")


def is_client_error(error: GraphQLError) -> bool:
    """Errors whose message may reach a client: GraphQL's own (validation, and variables that
    do not fit their type, which have no path) and ``ClientError``s. A value the server fails
    to serialise while executing is a bug, and masked."""
    original = error.original_error
    if isinstance(original, GraphQLError) and not isinstance(original, ClientError):
        return not error.path
    return original is None or isinstance(original, (ClientError, DomainError))


Payload = TypeVar("Payload")


async def mutation_payload(
    payload: Callable[..., Payload], action: Callable[[], Awaitable[dict[str, Any]]]
) -> Payload:
    """Run ``action`` and build the payload: its result's fields on success, or
    ``userErrors`` from the ``DomainError`` it raised (and nothing else set)."""
    try:
        fields = await action()
    except DomainError as error:
        return payload(user_errors=[UserError.from_problem(p) for p in error.problems])
    return payload(user_errors=[], **fields)
