"""Deterministic PDOK-shaped registry fixtures for a small block in Apeldoorn (GM0200)."""

import functools
import json
import os
import random
import uuid
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path
from typing import Any

from shapely.geometry import Point
from shapely.geometry import box
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

# URLs inside the fixture data use this base; the server rewrites it to its own base URL.
PLACEHOLDER_BASE = "http://registry.invalid"
OGC_PREFIXES = {
    "bag": "/kadaster/bag/ogc/v2",
    "brk": "/kadaster/brk-kadastrale-kaart/ogc/v1",
    "bgt": "/lv/bgt/ogc/v1",
    "bor": "/bor/ogc/v1",
}
WFS_PREFIXES = {"bag": "/lv/bag/wfs/v2_0", "brk": "/kadaster/kadastralekaart/wfs/v5_0"}
OGC_COLLECTIONS = {
    "bag": ["pand", "verblijfsobject", "adres"],
    "brk": ["perceel"],
    "bgt": ["wegdeel", "waterdeel", "begroeidterreindeel"],
    "bor": ["bomen"],
}
WFS_TYPENAMES = {"bag": ["bag:pand", "bag:verblijfsobject"], "brk": ["kadastralekaart:Perceel"]}
AREA_BBOX = (193700.0, 468700.0, 194300.0, 469300.0)
AKR_CODE = "APD01"
KADASTRALE_GEMEENTE = ("15", "Apeldoorn")
_NAMESPACE = uuid.UUID("6c1f4f0e-4d55-4a8e-9a43-0d1f00c0ffee")
_QUADRANTS = [
    (193700.0, 468700.0),
    (194005.0, 468700.0),
    (193700.0, 469005.0),
    (194005.0, 469005.0),
]
_STREETS = ["Molenstraat", "Loolaan", "Deventerstraat", "Stationsstraat"]
_POSTCODES = ["7311", "7312", "7313", "7314"]
_SPLIT, _MERGE, _RESHAPE, _RETIRE, _NEW_BUILDING = 3, (7, 8), 12, 25, 30
_V1_DATE, _V2_DATE = "2019-05-14", "2026-11-20"


def feature_uuid(name: str) -> str:
    """A stable UUID for a fixture object (the OGC API feature id)."""
    return str(uuid.uuid5(_NAMESPACE, name))


@dataclass
class Parcel:
    index: int
    sectie: str
    nummer: int
    geometry: BaseGeometry
    begin: str = "2004-03-01T00:00:00"

    @property
    def lokaal_id(self) -> str:
        return f"{1500 + ord(self.sectie) - ord('K')}{self.nummer:06d}0000"

    @property
    def aanduiding(self) -> str:
        return f"{AKR_CODE} {self.sectie} {self.nummer}"

    def describe(self) -> dict:
        return {
            "lokaal_id": self.lokaal_id,
            "aanduiding": self.aanduiding,
            "sectie": self.sectie,
            "perceelnummer": self.nummer,
            "feature_id": feature_uuid(f"perceel-{self.lokaal_id}"),
            "bounds": [round(v, 3) for v in self.geometry.bounds],
        }


@dataclass
class Building:
    key: str
    geometry: BaseGeometry
    status: str
    bouwjaar: int
    units: list[dict] = field(default_factory=list)
    documentdatum: str = _V1_DATE

    @property
    def identificatie(self) -> str:
        return f"0200100000{int(uuid.uuid5(_NAMESPACE, self.key)) % 10**6:06d}"

    @property
    def feature_id(self) -> str:
        return feature_uuid(f"pand-{self.key}")


def _base_parcels() -> list[Parcel]:
    """40 parcels: four quadrants of 2 rows x 5 columns around the crossing at (194000, 469000)."""
    parcels = []
    for quadrant, (x0, y0) in enumerate(_QUADRANTS):
        for row in range(2):
            for col in range(5):
                index = quadrant * 10 + row * 5 + col
                sectie = "K" if quadrant < 2 else "L"
                nummer = (1201 if sectie == "K" else 2301) + index % 20
                geometry = box(
                    x0 + col * 59, y0 + row * 147.5, x0 + (col + 1) * 59, y0 + (row + 1) * 147.5
                )
                parcels.append(Parcel(index, sectie, nummer, geometry))
    return parcels


