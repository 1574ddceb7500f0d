"""GraphQL of the complaints module: ``types`` (the Complaint node and the Customer fields),
``filters``, ``queries``, ``mutations`` (the lifecycle), ``recovery`` (follow-ups, remedies),
``lessons`` (lessons and preventive actions), ``repeats`` (repeat complaints) and
``analytics``. Rules live in the plugin's
service modules."""

from amity.plugins.complaints import models
from amity.plugins.complaints.graphql.analytics import AnalyticsQuery
from amity.plugins.complaints.graphql.lessons import ComplaintLessonNode, ComplaintLessons, LessonMutation, LessonQuery
from amity.plugins.complaints.graphql.mutations import ComplaintMutation
from amity.plugins.complaints.graphql.queries import ComplaintQuery
from amity.plugins.complaints.graphql.recovery import RecoveryMutation, RecoveryQuery
from amity.plugins.complaints.graphql.repeats import ComplaintRepeats, RepeatMutation
from amity.plugins.complaints.graphql.types import ComplaintNode, ComplaintRemedyNode, CustomerComplaints
from amity.schema.build import SchemaContribution

ERROR_CODES = {
    "UNKNOWN_CATEGORY": "The category is not in the complaint taxonomy (or is retired).",
    "LINK_NOT_AVAILABLE": "The linked record's type is not provided by any enabled module.",
    "INVALID_TRANSITION": "The complaint's current status does not allow this step.",
    "ANALYSIS_REQUIRED": "A cause analysis must be recorded first (before resolving, or learning a lesson from it).",
    "FOLLOW_UP_REQUIRED": "The follow-up with the customer must be recorded before the complaint is closed.",
    "NOT_RESOLVED": "Only a resolved complaint can be followed up.",
    "APPROVAL_REQUIRED": "The remedy costs more than the limit; it needs someone holding complaints.remedy.approve.",
    "CAUSE_MISMATCH": "The complaint's cause analysis found another root cause than the lesson's.",
}


def contribution() -> SchemaContribution:
    """What the complaints module adds to the GraphQL API."""
    return SchemaContribution(
        query=[ComplaintQuery, RecoveryQuery, LessonQuery, AnalyticsQuery],
        mutation=[ComplaintMutation, RecoveryMutation, LessonMutation, RepeatMutation],
        types=[ComplaintNode, ComplaintRemedyNode, ComplaintLessonNode],
        extend={"Customer": [CustomerComplaints], "Complaint": [ComplaintLessons, ComplaintRepeats]},
        nodes={
            "Complaint": (models.Complaint, "complaints.read"),
            "ComplaintRemedy": (models.ComplaintRemedy, "complaints.read"),
            "ComplaintLesson": (models.ComplaintLesson, "complaints.read"),
        },
        error_codes=ERROR_CODES,
    )
