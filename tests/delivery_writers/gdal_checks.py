"""GDAL-level checks of a delivered File Geodatabase against the province's template (reusable)."""

from __future__ import annotations

import re
import subprocess
import tempfile
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

import pyogrio

TEMPLATE = Path(__file__).resolve().parents[2] / "plugins/processes/assets/Gelderland.gdb.zip"
WRITTEN_LAYERS = ("Planregistratie", "DetailPlanning")
FIELD_LINE = re.compile(r"^(?P<name>[^\s:]+): (?P<type>\S+) \((?P<width>\d+)\.\d+\)(?P<rest>.*)$")


@dataclass(frozen=True)
class GdbField:
    """A field as Debian's ogrinfo reports it."""

    name: str
    type: str
    width: int
    not_null: bool
    alias: str | None
    domain: str | None
    default: str | None


@dataclass
class GdbLayer:
    """A layer as Debian's ogrinfo reports it."""

    name: str
    geometry: str
    feature_count: int
    epsg: int | None
    fields: list[GdbField] = dataclass_field(default_factory=list)


@contextmanager
def opened(gdb_zip: bytes | Path):
    """Yield a GDAL path (/vsizip/...) to the .gdb inside zipped bytes or a zip file."""
    with tempfile.TemporaryDirectory(prefix="gdal-checks-") as tmp:
        path = Path(gdb_zip) if isinstance(gdb_zip, Path) else Path(tmp) / "delivery.gdb.zip"
        if not isinstance(gdb_zip, Path):
            path.write_bytes(gdb_zip)
        with zipfile.ZipFile(path) as archive:
            top = sorted({name.split("/")[0] for name in archive.namelist() if ".gdb" in name})
        assert top, "the zip holds no .gdb directory"
        yield f"/vsizip/{path}/{top[0]}"


def _ogrinfo(*args: str) -> str:
    done = subprocess.run(["ogrinfo", "-ro", *args], capture_output=True, text=True, check=True)
    return done.stdout


def describe(gdal_path: str) -> list[GdbLayer]:
    """Layers (in order) with geometry, EPSG, feature count and fields, from `ogrinfo -so -al`."""
    layers: list[GdbLayer] = []
    for line in _ogrinfo("-so", "-al", gdal_path).splitlines():
        if line.startswith("Layer name: "):
            layers.append(GdbLayer(line.removeprefix("Layer name: "), "", 0, None))
        elif layers:
            _describe_line(layers[-1], line)
    return layers


def _describe_line(layer: GdbLayer, line: str) -> None:
    if line.startswith("Geometry: "):
        layer.geometry = line.removeprefix("Geometry: ")
    elif line.startswith("Feature Count: "):
        layer.feature_count = int(line.removeprefix("Feature Count: "))
    elif line.startswith('    ID["EPSG",'):  # the CRS's own id closes the WKT block
        layer.epsg = int(re.findall(r"\d+", line)[0])
    elif match := FIELD_LINE.match(line):
        rest = match["rest"]
        alias = re.search(r'alternative name="([^"]*)"', rest)
        domain = re.search(r"domain name=(\S+)", rest)
        default = re.search(r"DEFAULT (\S+)", rest)
        layer.fields.append(
            GdbField(
                name=match["name"],
                type=match["type"],
                width=int(match["width"]),
                not_null="NOT NULL" in rest,
                alias=alias[1] if alias else None,
                domain=domain[1].rstrip(",") if domain else None,
                default=default[1] if default else None,
            )
        )


def coded_values(gdal_path: str, domain: str) -> dict[str, str]:
    """The coded values (code -> label) of one field domain, from `ogrinfo -fielddomain`."""
    output = _ogrinfo(gdal_path, "-fielddomain", domain)
    assert "Type: coded" in output, f"{domain} is not a coded-value domain in {gdal_path}"
    block = output.split("Coded values:", 1)[1].split("\n\n", 1)[0]
    pairs = (line.strip().split(": ", 1) for line in block.splitlines() if line.strip())
    return {pair[0]: pair[1] for pair in pairs}


def domains_in_use(layers: list[GdbLayer]) -> set[str]:
    """Names of all domains bound to a field."""
    return {field.domain for layer in layers for field in layer.fields if field.domain}


def rows(gdb_zip: bytes | Path, layer: str) -> list[dict[str, Any]]:
    """All rows of a layer as dicts (read with pyogrio's GDAL)."""
    with opened(gdb_zip) as path:
        meta, _fids, _geometry, data = pyogrio.raw.read(path, layer=layer)
    names = list(meta["fields"])
    return [dict(zip(names, values, strict=True)) for values in zip(*data, strict=True)]


def assert_matches_template(
    gdb_zip: bytes, template_path: Path = TEMPLATE, written: tuple[str, ...] = WRITTEN_LAYERS
) -> None:
    """Same layers, geometry, SRS, fields (type, width, NOT NULL, alias, domain) and domains as the
    template; layers outside `written` keep the template's row count."""
    with opened(template_path) as template, opened(gdb_zip) as output:
        expected, actual = describe(template), describe(output)
        assert [layer.name for layer in actual] == [layer.name for layer in expected]
        for want, got in zip(expected, actual, strict=True):
            assert (got.geometry, got.epsg) == (want.geometry, want.epsg), got.name
            assert got.fields == want.fields, f"fields of {got.name} differ from the template"
            if got.name not in written:
                assert got.feature_count == want.feature_count, f"{got.name} rows changed"
        assert domains_in_use(actual) == domains_in_use(expected)
        for domain in sorted(domains_in_use(expected)):
            assert coded_values(output, domain) == coded_values(template, domain), domain


def assert_values_in_domains(gdb_zip: bytes) -> int:
    """Every non-null value of a domain-bound field is a code of that domain as the output file
    defines it (multi-choice: each comma-separated code); NOT NULL fields are filled. Returns the
    number of coded values checked."""
    checked = 0
    with opened(gdb_zip) as output:
        layers = describe(output)
        codes = {domain: set(coded_values(output, domain)) for domain in domains_in_use(layers)}
    for layer in layers:
        for number, row in enumerate(rows(gdb_zip, layer.name), start=1):
            for field in layer.fields:
                value = row[field.name]
                assert not (field.not_null and value is None), (
                    f"{layer.name} row {number}: {field.name}"
                )
                if field.domain and value is not None:
                    parts = [value] if value in codes[field.domain] else value.split(",")
                    outside = [part for part in parts if part not in codes[field.domain]]
                    assert not outside, f"{layer.name} row {number}: {field.name}={value!r}"
                    checked += 1
    return checked


def assert_detail_rows_linked(gdb_zip: bytes) -> None:
    """Every DetailPlanning.parent_globalid is the GlobalID of a Planregistratie row."""
    projects = {row["GlobalID"] for row in rows(gdb_zip, "Planregistratie")}
    for number, row in enumerate(rows(gdb_zip, "DetailPlanning"), start=1):
        assert row["parent_globalid"] in projects, f"DetailPlanning row {number} has no parent"
