"""Public dashboard, map, CSV and density downloads of a municipality, as the anonymous viewer.

Every number comes from publication.dashboard with the viewer anonymous (plan.set_viewer(NULL)) and
the filter municipality_code: totals over the projects the public counts, names of public projects
only, small buckets suppressed by the SQL. Whoever is signed in, these pages show the public view.
"""

import logging
from datetime import date

from flask import Response
from flask import abort
from flask import redirect
from flask import render_template
from flask import request
from flask import url_for
from pygeoapi.process.base import ProcessorExecuteError

from plugins.processes import density
from webapp import db
from webapp.public import bp
from webapp.reports import data
from webapp.viewer import set_viewer

LOGGER = logging.getLogger(__name__)
PUBLIC_MIN_CELL_SIZE = 50.0  # signed-out downloads: bounded work per request
FEED_PATH = "/api/collections/projects/items"  # the public OGC API feed (anonymous: public only)
PUBLIC_MUNICIPALITIES_SQL = """
SELECT municipality_code, municipality_name, count(*)::int
FROM publication.projects_at(current_date)
GROUP BY 1, 2 ORDER BY 2
"""


def municipality_or_404(code: str) -> dict:
    if not data.MUNICIPALITY_RE.match(code):
        abort(404)
    municipality = data.municipality(code)
    if municipality is None:
        abort(404)
    return municipality


def reference_date() -> date:
    return data.parse_date(request.args.get("peildatum")) or date.today()


@bp.get("/openbaar")
def index() -> Response | str:
    """Choose a municipality: those with public projects first, then every municipality."""
    chosen = request.args.get("gemeente", "")
    if data.MUNICIPALITY_RE.match(chosen):
        return redirect(url_for("public.dashboard", code=chosen))
    with db.connection() as conn:
        set_viewer(conn, None)
        with_projects = conn.execute(PUBLIC_MUNICIPALITIES_SQL).fetchall()
        every = conn.execute("SELECT code, name FROM ref.municipality ORDER BY name").fetchall()
    return render_template(
        "public/index.html",
        title="Woningbouw in uw gemeente",
        with_projects=with_projects,
        every=every,
    )


@bp.get("/openbaar/<code>")
def dashboard(code: str) -> str:
    """The public dashboard: capacity, phase, planning status, deliveries, public projects."""
    municipality = municipality_or_404(code)
    day = reference_date()
    components = data.load(None, data.PUBLIC_COMPONENTS, day, {"municipality_code": code})
    return render_template(
        "public/dashboard.html",
        title=f"Woningbouw in {municipality['name']}",
        municipality=municipality,
        reference_date=day,
        components=components,
        capacity=next((c for c in components if c.key == "capacity"), None),
    )


@bp.get("/openbaar/<code>/gegevens.csv")
def component_csv(code: str) -> Response:
    """One component of the public dashboard as CSV (?onderdeel=phase)."""
    municipality_or_404(code)
    key = request.args.get("onderdeel", "")
    if key not in data.PUBLIC_COMPONENTS:
        abort(404)
    day = reference_date()
    components = data.load(None, (key,), day, {"municipality_code": code})
    if not components:
        abort(404)
    name = f"{key}-{code}-{day.isoformat()}.csv"
    return Response(
        data.csv_text(components[0]),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/openbaar/<code>/kaart")
def map_page(code: str) -> str:
    """The public map: the public OGC API feed of the municipality's projects on a Leaflet map."""
    from webapp.projects.queries import municipality_boundary

    municipality = municipality_or_404(code)
    return render_template(
        "public/map.html",
        title=f"Kaart woningbouw {municipality['name']}",
        municipality=municipality,
        boundary=municipality_boundary(code),
        feed_url=FEED_PATH,
    )


@bp.get("/openbaar/<code>/dichtheid.tif")
def density_raster(code: str) -> Response:
    """The plan-capacity density raster (COG) as the public counts it (?celgrootte=100)."""
    municipality_or_404(code)
    day = reference_date()
    try:
        size = density.parse_cell_size(request.args.get("celgrootte"))
        if size < PUBLIC_MIN_CELL_SIZE:
            abort(400, description=f"De celgrootte is minimaal {PUBLIC_MIN_CELL_SIZE:g} m.")
        with db.connection() as conn:
            set_viewer(conn, None)
            area = density.Area("municipality", code, [code])
            raster = density.density_cog(conn, area, day, size)
    except ProcessorExecuteError as err:
        abort(400, description=str(err))
    name = density.file_name(area, day)
    return Response(
        raster.data,
        mimetype="image/tiff",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
