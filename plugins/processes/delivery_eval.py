"""Evaluate a delivery template over the selected projects: the checks, then the output Tables."""

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from datetime import datetime
from typing import Any

from plugins.processes.delivery_data import Mapping
from plugins.processes.delivery_data import Project
from plugins.processes.writers import Field
from plugins.processes.writers import Table

ALWAYS_CHECKED = {"min_confidentiality_error"}  # nothing below the minimum ever leaves
BOOLEAN_TEXT = {True: "Ja", False: "Nee"}


@dataclass(frozen=True)
class Problem:
    """One reason the delivery is refused (DIWI's code), for a project and field when known."""

    code: str
    project_id: str | None = None
    project_name: str | None = None
    field: str | None = None
    detail: str | None = None


@dataclass
class Evaluation:
    """The template's tables and the problems found while filling them."""

    tables: list[Table] = dc_field(default_factory=list)
    problems: list[Problem] = dc_field(default_factory=list)
    metadata: dict[str, Any] = dc_field(default_factory=dict)


class _Run:
    """One evaluation: template, mapping and the enabled checks."""

    def __init__(self, definition: dict, mapping: Mapping, min_rank: int) -> None:
        self.definition = definition
        self.mapping = mapping
        self.min_rank = min_rank
        self.checks = set(definition.get("checks") or []) | ALWAYS_CHECKED
        self.problems: list[Problem] = []
        self.unmapped_reported: set[str] = set()

    def problem(
        self, code: str, project: Project | None, name: str | None, detail: Any = None
    ) -> None:
        if code not in self.checks:
            return
        self.problems.append(
            Problem(
                code,
                project.id if project else None,
                project.name if project else None,
                name,
                None if detail is None else str(detail),
            )
        )

    def project_checks(self, project: Project) -> None:
        if project.rank < self.min_rank:
            self.problem(
                "min_confidentiality_error",
                project,
                "vertrouwelijkheid",
                project.facts.get("project.confidentiality"),
            )
        if project.plan_area is None:
            self.problem("project_does_not_have_geometry", project, None)
        for error in project.facts.get("price_errors") or []:
            detail = f"{error.get('houseblock')} regel {error.get('line_no')}"
            self.problem("ownership_range_mapping_error", project, None, detail)

    # -- values ---------------------------------------------------------------------------------

    def value(self, spec: dict, project: Project, facts: dict) -> Any:
        if "constant" in spec:
            return spec["constant"]
        if "mapped" in spec:
            return self.mapped_value(spec, project)
        return self.source_value(spec, project, facts)

    def source_value(self, spec: dict, project: Project, facts: dict) -> Any:
        name = spec["name"]
        value = self.translate(spec, facts.get(spec["source"]))
        if isinstance(value, list) and spec.get("single"):
            if len(value) > 1:
                self.problem(
                    "multiple_single_select_values", project, name, ", ".join(map(str, value))
                )
            value = value[0] if value else None
        if value is None:
            value = spec.get("default")
        if value is None and spec.get("mandatory"):
            self.problem("missing_mandatory_value", project, name)
        return convert(spec, value)

    def translate(self, spec: dict, value: Any) -> Any:
        table = spec.get("values")
        if table == "confidentiality_map":
            table = self.definition.get("confidentiality_map") or {}
        if not table or value is None:
            return value
        if isinstance(value, list):
            return [table.get(key_text(v), v) for v in value]
        return table.get(key_text(value))

    def mapped_value(self, spec: dict, project: Project) -> Any:
        name, mapped = spec["name"], spec["mapped"]
        prop = self.mapping.fields.get((project.municipality, name))
        if prop is None:
            if mapped.get("mandatory"):
                self.unmapped(project, name)
            return None
        raw = (project.facts.get("project.custom_values") or {}).get(prop["property_id"])
        if prop["value_type"] in ("category", "ordinal"):
            value = self.option_value(spec, project, prop, raw)
        elif prop["value_type"] == "numeric":
            value = self.number_value(spec, project, raw)
        elif prop["value_type"] == "boolean" and raw is not None:
            value = self.boolean_value(spec, bool(raw))
        else:
            value = raw if raw not in ("", None) else None
        if value in (None, []) and mapped.get("mandatory"):
            self.problem("missing_mandatory_value", project, name)
        return convert(spec, value)

    def boolean_value(self, spec: dict, value: bool) -> Any:
        if spec.get("values"):
            return self.translate(spec, value)
        return BOOLEAN_TEXT[value] if spec["type"] == "text" else value

    def unmapped(self, project: Project, name: str) -> None:
        key = f"{project.municipality}:{name}"
        if key not in self.unmapped_reported:
            self.unmapped_reported.add(key)
            self.problem("missing_dataexchange_mapping", None, name, project.municipality)

    def option_value(self, spec: dict, project: Project, prop: dict, raw: Any) -> Any:
        name, mapped = spec["name"], spec["mapped"]
        ids = raw if isinstance(raw, list) else ([raw] if raw else [])
        if "options" in mapped:
            chosen = self.province_options(project, name, ids)
            order = {option: n for n, option in enumerate(mapped["options"])}
            values = sorted(chosen, key=lambda option: order.get(option, len(order)))
        else:
            values = [self.mapping.labels.get(i, i) for i in ids]
        single = mapped.get("single") or (spec["type"] not in ("list",) and "join" not in spec)
        if single:
            if len(values) > 1:
                self.problem("multiple_single_select_values", project, name, ", ".join(values))
            return values[0] if values else None
        return values

    def province_options(self, project: Project, name: str, ids: list[str]) -> list[str]:
        chosen: list[str] = []
        for option_id in ids:
            options = self.mapping.options.get((project.municipality, name, option_id))
            if not options:
                label = self.mapping.labels.get(option_id, option_id)
                self.problem("missing_dataexchange_mapping", project, name, label)
                continue
            chosen += [o for o in options if o not in chosen]
        return chosen

    def number_value(self, spec: dict, project: Project, raw: Any) -> Any:
        name, mapped = spec["name"], spec["mapped"]
        if isinstance(raw, dict):
            if raw.get("min") != raw.get("max"):
                self.problem(
                    "numeric_range_value", project, name, f"{raw.get('min')}-{raw.get('max')}"
                )
                return None
            raw = raw.get("min")
        if raw is None:
            return None
        limit_fact = mapped.get("at_most") or spec.get("at_most")
        limit = project.facts.get(limit_fact) if limit_fact else None
        if limit is not None and raw > limit:
            self.problem(
                "value_larger_than_construction_houseblocks", project, name, f"{raw} > {limit}"
            )
        return raw

    # -- tables ---------------------------------------------------------------------------------

    def tables(self, projects: list[Project]) -> list[Table]:
        specs = self.definition["tables"]
        nested = {f["nested"] for t in specs for f in t["fields"] if "nested" in f}
        children = {
            t["name"]: self.year_rows(t, projects) for t in specs if t["per"] == "project_year"
        }
        result = []
        for spec in specs:
            if spec["per"] == "project_year":
                rows = [row for rows in children[spec["name"]].values() for row in rows]
                if spec["name"] not in nested:
                    result.append(Table(spec["name"], fields_of(spec), rows))
                continue
            result.append(self.project_table(spec, projects, children))
        return result

    def project_table(self, spec: dict, projects: list[Project], children: dict) -> Table:
        rows = []
        for project in projects:
            row = {}
            for f in spec["fields"]:
                if "nested" in f:
                    row[f["name"]] = children[f["nested"]].get(project.id, [])
                else:
                    row[f["name"]] = self.value(f, project, project.facts)
            rows.append(row)
        if not spec.get("geometry"):
            return Table(spec["name"], fields_of(spec), rows)
        geometries = [p.plan_area for p in projects]
        return Table(spec["name"], fields_of(spec), rows, geometries, spec["geometry"])

    def year_rows(self, spec: dict, projects: list[Project]) -> dict[str, list[dict]]:
        rows: dict[str, list[dict]] = {}
        for project in projects:
            for year in sorted(project.years, key=lambda y: y["year.year"]):
                facts = {**project.facts, **year}
                rows.setdefault(project.id, []).append(
                    {f["name"]: self.value(f, project, facts) for f in spec["fields"]}
                )
        return rows


