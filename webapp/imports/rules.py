"""DIWI's business validation of an imported project (ProjectImportModel.validate), per file row."""

from collections.abc import Callable
from datetime import date

from webapp.diwi_format.labels import PLANNING_STATUS_ORDER
from webapp.imports.context import Context
from webapp.imports.issues import Issue
from webapp.imports.model import HouseblockIn
from webapp.imports.model import OwnershipLine
from webapp.imports.model import ProjectIn

PHASE_ORDER = (
    "concept",
    "initiative",
    "definition",
    "design",
    "preparation",
    "realisation",
    "aftercare",
)
# ownership type -> (total code, multiple-types code)
PRICE_CODES = {
    "owner_occupied": (
        "houseblock_ownership_owner_total",
        "houseblock_ownership_owner_multiple_types",
    ),
    "private_rental": (
        "houseblock_ownership_landlord_total",
        "houseblock_ownership_landlord_multiple_types",
    ),
    "social_rental": (
        "houseblock_ownership_housing_assoc_total",
        "houseblock_ownership_housing_assoc_multiple_types",
    ),
}
BREAKDOWN_CODES = {
    "house_type": "houseblock_house_type_total",
    "physical_appearance": "houseblock_physical_appearance_total",
    "target_group": "houseblock_target_group_total",
    "ground_position": "houseblock_ground_position_total",
}
# A locator turns (where, what, houseblock kind) into Issue keyword arguments (sheet/row/column or
# GeoJSON feature/path); `what` names the field as in the rule tables below.
Locator = Callable[..., dict]


def status_fits(status: str | None, start: date, end: date, today: date) -> bool:
    """DIWI's project status check against the import date."""
    if status == "NEW":
        return today <= start
    if status == "ACTIVE":
        return start <= today <= end
    if status in ("REALIZED", "TERMINATED"):
        return start <= today and end <= today
    return True


def dates_in_order(given: dict[str, date], order: tuple, start: date, end: date) -> bool:
    """Each given start >= project start, before the next given later one and before the end."""
    dated = [given[code] for code in order if code in given]
    if not dated:
        return True
    bounds = [*dated[1:], end]
    return all(d >= start and d < nxt for d, nxt in zip(dated, bounds, strict=True))


