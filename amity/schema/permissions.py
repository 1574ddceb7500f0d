"""Permission checks on fields and mutations, over the permission codes of ``amity.core.auth``.

Put ``requires_permission(code)`` on root fields, connections and relations; scalar fields
inherit their type's check. Mutations call ``ensure(info, code)`` so a refusal becomes a
``PERMISSION_DENIED`` userError.
"""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import FieldExtension

from amity.core.errors import DomainError
from amity.schema.errors import PermissionDenied


def _principal(info: strawberry.Info) -> Any:
    return info.context.principal


class RequiresPermission(FieldExtension):
    """Refuse the field with a FORBIDDEN error unless the caller holds ``code``."""

    def __init__(self, code: str) -> None:
        self.code = code

    def resolve(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if not _principal(info).has(self.code):
            raise PermissionDenied(self.code)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if not _principal(info).has(self.code):
            raise PermissionDenied(self.code)
        result = next_(source, info, **kwargs)
        return await result if hasattr(result, "__await__") else result


def requires_permission(code: str) -> RequiresPermission:
    """A field extension: ``@strawberry.field(extensions=[requires_permission("x.read")])``."""
    return RequiresPermission(code)


def ensure(info: strawberry.Info, code: str) -> None:
    """Inside a mutation: raise a PERMISSION_DENIED DomainError unless the caller holds ``code``."""
    if not _principal(info).has(code):
        raise DomainError.single("PERMISSION_DENIED", f"permission {code!r} is required", None)
