"""Import customers from a CSV file.

The rules are those of ``customers.create_customer``: every row is checked with the same
validation, and every valid row is written through ``create_customer`` (with
``allow_duplicate``: a shared e-mail or phone does not stop a bulk import, a taken code does).
All rows are written in one ``events.transaction()``, so ``customer.created`` events go out
only after it commits. The ``amity import customers`` command calls ``import_customers``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amity.core import customers, events
from amity.core.errors import DomainError, FieldProblem
from amity.core.models import Customer

REQUIRED_HEADERS = ("code", "name", "type")
OPTIONAL_HEADERS = (
    "email", "phone", "currency", "credit_limit", "payment_terms", "tax_rule",
    "street", "city", "postal_code", "country", "tags",
)
ADDRESS_HEADERS = ("street", "city", "postal_code", "country")
TAG_SEPARATOR = ";"

# Field paths in the problems of the customer rules, and the CSV column each comes from.
_COLUMN_OF_FIELD = {
    "emails.0.address": "email",
    "phones.0.number": "phone",
    "creditLimit": "credit_limit",
    "paymentTerms": "payment_terms",
    "taxRule": "tax_rule",
    "postalAddress.street": "street",
    "postalAddress.city": "city",
    "postalAddress.country": "country",
}
_CODE_LOOKUP_CHUNK = 500

Progress = Callable[[int, int], object]


class ImportFileError(ValueError):
    """The file as a whole cannot be imported (missing, not UTF-8, empty, wrong headers).
    Nothing was written; the message says what to fix."""


@dataclass(frozen=True)
class RowError:
    """One problem with one row. ``line`` is the physical line in the file where the row
    starts (the header is line 1); ``field`` is the CSV column, or None for the whole row."""

    line: int
    field: str | None
    message: str
    code: str


@dataclass
class ImportReport:
    """What an import did. ``created + skipped`` is the number of data rows: when a row is
    invalid and invalid rows are not skipped, nothing is created and every row counts as
    skipped. ``errors`` lists every problem, in file order."""

    created: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]
    extra_cells: int = 0


class _RollBack(Exception):
    """Raised inside the import transaction to undo it when invalid rows are not skipped."""


async def import_customers(
    path: str | os.PathLike[str],
    customer_types: Sequence[str],
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Create one customer per row of the CSV file at ``path``.

    Headers (case-insensitive): ``code,name,type`` required; ``email, phone, currency,
    credit_limit, payment_terms, tax_rule, street, city, postal_code, country, tags``
    optional (tags separated by ``;``; the address columns form the postal address). Rows
    whose cells are all blank are ignored. A code that is taken in the database, or used by
    an earlier row of the file, is refused.

    When any row is invalid, nothing is written unless ``skip_invalid``, in which case the
    valid rows are written and the invalid ones skipped; either way the report lists every
    problem. ``progress(done, total)``, when given, is called with ``(0, total)`` first and
    then after each row, ``total`` being the number of data rows.

    Raises ``ImportFileError`` when the file cannot be read, is not UTF-8, is empty or has
    unknown or missing headers; nothing is written then.
    """
    rows = _read_rows(path)
    total = len(rows)
    report = ImportReport()
    notify = progress or (lambda done, total: None)
    notify(0, total)
    first_line_of_code: dict[str, int] = {}
    taken = await _codes_in_database({row.values.get("code", "").strip() for row in rows})
    try:
        async with events.transaction():
            for done, row in enumerate(rows, start=1):
                problems = _check_row(row, customer_types, taken, first_line_of_code)
                if code := row.values.get("code", "").strip():
                    first_line_of_code.setdefault(code, row.line)
                if not problems and (skip_invalid or not report.errors):
                    problems = await _create(row, customer_types)
                if problems:
                    report.errors.extend(RowError(row.line, _column(p.field), p.message, p.code) for p in problems)
                    report.skipped += 1
                else:
                    report.created += 1
                notify(done, total)
            if report.errors and not skip_invalid:
                raise _RollBack
    except _RollBack:
        return ImportReport(created=0, skipped=total, errors=report.errors)
    return report


