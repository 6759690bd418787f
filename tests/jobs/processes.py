"""A small real process for the job tests: echoes its input and the viewer it ran for."""

from pygeoapi.process.base import BaseProcessor
from pygeoapi.process.base import ProcessorExecuteError

from plugins.jobs.context import current_viewer
from plugins.jobs.context import report_progress
from plugins.jobs.context import set_result_file_name

PROCESS_ID = "test-echo"
PROCESS_METADATA = {
    "version": "1.0.0",
    "id": PROCESS_ID,
    "title": {"nl": "Testproces", "en": "Test process"},
    "description": {"nl": "Geeft invoer en kijker terug.", "en": "Echoes input and viewer."},
    "jobControlOptions": ["sync-execute", "async-execute"],
    "keywords": ["test"],
    "links": [],
    "inputs": {
        "text": {
            "title": "Tekst",
            "description": "Wat terugkomt",
            "schema": {"type": "string"},
            "minOccurs": 1,
            "maxOccurs": 1,
        },
    },
    "outputs": {
        "echo": {"title": "Echo", "schema": {"type": "object", "contentMediaType": "text/csv"}},
    },
    "example": {"inputs": {"text": "hallo"}},
}


class EchoProcessor(BaseProcessor):
    def __init__(self, processor_def: dict) -> None:
        super().__init__(processor_def, PROCESS_METADATA)

    def execute(self, data: dict, outputs: dict | None = None) -> tuple[str, object]:
        if data.get("fail"):
            raise ProcessorExecuteError("Testfout: de invoer deugt niet")
        viewer = current_viewer()
        if viewer is None:
            raise ProcessorExecuteError("Geen kijker")
        report_progress(50, "Halverwege")
        if data.get("csv"):
            set_result_file_name("echo.csv")
            row = f"{data['text']};{viewer['user_id']};{viewer['role']}\n"
            return "text/csv", ("tekst;gebruiker;rol\n" + row).encode("utf-8")
        return "application/json", {"echo": data.get("text"), "viewer": viewer}
