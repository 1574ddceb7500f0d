"""Every type and output field a client sees is described: written in the code, or by convention
(``amity.schema.descriptions``) for mutation inputs and payloads, connections, edges,
filters, orders and the fields every record shares."""

from __future__ import annotations

import pytest
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLInterfaceType, GraphQLObjectType, GraphQLUnionType

from amity.core.app import Amity
from amity.core.settings import Settings
from amity.schema.build import build_schema

DESCRIBED_KINDS = (GraphQLObjectType, GraphQLInputObjectType, GraphQLEnumType, GraphQLInterfaceType, GraphQLUnionType)


@pytest.fixture(scope="module")
def schema():
    return build_schema(Amity(Settings(database_url="sqlite://:memory:", plugins=("sales", "complaints")))).schema


def test_every_type_and_root_field_has_a_description(schema):
    types = schema._schema.type_map
    bare = [name for name, t in types.items() if not name.startswith("__") and isinstance(t, DESCRIBED_KINDS)
            and not t.description]
    assert bare == []
    for root in (schema._schema.query_type, schema._schema.mutation_type):
        assert [name for name, field in root.fields.items() if not field.description] == [], root.name


def test_every_field_of_every_object_type_is_described(schema):
    bare = [f"{name}.{field_name}" for name, t in schema._schema.type_map.items()
            if not name.startswith("__") and isinstance(t, GraphQLObjectType | GraphQLInterfaceType)
            for field_name, field in t.fields.items() if not field.description]
    assert bare == []


def test_conventions_fill_what_the_code_leaves_out(schema):
    types = schema._schema.type_map
    assert types["CreateCustomerPayload"].description.startswith("What `createCustomer` returns")
    assert types["CreateCustomerInput"].description == "The input of `createCustomer`."
    assert types["CustomerEdge"].fields["cursor"].description.startswith("Pass as `after`")
    assert types["OpportunityFilter"].description.startswith("Conditions on `Opportunity` records")
    assert types["CreateCustomerPayload"].fields["userErrors"].description.startswith("Why nothing was changed")
    assert types["Opportunity"].fields["version"].description.startswith("Send as `expectedVersion`")
    credit = types["Customer"].fields["creditLimit"]
    assert credit.description.endswith("Needs the permission `customer.credit.read`; null without it.")
    assert str(credit.type) == "Money"  # guarded, so nullable
    assert types["Decimal"].description.startswith("An exact decimal number as a string")
    assert "ISO 8601" in types["DateTime"].description and "ISO 8601" in types["Date"].description
    # a description written in the code wins
    assert types["Customer"].description == "A customer: the master file and everything linked to it."
    assert types["Customer"].fields["version"].description == "Send as `expectedVersion` to guard updates."


async def test_clients_see_them_through_introspection(schema):
    result = await schema.execute('{ __type(name: "MergeCustomersPayload") { description fields { name description } } }')
    described = result.data["__type"]
    assert described["description"].startswith("What `mergeCustomers` returns")
    assert {f["name"]: f["description"] for f in described["fields"]}["userErrors"].startswith("Why nothing was changed")
