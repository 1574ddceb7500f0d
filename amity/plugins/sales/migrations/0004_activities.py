from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_job_leases'), ('sales', '0003_quotations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Activity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharField(max_length=10)),
                ('subject', fields.CharField(max_length=200)),
                ('notes', fields.TextField(default='', unique=False)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='sales_activities', on_delete=OnDelete.CASCADE)),
                ('opportunity', fields.ForeignKeyField('sales.Opportunity', source_field='opportunity_id', null=True, db_constraint=True, to_field='id', related_name='activities', on_delete=OnDelete.CASCADE)),
                ('owner', fields.ForeignKeyField('core.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='sales_activities', on_delete=OnDelete.SET_NULL)),
                ('due_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('done_at', fields.DatetimeField(null=True, db_index=True, auto_now=False, auto_now_add=False)),
                ('outcome', fields.TextField(default='', unique=False)),
                ('interaction', fields.ForeignKeyField('core.Interaction', source_field='interaction_id', null=True, db_constraint=True, to_field='id', related_name='sales_activities', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'sales_activity', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'A call, meeting or task of a rep with a customer, maybe on one of its deals. Due at'},
            bases=['Model'],
        ),
    ]
