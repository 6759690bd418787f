"""Writing imported projects through the plan.* SQL functions, in the caller's one transaction."""

import logging
from datetime import date
from datetime import timedelta

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp.imports.issues import Issue
from webapp.imports.model import HouseblockIn
from webapp.imports.model import ProjectIn
from webapp.imports.rules import PHASE_ORDER
from webapp.imports.rules import final_lines

LOGGER = logging.getLogger(__name__)
COMMON = (
    "name",
    "plan_types",
    "confidentiality_level",
    "priority",
    "municipality_roles",
    "district_codes",
    "neighbourhood_codes",
)
DATED = ("phase", "planning_status")  # the file gives these per date; the rest as exported
LIST_KEYS = ("plan_types", "municipality_roles", "district_codes", "neighbourhood_codes")
OWNERS_SQL = """SELECT coalesce(array_agg(o.user_group_id::text ORDER BY o.user_group_id), '{}')
                FROM plan.project_owner o WHERE o.project_id = %s AND o.superseded_at IS NULL"""
MATCH_SQL = """
    SELECT p.id::text, p.municipal_id, plan.milestone_date(p.start_milestone_id) AS start_date,
           plan.milestone_date(p.end_milestone_id) AS end_date,
           coalesce((SELECT array_agg(o.user_group_id::text ORDER BY o.user_group_id)
                     FROM plan.project_owner o
                     WHERE o.project_id = p.id AND o.superseded_at IS NULL), '{}') AS owners
    FROM plan.project p
    WHERE p.removed_at IS NULL AND p.municipality_code = %(m)s AND {condition}
"""
VERSIONS_SQL = """
    SELECT f.date AS valid_from, v.name, v.colour, v.phase, v.planning_status, v.plan_types,
           v.confidentiality_level, v.priority, v.municipality_roles, v.district_codes,
           v.neighbourhood_codes, v.custom_values, v.area_source,
           ST_AsGeoJSON(v.plan_area, 3)::jsonb AS plan_area
    FROM plan.project_version v
    JOIN plan.milestone_version f
        ON f.milestone_id = v.valid_from_milestone_id AND f.superseded_at IS NULL
    JOIN plan.milestone_version t
        ON t.milestone_id = v.valid_to_milestone_id AND t.superseded_at IS NULL
    WHERE v.project_id = %s AND v.superseded_at IS NULL AND f.date < t.date
    ORDER BY f.date
"""
BLOCKS_SQL = """
    SELECT h.id::text, v.name, v.mutation_kind, v.amount, v.programming,
           lower(v.size_m2)::float8 AS size_low, upper(v.size_m2)::float8 AS size_high,
           v.delivery_earliest, v.delivery_latest, v.custom_values,
           plan.milestone_date(h.start_milestone_id) AS start_date,
           plan.milestone_date(h.end_milestone_id) AS end_date,
           (SELECT coalesce(jsonb_agg(jsonb_build_array(l.ownership_type, l.amount, l.price_cents,
                        lower(l.price_range_cents), upper(l.price_range_cents) - 1,
                        l.price_category_id) ORDER BY l.line_no), '[]')
            FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = v.id) AS lines,
           (SELECT coalesce(jsonb_object_agg(p.key || '.' || o.code, b.amount), '{}')
            FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
            JOIN plan.property p ON p.id = o.property_id
            WHERE b.houseblock_version_id = v.id) AS breakdown
    FROM plan.houseblock h
    CROSS JOIN LATERAL plan.edit_target('plan.houseblock_version', 'houseblock_id', h.id,
        plan.milestone_date(h.start_milestone_id), plan.milestone_date(h.end_milestone_id),
        current_date) t
    JOIN plan.houseblock_version v ON v.id = t.version_id
    WHERE h.project_id = %s AND h.removed_at IS NULL
    ORDER BY h.created_at, h.id
"""
CATEGORIES_SQL = """SELECT id::text, price_kind, name FROM plan.price_category
                    WHERE municipality_code = %s"""
AREA_SQL = """SELECT ST_AsGeoJSON(ST_Multi(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(%s), %s),
              28992)), 3)::jsonb"""


