"""Deterministic demo data: two Gelderland municipalities, their user groups and 60 projects."""

import json
import math
import random
import time
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Jsonb

DEFAULT_SEED = 20261204
ANCHOR = date(2026, 1, 1)  # "today" of the demo: earlier milestones are realised
LAST_DATE = date(2035, 12, 31)
PROJECT_COUNT = 60
REFERENCE: dict[str, Any] = json.loads(
    (Path(__file__).resolve().parent / "demo_data" / "reference.json").read_text(encoding="utf-8")
)
MUNICIPALITIES: list[dict[str, Any]] = REFERENCE["municipalities"]
DEMO_CODES = [m["code"] for m in MUNICIPALITIES]

PHASES = [
    "concept",
    "initiative",
    "definition",
    "design",
    "preparation",
    "realisation",
    "aftercare",
]
HARD_STATUSES = {"1A", "1B", "2A", "2B"}
STATUS_PHASES: dict[str | None, list[str]] = {
    None: ["concept", "initiative"],
    "5B": ["concept", "initiative"],
    "5A": ["concept", "initiative", "definition"],
    "4B": ["initiative", "definition"],
    "4A": ["initiative", "definition", "design"],
    "3": ["definition", "design", "preparation"],
    "2C": ["design", "preparation"],
    "2B": ["design", "preparation"],
    "2A": ["preparation", "realisation"],
    "1C": ["preparation", "realisation"],
    "1B": ["preparation", "realisation"],
    "1A": ["realisation", "aftercare"],
}
STATUS_WEIGHTS = [1, 1, 1, 1, 3, 4, 1, 1, 4, 1, 1, 5]  # in the order of STATUS_PHASES
PHASE_START_YEARS = {
    "concept": (2026, 2030),
    "initiative": (2025, 2029),
    "definition": (2024, 2028),
    "design": (2022, 2027),
    "preparation": (2020, 2025),
    "realisation": (2018, 2024),
    "aftercare": (2018, 2021),
}
PLAN_TYPES = [
    "building_transformation",
    "transformation_area",
    "restructuring",
    "densification",
    "extension_outskirts",
]
MUNICIPALITY_ROLES = ["client", "permit_authority", "landowner", "planning_process"]
COLOURS = ["#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#17BECF"]
MILESTONE_PLAN = [
    (0.2, "Vaststelling stedenbouwkundig plan"),
    (0.4, "Omgevingsvergunning verleend"),
    (0.55, "Start bouw"),
    (0.85, "Eerste oplevering"),
]
SECTION_LETTERS = "ABCD"


@dataclass(frozen=True)
class Profile:
    """A kind of houseblock: its dwellings, residents, ownership mix and sizes."""

    label: str
    single_family: float
    appearance: dict[str, int]
    target_group: str
    ownership: dict[str, float]
    size: tuple[int, int]


SINGLE = {"terraced": 5, "corner": 2, "semi_detached": 2, "detached": 1}
FLATS = {"gallery_flat": 2, "porch_flat": 1}
PROFILES = [
    Profile("Grondgebonden woningen", 1.0, SINGLE, "regular", {"owner_occupied": 1.0}, (105, 150)),
    Profile(
        "Appartementen",
        0.0,
        FLATS,
        "regular",
        {"owner_occupied": 0.5, "private_rental": 0.3, "social_rental": 0.2},
        (55, 95),
    ),
    Profile("Sociale huurappartementen", 0.0, FLATS, "regular", {"social_rental": 1.0}, (45, 75)),
    Profile(
        "Middenhuurwoningen", 0.3, SINGLE | FLATS, "regular", {"private_rental": 1.0}, (50, 85)
    ),
    Profile(
        "Seniorenwoningen",
        0.4,
        SINGLE | FLATS,
        "elderly",
        {"social_rental": 0.5, "owner_occupied": 0.5},
        (60, 90),
    ),
    Profile(
        "Studentenstudio's",
        0.0,
        FLATS,
        "students",
        {"private_rental": 0.6, "social_rental": 0.4},
        (18, 32),
    ),
    Profile(
        "Starterswoningen",
        0.5,
        SINGLE | FLATS,
        "young_people",
        {"owner_occupied": 0.7, "social_rental": 0.3},
        (50, 80),
    ),
    Profile("Vrije kavels", 1.0, {"detached": 1}, "regular", {"owner_occupied": 1.0}, (150, 240)),
    Profile("Zorgwoningen", 0.0, FLATS, "disabled_and_care", {"social_rental": 1.0}, (40, 70)),
    Profile(
        "Gezinswoningen",
        1.0,
        {"terraced": 3, "corner": 2},
        "large_families",
        {"owner_occupied": 0.6, "social_rental": 0.4},
        (120, 160),
    ),
]
SMALL_PROFILES = [PROFILES[0], PROFILES[7]]


@dataclass
class HouseblockSpec:
    """A houseblock to create, with an optional later amount change (edit date, new amount)."""

    data: dict[str, Any]
    amount_edit: tuple[date, int] | None = None


