"""python -m manage zgw-demo: a local zaak system's notificatie updates Kadasterhof."""

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from manage.demo_registry import AKR
from manage.demo_registry import MUNICIPAL_ID
from manage.demo_registry import PARCELS
from manage.zgw_demo import run_demo
from tests.sql import builders
from tests.zgw.conftest import milestones

pytestmark = pytest.mark.db


@pytest.fixture
def kadasterhof(owner_url, demo_municipality) -> str:
    """The demo's Kadasterhof (a drawn area here: the test database has no BRK copy)."""
    with psycopg.connect(owner_url) as conn:
        group = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = 'GM0200' "
            "AND name = 'Team Wonen'"
        ).fetchone()[0]
        parcels = [
            {"cadastral_municipality_code": AKR, "section": s, "parcel_number": n}
            for s, n in PARCELS
        ]
        project = builders.project(
            conn,
            "GM0200",
            group,
            name="Kadasterhof",
            municipal_id=MUNICIPAL_ID,
            plan_area=builders.square(195000, 470000, 300),
            area_source="drawn",
            parcels=parcels,
        )
    yield project
    with psycopg.connect(owner_url) as conn:
        conn.execute("UPDATE plan.project SET removed_at = now() WHERE id = %s", (project,))
        conn.execute("UPDATE plan.zgw_config SET receive_token_sha256 = NULL")


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


def test_the_demo_reports_the_milestones_the_worker_set(
    owner_url, live_server, kadasterhof, work, client, auth
):
    report = run_demo(owner_url, live_server.url, timeout_s=30, on_wait=work)

    assert "gekoppeld via parcels" in report and "gekoppeld via link" in report
    assert "Omgevingsvergunning aangevraagd" in report and "Omgevingsvergunning verleend" in report
    assert "Zaakobject teruggeschreven op de zaak: " in report
    assert report.rstrip().endswith(f"/projecten/{kadasterhof}")
    current = milestones(owner_url, kadasterhof)
    assert current["Omgevingsvergunning verleend"][1:] == ("realised", "Zaaksysteem (ZGW)")
    auth.login("hoofdgebruiker@demo.diwi.nl", DEMO_PASSWORD)
    page = client.get(f"/projecten/{kadasterhof}").get_data(as_text=True)
    assert "Zaaksysteem (ZGW)" in page  # the change list says who changed the milestones