def _parcels_v2(parcels: list[Parcel]) -> tuple[list[Parcel], dict]:
    """Apply the version 2 changes: split, merge, reshape, retire."""
    by_index = {p.index: p for p in parcels}
    split, (m1, m2) = by_index[_SPLIT], (by_index[_MERGE[0]], by_index[_MERGE[1]])
    minx, miny, maxx, maxy = split.geometry.bounds
    mid = (minx + maxx) / 2
    halves = [
        Parcel(100, "K", 1221, box(minx, miny, mid, maxy), f"{_V2_DATE}T09:00:00"),
        Parcel(101, "K", 1222, box(mid, miny, maxx, maxy), f"{_V2_DATE}T09:00:00"),
    ]
    merged = Parcel(102, "K", 1223, m1.geometry.union(m2.geometry).envelope, f"{_V2_DATE}T09:00:00")
    old = by_index[_RESHAPE]
    minx, miny, maxx, maxy = old.geometry.bounds
    reshaped = Parcel(
        old.index, old.sectie, old.nummer, box(minx, miny, maxx - 6, maxy), f"{_V2_DATE}T09:00:00"
    )
    gone = {_SPLIT, *_MERGE, _RESHAPE, _RETIRE}
    result = [p for p in parcels if p.index not in gone] + halves + [merged, reshaped]
    result.sort(key=lambda p: (p.sectie, p.nummer))
    changes = {
        "split": {"old": split.describe(), "new": [h.describe() for h in halves]},
        "merged": {"old": [m1.describe(), m2.describe()], "new": merged.describe()},
        "reshaped": {"old": old.describe(), "new": reshaped.describe()},
        "retired": by_index[_RETIRE].describe(),
        "unchanged_example": by_index[0].describe(),
    }
    return result, changes


_SPECIAL_BUILDINGS: dict[int, tuple[str, int, str, str, list[str]]] = {
    # parcel index: (pand status, bouwjaar, vbo status, gebruiksdoel per unit..., units)
    14: ("Bouw gestart", 2026, "Verblijfsobject gevormd", "", ["woonfunctie"] * 6),
    15: ("Bouw gestart", 2026, "Verblijfsobject gevormd", "", ["woonfunctie"]),
    16: (
        "Pand in gebruik (niet ingemeten)",
        2025,
        "Verblijfsobject in gebruik (niet ingemeten)",
        "",
        ["woonfunctie"] * 2,
    ),
    20: ("Pand in gebruik", 1988, "Verblijfsobject in gebruik", "", ["kantoorfunctie"]),
    21: (
        "Pand in gebruik",
        1962,
        "Verblijfsobject in gebruik",
        "",
        ["kantoorfunctie,woonfunctie", "woonfunctie", "woonfunctie"],
    ),
    33: ("Pand in gebruik", 1974, "Verblijfsobject in gebruik", "", ["woonfunctie"] * 12),
    34: ("Pand in gebruik", 1975, "Verblijfsobject in gebruik", "", ["woonfunctie"] * 12),
}
_V2_STATUS = {
    15: ("Pand in gebruik (niet ingemeten)", "Verblijfsobject in gebruik (niet ingemeten)"),
    16: ("Pand in gebruik", "Verblijfsobject in gebruik"),
}


def _building_for(parcel: Parcel, rng: random.Random) -> Building:
    """The v1 building on one of the original parcels."""
    minx, miny, maxx, _ = parcel.geometry.bounds
    pand_status, bouwjaar, vbo_status, _, uses = _SPECIAL_BUILDINGS.get(
        parcel.index,
        (
            "Pand in gebruik",
            rng.randint(1925, 1995),
            "Verblijfsobject in gebruik",
            "",
            ["woonfunctie"],
        ),
    )
    depth = 40 if len(uses) > 3 else 14
    geometry = box(minx + 8, miny + 10, maxx - 8, miny + 10 + depth)
    building = Building(f"p{parcel.index}", geometry, pand_status, bouwjaar)
    for unit, use in enumerate(uses):
        building.units.append({"key": f"p{parcel.index}-{unit}", "status": vbo_status, "use": use})
    return building


