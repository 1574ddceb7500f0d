from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='User',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('username', fields.CharField(unique=True, max_length=80)),
                ('display_name', fields.CharField(default='', max_length=200)),
                ('email', fields.CharField(null=True, max_length=254)),
                ('role', fields.CharField(max_length=50)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_user', 'app': 'core', 'pk_attr': 'id', 'table_description': 'A person or system account that works in amity. Its role grants permission codes.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ApiKey',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('user', fields.ForeignKeyField('core.User', source_field='user_id', db_constraint=True, to_field='id', related_name='api_keys', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('prefix', fields.CharField(db_index=True, max_length=16)),
                ('digest', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_api_key', 'app': 'core', 'pk_attr': 'id', 'table_description': 'A bearer credential of a user. Only a SHA-256 digest of the secret is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Customer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(db_index=True, max_length=200)),
                ('type', fields.CharField(max_length=40)),
                ('status', fields.CharField(default='active', db_index=True, max_length=20)),
                ('postal_address', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('delivery_address', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('invoice_address', fields.JSONField(null=True, encoder=JSON_DUMPS, decoder=loads)),
                ('phones', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('emails', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('currency', fields.CharField(default='EUR', max_length=3)),
                ('payment_terms', fields.CharField(default='', max_length=100)),
                ('preferential_terms', fields.TextField(default='', unique=False)),
                ('tax_rule', fields.CharField(default='', max_length=100)),
                ('bank_account', fields.CharField(default='', max_length=64)),
                ('credit_limit', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('owner', fields.ForeignKeyField('core.User', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='owned_customers', on_delete=OnDelete.SET_NULL)),
                ('tags', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('attributes', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'core_customer', 'app': 'core', 'pk_attr': 'id', 'table_description': 'The customer master file (seed 001): identity, addresses, terms and ownership.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ConsentRecord',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharField(max_length=30)),
                ('purpose', fields.CharField(max_length=50)),
                ('granted', fields.BooleanField()),
                ('source', fields.CharField(max_length=100)),
                ('recorded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_consent', 'app': 'core', 'unique_together': (('customer', 'channel', 'purpose'),), 'pk_attr': 'id', 'table_description': 'Whether a customer agreed to be contacted on a channel for a purpose (seed 002).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ContactPerson',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='contacts', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('title', fields.CharField(default='', max_length=100)),
                ('email', fields.CharField(null=True, max_length=254)),
                ('phone', fields.CharField(null=True, max_length=32)),
                ('is_primary', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_contact_person', 'app': 'core', 'pk_attr': 'id', 'table_description': 'A person at an organisation customer.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CustomerIdentity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='identities', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=10)),
                ('value', fields.CharField(max_length=254)),
            ],
            options={'table': 'core_customer_identity', 'app': 'core', 'unique_together': (('customer', 'kind', 'value'),), 'indexes': [Index(fields=['kind', 'value'])], 'pk_attr': 'id', 'table_description': 'A normalised e-mail or phone of a customer or its contacts, for duplicate detection.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Interaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.CASCADE)),
                ('contact', fields.ForeignKeyField('core.ContactPerson', source_field='contact_id', null=True, db_constraint=True, to_field='id', related_name='interactions', on_delete=OnDelete.SET_NULL)),
                ('channel', fields.CharField(max_length=30)),
                ('direction', fields.CharField(max_length=10)),
                ('initiator', fields.CharField(max_length=10)),
                ('mode', fields.CharField(max_length=20)),
                ('subject', fields.CharField(max_length=200)),
                ('summary', fields.TextField(default='', unique=False)),
                ('occurred_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('recorded_by', fields.ForeignKeyField('core.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='recorded_interactions', on_delete=OnDelete.SET_NULL)),
                ('link', fields.CharField(null=True, max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'core_interaction', 'app': 'core', 'indexes': [Index(fields=['customer_id', 'occurred_at'])], 'pk_attr': 'id', 'table_description': 'One exchange with a customer (seed 003): who started it, through which channel, how.'},
            bases=['Model'],
        ),
    ]
