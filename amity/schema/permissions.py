"""Permission checks on fields and mutations, over the permission codes of ``amity.core.auth``.

Put ``requires_permission(code)`` on root fields, connections and relations; scalar fields
inherit their type's check. Mutations call ``ensure(info, code)`` so a refusal becomes a
``PERMISSION_DENIED`` userError.

A guarded field is nullable in the built schema whatever its annotation says
(``nullable_when_guarded``): a caller without the code gets null there and a FORBIDDEN
error naming the field, and keeps the rest of the answer, instead of losing the whole list
the field sits in.
"""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLInterfaceType, GraphQLNonNull, GraphQLObjectType, GraphQLSchema
from strawberry.extensions import FieldExtension

from amity.core.errors import DomainError
from amity.schema.errors import PermissionDenied


def _principal(info: strawberry.Info) -> Any:
    return info.context.principal


class RequiresPermission(FieldExtension):
    """Refuse the field with a FORBIDDEN error unless the caller holds ``code``."""

    def __init__(self, code: str) -> None:
        self.code = code

    def permits(self, info: strawberry.Info) -> bool:
        """Whether the caller holds the code: the whole check, for a resolver called directly."""
        return _principal(info).has(self.code)

    def resolve(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if not self.permits(info):
            raise PermissionDenied(self.code)
        return next_(source, info, **kwargs)

    async def resolve_async(self, next_: Any, source: Any, info: strawberry.Info, **kwargs: Any) -> Any:
        if not self.permits(info):
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


def guard_codes(field: Any) -> list[str]:
    """The permission codes a graphql-core field's ``requires_permission`` checks ask for."""
    definition = (field.extensions or {}).get("strawberry-definition")
    if definition is None:
        return []
    return [e.code for e in definition.extensions if isinstance(e, RequiresPermission)]


def nullable_when_guarded(schema: GraphQLSchema) -> None:
    """Make every field that ``requires_permission`` nullable in ``schema``, and say in its
    description which permission it needs, in place."""
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            continue
        for field in graphql_type.fields.values():
            codes = guard_codes(field)
            if not codes:
                continue
            if isinstance(field.type, GraphQLNonNull):
                field.type = field.type.of_type
            needs = f"Needs the permission {' and '.join(f'`{code}`' for code in codes)}; null without it."
            field.description = f"{field.description} {needs}" if field.description else needs