@dataclass
class ProjectSpec:
    """A project to create and edit; names refer to groups, properties and price categories."""

    municipality_code: str
    data: dict[str, Any]
    owner_groups: list[str]
    houseblocks: list[HouseblockSpec]
    milestones: list[tuple[date, str, str]]
    edits: list[tuple[date, dict[str, Any]]] = field(default_factory=list)
    moves: list[tuple[int, date]] = field(default_factory=list)

    @property
    def start(self) -> date:
        return date.fromisoformat(self.data["start_date"])

    @property
    def end(self) -> date:
        return date.fromisoformat(self.data["end_date"])


# --- generating the specs (pure Python, deterministic per seed) -------------------------------


def project_specs(seed: int = DEFAULT_SEED) -> list[ProjectSpec]:
    """The demo projects of a seed, without database ids: the same seed gives the same list."""
    rng = random.Random(seed)
    statuses = _statuses(rng)
    phases = _phases(rng, statuses)
    levels = _levels(rng, statuses)
    names = _NameMaker(rng)
    specs = [
        _project(rng, i, statuses[i], phases[i], levels[i], names) for i in range(PROJECT_COUNT)
    ]
    _add_history(rng, specs)
    _add_milestone_moves(rng, specs)
    return specs


def _statuses(rng: random.Random) -> list[str | None]:
    """Every planning status (and no status) at least once, then weighted draws."""
    options = list(STATUS_PHASES)
    chosen = [*options, None]
    chosen += rng.choices(options, weights=STATUS_WEIGHTS, k=PROJECT_COUNT - len(chosen))
    rng.shuffle(chosen)
    return chosen


def _phases(rng: random.Random, statuses: list[str | None]) -> list[str]:
    """A phase that fits each status; every phase is used at least once."""
    phases = [rng.choice(STATUS_PHASES[s]) for s in statuses]
    for phase in PHASES:
        if phase in phases:
            continue
        spare = [
            i
            for i, s in enumerate(statuses)
            if phase in STATUS_PHASES[s] and phases.count(phases[i]) > 1
        ]
        phases[rng.choice(spare)] = phase
    return phases


def _levels(rng: random.Random, statuses: list[str | None]) -> list[int]:
    """Confidentiality levels 1..7 all present; hard statuses get 6 or 7 (the database rule)."""
    levels = [rng.choice([6, 6, 7]) for _ in statuses]
    soft = [i for i, s in enumerate(statuses) if s not in HARD_STATUSES]
    pool = list(range(1, 8))
    pool += rng.choices(range(1, 8), weights=[1, 3, 2, 2, 2, 2, 3], k=len(soft) - len(pool))
    rng.shuffle(pool)
    for i, level in zip(soft, pool, strict=True):
        levels[i] = level
    return levels


