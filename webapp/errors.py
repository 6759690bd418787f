"""Error pages: Dutch HTML for people, JSON under /api."""

from flask import Flask
from flask import Response
from flask import jsonify
from flask import render_template
from flask import request
from werkzeug.exceptions import HTTPException

TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Pagina niet gevonden",
    405: "Methode niet toegestaan",
    500: "Er ging iets mis",
}


def handle_http_error(error: HTTPException) -> tuple[Response | str, int]:
    """Render an HTTP error for the audience of the path."""
    status = error.code or 500
    title = TITLES.get(status, error.name)
    if request.path.startswith("/api"):
        return jsonify({"code": error.name.replace(" ", ""), "description": title}), status
    return render_template("error.html", status=status, title=title), status


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(HTTPException, handle_http_error)
