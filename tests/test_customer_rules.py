"""Rules on customers through the service layer."""

from decimal import Decimal

import pytest

from amity.core import contacts, customers
from amity.core.errors import DomainError
from amity.core.models import ContactPerson, Customer
from amity.core.versions import check_version, save_versioned

TYPES = ("individual", "enterprise")


def acme(**extra):
    return {"code": "C-1", "name": "Acme", "type": "enterprise", **extra}


async def test_create_normalises_contact_data(core_any_db):
    customer = await customers.create_customer(
        acme(emails=[{"address": "Bob@Example.COM"}], phones=[{"number": "+49 30 1234567"}], currency="usd"), TYPES
    )
    assert customer.emails == [{"label": "work", "address": "bob@example.com"}]
    assert customer.phones == [{"label": "work", "number": "+49301234567"}]
    assert customer.currency == "USD"


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"name": "  "}, "name", "REQUIRED"),
        ({"emails": [{"address": "not-an-email"}]}, "emails.0.address", "INVALID_EMAIL"),
        ({"phones": [{"number": "12"}]}, "phones.0.number", "INVALID_PHONE"),
        ({"currency": "XYZ"}, "currency", "INVALID_CURRENCY"),
        ({"credit_limit": "-5"}, "creditLimit", "NEGATIVE_AMOUNT"),
        ({"credit_limit": "0.005"}, "creditLimit", "INVALID_AMOUNT"),  # refused, not rounded away
        ({"type": "alien"}, "type", "INVALID_CHOICE"),
        ({"postal_address": {"street": "Main 1", "city": "Berlin", "country": "XX"}}, "postalAddress.country", "INVALID_COUNTRY"),
    ],
)
async def test_bad_input_is_refused_and_nothing_written(core, values, field, code):
    with pytest.raises(DomainError) as caught:
        await customers.create_customer(acme(**values), TYPES)
    assert (field, code) in [(p.field, p.code) for p in caught.value.problems]
    assert await Customer.all().count() == 0


async def test_duplicate_code_and_shared_email(core):
    await customers.create_customer(acme(emails=[{"address": "a@b.de"}]), TYPES)
    with pytest.raises(DomainError) as caught:
        await customers.create_customer(acme(name="Other"), TYPES)
    assert caught.value.problems[0].code == "DUPLICATE"
    with pytest.raises(DomainError) as caught:
        await customers.create_customer(
            acme(code="C-2", emails=[{"address": "new@b.de"}, {"address": "A@B.de"}], phones=[{"number": "+49 30 1234567"}]),
            TYPES)
    shared = caught.value.problems
    assert [(p.field, p.code) for p in shared] == [("emails.1.address", "POSSIBLE_DUPLICATE")]  # the field at fault
    assert "a@b.de is also on C-1 (Acme)" in shared[0].message
    second = await customers.create_customer(acme(code="C-2", emails=[{"address": "A@B.de"}]), TYPES, allow_duplicate=True)
    assert [c.code for c in await customers.find_duplicates(second)] == ["C-1"]


async def test_stale_version_is_refused(core):
    customer = await customers.create_customer(acme(credit_limit="100"), TYPES)
    updated = await customers.update_customer(customer.id, {"credit_limit": "250.50"}, TYPES, expected_version=1)
    assert updated.version == 2 and updated.credit_limit == Decimal("250.50")
    with pytest.raises(DomainError) as caught:
        await customers.update_customer(customer.id, {"name": "Late"}, TYPES, expected_version=1)
    assert caught.value.problems[0].code == "STALE"
    assert (await Customer.get(id=customer.id)).name == "Acme"


async def test_an_update_that_changes_nothing_keeps_the_version(core):
    """Saving an unchanged form must not make someone else's next save STALE."""
    customer = await customers.create_customer(acme(credit_limit="100", emails=[{"address": "a@x.example"}]), TYPES)
    same = await customers.update_customer(
        customer.id, {"name": "Acme", "credit_limit": "100.00", "emails": [{"address": "A@X.example"}]}, TYPES,
        expected_version=1,
    )
    assert same.version == 1 and (await Customer.get(id=customer.id)).version == 1
    changed = await customers.update_customer(customer.id, {"name": "Acme Ltd"}, TYPES, expected_version=1)
    assert changed.version == 2 and changed.name == "Acme Ltd"
    with pytest.raises(DomainError):
        await customers.update_customer(customer.id, {"name": "Acme Ltd"}, TYPES, expected_version=1)  # still STALE


async def test_a_change_made_between_reading_and_writing_is_not_overwritten(core_any_db):
    """save_versioned writes only over the version it read: the later writer gets STALE."""
    created = await customers.create_customer(acme(), TYPES)
    mine, theirs = await Customer.get(id=created.id), await Customer.get(id=created.id)
    check_version(mine, 1, "customer")
    assert (await save_versioned(theirs, "customer", name="Theirs")).version == 2
    with pytest.raises(DomainError) as caught:
        await save_versioned(mine, "customer", name="Mine")
    assert (caught.value.problems[0].code, caught.value.problems[0].field) == ("STALE", "expectedVersion")
    assert "now version 2" in caught.value.problems[0].message
    assert ((stored := await Customer.get(id=created.id)).name, stored.version) == ("Theirs", 2)
    with pytest.raises(DomainError):
        check_version(stored, 1, "customer")


async def test_contacts_keep_one_primary_and_feed_duplicate_detection(core):
    first = await customers.create_customer(acme(), TYPES)
    second = await customers.create_customer(acme(code="C-2", name="Other"), TYPES)
    ann = await contacts.add_contact(first.id, {"name": "Ann", "email": "Ann@Acme.example", "is_primary": True})
    bob = await contacts.add_contact(first.id, {"name": "Bob", "is_primary": True})
    assert not (await ContactPerson.get(id=ann.id)).is_primary
    await contacts.add_contact(second.id, {"name": "Ann again", "email": "ann@acme.example"})
    assert [c.code for c in await customers.find_duplicates(second)] == ["C-1"]
    with pytest.raises(DomainError) as caught:
        await contacts.update_contact(bob.id, {"name": " ", "email": "nope"})
    assert {p.code for p in caught.value.problems} == {"REQUIRED", "INVALID_EMAIL"}
    assert (await ContactPerson.get(id=bob.id)).name == "Bob"
    await contacts.remove_contact(ann.id)
    assert await customers.find_duplicates(second) == []