def _buildings(version: int, parcels: list[Parcel]) -> list[Building]:
    """Buildings (with their units) for a version; parcels are the v1 parcels."""
    rng = random.Random(200)
    buildings = []
    for parcel in parcels:
        if parcel.index in (_RETIRE, _NEW_BUILDING):
            continue
        building = _building_for(parcel, rng)
        if version == 2 and parcel.index in _V2_STATUS:
            building.status, vbo_status = _V2_STATUS[parcel.index]
            building.documentdatum = _V2_DATE
            for unit in building.units:
                unit["status"] = vbo_status
        buildings.append(building)
    if version == 2:
        minx, miny, maxx, _ = parcels[_NEW_BUILDING].geometry.bounds
        new = Building("new", box(minx + 8, miny + 10, maxx - 8, miny + 50), "Bouw gestart", 2026)
        new.documentdatum = _V2_DATE
        new.units = [
            {"key": f"new-{i}", "status": "Verblijfsobject gevormd", "use": "woonfunctie"}
            for i in range(4)
        ]
        buildings.append(new)
    return buildings


def _unit_records(buildings: list[Building]) -> list[dict]:
    """Flatten the units with address, position and identifiers."""
    records, numbers = [], {}
    for building in buildings:
        minx, miny, maxx, maxy = building.geometry.bounds
        quadrant = next(
            q
            for q, (x0, y0) in enumerate(_QUADRANTS)
            if x0 <= minx < x0 + 300 and y0 <= miny < y0 + 300
        )
        numbers[quadrant] = numbers.get(quadrant, -1) + 2
        count = len(building.units)
        for i, unit in enumerate(building.units):
            serial = int(uuid.uuid5(_NAMESPACE, unit["key"])) % 10**6
            records.append(
                {
                    **unit,
                    "building": building,
                    "identificatie": f"0200010000{serial:06d}",
                    "nummeraanduiding": f"0200200000{serial:06d}",
                    "point": Point(minx + (i + 0.5) * (maxx - minx) / count, (miny + maxy) / 2),
                    "street": _STREETS[quadrant],
                    "huisnummer": numbers[quadrant],
                    "toevoeging": str(i + 1) if count > 3 else None,
                    "huisletter": chr(ord("A") + i) if 1 < count <= 3 else None,
                    "postcode": _POSTCODES[quadrant]
                    + chr(65 + building.bouwjaar % 20)
                    + chr(65 + serial % 20),
                    "oppervlakte": 450 if "kantoor" in unit["use"] else (72 if count > 3 else 118),
                }
            )
    return records


def _geometry(geom: BaseGeometry) -> dict:
    """GeoJSON geometry with coordinates rounded to millimetres."""
    return json.loads(json.dumps(mapping(geom)), parse_float=lambda v: round(float(v), 3))


def _feature(fid: str, geom: BaseGeometry, properties: dict) -> dict:
    return {"type": "Feature", "id": fid, "geometry": _geometry(geom), "properties": properties}


def _perceel_properties(parcel: Parcel) -> dict:
    centroid = parcel.geometry.centroid
    return {
        "identificatie_namespace": "NL.IMKAD.KadastraalObject",
        "identificatie_lokaal_id": parcel.lokaal_id,
        "begin_geldigheid": parcel.begin,
        "tijdstip_registratie": parcel.begin,
        "volgnummer": 0,
        "status_historie_code": "G",
        "status_historie_waarde": "Geldig",
        "kadastrale_gemeente_code": KADASTRALE_GEMEENTE[0],
        "kadastrale_gemeente_waarde": KADASTRALE_GEMEENTE[1],
        "sectie": parcel.sectie,
        "akr_kadastrale_gemeente_code_code": "200",
        "akr_kadastrale_gemeente_code_waarde": AKR_CODE,
        "kadastrale_grootte_waarde": round(parcel.geometry.area),
        "soort_grootte_code": "1",
        "soort_grootte_waarde": "Vastgesteld",
        "perceelnummer": parcel.nummer,
        "perceelnummer_rotatie": 0.0,
        "perceelnummer_verschuiving_delta_x": 0.0,
        "perceelnummer_verschuiving_delta_y": 0.0,
        "perceelnummer_plaatscoordinaat_x": round(centroid.x, 3),
        "perceelnummer_plaatscoordinaat_y": round(centroid.y, 3),
    }


def _bag_url(kind: str, fid: str) -> str:
    return f"{PLACEHOLDER_BASE}{OGC_PREFIXES['bag']}/collections/{kind}/items/{fid}"