def key_text(value: Any) -> str:
    """A value as a key of a template's `values` table (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def convert(spec: dict, value: Any) -> Any:
    """A JSON fact value in the field's type (dates, datetimes, joined lists, integers)."""
    if value is None:
        return None
    kind = spec["type"]
    if isinstance(value, list) and "join" in spec:
        return spec["join"].join(str(v) for v in value) or None
    if kind == "date" and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if kind == "datetime" and isinstance(value, str):
        return datetime.fromisoformat(value)
    if kind == "integer" and isinstance(value, int | float):
        return round(value)
    if kind == "real" and isinstance(value, int | float):
        return float(value)
    if kind == "text" and not isinstance(value, str):
        return key_text(value) if isinstance(value, bool) else str(value)
    return value


def fields_of(spec: dict) -> list[Field]:
    return [
        Field(f["name"], f["type"], bool(f.get("nullable", True)), f.get("domain"))
        for f in spec["fields"]
    ]


def evaluate(
    definition: dict, projects: list[Project], mapping: Mapping, min_rank: int
) -> Evaluation:
    """Check every project first; fill the tables (the caller writes them only without problems)."""
    run = _Run(definition, mapping, min_rank)
    for project in projects:
        run.project_checks(project)
    tables = run.tables(projects)
    methods = {
        p.id: {str(y["year.year"]): y.get("year.crosstab_method") for y in p.years}
        for p in projects
    }
    return Evaluation(tables, run.problems, {"crosstab_method": methods})
