"""The sales tables (DOMAIN.md "Sales"): pipelines and their stages, opportunities and the
history of the stages each opportunity went through, leads (prospects) and the rules that
score them, the product catalogue and quotations with their lines, the reps' activities and
the reps' codes and commission rates (seed 001: sales-rep code, commission code), and the
price agreements that put a customer's preferential terms into its quotations."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields, models


class OpportunityStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


class LeadStatus(StrEnum):
    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    DISQUALIFIED = "disqualified"
    CONVERTED = "converted"


class LeadSource(StrEnum):
    WEB = "web"
    REFERRAL = "referral"
    EVENT = "event"
    CAMPAIGN = "campaign"
    COLD_CALL = "cold_call"
    PARTNER = "partner"
    OTHER = "other"


class ScoringRuleKind(StrEnum):
    """What a lead scoring rule looks at; ``value`` is its parameter."""

    SOURCE = "source"  # the lead came from source ``value``
    HAS_FIELD = "has_field"  # the lead's field ``value`` (email, phone, company, title, industry, country) is filled
    INDUSTRY = "industry"  # the lead's industry is ``value`` (ignoring case)
    EMPLOYEES_AT_LEAST = "employees_at_least"  # the lead's company has at least ``value`` employees
    CONTACTED_WITHIN_DAYS = "contacted_within_days"  # the lead was last contacted at most ``value`` days ago


class QuotationStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"


class ActivityKind(StrEnum):
    CALL = "call"
    MEETING = "meeting"
    TASK = "task"


class Pipeline(models.Model):
    """A sales process: an ordered list of stages a deal moves through."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    is_default = fields.BooleanField(default=False)
    created_at = fields.DatetimeField()

    class Meta:
        app = "sales"
        table = "sales_pipeline"


