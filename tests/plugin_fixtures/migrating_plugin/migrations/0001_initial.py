from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial')]

    initial = True

    operations = [
        ops.CreateModel(
            name='Note',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='migrating_plugin_notes', on_delete=OnDelete.CASCADE)),
                ('body', fields.TextField(unique=False)),
            ],
            options={'table': 'migrating_plugin_note', 'app': 'migrating_plugin', 'pk_attr': 'id', 'table_description': 'A free-text note on a core customer.'},
            bases=['Model'],
        ),
    ]
