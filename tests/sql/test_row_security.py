"""Row-level security, the second wall (ADR 0009).

Connected as diwi_reader (the feeds' role), a plain SELECT on a plan table or a cache table returns
only rows of projects that the viewer of the transaction may see; the publication functions return
exactly what the first wall alone gives (the owner, who is not subject to the policies, is the
reference); diwi_webapp keeps seeing every row.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.sql import builders

pytestmark = pytest.mark.db

HOME = "GM9741"  # the projects' municipality, in region TREG7 of PV26
NEIGHBOUR = "GM9742"  # same region and province
ELSEWHERE = "GM9743"  # another region and province
HOME_REGION, OTHER_REGION = "TREG7", "TREG8"
HOME_PROVINCE, OTHER_PROVINCE = "PV26", "PV27"
LEVELS = range(1, 8)
OWNERS_SEE_ALL = {"user", "user_plus", "external"}
MIN_LEVEL = {
    "user": 2,
    "user_plus": 2,
    "management": 3,
    "council": 4,
    "region_reader": 5,
    "province_reader": 6,
}


@dataclass(frozen=True)
class Viewer:
    role: str
    municipality: str | None = None
    region: str | None = None
    province: str | None = None
    owner: bool = False

    def sees(self, level: int) -> bool:
        """The access rule as the users know it (see tests/sql/test_access.py)."""
        in_area = (
            (self.role == "region_reader" and self.region == HOME_REGION)
            or (self.role == "province_reader" and self.province == HOME_PROVINCE)
            or (self.role not in ("region_reader", "province_reader") and self.municipality == HOME)
        )
        return (
            level == 7
            or (self.owner and self.role in OWNERS_SEE_ALL)
            or (in_area and self.role in MIN_LEVEL and level >= MIN_LEVEL[self.role])
        )


VIEWERS = {
    "anonymous": Viewer("anonymous"),
    "council": Viewer("council", HOME),
    "council-elsewhere": Viewer("council", NEIGHBOUR),
    "user": Viewer("user", HOME),
    "owner-group-member": Viewer("user", NEIGHBOUR, owner=True),
    "external-owner": Viewer("external", ELSEWHERE, owner=True),
    "admin-owner": Viewer("admin", HOME, owner=True),
    "region_reader": Viewer("region_reader", region=HOME_REGION),
    "region_reader-elsewhere": Viewer("region_reader", region=OTHER_REGION),
    "province_reader": Viewer("province_reader", province=HOME_PROVINCE),
    "province_reader-elsewhere": Viewer("province_reader", province=OTHER_PROVINCE),
}
ALL_VIEWERS = pytest.mark.parametrize("viewer", list(VIEWERS.values()), ids=list(VIEWERS))

PARCEL = {
    "cadastral_municipality_code": "UTR00",
    "section": "B",
    "parcel_number": 1234,
    "parcel_geometry": builders.square(136000, 455000, 200),
}

# table -> (column naming the row's parent, owner's query mapping that column to a project id)
TABLES = {
    "plan.project": ("id", "SELECT id, id FROM plan.project"),
    "plan.project_version": (
        "project_id",
        "SELECT project_id, project_id FROM plan.project_version",
    ),
    "plan.project_owner": ("project_id", "SELECT project_id, project_id FROM plan.project_owner"),
    "plan.project_parcel": (
        "project_version_id",
        "SELECT id, project_id FROM plan.project_version",
    ),
    "plan.milestone": ("project_id", "SELECT project_id, project_id FROM plan.milestone"),
    "plan.milestone_version": ("milestone_id", "SELECT id, project_id FROM plan.milestone"),
    "plan.houseblock": ("project_id", "SELECT project_id, project_id FROM plan.houseblock"),
    "plan.houseblock_version": ("houseblock_id", "SELECT id, project_id FROM plan.houseblock"),
    "plan.houseblock_ownership_line": (
        "houseblock_version_id",
        "SELECT v.id, h.project_id FROM plan.houseblock_version v "
        "JOIN plan.houseblock h ON h.id = v.houseblock_id",
    ),
    "plan.houseblock_breakdown": (
        "houseblock_version_id",
        "SELECT v.id, h.project_id FROM plan.houseblock_version v "
        "JOIN plan.houseblock h ON h.id = v.houseblock_id",
    ),
    "publication.project_cache": ("id", "SELECT id, id FROM publication.project_cache"),
    "publication.houseblock_cache": (
        "project_id",
        "SELECT project_id, project_id FROM publication.houseblock_cache",
    ),
    "publication.access_cache": (
        "project_id",
        "SELECT project_id, project_id FROM publication.access_cache",
    ),
}

# The publication functions, each compared between the reader (both walls) and the owner (only
# the first: the owner is not subject to the policies); as of today through the cache and at
# another reference date computed from the plan tables.
PUBLICATION_READS = {
    "projects": "SELECT id, to_jsonb(t)::text FROM publication.projects t",
    "projects_at": "SELECT id, to_jsonb(t)::text FROM publication.projects_at('2025-06-01') t",
    "houseblocks": "SELECT project_id, to_jsonb(t)::text FROM publication.houseblocks t",
    "houseblocks_at": (
        "SELECT project_id, to_jsonb(t)::text FROM publication.houseblocks_at('2025-06-01') t"
    ),
    "project_access": "SELECT project_id, to_jsonb(t)::text FROM publication.project_access() t",
}


@dataclass(frozen=True)
class World:
    projects: dict[int, str]  # confidentiality level -> project id
    owner_group: str
    other_group: str

    @property
    def ids(self) -> set[str]:
        return set(self.projects.values())

    def expected(self, viewer: Viewer) -> set[str]:
        return {pid for level, pid in self.projects.items() if viewer.sees(level)}


def role_url(owner_url: str, actor: str) -> str:
    return owner_url.replace("diwi_owner", f"diwi_{actor}")


@pytest.fixture(scope="module")
def world(owner_url: str) -> Iterator[World]:
    """One committed project per confidentiality level at HOME, each with a plan area, a parcel,
    milestones and a houseblock with ownership lines and a house-type breakdown."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        builders.municipality(conn, HOME, HOME_PROVINCE, HOME_REGION)
        builders.municipality(conn, NEIGHBOUR, HOME_PROVINCE, HOME_REGION)
        builders.municipality(conn, ELSEWHERE, OTHER_PROVINCE, OTHER_REGION)
        owner_group = builders.user_group(conn, HOME, "Eigenaren")
        other_group = builders.user_group(conn, HOME, "Anderen")
        projects = {}
        for level in LEVELS:
            pid = builders.project(
                conn,
                HOME,
                owner_group,
                name=f"Niveau {level}",
                confidentiality_level=level,
                plan_area=builders.square(140000 + 1000 * level, 455000),
                parcels=[PARCEL],
            )
            builders.houseblock(
                conn,
                pid,
                amount=10,
                ownership_lines=[{"ownership_type": "social_rental", "amount": 8}],
                breakdown={"house_type": {"single_family": 10}},
            )
            projects[level] = pid
        try:
            yield World(projects, owner_group, other_group)
        finally:
            conn.execute("DELETE FROM plan.project WHERE municipality_code = %s", (HOME,))
            conn.execute("DELETE FROM auth.user_group WHERE municipality_code = %s", (HOME,))
            conn.execute(
                "DELETE FROM ref.municipality WHERE code = ANY(%s)", ([HOME, NEIGHBOUR, ELSEWHERE],)
            )
            conn.execute(
                "DELETE FROM ref.region WHERE code = ANY(%s)", ([HOME_REGION, OTHER_REGION],)
            )


