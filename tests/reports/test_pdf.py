"""PDF reports by WeasyPrint: real pages (pdftoppm), the right words (pdftotext), access."""

import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD
from tests.public.fixture import TOWN

pytestmark = [pytest.mark.db]
DAY = date.today()
USER_PLUS = next(a for a in DEMO_ACCOUNTS if a["role"] == "user_plus")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def page_images(pdf: bytes, tmp_path: Path) -> list[Path]:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True)
    return sorted(tmp_path.glob("page*.png"))


def ink(png: Path) -> float:
    """The share of pixels that are not (near) white."""
    histogram = Image.open(png).convert("L").histogram()
    return sum(histogram[:230]) / sum(histogram)


def test_public_report_is_a_real_pdf(client, public_town, public_dashboard, tmp_path):
    url = f"/rapport/dashboard.pdf?scope=public&municipality_code={TOWN}&reference_date={DAY}"
    response = client.get(url)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    text = pdf_text(pdf, tmp_path)
    assert "Woningbouw in Teststad" in text
    assert DAY.strftime("%d-%m-%Y") in text and DAY.isoformat() in text
    assert "Projectfases" in text and "Opleveringen per jaar" in text  # chart titles
    assert "Overig (samengevoegd)" in text and "Pagina 1 van" in text and "Gegenereerd op" in text
    assert "Openbaar Aalhof" in text
    for secret in public_town.secret_names:
        assert secret not in text
    net = public_dashboard("capacity", TOWN)["totals"]["net"]
    assert str(net) in text
    pages = page_images(pdf, tmp_path)
    assert pages and all(ink(p) > 0.01 for p in pages)


def test_reports_other_than_public_need_sign_in(client, public_town):
    for url in (
        "/rapport/dashboard.pdf",
        f"/rapport/dashboard.pdf?scope=project&project_id={public_town.ids['Openbaar Aalhof']}",
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert client.get("/rapport/dashboard.pdf?scope=public").status_code == 400
    assert (
        client.get("/rapport/dashboard.pdf?scope=public&municipality_code=GM0001").status_code
        == 404
    )


def test_standard_report_of_a_signed_in_user(client, auth, demo_municipality, tmp_path):
    assert auth.login(USER_PLUS["email"], DEMO_PASSWORD).status_code == 302
    response = client.get(f"/rapport/dashboard.pdf?reference_date={DAY}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.get_data(), tmp_path)
    assert "Dashboard woningbouwplannen" in text and "Apeldoorn (GM0200)" in text
    assert "Woningtype" in text  # an internal component the public report leaves out
    assert "Doelstellingen" in text  # the goals' progress (publication.goal_progress)
    filtered = client.get(f"/rapport/dashboard.pdf?peildatum={DAY}&fase=design&planstatus=hard")
    words = pdf_text(filtered.get_data(), tmp_path)
    assert "Fase: 4 Ontwerp" in words and "Planstatus: harde plannen" in words


def test_project_report_follows_the_access_rule(client, auth, public_town, tmp_path):
    assert auth.login(USER_PLUS["email"], DEMO_PASSWORD).status_code == 302
    hidden = public_town.ids["Geheim Raadsplan Een"]
    assert (
        client.get(f"/rapport/dashboard.pdf?scope=project&project_id={hidden}").status_code == 404
    )
    public = public_town.ids["Openbaar Aalhof"]
    response = client.get(f"/rapport/dashboard.pdf?scope=project&project_id={public}")
    assert response.status_code == 200
    assert "Project Openbaar Aalhof" in pdf_text(response.get_data(), tmp_path)


@pytest.fixture
def blueprint(owner_url: str, demo_municipality: str):
    """A composed dashboard of GM0200 (phase, deliveries 2025-2032), not shared with any group."""
    import psycopg
    from psycopg.types.json import Jsonb

    definition = {
        "name": "Raadsrapportage woningbouw",
        "components": [
            {"component": "phase", "options": {}},
            {"component": "deliveries", "options": {"period": {"from": 2025, "to": 2032}}},
        ],
        "goal_category_ids": [],
        "group_ids": [],
    }
    with psycopg.connect(owner_url) as conn:
        user_id = conn.execute(
            "SELECT id FROM auth.app_user WHERE email = %s", (USER_PLUS["email"],)
        ).fetchone()[0]
        conn.execute(
            "SELECT plan.set_viewer('user_plus', 'GM0200', NULL, NULL, '{}', %s)", (user_id,)
        )
        blueprint_id = conn.execute(
            "SELECT plan.save_blueprint(NULL, %s)::text", (Jsonb(definition),)
        ).fetchone()[0]
    yield blueprint_id
    with psycopg.connect(owner_url) as conn:
        conn.execute("DELETE FROM plan.dashboard_blueprint WHERE id = %s", (blueprint_id,))


def test_blueprint_report_shows_its_components(client, auth, blueprint, tmp_path):
    council = next(a for a in DEMO_ACCOUNTS if a["role"] == "council")
    assert auth.login(council["email"], DEMO_PASSWORD).status_code == 302
    assert client.get(f"/rapport/dashboard.pdf?blueprint={blueprint}").status_code == 404
    auth.logout()
    assert auth.login(USER_PLUS["email"], DEMO_PASSWORD).status_code == 302
    response = client.get(f"/rapport/dashboard.pdf?blueprint={blueprint}")
    assert response.status_code == 200
    text = pdf_text(response.get_data(), tmp_path)
    assert "Raadsrapportage woningbouw" in text
    assert "Projectfases" in text and "Opleveringen per jaar" in text
    assert "Woningtype" not in text  # not part of this blueprint
