"""Records read by position from raw rows (``record_reader``) are the very records Tortoise
builds, on SQLite and PostgreSQL: same attributes, values, types and time zones."""

from datetime import timedelta
from decimal import Decimal

from tortoise.functions import Count

from amity.core import clock, models
from amity.core.auth import create_user
from amity.core.db import fetch_records, is_plain_select, record_reader
from amity.schema.loaders import Loaders


async def seed() -> list[int]:
    owner = await create_user("olga", "agent")
    now = clock.now()
    ids = []
    for i in range(4):
        customer = await models.Customer.create(
            code=f"C-{i}", name=f"Customer {i}", type="enterprise", created_at=now - timedelta(days=i), updated_at=now,
            postal_address={"street": "Main 1", "city": "Graz"} if i % 2 else None, tags=["a", "b"][:i],
            attributes={"tier": i, "nested": {"x": [1, 2]}}, credit_limit=Decimal("1234.50") * i,
            owner_id=owner.id if i % 2 else None, emails=[{"label": "work", "address": f"c{i}@x.example"}],
        )
        ids.append(customer.id)
        contact = await models.ContactPerson.create(
            customer_id=customer.id, name=f"Person {i}", email=None if i == 1 else f"p{i}@x.example",
            is_primary=bool(i % 2), created_at=now,
        )
        for n in range(i + 1):
            await models.Interaction.create(
                customer_id=customer.id, contact_id=contact.id if n % 2 else None, channel="email",
                direction="inbound", initiator="customer", mode="indirect", subject=f"Mail {n}",
                summary="" if n else "said things", occurred_at=now - timedelta(hours=n, microseconds=n * 7),
                link=None if n else "Opportunity:1", recorded_by_id=owner.id if n == 2 else None, created_at=now,
            )
    return ids


def same_records(read: list, loaded: list) -> None:
    assert len(read) == len(loaded) > 0
    for mine, theirs in zip(read, loaded, strict=True):
        assert type(mine) is type(theirs)
        assert vars(mine) == vars(theirs)
        for name, value in vars(theirs).items():
            assert type(getattr(mine, name)) is type(value), name
            if hasattr(value, "tzinfo"):
                assert getattr(mine, name).tzinfo is value.tzinfo, name


async def test_record_reader_builds_what_tortoise_builds(core_any_db):
    await seed()
    for model in (models.Customer, models.ContactPerson, models.Interaction):
        meta = model._meta
        columns = list(reversed(meta.fields_db_projection.values()))  # any order: read by position
        _, rows = await meta.db.execute_query(
            f"SELECT {', '.join(columns)} FROM {meta.db_table} ORDER BY id"
        )
        read = record_reader(model, columns)
        same_records([read(row) for row in rows], await model.all().order_by("id"))


async def test_first_children_are_the_records_a_query_gives(core_any_db):
    ids = await seed()
    loader = Loaders().first_children(models.Interaction, "customer_id", ("-occurred_at", "-id"), 3)
    pages = await loader.load_many(ids)
    for customer_id, page in zip(ids, pages, strict=True):
        expected = await models.Interaction.filter(customer_id=customer_id).order_by("-occurred_at", "-id").limit(3)
        same_records(page, expected)


async def test_fetch_records_gives_what_awaiting_the_query_gives(core_any_db):
    await seed()
    plain = [
        models.Customer.all().order_by("code", "id").limit(3),
        models.Customer.filter(code__gt="C-0").order_by("-created_at", "-id"),
        models.Interaction.filter(customer__code="C-3").order_by("occurred_at", "id").offset(1),
        models.ContactPerson.all().order_by("id").distinct(),
    ]
    for query in plain:
        assert is_plain_select(query)
        same_records(await fetch_records(query), await query)
    assert await fetch_records(models.Customer.filter(code="nobody")) == []
    other = [
        models.Customer.all().order_by("id").only("id", "code"),
        models.Customer.all().order_by("id").annotate(n=Count("interactions")).group_by("id"),
        models.Interaction.all().order_by("id").select_related("customer"),
        models.Customer.all().order_by("id").prefetch_related("interactions"),
    ]
    for query in other:
        assert not is_plain_select(query)
        assert [r.pk for r in await fetch_records(query)] == [r.pk for r in await query]
