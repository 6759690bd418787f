"""Dashboard panels: a component's result with its chart, table, map features and download links."""

from datetime import date
from urllib.parse import urlencode

from flask import url_for

from webapp.dashboards import charts
from webapp.dashboards import filters as flt
from webapp.dashboards import queries

# the standard dashboard's options per component (planning status: hard/soft with 5A/5B apart)
STANDARD_OPTIONS = {"planning_status": {"group": "hard_soft"}}
# phase -> map colour (colour-blind safe Okabe-Ito order; the legend names the phase)
PHASE_COLOURS = {
    "concept": "#999999",
    "initiative": "#E69F00",
    "definition": "#56B4E9",
    "design": "#009E73",
    "preparation": "#F0E442",
    "realisation": "#0072B2",
    "aftercare": "#CC79A7",
}
KPI_TILES = (
    ("construction", "Bruto plancapaciteit", "woningen gebouwd"),
    ("demolition", "Sloop", "woningen gesloopt"),
    ("net", "Netto plancapaciteit", "bouw min sloop"),
    ("projects", "Projecten", "tellen mee"),
)


def item(meta: dict, filters: dict, options: dict | None = None, breakdown: str | None = None):
    """One component to show: its metadata, the filters and options it runs with."""
    return {"meta": meta, "filters": filters, "options": options or {}, "breakdown": breakdown}


def standard_items(metas: list[dict], filters: dict) -> list[dict]:
    """The standard dashboard: every component of the role, with the page's filters."""
    return [item(m, filters, STANDARD_OPTIONS.get(m["key"])) for m in metas]


def build(viewer: dict | None, reference_date: date, items: list[dict]) -> list[dict]:
    """Run every item's component in one transaction and turn the results into panels."""
    requests = [(i["meta"]["key"], i["filters"], i["options"]) for i in items]
    found = queries.results(viewer, reference_date, requests)
    built = [
        panel(i, result, reference_date, index)
        for index, (i, result) in enumerate(zip(items, found, strict=True))
    ]
    if viewer and any(p["kind"] == "map" for p in built):
        from webapp.projects.queries import municipality_boundary

        boundary = municipality_boundary(viewer["municipality_code"])
        for p in built:
            p["boundary"] = boundary
    return built


def panel(entry: dict, result: dict, reference_date: date, index: int) -> dict:
    """Everything a template needs to show one component."""
    meta = entry["meta"]
    key, kind = meta["key"], meta["kind"]
    args = flt.args_of(reference_date, entry["filters"]) + flt.option_args(entry["options"])
    query = "?" + urlencode(args)
    return {
        "id": f"onderdeel-{index}-{key}",
        "key": key,
        "label": meta["label_nl"],
        "kind": kind,
        "result": result,
        "chart": chart(result, meta["label_nl"], entry["breakdown"]) if kind == "chart" else None,
        "table": charts.table_of(result),
        "tiles": tiles(result) if kind == "kpi" else [],
        "features": features(result) if kind == "map" else None,
        "csv_url": url_for("dashboards.data", component=key, fmt="csv") + query,
        "json_url": url_for("dashboards.data", component=key, fmt="json") + query,
        "suppressed": result.get("suppressed") or {},
        "hidden_projects": hidden_projects(result) if kind == "map" else 0,
        "legend": legend(result) if kind == "map" else [],
    }


def legend(result: dict) -> list[tuple[str, str]]:
    """(phase label, colour) of the phases on the map, in phase order."""
    details = result.get("details") or []
    shown = {
        d.get("phase"): (d.get("phase_label") or d.get("phase"), d.get("colour")) for d in details
    }
    order = list(PHASE_COLOURS)
    return [
        (shown[code][0], shown[code][1] or PHASE_COLOURS.get(code, "#1F77B4"))
        for code in sorted(shown, key=lambda c: order.index(c) if c in order else len(order))
    ]


def chart(result: dict, title: str, breakdown: str | None) -> dict | None:
    """The chart of a component, None when it would be empty (the page says so instead)."""
    spec = charts.chart_spec(result, title, breakdown)
    return spec if charts.has_values(spec) else None


def tiles(result: dict) -> list[dict]:
    """The KPI tiles of the capacity component (its totals)."""
    totals = result.get("totals") or {}
    return [
        {"key": key, "label": label, "hint": hint, "value": totals.get(key)}
        for key, label, hint in KPI_TILES
        if key in totals
    ]


def features(result: dict) -> dict:
    """The map component's visible projects as a GeoJSON FeatureCollection (CRS84)."""
    found = []
    for detail in result.get("details") or []:
        geometry = detail.get("centroid") or detail.get("geometry")
        if not geometry:
            continue
        project_id = detail.get("project_id") or detail.get("id")
        phase = detail.get("phase")
        properties = {
            "name": detail.get("name"),
            "phase": detail.get("phase_label") or phase,
            "colour": detail.get("colour") or PHASE_COLOURS.get(phase, "#1F77B4"),
            "url": url_for("dashboards.project", project_id=project_id) if project_id else None,
        }
        found.append({"type": "Feature", "geometry": geometry, "properties": properties})
    return {"type": "FeatureCollection", "features": found}


def hidden_projects(result: dict) -> int:
    """How many counted projects the map cannot show individually."""
    counted = (result.get("totals") or {}).get("projects") or 0
    return max(0, counted - len(result.get("details") or []))
