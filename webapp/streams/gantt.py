"""Geometry of the server-rendered SVG Gantt chart: step bars, dependency arrows, ticks."""

from datetime import date

from webapp.streams.schedule import START_TO_START
from webapp.streams.schedule import Schedule

LABEL_WIDTH = 260
CHART_WIDTH = 640
ROW_HEIGHT = 28
TOP = 30


def gantt(steps: list[dict], deps: list[dict], plan: Schedule) -> dict | None:
    """Bars, arrows and ticks for the template; None without steps."""
    if not steps:
        return None
    first = min(min(r["planned_start"], plan.slots[r["id"]].early_start) for r in steps)
    last = max(max(r["planned_end"], plan.slots[r["id"]].early_finish) for r in steps)
    span = max((last - first).days, 1)

    def x(day: date) -> float:
        return round(LABEL_WIDTH + CHART_WIDTH * (day - first).days / span, 1)

    rows = sorted(steps, key=lambda r: (plan.slots[r["id"]].early_start, r["name"]))
    bars = [bar(i, row, plan, x) for i, row in enumerate(rows)]
    place = {b["id"]: b for b in bars}
    return {
        "width": LABEL_WIDTH + CHART_WIDTH + 20,
        "height": TOP + ROW_HEIGHT * len(bars) + 10,
        "bars": bars,
        "arrows": [arrow(d, place, plan) for d in deps],
        "ticks": ticks(first, last, x),
        "finish_x": x(plan.finish),
    }


def bar(index: int, row: dict, plan: Schedule, x) -> dict:
    slot = plan.slots[row["id"]]
    y = TOP + index * ROW_HEIGHT
    return {
        "id": row["id"],
        "name": row["name"],
        "stream": row["stream"],
        "y": y,
        "mid": y + ROW_HEIGHT / 2,
        "x": x(slot.early_start),
        "width": max(x(slot.early_finish) - x(slot.early_start), 2),
        "planned_x": x(row["planned_start"]),
        "planned_width": max(x(row["planned_end"]) - x(row["planned_start"]), 2),
        "critical": slot.critical,
        "title": f"{row['name']}: {slot.early_start:%d-%m-%Y} tot {slot.early_finish:%d-%m-%Y}"
        f", speling {slot.float_days} dagen",
    }


def arrow(dep: dict, place: dict, plan: Schedule) -> dict:
    """An elbow path from the predecessor's finish (or start, SS) to the successor's start."""
    source, target = place[dep["source"]], place[dep["target"]]
    x1 = source["x"] if dep["kind"] == START_TO_START else source["x"] + source["width"]
    x2 = target["x"]
    bend = x1 + 6
    path = f"M{x1},{source['mid']} H{bend} V{target['mid']} H{x2}"
    critical = source["critical"] and target["critical"]
    return {"path": path, "critical": critical}


def ticks(first: date, last: date, x) -> list[dict]:
    """One tick per quarter (per year when the chart spans more than four years)."""
    step = 12 if (last - first).days > 4 * 365 else 3
    day = date(first.year, 1, 1)
    out = []
    while day <= last:
        if day >= first:
            out.append({"x": x(day), "label": f"{day:%m-%Y}" if step == 3 else str(day.year)})
        month = day.month - 1 + step
        day = date(day.year + month // 12, month % 12 + 1, 1)
    return out