class _NameMaker:
    """Unique project names from the place names of a municipality."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def name(self, municipality: dict[str, Any]) -> str:
        for _ in range(50):
            place = self.rng.choice(municipality["places"])
            candidate = f"{place} {self.rng.choice(REFERENCE['name_suffixes'])}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate
        raise RuntimeError("ran out of demo project names")


def _day(rng: random.Random, year_from: int, year_to: int) -> date:
    return date(year_from, 1, 1) + timedelta(
        days=rng.randint(0, 365 * (year_to - year_from + 1) - 1)
    )


def _period(rng: random.Random, phase: str) -> tuple[date, date]:
    start = _day(rng, *PHASE_START_YEARS[phase])
    end = min(start + timedelta(days=rng.randint(3 * 365, 9 * 365)), LAST_DATE)
    if phase == "aftercare":
        end = min(end, ANCHOR - timedelta(days=rng.randint(30, 700)))
    return start, end


def _project(
    rng: random.Random,
    index: int,
    status: str | None,
    phase: str,
    level: int,
    names: _NameMaker,
) -> ProjectSpec:
    municipality = MUNICIPALITIES[index % len(MUNICIPALITIES)]
    start, end = _period(rng, phase)
    district = rng.choice(municipality["districts"])
    plan_types = _plan_types(rng)
    data = {
        "municipality_code": municipality["code"],
        "municipal_id": f"{municipality['id_prefix']}-{start.year}-{index + 1:03d}",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "name": names.name(municipality),
        "phase": phase,
        "planning_status": status,
        "plan_types": plan_types,
        "confidentiality_level": level,
        "colour": rng.choice(COLOURS),
        "priority": rng.choices(["high", "medium", "low", None], weights=[2, 3, 2, 1])[0],
        "municipality_roles": _roles(rng),
        "district_codes": [district["code"]],
        "neighbourhood_codes": _neighbourhoods(rng, district),
    }
    data |= _geometry(rng, municipality, district, status, plan_types)
    blocks = _houseblocks(rng, start, end, plan_types, phase)
    data["custom_values"] = _project_custom(rng, sum(b.data["amount"] for b in blocks))
    owners = _owner_groups(rng, municipality)
    return ProjectSpec(municipality["code"], data, owners, blocks, _milestones(rng, start, end))


def _plan_types(rng: random.Random) -> list[str]:
    if rng.random() < 0.12:
        return ["extension_other"]
    types = {rng.choices(PLAN_TYPES, weights=[2, 2, 3, 4, 3])[0]}
    if rng.random() < 0.25:
        types.add(rng.choice(PLAN_TYPES))
    return sorted(types, key=PLAN_TYPES.index)


def _roles(rng: random.Random) -> list[str]:
    roles = {"permit_authority"} if rng.random() < 0.85 else set()
    roles.update(rng.sample(MUNICIPALITY_ROLES, k=rng.randint(0, 2)))
    return sorted(roles, key=MUNICIPALITY_ROLES.index)


def _neighbourhoods(rng: random.Random, district: dict[str, Any]) -> list[str]:
    codes = [code for code, _ in district["neighbourhoods"]]
    return sorted(rng.sample(codes, k=rng.randint(1, 2)))


def _owner_groups(rng: random.Random, municipality: dict[str, Any]) -> list[str]:
    team, area, partner = (g["name"] for g in municipality["groups"])
    owners = [team] if rng.random() < 0.7 else [area]
    if rng.random() < 0.3:
        owners.append(area if owners[0] == team else team)
    if rng.random() < 0.2:
        owners.append(partner)
    return owners


def _project_custom(rng: random.Random, dwellings: int) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if rng.random() < 0.6:
        values["Aantal parkeerplaatsen"] = int(dwellings * rng.uniform(0.4, 1.6))
    if rng.random() < 0.5:
        values["Duurzaamheidsambitie"] = rng.choice(
            ["beng", "energy_neutral", "zero_on_meter", "circular"]
        )
    return values


# --- geometry (EPSG:28992, metres) -------------------------------------------------------------


def boundary_ring(centre: list[float]) -> list[list[float]]:
    """A fixed 16-sided municipal boundary around a town centre (radius about 5.4-6.6 km)."""
    ring = []
    for k in range(16):
        theta = 2 * math.pi * k / 16
        radius = 6000 + 400 * math.sin(3 * theta) + 200 * math.cos(5 * theta)
        ring.append(
            [
                round(centre[0] + radius * math.cos(theta), 2),
                round(centre[1] + radius * math.sin(theta), 2),
            ]
        )
    return [*ring, ring[0]]


def _rectangle(cx: float, cy: float, area_m2: float, aspect: float, angle: float) -> list:
    width = math.sqrt(area_m2 * aspect)
    height = area_m2 / width
    cos, sin = math.cos(angle), math.sin(angle)
    corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)]
    ring = [
        [
            round(cx + x * width / 2 * cos - y * height / 2 * sin, 2),
            round(cy + x * width / 2 * sin + y * height / 2 * cos, 2),
        ]
        for x, y in corners
    ]
    return [[*ring, ring[0]]]


def _plan_area(rng: random.Random, cx: float, cy: float, hectares: float) -> dict[str, Any]:
    """One rotated rectangle, or two disjoint ones for a split plan area."""
    aspect, angle = rng.uniform(1.0, 2.5), rng.uniform(0, math.pi)
    if rng.random() > 0.15:
        return {
            "type": "MultiPolygon",
            "coordinates": [_rectangle(cx, cy, hectares * 1e4, aspect, angle)],
        }
    half = hectares * 1e4 / 2
    gap = math.sqrt(half * aspect) + math.sqrt(half / aspect) + 50
    second = (cx + gap * math.cos(angle), cy + gap * math.sin(angle))
    parts = [_rectangle(cx, cy, half, aspect, angle), _rectangle(*second, half, aspect, angle)]
    return {"type": "MultiPolygon", "coordinates": parts}


def _geometry(
    rng: random.Random,
    municipality: dict[str, Any],
    district: dict[str, Any],
    status: str | None,
    plan_types: list[str],
) -> dict[str, Any]:
    """Plan area and map point near the district's centre (none for 5B: without location)."""
    angle, distance = rng.uniform(0, 2 * math.pi), rng.uniform(0, 1000)
    cx = municipality["centre"][0] + district["offset"][0] + distance * math.cos(angle)
    cy = municipality["centre"][1] + district["offset"][1] + distance * math.sin(angle)
    hectares = rng.uniform(0.5, 2.0) if plan_types == ["extension_other"] else rng.uniform(0.5, 20)
    point = {"type": "Point", "coordinates": [round(cx, 2), round(cy, 2)]}
    if status == "5B":
        return {}
    if status is None and rng.random() < 0.5:
        return {"location": point}
    source = "drawn" if rng.random() < 0.65 else "imported"
    return {
        "plan_area": _plan_area(rng, cx, cy, hectares),
        "area_source": source,
        "location": point,
    }


