"""Typed reading of cell values (Excel cells or JSON values); a wrong type raises CellError."""

import re
from datetime import date
from datetime import datetime
from decimal import Decimal
from decimal import InvalidOperation

from webapp.diwi_format.excel import INFINITE_UPPER
from webapp.diwi_format.labels import BOOLEAN_TEXTS

DATE_PATTERNS = (
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 2, 1)),
)
MAX_AMOUNT = 1_000_000
MAX_EUROS = Decimal(10) ** 12


class CellError(Exception):
    """A value of the wrong type: carries the import error code."""

    def __init__(self, code: str, value: object = None, **extra: object) -> None:
        super().__init__(code)
        self.code = code
        self.value = value
        self.extra = extra  # more Issue fields (custom_property_id, create)


def empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str | None:
    """Text (numbers are accepted and written without .0); dates and booleans are not text."""
    if empty(value):
        return None
    if isinstance(value, bool | date | datetime):
        raise CellError("not_string", value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise CellError("not_string", value)
    return value.strip()


def number(value: object) -> Decimal | None:
    """A number (a numeric text with , or . is accepted); dates are not numbers."""
    if empty(value):
        return None
    if isinstance(value, bool | date | datetime):
        raise CellError("not_numeric", value)
    if isinstance(value, int | float):
        if isinstance(value, float) and value != value:  # NaN
            raise CellError("not_numeric", value)
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            found = Decimal(value.strip().replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise CellError("not_numeric", value) from None
        if not found.is_finite():
            raise CellError("not_numeric", value)
        return found
    raise CellError("not_numeric", value)


def count(value: object) -> int | None:
    """A number of dwellings: a whole number (empty: None)."""
    found = number(value)
    if found is None:
        return None
    if found != found.to_integral_value() or abs(found) > MAX_AMOUNT:
        raise CellError("not_numeric", value)
    return int(found)


def day(value: object) -> date | None:
    """A date: a date cell or text YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY."""
    if empty(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        stripped = value.strip()[:10] if "T" in value else value.strip()
        for pattern, order in DATE_PATTERNS:
            match = pattern.match(stripped)
            if match:
                try:
                    return date(*(int(match.group(i)) for i in order))
                except ValueError:
                    break
    raise CellError("not_date", value)


def boolean(value: object) -> bool | None:
    """true/false, 1/0, ja/nee (any case) or a boolean cell."""
    if empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in BOOLEAN_TEXTS:
        return BOOLEAN_TEXTS[value.strip().lower()]
    raise CellError("not_boolean", value)


def euro_range(value: object) -> tuple[int, int | None] | None:
    """Euros "250000", "200000-300000", "400000-Inf" (comma decimals) as cents (low, high|None).

    A single value gives (v, v).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        cents = to_cents(Decimal(str(value)), value)
        return cents, cents
    if not isinstance(value, str) or not value.strip():
        raise CellError("invalid_numeric_range", value)
    parts = [p.strip() for p in re.split(r"\s*-\s*", value.strip().replace("€", ""))]
    if len(parts) == 1:
        cents = to_cents(decimal_text(parts[0], value), value)
        return cents, cents
    if len(parts) != 2:
        raise CellError("invalid_numeric_range", value)
    low = to_cents(decimal_text(parts[0], value), value)
    high = (
        None
        if parts[1].lower() in INFINITE_UPPER
        else to_cents(decimal_text(parts[1], value), value)
    )
    if high is not None and high < low:
        raise CellError("invalid_numeric_range", value)
    return low, high


def decimal_text(part: str, whole: object) -> Decimal:
    cleaned = part.replace(".", "").replace(",", ".") if "," in part else part
    try:
        found = Decimal(cleaned.replace(" ", ""))
    except InvalidOperation:
        raise CellError("invalid_numeric_range", whole) from None
    if not found.is_finite():
        raise CellError("invalid_numeric_range", whole)
    return found


def to_cents(euros: Decimal, whole: object) -> int:
    if euros < 0 or euros > MAX_EUROS:
        raise CellError("invalid_numeric_range", whole)
    return int((euros * 100).to_integral_value())


def size_range(value: object) -> tuple[float, float]:
    """m2 "60" or "60-80" (min < max) as (low, high); a single value gives (v, v)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        return float(value), float(value)
    if not isinstance(value, str):
        raise CellError("invalid_numeric_range", value)
    parts = [p.strip() for p in value.replace("m2", "").replace("m²", "").split("-")]
    try:
        numbers = [float(Decimal(p.replace(",", "."))) for p in parts]
    except InvalidOperation:
        raise CellError("invalid_numeric_range", value) from None
    if len(numbers) not in (1, 2) or min(numbers) <= 0 or numbers[0] > numbers[-1]:
        raise CellError("invalid_numeric_range", value)
    if any(n != n or n == float("inf") for n in numbers):
        raise CellError("invalid_numeric_range", value)
    return numbers[0], numbers[-1]


def plain_number(found: Decimal) -> int | float:
    """A Decimal as int when whole, else float (for JSON custom values)."""
    return int(found) if found == found.to_integral_value() else float(found)
