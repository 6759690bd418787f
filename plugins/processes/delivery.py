"""Province deliveries as OGC API Processes: one processor class, configured once per template.

Config (pygeoapi-config.yml, one resource per template, ADR 0010)::

    delivery-zuid-holland:
      type: process
      processor:
        name: plugins.processes.delivery.DeliveryProcessor
        template: zuid-holland              # ref.delivery_template id (sql/delivery/<id>.yml)
        data: ${DIWI_READER_DATABASE_URL}   # the API reader role (row-level security applies)

Execution: every selected project is checked first; any problem refuses the delivery with
ProcessorExecuteError whose description is JSON ``{"message": ..., "errors": [...]}`` (HTTP 400
through the job manager, and the failed job's message). Otherwise the template's tables are
evaluated and written by ``plugins.processes.writers.<format>``.
"""

import importlib
import inspect
import json
import logging
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from pygeoapi.process.base import BaseProcessor
from pygeoapi.process.base import ProcessorExecuteError

from plugins.processes import delivery_data
from plugins.processes.delivery_eval import Problem
from plugins.processes.delivery_eval import evaluate
from plugins.processes.inputs import parse_date
from plugins.processes.inputs import parse_ids
from plugins.processes.writers import DeliveryWriteError

LOGGER = logging.getLogger(__name__)
INPUT_KEYS = {"reference_date", "project_ids", "min_confidentiality"}


def current_viewer() -> dict | None:
    """The viewer the process runs for (web request or worker job)."""
    from plugins.jobs.context import current_viewer as job_viewer

    return job_viewer()


def progress(percent: int, message: str) -> None:
    """Report progress to the job (no-op outside a job)."""
    from plugins.jobs.context import report_progress

    report_progress(percent, message)


def set_file_name(name: str) -> None:
    """Name the job's result file when the job manager supports it."""
    try:
        from plugins.jobs.context import set_result_file_name
    except ImportError:  # pragma: no cover - the jobs unit is part of the product
        return
    set_result_file_name(name)


class DeliveryRefused(ProcessorExecuteError):
    """The checks failed: the description is the JSON list of problems."""


def metadata(template_id: str, definition: dict, levels: dict[str, int]) -> dict[str, Any]:
    """PROCESS_METADATA built from the template."""
    minimum = levels[definition["min_confidentiality"]]
    allowed = [code for code, rank in levels.items() if rank >= minimum]
    return {
        "version": "1.0.0",
        "id": f"delivery-{template_id}",
        "title": definition["title"],
        "description": definition.get("description", definition["title"]),
        "jobControlOptions": ["sync-execute", "async-execute"],
        "keywords": ["levering", "provincie", "plancapaciteit", template_id],
        "links": [],
        "inputs": {
            "reference_date": {
                "title": {"nl": "Peildatum", "en": "Reference date"},
                "description": {"nl": "Standaard vandaag.", "en": "Default today."},
                "schema": {"type": "string", "format": "date"},
                "minOccurs": 0,
                "maxOccurs": 1,
            },
            "project_ids": {
                "title": {"nl": "Projecten", "en": "Projects"},
                "description": {
                    "nl": "Alleen deze projecten (niet samen met min_confidentiality).",
                    "en": "Only these projects (not together with min_confidentiality).",
                },
                "schema": {"type": "array", "items": {"type": "string", "format": "uuid"}},
                "minOccurs": 0,
                "maxOccurs": 1,
            },
            "min_confidentiality": {
                "title": {"nl": "Minimale vertrouwelijkheid", "en": "Minimum confidentiality"},
                "description": {
                    "nl": f"Standaard en minimaal {definition['min_confidentiality']}.",
                    "en": f"Default and at least {definition['min_confidentiality']}.",
                },
                "schema": {"type": "string", "enum": allowed},
                "minOccurs": 0,
                "maxOccurs": 1,
            },
        },
        "outputs": {
            "file": {
                "title": {"nl": "Leveringsbestand", "en": "Delivery file"},
                "schema": {
                    "type": "string",
                    "contentEncoding": "binary",
                    "contentMediaType": definition.get("media_type", "application/octet-stream"),
                },
            }
        },
        "example": {"inputs": {"min_confidentiality": definition["min_confidentiality"]}},
    }


def parse_inputs(data: dict, levels: dict[str, int], minimum: int) -> dict[str, Any]:
    """Validated inputs: reference_date, project_ids XOR min_rank (refused below the minimum)."""
    if not isinstance(data, dict):
        raise ProcessorExecuteError(user_msg="De invoer moet een object zijn.")
    unknown = sorted(set(data) - INPUT_KEYS)
    if unknown:
        raise ProcessorExecuteError(user_msg=f"Onbekende invoer: {', '.join(unknown)}.")
    if data.get("project_ids") is not None and data.get("min_confidentiality") is not None:
        raise ProcessorExecuteError(
            user_msg="Geef project_ids of min_confidentiality, niet allebei."
        )
    return {
        "reference_date": parse_date(data.get("reference_date")),
        "project_ids": parse_ids(data.get("project_ids")),
        "min_rank": parse_level(data.get("min_confidentiality"), levels, minimum),
    }


def parse_level(value: Any, levels: dict[str, int], minimum: int) -> int:
    if value is None:
        return minimum
    if value not in levels:
        raise ProcessorExecuteError(user_msg=f"Onbekende vertrouwelijkheid {value!r}.")
    if levels[value] < minimum:
        problem = Problem("min_confidentiality_error", field="min_confidentiality", detail=value)
        raise refusal(
            [problem],
            {
                "min_confidentiality_error": "De gekozen vertrouwelijkheid is "
                "lager dan deze levering toestaat."
            },
        )
    return levels[value]


