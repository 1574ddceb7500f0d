from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_job_leases'), ('sales', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Lead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('company', fields.CharField(default='', max_length=200)),
                ('title', fields.CharField(default='', max_length=100)),
                ('email', fields.CharField(null=True, db_index=True, max_length=254)),
                ('phone', fields.CharField(null=True, max_length=32)),
                ('industry', fields.CharField(default='', max_length=100)),
                ('employees', fields.IntField(null=True)),
                ('country', fields.CharField(default='', max_length=2)),
                ('source', fields.CharField(db_index=True, max_length=20)),
                ('status', fields.CharField(default='new', db_index=True, max_length=20)),
                ('status_reason', fields.CharField(default='', max_length=500)),
                ('owner', fields.ForeignKeyField('core.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='leads', on_delete=OnDelete.SET_NULL)),
                ('score', fields.IntField(default=0, db_index=True)),
                ('score_explanation', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('last_contacted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', null=True, db_constraint=True, to_field='id', related_name='leads', on_delete=OnDelete.SET_NULL)),
                ('contact', fields.ForeignKeyField('core.ContactPerson', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='leads', on_delete=OnDelete.SET_NULL)),
                ('opportunity', fields.ForeignKeyField('sales.Opportunity', source_field='opportunity_id', null=True, db_constraint=True, to_field='id', related_name='leads', on_delete=OnDelete.SET_NULL)),
                ('converted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'sales_lead', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'A prospect (DOMAIN.md "Sales"): a person, maybe at a company, who may become a customer.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScoringRule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('kind', fields.CharField(max_length=30)),
                ('value', fields.CharField(max_length=100)),
                ('points', fields.IntField()),
                ('position', fields.IntField()),
            ],
            options={'table': 'sales_scoring_rule', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'One rule of the configurable lead scoring rule set: when it matches, ``points`` count.'},
            bases=['Model'],
        ),
    ]
