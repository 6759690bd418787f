"""The project page's Zaken panel: linked zaken, a manual link by an editor, unlinking."""

from datetime import date

import psycopg
import pytest

from manage.demo_accounts import DEMO_PASSWORD
from tests.fixtures.app import CSRF_RE
from tests.fixtures.app import create_member
from tests.zgw.conftest import APPLIED
from tests.zgw.conftest import CLIENT_ID
from tests.zgw.conftest import SECRET
from tests.zgw.conftest import ZAAKTYPE
from tests.zgw.conftest import milestones
from tests.zgw.conftest import project
from webapp.zgw import client as zgw_client

pytestmark = pytest.mark.db


@pytest.fixture(autouse=True)
def password_only(app, monkeypatch):
    monkeypatch.setitem(app.config, "DIWI_TWO_FACTOR_ROLES", [])


@pytest.fixture
def people(app, owner_url, place) -> dict:
    """An editor (user_plus of the place) and a reader (role user, in another group)."""
    code = place["municipality"]
    editor, reader = f"editor-{code}@example.nl", f"reader-{code}@example.nl"
    create_member(app, owner_url, editor, code, place["group"])
    with psycopg.connect(owner_url) as conn:
        other = conn.execute(
            "INSERT INTO auth.user_group (municipality_code, name) VALUES (%s, 'Anders') "
            "RETURNING id::text",
            (code,),
        ).fetchone()[0]
    create_member(app, owner_url, reader, code, other)
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "UPDATE auth.user_role SET role_id = (SELECT id FROM auth.role WHERE name = 'user') "
            "WHERE user_id = (SELECT id FROM auth.app_user WHERE email = %s)",
            (reader,),
        )
    return {"editor": editor, "reader": reader}


def post(client, project_id: str, path: str, data: dict):
    page = client.get(f"/projecten/{project_id}").get_data(as_text=True)
    token = CSRF_RE.search(page).group(1)
    return client.post(f"/projecten/{project_id}/{path}", data={**data, "csrf_token": token})


def test_an_editor_links_a_zaak_by_hand_and_unlinks_it(
    client, auth, owner_url, zgw_server, place, people, work
):
    target = project(owner_url, place, 185000)
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 4, 14))  # no parcels, no area: no match
    auth.login(people["editor"], DEMO_PASSWORD)
    page = client.get(f"/projecten/{target}").get_data(as_text=True)
    assert "Er is nog geen zaak aan dit project gekoppeld." in page and "Zaak koppelen" in page

    linked = post(client, target, "zaken", {"zaak_url": zaak["url"]})
    assert linked.status_code == 302 and linked.headers["Location"].endswith("#zaken")
    work()

    assert milestones(owner_url, target)[APPLIED] == (
        date(2026, 4, 14),
        "realised",
        "Zaaksysteem (ZGW)",
    )
    page = client.get(f"/projecten/{target}").get_data(as_text=True)
    assert zaak["identificatie"] in page and "handmatig" in page
    assert f"{APPLIED}: 2026-04-14 (Gerealiseerd)" in page
    assert "omgevingsvergunning-bouwen" in page  # the zaaktype, by its last path part
    [written] = [o for o in zgw_server.zaakobjecten if o.get("object", "").endswith(target)]
    assert written["objectTypeOverige"] == "woningbouwproject"
    with psycopg.connect(owner_url) as conn:  # the plain secret of the fixture, now sealed
        stored = conn.execute(
            "SELECT secret FROM plan.zgw_config WHERE municipality_code = %s",
            (place["municipality"],),
        ).fetchone()[0]
    assert stored.startswith("fernet:") and SECRET not in stored

    unlinked = post(client, target, "zaken/ontkoppelen", {"zaak_url": zaak["url"]})
    assert unlinked.status_code == 302
    page = client.get(f"/projecten/{target}").get_data(as_text=True)
    assert zaak["identificatie"] not in page and "De zaak is ontkoppeld." in page
    # DIWI's zaakobject is deleted from the zaak too (the zaak's own objects stay)
    assert written not in zgw_server.zaakobjecten
    assert written["url"] not in zaak["zaakobjecten"] and zaak["zaakobjecten"]
    assert ("DELETE", written["url"].removeprefix(zgw_server.url) + "?") in zgw_server.requests