def _pand_feature(building: Building, units: list[dict]) -> dict:
    uses = sorted({use for u in units for use in u["use"].split(",")})
    areas = [u["oppervlakte"] for u in units] or [0]
    return _feature(
        building.feature_id,
        building.geometry,
        {
            "identificatie": building.identificatie,
            "rdf_seealso": f"http://bag.basisregistraties.overheid.nl/bag/id/pand/{building.identificatie}",
            "bouwjaar": building.bouwjaar,
            "status": building.status,
            "gebruiksdoel": ",".join(uses),
            "oppervlakte_min": min(areas),
            "oppervlakte_max": max(areas),
            "aantal_verblijfsobjecten": len(units),
            "documentdatum": building.documentdatum,
            "documentnummer": f"APD-{building.documentdatum[:4]}-{building.identificatie[-5:]}",
            "geconstateerd": False,
            "verblijfsobject.href": [
                _bag_url("verblijfsobject", feature_uuid(f"vbo-{u['key']}")) for u in units
            ],
        },
    )


def _address_properties(unit: dict) -> dict:
    return {
        "openbare_ruimte_naam": unit["street"],
        "huisnummer": unit["huisnummer"],
        "huisletter": unit["huisletter"],
        "toevoeging": unit["toevoeging"],
        "postcode": unit["postcode"],
        "woonplaats_naam": "Apeldoorn",
    }


def _vbo_feature(unit: dict) -> dict:
    building: Building = unit["building"]
    return _feature(
        feature_uuid(f"vbo-{unit['key']}"),
        unit["point"],
        {
            "identificatie": unit["identificatie"],
            "rdf_seealso": f"http://bag.basisregistraties.overheid.nl/bag/id/verblijfsobject/{unit['identificatie']}",
            "status": unit["status"],
            "gebruiksdoel": unit["use"],
            "oppervlakte": unit["oppervlakte"],
            "hoofdadres_identificatie": unit["nummeraanduiding"],
            **_address_properties(unit),
            "bouwjaar": building.bouwjaar,
            "documentdatum": building.documentdatum,
            "documentnummer": f"APD-{building.documentdatum[:4]}-{unit['identificatie'][-5:]}",
            "geconstateerd": False,
            "pand.href": [_bag_url("pand", building.feature_id)],
        },
    )


def _adres_feature(unit: dict) -> dict:
    return _feature(
        feature_uuid(f"adres-{unit['key']}"),
        unit["point"],
        {
            "identificatie": unit["nummeraanduiding"],
            **_address_properties(unit),
            "adresseerbaar_object_identificatie": unit["identificatie"],
            "adresseerbaar_object_type": "Verblijfsobject",
            "verblijfsobject.href": [
                _bag_url("verblijfsobject", feature_uuid(f"vbo-{unit['key']}"))
            ],
        },
    )


# The property PDOK's BGT OGC API names each collection's class by.
BGT_CLASS_PROPERTY = {
    "wegdeel": "functie",
    "waterdeel": "type",
    "begroeidterreindeel": "fysiek_voorkomen",
}


def _bgt_features() -> dict[str, list[dict]]:
    """Streets, water and green for the block (identical in both versions)."""
    objects = {
        "wegdeel": [
            (box(193700, 468995, 194300, 469005), "rijbaan lokale weg", "gesloten verharding"),
            (box(193995, 468700, 194005, 468995), "rijbaan lokale weg", "gesloten verharding"),
            (box(193995, 469005, 194005, 469300), "fietspad", "open verharding"),
        ],
        "waterdeel": [(box(193700, 468680, 194300, 468690), "waterloop", "")],
        "begroeidterreindeel": [
            (box(193680, 468700, 193695, 469300), "grasland overig", ""),
            (box(193700, 468690, 194300, 468698), "groenvoorziening", ""),
        ],
    }
    result = {}
    for collection, items in objects.items():
        result[collection] = []
        for i, (geom, kind, surface) in enumerate(items):
            key = f"{collection}-{i}"
            props = {
                "lokaal_id": f"G0200.{uuid.uuid5(_NAMESPACE, key).hex}",
                "namespace": "NL.IMGeo",
                "bronhouder": "G0200",
                "status": "bestaand",
                BGT_CLASS_PROPERTY[collection]: kind,
                "fysiek_voorkomen" if collection == "wegdeel" else "plus_type": surface or None,
                "creation_date": "2015-06-01",
                "tijdstip_registratie": "2015-06-01T10:00:00",
                "in_onderzoek": False,
                "relatieve_hoogteligging": 0,
            }
            result[collection].append(_feature(feature_uuid(key), geom, props))
    return result


