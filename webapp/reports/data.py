"""Dashboard numbers for the public pages and PDF reports: publication.dashboard as the viewer."""

import csv
import io
import logging
import re
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from typing import Any

import psycopg
from psycopg.types.json import Jsonb
from werkzeug.datastructures import MultiDict

from webapp import db
from webapp.dashboards.queries import goal_cards
from webapp.viewer import set_viewer

LOGGER = logging.getLogger(__name__)

PUBLIC_COMPONENTS = ("capacity", "phase", "planning_status", "deliveries", "map")
LABELS = {
    "capacity": "Plancapaciteit",
    "phase": "Projecten en woningen per fase",
    "planning_status": "Projecten en woningen per planstatus",
    "target_group": "Woningen per doelgroep",
    "physical_appearance": "Woningen per fysiek voorkomen",
    "house_type": "Woningen per woningtype",
    "ownership": "Woningen per eigendomsvorm",
    "price_purchase": "Koopwoningen per prijscategorie",
    "price_rent": "Huurwoningen per prijscategorie",
    "deliveries": "Opleveringen per jaar",
    "delayed": "Vertraagde projecten",
    "map": "Kaart van projecten",
    "bag_check": "Verschillen met de BAG",
}
LIST_FILTERS = (
    "district_codes",
    "neighbourhood_codes",
    "phases",
    "plan_types",
    "owner_group_ids",
    "project_ids",
)
MUNICIPALITY_RE = re.compile(r"^GM\d{4}$")
UUID_RE = re.compile(r"^[0-9a-fA-F-]{36}$")
CODE_RE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
DASHBOARD_SQL = "SELECT publication.dashboard(%s, %s, %s, %s)"


@dataclass
class Component:
    """One dashboard component: its key, Dutch title, kind and publication.dashboard's result."""

    key: str
    label: str
    kind: str = "chart"
    result: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    filters: dict[str, Any] = field(default_factory=dict)  # on top of the dashboard's filters

    @property
    def rows(self) -> list[dict]:
        return self.result.get("rows") or []

    @property
    def totals(self) -> dict:
        return self.result.get("totals") or {}

    @property
    def details(self) -> list[dict]:
        return self.result.get("details") or []

    @property
    def suppressed(self) -> dict:
        return self.result.get("suppressed") or {}


def parse_date(value: str | None) -> date | None:
    """An ISO date from a query parameter, None when absent or malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def parse_filters(args: MultiDict) -> dict[str, Any]:
    """The contract's filters from query parameters (unknown or malformed values are dropped)."""
    filters: dict[str, Any] = {}
    code = args.get("municipality_code") or args.get("gemeente")
    if code and MUNICIPALITY_RE.match(code):
        filters["municipality_code"] = code
    for key in LIST_FILTERS:
        pattern = UUID_RE if key.endswith("_ids") else CODE_RE
        values = [v for v in args.getlist(key) if pattern.match(v)]
        if values:
            filters[key] = values
    status = [v for v in args.getlist("planning_status") if CODE_RE.match(v)]
    if status == ["hard"] or status == ["soft"]:
        filters["planning_status"] = status[0]
    elif status:
        filters["planning_status"] = status
    return dashboard_page_filters(args) | filters


def dashboard_page_filters(args: MultiDict) -> dict[str, Any]:
    """The filters in the dashboard pages' Dutch query vocabulary (fase, wijk, planstatus, ...),
    so a page links its PDF by appending its own query string (webapp/dashboards/filters.py)."""
    try:
        from webapp.dashboards.filters import filters_of
    except ImportError:  # pragma: no cover - the dashboards part of issue 6 provides it
        return {}
    filters = filters_of(args)
    for key in [k for k in filters if k.endswith("_ids")]:
        filters[key] = [v for v in filters[key] if UUID_RE.match(v)] or None
    return {k: v for k, v in filters.items() if v}


def allowed_components(conn: psycopg.Connection, role: str) -> list[Component]:
    """The components a role may use, in the order of publication.dashboard_components()."""
    rows = conn.execute(
        "SELECT key, label_nl, kind FROM publication.dashboard_components() WHERE %s = ANY(roles)",
        (role,),
    ).fetchall()
    return [Component(k, label or LABELS.get(k, k), kind or "chart") for k, label, kind in rows]


def fetch(
    conn: psycopg.Connection, components: list[Component], reference_date: date, filters: dict
) -> list[Component]:
    """Fill each component's result (conn has the viewer set); a refused component is left out."""
    filled = []
    for component in components:
        conn.execute("SAVEPOINT component")
        try:
            row = conn.execute(
                DASHBOARD_SQL,
                (
                    component.key,
                    reference_date,
                    Jsonb(filters | component.filters),
                    Jsonb(component.options),
                ),
            ).fetchone()
        except psycopg.Error as err:
            conn.execute("ROLLBACK TO SAVEPOINT component")
            LOGGER.warning("dashboard component %s refused: %s", component.key, err)
            continue
        conn.execute("RELEASE SAVEPOINT component")
        component.result = row[0] or {}
        filled.append(component)
    return filled


