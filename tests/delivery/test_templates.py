"""Templates are validated when manage migrate loads them; errors name the file and the key."""

from pathlib import Path

import psycopg
import pytest
import yaml

from manage import migrate
from manage.delivery_templates import TemplateError
from manage.delivery_templates import load_templates

pytestmark = pytest.mark.db
SOURCE = Path(__file__).resolve().parents[2] / "sql" / "delivery" / "zuid-holland.yml"


def test_the_three_templates_are_loaded(conn):
    rows = conn.execute(
        "SELECT id, province_code, definition->>'format' FROM ref.delivery_template ORDER BY id"
    ).fetchall()
    assert rows == [
        ("gelderland", "PV25", "filegdb"),
        ("zeeland", "PV29", "xlsx"),
        ("zuid-holland", "PV28", "geojson"),
    ]


def broken(tmp_path: Path, change) -> Path:
    """A copy of the Zuid-Holland template in tmp_path/delivery with one change applied."""
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    change(data)
    folder = tmp_path / "delivery"
    folder.mkdir()
    (folder / "zuid-holland.yml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    return folder


def set_field(index: int, **values):
    def change(data):
        data["tables"][0]["fields"][index].update(values)

    return change


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(colour="rood"), "zuid-holland.yml: colour: unknown key"),
        (
            set_field(0, source="project.naam"),
            "zuid-holland.yml: plannen.plannaam.source: unknown fact 'project.naam'",
        ),
        (set_field(0, type="string"), "zuid-holland.yml: plannen.plannaam.type: bad type 'string'"),
        (set_field(0, colour="rood"), "zuid-holland.yml: plannen.fields[0].colour: unknown key"),
        (
            set_field(0, source="year.year"),
            "plannen.plannaam.source: fact 'year.year' exists only per project_year",
        ),
        (
            set_field(0, constant="x"),
            "plannen.plannaam: needs exactly one of source, constant, mapped, nested",
        ),
        (lambda d: d.update(format="pdf"), "zuid-holland.yml: format: unknown format 'pdf'"),
        (
            lambda d: d.update(min_confidentiality="geheim"),
            "min_confidentiality: unknown level 'geheim'",
        ),
        (lambda d: d["checks"].append("onbekend"), "checks[8]: unknown check 'onbekend'"),
        (
            lambda d: d["price_bands"]["purchase"][0]["bands"].reverse(),
            "price_bands.purchase[0].bands[0].max_cents",
        ),
        (
            lambda d: d["price_bands"]["rent"][0]["bands"][0].update(code="KOOP1"),
            "unknown rent band 'KOOP1'",
        ),
        (lambda d: d.update(id="zh"), "zuid-holland.yml: id: must be the file name"),
    ],
)
def test_bad_templates_are_refused_with_file_and_key(conn, tmp_path, change, message):
    folder = broken(tmp_path, change)
    with pytest.raises(TemplateError) as info:
        load_templates(conn, folder)
    assert message in str(info.value)


def test_migrate_refuses_an_invalid_template_and_names_it(conn, tmp_path):
    folder = broken(tmp_path, set_field(3, type="tekst"))
    with pytest.raises(
        migrate.MigrationError, match=r"delivery/zuid-holland.yml: plannen.gemeente.type"
    ):
        migrate.load_delivery_templates(conn, folder)


def test_reloading_updates_the_template(conn: psycopg.Connection, tmp_path):
    folder = broken(tmp_path, lambda d: d["title"].update(nl="Nieuwe titel"))
    assert load_templates(conn, folder) == ["zuid-holland"]
    assert (
        conn.execute(
            "SELECT title_nl FROM ref.delivery_template WHERE id = 'zuid-holland'"
        ).fetchone()[0]
        == "Nieuwe titel"
    )