# --- houseblocks and milestones -------------------------------------------------------------------


def _houseblocks(
    rng: random.Random, start: date, end: date, plan_types: list[str], phase: str
) -> list[HouseblockSpec]:
    small = plan_types == ["extension_other"]
    count = 1 if small else rng.choices([1, 2, 3, 4], weights=[3, 4, 3, 1])[0]
    kinds = ["construction"] * count
    if "restructuring" in plan_types and count > 1:
        kinds[0] = "demolition"
    return [
        _houseblock(rng, n, count, kind, (start, end), phase, small) for n, kind in enumerate(kinds)
    ]


def _block_period(rng: random.Random, start: date, end: date) -> tuple[date, date]:
    span = (end - start).days
    block_start = start + timedelta(days=rng.randint(0, int(span * 0.3)))
    block_end = end - timedelta(days=rng.randint(0, int(span * 0.15)))
    if (block_end - block_start).days < 180:
        return start, end
    return block_start, block_end


def _houseblock(
    rng: random.Random,
    n: int,
    count: int,
    kind: str,
    period: tuple[date, date],
    phase: str,
    small: bool,
) -> HouseblockSpec:
    profile = rng.choice(SMALL_PROFILES if small else PROFILES)
    amount = rng.randint(4, 11) if small else 4 + int(296 * rng.random() ** 2)
    if kind == "demolition":
        profile, amount = PROFILES[2], 20 + int(150 * rng.random())
    start, end = _block_period(rng, *period)
    label = f"Sloop {profile.label.lower()}" if kind == "demolition" else profile.label
    earliest, latest = _delivery(rng, start, end, kind)
    data = {
        "name": label if count == 1 else f"Deelplan {SECTION_LETTERS[n]}: {label}",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "mutation_kind": kind,
        "amount": amount,
        "size_m2": _size(rng, profile),
        "programming": rng.choices([True, False, None], weights=[15, 3, 2])[0],
        "delivery_earliest": earliest.isoformat(),
        "delivery_latest": latest.isoformat(),
        "ownership_lines": _ownership(rng, amount, profile, kind),
        "breakdown": _breakdown(rng, amount, profile, phase),
        "custom_values": {"Levensloopbestendig": True} if profile.target_group == "elderly" else {},
    }
    return HouseblockSpec(data)


def _delivery(rng: random.Random, start: date, end: date, kind: str) -> tuple[date, date]:
    span = (end - start).days
    low, high = (0.1, 0.4) if kind == "demolition" else (0.55, 0.85)
    earliest = start + timedelta(days=int(span * rng.uniform(low, high)))
    return earliest, min(end, earliest + timedelta(days=rng.randint(0, 365)))


