from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='PointsEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='points_entries', on_delete=OnDelete.CASCADE)),
                ('delta', fields.IntField()),
                ('reason', fields.CharField(max_length=200)),
                ('occurred_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'loyalty_points_entry', 'app': 'loyalty', 'pk_attr': 'id', 'table_description': 'Points given to (positive) or redeemed by (negative) a customer.'},
            bases=['Model'],
        ),
    ]
