"""The complaints module's records, in the vocabulary of DOMAIN.md "Complaints and service
recovery": complaints, the category taxonomy and every status transition."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields, models


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Status(StrEnum):
    """Where a complaint stands: value it, analyse its cause, resolve it, follow up (seed 000)."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    FOLLOWED_UP = "followed_up"
    CLOSED = "closed"
    REOPENED = "reopened"


class RootCause(StrEnum):
    """Where the cause of a complaint lay, found by the cause analysis."""

    PRODUCT_DEFECT = "product_defect"
    PROCESS_FAILURE = "process_failure"
    STAFF_BEHAVIOUR = "staff_behaviour"
    COMMUNICATION = "communication"
    SUPPLIER = "supplier"
    CUSTOMER_MISUNDERSTANDING = "customer_misunderstanding"
    OTHER = "other"


class ComplaintCategory(models.Model):
    """One category of the configurable taxonomy. Retired categories stay for history."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=100)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()

    class Meta:
        app = "complaints"
        table = "complaints_category"


class Complaint(models.Model):
    """A customer's complaint, in their own words, and how it was handled."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("core.Customer", related_name="complaints", on_delete=fields.CASCADE)
    contact = fields.ForeignKeyField("core.ContactPerson", related_name="complaints", null=True, on_delete=fields.SET_NULL)
    channel = fields.CharField(max_length=30)
    received_at = fields.DatetimeField(db_index=True)
    category = fields.ForeignKeyField("complaints.ComplaintCategory", related_name="complaints", on_delete=fields.RESTRICT)
    severity = fields.CharField(max_length=10)
    description = fields.TextField()
    desired_outcome = fields.TextField(default="")
    links = fields.JSONField(default=list)
    status = fields.CharField(max_length=20, db_index=True)
    recorded_by = fields.ForeignKeyField("core.User", related_name="recorded_complaints", null=True, on_delete=fields.SET_NULL)
    owner = fields.ForeignKeyField("core.User", related_name="owned_complaints", null=True, on_delete=fields.SET_NULL)
    acknowledged_at = fields.DatetimeField(null=True)
    root_cause = fields.CharField(max_length=30, null=True)
    facts_found = fields.TextField(default="")
    justified = fields.BooleanField(null=True)
    analysed_at = fields.DatetimeField(null=True)
    analysis_current = fields.BooleanField(default=False)
    resolution = fields.TextField(default="")
    acknowledge_due_at = fields.DatetimeField(null=True)
    resolve_due_at = fields.DatetimeField(null=True)
    resolved_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    version = fields.IntField(default=1)

    class Meta:
        app = "complaints"
        table = "complaints_complaint"
        indexes = (("customer_id", "received_at"),)


class ComplaintTransition(models.Model):
    """One change of a complaint's status: who, when and why."""

    id = fields.IntField(primary_key=True)
    complaint = fields.ForeignKeyField("complaints.Complaint", related_name="transitions", on_delete=fields.CASCADE)
    from_status = fields.CharField(max_length=20, null=True)
    to_status = fields.CharField(max_length=20)
    reason = fields.TextField(default="")
    by = fields.ForeignKeyField("core.User", related_name="complaint_transitions", null=True, on_delete=fields.SET_NULL)
    at = fields.DatetimeField()

    class Meta:
        app = "complaints"
        table = "complaints_transition"


class Breach(StrEnum):
    """Which response-time target a complaint missed."""

    ACKNOWLEDGE = "acknowledge"
    RESOLVE = "resolve"


class ResponseTarget(models.Model):
    """How fast complaints of one severity must be acknowledged and resolved."""

    id = fields.IntField(primary_key=True)
    severity = fields.CharField(max_length=10, unique=True)
    acknowledge_within_hours = fields.IntField()
    resolve_within_days = fields.IntField()
    updated_at = fields.DatetimeField()

    class Meta:
        app = "complaints"
        table = "complaints_response_target"


class ComplaintEscalation(models.Model):
    """A missed response-time target, escalated to a manager once per target and due time."""

    id = fields.IntField(primary_key=True)
    complaint = fields.ForeignKeyField("complaints.Complaint", related_name="escalations", on_delete=fields.CASCADE)
    breach = fields.CharField(max_length=12)
    due_at = fields.DatetimeField()
    escalated_to = fields.ForeignKeyField("core.User", related_name="complaint_escalations", null=True, on_delete=fields.SET_NULL)
    at = fields.DatetimeField()

    class Meta:
        app = "complaints"
        table = "complaints_escalation"
        unique_together = (("complaint", "breach", "due_at"),)