def _size(rng: random.Random, profile: Profile) -> int | list[int]:
    low, high = profile.size
    if rng.random() < 0.5:
        return rng.randint(low, high)
    lower = rng.randint(low, (low + high) // 2)
    return [lower, rng.randint(lower + 5, high + 10)]


def split(rng: random.Random, total: int, weights: dict[str, float]) -> dict[str, int]:
    """Divide total over the keys, roughly by weight; the parts add up to total exactly."""
    if total <= 0 or not weights:
        return {}
    keys = list(weights)
    raw = [weights[k] * rng.uniform(0.6, 1.4) for k in keys]
    parts = [int(total * r / sum(raw)) for r in raw]
    parts[raw.index(max(raw))] += total - sum(parts)
    return {k: n for k, n in zip(keys, parts, strict=True) if n > 0}


def _unknown_part(rng: random.Random, amount: int) -> int:
    return rng.randint(1, max(1, amount // 8)) if amount > 8 and rng.random() < 0.25 else 0


def _ownership(rng: random.Random, amount: int, profile: Profile, kind: str) -> list[dict]:
    if kind == "demolition":
        return [{"ownership_type": "social_rental", "amount": amount}]
    parts = split(rng, amount - _unknown_part(rng, amount), profile.ownership)
    return [{"ownership_type": t, "amount": n, **_price(rng, t)} for t, n in parts.items()]


def _price(rng: random.Random, ownership_type: str) -> dict[str, Any]:
    """A price value, range or category (by name; resolved to the category valid at delivery)."""
    form = rng.random()
    if ownership_type == "owner_occupied":
        value = rng.randrange(260_000, 700_000, 5_000) * 100
        category = "Betaalbare koop" if value <= 40_500_000 else "Dure koop"
        kind, spread = "purchase", rng.randrange(25_000, 100_000, 5_000) * 100
    elif ownership_type == "social_rental":
        value, category, kind, spread = (
            rng.randrange(600, 880, 5) * 100,
            "Sociale huur",
            "rent",
            5000,
        )
    else:
        value, kind, spread = rng.randrange(950, 1_700, 5) * 100, "rent", 15_000
        category = "Middenhuur" if value <= 118_500 else "Dure huur"
    if form < 0.4:
        return {"price_cents": value}
    if form < 0.65:
        return {"price_range_cents": [value, value + spread]}
    return {"price_category": [kind, category]}


def _breakdown(rng: random.Random, amount: int, profile: Profile, phase: str) -> dict[str, Any]:
    known = amount - _unknown_part(rng, amount)
    single = round(known * profile.single_family)
    house_type = {"single_family": single, "multi_family": known - single}
    single_looks = {k: w for k, w in profile.appearance.items() if k in SINGLE}
    flat_looks = {k: w for k, w in profile.appearance.items() if k in FLATS}
    looks = split(rng, single, single_looks or SINGLE) | split(
        rng, known - single, flat_looks or FLATS
    )
    main = int(known * rng.uniform(0.6, 1.0)) if profile.target_group != "regular" else known
    target = {profile.target_group: main} | ({"regular": known - main} if main < known else {})
    late = PHASES.index(phase) >= PHASES.index("design")
    ground = split(
        rng,
        amount,
        {"formal_permission": 6, "intended_cooperation": 1}
        if late
        else {"intended_cooperation": 3, "no_permission": 1},
    )
    breakdown = {
        "house_type": {k: v for k, v in house_type.items() if v > 0},
        "physical_appearance": looks,
        "target_group": target,
        "ground_position": ground,
    }
    return {k: v for k, v in breakdown.items() if v and (k == "house_type" or rng.random() < 0.9)}


def milestone_status(on: date) -> str:
    """Realised before the anchor date, planned for two years after it, forecast beyond."""
    if on < ANCHOR:
        return "realised"
    return "planned" if on < ANCHOR + timedelta(days=730) else "forecast"


def _milestones(rng: random.Random, start: date, end: date) -> list[tuple[date, str, str]]:
    span = (end - start).days
    chosen = sorted(rng.sample(MILESTONE_PLAN, k=rng.randint(1, 3)))
    result = []
    for fraction, description in chosen:
        on = start + timedelta(days=int(span * fraction) + rng.randint(-20, 20))
        result.append((on, milestone_status(on), description))
    return result


# --- history: edits at past dates and moved milestones ----------------------------------------


def _add_history(rng: random.Random, specs: list[ProjectSpec]) -> None:
    """Projects that progressed 4A -> 3 -> final status, through phases, at two past edit dates."""
    candidates = [
        s
        for s in specs
        if s.data["planning_status"] in {"2A", "2B", "2C", "1A", "1B", "1C"}
        and s.start <= date(2022, 6, 30)
        and s.end >= date(2025, 6, 1)
    ]
    for spec in rng.sample(candidates, k=min(8, len(candidates))):
        _progress(rng, spec)
    blocks = [
        b
        for s in specs
        for b in s.houseblocks
        if b.data["mutation_kind"] == "construction"
        and date.fromisoformat(b.data["start_date"]) < ANCHOR - timedelta(days=180)
    ]
    for block in rng.sample(blocks, k=min(10, len(blocks))):
        _amount_edit(rng, block)


def _progress(rng: random.Random, spec: ProjectSpec) -> None:
    final = {k: spec.data[k] for k in ("phase", "planning_status", "confidentiality_level")}
    span = (min(spec.end, ANCHOR) - spec.start).days
    first = spec.start + timedelta(days=int(span * rng.uniform(0.25, 0.4)))
    second = spec.start + timedelta(days=int(span * rng.uniform(0.6, 0.85)))
    middle_phase = (
        "design" if PHASES.index(final["phase"]) > PHASES.index("design") else "definition"
    )
    spec.data |= {
        "phase": "initiative",
        "planning_status": "4A",
        "confidentiality_level": rng.choice([2, 3]),
    }
    first_changes: dict[str, Any] = {"phase": middle_phase, "planning_status": "3"}
    if rng.random() < 0.4:
        first_changes["name"] = spec.data["name"]
        spec.data["name"] = f"Locatie {spec.data['name'].rsplit(' ', 1)[0]}"
    spec.edits = [(first, first_changes), (second, final)]


def _amount_edit(rng: random.Random, block: HouseblockSpec) -> None:
    start = date.fromisoformat(block.data["start_date"])
    end = min(date.fromisoformat(block.data["end_date"]), ANCHOR)
    if (end - start).days < 60:
        return
    on = start + timedelta(days=int((end - start).days * rng.uniform(0.3, 0.7)))
    amount = block.data["amount"]
    block.amount_edit = (
        on,
        min(300, amount + rng.randint(max(1, amount // 10), max(2, amount // 4))),
    )


def _known_dates(spec: ProjectSpec) -> list[date]:
    dates = {spec.start, spec.end, *(m[0] for m in spec.milestones), *(e[0] for e in spec.edits)}
    for block in spec.houseblocks:
        dates.update(date.fromisoformat(block.data[k]) for k in ("start_date", "end_date"))
        if block.amount_edit:
            dates.add(block.amount_edit[0])
    return sorted(dates)


def _add_milestone_moves(rng: random.Random, specs: list[ProjectSpec]) -> None:
    """Some intermediate milestones are postponed, staying before the next date of the project."""
    for spec in rng.sample(specs, k=10):
        index = rng.randrange(len(spec.milestones))
        old = spec.milestones[index][0]
        later = [d for d in _known_dates(spec) if d > old]
        wanted = old + timedelta(days=rng.randint(60, 240))
        new = min(wanted, later[0] - timedelta(days=1)) if later else wanted
        if new > old:
            spec.moves.append((index, new))


# --- writing through the edit functions -------------------------------------------------------


@dataclass
class Context:
    """Database ids of the reference rows the specs refer to by name."""

    groups: dict[tuple[str, str], str] = field(default_factory=dict)
    properties: dict[tuple[str, str], str] = field(default_factory=dict)
    options: dict[tuple[str, str, str], str] = field(default_factory=dict)
    prices: dict[tuple[str, str, str, int], str] = field(default_factory=dict)


def _one(conn: psycopg.Connection, sql: str, params: list[Any]) -> Any:
    return conn.execute(sql, params).fetchone()[0]


def _load_reference(conn: psycopg.Connection) -> Context:
    """Upsert the region, municipalities and areas, then each municipality's own rows."""
    region = REFERENCE["region"]
    conn.execute(
        "INSERT INTO ref.region (code, name, province_code) VALUES (%s, %s, %s) ON CONFLICT (code)"
        " DO UPDATE SET name = EXCLUDED.name, province_code = EXCLUDED.province_code",
        [region["code"], region["name"], REFERENCE["province_code"]],
    )
    ctx = Context()
    for municipality in MUNICIPALITIES:
        _upsert_municipality(conn, municipality)
        _upsert_groups(conn, ctx, municipality)
        _upsert_properties(conn, ctx, municipality["code"])
        _upsert_prices(conn, ctx, municipality["code"])
    return ctx


def _upsert_municipality(conn: psycopg.Connection, m: dict[str, Any]) -> None:
    boundary = {"type": "MultiPolygon", "coordinates": [[boundary_ring(m["centre"])]]}
    conn.execute(
        "INSERT INTO ref.municipality (code, name, province_code, region_code, boundary)"
        " VALUES (%s, %s, %s, %s, ST_SetSRID(ST_GeomFromGeoJSON(%s), 28992))"
        " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name,"
        " province_code = EXCLUDED.province_code, region_code = EXCLUDED.region_code,"
        " boundary = EXCLUDED.boundary",
        [
            m["code"],
            m["name"],
            REFERENCE["province_code"],
            REFERENCE["region"]["code"],
            json.dumps(boundary),
        ],
    )
    for district in m["districts"]:
        conn.execute(
            "INSERT INTO ref.district (code, name, municipality_code) VALUES (%s, %s, %s)"
            " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name",
            [district["code"], district["name"], m["code"]],
        )
        for code, name in district["neighbourhoods"]:
            conn.execute(
                "INSERT INTO ref.neighbourhood (code, name, district_code) VALUES (%s, %s, %s)"
                " ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name",
                [code, name, district["code"]],
            )


def _upsert_groups(conn: psycopg.Connection, ctx: Context, m: dict[str, Any]) -> None:
    for group in m["groups"]:
        ctx.groups[(m["code"], group["name"])] = str(
            _one(
                conn,
                "INSERT INTO auth.user_group (municipality_code, name, organisation)"
                " VALUES (%s, %s, %s)"
                " ON CONFLICT ON CONSTRAINT user_group_name_taken"
                " DO UPDATE SET organisation = EXCLUDED.organisation RETURNING id",
                [m["code"], group["name"], group["organisation"]],
            )
        )


def _upsert_properties(conn: psycopg.Connection, ctx: Context, code: str) -> None:
    for order, prop in enumerate(REFERENCE["custom_properties"], start=1):
        pid = _one(
            conn,
            "INSERT INTO plan.property (municipality_code, kind, object_type, value_type, name,"
            " description, single_select, rules, sort_order)"
            " VALUES (%s, 'custom', %s, %s, %s, %s, %s, %s, %s)"
            " ON CONFLICT (coalesce(municipality_code, ''), object_type, lower(name))"
            " WHERE disabled_at IS NULL DO UPDATE SET value_type = EXCLUDED.value_type,"
            " description = EXCLUDED.description, single_select = EXCLUDED.single_select,"
            " rules = EXCLUDED.rules, sort_order = EXCLUDED.sort_order RETURNING id",
            [
                code,
                prop["object_type"],
                prop["value_type"],
                prop["name"],
                prop["description"],
                prop.get("single_select"),
                Jsonb(prop.get("rules", {})),
                order,
            ],
        )
        ctx.properties[(code, prop["name"])] = str(pid)
        for sort, (option, label) in enumerate(prop.get("options", []), start=1):
            ctx.options[(code, prop["name"], option)] = str(
                _one(
                    conn,
                    "INSERT INTO plan.property_option (property_id, code, label_nl, sort_order)"
                    " VALUES (%s, %s, %s, %s) ON CONFLICT ON CONSTRAINT property_option_code_taken"
                    " DO UPDATE SET label_nl = EXCLUDED.label_nl, sort_order = EXCLUDED.sort_order,"
                    " disabled_at = NULL RETURNING id",
                    [pid, option, label, sort],
                )
            )


def _upsert_prices(conn: psycopg.Connection, ctx: Context, code: str) -> None:
    for cat in REFERENCE["price_categories"]:
        valid_from = date.fromisoformat(cat["from"])
        ctx.prices[(code, cat["price_kind"], cat["name"], valid_from.year)] = str(
            _one(
                conn,
                "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents,"
                " max_cents, valid_from, valid_to) VALUES (%s, %s, %s, %s, %s, %s, %s)"
                " ON CONFLICT ON CONSTRAINT price_category_name_taken DO UPDATE SET"
                " min_cents = EXCLUDED.min_cents, max_cents = EXCLUDED.max_cents,"
                " valid_to = EXCLUDED.valid_to RETURNING id",
                [
                    code,
                    cat["price_kind"],
                    cat["name"],
                    cat["min"],
                    cat["max"],
                    valid_from,
                    cat["to"],
                ],
            )
        )


def _custom(ctx: Context, code: str, values: dict[str, Any]) -> dict[str, Any]:
    resolved = {}
    for name, value in values.items():
        option = ctx.options.get((code, name, value)) if isinstance(value, str) else None
        resolved[ctx.properties[(code, name)]] = option or value
    return resolved


def _project_data(ctx: Context, spec: ProjectSpec) -> dict[str, Any]:
    code = spec.municipality_code
    data = dict(spec.data)
    data["owner_group_ids"] = [ctx.groups[(code, name)] for name in spec.owner_groups]
    data["custom_values"] = _custom(ctx, code, data["custom_values"])
    return data


def _houseblock_data(ctx: Context, code: str, block: HouseblockSpec) -> dict[str, Any]:
    data = dict(block.data)
    year = 2025 if date.fromisoformat(data["delivery_latest"]) >= date(2025, 1, 1) else 2024
    lines = []
    for line in data["ownership_lines"]:
        line = dict(line)
        if "price_category" in line:
            kind, name = line.pop("price_category")
            line["price_category_id"] = ctx.prices[(code, kind, name, year)]
        lines.append(line)
    data["ownership_lines"] = lines
    data["custom_values"] = _custom(ctx, code, data["custom_values"])
    return data


@dataclass
class Written:
    """Ids of one demo project as created, for the edits of the second transaction."""

    spec: ProjectSpec
    project: Any
    milestones: list[Any]
    blocks: list[Any]


def _create_project(conn: psycopg.Connection, ctx: Context, spec: ProjectSpec) -> Written:
    """Create a project with its milestones and houseblocks (the first recorded state)."""
    project = _one(conn, "SELECT plan.create_project(%s)", [Jsonb(_project_data(ctx, spec))])
    milestones = [
        _one(conn, "SELECT plan.add_milestone(%s, %s, %s, %s)", [project, on, status, text])
        for on, status, text in spec.milestones
    ]
    blocks = [
        _one(
            conn,
            "SELECT plan.create_houseblock(%s, %s)",
            [project, Jsonb(_houseblock_data(ctx, spec.municipality_code, b))],
        )
        for b in spec.houseblocks
    ]
    _realise_period(conn, project)
    return Written(spec, project, milestones, blocks)


def _replay_history(conn: psycopg.Connection, written: Written) -> None:
    """The project's later edits, recorded in a later transaction than its creation."""
    spec, project = written.spec, written.project
    for on, changes in spec.edits:
        conn.execute(
            "SELECT plan.update_project(%s, %s, edit_date => %s)", [project, Jsonb(changes), on]
        )
    for block_id, block in zip(written.blocks, spec.houseblocks, strict=True):
        if block.amount_edit:
            on, amount = block.amount_edit
            conn.execute(
                "SELECT plan.update_houseblock(%s, %s, edit_date => %s)",
                [block_id, Jsonb({"amount": amount}), on],
            )
    for index, on in spec.moves:
        conn.execute(
            "SELECT plan.set_milestone(%s, %s, %s)",
            [written.milestones[index], on, milestone_status(on)],
        )
    _realise_period(conn, project)


def _realise_period(conn: psycopg.Connection, project: Any) -> None:
    """Milestones of the project dated before the demo's anchor date are realised."""
    rows = conn.execute(
        "SELECT mv.milestone_id FROM plan.milestone m JOIN plan.milestone_version mv"
        " ON mv.milestone_id = m.id AND mv.superseded_at IS NULL"
        " WHERE m.project_id = %s AND mv.date < %s AND mv.status = 'planned' ORDER BY mv.date",
        [project, ANCHOR],
    ).fetchall()
    for (milestone,) in rows:
        conn.execute("SELECT plan.set_milestone(%s, NULL, 'realised')", [milestone])


# --- the command ---------------------------------------------------------------------------------


def remove_demo_projects(conn: psycopg.Connection) -> int:
    """Delete the demo municipalities' projects with their versions, houseblocks and milestones."""
    return conn.execute(
        "DELETE FROM plan.project WHERE municipality_code = ANY (%s)", [DEMO_CODES]
    ).rowcount


def summary(conn: psycopg.Connection) -> dict[str, int]:
    """Counts of the demo data now in the database."""
    sql = """
        SELECT (SELECT count(*) FROM ref.municipality WHERE code = ANY (%(c)s)),
               (SELECT count(*) FROM plan.project WHERE municipality_code = ANY (%(c)s)),
               (SELECT count(*) FROM plan.houseblock h JOIN plan.project p ON p.id = h.project_id
                WHERE p.municipality_code = ANY (%(c)s)),
               (SELECT count(*) FROM plan.project_version v
                JOIN plan.project p ON p.id = v.project_id WHERE p.municipality_code = ANY (%(c)s)),
               (SELECT count(*) FROM plan.houseblock_version v
                JOIN plan.houseblock h ON h.id = v.houseblock_id
                JOIN plan.project p ON p.id = h.project_id WHERE p.municipality_code = ANY (%(c)s)),
               (SELECT count(*) FROM plan.milestone m JOIN plan.project p ON p.id = m.project_id
                WHERE p.municipality_code = ANY (%(c)s)),
               (SELECT count(*) FROM auth.app_user WHERE municipality_code = ANY (%(c)s))
    """
    keys = [
        "municipalities",
        "projects",
        "houseblocks",
        "project_versions",
        "houseblock_versions",
        "milestones",
        "accounts",
    ]
    row = conn.execute(sql, {"c": DEMO_CODES}).fetchone()
    return dict(zip(keys, row, strict=True))


def group_names_by_role(municipality: dict[str, Any]) -> dict[str, list[str]]:
    """Which demo user groups each demo account joins."""
    team, area, partner = (g["name"] for g in municipality["groups"])
    return {"user_plus": [team, area], "user": [team], "external": [partner]}


def _create_accounts(owner_url: str) -> None:
    try:
        from manage.demo_accounts import create_demo_accounts
    except ImportError:
        print("manage.demo_accounts is not available yet: no demo accounts were created")
        return
    # the accounts are one per role (fixed e-mail addresses), so they work in the first municipality
    primary = MUNICIPALITIES[0]
    create_demo_accounts(owner_url, primary["code"], group_names_by_role(primary))


def demo_present(owner_url: str) -> int:
    """How many demo projects the database already has."""
    with psycopg.connect(owner_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM plan.project WHERE municipality_code = ANY (%s)", [DEMO_CODES]
        ).fetchone()[0]


def _relax_delivery_demo(conn: psycopg.Connection) -> None:
    """Before the projects are recreated: the delivery plusvelden are not mandatory yet."""
    from manage.demo_delivery import relax_mandatory

    relax_mandatory(conn, DEMO_CODES)


def _load_delivery_demo(conn: psycopg.Connection) -> None:
    """Province deliveries: mandatory plusvelden, values and mappings (manage/demo_delivery.py)."""
    from manage.demo_delivery import load_delivery_demo

    with conn.transaction():
        load_delivery_demo(conn, DEMO_CODES)
        conn.execute("SELECT publication.rebuild_cache()")


def load_demo(owner_url: str, seed: int = DEFAULT_SEED, deliveries: bool = False) -> None:
    """Replace the demo projects, then record their edits in a second transaction.

    The two transactions give the demo a real recorded history (superseded versions); when the
    second fails, the first is undone, so a failed load leaves no demo projects behind.
    With deliveries, the municipalities also get mandatory plusvelden mapped to the province
    deliveries (manage/demo_delivery.py); `manage demo` asks for them, tests usually not.
    """
    started = time.perf_counter()
    specs = project_specs(seed)
    with psycopg.connect(owner_url) as conn:
        with conn.transaction():
            removed = remove_demo_projects(conn)
            _relax_delivery_demo(conn)
            ctx = _load_reference(conn)
            written = [_create_project(conn, ctx, spec) for spec in specs]
        try:
            with conn.transaction():
                for item in written:
                    _replay_history(conn, item)
            if deliveries:
                _load_delivery_demo(conn)
        except psycopg.Error:
            with conn.transaction():
                remove_demo_projects(conn)
            raise
    _create_accounts(owner_url)
    with psycopg.connect(owner_url) as conn:
        counts = summary(conn)
    print(
        f"Demo data loaded (seed {seed}, {removed} earlier project(s) replaced) in "
        f"{time.perf_counter() - started:.1f} s: "
        + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    )
