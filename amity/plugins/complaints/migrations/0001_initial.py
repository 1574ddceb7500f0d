from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0002_job_leases')]

    initial = True

    operations = [
        ops.CreateModel(
            name='ComplaintCategory',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=100)),
                ('active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_category', 'app': 'complaints', 'pk_attr': 'id', 'table_description': 'One category of the configurable taxonomy. Retired categories stay for history.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Complaint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.CASCADE)),
                ('contact', fields.ForeignKeyField('core.ContactPerson', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.SET_NULL)),
                ('channel', fields.CharField(max_length=30)),
                ('received_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('category', fields.ForeignKeyField('complaints.ComplaintCategory', source_field='category_id', db_constraint=True, to_field='id', related_name='complaints', on_delete=OnDelete.RESTRICT)),
                ('severity', fields.CharField(max_length=10)),
                ('description', fields.TextField(unique=False)),
                ('desired_outcome', fields.TextField(default='', unique=False)),
                ('links', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('status', fields.CharField(db_index=True, max_length=20)),
                ('recorded_by', fields.ForeignKeyField('core.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='recorded_complaints', on_delete=OnDelete.SET_NULL)),
                ('owner', fields.ForeignKeyField('core.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='owned_complaints', on_delete=OnDelete.SET_NULL)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('root_cause', fields.CharField(null=True, max_length=30)),
                ('facts_found', fields.TextField(default='', unique=False)),
                ('justified', fields.BooleanField(null=True)),
                ('analysed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('analysis_current', fields.BooleanField(default=False)),
                ('resolution', fields.TextField(default='', unique=False)),
                ('resolved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'complaints_complaint', 'app': 'complaints', 'indexes': [Index(fields=['customer_id', 'received_at'])], 'pk_attr': 'id', 'table_description': "A customer's complaint, in their own words, and how it was handled."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ComplaintTransition',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('complaint', fields.ForeignKeyField('complaints.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='transitions', on_delete=OnDelete.CASCADE)),
                ('from_status', fields.CharField(null=True, max_length=20)),
                ('to_status', fields.CharField(max_length=20)),
                ('reason', fields.TextField(default='', unique=False)),
                ('by', fields.ForeignKeyField('core.User', source_field='by_id', null=True, db_constraint=True, to_field='id', related_name='complaint_transitions', on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'complaints_transition', 'app': 'complaints', 'pk_attr': 'id', 'table_description': "One change of a complaint's status: who, when and why."},
            bases=['Model'],
        ),
    ]
