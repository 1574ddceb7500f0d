"""The CSV customer importer, through its service function."""

from decimal import Decimal

import pytest

from amity.core import customers
from amity.core.hookspecs import hookimpl
from amity.core.importer import ImportFileError, ImportReport, RowError, import_customers
from amity.core.models import Customer
from amity.core.settings import Settings
from amity.testing import drop, sqlite_url, started

TYPES = ("individual", "enterprise", "distributor")

GOOD = (
    " Code ,NAME,Type,Email,Phone,Currency,Credit_Limit,Payment_Terms,Tax_Rule,Street,City,Postal_Code,Country,Tags\n"
    "C-1,Acme GmbH,enterprise,Info@Acme.DE,030 1234567,eur,1000.50,30 days net,standard,Hauptstr. 1,Berlin,10115,de,vip; Wholesale;VIP\n"
    'C-2,"Müller, Anna",individual,anna@example.com,+44 20 7946 0958,,,,,,,,,\n'
    "C-3,Globex,DISTRIBUTOR,,,usd,0,,,,,,,\n"
)

# Line 2-3: one record with a quoted line break; line 4 is blank; the bad rows start at line 5.
BAD = (
    "code,name,type,email,credit_limit\n"
    'C-1,"Acme\nHolding",enterprise,a@acme.de,10\n'
    "\n"
    "C-2,Bad Mail,enterprise,not-an-email,\n"
    "C-3,Broke,enterprise,,-5\n"
    "C-4,  ,individual,,\n"
    "C-1,Acme Again,enterprise,,\n"
    "OLD-1,Old Code,enterprise,,\n"
    "C-5,Martian,alien,,\n"
    "C-9,Good Nine,individual,nine@example.com,\n"
)
BAD_ERRORS = [
    (5, "email", "INVALID_EMAIL"),
    (6, "credit_limit", "NEGATIVE_AMOUNT"),
    (7, "name", "REQUIRED"),
    (8, "code", "DUPLICATE"),
    (9, "code", "DUPLICATE"),
    (10, "type", "INVALID_CHOICE"),
]


class Recorder:
    """A plugin that records each event it is handed, and whether its customer was committed."""

    def __init__(self) -> None:
        self.seen = []

    @hookimpl
    async def handle_event(self, event):
        self.seen.append((event.name, dict(event.data), await Customer.exists(id=event.data["customer_id"])))


def csv_file(tmp_path, text: str, encoding: str = "utf-8"):
    path = tmp_path / "customers.csv"
    path.write_bytes(text.encode(encoding))
    return path


async def codes() -> list[str]:
    return sorted(await Customer.all().values_list("code", flat=True))


async def test_good_file_creates_normalised_customers(core_any_db, tmp_path):
    report = await import_customers(csv_file(tmp_path, GOOD), TYPES)

    assert report == ImportReport(created=3, skipped=0, errors=[])
    acme = await Customer.get(code="C-1")
    assert acme.name == "Acme GmbH" and acme.type == "enterprise"
    assert acme.emails == [{"label": "work", "address": "info@acme.de"}]
    assert acme.phones == [{"label": "work", "number": "+49301234567"}]  # national number, region from country
    assert acme.currency == "EUR" and acme.credit_limit == Decimal("1000.50")
    assert (acme.payment_terms, acme.tax_rule) == ("30 days net", "standard")
    assert acme.postal_address == {"street": "Hauptstr. 1", "city": "Berlin", "postal_code": "10115", "country": "DE"}
    assert acme.tags == ["vip", "wholesale"]
    anna = await Customer.get(code="C-2")
    assert anna.name == "Müller, Anna"
    assert anna.phones == [{"label": "work", "number": "+442079460958"}]
    assert anna.currency == "EUR" and anna.postal_address is None
    globex = await Customer.get(code="C-3")
    assert (globex.type, globex.currency, globex.emails, globex.phones) == ("distributor", "USD", [], [])
    # identities are recorded as create_customer does, so duplicate detection sees imported rows
    assert [c.code for c in await customers.customers_matching([("email", "info@acme.de")])] == ["C-1"]


async def test_bad_rows_are_all_reported_and_nothing_is_written(core_any_db, tmp_path):
    await customers.create_customer({"code": "OLD-1", "name": "Old", "type": "enterprise"}, TYPES)

    report = await import_customers(csv_file(tmp_path, BAD), TYPES)

    assert [(e.line, e.field, e.code) for e in report.errors] == BAD_ERRORS
    assert (report.created, report.skipped) == (0, 8)
    messages = {e.line: e.message for e in report.errors}
    assert "already used on line 2" in messages[8]
    assert "'OLD-1' is already taken" in messages[9]
    assert "individual, enterprise, distributor" in messages[10]
    assert await codes() == ["OLD-1"]


async def test_skip_invalid_writes_only_the_good_rows(core_any_db, tmp_path):
    await customers.create_customer({"code": "OLD-1", "name": "Old", "type": "enterprise"}, TYPES)

    report = await import_customers(csv_file(tmp_path, BAD), TYPES, skip_invalid=True)

    assert [(e.line, e.field, e.code) for e in report.errors] == BAD_ERRORS
    assert (report.created, report.skipped) == (2, 6)
    assert await codes() == ["C-1", "C-9", "OLD-1"]
    assert (await Customer.get(code="C-1")).name == "Acme\nHolding"
    assert (await Customer.get(code="OLD-1")).name == "Old"


