from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('core', '0001_initial'), ('core', '0002_job_leases'), ('sales', '0005_sales_reps')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PriceAgreement',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('customer', fields.ForeignKeyField('core.Customer', source_field='customer_id', db_constraint=True, to_field='id', related_name='price_agreements', on_delete=OnDelete.CASCADE)),
                ('product', fields.ForeignKeyField('sales.Product', source_field='product_id', null=True, db_constraint=True, to_field='id', related_name='price_agreements', on_delete=OnDelete.RESTRICT)),
                ('discount_percent', fields.DecimalField(max_digits=5, decimal_places=2)),
                ('min_quantity', fields.DecimalField(default=0, max_digits=12, decimal_places=3)),
                ('valid_from', fields.DateField(null=True)),
                ('valid_until', fields.DateField(null=True)),
                ('note', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'sales_price_agreement', 'app': 'sales', 'indexes': [Index(fields=['customer_id', 'valid_until'])], 'pk_attr': 'id', 'table_description': "A customer's agreed discount in percent (its preferential terms, priced): on one product,"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='QuotationLine',
            name='agreement',
            field=fields.ForeignKeyField('sales.PriceAgreement', source_field='agreement_id', null=True, db_constraint=True, to_field='id', related_name='quotation_lines', on_delete=OnDelete.SET_NULL),
        ),
    ]