def set_viewer(conn: psycopg.Connection, viewer: Viewer, world: World) -> None:
    if viewer.role == "anonymous":
        return  # no plan.set_viewer at all: the default viewer
    groups = [world.owner_group if viewer.owner else world.other_group]
    conn.execute(
        "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[])",
        (viewer.role, viewer.municipality, viewer.region, viewer.province, groups),
    )


@pytest.fixture
def connect(owner_url: str) -> Iterator:
    """Open a connection as a DIWI role (reader, webapp, owner); each is rolled back and closed."""
    opened: list[psycopg.Connection] = []

    def open_as(actor: str, viewer: Viewer, world: World) -> psycopg.Connection:
        connection = psycopg.connect(role_url(owner_url, actor))
        opened.append(connection)
        set_viewer(connection, viewer, world)
        return connection

    yield open_as
    for connection in opened:
        connection.rollback()
        connection.close()


def owners_of(owner_url: str, mapping_sql: str, world: World) -> dict[str, str]:
    with psycopg.connect(owner_url) as conn:
        rows = conn.execute(mapping_sql).fetchall()
    return {str(key): str(pid) for key, pid in rows if str(pid) in world.ids}


def rows_by_project(conn: psycopg.Connection, table: str, column: str, parents: dict) -> dict:
    """Number of rows of the table per project (only the world's projects)."""
    found: dict[str, int] = {}
    for (key,) in conn.execute(f"SELECT {column} FROM {table}").fetchall():
        pid = parents.get(str(key))
        if pid is not None:
            found[pid] = found.get(pid, 0) + 1
    return found