async def test_shared_email_or_phone_does_not_stop_the_import(core, tmp_path):
    await customers.create_customer(
        {"code": "OLD-1", "name": "Old", "type": "enterprise", "emails": [{"address": "info@acme.de"}]}, TYPES
    )
    text = "code,name,type,email,phone\nC-1,Acme,enterprise,INFO@acme.de,+49 30 1234567\nC-2,Acme Two,enterprise,,+4930 1234567\n"

    report = await import_customers(csv_file(tmp_path, text), TYPES)

    assert (report.created, report.errors) == (2, [])
    assert [c.code for c in await customers.find_duplicates(await Customer.get(code="C-1"))] == ["OLD-1", "C-2"]


async def test_address_columns_are_checked_as_one_postal_address(core, tmp_path):
    text = "code,name,type,city,country,phone\nC-1,Acme,enterprise,Berlin,XX,\nC-2,Beta,enterprise,,,030 1234567\n"

    report = await import_customers(csv_file(tmp_path, text), TYPES)

    assert [(e.line, e.field, e.code) for e in report.errors] == [
        (2, "street", "REQUIRED"),
        (2, "country", "INVALID_COUNTRY"),
        (3, "phone", "INVALID_PHONE"),  # no country to read a national number with
    ]
    assert await codes() == []


async def test_row_with_more_cells_than_headers_is_refused(core, tmp_path):
    report = await import_customers(csv_file(tmp_path, "code,name,type\nC-1,Acme,enterprise,extra\n"), TYPES)

    assert report.errors == [RowError(2, None, "the row has 1 more cells than there are headers", "TOO_MANY_CELLS")]
    assert await codes() == []


@pytest.mark.parametrize(
    ("header", "named"),
    [
        ("code,name,kind,fax", ["unknown headers: kind, fax", "missing headers: type"]),
        ("code,name", ["missing headers: type"]),
        ("code,name,type,,email", ["unknown headers: (blank, column 4)"]),
        ("code,name,type,Email,EMAIL", ["repeated headers: email"]),
    ],
)
async def test_wrong_headers_are_one_clear_error(core, tmp_path, header, named):
    path = csv_file(tmp_path, f"{header}\nC-1,Acme,enterprise,,\n")

    with pytest.raises(ImportFileError) as caught:
        await import_customers(path, TYPES)

    message = str(caught.value)
    for part in named:
        assert part in message
    assert "Expected headers: required code,name,type; optional email,phone," in message
    assert await codes() == []


async def test_file_that_is_not_utf8_is_refused(core, tmp_path):
    path = csv_file(tmp_path, "code,name,type\nC-1,Acme,enterprise\nC-2,Müller,individual\n", encoding="cp1252")

    with pytest.raises(ImportFileError, match="file is not UTF-8 encoded; re-save it as UTF-8") as caught:
        await import_customers(path, TYPES)

    assert "line 3" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert await codes() == []


async def test_byte_order_mark_is_accepted(core, tmp_path):
    path = csv_file(tmp_path, "code,name,type\nC-1,Müller,individual\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    report = await import_customers(path, TYPES)

    assert (report.created, report.errors) == (1, [])
    assert (await Customer.get(code="C-1")).name == "Müller"


@pytest.mark.parametrize(("text", "message"), [(None, "no such file"), ("", "the file is empty"), ("\n \n", "the file is empty")])
async def test_missing_or_empty_file(core, tmp_path, text, message):
    path = tmp_path / "customers.csv" if text is None else csv_file(tmp_path, text)

    with pytest.raises(ImportFileError, match=message):
        await import_customers(path, TYPES)


async def test_header_only_and_blank_rows_import_nothing(core, tmp_path):
    report = await import_customers(csv_file(tmp_path, "code,name,type\n,,\n\n"), TYPES)

    assert report == ImportReport(created=0, skipped=0, errors=[])


async def test_progress_is_reported_row_by_row(core, tmp_path):
    calls = []

    await import_customers(csv_file(tmp_path, GOOD), TYPES, progress=lambda done, total: calls.append((done, total)))

    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


async def test_one_event_per_customer_after_commit_and_none_after_rollback(tmp_path):
    recorder = Recorder()
    amity = await started(Settings(database_url=sqlite_url(tmp_path), plugins=("recorder",)), {"recorder": recorder})
    try:
        report = await import_customers(csv_file(tmp_path, GOOD), TYPES)
        assert report.created == 3
        created = {c.code: c.id for c in await Customer.all()}
        assert recorder.seen == [
            ("customer.created", {"customer_id": created[code], "code": code, "name": name}, True)
            for code, name in (("C-1", "Acme GmbH"), ("C-2", "Müller, Anna"), ("C-3", "Globex"))
        ]

        recorder.seen.clear()
        report = await import_customers(csv_file(tmp_path, "code,name,type\nN-1,New,individual\nN-2,Bad,alien\n"), TYPES)
        assert report.errors and report.created == 0
        assert recorder.seen == []
        assert not await Customer.exists(code="N-1")
    finally:
        await drop(amity)
