from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_job_leases'), ('sales', '0002_leads')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Product',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code', fields.CharField(unique=True, max_length=40)),
                ('name', fields.CharField(max_length=200)),
                ('list_price', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('currency', fields.CharField(max_length=3)),
                ('unit', fields.CharField(default='pc', max_length=20)),
                ('is_active', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sales_product', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'An item of the small product catalogue, with its list price.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Quotation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='quotations', on_delete=OnDelete.CASCADE)),
                ('opportunity', fields.ForeignKeyField('sales.Opportunity', source_field='opportunity_id', null=True, db_constraint=True, to_field='id', related_name='quotations', on_delete=OnDelete.SET_NULL)),
                ('status', fields.CharField(default='draft', db_index=True, max_length=10)),
                ('currency', fields.CharField(max_length=3)),
                ('valid_until', fields.DateField()),
                ('payment_terms', fields.CharField(default='', max_length=100)),
                ('preferential_terms', fields.TextField(default='', unique=False)),
                ('tax_rule', fields.CharField(default='', max_length=100)),
                ('tax_rate', fields.DecimalField(max_digits=5, decimal_places=2)),
                ('subtotal', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('tax', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('total', fields.DecimalField(default=0, max_digits=14, decimal_places=2)),
                ('decision_reason', fields.CharField(default='', max_length=500)),
                ('created_by', fields.ForeignKeyField('core.User', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='quotations', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('settled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'sales_quotation', 'app': 'sales', 'pk_attr': 'id', 'table_description': "An offer to a customer (seed 001: quotation records), priced in the customer's currency"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QuotationLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('quotation', fields.ForeignKeyField('sales.Quotation', source_field='quotation_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('sales.Product', source_field='product_id', db_constraint=True, to_field='id', related_name='quotation_lines', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
                ('description', fields.CharField(max_length=200)),
                ('quantity', fields.DecimalField(max_digits=12, decimal_places=3)),
                ('unit_price', fields.DecimalField(max_digits=14, decimal_places=2)),
                ('discount_percent', fields.DecimalField(default=0, max_digits=5, decimal_places=2)),
                ('net_amount', fields.DecimalField(max_digits=14, decimal_places=2)),
            ],
            options={'table': 'sales_quotation_line', 'app': 'sales', 'pk_attr': 'id', 'table_description': 'One line of a quotation: a product, a quantity, a unit price and a discount in percent.'},
            bases=['Model'],
        ),
    ]
