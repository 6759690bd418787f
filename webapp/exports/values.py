"""Values of the DIWI exports as DIWI writes them: status, prices, sizes and custom values."""

from datetime import date
from decimal import Decimal

# DIWI enum names of the fixed breakdown options (the GeoJSON import's keys).
HOUSE_TYPE_NAMES = {"single_family": "EENGEZINSWONING", "multi_family": "MEERGEZINSWONING"}
GROUND_POSITION_NAMES = {
    "no_permission": "GEEN_TOESTEMMING_GRONDEIGENAAR",
    "intended_cooperation": "INTENTIE_MEDEWERKING_GRONDEIGENAAR",
    "formal_permission": "FORMELE_TOESTEMMING_GRONDEIGENAAR",
}
# Planning statuses in DIWI's progression order (its templates' order), ours last.
STATUS_ORDER = ["4A", "4B", "3", "2A", "2B", "2C", "1A", "1B", "1C", "5A", "5B"]
UNKNOWN = "Onbekend"


def project_status(project: dict, reference_date: date) -> str:
    """DIWI's project status at the reference date: NEW, ACTIVE, REALIZED or TERMINATED."""
    if reference_date < project["start_date"]:
        return "NEW"
    if reference_date < project["end_date"]:
        return "ACTIVE"
    return "TERMINATED" if project.get("end_status") == "aborted" else "REALIZED"


def number_text(value: Decimal | float | int) -> str:
    """A number as DIWI's sub-headers write it: whole numbers bare, else a decimal comma."""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f").replace(".", ",")


def euros(cents: int) -> str:
    """Cents as euros: 25000000 -> '250000', 81250 -> '812,50'."""
    return str(cents // 100) if cents % 100 == 0 else f"{cents // 100},{cents % 100:02d}"


def price_label(line: dict) -> str | None:
    """A line's price value as a sub-header: 'x', 'x-y' or 'x-Inf' (None: no value or range)."""
    if line["price_cents"] is not None:
        return euros(line["price_cents"])
    if line["price_min_cents"] is None:
        return None
    high = "Inf" if line["price_max_cents"] is None else euros(line["price_max_cents"])
    return f"{euros(line['price_min_cents'])}-{high}"


def price_sort_key(label: str) -> tuple:
    """Order price-value sub-headers by their lower and upper bound."""
    parts = [p.strip() for p in label.split("-")]
    numbers = [Decimal("Infinity") if p == "Inf" else Decimal(p.replace(",", ".")) for p in parts]
    return (numbers[0], numbers[-1], len(parts))


def size_label(block: dict) -> str | None:
    """The houseblock's size as a sub-header: 'x' or 'x-y' m² (None: no size)."""
    low, high = block.get("size_min"), block.get("size_max")
    if low is None:
        return None
    if high is None or high == low:
        return number_text(low)
    return f"{number_text(low)}-{number_text(high)}"


def custom_value(prop: dict, values: dict) -> object:
    """A custom value as DIWI writes it: option labels (a list when several), else the value."""
    value = values.get(prop["id"])
    if value is None or value == []:
        return None
    if prop["value_type"] in ("category", "ordinal"):
        chosen = value if isinstance(value, list) else [value]
        labels = [prop["options"].get(v, v) for v in chosen]
        return labels[0] if len(labels) == 1 else labels
    return value


def one_or_list(items: list) -> object:
    """None for no items, the item for one, the list for several (DIWI's single-valued keys)."""
    if not items:
        return None
    return items[0] if len(items) == 1 else list(items)


def ownership_unknown(block: dict) -> int:
    """Dwellings of the block without an ownership line."""
    return max(block["amount"] - sum(line["amount"] for line in block["lines"]), 0)


def house_type_unknown(block: dict) -> int:
    """Dwellings of the block of unknown house type."""
    known = sum(block["breakdown"].get("house_type", {}).values())
    return max(block["amount"] - known, 0)
