"""Big or hostile uploads get a clean import error, never a 500 and never a partial write."""

import io
import zipfile

import openpyxl
import pytest

from tests.imports.conftest import post_file
from tests.imports.files import excel
from webapp.diwi_format import excel as fmt


def codes(response) -> list[str]:
    assert response.status_code == 400, response.status_code
    return [e["code"] for e in response.get_json()["errors"]]


def zip_with(name: str, megabytes: int) -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w") as member,
    ):
        for _ in range(megabytes):
            member.write(b"\0" * 1024 * 1024)
    return out.getvalue()


def test_zip_bomb_is_refused_before_openpyxl_opens_it(signed_in, count_rows):
    before = count_rows()
    bomb = zip_with("xl/worksheets/sheet1.xml", 200)
    assert len(bomb) < 1024 * 1024
    assert codes(post_file(signed_in(), bomb)) == ["file_too_large"]
    assert codes(post_file(signed_in(), zip_with("xl/sharedStrings.xml", 3))) == ["file_too_large"]
    assert count_rows() == before


def test_hundred_thousand_rows_hit_the_row_limit(signed_in, prefix, count_rows):
    template = openpyxl.load_workbook(fmt.EXCEL_TEMPLATE, read_only=True)
    head = [list(r) for r in template.worksheets[0].iter_rows(max_row=5, values_only=True)]
    head[4] = [v if v in ("Startdatum", "Einddatum") else None for v in head[4]]
    template.close()
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    for row in head:
        sheet.append(row)
    for number in range(100_000):
        sheet.append([None, f"{prefix}-{number}", "x"])
    out = io.BytesIO()
    book.save(out)
    before = count_rows()
    response = post_file(signed_in(), out.getvalue())
    assert codes(response) == ["too_many_rows"]
    assert response.get_json()["errors"][0]["row"] == 10_006
    assert count_rows() == before


def test_formulas_are_never_evaluated(signed_in, prefix):
    """Formulas count with the value Excel cached; a formula without one is an empty cell."""
    body = post_file(signed_in(), excel(prefix, {"Bouw": "=5+5"}), dry_run=True).get_json()
    assert body["errors"] == []
    assert body["result"][0]["houseblocks"] == []


@pytest.mark.parametrize(
    "data",
    [b"{kapot", b"[]", b'{"type": "FeatureCollection"}', b"[" * 100_000, b"\xff\xfe\x00"],
)
def test_malformed_geojson(data, signed_in):
    assert codes(post_file(signed_in(), data, "geojson", name="x.geojson")) == ["io_error"]


def test_unknown_crs_is_a_feature_error(signed_in):
    crs = b'"crs": {"properties": {"name": "EPSG:3857"}}'
    data = b'{"type": "FeatureCollection", ' + crs + b', "features": []}'
    assert codes(post_file(signed_in(), data, "geojson")) == ["feature_error"]


def test_upload_above_the_size_limit_gets_a_dutch_page(signed_in, prefix, app, monkeypatch):
    monkeypatch.setitem(app.config, "DIWI_IMPORT_MAX_BYTES", 1000)
    client = signed_in()
    response = post_file(client, excel(prefix), path="/importeren")
    assert response.status_code == 413
    assert "Het bestand is te groot" in response.get_data(as_text=True)
    assert post_file(client, excel(prefix)).status_code == 413
