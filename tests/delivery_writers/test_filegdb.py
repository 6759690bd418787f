"""The Gelderland File Geodatabase writer fills the province's template; checked through GDAL."""

from __future__ import annotations

import uuid
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import pyogrio
import pytest
import shapely

from plugins.processes.writers import DeliveryWriteError
from plugins.processes.writers import Field
from plugins.processes.writers import Table
from plugins.processes.writers import filegdb
from tests.delivery_writers import gdal_checks

PROJECT_A = uuid.UUID("0b6b5a3e-8a11-4c55-9d1e-2f0c5c1a0001")
PROJECT_B = uuid.UUID("0b6b5a3e-8a11-4c55-9d1e-2f0c5c1a0002")
AREA_A = shapely.MultiPolygon(
    [
        shapely.box(190_000, 440_000, 190_100, 440_050),
        shapely.box(190_200, 440_000, 190_210, 440_010),
    ]
)
AREA_B = shapely.box(191_000, 441_000, 191_020, 441_030)  # a Polygon: written as MultiPolygon

PLAN_VALUES = {  # one Gelderland project, as the delivery mechanism hands it over
    "GlobalID": PROJECT_A,
    "Creator": "DIWI",
    "Created": datetime(2024, 3, 1, 9, 30, tzinfo=UTC),
    "Editor": "Jan Jansen",
    "Edited": datetime(2025, 6, 2, 14, 0, tzinfo=UTC),
    "plannaam": "Centrumplan Arnhem",
    "provincie": "Gelderland",
    "regio": "Groene Metropoolregio Arnhem-Nijmegen",
    "gemeente": "Arnhem",
    "woonplaats": "Arnhem",
    "vertrouwelijkheid": "ProvincieGemeente",
    "opdrachtgever_type": "Woningbouwcorporatie",
    "opdrachtgever_naam": "Volkshuisvesting Arnhem",
    "opmerkingen_basis": "Eerste fase langs de Rijn",
    "plantype": "Transformatiegebied",
    "masterplan": "Masterplan Rijnboog",
    "bestemmingsplan": "NL.IMRO.0202.123-0301",
    "zoekgebied": "Nee",
    "projectfase": "3. Ontwerp",
    "status_planologisch": "2A. Vastgesteld",
    "opmerkingen_status": "Vastgesteld door de raad",
    "beoogd_woonmilieu_ABF5": "Centrum-stedelijk",
    "beoogd_woonmilieu_ABF13": "Centrum-stedelijk-plus",
    "knelpunten_meerkeuze": ["Netcongestie", "Stikstofruimte"],
    "toelichting_knelpunten": "Wachten op netbeheerder",
    "verhuurder_type": "Woningbouwcorporatie",
    "opmerkingen_kwalitatief": "x" * 1000,  # exactly the template's maximum
    "koppelid": None,
    "klopt_geom": None,
    "overkoeppelende_plan_id": None,
    "overkoeppelende_plan_naam": None,
    "energieconcept": "3. Collectief Warmtenet zonder bijverwarming in woning",
    "tapwatervoorziening": "3. LT (<35 graden) met wijk bijverwarming (GV aansluiting)",
    "realisatiekans": "80%",
    "aandachtsgroepen": ["Studenten", "Ouderen"],
    "sleutelproject": "Ja",
    "oplevering_eerste": 2026,
    "oplevering_laatste": 2031,
}
DETAIL_VALUES = {
    "GlobalID": None,  # GDAL generates it
    "Creator": "DIWI",
    "Created": date(2024, 3, 1),
    "Editor": "Jan Jansen",
    "Edited": datetime(2025, 6, 2, 16, 0),
    "gemeente": "Arnhem",
    "regio": "Groene Metropoolregio Arnhem-Nijmegen",
    "vertrouwelijkheid": "Regio",
    "bouw_gerealiseerd": "Nee",
    "sloop_gerealiseerd": "Onbekend",
}
TEXT_TYPES = {"String", "GUID", "GlobalID"}


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> filegdb.TemplateSchema:
    target = tmp_path_factory.mktemp("template")
    return filegdb.read_template_schema(filegdb.unpack_template(filegdb.TEMPLATE, target))


def _fields(schema: filegdb.TemplateSchema, layer: str) -> list[Field]:
    kinds = {"Date": "datetime", "SmallInteger": "integer", "Integer": "integer", "Double": "real"}
    return [
        Field(name, kinds.get(spec.esri_type, "text"), spec.nullable, spec.domain)
        for name, spec in schema.layers[layer].fields.items()
        if not (spec.esri_type == "GlobalID" and layer == "DetailPlanning")
    ] + ([Field("GlobalID", "text")] if layer == "DetailPlanning" else [])