class RuleRefused(Exception):
    """A write was refused (rule code as in ref.rule, or our own import code)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def segments(p: ProjectIn, ranks: dict[str, int]) -> list[tuple[date, dict]]:
    """Project versions from the phase and plan-status start dates: (valid from, attributes).

    Before the first given phase the first given phase holds (our versions always have a phase;
    without any phase date: concept); before the first plan status there is none.
    """
    phases = sorted(p.phases.items(), key=lambda kv: (kv[1], PHASE_ORDER.index(kv[0])))
    statuses = sorted(p.planning_statuses.items(), key=lambda kv: kv[1])
    dates = sorted({p.start_date, *p.phases.values(), *p.planning_statuses.values()})
    common = {
        "name": p.name,
        "plan_types": p.plan_types,
        "confidentiality_level": ranks.get(p.confidentiality or "", 0),
        "priority": p.priority,
        "municipality_roles": p.municipality_roles,
        "district_codes": p.districts,
        "neighbourhood_codes": p.neighbourhoods,
    }
    if p.colour:
        common["colour"] = p.colour
    result: list[tuple[date, dict]] = []
    for day in dates:
        if day < p.start_date or day >= p.end_date:
            continue
        phase = next(
            (c for c, d in reversed(phases) if d <= day), phases[0][0] if phases else "concept"
        )
        status = next((c for c, d in reversed(statuses) if d <= day), None)
        attrs = {**common, "phase": phase, "planning_status": status}
        if not result or result[-1][1] != attrs:
            result.append((day, attrs))
    return result


def reference_version(versions: list[dict], p: ProjectIn, today: date) -> dict | None:
    """The version the exports describe at `today` (today clamped into the project period)."""
    if not versions:
        return None
    day = today
    if p.start_date and p.end_date and p.start_date < p.end_date:
        day = min(max(today, p.start_date), p.end_date - timedelta(days=1))
    earlier = [v for v in versions if v["valid_from"] <= day]
    return earlier[-1] if earlier else versions[0]


def wanted(p: ProjectIn, segs: list, area: dict | None, version: dict) -> dict:
    """The file's attributes for a version (by its start date)."""
    attrs = next((a for d, a in reversed(segs) if d <= version["valid_from"]), segs[0][1])
    kept = {k: v for k, v in version["custom_values"].items() if k not in p.custom_columns}
    want = {**attrs, "custom_values": kept | p.custom_values}
    if area is not None and area != version["plan_area"]:
        want |= {"plan_area": area, "area_source": "imported"}
    return want


def keep_history(want: dict, ref_want: dict, ref: dict, version: dict) -> dict:
    """A version's wanted attributes: its own where the file leaves the reference version's."""
    result = {k: v for k, v in want.items() if k in DATED}
    for key, value in want.items():
        if key in DATED or key not in ref_want:
            continue
        if key == "custom_values":
            result[key] = own_custom_values(value, ref_want[key], ref[key], version[key])
        elif comparable(key, ref_want[key]) != comparable(key, ref.get(key)):
            result[key] = value
    return result


def own_custom_values(want: dict, ref_want: dict, ref: dict, own: dict) -> dict:
    """Custom values: the file's where it changes the reference version's, else the version's."""
    result = dict(want)
    for pid in {*want, *ref_want, *ref, *own}:
        if ref_want.get(pid) != ref.get(pid):
            continue
        if pid in own:
            result[pid] = own[pid]
        else:
            result.pop(pid, None)
    return result


def comparable(key: str, value: object) -> object:
    if key in LIST_KEYS:
        return sorted(value or [])
    return value