class RemedyKind(StrEnum):
    """Service-recovery actions (seed 000: track and feed back the remedy)."""

    APOLOGY = "apology"
    REFUND = "refund"
    REPLACEMENT = "replacement"
    REPAIR = "repair"
    GOODWILL_CREDIT = "goodwill_credit"
    COUPON = "coupon"


class RemedyStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"


class ComplaintFollowUp(models.Model):
    """The customer's reaction to the resolution (seed 000: follow up on the reaction)."""

    id = fields.IntField(primary_key=True)
    complaint = fields.ForeignKeyField("complaints.Complaint", related_name="follow_ups", on_delete=fields.CASCADE)
    satisfied = fields.BooleanField()
    rating = fields.IntField()
    comment = fields.TextField(default="")
    would_recommend = fields.BooleanField()
    recorded_by = fields.ForeignKeyField("core.User", related_name="complaint_follow_ups", null=True, on_delete=fields.SET_NULL)
    at = fields.DatetimeField()

    class Meta:
        app = "complaints"
        table = "complaints_follow_up"


class ComplaintRemedy(models.Model):
    """A recovery action for a complaint: what, what it costs, who does it and how it went."""

    id = fields.IntField(primary_key=True)
    complaint = fields.ForeignKeyField("complaints.Complaint", related_name="remedies", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=20)
    description = fields.TextField(default="")
    cost = fields.DecimalField(max_digits=12, decimal_places=2)
    currency = fields.CharField(max_length=3)
    owner = fields.ForeignKeyField("core.User", related_name="owned_remedies", null=True, on_delete=fields.SET_NULL)
    approved_by = fields.ForeignKeyField("core.User", related_name="approved_remedies", null=True, on_delete=fields.SET_NULL)
    status = fields.CharField(max_length=10)
    result = fields.TextField(default="")
    created_at = fields.DatetimeField()
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        app = "complaints"
        table = "complaints_remedy"


class RecoveryPolicy(models.Model):
    """Settings of service recovery and learning: the cost above which a remedy needs an
    approver, and the window in which a customer's next complaint counts as a repeat."""

    id = fields.IntField(primary_key=True)
    remedy_cost_limit = fields.DecimalField(max_digits=12, decimal_places=2)
    repeat_window_days = fields.IntField(default=90)
    updated_at = fields.DatetimeField()

    class Meta:
        app = "complaints"
        table = "complaints_recovery_policy"


class LessonStatus(StrEnum):
    """Whether a lesson's preventive action is still to be done."""

    OPEN = "open"
    DONE = "done"


class ComplaintLesson(models.Model):
    """What a root cause taught (seed 000: learn from each recovery) and the preventive
    action that keeps it from recurring, with its owner, due date and status."""

    id = fields.IntField(primary_key=True)
    root_cause = fields.CharField(max_length=30, db_index=True)
    learned = fields.TextField()
    preventive_action = fields.TextField()
    action_owner = fields.ForeignKeyField("core.User", related_name="complaint_lessons", null=True,
                                          on_delete=fields.SET_NULL)
    due_on = fields.DateField()
    status = fields.CharField(max_length=10, db_index=True)
    completed_at = fields.DatetimeField(null=True)
    recorded_by = fields.ForeignKeyField("core.User", related_name="recorded_complaint_lessons", null=True,
                                         on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    version = fields.IntField(default=1)

    class Meta:
        app = "complaints"
        table = "complaints_lesson"


class ComplaintLessonLink(models.Model):
    """A complaint that a lesson was learned from."""

    id = fields.IntField(primary_key=True)
    lesson = fields.ForeignKeyField("complaints.ComplaintLesson", related_name="links", on_delete=fields.CASCADE)
    complaint = fields.ForeignKeyField("complaints.Complaint", related_name="lesson_links", on_delete=fields.CASCADE)

    class Meta:
        app = "complaints"
        table = "complaints_lesson_complaint"
        unique_together = (("lesson", "complaint"),)
