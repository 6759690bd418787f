"""What the SVG chart macros (reports/_svg_charts.html) need: scales, series, map dots."""

import math
from typing import Any

from jinja2 import Undefined

from webapp.reports import bp

PALETTE = ("#154273", "#e17000", "#2e7d32", "#8e24aa", "#00838f", "#c62828", "#6d4c41", "#546e7a")
SERIES = {
    "construction_realised": ("Bouw gerealiseerd", "#154273", 1),
    "construction_planned": ("Bouw gepland", "#5b8cc4", 1),
    "construction_forecast": ("Bouw voorspeld", "#a9c4e4", 1),
    "demolition_realised": ("Sloop gerealiseerd", "#c62828", -1),
    "demolition_planned": ("Sloop gepland", "#e57373", -1),
    "demolition_forecast": ("Sloop voorspeld", "#f4b6b6", -1),
    "construction": ("Bouw", "#154273", 1),
    "demolition": ("Sloop", "#c62828", -1),
}


@bp.app_template_filter("nl_number")
def nl_number(value: Any, digits: int = 0) -> str:
    """A number the Dutch way (1.234 or 12,5); a dash for none."""
    if value is None or value == "" or isinstance(value, Undefined):
        return "\u2013"
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    text = f"{number:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


@bp.app_template_global()
def nice_max(values: list[Any]) -> float:
    """A round axis maximum at or above the largest absolute value (at least 1)."""
    largest = max((abs(float(v)) for v in values if v is not None), default=0.0)
    if largest <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if largest <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


@bp.app_template_global()
def chart_series(rows: list[dict]) -> list[dict]:
    """The series of stacked rows (deliveries): key, Dutch label, colour, +1 above / -1 below."""
    keys = {k for row in rows for k in (row.get("series") or {})}
    known = [k for k in SERIES if k in keys]
    other = sorted(keys - set(known))
    series = [
        {"key": k, "label": SERIES[k][0], "colour": SERIES[k][1], "sign": SERIES[k][2]}
        for k in known
    ]
    for i, key in enumerate(other):
        colour = PALETTE[(i + len(known)) % len(PALETTE)]
        sign = -1 if key.startswith("demolition") else 1
        series.append({"key": key, "label": key.replace("_", " "), "colour": colour, "sign": sign})
    return series


@bp.app_template_global()
def stack_extent(rows: list[dict], series: list[dict]) -> tuple[float, float]:
    """The largest stack above and below the axis over all rows (axis maxima, both >= 0)."""
    up = [
        sum(abs((r.get("series") or {}).get(s["key"]) or 0) for s in series if s["sign"] > 0)
        for r in rows
    ]
    down = [
        sum(abs((r.get("series") or {}).get(s["key"]) or 0) for s in series if s["sign"] < 0)
        for r in rows
    ]
    top = nice_max(up) if any(up) else 0.0
    bottom = nice_max(down) if any(down) else 0.0
    return (top or (0.0 if bottom else 1.0), bottom)


@bp.app_template_global()
def colour_of(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@bp.app_template_global()
def phase_legend(details: list[dict]) -> list[dict]:
    """The phases on a map with their colours, in phase order (labels start with the number)."""
    seen = {}
    for detail in details:
        label = detail.get("phase_label") or detail.get("phase") or "onbekend"
        seen.setdefault(label, detail.get("colour") or "#000000")
    return [{"label": label, "colour": colour} for label, colour in sorted(seen.items())]


def point_of(detail: dict) -> tuple[float, float] | None:
    """A detail's representative lon/lat: its centroid, else the mean of its geometry's vertices."""
    centroid = detail.get("centroid")
    if isinstance(centroid, dict):
        centroid = centroid.get("coordinates")
    if isinstance(centroid, list | tuple) and len(centroid) >= 2:
        return float(centroid[0]), float(centroid[1])
    geometry = detail.get("geometry")
    coords = list(_vertices(geometry.get("coordinates") if isinstance(geometry, dict) else None))
    if not coords:
        return None
    return sum(c[0] for c in coords) / len(coords), sum(c[1] for c in coords) / len(coords)


def _vertices(nested: Any):
    if isinstance(nested, list | tuple):
        if len(nested) >= 2 and all(isinstance(v, int | float) for v in nested[:2]):
            yield float(nested[0]), float(nested[1])
        else:
            for item in nested:
                yield from _vertices(item)


@bp.app_template_global()
def map_dots(details: list[dict], width: int = 640, height: int = 360) -> list[dict]:
    """Map details as SVG dots (x, y, colour, name, phase) in an equal-area-ish lon/lat frame."""
    located = [(d, p) for d in details if (p := point_of(d)) is not None]
    if not located:
        return []
    lons = [p[0] for _, p in located]
    lats = [p[1] for _, p in located]
    squash = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * squash, 1e-3)
    span_y = max(max(lats) - min(lats), 1e-3)
    scale = min((width - 40) / span_x, (height - 40) / span_y)
    dots = []
    for i, (detail, (lon, lat)) in enumerate(located):
        dots.append(
            {
                "x": round(20 + (lon - min(lons)) * squash * scale, 1),
                "y": round(height - 20 - (lat - min(lats)) * scale, 1),
                "colour": detail.get("colour") or colour_of(i),
                "name": detail.get("name") or "",
                "phase": detail.get("phase_label") or detail.get("phase") or "",
            }
        )
    return dots
