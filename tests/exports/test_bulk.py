"""Bulk files: GeoParquet and CSV of the visible projects and houseblocks, at a date or all."""

import csv
import io
import json
from datetime import date

import geopandas
import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from shapely import wkt

from tests.exports.conftest import PEILDATUM
from webapp.exports.bulk import DATASETS
from webapp.exports.bulk import columns_doc
from webapp.viewer import set_viewer

pytestmark = pytest.mark.db


def download(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert "attachment" in response.headers["Content-Disposition"]
    return response.data


def visible(owner_url: str, viewer: dict, sql: str) -> list[tuple]:
    with psycopg.connect(owner_url) as conn:
        set_viewer(conn, viewer)
        return conn.execute(sql).fetchall()


def council_viewer(owner_url: str) -> dict:
    with psycopg.connect(owner_url) as conn:
        user = conn.execute(
            "SELECT id::text, municipality_code FROM auth.app_user"
            " WHERE email = 'raad@demo.diwi.nl'"
        ).fetchone()
    return {
        "role": "council",
        "municipality_code": user[1],
        "region_code": None,
        "province_code": None,
        "group_ids": [],
        "user_id": user[0],
    }


def test_projects_geoparquet_reads_back_with_geopandas(sign_in, owner_url) -> None:
    body = download(sign_in("council"), f"/exporteren/bulk/projects.parquet?peildatum={PEILDATUM}")
    frame = geopandas.read_parquet(io.BytesIO(body))
    assert frame.crs.to_epsg() == 28992
    areas = frame.geometry.dropna()
    assert len(areas) > 10 and areas.is_valid.all()
    assert set(areas.geom_type) == {"MultiPolygon"}
    assert list(frame.columns) == [c.name for c in DATASETS[("projects", False)]]
    expected = visible(
        owner_url,
        council_viewer(owner_url),
        f"SELECT id::text, name, net_plan_capacity FROM publication.projects_at('{PEILDATUM}')",
    )
    assert sorted(
        zip(frame["id"], frame["name"], frame["net_plan_capacity"], strict=True)
    ) == sorted(expected)
    assert set(frame["reference_date"]) == {date.fromisoformat(PEILDATUM)}
    assert set(frame["confidentiality_level"]) <= {
        "internal_council",
        "external_regional",
        "external_governmental",
        "public",
    }


def test_projects_geoparquet_schema_with_pyarrow(sign_in) -> None:
    body = download(
        sign_in("user_plus"), f"/exporteren/bulk/projects.parquet?peildatum={PEILDATUM}"
    )
    table = pq.read_table(io.BytesIO(body))
    schema = table.schema
    assert schema.field("start_date").type == pa.date32()
    assert schema.field("plan_types").type == pa.list_(pa.string())
    assert schema.field("recorded_at").type == pa.timestamp("us", tz="UTC")
    assert schema.field("geometry").type == pa.binary()
    geo = json.loads(schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    assert geo["columns"]["geometry"]["crs"]["id"] == {"authority": "EPSG", "code": 28992}
    assert schema.field("net_plan_capacity").metadata[b"description"]
    plan_types = [t for t in table.column("plan_types").to_pylist() if t]
    assert plan_types and all(isinstance(t, list) for t in plan_types)


def test_history_has_every_version_with_both_periods(sign_in, owner_url) -> None:
    client = sign_in("council")
    at_date = geopandas.read_parquet(
        io.BytesIO(download(client, f"/exporteren/bulk/projects.parquet?peildatum={PEILDATUM}"))
    )
    history = geopandas.read_parquet(
        io.BytesIO(download(client, "/exporteren/bulk/projects.parquet?history=true"))
    )
    assert history.crs.to_epsg() == 28992
    every_project = visible(
        owner_url,
        council_viewer(owner_url),
        "SELECT DISTINCT id::text FROM publication.project_history()",
    )  # every project the council may see, also those not visible at the reference date
    assert set(history["id"]) == {row[0] for row in every_project}
    assert set(at_date["id"]) <= set(history["id"]) and len(history) > len(at_date)
    assert history["version_id"].is_unique
    assert history["superseded_at"].notna().any(), "the demo recorded later edits"
    assert (history["valid_from"] <= history["valid_to"]).all()
    current = history[history["superseded_at"].isna()]
    day = date.fromisoformat(PEILDATUM)
    for row in at_date.itertuples():
        versions = current[current["id"] == row.id].sort_values("valid_from")
        if row.start_date <= day < row.end_date:
            holding = versions[(versions["valid_from"] <= day) & (versions["valid_to"] > day)]
            assert list(holding["phase"]) == [row.phase], row.name
            assert list(holding["name"]) == [row.name]


def test_houseblocks_at_date_and_history(sign_in, owner_url) -> None:
    client = sign_in("council")
    blocks = geopandas.read_parquet(
        io.BytesIO(download(client, f"/exporteren/bulk/houseblocks.parquet?peildatum={PEILDATUM}"))
    )
    expected = visible(
        owner_url,
        council_viewer(owner_url),
        f"SELECT id::text, amount FROM publication.houseblocks_at('{PEILDATUM}')",
    )
    assert sorted(zip(blocks["id"], blocks["amount"], strict=True)) == sorted(expected)
    assert blocks.crs.to_epsg() == 28992
    history = geopandas.read_parquet(
        io.BytesIO(download(client, "/exporteren/bulk/houseblocks.parquet?history=true"))
    )
    every_version = visible(
        owner_url,
        council_viewer(owner_url),
        "SELECT DISTINCT id::text FROM publication.houseblock_history()",
    )  # every houseblock the council may see, also those not valid at the reference date
    assert set(history["id"]) == {row[0] for row in every_version}
    assert set(blocks["id"]) <= set(history["id"]) and len(history) >= len(blocks)
    assert list(history.columns) == [c.name for c in DATASETS[("houseblocks", True)]]


@pytest.mark.parametrize("dataset", ["projects", "houseblocks"])
@pytest.mark.parametrize("query", [f"peildatum={PEILDATUM}", "history=true"])
def test_csv_is_rfc4180_utf8_with_wkt(sign_in, dataset, query) -> None:
    client = sign_in("user_plus")
    body = download(client, f"/exporteren/bulk/{dataset}.csv?{query}")
    parquet = pq.read_table(
        io.BytesIO(download(client, f"/exporteren/bulk/{dataset}.parquet?{query}"))
    )
    text = body.decode("utf-8")
    assert "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    history = query == "history=true"
    assert list(rows[0]) == [c.name for c in DATASETS[(dataset, history)]]
    assert len(rows) == parquet.num_rows
    assert sorted(r["id"] for r in rows) == sorted(parquet.column("id").to_pylist())
    shapes = [wkt.loads(r["geometry"]) for r in rows if r["geometry"]]
    assert shapes and all(s.geom_type == "MultiPolygon" and s.is_valid for s in shapes)
    custom = [json.loads(r["custom_values"]) for r in rows if r["custom_values"]]
    assert all(isinstance(c, dict) for c in custom)
    if dataset == "projects":
        assert any(json.loads(r["plan_types"]) for r in rows)


def test_columns_are_documented() -> None:
    doc = columns_doc()
    for columns in DATASETS.values():
        for column in columns:
            assert f"| `{column.name}` |" in doc
