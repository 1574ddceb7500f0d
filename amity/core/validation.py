"""Normalising and checking contact data: e-mails, phones, currencies, countries."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email

from amity.core.errors import FieldProblem


class Problems(list[FieldProblem]):
    """Collects problems so a request reports all of them at once."""

    def add(self, field: str | None, message: str, code: str = "INVALID") -> None:
        self.append(FieldProblem(field, message, code))


def required_text(value: str | None, field: str, problems: Problems, max_length: int = 200) -> str:
    text = (value or "").strip()
    if not text:
        problems.add(field, f"{field} is required", "REQUIRED")
    elif len(text) > max_length:
        problems.add(field, f"{field} must be at most {max_length} characters", "TOO_LONG")
    return text


def normalise_email(value: str, field: str, problems: Problems) -> str | None:
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        problems.add(field, f"{value!r} is not a valid e-mail address: {exc}", "INVALID_EMAIL")
        return None


def normalise_phone(value: str, field: str, problems: Problems, region: str | None = None) -> str | None:
    """E.164 form (+4930123456). Numbers without a country prefix need ``region``."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_possible_number(number):
        problems.add(field, f"{value!r} is not a valid phone number (use +<country code> <number>)", "INVALID_PHONE")
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_currency(value: str, field: str, problems: Problems) -> str:
    code = (value or "").strip().upper()
    if len(code) != 3 or pycountry.currencies.get(alpha_3=code) is None:
        problems.add(field, f"{value!r} is not an ISO 4217 currency code", "INVALID_CURRENCY")
    return code


def check_country(value: str, field: str, problems: Problems) -> str:
    code = (value or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        problems.add(field, f"{value!r} is not an ISO 3166-1 alpha-2 country code", "INVALID_COUNTRY")
    return code


def check_amount(
    value: str | Decimal | int, field: str, problems: Problems, *, minimum: Decimal = Decimal(0), places: int | None = None
) -> Decimal:
    """``value`` as a Decimal, at least ``minimum`` and with at most ``places`` decimal places
    (money: 2; more is refused, never rounded away); problems go to ``problems``."""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        problems.add(field, f"{value!r} is not a decimal amount", "INVALID_AMOUNT")
        return Decimal(0)
    if not amount.is_finite():
        problems.add(field, f"{value!r} is not a decimal amount", "INVALID_AMOUNT")
        return Decimal(0)
    if amount < minimum:
        problems.add(field, f"{field} must not be below {minimum}", "NEGATIVE_AMOUNT" if minimum == 0 else "TOO_SMALL")
    elif places is not None and amount != amount.quantize(Decimal(1).scaleb(-places)):
        problems.add(field, f"{field} must have at most {places} decimal places", "INVALID_AMOUNT")
    return amount
