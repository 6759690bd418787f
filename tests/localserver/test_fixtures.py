"""The generated registry fixtures are deterministic and consistent (ids, statuses, nesting)."""

import json
import re
from pathlib import Path

from shapely.geometry import shape

from ingest.localserver.fixtures import write_fixtures


def features(directory: Path, source: str, collection: str) -> list[dict]:
    return json.loads((directory / "ogc" / source / f"{collection}.geojson").read_text())[
        "features"
    ]


def test_fixtures_are_deterministic(tmp_path: Path) -> None:
    first = write_fixtures(tmp_path / "a", 1)
    second = write_fixtures(tmp_path / "b", 1)

    assert first == second
    for name in (
        "ogc/brk/perceel.geojson",
        "ogc/bag/verblijfsobject.geojson",
        "wfs/bag_pand.geojson",
    ):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_identifiers_have_registry_formats(tmp_path: Path) -> None:
    write_fixtures(tmp_path, 1)

    parcels = [f["properties"] for f in features(tmp_path, "brk", "perceel")]
    assert all(re.fullmatch(r"\d{14}", p["identificatie_lokaal_id"]) for p in parcels)
    assert len({(p["sectie"], p["perceelnummer"]) for p in parcels}) == 40
    assert {p["akr_kadastrale_gemeente_code_waarde"] for p in parcels} == {"APD01"}
    for collection, prefix in (
        ("pand", "020010"),
        ("verblijfsobject", "020001"),
        ("adres", "020020"),
    ):
        ids = [f["properties"]["identificatie"] for f in features(tmp_path, "bag", collection)]
        assert all(re.fullmatch(prefix + r"\d{10}", i) for i in ids)
        assert len(ids) == len(set(ids))
    bgt = features(tmp_path, "bgt", "wegdeel")[0]["properties"]
    assert re.fullmatch(r"G0200\.[0-9a-f]{32}", bgt["lokaal_id"]) and bgt["status"] == "bestaand"


def test_units_lie_in_their_building_and_buildings_in_a_parcel(tmp_path: Path) -> None:
    write_fixtures(tmp_path, 1)
    parcels = [shape(f["geometry"]) for f in features(tmp_path, "brk", "perceel")]
    panden = {f["id"]: f for f in features(tmp_path, "bag", "pand")}

    for vbo in features(tmp_path, "bag", "verblijfsobject"):
        [href] = vbo["properties"]["pand.href"]
        assert shape(panden[href.rsplit("/", 1)[1]]["geometry"]).contains(shape(vbo["geometry"]))
    for pand in panden.values():
        assert any(parcel.contains(shape(pand["geometry"])) for parcel in parcels)


def test_statuses_and_uses_are_mixed(tmp_path: Path) -> None:
    summary = write_fixtures(tmp_path, 1)
    vbos = [f["properties"] for f in features(tmp_path, "bag", "verblijfsobject")]

    assert {v["status"] for v in vbos} == {
        "Verblijfsobject gevormd",
        "Verblijfsobject in gebruik (niet ingemeten)",
        "Verblijfsobject in gebruik",
    }
    assert {"woonfunctie", "kantoorfunctie", "kantoorfunctie,woonfunctie"} == {
        v["gebruiksdoel"] for v in vbos
    }
    panden = {
        f["properties"]["identificatie"]: f["properties"] for f in features(tmp_path, "bag", "pand")
    }
    assert all(
        panden[i]["status"] == "Bouw gestart"
        for i in summary["buildings"]["construction_started_v1"]
    )


def test_version_2_summary_matches_the_files(tmp_path: Path) -> None:
    summary = write_fixtures(tmp_path, 2)
    parcels = {
        f["properties"]["identificatie_lokaal_id"]: f for f in features(tmp_path, "brk", "perceel")
    }
    vbos = {
        f["properties"]["identificatie"]: f["properties"]
        for f in features(tmp_path, "bag", "verblijfsobject")
    }

    assert summary["counts"] == summary["counts_by_version"][2]
    assert len(parcels) == summary["counts"]["perceel"]
    merged = summary["parcels"]["merged"]
    assert shape(parcels[merged["new"]["lokaal_id"]]["geometry"]).area == 2 * 59 * 147.5
    for change in summary["buildings"]["status_changes"]:
        assert vbos[change["verblijfsobject"]]["status"] == change["to"]
    assert all(
        vbos[i]["status"] == "Verblijfsobject gevormd"
        for i in summary["buildings"]["new_verblijfsobjecten"]
    )