def test_a_failing_zaakobject_delete_does_not_block_the_unlink(
    client, auth, owner_url, zgw_server, place, people, caplog
):
    target = project(owner_url, place, 188000)
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 4, 14))
    config = {"client_id": CLIENT_ID, "secret": SECRET, "zaken_url": zgw_server.zaken_url}
    object_url = zgw_client.write_back(config, zaak["url"], f"http://diwi/projecten/{target}", [])
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO plan.zgw_zaak_link (zaak_url, municipality_code, project_id, matched_by, "
            "identificatie, zaakobject_url) VALUES (%s, %s, %s, 'manual', %s, %s)",
            (zaak["url"], place["municipality"], target, zaak["identificatie"], object_url),
        )
    auth.login(people["editor"], DEMO_PASSWORD)
    zgw_server.failures = 1  # the Zaken API answers the DELETE with 503

    unlinked = post(client, target, "zaken/ontkoppelen", {"zaak_url": zaak["url"]})

    assert unlinked.status_code == 302
    page = client.get(f"/projecten/{target}").get_data(as_text=True)
    assert "De zaak is ontkoppeld." in page and zaak["identificatie"] not in page
    assert "kon niet worden verwijderd (Zaken API antwoordde 503" in page
    assert object_url in page  # so the editor can remove it in the zaak system
    assert any(o["url"] == object_url for o in zgw_server.zaakobjecten)
    assert any(object_url in r.getMessage() for r in caplog.records if r.levelname == "WARNING")


def test_a_zaak_of_another_system_is_refused(client, auth, owner_url, place, people):
    target = project(owner_url, place, 186000)
    auth.login(people["editor"], DEMO_PASSWORD)

    answer = post(client, target, "zaken", {"zaak_url": "https://elders.example.nl/zaken/1"})

    assert answer.status_code == 302
    page = client.get(f"/projecten/{target}").get_data(as_text=True)
    assert "Dit adres hoort niet bij de Zaken API van de gemeente." in page
    with psycopg.connect(owner_url) as conn:
        count = conn.execute(
            "SELECT count(*) FROM plan.zgw_zaak_link WHERE project_id = %s", (target,)
        ).fetchone()[0]
    assert count == 0


def test_a_reader_sees_the_zaken_but_cannot_link(
    client, auth, owner_url, zgw_server, place, people
):
    target = project(owner_url, place, 187000)
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 4, 14))
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO plan.zgw_zaak_link (zaak_url, municipality_code, project_id, matched_by, "
            "identificatie) VALUES (%s, %s, %s, 'parcels', %s)",
            (zaak["url"], place["municipality"], target, zaak["identificatie"]),
        )
    auth.login(people["reader"], DEMO_PASSWORD)

    page = client.get(f"/projecten/{target}").get_data(as_text=True)
    assert zaak["identificatie"] in page and "kadastrale percelen" in page
    assert "Zaak koppelen" not in page and "Ontkoppelen" not in page
    assert post(client, target, "zaken", {"zaak_url": zaak["url"]}).status_code == 403
    assert post(client, target, "zaken/ontkoppelen", {"zaak_url": zaak["url"]}).status_code == 403


def test_linking_a_zaak_to_another_project_moves_the_zaakobject(
    client, auth, owner_url, zgw_server, place, people, work
):
    first, second = project(owner_url, place, 189000), project(owner_url, place, 190000)
    zaak = zgw_server.add_zaak(ZAAKTYPE, date(2026, 4, 14))
    config = {"client_id": CLIENT_ID, "secret": SECRET, "zaken_url": zgw_server.zaken_url}
    old_url = zgw_client.write_back(config, zaak["url"], f"http://diwi/projecten/{first}", [])
    with psycopg.connect(owner_url) as conn:
        conn.execute(
            "INSERT INTO plan.zgw_zaak_link (zaak_url, municipality_code, project_id, matched_by, "
            "zaakobject_url) VALUES (%s, %s, %s, 'parcels', %s)",
            (zaak["url"], place["municipality"], first, old_url),
        )
    auth.login(people["editor"], DEMO_PASSWORD)

    assert post(client, second, "zaken", {"zaak_url": zaak["url"]}).status_code == 302
    work()

    assert old_url not in zaak["zaakobjecten"]
    [written] = [
        o
        for o in zgw_server.zaakobjecten
        if o.get("objectType") == "overige" and o.get("object", "").startswith("http")
    ]
    assert written["object"].endswith(f"/projecten/{second}") and written["url"] != old_url
    with psycopg.connect(owner_url) as conn:
        link = conn.execute(
            "SELECT project_id::text, zaakobject_url FROM plan.zgw_zaak_link WHERE zaak_url = %s",
            (zaak["url"],),
        ).fetchone()
    assert link == (second, written["url"])
