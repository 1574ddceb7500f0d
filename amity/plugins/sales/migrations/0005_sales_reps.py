from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_job_leases'), ('sales', '0004_activities')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SalesRep',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.OneToOneField('core.User', source_field='user_id', db_constraint=True, to_field='id', related_name='sales_rep', on_delete=OnDelete.CASCADE)),
                ('rep_code', fields.CharField(unique=True, max_length=20)),
                ('commission_rate', fields.DecimalField(max_digits=5, decimal_places=2)),
            ],
            options={'table': 'sales_rep', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'A user who sells: the rep code of the master file and the commission rate in percent'},
            bases=['Model'],
        ),
    ]
