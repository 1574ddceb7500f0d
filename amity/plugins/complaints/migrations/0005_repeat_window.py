from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('complaints', '0004_lessons'), ('core', '0001_initial'), ('core', '0002_job_leases')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='RecoveryPolicy',
            options={'table': 'complaints_recovery_policy', 'app': 'complaints', 'pk_attr': 'id', 'table_description': 'Settings of service recovery and learning: the cost above which a remedy needs an'},
        ),
        ops.AddField(
            model_name='RecoveryPolicy',
            name='repeat_window_days',
            field=fields.IntField(default=90),
        ),
    ]