class Checker:
    """Collects business-rule errors of the projects of one file."""

    def __init__(self, ctx: Context, locate: Locator, today: date) -> None:
        self.ctx = ctx
        self.locate = locate
        self.today = today
        self.issues: list[Issue] = []

    def add(
        self,
        code: str,
        project: ProjectIn,
        what: str,
        block: HouseblockIn | None = None,
        value: object = None,
    ) -> None:
        where = block.where if block else project.where
        kind = block.mutation_kind if block else None
        self.issues.append(
            Issue(
                code,
                identification=project.municipal_id,
                houseblock_name=block.name if block else None,
                value=None if value is None else str(value)[:200],
                **self.locate(where, what, kind),
            )
        )

    def project(self, p: ProjectIn) -> list[str]:
        """Check a project; returns its owner group ids."""
        owners = self.owners(p)
        if p.start_date and p.end_date:
            self.dates(p)
        if p.neighbourhoods and not p.districts:
            self.add("incomplete_project_location", p, "neighbourhood")
        elif (p.districts or p.neighbourhoods) and not p.municipality:
            self.add("incomplete_project_location", p, "district")
        for block in p.houseblocks:
            self.houseblock(p, block)
        return owners

    def owners(self, p: ProjectIn) -> list[str]:
        found = []
        for owner in p.owners:
            group = self.ctx.owner_group(owner)
            if group is None:
                self.add("project_owner_unknown", p, "owner", value=owner)
            else:
                found.append(group)
        return list(dict.fromkeys(found))

    def dates(self, p: ProjectIn) -> None:
        if p.end_date <= p.start_date:
            self.add("project_dates_error", p, "end_date", value=f"{p.start_date} - {p.end_date}")
            return
        if not status_fits(p.status, p.start_date, p.end_date, self.today):
            self.add("project_dates_status_mismatch", p, "project_status", value=p.status)
        if not dates_in_order(p.phases, PHASE_ORDER, p.start_date, p.end_date):
            self.add("wrong_project_phase_dates", p, "phases")
        if not dates_in_order(p.planning_statuses, PLANNING_STATUS_ORDER, p.start_date, p.end_date):
            self.add("wrong_project_plan_status_dates", p, "planning_statuses")

    def houseblock(self, p: ProjectIn, b: HouseblockIn) -> None:
        if b.amount is None or b.amount <= 0:
            self.add("houseblock_housing_number", p, "amount", b, b.amount)
            return
        if b.deliveries:
            self.deliveries(p, b)
        self.ownership(p, b)
        for prop, code in BREAKDOWN_CODES.items():
            if prop in b.breakdown:
                total = sum(b.breakdown[prop].values()) + (
                    b.house_type_unknown if prop == "house_type" else 0
                )
                # our own round-trip files: a breakdown may cover fewer dwellings (as in the editor)
                if total > b.amount or (total < b.amount and not b.lenient):
                    self.add(code, p, prop, b, total)

    def deliveries(self, p: ProjectIn, b: HouseblockIn) -> None:
        dates = [d for d, _ in b.deliveries]
        if p.end_date and max(dates) > p.end_date:
            self.add("houseblock_delivery_date", p, "delivery", b, max(dates))
        total = sum(n for _, n in b.deliveries)
        if total != b.amount:
            self.add("houseblock_delivery_total", p, "delivery", b, total)
        realisation = p.phases.get("realisation")
        if realisation:
            wrong = any(d < realisation for d in dates)
        else:
            wrong = bool(p.start_date and p.end_date) and any(
                d <= p.start_date or d > p.end_date for d in dates
            )
        if wrong:
            self.add("houseblock_delivery_phase", p, "delivery", b, min(dates))

    def ownership(self, p: ProjectIn, b: HouseblockIn) -> None:
        if b.ownership_counts and sum(b.ownership_counts.values()) != b.amount:
            self.add(
                "houseblock_ownership_total",
                p,
                "owner_occupied",
                b,
                sum(b.ownership_counts.values()),
            )
        if b.multiple_price_kinds:
            self.add("houseblock_ownership_multiple_types", p, "purchase_category", b)
        for ownership, (total_code, multiple_code) in PRICE_CODES.items():
            lines = [line for line in b.lines if line.ownership_type == ownership]
            if not lines:
                continue
            priced = {line.price_kind for line in lines if line.price_kind}
            if len(priced) > 1 and not b.lenient:
                self.add(multiple_code, p, f"{ownership}_price", b)
            total = sum(line.amount for line in lines)
            if total != b.ownership_counts.get(ownership, 0):
                self.add(total_code, p, f"{ownership}_price", b, total)


def check_duplicates(projects: list[ProjectIn], checker: Checker) -> None:
    """One project per identification number and per GUID (GeoJSON features are not merged)."""
    seen: set[tuple[str, str]] = set()
    for p in projects:
        for key in (("id", p.municipal_id), ("guid", p.guid)):
            if key[1] is None:
                continue
            if key in seen:
                checker.add("project_duplicate", p, "municipal_id", value=key[1])
            seen.add(key)


def final_lines(b: HouseblockIn) -> list[OwnershipLine]:
    """The ownership lines to store: priced lines per type, else one line with the type's count."""
    lines: list[OwnershipLine] = []
    for ownership in ("owner_occupied", "private_rental", "social_rental"):
        given = [line for line in b.lines if line.ownership_type == ownership]
        unpriced = sum(line.amount for line in given if not line.price_kind)
        lines.extend(line for line in given if line.price_kind)
        if not given:
            unpriced = b.ownership_counts.get(ownership, 0)
        if unpriced:
            lines.append(OwnershipLine(ownership, unpriced))
    return lines