class Writer:
    """Creates or updates each project of a file; every refusal becomes an Issue."""

    def __init__(
        self, conn: psycopg.Connection, municipality: str, actor: str, today: date
    ) -> None:
        self.conn = conn
        self.cur = conn.cursor(row_factory=dict_row)
        self.municipality = municipality
        self.actor = actor
        self.today = today
        self.issues: list[Issue] = []
        self.ranks = dict(
            conn.execute("SELECT code, rank FROM ref.confidentiality_level").fetchall()
        )
        self.categories = {  # every price category (also earlier years): id -> kind and name
            pid: f"{kind}:{name.strip().lower()}"
            for pid, kind, name in conn.execute(CATEGORIES_SQL, (municipality,))
        }
        self.default_owners = [
            r[0]
            for r in conn.execute(
                "SELECT g.id::text FROM auth.user_group g JOIN auth.user_group_member m "
                "ON m.user_group_id = g.id WHERE m.user_id = %s AND g.single_user",
                (actor,),
            )
        ]

    def sql(self, query: str, params: tuple | dict = ()) -> dict | None:
        return self.cur.execute(query, params).fetchone()

    def call(self, query: str, params: tuple) -> object:
        row = self.conn.execute(query, params).fetchone()
        return row[0] if row else None

    # --- one project ----------------------------------------------------------------------

    def write(self, p: ProjectIn, owners: list[str]) -> dict | None:
        """Create or update one project in a savepoint; None (and an Issue) when refused."""
        try:
            with self.conn.transaction():
                result = self.write_project(p, owners)
                self.conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
                self.conn.execute("SET CONSTRAINTS ALL DEFERRED")
                return result
        except RuleRefused as err:
            self.refused(p, err.code, err.detail)
        except psycopg.errors.IntegrityError as exc:
            self.refused(
                p, exc.diag.constraint_name or "invalid_value", exc.diag.message_detail or ""
            )
        except psycopg.errors.DatabaseError as exc:
            LOGGER.info("import refused by the database: %s", exc)
            self.refused(p, "invalid_value", type(exc).__name__)
        return None

    def refused(self, p: ProjectIn, code: str, detail: str) -> None:
        nl, en = self.conn.execute(
            "SELECT plan.rule_message(%s, 'nl'), plan.rule_message(%s, 'en')", (code, code)
        ).fetchone()
        issue = Issue(
            code, identification=p.municipal_id, detail=detail or None, **p.where.issue_args()
        )
        if issue.message_nl == "":
            issue.message_nl = nl or "De database weigerde deze gegevens."
            issue.message_en = en or "The database refused this data."
        self.issues.append(issue)

    def write_project(self, p: ProjectIn, owners: list[str]) -> dict:
        found = self.match(p)
        area = self.area(p)
        existing = set() if found is None else self.milestone_ids(found["id"])
        if found is None:
            project_id, action = self.create(p, owners, area), "created"
        else:
            project_id = found["id"]
            action = "updated" if self.update(found, p, owners, area) else "unchanged"
        blocks = self.houseblocks(project_id, p)
        if self.milestones(project_id, p, existing) and action == "unchanged":
            action = "updated"
        if action == "unchanged" and any(b["action"] != "unchanged" for b in blocks):
            action = "updated"
        return {"project_id": project_id, "action": action, "houseblocks": blocks}

    def match(self, p: ProjectIn) -> dict | None:
        """The existing project this one updates: by GUID, else by municipal id."""
        for condition, value in (
            ("p.id::text = %(v)s", p.guid),
            ("p.municipal_id = %(v)s", p.municipal_id),
        ):
            if not value:
                continue
            found = self.sql(
                MATCH_SQL.replace("{condition}", condition), {"m": self.municipality, "v": value}
            )
            if found is None:
                continue
            if not self.call(
                "SELECT plan.viewer_can_edit(%s, %s::uuid[])", (self.municipality, found["owners"])
            ):
                raise RuleRefused("project_not_editable", found["id"])
            return found
        return None

    def area(self, p: ProjectIn) -> dict | None:
        if p.plan_area is None:
            return None
        try:
            with self.conn.transaction():
                return self.call(AREA_SQL, (Jsonb(p.plan_area), p.plan_area_srid))
        except psycopg.errors.DatabaseError as exc:
            raise RuleRefused("plan_area_invalid", type(exc).__name__) from exc

    def create(self, p: ProjectIn, owners: list[str], area: dict | None) -> str:
        owners = owners or self.default_owners
        if not self.call(
            "SELECT plan.viewer_can_edit(%s, %s::uuid[])", (self.municipality, owners)
        ):
            raise RuleRefused("project_owner_not_yours")
        segs = segments(p, self.ranks)
        data = {
            "municipality_code": self.municipality,
            "municipal_id": p.municipal_id,
            "start_date": iso(p.start_date),
            "end_date": iso(p.end_date),
            "owner_group_ids": owners,
            "custom_values": p.custom_values,
            **segs[0][1],
        }
        if area is not None:
            data |= {"plan_area": area, "area_source": "imported"}
        project_id = self.call(
            "SELECT plan.create_project(%s, %s)::text", (Jsonb(data), self.actor)
        )
        for day, attrs in segs[1:]:
            self.update_project(project_id, attrs, day)
        return project_id

    def update_project(self, project_id: str, changes: dict, day: date | None = None) -> None:
        self.conn.execute(
            "SELECT plan.update_project(%s, %s, %s, %s)",
            (project_id, Jsonb(changes), self.actor, day or self.today),
        )

    def update(self, found: dict, p: ProjectIn, owners: list[str], area: dict | None) -> bool:
        """Bring an existing project to the file's state; False when nothing had to change."""
        identity = {}
        if (found["start_date"], found["end_date"]) != (p.start_date, p.end_date):
            identity |= {"start_date": iso(p.start_date), "end_date": iso(p.end_date)}
        if owners and sorted(owners) != sorted(found["owners"]):
            identity["owner_group_ids"] = owners
        if p.municipal_id and p.municipal_id != found["municipal_id"]:
            identity["municipal_id"] = p.municipal_id
        if identity:
            LOGGER.debug("project %s identity changes %s", found["id"], identity)
            self.update_project(found["id"], identity)
        segs = segments(p, self.ranks)
        versions = self.cur.execute(VERSIONS_SQL, (found["id"],)).fetchall()
        starts = {v["valid_from"] for v in versions}
        split = False
        for day, attrs in segs[1:]:
            if day not in starts:
                LOGGER.debug("project %s splits at %s", found["id"], day)
                self.update_project(found["id"], attrs, day)
                split = True
        return self.align_versions(found["id"], p, segs, area) or split or bool(identity)

    def align_versions(self, project_id: str, p: ProjectIn, segs: list, area: dict | None) -> bool:
        """Give every current version the file's attributes for its start date.

        The file's phases and plan statuses are dated. Its other attributes (name,
        confidentiality, custom values, ...) describe the version the exports write, the one
        holding today: where they equal that version's, every version keeps its own (history
        stays as recorded); where they differ, every version gets the file's value.
        """
        changed = False
        versions = self.cur.execute(VERSIONS_SQL, (project_id,)).fetchall()
        ref = reference_version(versions, p, self.today)
        ref_want = wanted(p, segs, area, ref) if ref else None
        for version in versions:
            want = wanted(p, segs, area, version)
            if ref is not None and version is not ref:
                want = keep_history(want, ref_want, ref, version)
            diff = {
                k: v for k, v in want.items() if comparable(k, v) != comparable(k, version.get(k))
            }
            if diff:
                LOGGER.debug(
                    "project %s from %s changes %s", project_id, version["valid_from"], diff
                )
                self.update_project(project_id, diff, version["valid_from"])
                changed = True
        return changed

    # --- houseblocks ----------------------------------------------------------------------

    def houseblocks(self, project_id: str, p: ProjectIn) -> list[dict]:
        existing = self.cur.execute(BLOCKS_SQL, (project_id,)).fetchall()
        results = []
        for block in p.houseblocks:
            data = block_data(block, p)
            current = take_match(existing, block)
            if current is None:
                self.block_call(
                    "SELECT plan.create_houseblock(%s, %s, %s)",
                    (project_id, Jsonb(data), self.actor),
                    block,
                )
                action = "created"
            else:
                changes = block_changes(current, data, self.categories)
                LOGGER.debug("houseblock %s changes %s", current["id"], changes)
                if changes:
                    self.block_call(
                        "SELECT plan.update_houseblock(%s, %s, %s, %s)",
                        (current["id"], Jsonb(changes), self.actor, self.today),
                        block,
                    )
                action = "updated" if changes else "unchanged"
            results.append(
                {
                    "name": block.name,
                    "mutation_kind": block.mutation_kind,
                    "amount": block.amount,
                    "action": action,
                    "row": block.where.row,
                }
            )
        return results

    def block_call(self, query: str, params: tuple, block: HouseblockIn) -> None:
        try:
            self.conn.execute(query, params)
        except psycopg.errors.IntegrityError as exc:
            exc.add_note(block.name)
            raise

    def milestone_ids(self, project_id: str) -> set[str]:
        rows = self.conn.execute(
            "SELECT id::text FROM plan.milestone WHERE project_id = %s", (project_id,)
        )
        return {r[0] for r in rows}

    def milestones(self, project_id: str, p: ProjectIn, existing: set[str]) -> bool:
        """Milestones the import made on past file dates are realised (not DIWI's inverted
        helper) and get a readable description; a terminated project's end becomes aborted.
        Milestones that existed before keep their status (an unchanged file changes nothing)."""
        names = {d: f"Start {code}" for code, d in p.planning_statuses.items()}
        names |= {d: f"Start fase {code}" for code, d in p.phases.items()}
        dates = {
            p.start_date,
            p.end_date,
            *names,
            *(d for b in p.houseblocks for d, _ in b.deliveries),
        }
        rows = self.cur.execute(
            "SELECT m.id::text, mv.date, mv.status, mv.description, "
            "m.id = pr.end_milestone_id AS is_end "
            "FROM plan.milestone m JOIN plan.project pr ON pr.id = m.project_id "
            "JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL "
            "WHERE m.project_id = %s",
            (project_id,),
        ).fetchall()
        changed = False
        for ms in rows:
            if ms["date"] not in dates:
                continue
            status = None
            if ms["is_end"] and p.status == "TERMINATED":
                status = "aborted" if ms["status"] != "aborted" else None
            elif ms["id"] in existing:
                continue
            elif ms["date"] < self.today and ms["status"] in ("planned", "forecast"):
                status = "realised"
            description = (
                names.get(ms["date"]) if ms["description"] == ms["date"].isoformat() else None
            )
            if status or description:
                LOGGER.debug("milestone %s: %s %s", ms["id"], status, description)
                self.conn.execute(
                    "SELECT plan.set_milestone(%s, NULL, %s, %s, %s)",
                    (ms["id"], status, description, self.actor),
                )
                changed = changed or status is not None
        return changed


