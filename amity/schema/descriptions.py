"""Descriptions by convention, so that every type a client sees in GraphiQL or codegen says
what it is, without each plugin repeating the same sentences.

Once the schema is built, types and fields still without a description get one from their
role in the conventions of ``docs/graphql.md``: mutation inputs and payloads, connections and
edges, filters and orders, and the fields every record shares (``id``, ``createdAt``,
``version``, ``userErrors``, ...). A description written in the code always wins.
"""

from __future__ import annotations

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)

COMMON_TYPES = {
    "Query": "What a client can read. Lists are Relay connections; `node(id:)` fetches any record by global ID.",
    "Mutation": "What a client can change. Every mutation takes one `input` and returns a payload with `userErrors`.",
    "PageInfo": "Where a page of a connection stands: its cursors and whether more records exist.",
}
#: The wire format of the scalars, which replaces the libraries' generic descriptions: what a
#: client maps them to (a string, in TypeScript) and what to send.
SCALARS = {
    "Decimal": "An exact decimal number as a string, e.g. `\"1250.00\"` (money has two places). Send strings: "
               "a JSON number may lose digits on the way.",
    "DateTime": "A moment as an ISO 8601 string with its offset, e.g. `\"2026-03-02T09:00:00+00:00\"`; stored "
                "in UTC. Send one with an offset (`Z` or `+01:00`).",
    "Date": "A calendar date as an ISO 8601 string, e.g. `\"2026-06-30\"`.",
    "JSON": "Any JSON value (an object, for a record's free attributes).",
}
COMMON_FIELDS = {
    "id": "Global ID (Relay): pass it to `node(id:)` or to mutations.",
    "createdAt": "When the record was created (ISO 8601, UTC).",
    "updatedAt": "When the record last changed (ISO 8601, UTC).",
    "version": "Send as `expectedVersion` to guard an update against a change made meanwhile (`STALE`).",
    "expectedVersion": "The `version` you read; a record changed meanwhile is refused with `STALE`.",
    "userErrors": "Why nothing was changed, for a person to read; empty when the mutation succeeded.",
    "edges": "The records of this page, each with its cursor.",
    "nodes": "The records of this page (the `node` of each edge).",
    "pageInfo": "Cursors and whether more pages exist.",
    "totalCount": "How many records match, across all pages (counted only when asked for).",
    "cursor": "Pass as `after` (or `before`) to continue from this record.",
    "node": "The record.",
    "hasNextPage": "Whether records follow this page (ask with `after: endCursor`).",
    "hasPreviousPage": "Whether records precede this page (ask with `before: startCursor`).",
    "startCursor": "The cursor of the first record of this page.",
    "endCursor": "The cursor of the last record of this page.",
    "and": "All of these conditions hold.",
    "or": "At least one of these conditions holds.",
    "not": "This condition does not hold.",
    "direction": "`ASC` or `DESC`.",
}


PAYLOAD_FIELD = "The result of the mutation; null when `userErrors` is not empty."


def _mutations_by_type(schema: GraphQLSchema) -> tuple[dict[str, str], dict[str, str]]:
    """Payload type name -> mutation, input type name -> mutation."""
    payloads: dict[str, str] = {}
    inputs: dict[str, str] = {}
    if schema.mutation_type is None:
        return payloads, inputs
    for name, field in schema.mutation_type.fields.items():
        payloads.setdefault(get_named_type(field.type).name, name)
        for argument in field.args.values():
            inputs.setdefault(get_named_type(argument.type).name, name)
    return payloads, inputs


def _type_description(name: str, payloads: dict[str, str], inputs: dict[str, str]) -> str | None:
    if name in COMMON_TYPES:
        return COMMON_TYPES[name]
    if name in payloads:
        return f"What `{payloads[name]}` returns: the record it changed, or `userErrors` saying why nothing changed."
    if name in inputs:
        return f"The input of `{inputs[name]}`."
    for suffix, sentence in (
        ("Connection", "A page of {} records (a Relay connection with keyset cursors)."),
        ("Edge", "One {} record of a page, with its cursor."),
        ("OrderField", "What {} lists can be sorted by."),
        ("Order", "One sort key for {} lists: a field and a direction; later keys break ties."),
        ("Filter", "Conditions on {} records: the fields given must all hold; nest `and`, `or`, `not`."),
    ):
        if name.endswith(suffix) and len(name) > len(suffix):
            return sentence.format(f"`{name.removesuffix(suffix)}`")
    return None


def describe_by_convention(schema: GraphQLSchema) -> None:
    """Fill in the missing descriptions of ``schema``'s types and fields, in place."""
    payloads, inputs = _mutations_by_type(schema)
    named: list[GraphQLNamedType] = [t for n, t in schema.type_map.items() if not n.startswith("__")]
    for graphql_type in named:
        if graphql_type.name in SCALARS:
            graphql_type.description = SCALARS[graphql_type.name]
        elif not graphql_type.description:
            graphql_type.description = _type_description(graphql_type.name, payloads, inputs)
    for graphql_type in named:
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            in_payload = graphql_type.name in payloads
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    field.description = COMMON_FIELDS.get(field_name) or (PAYLOAD_FIELD if in_payload else None)
