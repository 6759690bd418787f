"""Two small test municipalities for the public side, reports and the density raster.

Teststad (GM0997, boundary 180000-190000 x 460000-470000): four PUBLIC projects, two projects
internal to the council (counted in public totals, never shown) and one private project (never
counted). Kleindorp (GM0996): one public and one confidential project, fewer than k = 3 together, so
its public numbers are suppressed.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field

import psycopg
import pytest

from tests.sql import builders

TOWN = "GM0997"
VILLAGE = "GM0996"
REGION = "WR_TESTREGIO"
PUBLIC = {  # name: (phase, dwellings built, demolished, lower-left corner)
    "Openbaar Aalhof": ("design", 40, 0, (181050, 461050)),
    "Openbaar Beekdal": ("design", 24, 4, (183020, 462010)),
    "Openbaar Cingel": ("realisation", 60, 0, (185500, 465500)),
    "Openbaar Duinzicht": ("concept", 12, 0, (187030, 467030)),
}
HIDDEN = {  # confidential (council): counted in the public totals, never named
    "Geheim Raadsplan Een": ("preparation", 30, 0, (182040, 466040)),
    "Geheim Raadsplan Twee": ("preparation", 18, 0, (188040, 461040)),
}
PRIVATE = {"Prive Plan Drie": ("design", 100, 0, (184040, 468040))}
VILLAGE_PROJECTS = {
    "Openbaar Dorpshart": (7, "design", 8, (191000, 471000)),
    "Geheim Dorpsrand": (4, "design", 6, (192000, 472000)),
}
SIZE = 400


@dataclass
class Town:
    """The committed test data: project ids by name and the group owning them."""

    ids: dict[str, str] = field(default_factory=dict)
    group_id: str = ""

    @property
    def public_names(self) -> list[str]:
        return [*PUBLIC, "Openbaar Dorpshart"]

    @property
    def secret_names(self) -> list[str]:
        return [*HIDDEN, *PRIVATE, "Geheim Dorpsrand"]


def boundary(conn: psycopg.Connection, code: str, x: int, y: int, size: int) -> None:
    conn.execute(
        "UPDATE ref.municipality SET name = %s, "
        "boundary = ST_Multi(ST_MakeEnvelope(%s, %s, %s, %s, 28992)) WHERE code = %s",
        ("Teststad" if code == TOWN else "Kleindorp", x, y, x + size, y + size, code),
    )


def add(conn: psycopg.Connection, code: str, group: str, name: str, level: int, spec) -> str:
    phase, built, demolished, (x, y) = spec
    project_id = builders.project(
        conn,
        code,
        group,
        name=name,
        phase=phase,
        confidentiality_level=level,
        plan_area=builders.square(x, y, SIZE),
    )
    builders.houseblock(conn, project_id, name="Bouw", amount=built)
    if demolished:
        builders.houseblock(
            conn, project_id, name="Sloop", mutation_kind="demolition", amount=demolished
        )
    return project_id


def build(owner_url: str) -> Town:
    town = Town()
    with psycopg.connect(owner_url) as conn:
        for code, (x, y) in ((TOWN, (180000, 460000)), (VILLAGE, (190000, 470000))):
            builders.municipality(conn, code, region=REGION)
            boundary(conn, code, x, y, 10000)
        group = builders.user_group(conn, TOWN, "Team Openbaar")
        town.group_id = group
        village_group = builders.user_group(conn, VILLAGE, "Team Dorp")
        for names, level in ((PUBLIC, 7), (HIDDEN, 4), (PRIVATE, 1)):
            for name, spec in names.items():
                town.ids[name] = add(conn, TOWN, group, name, level, spec)
        for name, (level, phase, built, corner) in VILLAGE_PROJECTS.items():
            spec = (phase, built, 0, corner)
            town.ids[name] = add(conn, VILLAGE, village_group, name, level, spec)
    return town


def remove(owner_url: str, town: Town) -> None:
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "DELETE FROM plan.project WHERE id = ANY (%s::uuid[])", (list(town.ids.values()),)
        )
        conn.execute("SELECT publication.rebuild_cache()")


_BUILT: dict[str, Town] = {}


@pytest.fixture(scope="session")
def public_town(owner_url: str) -> Iterator[Town]:
    """The committed test municipalities, built once per database (tests/public and tests/reports
    both use this session fixture), removed after the session."""
    town = _BUILT.get(owner_url)
    if town is not None:
        yield town
        return
    town = _BUILT[owner_url] = build(owner_url)
    yield town
    remove(owner_url, town)
    _BUILT.pop(owner_url, None)
