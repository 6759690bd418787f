"""What an import file says, format-independent: projects with their houseblocks."""

from dataclasses import dataclass
from dataclasses import field
from datetime import date


@dataclass
class Where:
    """Where a value came from: Excel sheet and 1-based row, or a GeoJSON feature number."""

    sheet: str | None = None
    row: int | None = None
    feature: int | None = None
    path: str | None = None  # GeoJSON: the houseblock's path, e.g. woning_blokken[2]

    def issue_args(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "feature": self.feature}


@dataclass
class OwnershipLine:
    """Dwellings of one ownership type at one price (category id, cents or range), or no price."""

    ownership_type: str
    amount: int
    price_kind: str | None = None  # 'category' | 'value' | None
    price_category_id: str | None = None
    price_cents: int | None = None
    price_range_cents: tuple[int, int | None] | None = None
    column: str | None = None

    def as_sql(self) -> dict:
        line: dict = {"ownership_type": self.ownership_type, "amount": self.amount}
        if self.price_category_id:
            line["price_category_id"] = self.price_category_id
        elif self.price_range_cents:
            line["price_range_cents"] = list(self.price_range_cents)
        elif self.price_cents is not None:
            line["price_cents"] = self.price_cents
        return line


@dataclass
class HouseblockIn:
    """One houseblock as the file describes it."""

    where: Where
    mutation_kind: str
    amount: int | None
    name: str
    guid: str | None = None
    deliveries: list[tuple[date, int]] = field(default_factory=list)
    delivery_earliest: date | None = None
    start_date: date | None = None
    end_date: date | None = None
    size_m2: tuple[float, float] | None = None
    programming: bool | None = None
    ownership_counts: dict[str, int] = field(default_factory=dict)  # incl. 'unknown'
    lines: list[OwnershipLine] = field(default_factory=list)
    breakdown: dict[str, dict[str, int]] = field(default_factory=dict)
    house_type_unknown: int = 0
    custom_values: dict[str, object] = field(default_factory=dict)
    multiple_price_kinds: bool = False  # GeoJSON: category and low/high both given
    # our own round-trip file: one ownership type may mix categories and prices, and breakdowns
    # may cover fewer dwellings than the amount
    lenient: bool = False


@dataclass
class ProjectIn:
    """One project as the file describes it (several Excel rows may describe one project)."""

    where: Where
    municipal_id: str | None
    guid: str | None = None
    name: str | None = None
    owners: list[str] = field(default_factory=list)
    confidentiality: str | None = None
    plan_types: list[str] = field(default_factory=list)
    programming: bool | None = None
    priority: str | None = None
    municipality_roles: list[str] = field(default_factory=list)
    status: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    phases: dict[str, date] = field(default_factory=dict)
    planning_statuses: dict[str, date] = field(default_factory=dict)
    municipality: str | None = None
    districts: list[str] = field(default_factory=list)
    neighbourhoods: list[str] = field(default_factory=list)
    custom_values: dict[str, object] = field(default_factory=dict)
    custom_columns: set[str] = field(default_factory=set)  # property ids the file has a column for
    colour: str | None = None
    plan_area: dict | None = None  # GeoJSON geometry (in plan_area_srid until converted)
    plan_area_srid: int = 28992
    houseblocks: list[HouseblockIn] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.municipal_id or self.guid or (self.name or "?")
