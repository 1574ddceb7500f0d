from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('complaints', '0002_response_targets'), ('core', '0001_initial'), ('core', '0002_job_leases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ComplaintFollowUp',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('complaints.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='follow_ups', on_delete=OnDelete.CASCADE)),
                ('satisfied', fields.BooleanField()),
                ('rating', fields.IntField()),
                ('comment', fields.TextField(default='', unique=False)),
                ('would_recommend', fields.BooleanField()),
                ('recorded_by', fields.ForeignKeyField('core.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='complaint_follow_ups', on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_follow_up', 'app': 'complaints', 'pk_attr': 'id', 'table_description': "The customer's reaction to the resolution (seed 000: follow up on the reaction)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ComplaintRemedy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('complaints.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='remedies', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=20)),
                ('description', fields.TextField(default='', unique=False)),
                ('cost', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('owner', fields.ForeignKeyField('core.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='owned_remedies', on_delete=OnDelete.SET_NULL)),
                ('approved_by', fields.ForeignKeyField('core.User', source_field='approved_by_id', null=True, db_constraint=True, to_field='id', related_name='approved_remedies', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(max_length=10)),
                ('result', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_remedy', 'app': 'complaints', 'pk_attr': 'id', 'table_description': 'A recovery action for a complaint: what, what it costs, who does it and how it went.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RecoveryPolicy',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('remedy_cost_limit', fields.DecimalField(max_digits=12, decimal_places=2)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_recovery_policy', 'app': 'complaints', 'pk_attr': 'id', 'table_description': 'Settings of service recovery: the cost above which a remedy needs an approver.'},
            bases=['Model'],
        ),
    ]
