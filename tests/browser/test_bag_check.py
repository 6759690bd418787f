"""The BAG-check list and the project page's BAG panel in a real browser."""

import psycopg
import pytest
from playwright.sync_api import expect

from tests.bagcheck import fixture as fx
from tests.browser.conftest import axe_violations
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.db, pytest.mark.xdist_group("browser")]


def panel_violations(page) -> list[str]:
    """axe-core's serious WCAG A/AA violations inside the BAG panel (the map has its own tests)."""
    axe_violations(page)  # injects axe
    result = page.evaluate(
        "async () => await axe.run('section.bag-check-panel', {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def bag_projects(owner_url, demo_municipality):
    with psycopg.connect(owner_url) as conn:
        group = conn.execute(
            "SELECT id::text FROM auth.user_group WHERE municipality_code = %s "
            "AND name = 'Team Wonen'",
            (demo_municipality,),
        ).fetchone()[0]
    made = fx.build(owner_url, demo_municipality, group, dy=500)  # apart from tests/bagcheck
    yield made
    fx.remove(owner_url, made)


def test_user_finds_a_deviation_and_its_proposed_delivery(page, live_server, bag_projects):
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/registers/bag-controle?peildatum={fx.REFERENCE_DATE}")
    expect(page.get_by_role("heading", level=1)).to_have_text("BAG-controle")
    assert axe_violations(page) == []
    page.get_by_label("Alleen afwijkingen").check()
    page.get_by_role("button", name="Toon").click()
    noord = page.locator(f'tr[data-project="{bag_projects.ids["Noordkwartier"]}"]')
    expect(noord).to_contain_text("4 woningen lijken opgeleverd")
    expect(page.locator(f'tr[data-project="{bag_projects.ids["Klopt"]}"]')).to_have_count(0)
    noord.get_by_role("link", name="Noordkwartier").click()
    panel = page.locator("section.bag-check-panel")
    expect(panel.get_by_role("heading", name="BAG-controle")).to_be_visible()
    expect(panel).to_contain_text("in gebruik genomen op 2025-02-01 \u2013 2025-05-10")
    assert panel_violations(page) == []
    panel.get_by_role("link", name="Opleverdatum aanpassen in de mijlpalen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mijlpalen van")
