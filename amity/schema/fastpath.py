"""A compiled fast path for plain sub-selections (DESIGN.md, "Performance", lever 1).

graphql-core completes every field of every object through the full resolver machinery;
for a list of 500 customers that is where the time goes, not SQL. When a sub-selection
holds only plain attribute fields (no resolver, arguments, directives or field
extensions, scalar or enum types), ``FastPathExecutionContext`` builds a plan once per
operation and selection and then makes each result dict straight from the object,
applying each scalar's ``serialize``. Anything else, including a null in a non-null field
or a value that fails to serialize, goes through graphql-core unchanged, so results and
errors are identical (a differential test checks this).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLEnumType, GraphQLError, GraphQLNonNull, GraphQLObjectType, GraphQLResolveInfo, GraphQLScalarType
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter

#: one planned field: (response key, attribute name or None for __typename, serialize, non-null)
PlannedField = tuple[str, str | None, Callable[[Any], Any], bool]
_NOT_PLAIN = object()


def _plain_field(return_type: GraphQLObjectType, details: Any) -> PlannedField | None:
    node = details[0].node
    name = node.name.value
    key = node.alias.value if node.alias else name
    if name == "__typename":
        type_name = return_type.name
        return (key, None, lambda _: type_name, True)
    if node.arguments or node.directives or node.selection_set or any(d.node is not node for d in details[1:]):
        return None
    field = return_type.fields.get(name)
    definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF) if field else None
    if definition is None or definition.base_resolver is not None or definition.extensions or definition.permission_classes:
        return None
    field_type = field.type
    non_null = isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type if non_null else field_type
    if not isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
        return None
    return (key, definition.python_name, inner.serialize, non_null)


class FastPathExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context with the plain-selection fast path."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[Any, list[PlannedField] | None]] = {}

    def _plan(self, return_type: GraphQLObjectType, field_details_list: Any) -> list[PlannedField] | None:
        key = (return_type, id(field_details_list))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        grouped, defer_usages, *_ = self.collect_subfields(return_type, field_details_list)
        plan: list[PlannedField] | None = [] if not defer_usages else None
        for details in grouped.values() if plan is not None else ():
            planned = _plain_field(return_type, details)
            if planned is None:
                plan = None
                break
            plan.append(planned)
        self._plans[key] = (field_details_list, plan)  # keep the list alive so its id stays unique
        return plan

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: Any,
        info: GraphQLResolveInfo,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        plan = self._plan(return_type, field_details_list)
        if plan is not None and (return_type.is_type_of is None or return_type.is_type_of(result, info) is True):
            completed = _complete(plan, result)
            if completed is not _NOT_PLAIN:
                return completed
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)


def _complete(plan: list[PlannedField], source: Any) -> Any:
    data = {}
    for key, attribute, serialize, non_null in plan:
        try:
            value = source if attribute is None else getattr(source, attribute)
        except AttributeError:
            return _NOT_PLAIN
        if value is None:
            if non_null:
                return _NOT_PLAIN
            data[key] = None
            continue
        try:
            data[key] = serialize(value)
        except (TypeError, ValueError, GraphQLError):  # graphql-core reports this value's error
            return _NOT_PLAIN
    return data
