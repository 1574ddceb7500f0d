from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('complaints', '0001_initial'), ('core', '0001_initial'), ('core', '0002_job_leases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ComplaintEscalation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('complaints.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='escalations', on_delete=OnDelete.CASCADE)),
                ('breach', fields.CharField(max_length=12)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('escalated_to', fields.ForeignKeyField('core.User', source_field='escalated_to_id', null=True, db_constraint=True, to_field='id', related_name='complaint_escalations', on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_escalation', 'app': 'complaints', 'unique_together': (('complaint', 'breach', 'due_at'),), 'pk_attr': 'id', 'table_description': 'A missed response-time target, escalated to a manager once per target and due time.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ResponseTarget',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('severity', fields.CharField(unique=True, max_length=10)),
                ('acknowledge_within_hours', fields.IntField()),
                ('resolve_within_days', fields.IntField()),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_response_target', 'app': 'complaints', 'pk_attr': 'id', 'table_description': 'How fast complaints of one severity must be acknowledged and resolved.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Complaint',
            name='acknowledge_due_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Complaint',
            name='resolve_due_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