def block_data(b: HouseblockIn, p: ProjectIn) -> dict:
    """The plan.create_houseblock payload of a houseblock (delivery: earliest and latest date)."""
    dates = [d for d, _ in b.deliveries]
    latest = max(dates) if dates else None
    size = None
    if b.size_m2:
        size = b.size_m2[0] if b.size_m2[0] == b.size_m2[1] else list(b.size_m2)
    return {
        "name": b.name,
        "mutation_kind": b.mutation_kind,
        "amount": b.amount,
        "programming": b.programming,
        "size_m2": size,
        "delivery_earliest": iso(b.delivery_earliest or (min(dates) if dates else None)),
        "delivery_latest": iso(latest),
        "custom_values": b.custom_values,
        "ownership_lines": [line.as_sql() for line in final_lines(b)],
        "breakdown": {k: {c: n for c, n in v.items() if n} for k, v in b.breakdown.items()},
        "start_date": iso(b.start_date or p.start_date),
        "end_date": iso(b.end_date or latest or p.end_date),
    }


def take_match(existing: list[dict], block: HouseblockIn) -> dict | None:
    """The existing houseblock this one updates (by GUID, else by name and kind, in order)."""
    for i, row in enumerate(existing):
        if (block.guid and row["id"] == block.guid) or (
            not block.guid
            and (row["name"], row["mutation_kind"]) == (block.name, block.mutation_kind)
        ):
            return existing.pop(i)
    return None


