"""A compiled fast path for plain fields (DESIGN.md, "Performance", lever 1).

graphql-core completes every field of every object through the full resolver machinery
(resolve info, resolver call, completion); for a page of 500 customers that is where the
time goes, not SQL. ``FastPathExecutionContext`` plans each selection once per operation:

- a *plain* field is an attribute field (no resolver, arguments, field extensions or
  permission classes) of scalar or enum type, ``__typename``, or an object or list of
  objects whose own selection is entirely plain;
- plain fields are read straight from the source object and serialised, recursively;
- an attribute field of object type whose selection is not wholly plain (the ``edges`` and
  ``node`` of a page of customers with a nested ``interactions`` page) is read straight too,
  and each object goes to ``execute_fields`` without graphql-core's completion machinery,
  with graphql-core's error handling at each field and list item;
- a field with a resolver (a nested page, an address) skips graphql-core's per-field set-up:
  its definition, resolve function and arguments are looked up once per selection, and a
  sync resolver guarded only by ``requires_permission`` is called without strawberry's
  per-call wrapping when the caller holds the codes (otherwise through it, so a refusal is
  the same error); the result is completed by graphql-core with its error handling;
- every other field goes through graphql-core's ``execute_field`` as usual.

Whenever a plain value is not what graphql-core would accept as is (a null in a non-null
field, a value that fails to serialise, an object that fails ``is_type_of``, a missing
attribute, a list that is not a list), that field is handed to graphql-core instead, so
results and errors stay identical; a differential test checks this.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graphql import GraphQLEnumType, GraphQLError, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, gather_with_cancel
from graphql.pyutils import is_awaitable as default_is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.arguments import convert_arguments
from tortoise.models import Model

from amity.schema.permissions import RequiresPermission
from amity.schema.relay import Node, to_global_id

_NOT_PLAIN = object()
_EVALUATED_DIRECTIVES = {"include", "skip"}
_IMMUTABLE = (str, int, float, bool, Enum, type(None))


@dataclass(frozen=True, slots=True)
class PlainField:
    """How to complete one plain field: read ``attribute``, then serialise or recurse."""

    attribute: str | None  # None: __typename
    non_null: bool
    is_list: bool = False
    item_non_null: bool = False
    serialize: Callable[[Any], Any] | None = None
    object_type: GraphQLObjectType | None = None
    fields: tuple[tuple[str, PlainField], ...] = ()
    grouped: Any = None  # a selection that is not wholly plain: run through ``execute_fields``
    details: Any = None
    return_type: Any = None


@dataclass(frozen=True, slots=True)
class DirectCall:
    """A sync resolver guarded only by ``requires_permission``, called as strawberry calls it
    (``self``, ``root``/``parent`` and ``info`` parameters filled in, arguments converted once
    per selection) when ``checks`` all pass."""

    definition: Any
    info_class: Any
    checks: tuple[RequiresPermission, ...]
    kwargs: dict[str, Any]

    def __call__(self, source: Any, raw_info: Any) -> Any:
        """The resolver's result, or ``_NOT_PLAIN`` when a check refuses the caller."""
        definition = self.definition
        info = self.info_class(_raw_info=raw_info, _field=definition)
        for check in self.checks:
            if not check.permits(info):
                return _NOT_PLAIN
        resolver = definition.base_resolver
        args = [source] if resolver.self_parameter else []
        kwargs = dict(self.kwargs)
        for parameter, value in ((resolver.parent_parameter, source), (resolver.root_parameter, source),
                                 (resolver.info_parameter, info)):
            if parameter is not None:
                kwargs[parameter.name] = value
        return definition.get_result(source, info=info, args=args, kwargs=kwargs)


@dataclass(frozen=True, slots=True)
class ResolvedField:
    """How to run one field that has a resolver: what ``execute_field`` looks up for every
    object, looked up once per selection (``arguments`` None: coerced per object)."""

    field: Any
    nodes: list[Any]
    details: Any
    parent_type: GraphQLObjectType
    resolve: Callable[..., Any]
    arguments: dict[str, Any] | None
    direct: DirectCall | None


#: A field's plan: plain, with a resolver, or None for graphql-core's ``execute_field``.
Planned = PlainField | ResolvedField | None


