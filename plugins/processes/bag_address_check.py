"""The BAG address-count check as an OGC API Process: BAG addresses per project against DIWI.

Config (pygeoapi-config.yml)::

    bag-address-check:
      type: process
      processor:
        name: plugins.processes.bag_address_check.BagAddressCheckProcessor
        data: ${DIWI_READER_DATABASE_URL}   # the API reader role (row-level security applies)

Runs as the requesting viewer (plugins.jobs.context.current_viewer), synchronously in the request
or queued for the worker like the deliveries. The SQL is publication.bag_address_check
(sql/repeatable/560_bag_address_check.sql); the output is a JSON list with one object per project.
"""

import logging
import re
import uuid
from datetime import date
from datetime import datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from pygeoapi.process.base import BaseProcessor
from pygeoapi.process.base import ProcessorExecuteError

from plugins.jobs import store
from plugins.jobs.context import current_viewer
from plugins.jobs.context import report_progress
from plugins.processes.inputs import parse_date
from plugins.processes.inputs import parse_ids
from plugins.providers.catalog import get_pool

LOGGER = logging.getLogger(__name__)
INPUT_KEYS = {"reference_date", "project_ids", "municipality_code"}
MUNICIPALITY_RE = re.compile(r"^GM\d{4}$")
CHECK_SQL = """
SELECT * FROM publication.bag_address_check(%s, %s::uuid[], %s)
ORDER BY abs(coalesce(in_use_difference, 0)) DESC, name, project_id
"""


def _text(nl: str, en: str) -> dict[str, str]:
    return {"nl": nl, "en": en}


PROCESS_METADATA: dict[str, Any] = {
    "version": "1.0.0",
    "id": "bag-address-check",
    "title": _text("BAG-adrescontrole", "BAG address-count check"),
    "description": _text(
        "Per project de BAG-verblijfsobjecten met woonfunctie in het plangebied naar status, "
        "tegenover de woningen die DIWI als gepland en als gerealiseerd registreert, met de "
        "verschillen uitgelegd en voorgestelde opleverdata uit de BAG.",
        "Per project the BAG accommodation objects with a residential use inside the plan area "
        "by status, against the dwellings DIWI registers as planned and realised, with the "
        "differences explained and realisation dates proposed from the BAG.",
    ),
    "jobControlOptions": ["sync-execute", "async-execute"],
    "keywords": ["BAG", "adressen", "controle", "woningbouw"],
    "links": [],
    "inputs": {
        "reference_date": {
            "title": _text("Peildatum", "Reference date"),
            "description": _text("Standaard vandaag.", "Default today."),
            "schema": {"type": "string", "format": "date"},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
        "project_ids": {
            "title": _text("Projecten", "Projects"),
            "description": _text(
                "Alleen deze projecten (standaard alle zichtbare).",
                "Only these projects (default all visible ones).",
            ),
            "schema": {"type": "array", "items": {"type": "string", "format": "uuid"}},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
        "municipality_code": {
            "title": _text("Gemeente", "Municipality"),
            "description": _text(
                "Alleen projecten van deze gemeente (CBS-code, bv. GM0200).",
                "Only projects of this municipality (CBS code, e.g. GM0200).",
            ),
            "schema": {"type": "string", "pattern": MUNICIPALITY_RE.pattern},
            "minOccurs": 0,
            "maxOccurs": 1,
        },
    },
    "outputs": {
        "projects": {
            "title": _text("Controle per project", "Check per project"),
            "schema": {
                "type": "array",
                "items": {"type": "object"},
                "contentMediaType": "application/json",
            },
        }
    },
    "example": {"inputs": {"reference_date": "2026-06-01", "municipality_code": "GM0200"}},
}


def parse_inputs(data: Any) -> dict[str, Any]:
    """Validated inputs (Dutch messages on bad input, answered with HTTP 400)."""
    if not isinstance(data, dict):
        raise ProcessorExecuteError(user_msg="De invoer moet een object zijn.")
    unknown = sorted(set(data) - INPUT_KEYS)
    if unknown:
        raise ProcessorExecuteError(user_msg=f"Onbekende invoer: {', '.join(unknown)}.")
    return {
        "reference_date": parse_date(data.get("reference_date")),
        "project_ids": parse_ids(data.get("project_ids")),
        "municipality_code": parse_municipality(data.get("municipality_code")),
    }


def parse_municipality(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not MUNICIPALITY_RE.match(value):
        raise ProcessorExecuteError(
            user_msg=f"municipality_code {value!r} is geen CBS-gemeentecode (GM0000)."
        )
    return value


def json_value(value: Any) -> Any:
    """A column value as JSON: dates ISO 8601, ids as strings."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def check(conn: psycopg.Connection, viewer: dict | None, inputs: dict[str, Any]) -> list[dict]:
    """The check's rows for the viewer, as JSON objects (reference_date added)."""
    store.set_viewer(conn, viewer or {})
    cur = conn.cursor(row_factory=dict_row)
    rows = cur.execute(
        CHECK_SQL,
        (inputs["reference_date"], inputs["project_ids"], inputs["municipality_code"]),
    ).fetchall()
    reference = inputs["reference_date"].isoformat()
    return [
        {"reference_date": reference} | {key: json_value(v) for key, v in row.items()}
        for row in rows
    ]


class BagAddressCheckProcessor(BaseProcessor):
    """BAG addresses in each visible project's plan area against DIWI's registered dwellings."""

    def __init__(self, processor_def: dict) -> None:
        self.dsn = str(processor_def["data"])
        super().__init__(processor_def, PROCESS_METADATA)

    def execute(self, data: dict, outputs: dict | None = None) -> tuple[str, list[dict]]:
        inputs = parse_inputs(data or {})
        report_progress(20, "BAG-adressen per plangebied tellen")
        with get_pool(self.dsn).connection() as conn, conn.transaction():
            result = check(conn, current_viewer(), inputs)
        flagged = sum(1 for row in result if row["flagged"])
        report_progress(90, f"{len(result)} projecten gecontroleerd, {flagged} met afwijkingen")
        LOGGER.info("bag-address-check: %d project(s), %d flagged", len(result), flagged)
        return "application/json", result

    def __repr__(self) -> str:
        return "<BagAddressCheckProcessor> bag-address-check"