def _read_rows(path: str | os.PathLike[str]) -> list[_Row]:
    """The data rows of the file, each with the line it starts on and its cells by
    normalised header; blank rows left out."""
    text = _read_text(Path(path))
    if not text.strip():
        raise ImportFileError(f"{path}: the file is empty; expected a header line: {_expected()}")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        columns = _check_header(next(reader), path)
        rows: list[_Row] = []
        last_line = reader.line_num
        for cells in reader:
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows.append(_Row(line, dict(zip(columns, cells, strict=False)), max(0, len(cells) - len(columns))))
    except csv.Error as error:
        raise ImportFileError(f"{path}: line {reader.line_num} is not valid CSV: {error}") from None
    return rows


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except OSError as error:
        raise ImportFileError(f"{path}: cannot read the file: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}: file is not UTF-8 encoded; re-save it as UTF-8 (first invalid byte on line {line})"
        ) from None


def _check_header(header: list[str], path: str | os.PathLike[str]) -> list[str]:
    columns = [name.strip().lower() for name in header]
    known = set(REQUIRED_HEADERS) | set(OPTIONAL_HEADERS)
    unknown = [name or f"(blank, column {i})" for i, name in enumerate(columns, start=1) if name not in known]
    missing = [name for name in REQUIRED_HEADERS if name not in columns]
    repeated = sorted({name for name in columns if name in known and columns.count(name) > 1})
    wrong = [
        f"{label}: {', '.join(names)}"
        for label, names in (("unknown headers", unknown), ("missing headers", missing), ("repeated headers", repeated))
        if names
    ]
    if wrong:
        raise ImportFileError(f"{path}: {'; '.join(wrong)}. Expected headers: {_expected()}")
    return columns


def _expected() -> str:
    return f"required {','.join(REQUIRED_HEADERS)}; optional {','.join(OPTIONAL_HEADERS)}"


async def _codes_in_database(codes: set[str]) -> set[str]:
    wanted = sorted(code for code in codes if code)
    taken: set[str] = set()
    for start in range(0, len(wanted), _CODE_LOOKUP_CHUNK):
        chunk = wanted[start : start + _CODE_LOOKUP_CHUNK]
        taken.update(await Customer.filter(code__in=chunk).values_list("code", flat=True))
    return taken


def _customer_values(row: _Row) -> dict[str, Any]:
    """The row in the shape ``customers.create_customer`` takes."""
    cells = row.values
    values: dict[str, Any] = {name: cells.get(name, "") for name in REQUIRED_HEADERS}
    for name in ("currency", "credit_limit", "payment_terms", "tax_rule"):
        if name in cells:
            values[name] = cells[name]
    values["emails"] = [{"address": cells["email"]}] if cells.get("email", "").strip() else []
    values["phones"] = [{"number": cells["phone"]}] if cells.get("phone", "").strip() else []
    if any(cells.get(name, "").strip() for name in ADDRESS_HEADERS):
        values["postal_address"] = {name: cells.get(name, "") for name in ADDRESS_HEADERS}
    if "tags" in cells:
        values["tags"] = cells["tags"].split(TAG_SEPARATOR)
    return values


def _check_row(
    row: _Row, customer_types: Sequence[str], taken: set[str], first_line_of_code: dict[str, int]
) -> list[FieldProblem]:
    """Every problem of one row, without writing: shape, the customer rules, the code."""
    if row.extra_cells:
        return [FieldProblem(None, f"the row has {row.extra_cells} more cells than there are headers", "TOO_MANY_CELLS")]
    problems: list[FieldProblem] = []
    try:
        customers.clean_customer(_customer_values(row), customer_types, creating=True)
    except DomainError as error:
        problems.extend(error.problems)
    code = row.values.get("code", "").strip()
    if code in first_line_of_code:
        problems.append(
            FieldProblem("code", f"customer code {code!r} is already used on line {first_line_of_code[code]}", "DUPLICATE")
        )
    elif code in taken:
        problems.append(FieldProblem("code", f"customer code {code!r} is already taken", "DUPLICATE"))
    return problems


async def _create(row: _Row, customer_types: Sequence[str]) -> list[FieldProblem]:
    """Write one checked row; the problems if the rules still refuse it (a code taken since)."""
    try:
        await customers.create_customer(_customer_values(row), customer_types, allow_duplicate=True)
    except DomainError as error:
        return list(error.problems)
    return []


def _column(field_path: str | None) -> str | None:
    if field_path is None:
        return None
    return _COLUMN_OF_FIELD.get(field_path, field_path)
