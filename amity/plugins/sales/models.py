"""The sales tables (DOMAIN.md "Sales"): pipelines and their stages, opportunities and the
history of the stages each opportunity went through."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields, models


class OpportunityStatus(StrEnum):
    OPEN = "open"
    WON = "won"
    LOST = "lost"


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
