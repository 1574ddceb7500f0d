"""Compose one ``strawberry.Schema`` from the core and the enabled plugins.

Root fields are merged with ``merge_types``. Fields that a plugin adds to an existing type
(``extend={"Customer": [...]}``) are added to that type's definition only while this
schema is built, so every reference to ``Customer`` (from ``Interaction.customer``, from a
plugin's ``Opportunity.customer``) sees the same, extended type, and a schema built without
the plugin has no trace of it. Error codes that plugins declare join ``UserErrorCode`` the
same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import strawberry
from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    ValidationCache,
)
from strawberry.tools import merge_types
from strawberry.types.enum import EnumValue

from amity.core.app import Amity
from amity.schema.customers import CORE_NODES, CORE_TYPES, CustomerMutation, CustomerQuery
from amity.schema.descriptions import describe_by_convention
from amity.schema.errors import CORE_ERROR_CODES, UserErrorCode, is_client_error
from amity.schema.fastpath import AmityExecutionContext, FastPathExecutionContext
from amity.schema.nodes import NodeQuery, NodeSource, ViewerQuery
from amity.schema.permissions import nullable_when_guarded
from amity.schema.privacy import PrivacyMutation, PrivacyQuery
from amity.schema.users import AccessMutation, RoleQuery, UserQuery

log = logging.getLogger("amity.graphql")
VALIDATION_CACHE_SIZE = 256
_build_lock = threading.Lock()


@dataclass
class SchemaContribution:
    """What a plugin adds to the GraphQL API (returned by its ``register_schema`` hook).

    - ``query`` / ``mutation`` / ``subscription``: ``@strawberry.type`` classes whose fields
      join the root types.
    - ``types``: extra types not reachable from a root field (e.g. interface implementations).
    - ``extend``: GraphQL type name -> ``@strawberry.type`` classes whose fields are added to
      that type (the core's ``Customer``, or another plugin's type).
    - ``nodes``: GraphQL type name -> ``(Tortoise model, permission code)`` for ``node(id:)``,
      or ``(model, code, visible)`` with a record rule ``visible(info, record) -> bool``
      (see ``amity.schema.nodes.NodeSource``).
    - ``error_codes``: extra ``UserErrorCode`` values -> their meaning.
    """

    query: list[type] = field(default_factory=list)
    mutation: list[type] = field(default_factory=list)
    subscription: list[type] = field(default_factory=list)
    types: list[type] = field(default_factory=list)
    extend: dict[str, list[type]] = field(default_factory=dict)
    nodes: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    error_codes: dict[str, str] = field(default_factory=dict)


class SchemaError(RuntimeError):
    """Plugins' schema contributions do not fit together."""