class Stage(models.Model):
    """One step of a pipeline, with the chance (in percent) that a deal in it is won."""

    id = fields.IntField(primary_key=True)
    pipeline: fields.ForeignKeyRelation[Pipeline] = fields.ForeignKeyField(
        "sales.Pipeline", related_name="stages", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    position = fields.IntField()
    probability = fields.IntField()

    class Meta:
        app = "sales"
        table = "sales_stage"
        unique_together = (("pipeline", "name"), ("pipeline", "position"))


class Opportunity(models.Model):
    """A deal with a customer: what it is worth, when it should close, who owns it and where it stands."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("core.Customer", related_name="opportunities", on_delete=fields.CASCADE)
    title = fields.CharField(max_length=200)
    amount = fields.DecimalField(max_digits=14, decimal_places=2)
    currency = fields.CharField(max_length=3)
    expected_close_date = fields.DateField(db_index=True)
    owner = fields.ForeignKeyField("core.User", related_name="opportunities", null=True, on_delete=fields.SET_NULL)
    pipeline: fields.ForeignKeyRelation[Pipeline] = fields.ForeignKeyField(
        "sales.Pipeline", related_name="opportunities", on_delete=fields.RESTRICT
    )
    stage: fields.ForeignKeyRelation[Stage] = fields.ForeignKeyField(
        "sales.Stage", related_name="opportunities", on_delete=fields.RESTRICT
    )
    status = fields.CharField(max_length=10, default=OpportunityStatus.OPEN.value, db_index=True)
    close_reason = fields.CharField(max_length=500, default="")
    closed_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(db_index=True)
    updated_at = fields.DatetimeField(db_index=True)
    version = fields.IntField(default=1)

    class Meta:
        app = "sales"
        table = "sales_opportunity"


class StageVisit(models.Model):
    """An opportunity's stay in one stage: from ``entered_at`` until ``left_at`` (None while it is there)."""

    id = fields.IntField(primary_key=True)
    opportunity: fields.ForeignKeyRelation[Opportunity] = fields.ForeignKeyField(
        "sales.Opportunity", related_name="stage_history", on_delete=fields.CASCADE
    )
    stage: fields.ForeignKeyRelation[Stage] = fields.ForeignKeyField(
        "sales.Stage", related_name="visits", on_delete=fields.RESTRICT
    )
    entered_at = fields.DatetimeField()
    left_at = fields.DatetimeField(null=True)

    class Meta:
        app = "sales"
        table = "sales_stage_visit"


class Lead(models.Model):
    """A prospect (DOMAIN.md "Sales"): a person, maybe at a company, who may become a customer.

    ``score`` and ``score_explanation`` (a list of ``{"rule", "points"}``) are kept current by
    the scoring rules; ``customer``, ``contact`` and ``opportunity`` are set by the conversion."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    company = fields.CharField(max_length=200, default="")
    title = fields.CharField(max_length=100, default="")
    email = fields.CharField(max_length=254, null=True, db_index=True)
    phone = fields.CharField(max_length=32, null=True)
    industry = fields.CharField(max_length=100, default="")
    employees = fields.IntField(null=True)
    country = fields.CharField(max_length=2, default="")
    source = fields.CharField(max_length=20, db_index=True)
    status = fields.CharField(max_length=20, default=LeadStatus.NEW.value, db_index=True)
    status_reason = fields.CharField(max_length=500, default="")
    owner = fields.ForeignKeyField("core.User", related_name="leads", null=True, on_delete=fields.SET_NULL)
    score = fields.IntField(default=0, db_index=True)
    score_explanation = fields.JSONField(default=list)
    last_contacted_at = fields.DatetimeField(null=True)
    customer = fields.ForeignKeyField("core.Customer", related_name="leads", null=True, on_delete=fields.SET_NULL)
    contact = fields.ForeignKeyField("core.ContactPerson", related_name="leads", null=True, on_delete=fields.SET_NULL)
    opportunity = fields.ForeignKeyField("sales.Opportunity", related_name="leads", null=True, on_delete=fields.SET_NULL)
    converted_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(db_index=True)
    updated_at = fields.DatetimeField()
    version = fields.IntField(default=1)

    class Meta:
        app = "sales"
        table = "sales_lead"


class ScoringRule(models.Model):
    """One rule of the configurable lead scoring rule set: when it matches, ``points`` count."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    kind = fields.CharField(max_length=30)
    value = fields.CharField(max_length=100)
    points = fields.IntField()
    position = fields.IntField()

    class Meta:
        app = "sales"
        table = "sales_scoring_rule"


class Product(models.Model):
    """An item of the small product catalogue, with its list price."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=40, unique=True)
    name = fields.CharField(max_length=200)
    list_price = fields.DecimalField(max_digits=14, decimal_places=2)
    currency = fields.CharField(max_length=3)
    unit = fields.CharField(max_length=20, default="pc")
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField()

    class Meta:
        app = "sales"
        table = "sales_product"


class Quotation(models.Model):
    """An offer to a customer (seed 001: quotation records), priced in the customer's currency
    with the master file's payment and preferential terms and tax rule copied in when drafted.
    Totals are kept in Decimal: ``subtotal`` (lines after discount), ``tax`` and ``total``."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("core.Customer", related_name="quotations", on_delete=fields.CASCADE)
    opportunity = fields.ForeignKeyField("sales.Opportunity", related_name="quotations", null=True, on_delete=fields.SET_NULL)
    status = fields.CharField(max_length=10, default=QuotationStatus.DRAFT.value, db_index=True)
    currency = fields.CharField(max_length=3)
    valid_until = fields.DateField()
    payment_terms = fields.CharField(max_length=100, default="")
    preferential_terms = fields.TextField(default="")
    tax_rule = fields.CharField(max_length=100, default="")
    tax_rate = fields.DecimalField(max_digits=5, decimal_places=2)
    subtotal = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    tax = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    total = fields.DecimalField(max_digits=14, decimal_places=2, default=0)
    decision_reason = fields.CharField(max_length=500, default="")
    created_by = fields.ForeignKeyField("core.User", related_name="quotations", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(db_index=True)
    updated_at = fields.DatetimeField()
    sent_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    settled_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)

    class Meta:
        app = "sales"
        table = "sales_quotation"


class QuotationLine(models.Model):
    """One line of a quotation: a product, a quantity, a unit price and a discount in percent."""

    id = fields.IntField(primary_key=True)
    quotation: fields.ForeignKeyRelation[Quotation] = fields.ForeignKeyField(
        "sales.Quotation", related_name="lines", on_delete=fields.CASCADE
    )
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "sales.Product", related_name="quotation_lines", on_delete=fields.RESTRICT
    )
    position = fields.IntField()
    description = fields.CharField(max_length=200)
    quantity = fields.DecimalField(max_digits=12, decimal_places=3)
    unit_price = fields.DecimalField(max_digits=14, decimal_places=2)
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2, default=0)
    net_amount = fields.DecimalField(max_digits=14, decimal_places=2)
    agreement = fields.ForeignKeyField(
        "sales.PriceAgreement", related_name="quotation_lines", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        app = "sales"
        table = "sales_quotation_line"


class PriceAgreement(models.Model):
    """A customer's agreed discount in percent (its preferential terms, priced): on one product,
    or on every product when ``product`` is None; for lines of at least ``min_quantity``; valid
    from ``valid_from`` to ``valid_until`` inclusive (open-ended when None). Quotation lines
    drafted without a discount get the best agreement that applies (``pricing.py``)."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("core.Customer", related_name="price_agreements", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("sales.Product", related_name="price_agreements", null=True, on_delete=fields.RESTRICT)
    discount_percent = fields.DecimalField(max_digits=5, decimal_places=2)
    min_quantity = fields.DecimalField(max_digits=12, decimal_places=3, default=0)
    valid_from = fields.DateField(null=True)
    valid_until = fields.DateField(null=True)
    note = fields.CharField(max_length=200, default="")
    created_at = fields.DatetimeField()
    version = fields.IntField(default=1)

    class Meta:
        app = "sales"
        table = "sales_price_agreement"
        # Columns, not field names: tortoise's migrations write these names into SQL as given.
        indexes = (("customer_id", "valid_until"),)


class Activity(models.Model):
    """A call, meeting or task of a rep with a customer, maybe on one of its deals. Due at
    ``due_at``; done once ``done_at`` is set. A completed call or meeting is also logged as a
    core interaction (``interaction``) on the customer's timeline."""

    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=10)
    subject = fields.CharField(max_length=200)
    notes = fields.TextField(default="")
    customer = fields.ForeignKeyField("core.Customer", related_name="sales_activities", on_delete=fields.CASCADE)
    opportunity = fields.ForeignKeyField("sales.Opportunity", related_name="activities", null=True, on_delete=fields.CASCADE)
    owner = fields.ForeignKeyField("core.User", related_name="sales_activities", null=True, on_delete=fields.SET_NULL)
    due_at = fields.DatetimeField(db_index=True)
    done_at = fields.DatetimeField(null=True, db_index=True)
    outcome = fields.TextField(default="")
    interaction = fields.ForeignKeyField("core.Interaction", related_name="sales_activities", null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField()
    version = fields.IntField(default=1)

    class Meta:
        app = "sales"
        table = "sales_activity"


class SalesRep(models.Model):
    """A user who sells: the rep code of the master file and the commission rate in percent
    earned on won deals."""

    id = fields.IntField(primary_key=True)
    user = fields.OneToOneField("core.User", related_name="sales_rep", on_delete=fields.CASCADE)
    rep_code = fields.CharField(max_length=20, unique=True)
    commission_rate = fields.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        app = "sales"
        table = "sales_rep"