def load(
    viewer: dict | None,
    wanted: list[Component] | tuple[str, ...] | None,
    reference_date: date,
    filters: dict,
) -> list[Component]:
    """The components (all the viewer's role may use when wanted is None) as the viewer sees them.

    wanted: component keys, or Component objects carrying their own options and extra filters.
    """
    with db.connection() as conn:
        set_viewer(conn, viewer)
        allowed = allowed_components(conn, (viewer or {}).get("role") or "anonymous")
        if wanted is not None:
            labels = {c.key: c.label for c in allowed}
            allowed = [
                c if isinstance(c, Component) else Component(c, labels.get(c) or LABELS.get(c, c))
                for c in wanted
            ]
            for component in allowed:
                component.label = labels.get(component.key) or component.label
        return fetch(conn, allowed, reference_date, filters)


def goals(
    viewer: dict | None, reference_date: date, category_ids: list[str] | None = None
) -> list[dict] | None:
    """The goals' progress for the viewer, as on the dashboards (None when it was refused)."""
    try:
        return goal_cards(viewer, reference_date, category_ids)
    except psycopg.Error as err:
        LOGGER.warning("goal progress refused: %s", err)
        return None


def municipality(code: str) -> dict | None:
    """A municipality's code and name (None: unknown)."""
    with db.connection() as conn:
        row = conn.execute(
            "SELECT code, name, region_code, province_code FROM ref.municipality WHERE code = %s",
            (code,),
        ).fetchone()
    if row is None:
        return None
    return {"code": row[0], "name": row[1], "region_code": row[2], "province_code": row[3]}


def csv_text(component: Component) -> str:
    """A component's rows and totals as CSV (semicolon, Dutch headers; suppressed cells empty)."""
    series = sorted({k for row in component.rows for k in (row.get("series") or {})})
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["sleutel", "omschrijving", "projecten", "woningen", *series, "onderdrukt"])
    for row in component.rows:
        values = row.get("series") or {}
        writer.writerow(
            [
                row.get("key"),
                row.get("label"),
                row.get("projects"),
                row.get("dwellings"),
                *(values.get(k) for k in series),
                "ja" if row.get("suppressed") else "nee",
            ]
        )
    totals = component.totals
    blanks = [""] * len(series)
    total_row = ["totaal", "Totaal", totals.get("projects"), totals.get("dwellings")]
    writer.writerow([*total_row, *blanks, ""])
    return out.getvalue()


FILTER_WORDS = {
    "district_codes": ("Wijken", "SELECT code, name FROM ref.district WHERE code = ANY(%s)"),
    "neighbourhood_codes": (
        "Buurten",
        "SELECT code, name FROM ref.neighbourhood WHERE code = ANY(%s)",
    ),
    "phases": ("Fase", "SELECT code, label_nl FROM ref.project_phase WHERE code = ANY(%s)"),
    "plan_types": ("Plantype", "SELECT code, label_nl FROM ref.plan_type WHERE code = ANY(%s)"),
    "owner_group_ids": (
        "Eigenaar",
        "SELECT id::text, name FROM auth.user_group WHERE id::text = ANY(%s)",
    ),
}
HARD_SOFT = {"hard": "harde plannen", "soft": "zachte plannen"}


def filter_words(filters: dict) -> list[str]:
    """The filters in Dutch words for the report header (the municipality is shown apart)."""
    words = []
    with db.connection() as conn:
        for key, (title, sql) in FILTER_WORDS.items():
            if filters.get(key):
                names = dict(conn.execute(sql, (filters[key],)).fetchall())
                words.append(f"{title}: {', '.join(names.get(v, v) for v in filters[key])}")
        status = filters.get("planning_status")
        if isinstance(status, str):
            words.append(f"Planstatus: {HARD_SOFT.get(status, status)}")
        elif status:
            words.append(f"Planstatus: {', '.join(status)}")
    if filters.get("project_ids"):
        words.append(f"{len(filters['project_ids'])} project(en)")
    return words


def blueprint(viewer: dict, blueprint_id: str) -> dict | None:
    """A composed dashboard the viewer may open (plan.dashboard_blueprint).

    Returns name, components (keys), options per component, extra filters and whether it shows
    goals; None when the viewer may not open it.
    """
    with db.connection() as conn:
        set_viewer(conn, viewer)
        return blueprint_row(conn, blueprint_id)


def blueprint_row(conn: psycopg.Connection, blueprint_id: str) -> dict | None:
    """One blueprint the viewer may open: its components with their options and filters."""
    row = conn.execute(
        "SELECT name, components, goal_category_ids::text[] FROM plan.dashboard_blueprint "
        "WHERE id = %s AND id IN (SELECT plan.viewer_blueprint_ids())",
        (blueprint_id,),
    ).fetchone()
    if row is None:
        return None
    components = []
    for item in row[1] or []:
        options = dict(item.get("options") or {})
        extra = options.pop("filters", None) or {}
        period = options.pop("period", None) or {}
        key = item["component"]
        components.append(
            Component(key, LABELS.get(key, key), options=options | period, filters=extra)
        )
    return {"name": row[0], "components": components, "goal_category_ids": row[2] or []}
