from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('complaints', '0003_recovery'), ('core', '0001_initial'), ('core', '0002_job_leases')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ComplaintLesson',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('root_cause', fields.CharField(db_index=True, max_length=30)),
                ('learned', fields.TextField(unique=False)),
                ('preventive_action', fields.TextField(unique=False)),
                ('action_owner', fields.ForeignKeyField('core.User', source_field='action_owner_id', null=True, db_constraint=True, to_field='id', related_name='complaint_lessons', on_delete=OnDelete.SET_NULL)),
                ('due_on', fields.DateField()),
                ('status', fields.CharField(db_index=True, max_length=10)),
                ('completed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('recorded_by', fields.ForeignKeyField('core.User', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='recorded_complaint_lessons', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'complaints_lesson', 'app': 'complaints', 'pk_attr': 'id', 'table_description': 'What a root cause taught (seed 000: learn from each recovery) and the preventive'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ComplaintLessonLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('lesson', fields.ForeignKeyField('complaints.ComplaintLesson', source_field='lesson_id', db_constraint=True, to_field='id', related_name='links', on_delete=OnDelete.CASCADE)),
                ('complaint', fields.ForeignKeyField('complaints.Complaint', source_field='complaint_id', db_constraint=True, to_field='id', related_name='lesson_links', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'complaints_lesson_complaint', 'app': 'complaints', 'unique_together': (('lesson', 'complaint'),), 'pk_attr': 'id', 'table_description': 'A complaint that a lesson was learned from.'},
            bases=['Model'],
        ),
    ]