def _tree_features() -> list[dict]:
    """1050 municipal trees (BOR) along the streets: enough to need two pages of 1000."""
    rng = random.Random(7)
    species = [
        "Tilia cordata",
        "Quercus robur",
        "Platanus x hispanica",
        "Acer campestre",
        "Betula pendula",
    ]
    lines = [(x, None) for x in (193697.0, 193992.0, 194008.0, 194303.0)]
    lines += [(None, y) for y in (468699.0, 468992.0, 469008.0, 469303.0)]
    features = []
    for n in range(1050):
        fixed_x, fixed_y = lines[n % 8]
        along = (
            193700 + (n // 8) * 600 / 132 if fixed_y is not None else 468700 + (n // 8) * 600 / 132
        )
        point = Point(fixed_x, along) if fixed_x is not None else Point(along, fixed_y)
        boom_id = f"BOOM-{n + 1:06d}"
        props = {
            "boom_id": boom_id,
            "boomsoort": species[n % len(species)],
            "plantjaar": rng.randint(1950, 2020),
            "hoogteklasse": rng.choice(["6-9 m", "9-12 m", "12-15 m"]),
            "beheerder": "Gemeente Apeldoorn",
        }
        features.append(_feature(feature_uuid(boom_id), point, props))
    return features


@functools.lru_cache(maxsize=2)  # pure and read-only: computed once per version
def _collections(version: int) -> tuple[dict[str, dict[str, list[dict]]], dict]:
    """All OGC API collections per source for a version, plus the change summary."""
    parcels = _base_parcels()
    buildings = _buildings(version, parcels)
    changes: dict = {}
    if version == 2:
        parcels, changes = _parcels_v2(parcels)
    units = _unit_records(buildings)
    by_building: dict[str, list[dict]] = {}
    for unit in units:
        by_building.setdefault(unit["building"].key, []).append(unit)
    data = {
        "brk": {
            "perceel": [
                _feature(feature_uuid(f"perceel-{p.lokaal_id}"), p.geometry, _perceel_properties(p))
                for p in parcels
            ]
        },
        "bag": {
            "pand": [_pand_feature(b, by_building.get(b.key, [])) for b in buildings],
            "verblijfsobject": [_vbo_feature(u) for u in units],
            "adres": [_adres_feature(u) for u in units],
        },
        "bgt": _bgt_features(),
        "bor": {"bomen": _tree_features()},
    }
    return data, {"parcels": changes, "units": units, "buildings": buildings}


def _wfs_perceel(feature: dict) -> dict:
    p = feature["properties"]
    props = {
        "identificatieNamespace": p["identificatie_namespace"],
        "identificatieLokaalID": p["identificatie_lokaal_id"],
        "beginGeldigheid": p["begin_geldigheid"],
        "tijdstipRegistratie": p["tijdstip_registratie"],
        "volgnummer": p["volgnummer"],
        "statusHistorieCode": p["status_historie_code"],
        "statusHistorieWaarde": p["status_historie_waarde"],
        "kadastraleGemeenteCode": p["kadastrale_gemeente_code"],
        "kadastraleGemeenteWaarde": p["kadastrale_gemeente_waarde"],
        "sectie": p["sectie"],
        "AKRKadastraleGemeenteCodeCode": p["akr_kadastrale_gemeente_code_code"],
        "AKRKadastraleGemeenteCodeWaarde": p["akr_kadastrale_gemeente_code_waarde"],
        "kadastraleGrootteWaarde": p["kadastrale_grootte_waarde"],
        "soortGrootteCode": p["soort_grootte_code"],
        "soortGrootteWaarde": p["soort_grootte_waarde"],
        "perceelnummer": p["perceelnummer"],
        "perceelnummerRotatie": p["perceelnummer_rotatie"],
        "perceelnummerPlaatscoordinaatX": p["perceelnummer_plaatscoordinaat_x"],
        "perceelnummerPlaatscoordinaatY": p["perceelnummer_plaatscoordinaat_y"],
    }
    return {"type": "Feature", "geometry": feature["geometry"], "properties": props}


def _wfs_layers(data: dict, units: list[dict]) -> dict[str, list[dict]]:
    """The MapServer WFS layers (PDOK WFS attribute names; pandidentificatie, not pand.href)."""
    pand_keys = [
        "identificatie",
        "bouwjaar",
        "status",
        "gebruiksdoel",
        "oppervlakte_min",
        "oppervlakte_max",
    ]
    pand_keys += ["aantal_verblijfsobjecten", "rdf_seealso"]
    panden = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {k: f["properties"][k] for k in pand_keys},
        }
        for f in data["bag"]["pand"]
    ]
    vbos = []
    for unit, feature in zip(units, data["bag"]["verblijfsobject"], strict=True):
        p = feature["properties"]
        props = {k: p[k] for k in ("identificatie", "oppervlakte", "status", "gebruiksdoel")}
        props |= {
            "openbare_ruimte": p["openbare_ruimte_naam"],
            "huisnummer": p["huisnummer"],
            "huisletter": p["huisletter"],
            "toevoeging": p["toevoeging"],
            "postcode": p["postcode"],
            "woonplaats": p["woonplaats_naam"],
            "bouwjaar": p["bouwjaar"],
            "pandidentificatie": unit["building"].identificatie,
            "pandstatus": unit["building"].status,
            "rdf_seealso": p["rdf_seealso"],
        }
        vbos.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
    perceel = [_wfs_perceel(f) for f in data["brk"]["perceel"]]
    return {"bag_pand": panden, "bag_verblijfsobject": vbos, "kadastralekaart_perceel": perceel}


