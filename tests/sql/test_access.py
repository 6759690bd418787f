"""Access: who sees which project (role x confidentiality x area x ownership), and who may edit."""

from dataclasses import dataclass

import psycopg
import pytest

from tests.sql import builders

pytestmark = pytest.mark.db

HOME = "GM9711"  # the projects' municipality, in region TREG1 of Utrecht
NEIGHBOUR = "GM9712"  # another municipality in region TREG1
ELSEWHERE = "GM9713"  # a municipality in another province and region
HOME_REGION, OTHER_REGION = "TREG1", "TREG2"
HOME_PROVINCE, OTHER_PROVINCE = "PV26", "PV27"

# The access rule as the users know it: the lowest confidentiality level a role sees in its own
# area (municipality, region or province). Public (7) is seen by everyone; members of an owner
# group see their projects at any level, but only as user, user_plus or external.
MIN_LEVEL_IN_OWN_AREA = {
    "anonymous": 7,
    "admin": 7,
    "external": 7,
    "user": 2,
    "user_plus": 2,
    "management": 3,
    "council": 4,
    "region_reader": 5,
    "province_reader": 6,
}
OWNERS_SEE_ALL = {"user", "user_plus", "external"}


@dataclass(frozen=True)
class Viewer:
    role: str
    municipality: str | None = None
    region: str | None = None
    province: str | None = None
    owner: bool = False

    @property
    def own_area(self) -> bool:
        return (
            self.municipality == HOME
            or (self.role == "region_reader" and self.region == HOME_REGION)
            or (self.role == "province_reader" and self.province == HOME_PROVINCE)
        )

    def expected(self, level: int) -> bool:
        return (
            level == 7
            or (self.owner and self.role in OWNERS_SEE_ALL)
            or (self.own_area and level >= MIN_LEVEL_IN_OWN_AREA[self.role])
        )


VIEWERS = {
    "anonymous": Viewer("anonymous"),
    "user": Viewer("user", HOME),
    "user-owner": Viewer("user", HOME, owner=True),
    "user_plus": Viewer("user_plus", HOME),
    "management": Viewer("management", HOME),
    "council": Viewer("council", HOME),
    "admin": Viewer("admin", HOME),
    "admin-owner": Viewer("admin", HOME, owner=True),
    "external": Viewer("external", HOME),
    "external-owner": Viewer("external", HOME, owner=True),
    "user-elsewhere": Viewer("user", NEIGHBOUR),
    "user_plus-elsewhere": Viewer("user_plus", NEIGHBOUR),
    "management-elsewhere": Viewer("management", NEIGHBOUR),
    "council-elsewhere": Viewer("council", NEIGHBOUR),
    "region_reader": Viewer("region_reader", region=HOME_REGION),
    "region_reader-elsewhere": Viewer("region_reader", region=OTHER_REGION),
    "province_reader": Viewer("province_reader", province=HOME_PROVINCE),
    "province_reader-elsewhere": Viewer("province_reader", province=OTHER_PROVINCE),
}
MATRIX = [
    pytest.param(viewer, level, id=f"{name}-level{level}")
    for name, viewer in VIEWERS.items()
    for level in range(1, 8)
]


@dataclass(frozen=True)
class Area:
    owner_group: str
    other_group: str


@pytest.fixture
def area(conn: psycopg.Connection) -> Area:
    """Three municipalities over two regions and two provinces, with two groups at home."""
    builders.municipality(conn, HOME, HOME_PROVINCE, HOME_REGION)
    builders.municipality(conn, NEIGHBOUR, HOME_PROVINCE, HOME_REGION)
    builders.municipality(conn, ELSEWHERE, OTHER_PROVINCE, OTHER_REGION)
    return Area(
        builders.user_group(conn, HOME, "Eigenaren"),
        builders.user_group(conn, HOME, "Anderen"),
    )


def set_viewer(conn: psycopg.Connection, viewer: Viewer, area: Area) -> None:
    if viewer.role == "anonymous":
        return  # no plan.set_viewer at all: the default viewer
    groups = [area.owner_group if viewer.owner else area.other_group]
    conn.execute(
        "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[])",
        (viewer.role, viewer.municipality, viewer.region, viewer.province, groups),
    )


def home_project(conn: psycopg.Connection, area: Area, level: int) -> str:
    return builders.project(
        conn, HOME, area.owner_group, name=f"Niveau {level}", confidentiality_level=level
    )


