"""The shipped example files import on `make run`'s demo data, as the demo user, twice."""

import pytest

from manage import demo
from tests.imports.conftest import post_file
from webapp.diwi_format import excel as fmt


@pytest.fixture(scope="module")
def demo_data(owner_url: str, import_setup: str) -> None:
    demo.load_demo(owner_url)


@pytest.mark.usefixtures("demo_data")
def test_shipped_examples_import_on_the_demo(signed_in, owner_url):
    import psycopg

    with psycopg.connect(owner_url) as conn:  # the examples use fixed numbers: start afresh
        conn.execute("DELETE FROM plan.project WHERE municipal_id LIKE 'VB%'")
    client = signed_in("user")
    excel = post_file(client, fmt.EXAMPLE_EXCEL.read_bytes())
    assert excel.status_code == 200, excel.get_json()["errors"]
    assert excel.get_json()["counts"]["created"] == 2
    data = fmt.EXAMPLE_GEOJSON.read_bytes()
    geo = post_file(client, data, "geojson", name="voorbeeld-import.geojson")
    assert geo.status_code == 200, geo.get_json()["errors"]
    again = post_file(client, fmt.EXAMPLE_EXCEL.read_bytes()).get_json()
    assert again["counts"] == {"created": 0, "updated": 0, "unchanged": 2, "skipped": 0}


@pytest.mark.usefixtures("demo_data")
@pytest.mark.parametrize(
    ("path", "kind"),
    [("/importeren/voorbeeld.xlsx", "excel"), ("/importeren/voorbeeld.geojson", "geojson")],
)
def test_the_example_for_my_municipality_imports_without_mandatory_plusvelden(
    signed_in, path, kind
):
    client = signed_in("user")
    example = client.get(path)
    assert example.status_code == 200
    answer = post_file(client, example.data, kind, dry_run=True, name=path.rsplit("/", 1)[1])
    assert answer.status_code == 200, answer.get_json()["errors"]


def test_the_example_is_for_importers_only(client, auth, signed_in):
    assert client.get("/importeren/voorbeeld.xlsx").status_code in (302, 401)
    assert signed_in("council").get("/importeren/voorbeeld.xlsx").status_code == 403