class MaskUnexpectedErrors(MaskErrors):
    """Mask every error the client did not cause; log it in full with the request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=lambda error: not is_client_error(error))

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", "-")
        log.error("unexpected error (request id %s)", request_id, exc_info=error.original_error)
        masked = super().anonymise_error(error)
        masked.message = f"Unexpected error; quote request id {request_id} when reporting it."
        masked.extensions = {"code": "INTERNAL_ERROR", "requestId": request_id}
        return masked

    def on_operation(self) -> Iterator[None]:
        try:
            yield from super().on_operation()
        except GraphQLError as error:  # a syntax error leaves the operation as an exception
            _add_request_code(error)
            raise
        context = self.execution_context
        for error in [*(getattr(context.result, "errors", None) or ()), *(context.pre_execution_errors or ())]:
            _add_request_code(error)


def _add_request_code(error: GraphQLError) -> None:
    code = request_error_code(error)
    if code is not None:
        error.extensions = {**(error.extensions or {}), "code": code}


def request_error_code(error: GraphQLError) -> str | None:
    """The ``extensions.code`` of an error GraphQL itself raised before running anything (no
    path, no code yet): ``GRAPHQL_PARSE_FAILED``, ``BAD_USER_INPUT`` for variables that do not
    fit their type, ``GRAPHQL_VALIDATION_FAILED`` for the rest (unknown fields, query limits)."""
    if error.path or (error.extensions or {}).get("code"):
        return None
    if isinstance(error, GraphQLSyntaxError):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable "):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


@dataclass
class BuiltSchema:
    """The schema and what resolvers need to know about the composition."""

    schema: strawberry.Schema
    nodes: dict[str, NodeSource]


def _contributions(amity: Amity) -> dict[str, SchemaContribution]:
    found = amity.plugins.per_plugin("register_schema")
    for name, contribution in found.items():
        if not isinstance(contribution, SchemaContribution):
            raise SchemaError(f"plugin {name!r}: register_schema must return a SchemaContribution")
    return found


@contextmanager
def _extended(targets: Mapping[str, type], extend: Mapping[str, list[type]], codes: Mapping[str, str]) -> Iterator[None]:
    """Add fields to type definitions and values to UserErrorCode while a schema is built."""
    saved_fields = {}
    enum_definition = UserErrorCode.__strawberry_definition__  # type: ignore[attr-defined]
    saved_values = enum_definition.values
    try:
        for type_name, extra in extend.items():
            definition = targets[type_name].__strawberry_definition__  # type: ignore[attr-defined]
            saved_fields[type_name] = definition.fields
            definition.fields = [*definition.fields, *(f for cls in extra for f in cls.__strawberry_definition__.fields)]
        enum_definition.values = [EnumValue(name=code, value=code, description=meaning) for code, meaning in codes.items()]
        yield
    finally:
        for type_name, fields in saved_fields.items():
            targets[type_name].__strawberry_definition__.fields = fields  # type: ignore[attr-defined]
        enum_definition.values = saved_values


def build_schema(amity: Amity) -> BuiltSchema:
    """Build the GraphQL schema of this instance: core plus every enabled plugin."""
    contributions = _contributions(amity)
    targets = dict(CORE_TYPES)
    nodes = {name: NodeSource(*source) for name, source in CORE_NODES.items()}
    codes = dict(CORE_ERROR_CODES)
    extend: dict[str, list[type]] = {}
    queries = [NodeQuery, ViewerQuery, CustomerQuery, UserQuery, RoleQuery, PrivacyQuery]
    mutations = [CustomerMutation, PrivacyMutation, AccessMutation]
    subscriptions: list[type] = []
    types: list[type] = []
    for name, contribution in contributions.items():
        queries += contribution.query
        mutations += contribution.mutation
        subscriptions += contribution.subscription
        types += contribution.types
        targets.update({t.__strawberry_definition__.name: t for t in contribution.types})  # type: ignore[attr-defined]
        nodes.update({name: NodeSource(*source) for name, source in contribution.nodes.items()})
        for code, meaning in contribution.error_codes.items():
            if code in codes:
                raise SchemaError(f"plugin {name!r} declares error code {code} that already exists")
            codes[code] = meaning
        for type_name, classes in contribution.extend.items():
            extend.setdefault(type_name, []).extend(classes)
    for name, contribution in contributions.items():
        for type_name in contribution.extend:
            if type_name not in targets:
                raise SchemaError(f"plugin {name!r} extends unknown type {type_name!r}; list it in another plugin's `types`")
    settings = amity.settings
    # The depth and alias limits are validation rules, made once here: made per request, each
    # would be a new rule class and the validation cache would never hit.
    limits = [*QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
              *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules]
    extensions: list[Any] = [
        MaskUnexpectedErrors,
        partial(AddValidationRules, limits),
        partial(MaxTokensLimiter, max_token_count=settings.max_query_tokens),
        partial(ParserCache, maxsize=256),
        partial(ValidationCache, maxsize=VALIDATION_CACHE_SIZE),
    ]
    if not settings.introspection:
        extensions.append(DisableIntrospection)
    with _build_lock, _extended(targets, extend, codes):
        schema = strawberry.Schema(
            query=merge_types("Query", tuple(queries)),
            mutation=merge_types("Mutation", tuple(mutations)),
            subscription=merge_types("Subscription", tuple(subscriptions)) if subscriptions else None,
            types=types,
            extensions=extensions,
            execution_context_class=FastPathExecutionContext if settings.fast_path else AmityExecutionContext,
        )
    nullable_when_guarded(schema._schema)
    describe_by_convention(schema._schema)
    return BuiltSchema(schema=schema, nodes=nodes)