def _counts(schema: filegdb.TemplateSchema, layer: str, given: dict, start: int) -> dict:
    numbers = [
        name
        for name, spec in schema.layers[layer].fields.items()
        if spec.esri_type in ("SmallInteger", "Integer") and name not in given
    ]
    return {name: start + offset for offset, name in enumerate(numbers)}


def full_tables(schema: filegdb.TemplateSchema) -> list[Table]:
    """Two projects, three delivery years: every writable Gelderland field gets a value."""
    plan_a = PLAN_VALUES | _counts(schema, "Planregistratie", PLAN_VALUES, 1)
    plan_b = plan_a | {
        "GlobalID": str(PROJECT_B),
        "plannaam": "Inbreiding Velp",
        "gemeente": "Rheden",
        "woonplaats": "Velp",
        "knelpunten_meerkeuze": ["Geen"],
        "aandachtsgroepen": [],
    }
    detail = DETAIL_VALUES | _counts(schema, "DetailPlanning", DETAIL_VALUES, 0)
    details = [
        detail | {"parent_globalid": PROJECT_A, "jaartal": 2026},
        detail | {"parent_globalid": str(PROJECT_A).upper(), "jaartal": 2027},
        detail | {"parent_globalid": "{" + str(PROJECT_B) + "}", "jaartal": 2031},
    ]
    return [
        Table(
            "Planregistratie",
            _fields(schema, "Planregistratie"),
            [plan_a, plan_b],
            [AREA_A, AREA_B],
        ),
        Table("DetailPlanning", _fields(schema, "DetailPlanning"), details),
    ]


@pytest.fixture(scope="module")
def delivered(schema: filegdb.TemplateSchema, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return filegdb.write(full_tables(schema), tmp_path_factory.mktemp("work"))


def test_tables_cover_every_writable_template_field(schema: filegdb.TemplateSchema) -> None:
    for table in full_tables(schema):
        assert {field.name for field in table.fields} == set(schema.layers[table.name].fields)
        for row in table.rows:
            assert set(row) >= set(schema.layers[table.name].fields) - {"GlobalID"}


def test_output_has_the_templates_layers_fields_types_nullability_and_domains(
    delivered: bytes,
) -> None:
    gdal_checks.assert_matches_template(delivered, gdal_checks.TEMPLATE)


def test_every_written_coded_value_lies_in_the_output_domains(delivered: bytes) -> None:
    checked = gdal_checks.assert_values_in_domains(delivered)
    assert checked == 17 + 16 + 3 * 4  # 17 domain fields per plan (one left empty), 4 per year


def test_rows_hold_the_given_values(delivered: bytes) -> None:
    plan = gdal_checks.rows(delivered, "Planregistratie")[0]
    assert plan["GlobalID"] == "{" + str(PROJECT_A).upper() + "}"
    assert plan["knelpunten_meerkeuze"] == "Netcongestie,Stikstofruimte"
    assert plan["vertrouwelijkheid"] == "ProvincieGemeente"
    assert (plan["oplevering_eerste"], plan["oplevering_laatste"]) == (2026, 2031)
    assert str(plan["Created"]).startswith("2024-03-01T09:30")
    assert len(plan["opmerkingen_kwalitatief"]) == 1000
    assert gdal_checks.rows(delivered, "Planregistratie")[1]["aandachtsgroepen"] is None
    years = [row["jaartal"] for row in gdal_checks.rows(delivered, "DetailPlanning")]
    assert years == [2026, 2027, 2031]


def test_detail_rows_point_at_their_projects_globalid(delivered: bytes) -> None:
    gdal_checks.assert_detail_rows_linked(delivered)
    details = gdal_checks.rows(delivered, "DetailPlanning")
    assert len({row["GlobalID"] for row in details}) == 3  # generated, unique


def test_planregistratie_is_multipolygon_rd_new_with_shape_area(delivered: bytes) -> None:
    with gdal_checks.opened(delivered) as path:
        frame = pyogrio.read_dataframe(path, layer="Planregistratie")
    assert frame.crs.to_epsg() == 28992
    assert list(frame.geometry.geom_type) == ["MultiPolygon", "MultiPolygon"]
    assert list(frame["SHAPE_Area"]) == pytest.approx([AREA_A.area, AREA_B.area])
    assert list(frame["SHAPE_Length"]) == pytest.approx([AREA_A.length, AREA_B.length])


def test_reference_layers_keep_their_rows(delivered: bytes) -> None:
    with gdal_checks.opened(delivered) as output, gdal_checks.opened(filegdb.TEMPLATE) as template:
        counts = {layer.name: layer.feature_count for layer in gdal_checks.describe(output)}
        before = {layer.name: layer.feature_count for layer in gdal_checks.describe(template)}
    assert counts == before | {"Planregistratie": 2, "DetailPlanning": 3}
    assert (counts["Gemeenten"], counts["Regiovelden"], counts["Overkoepelendeplannen"]) == (
        338,
        198,
        0,
    )


def _one_plan(schema: filegdb.TemplateSchema, **changes: object) -> list[Table]:
    tables = full_tables(schema)
    tables[0].rows[1] = tables[0].rows[1] | changes
    return tables


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"gemeente": "Utrecht"}, "gemeente", "'Utrecht' ligt niet in domein DOMAIN_GEMEENTEN"),
        ({"verhuurder_type": "Woningcorporatie"}, "verhuurder_type", "DOMAIN_EIGENDOM_HUUR"),
        ({"knelpunten_meerkeuze": ["Geen", "Parkeren"]}, "knelpunten_meerkeuze", "'Parkeren'"),
        ({"status_planologisch": None}, "status_planologisch", "verplicht"),
        ({"regio": None}, "regio", "verplicht"),
        ({"oplevering_eerste": 40_000}, "oplevering_eerste", "buiten het bereik"),
        ({"opmerkingen_basis": "x" * 1001}, "opmerkingen_basis", "langer dan de toegestane 1000"),
        ({"totaal_bouw": 2.5}, "totaal_bouw", "geen geheel getal"),
        ({"GlobalID": "project-7"}, "GlobalID", "geen UUID"),
    ],
)
def test_values_the_province_file_cannot_hold_are_refused_naming_table_row_and_field(
    schema: filegdb.TemplateSchema, tmp_path: Path, changes: dict, field: str, message: str
) -> None:
    with pytest.raises(DeliveryWriteError, match=message) as refused:
        filegdb.write(_one_plan(schema, **changes), tmp_path)
    assert (refused.value.table, refused.value.row, refused.value.field) == (
        "Planregistratie",
        2,
        field,
    )
    assert str(refused.value).startswith(f"tabel Planregistratie, rij 2, veld {field}: ")


