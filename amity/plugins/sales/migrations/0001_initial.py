from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0002_job_leases')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Pipeline',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('is_default', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sales_pipeline', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'A sales process: an ordered list of stages a deal moves through.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Stage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('pipeline', fields.ForeignKeyField('sales.Pipeline', source_field='pipeline_id', db_constraint=True, to_field='id', related_name='stages', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('position', fields.IntField()),
                ('probability', fields.IntField()),
            ],
            options={'table': 'sales_stage', 'app': 'sales', 'unique_together': (('pipeline', 'name'), ('pipeline', 'position')), 'pk_attr': 'id', 'table_description': 'One step of a pipeline, with the chance (in percent) that a deal in it is won.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Opportunity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=200)),
                ('amount', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('expected_close_date', fields.DateField(db_index=True)),
                ('owner', fields.ForeignKeyField('core.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.SET_NULL)),
                ('pipeline', fields.ForeignKeyField('sales.Pipeline', source_field='pipeline_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.RESTRICT)),
                ('stage', fields.ForeignKeyField('sales.Stage', source_field='stage_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharField(default='open', db_index=True, max_length=10)),
                ('close_reason', fields.CharField(default='', max_length=500)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'sales_opportunity', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'A deal with a customer: what it is worth, when it should close, who owns it and where it stands.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='StageVisit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('opportunity', fields.ForeignKeyField('sales.Opportunity', source_field='opportunity_id', db_constraint=True, to_field='id', related_name='stage_history', on_delete=OnDelete.CASCADE)),
                ('stage', fields.ForeignKeyField('sales.Stage', source_field='stage_id', db_constraint=True, to_field='id', related_name='visits', on_delete=OnDelete.RESTRICT)),
                ('entered_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('left_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sales_stage_visit', 'app': 'sales', 'pk_attr': 'id', 'table_description': "An opportunity's stay in one stage: from ``entered_at`` until ``left_at`` (None while it is there)."},
            bases=['Model'],
        ),
    ]