@ALL_VIEWERS
@pytest.mark.parametrize("table", list(TABLES))
def test_reader_selects_only_rows_of_projects_the_viewer_may_see(
    owner_url, world, connect, viewer, table
):
    column, mapping = TABLES[table]
    parents = owners_of(owner_url, mapping, world)
    everything = rows_by_project(
        connect("owner", Viewer("anonymous"), world), table, column, parents
    )
    assert set(everything) == world.ids  # every project has rows in every table
    seen = rows_by_project(connect("reader", viewer, world), table, column, parents)
    expected = world.expected(viewer)
    assert set(seen) == expected
    assert seen == {pid: everything[pid] for pid in expected}  # and all their rows


@ALL_VIEWERS
@pytest.mark.parametrize("read", list(PUBLICATION_READS))
def test_publication_functions_return_what_the_first_wall_gives(world, connect, viewer, read):
    sql = PUBLICATION_READS[read]
    reader = connect("reader", viewer, world)
    owner = connect("owner", viewer, world)
    ours = {(str(pid), row) for pid, row in reader.execute(sql).fetchall() if str(pid) in world.ids}
    first_wall = {(str(pid), row) for pid, row in owner.execute(sql).fetchall()}
    first_wall = {(pid, row) for pid, row in first_wall if pid in world.ids}
    assert ours == first_wall
    assert {pid for pid, _ in ours} == world.expected(viewer)


@ALL_VIEWERS
def test_bbox_prefilter_gives_only_visible_projects(world, connect, viewer):
    reader = connect("reader", viewer, world)
    found = reader.execute(
        "SELECT i::text FROM publication.visible_project_ids_in("
        "ST_MakeEnvelope(140000, 450000, 150000, 460000, 28992)) i"
    ).fetchall()
    assert {r[0] for r in found} & world.ids == world.expected(viewer)


@pytest.mark.parametrize("viewer", [VIEWERS["anonymous"], VIEWERS["council-elsewhere"]])
def test_webapp_still_sees_and_reads_every_row(world, connect, viewer):
    webapp = connect("webapp", viewer, world)
    versions = webapp.execute("SELECT project_id::text FROM plan.project_version").fetchall()
    assert world.ids <= {r[0] for r in versions}
    cache = webapp.execute("SELECT id::text FROM publication.project_cache").fetchall()
    assert world.ids <= {r[0] for r in cache}


def test_a_failing_cast_shows_only_visible_values(world, connect):
    # non-leakproof expressions run after the policy, so an error can only quote visible rows
    reader = connect("reader", VIEWERS["anonymous"], world)
    with pytest.raises(psycopg.errors.InvalidTextRepresentation) as failure:
        reader.execute(
            "SELECT count(*) FROM plan.project_version "
            "WHERE project_id = ANY(%s::uuid[]) AND name::integer > 0",
            (sorted(world.ids),),
        )
    assert "Niveau 7" in str(failure.value)


def test_access_row_holds_for_its_period_then_is_computed_again(owner_url, world, connect):
    """A row whose period has passed (the date moved on, not refreshed yet) is not trusted."""
    pid = world.projects[1]
    with psycopg.connect(owner_url, autocommit=True) as owner:
        try:
            # a forged row that claims level 7 up to tomorrow: used as stored
            owner.execute(
                "UPDATE publication.access_cache SET confidentiality_level = 7, "
                "level_until = current_date + 1 WHERE project_id = %s",
                (pid,),
            )
            reader = connect("reader", VIEWERS["anonymous"], world)
            seen = reader.execute("SELECT count(*) FROM plan.project WHERE id = %s", (pid,))
            assert seen.fetchone() == (1,)
            reader.rollback()
            # the same row whose period ended today: the level is computed from the versions (1)
            owner.execute(
                "UPDATE publication.access_cache SET level_until = current_date "
                "WHERE project_id = %s",
                (pid,),
            )
            seen = reader.execute("SELECT count(*) FROM plan.project WHERE id = %s", (pid,))
            assert seen.fetchone() == (0,)
        finally:
            owner.execute("SELECT publication.refresh_access_cache(ARRAY[%s::uuid])", (pid,))


def test_access_row_period_is_the_span_of_the_current_version(owner_url, world):
    with psycopg.connect(owner_url) as conn:
        pid = builders.project(conn, HOME, world.owner_group, confidentiality_level=1)
        builders.update_project(conn, pid, {"confidentiality_level": 4}, "2025-01-01")
        builders.update_project(conn, pid, {"confidentiality_level": 7}, "2029-01-01")
        row = conn.execute(
            "SELECT confidentiality_level, level_from::text, level_until::text "
            "FROM publication.access_cache WHERE project_id = %s",
            (pid,),
        ).fetchone()
        conn.rollback()
    assert row == (4, "2025-01-01", "2029-01-01")


