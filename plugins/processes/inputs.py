"""Inputs shared by our processes: the reference date and project ids, with Dutch errors."""

import uuid
from datetime import date
from typing import Any

from pygeoapi.process.base import ProcessorExecuteError


def parse_date(value: Any) -> date:
    """The reference date (JJJJ-MM-DD); today when absent."""
    if value in (None, ""):
        return date.today()
    try:
        return date.fromisoformat(str(value))
    except ValueError as err:
        raise ProcessorExecuteError(
            user_msg=f"reference_date {value!r} is geen datum (JJJJ-MM-DD)."
        ) from err


def parse_ids(value: Any) -> list[str] | None:
    """Project ids as UUID strings, or None when absent."""
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise ProcessorExecuteError(user_msg="project_ids moet een lijst met project-ids zijn.")
    try:
        return [str(uuid.UUID(str(v))) for v in value]
    except ValueError as err:
        raise ProcessorExecuteError(user_msg="project_ids bevat een ongeldig project-id.") from err
