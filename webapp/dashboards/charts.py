"""A component's result as a chart specification, an accessible table and CSV rows."""

SUPPRESSED_LABEL = "Onderdrukt (te weinig projecten)"
MEASURES = {"projects": "Projecten", "dwellings": "Woningen"}
SERIES_LABELS = {
    "construction": "Bouw",
    "demolition": "Sloop",
    "net": "Netto",
    "construction_realised": "Bouw gerealiseerd",
    "construction_planned": "Bouw gepland",
    "construction_forecast": "Bouw prognose",
    "demolition_realised": "Sloop gerealiseerd",
    "demolition_planned": "Sloop gepland",
    "demolition_forecast": "Sloop prognose",
    "reasons": "Meldingen",
    "difference": "Verschil (woningen)",
}
STACKED = ("deliveries",)


def series_keys(rows: list[dict]) -> list[str]:
    """The series of a result's rows, in first-seen order (known series first)."""
    seen: list[str] = []
    for row in rows:
        for key in row.get("series") or {}:
            if key not in seen:
                seen.append(key)
    known = [k for k in SERIES_LABELS if k in seen]
    return known + [k for k in seen if k not in known]


def series_label(key: str) -> str:
    return SERIES_LABELS.get(key, key.replace("_", " "))


def row_label(row: dict) -> str:
    return SUPPRESSED_LABEL if row.get("suppressed") else str(row.get("label") or row.get("key"))


def measure_of(result: dict, breakdown: str | None) -> str:
    """Which value a one-series chart shows: the configured breakdown, else the result's unit."""
    if breakdown in MEASURES:
        return breakdown
    return result.get("unit") if result.get("unit") in MEASURES else "dwellings"


def chart_spec(result: dict, title: str, breakdown: str | None = None) -> dict:
    """What dashboard.js hands to Chart.js: type, labels, datasets (data only, no code)."""
    rows = result.get("rows") or []
    labels = [row_label(r) for r in rows]
    if result.get("component") in STACKED:
        datasets = [
            {
                "key": key,
                "label": series_label(key),
                "data": [(r.get("series") or {}).get(key) for r in rows],
                "stack": key.split("_")[0],
            }
            for key in series_keys(rows)
            if any((r.get("series") or {}).get(key) for r in rows)
        ]
        return {
            "type": "bar",
            "title": title,
            "labels": labels,
            "datasets": datasets,
            "stacked": True,
            "horizontal": False,
        }
    measure = measure_of(result, breakdown)
    datasets = [{"label": MEASURES[measure], "data": [r.get(measure) for r in rows]}]
    return {
        "type": "bar",
        "title": title,
        "labels": labels,
        "datasets": datasets,
        "stacked": False,
        "horizontal": True,
    }


def table_of(result: dict) -> dict:
    """Column headings and body rows of a component's table alternative."""
    rows = result.get("rows") or []
    keys = series_keys(rows)
    head = ["Categorie", "Projecten", "Woningen", *(series_label(k) for k in keys)]
    body = []
    for row in rows:
        values = [row.get("projects"), row.get("dwellings")]
        values += [(row.get("series") or {}).get(k) for k in keys]
        suppressed = row.get("suppressed")
        body.append({"label": row_label(row), "values": values, "suppressed": suppressed})
    return {"head": head, "body": body}


def csv_rows(result: dict) -> list[list]:
    """The CSV of a component: one line per row of publication.dashboard, header first."""
    rows = result.get("rows") or []
    keys = series_keys(rows)
    lines: list[list] = [["sleutel", "categorie", "projecten", "woningen", "onderdrukt", *keys]]
    for row in rows:
        series = row.get("series") or {}
        lines.append(
            [
                row.get("key"),
                row.get("label"),
                row.get("projects"),
                row.get("dwellings"),
                "ja" if row.get("suppressed") else "nee",
                *(series.get(k) for k in keys),
            ]
        )
    return lines


def details_csv(result: dict) -> list[list]:
    """CSV lines of a component's visible details (delayed projects, map features)."""
    details = result.get("details") or []
    columns = [
        k
        for k in (
            "project_id",
            "name",
            "phase",
            "kind",
            "reason",
            "milestone_date",
            "code",
            "message",
            "difference",
            "dwellings",
            "net",
        )
        if any(k in d for d in details)
    ]
    return [columns] + [[d.get(c) for c in columns] for d in details]


def has_values(spec: dict) -> bool:
    """Whether a chart would show anything (some non-zero value)."""
    return any(v for d in spec["datasets"] for v in d["data"])
