"""Reopening a complaint now clears its resolution. Complaints reopened before that still hold
the old ``resolution`` and ``resolved_at`` while not resolved: clear them, as reopening does
now. The transitions keep what the resolution said and when."""

from tortoise import migrations
from tortoise.migrations import operations as ops

NOT_RESOLVED = "('received', 'acknowledged', 'investigating', 'reopened')"


class Migration(migrations.Migration):
    dependencies = [('complaints', '0005_repeat_window')]

    initial = False

    operations = [
        ops.RunSQL(
            "UPDATE complaints_complaint SET resolution = '', resolved_at = NULL "
            f"WHERE status IN {NOT_RESOLVED} AND resolved_at IS NOT NULL"
        ),
    ]
