"""GraphQL of the core: customers, contact persons, interactions, consents and the timeline.

``types`` holds the object types, ``filters`` the list inputs, ``queries`` and
``mutations`` the root fields. Business rules live in ``amity.core``.
"""

from amity.core import models
from amity.schema.customers.mutations import CustomerMutation
from amity.schema.customers.queries import CustomerQuery
from amity.schema.customers.types import (
    Address,
    Channel,
    Consent,
    ContactPerson,
    Customer,
    CustomerStatus,
    Direction,
    EmailAddress,
    Initiator,
    Interaction,
    InteractionMode,
    Money,
    PhoneNumber,
    TimelineEntry,
    User,
)

CORE_NODES = {
    "Customer": (models.Customer, "customer.read"),
    "ContactPerson": (models.ContactPerson, "customer.read"),
    "Interaction": (models.Interaction, "interaction.read"),
    "User": (models.User, "customer.read"),
}

#: Core types that plugins may extend by name with ``SchemaContribution(extend=...)``
CORE_TYPES = {t.__name__: t for t in (Customer, ContactPerson, Interaction, User, Consent, TimelineEntry)}


__all__ = [
    "CORE_NODES", "CORE_TYPES", "Address", "Channel", "Consent", "ContactPerson", "Customer", "CustomerMutation",
    "CustomerQuery", "CustomerStatus", "Direction", "EmailAddress", "Initiator", "Interaction", "InteractionMode",
    "Money", "PhoneNumber", "TimelineEntry", "User",
]
