"""GraphQL of the complaints module: ``types`` (the Complaint node and the Customer fields),
``filters``, ``queries`` and ``mutations``. Rules live in ``amity.plugins.complaints.service``."""

from amity.plugins.complaints import models
from amity.plugins.complaints.graphql.mutations import ComplaintMutation
from amity.plugins.complaints.graphql.queries import ComplaintQuery
from amity.plugins.complaints.graphql.types import ComplaintNode, CustomerComplaints
from amity.schema.build import SchemaContribution

ERROR_CODES = {
    "UNKNOWN_CATEGORY": "The category is not in the complaint taxonomy (or is retired).",
    "LINK_NOT_AVAILABLE": "The linked record's type is not provided by any enabled module.",
    "INVALID_TRANSITION": "The complaint's current status does not allow this step.",
    "ANALYSIS_REQUIRED": "A cause analysis must be recorded before the complaint is resolved.",
    "FOLLOW_UP_REQUIRED": "The follow-up with the customer must be recorded before the complaint is closed.",
}


def contribution() -> SchemaContribution:
    """What the complaints module adds to the GraphQL API."""
    return SchemaContribution(
        query=[ComplaintQuery],
        mutation=[ComplaintMutation],
        types=[ComplaintNode],
        extend={"Customer": [CustomerComplaints]},
        nodes={"Complaint": (models.Complaint, "complaints.read")},
        error_codes=ERROR_CODES,
    )
