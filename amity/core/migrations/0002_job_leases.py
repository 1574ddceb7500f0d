from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobLease',
            fields=[
                ('name', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=150)),
                ('holder', fields.CharField(max_length=200)),
                ('until', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_job_lease', 'app': 'core', 'pk_attr': 'name', 'table_description': 'Which process runs a periodic job until when, so that several workers run each job'},
            bases=['Model'],
        ),
    ]