def test_a_null_in_a_not_null_detail_field_is_refused(
    schema: filegdb.TemplateSchema, tmp_path: Path
) -> None:
    tables = full_tables(schema)
    tables[1].rows[2] = tables[1].rows[2] | {"gemeente": None}
    with pytest.raises(
        DeliveryWriteError, match=r"^tabel DetailPlanning, rij 3, veld gemeente: verplicht"
    ):
        filegdb.write(tables, tmp_path)


def test_tables_must_fit_the_template(schema: filegdb.TemplateSchema, tmp_path: Path) -> None:
    plan = full_tables(schema)[0]
    unknown = Table("Planregistratie", [*plan.fields, Field("Totaal_bouw", "integer")], plan.rows)
    with pytest.raises(DeliveryWriteError, match="veld Totaal_bouw: dit veld bestaat niet"):
        filegdb.write([unknown], tmp_path)
    missing = Table("Planregistratie", [f for f in plan.fields if f.name != "regio"], plan.rows)
    with pytest.raises(DeliveryWriteError, match="veld regio: verplicht veld"):
        filegdb.write([missing], tmp_path)
    with pytest.raises(DeliveryWriteError, match="tabel Projecten: deze laag bestaat niet"):
        filegdb.write([Table("Projecten", [], [])], tmp_path)
    line = Table(plan.name, plan.fields, plan.rows, [shapely.LineString([(0, 0), (1, 1)]), None])
    with pytest.raises(DeliveryWriteError, match="rij 1: LineString is geen"):
        filegdb.write([line], tmp_path)


def test_nothing_to_deliver_gives_the_bare_template(tmp_path: Path) -> None:
    empty = filegdb.write([], tmp_path)
    gdal_checks.assert_matches_template(empty)
    assert gdal_checks.rows(empty, "Planregistratie") == []
    assert list(tmp_path.iterdir()) == []  # the work files are cleaned up