def line_key(line: dict | list, categories: dict[str, str]) -> tuple:
    """A comparable ownership line; a price category by its name (the file names categories, and
    a municipality keeps a category's name over its yearly versions with their own ids)."""
    if isinstance(line, list):
        kind, amount, cents, low, high, category = line
        key = (kind, amount, cents if low is None else None, low, high, category)
    else:
        rng = line.get("price_range_cents") or [None, None]
        key = (
            line["ownership_type"],
            line["amount"],
            line.get("price_cents"),
            rng[0],
            rng[1],
            line.get("price_category_id"),
        )
    return (*key[:5], categories.get(key[5], key[5]))


def block_changes(current: dict, data: dict, categories: dict[str, str] | None = None) -> dict:
    """The keys of data that differ from the existing houseblock version."""
    categories = categories or {}
    size = data["size_m2"]
    size = None if size is None else (size, size) if not isinstance(size, list) else tuple(size)
    have = {
        "name": current["name"],
        "mutation_kind": current["mutation_kind"],
        "amount": current["amount"],
        "programming": current["programming"],
        "size_m2": None
        if current["size_low"] is None
        else (current["size_low"], current["size_high"]),
        # no delivery dates on record: DIWI's default, the houseblock end (what exports write)
        "delivery_earliest": iso(current["delivery_earliest"] or current["end_date"]),
        "delivery_latest": iso(current["delivery_latest"] or current["end_date"]),
        "custom_values": current["custom_values"],
        "ownership_lines": sorted((line_key(x, categories) for x in current["lines"]), key=repr),
        "breakdown": current["breakdown"],
        "start_date": iso(current["start_date"]),
        "end_date": iso(current["end_date"]),
    }
    want = dict(
        data,
        delivery_earliest=data["delivery_earliest"] or data["end_date"],
        delivery_latest=data["delivery_latest"] or data["end_date"],
        size_m2=size,
        custom_values=current["custom_values"] | data["custom_values"],
        ownership_lines=sorted(
            (line_key(x, categories) for x in data["ownership_lines"]), key=repr
        ),
        breakdown={f"{k}.{c}": n for k, v in data["breakdown"].items() for c, n in v.items()},
    )
    changes = {k: data[k] for k in want if want[k] != have[k]}
    if "custom_values" in changes:
        changes["custom_values"] = want["custom_values"]
    return changes