@pytest.mark.parametrize(("viewer", "level"), MATRIX)
def test_projects_visible_by_role_level_area_and_ownership(conn, area, viewer, level):
    pid = home_project(conn, area, level)
    set_viewer(conn, viewer, area)
    seen = conn.execute("SELECT count(*) FROM publication.projects WHERE id = %s", (pid,))
    assert seen.fetchone()[0] == int(viewer.expected(level))


@pytest.mark.parametrize(("viewer", "level"), MATRIX)
def test_houseblocks_visible_only_with_their_project(conn, area, viewer, level):
    pid = home_project(conn, area, level)
    hb = builders.houseblock(conn, pid)
    set_viewer(conn, viewer, area)
    seen = conn.execute("SELECT count(*) FROM publication.houseblocks WHERE id = %s", (hb,))
    assert seen.fetchone()[0] == int(viewer.expected(level))


def test_projects_at_past_date_use_todays_confidentiality(conn, area):
    # a project made public today is public at every reference date, also before the change
    pid = builders.project(conn, HOME, area.owner_group, confidentiality_level=1)
    builders.update_project(conn, pid, {"confidentiality_level": 7})
    seen = conn.execute(
        "SELECT confidentiality_level FROM publication.projects_at('2024-06-01') WHERE id = %s",
        (pid,),
    ).fetchall()
    assert seen == [("public",)]


def test_project_made_private_today_disappears_at_past_dates_too(conn, area):
    pid = builders.project(conn, HOME, area.owner_group, confidentiality_level=7)
    builders.update_project(conn, pid, {"confidentiality_level": 1})
    seen = conn.execute(
        "SELECT count(*) FROM publication.projects_at('2024-06-01') WHERE id = %s", (pid,)
    ).fetchone()
    assert seen == (0,)


def test_new_owner_group_sees_private_project(conn, area):
    pid = builders.project(conn, HOME, area.owner_group, confidentiality_level=1)
    builders.update_project(conn, pid, {"owner_group_ids": [area.other_group]})
    set_viewer(conn, VIEWERS["user"], area)  # member of other_group only
    seen = conn.execute("SELECT count(*) FROM publication.projects WHERE id = %s", (pid,))
    assert seen.fetchone() == (1,)


# --- editing -----------------------------------------------------------------------------

EDITORS = [
    pytest.param(Viewer("user", HOME, owner=True), True, id="user-owner"),
    pytest.param(Viewer("external", HOME, owner=True), True, id="external-owner"),
    pytest.param(Viewer("user_plus", HOME), True, id="user_plus"),
    pytest.param(Viewer("user", HOME), False, id="user-not-owner"),
    pytest.param(Viewer("external", HOME), False, id="external-not-owner"),
    pytest.param(Viewer("management", HOME), False, id="management"),
    pytest.param(Viewer("management", HOME, owner=True), False, id="management-owner"),
    pytest.param(Viewer("council", HOME), False, id="council"),
    pytest.param(Viewer("admin", HOME, owner=True), False, id="admin-owner"),
    pytest.param(Viewer("user", NEIGHBOUR), False, id="user-elsewhere"),
    pytest.param(Viewer("user_plus", NEIGHBOUR), False, id="user_plus-elsewhere"),
    pytest.param(Viewer("region_reader", region=HOME_REGION), False, id="region_reader"),
    pytest.param(Viewer("anonymous"), False, id="anonymous"),
]


@pytest.mark.parametrize(("viewer", "can_edit"), EDITORS)
def test_viewer_can_edit_by_role_and_ownership(conn, area, viewer, can_edit):
    home_project(conn, area, 2)
    set_viewer(conn, viewer, area)
    result = conn.execute(
        "SELECT plan.viewer_can_edit(%s, %s::uuid[])", (HOME, [area.owner_group])
    ).fetchone()[0]
    assert result is can_edit


def test_set_viewer_lasts_only_for_the_transaction(owner_url, conn, area):
    pid = home_project(conn, area, 2)
    set_viewer(conn, VIEWERS["user"], area)
    assert conn.execute(
        "SELECT count(*) FROM publication.projects WHERE id = %s", (pid,)
    ).fetchone() == (1,)
    with psycopg.connect(owner_url, autocommit=True) as other:
        other.execute("SELECT plan.set_viewer('user', %s)", (HOME,))
        assert other.execute("SELECT plan.viewer_role()").fetchone() == ("anonymous",)