def _write_json(path: Path, content: Any) -> None:
    """Write atomically, so a running server never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)


def _building_summary(version: int) -> dict:
    """Ids of the buildings and units whose state differs between the versions."""
    v1 = _collections(1)[1]
    v2 = _collections(2)[1]
    changed = []
    for old, new in zip(v1["units"], v2["units"], strict=False):
        if old["status"] != new["status"]:
            building = new["building"]
            changed.append(
                {
                    "verblijfsobject": new["identificatie"],
                    "pand": building.identificatie,
                    "from": old["status"],
                    "to": new["status"],
                }
            )
    new_building = v2["buildings"][-1]
    new_units = [u["identificatie"] for u in v2["units"] if u["building"] is new_building]
    construction = [b.identificatie for b in v1["buildings"] if b.status == "Bouw gestart"]
    return {
        "status_changes": changed,
        "new_pand": {
            "identificatie": new_building.identificatie,
            "feature_id": new_building.feature_id,
        },
        "new_verblijfsobjecten": new_units,
        "construction_started_v1": construction,
        "non_residential": [
            u["identificatie"] for u in v1["units"] if "woonfunctie" not in u["use"]
        ],
        "mixed_use": [u["identificatie"] for u in v1["units"] if "," in u["use"]],
    }


def _counts(version: int) -> dict[str, int]:
    data = _collections(version)[0]
    return {name: len(features) for source in data.values() for name, features in source.items()}


def write_fixtures(directory: Path, version: int) -> dict:
    """Write the OGC API and WFS fixture files for version 1 or 2; return a summary of the ids."""
    if version not in (1, 2):
        raise ValueError("version must be 1 or 2")
    directory = Path(directory)
    data, extra = _collections(version)
    for source, collections in data.items():
        for name, features in collections.items():
            _write_json(
                directory / "ogc" / source / f"{name}.geojson",
                {"type": "FeatureCollection", "features": features},
            )
    rd = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::28992"}}
    for name, features in _wfs_layers(data, extra["units"]).items():
        _write_json(
            directory / "wfs" / f"{name}.geojson",
            {"type": "FeatureCollection", "crs": rd, "features": features},
        )
    summary = {
        "version": version,
        "gemeente": "GM0200",
        "bbox": list(AREA_BBOX),
        "placeholder_base": PLACEHOLDER_BASE,
        "counts": _counts(version),
        "counts_by_version": {1: _counts(1), 2: _counts(2)},
        "parcels": _parcels_v2(_base_parcels())[1],
        "buildings": _building_summary(version),
    }
    _write_json(directory / "summary.json", summary)
    return summary