def _is_node_id(definition: Any) -> bool:
    """The ``id`` of ``Node``: a resolver, but one that only encodes the primary key."""
    node_id = Node.__strawberry_definition__.get_field("id")  # type: ignore[attr-defined]
    return definition.base_resolver.wrapped_func is node_id.base_resolver.wrapped_func and not definition.extensions


def _unwrap(field_type: Any) -> tuple[bool, bool, bool, Any]:
    non_null = isinstance(field_type, GraphQLNonNull)
    inner = field_type.of_type if non_null else field_type
    if not isinstance(inner, GraphQLList):
        return non_null, False, False, inner
    item = inner.of_type
    item_non_null = isinstance(item, GraphQLNonNull)
    return non_null, True, item_non_null, item.of_type if item_non_null else item


def is_awaitable(value: Any) -> bool:
    """graphql-core's test, except that a Tortoise model instance is a value: models define
    ``__await__`` (so ``await Model.create()`` reads well), and graphql-core would otherwise
    complete every record a resolver returns through a coroutine."""
    return not isinstance(value, Model) and default_is_awaitable(value)


class AmityExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context, treating Tortoise records as plain values."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.is_awaitable = is_awaitable  # type: ignore[assignment]


class FastPathExecutionContext(AmityExecutionContext):
    """The execution context that completes plain fields without resolvers."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[Any, dict[str, Planned]]] = {}

    def _fields_plan(self, parent_type: GraphQLObjectType, grouped: Any) -> dict[str, Planned]:
        key = (parent_type, id(grouped))
        cached = self._plans.get(key)
        if cached is None:
            plan = {name: self._plain_field(parent_type, details) for name, details in grouped.items()}
            cached = self._plans[key] = (grouped, plan)  # keep ``grouped`` alive so its id stays unique
        return cached[1]

    def _plain_field(self, parent_type: GraphQLObjectType, details: Any) -> Planned:
        node = details[0].node
        if any(d.defer_usage is not None for d in details):
            return None
        if any(directive.name.value not in _EVALUATED_DIRECTIVES for d in details for directive in d.node.directives or ()):
            return None
        if node.name.value == "__typename":
            type_name = parent_type.name
            return PlainField(None, True, serialize=lambda _: type_name)
        field = parent_type.fields.get(node.name.value)
        definition = field.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF) if field else None
        if definition is not None and definition.base_resolver is not None and _is_node_id(definition):
            type_name = parent_type.name
            return PlainField("pk", True, serialize=lambda pk: to_global_id(type_name, pk))
        if definition is not None and definition.base_resolver is not None:
            return self._resolved_field(parent_type, field, definition, details)
        if (
            definition is None
            or definition.extensions
            or definition.permission_classes
            or field.args
            or any(d.node.arguments for d in details)
        ):
            return None
        non_null, is_list, item_non_null, inner = _unwrap(field.type)
        if isinstance(inner, (GraphQLScalarType, GraphQLEnumType)):
            return PlainField(definition.python_name, non_null, is_list, item_non_null, serialize=inner.serialize)
        if not isinstance(inner, GraphQLObjectType):
            return None
        grouped, defer_usages, *_ = self.collect_subfields(inner, details)
        if defer_usages:
            return None
        sub_plan = self._fields_plan(inner, grouped)
        if any(not isinstance(planned, PlainField) or planned.grouped is not None for planned in sub_plan.values()):
            return PlainField(
                definition.python_name, non_null, is_list, item_non_null, object_type=inner,
                grouped=grouped, details=details, return_type=field.type,
            )
        return PlainField(
            definition.python_name, non_null, is_list, item_non_null, object_type=inner, fields=tuple(sub_plan.items())
        )

    def _resolved_field(self, parent_type: GraphQLObjectType, field: Any, definition: Any, details: Any) -> ResolvedField:
        resolve = field.resolve or self.field_resolver
        if self.middleware_manager:
            resolve = self.middleware_manager.get_field_resolver(resolve)
        first = details[0]
        arguments = None
        if not field.args and not first.node.arguments:
            arguments = {}
        else:
            try:
                coerced = get_argument_values(
                    field, first.node, self.variable_values, first.fragment_variable_values, self.hide_suggestions
                )
            except Exception:  # noqa: BLE001 - raised again for each object, where graphql-core raises it
                coerced = None
            if coerced is not None and all(isinstance(value, _IMMUTABLE) for value in coerced.values()):
                arguments = coerced
        direct = None
        if arguments is not None and resolve is field.resolve:
            direct = self._direct_call(definition, arguments)
        return ResolvedField(field, [d.node for d in details], details, parent_type, resolve, arguments, direct)

    def _direct_call(self, definition: Any, arguments: dict[str, Any]) -> DirectCall | None:
        """A ``DirectCall`` when strawberry would do nothing more than check permissions,
        convert immutable arguments and call a sync resolver; None otherwise."""
        extensions = definition.extensions
        if definition.is_async or not all(type(extension) is RequiresPermission for extension in extensions):
            return None
        strawberry_schema = self.schema._strawberry_schema  # type: ignore[attr-defined]
        converter = strawberry_schema.schema_converter
        if converter._get_field_exception_handlers(definition):
            return None
        try:
            kwargs = convert_arguments(arguments, definition.arguments, converter.scalar_registry, strawberry_schema.config)
        except Exception:  # noqa: BLE001 - left to strawberry, which raises it for each object
            return None
        if not all(isinstance(value, _IMMUTABLE) for value in kwargs.values()):
            return None
        return DirectCall(definition, strawberry_schema.config.info_class, tuple(extensions), kwargs)

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        plan = self._fields_plan(parent_type, grouped_field_set)
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        try:
            for response_name, details in grouped_field_set.items():
                planned = plan[response_name]
                field_path = None
                if planned.__class__ is ResolvedField:
                    result = self._resolve(planned, source_value, Path(path, response_name, parent_type.name),
                                           position_context)
                    results[response_name] = result
                    if self.is_awaitable(result):
                        awaitable_fields.append(response_name)
                    continue
                if planned is not None:
                    if planned.grouped is None:
                        value = _complete(planned, source_value)
                        if value is not _NOT_PLAIN:
                            results[response_name] = value
                            continue
                    else:
                        field_path = Path(path, response_name, parent_type.name)
                        value = self._complete_attribute(planned, source_value, field_path)
                        if value is not _NOT_PLAIN:
                            results[response_name] = value
                            if self.is_awaitable(value):
                                awaitable_fields.append(response_name)
                            continue
                if field_path is None:
                    field_path = Path(path, response_name, parent_type.name)
                result = self.execute_field(parent_type, source_value, details, field_path, position_context)
                if result is Undefined:
                    continue
                results[response_name] = result
                if self.is_awaitable(result):
                    awaitable_fields.append(response_name)
        except Exception:  # settle the other fields' awaitables as graphql-core does, then re-raise
            if awaitable_fields:
                self.settle_in_background([results[name] for name in awaitable_fields])
            raise
        if not awaitable_fields:
            return results
        return self._gather(results, awaitable_fields)

    async def _gather(self, results: dict[str, Any], awaitable_fields: list[str]) -> dict[str, Any]:
        awaited = await gather_with_cancel(*(results[name] for name in awaitable_fields))
        results.update(zip(awaitable_fields, awaited, strict=True))
        return results

    def _resolve(self, planned: ResolvedField, source: Any, path: Path, position_context: Any) -> Any:
        """``execute_field`` for a field planned once per selection: the same resolve info,
        arguments, resolver call, completion and error handling."""
        field = planned.field
        return_type = field.type
        info = self.build_resolve_info(field, planned.nodes, planned.parent_type, path)
        try:
            arguments = planned.arguments
            if arguments is None:
                first = planned.details[0]
                arguments = get_argument_values(
                    field, first.node, self.variable_values, first.fragment_variable_values, self.hide_suggestions
                )
            result = _NOT_PLAIN if planned.direct is None else planned.direct(source, info)
            if result is _NOT_PLAIN:
                result = planned.resolve(source, info, **arguments)
            if self.is_awaitable(result):
                return self.complete_awaitable_value(return_type, planned.details, info, path, result, position_context)
            completed = self.complete_value(return_type, planned.details, info, path, result, position_context)
            if self.is_awaitable(completed):
                return self._settle(completed, return_type, planned.details, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, planned.details, path)
            return None
        return completed

    def _complete_attribute(self, planned: PlainField, source: Any, path: Path) -> Any:
        """An attribute field of object type whose selection is not wholly plain: the object
        (or each object of the list) goes straight to ``execute_fields``, as graphql-core's
        ``execute_field`` and ``complete_value`` would send it there after reading the
        attribute, with the same error handling. ``_NOT_PLAIN`` when the value is anything
        graphql-core would complete otherwise (null in a non-null field, not a list, an
        awaitable, an object failing ``is_type_of``): it then goes through ``execute_field``,
        before any resolver below it has run."""
        try:
            value = getattr(source, planned.attribute)  # type: ignore[arg-type]
        except AttributeError:
            return _NOT_PLAIN
        if value is None:
            return _NOT_PLAIN if planned.non_null else None
        if not _completes_as_is(planned, value):
            return _NOT_PLAIN
        try:
            completed = self._objects(planned, value, path) if planned.is_list else self._object(planned, value, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, planned.return_type, planned.details, path)
            return None
        if self.is_awaitable(completed):
            return self._settle(completed, planned.return_type, planned.details, path)
        return completed

    def _object(self, planned: PlainField, value: Any, path: Path) -> Any:
        return self.execute_fields(planned.object_type, value, path, planned.grouped, None)  # type: ignore[arg-type]

    def _objects(self, planned: PlainField, values: Any, path: Path) -> Any:
        """``complete_iterable_value`` for a list of objects, each item straight to ``execute_fields``."""
        list_type = planned.return_type.of_type if planned.non_null else planned.return_type  # type: ignore[union-attr]
        item_type = list_type.of_type
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        try:
            for index, item in enumerate(values):
                if item is None:
                    completed.append(None)
                    continue
                item_path = path.add_key(index, None)
                try:
                    result = self._object(planned, item, item_path)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, planned.details, item_path)
                    completed.append(None)
                    continue
                if self.is_awaitable(result):
                    completed.append(self._settle(result, item_type, planned.details, item_path))
                    awaitable_indices.append(index)
                else:
                    completed.append(result)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed[index] for index in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed
        return self._gather_items(completed, awaitable_indices)

    async def _gather_items(self, completed: list[Any], awaitable_indices: list[int]) -> list[Any]:
        awaited = await gather_with_cancel(*(completed[index] for index in awaitable_indices))
        for index, result in zip(awaitable_indices, awaited, strict=True):
            completed[index] = result
        return completed

    async def _settle(self, completed: Any, return_type: Any, details: Any, path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None


def _completes_as_is(planned: PlainField, value: Any) -> bool:
    """Whether graphql-core would complete ``value`` (not null) straight into the selection
    of ``planned.object_type``: an object (or a list or tuple of objects, nulls only where
    allowed) that is not awaitable and passes ``is_type_of``."""
    is_type_of = planned.object_type.is_type_of  # type: ignore[union-attr]
    items = value if planned.is_list else (value,)
    if planned.is_list and not isinstance(value, (list, tuple)):
        return False
    for item in items:
        if item is None:
            if planned.item_non_null:
                return False
            continue
        if is_awaitable(item) or (is_type_of is not None and is_type_of(item, None) is not True):
            return False
    return True


def _complete(planned: PlainField, source: Any) -> Any:
    """The completed value of a plain field of ``source``, or ``_NOT_PLAIN``."""
    if planned.attribute is None:
        return planned.serialize(source)  # type: ignore[misc]
    try:
        value = getattr(source, planned.attribute)
    except AttributeError:
        return _NOT_PLAIN
    if value is None:
        return _NOT_PLAIN if planned.non_null else None
    if not planned.is_list:
        return _one(planned, value)
    if not isinstance(value, (list, tuple)):
        return _NOT_PLAIN
    items = []
    for item in value:
        if item is None:
            if planned.item_non_null:
                return _NOT_PLAIN
            items.append(None)
            continue
        completed = _one(planned, item)
        if completed is _NOT_PLAIN:
            return _NOT_PLAIN
        items.append(completed)
    return items


def _one(planned: PlainField, value: Any) -> Any:
    if planned.serialize is not None:
        try:
            return planned.serialize(value)
        except (TypeError, ValueError, GraphQLError):
            return _NOT_PLAIN
    object_type = planned.object_type
    is_type_of = object_type.is_type_of  # type: ignore[union-attr]
    if is_type_of is not None and is_type_of(value, None) is not True:
        return _NOT_PLAIN
    data = {}
    for key, field in planned.fields:
        completed = _complete(field, value)
        if completed is _NOT_PLAIN:
            return _NOT_PLAIN
        data[key] = completed
    return data
