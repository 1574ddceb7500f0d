"""One note per customer row, kept by the test plugin."""

from __future__ import annotations

from tortoise import fields, models


class Note(models.Model):
    """A free-text note on a core customer."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField(
        "core.Customer", related_name="migrating_plugin_notes", on_delete=fields.CASCADE
    )
    body = fields.TextField()

    class Meta:
        app = "migrating_plugin"
        table = "migrating_plugin_note"