def test_edits_refresh_the_access_rows(owner_url, world, connect):
    pid = world.projects[7]
    with psycopg.connect(owner_url, autocommit=True) as owner:
        builders.update_project(owner, pid, {"confidentiality_level": 1})
        try:
            reader = connect("reader", VIEWERS["anonymous"], world)
            seen = reader.execute(
                "SELECT count(*) FROM plan.project_version WHERE project_id = %s", (pid,)
            )
            assert seen.fetchone() == (0,)
            member = connect("reader", VIEWERS["owner-group-member"], world)
            seen = member.execute("SELECT count(*) FROM plan.project WHERE id = %s", (pid,))
            assert seen.fetchone() == (1,)
        finally:
            builders.update_project(owner, pid, {"confidentiality_level": 7})


def test_history_as_recorded_follows_the_current_level(owner_url, world, connect):
    """Known gap of the first wall, closed by the second for the reader: reading "as recorded at
    T" takes the level recorded at T, so a project made private since T would still show."""
    with psycopg.connect(owner_url, autocommit=True) as owner:
        pid = builders.project(owner, HOME, world.owner_group, name="Eerst openbaar")
        try:
            before = owner.execute("SELECT clock_timestamp()").fetchone()[0]
            builders.update_project(owner, pid, {"confidentiality_level": 1})
            query = "SELECT count(*) FROM publication.projects_at(current_date, %s) WHERE id = %s"
            first_wall = connect("owner", VIEWERS["anonymous"], world)
            assert first_wall.execute(query, (before, pid)).fetchone() == (1,)
            reader = connect("reader", VIEWERS["anonymous"], world)
            assert reader.execute(query, (before, pid)).fetchone() == (0,)
        finally:
            owner.execute("DELETE FROM plan.project WHERE id = %s", (pid,))


def test_reader_sees_nothing_of_a_project_without_an_access_row(owner_url, world, connect):
    """A project loaded behind the triggers' back is hidden until the caches are rebuilt."""
    pid = world.projects[7]
    with psycopg.connect(owner_url, autocommit=True) as owner:
        owner.execute("DELETE FROM publication.access_cache WHERE project_id = %s", (pid,))
        try:
            reader = connect("reader", VIEWERS["anonymous"], world)
            seen = reader.execute("SELECT count(*) FROM plan.project WHERE id = %s", (pid,))
            assert seen.fetchone() == (0,)
        finally:
            owner.execute("SELECT publication.refresh_access_cache(ARRAY[%s::uuid])", (pid,))


def test_can_see_is_viewer_can_see_for_every_viewer_and_level(world, connect):
    """The policies' form of the rule (viewer as sub-selects) is the rule."""
    for viewer in VIEWERS.values():
        conn = connect("reader", viewer, world)
        for level in LEVELS:
            same = conn.execute(
                "SELECT plan.viewer_can_see(%s::smallint, %s, %s, %s, %s::uuid[]) "
                "= plan.can_see(%s::smallint, %s, %s, %s, %s::uuid[], "
                "(SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()), "
                "(SELECT plan.viewer_area('municipality')), (SELECT plan.viewer_area('region')), "
                "(SELECT plan.viewer_area('province'))), "
                "plan.viewer_can_see(%s::smallint, %s, %s, %s, %s::uuid[])",
                (level, HOME, HOME_REGION, HOME_PROVINCE, [world.owner_group]) * 3,
            ).fetchone()
            assert same == (True, viewer.sees(level)), (viewer, level)
        conn.rollback()


def test_editing_as_the_webapp_still_works(owner_url, world, connect):
    webapp = connect("webapp", VIEWERS["anonymous"], world)
    pid = webapp.execute(
        "SELECT plan.create_project(%s)::text",
        (
            Jsonb(
                {
                    "municipality_code": HOME,
                    "name": "Via de webapp",
                    "phase": "concept",
                    "confidentiality_level": 2,
                    "start_date": "2024-01-01",
                    "end_date": "2030-01-01",
                    "owner_group_ids": [world.owner_group],
                }
            ),
        ),
    ).fetchone()[0]
    level = webapp.execute(
        "SELECT confidentiality_level FROM publication.access_cache WHERE project_id = %s", (pid,)
    ).fetchone()
    assert level == (2,)
    cached = webapp.execute("SELECT count(*) FROM publication.project_cache WHERE id = %s", (pid,))
    assert cached.fetchone() == (1,)
