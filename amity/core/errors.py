"""Expected failures of business rules. The GraphQL layer turns them into ``userErrors``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldProblem:
    """One problem with one input field; ``field`` is a dotted path like ``postalAddress.country``."""

    field: str | None
    message: str
    code: str = "INVALID"


class DomainError(Exception):
    """A request that the rules refuse. Carries one or more ``FieldProblem``s."""

    def __init__(self, *problems: FieldProblem) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, code: str, message: str, field: str | None = None) -> DomainError:
        return cls(FieldProblem(field, message, code))


def not_found(what: str, field: str | None = "id") -> DomainError:
    return DomainError.single("NOT_FOUND", f"{what} does not exist", field)


def stale(what: str, current: int) -> DomainError:
    return DomainError.single(
        "STALE", f"{what} was changed by someone else (now version {current}); reload and retry", "expectedVersion"
    )
