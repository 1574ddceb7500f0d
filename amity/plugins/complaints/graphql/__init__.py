"""GraphQL of the complaints module: ``types`` (the Complaint node and the Customer fields),
``filters``, ``queries``, ``mutations`` (the lifecycle), ``recovery`` (follow-ups, remedies) and
``analytics``. Rules live in ``amity.plugins.complaints.service``."""

from amity.plugins.complaints import models
from amity.plugins.complaints.graphql.analytics import AnalyticsQuery
from amity.plugins.complaints.graphql.mutations import ComplaintMutation
from amity.plugins.complaints.graphql.queries import ComplaintQuery
from amity.plugins.complaints.graphql.recovery import RecoveryMutation, RecoveryQuery
from amity.plugins.complaints.graphql.types import ComplaintNode, ComplaintRemedyNode, CustomerComplaints
from amity.schema.build import SchemaContribution

ERROR_CODES = {
    "UNKNOWN_CATEGORY": "The category is not in the complaint taxonomy (or is retired).",
    "LINK_NOT_AVAILABLE": "The linked record's type is not provided by any enabled module.",
    "INVALID_TRANSITION": "The complaint's current status does not allow this step.",
    "ANALYSIS_REQUIRED": "A cause analysis must be recorded before the complaint is resolved.",
    "FOLLOW_UP_REQUIRED": "The follow-up with the customer must be recorded before the complaint is closed.",
    "NOT_RESOLVED": "Only a resolved complaint can be followed up.",
    "APPROVAL_REQUIRED": "The remedy costs more than the limit; it needs someone holding complaints.remedy.approve.",
}


def contribution() -> SchemaContribution:
    """What the complaints module adds to the GraphQL API."""
    return SchemaContribution(
        query=[ComplaintQuery, RecoveryQuery, AnalyticsQuery],
        mutation=[ComplaintMutation, RecoveryMutation],
        types=[ComplaintNode, ComplaintRemedyNode],
        extend={"Customer": [CustomerComplaints]},
        nodes={
            "Complaint": (models.Complaint, "complaints.read"),
            "ComplaintRemedy": (models.ComplaintRemedy, "complaints.read"),
        },
        error_codes=ERROR_CODES,
    )