def problem_document(problem: Problem, messages: dict[str, str]) -> dict[str, Any]:
    """One problem as the client sees it, with a Dutch message naming project and field."""
    text = messages.get(problem.code, problem.code)
    parts = [p for p in (problem.project_name, problem.field) if p]
    message = f"{': '.join(parts)}: {text}" if parts else text
    if problem.detail:
        message = f"{message} ({problem.detail})"
    return {
        "code": problem.code,
        "project_id": problem.project_id,
        "project_name": problem.project_name,
        "field": problem.field,
        "detail": problem.detail,
        "message": message,
    }


def refusal(problems: list[Problem], messages: dict[str, str]) -> DeliveryRefused:
    errors = [problem_document(p, messages) for p in problems]
    document = {
        "message": f"De levering is geweigerd: {len(errors)} probleem/problemen gevonden.",
        "errors": errors,
    }
    return DeliveryRefused(json.dumps(document, ensure_ascii=False))


def write_file(fmt: str, evaluation: Any, work_dir: Path) -> bytes:
    """Call the format's writer (plugins.processes.writers.<format>)."""
    try:
        writer = importlib.import_module(f"plugins.processes.writers.{fmt}")
    except ImportError as err:
        raise ProcessorExecuteError(
            user_msg=f"Het bestandsformaat {fmt} is niet beschikbaar."
        ) from err
    if "metadata" in inspect.signature(writer.write).parameters:
        return writer.write(evaluation.tables, work_dir, metadata=evaluation.metadata)
    return writer.write(evaluation.tables, work_dir)


class DeliveryProcessor(BaseProcessor):
    """A province delivery: the checks first, then the file from the template's tables."""

    def __init__(self, processor_def: dict) -> None:
        self.template_id = processor_def["template"]
        self.dsn = str(processor_def["data"])
        with delivery_data.connection(self.dsn) as conn:
            definition = delivery_data.template_row(conn, self.template_id)
            self.levels = delivery_data.levels(conn)
        if definition is None:  # listed, but refuses to run until `manage migrate` loads it
            LOGGER.error("delivery template %s is not loaded", self.template_id)
            definition = {
                "title": {"nl": f"Levering {self.template_id} (sjabloon niet geladen)"},
                "min_confidentiality": max(self.levels, key=self.levels.get),
                "file_name": "",
            }
        super().__init__(processor_def, metadata(self.template_id, definition, self.levels))

    def execute(self, data: dict, outputs: dict | None = None) -> tuple[str, bytes]:
        viewer = current_viewer()
        with delivery_data.connection(self.dsn) as conn, conn.transaction():
            definition = delivery_data.template_row(conn, self.template_id)
            if definition is None:
                raise ProcessorExecuteError(
                    user_msg=f"Sjabloon {self.template_id} is niet geladen."
                )
            minimum = self.levels[definition["min_confidentiality"]]
            inputs = parse_inputs(data or {}, self.levels, minimum)
            delivery_data.set_viewer(conn, viewer)
            projects = delivery_data.projects(
                conn,
                self.template_id,
                inputs["reference_date"],
                inputs["project_ids"],
                None if inputs["project_ids"] else inputs["min_rank"],
            )
            progress(40, f"{len(projects)} projecten verzameld")
            municipalities = sorted({p.municipality for p in projects})
            mapping = delivery_data.mapping(conn, self.template_id, municipalities)
            evaluation = evaluate(definition, projects, mapping, minimum)
            if evaluation.problems:
                codes = sorted({p.code for p in evaluation.problems})
                raise refusal(evaluation.problems, delivery_data.rule_messages(conn, codes))
        progress(70, "Controles geslaagd; bestand wordt gemaakt")
        evaluation.metadata["reference_date"] = inputs["reference_date"].isoformat()
        evaluation.metadata["template"] = self.template_id
        payload = self.write(definition["format"], evaluation, projects)
        set_file_name(self.file_name(definition, viewer, inputs["reference_date"]))
        LOGGER.info("delivery %s: %d project(s)", self.template_id, len(projects))
        return definition.get("media_type", "application/octet-stream"), payload

    def write(self, fmt: str, evaluation: Any, projects: list) -> bytes:
        """The file; a value the province's format refuses becomes a refusal naming it."""
        try:
            with tempfile.TemporaryDirectory(prefix="diwi-delivery-") as work:
                return write_file(fmt, evaluation, Path(work))
        except DeliveryWriteError as err:
            first = evaluation.tables[0].name if evaluation.tables else None
            project = (
                projects[err.row - 1]
                if err.table == first and err.row and err.row <= len(projects)
                else None
            )
            problem = Problem(
                "province_format_error",
                project.id if project else None,
                project.name if project else None,
                err.field,
                str(err),
            )
            with delivery_data.connection(self.dsn) as conn:
                raise refusal([problem], delivery_data.rule_messages(conn, [problem.code])) from err

    def file_name(self, definition: dict, viewer: dict | None, reference_date: date) -> str:
        municipality = (viewer or {}).get("municipality_code") or "levering"
        return definition["file_name"].format(
            municipality=municipality, reference_date=reference_date.isoformat()
        )

    def __repr__(self) -> str:
        return f"<DeliveryProcessor> {self.template_id}"
