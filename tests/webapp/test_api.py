"""pygeoapi at /api behind our guard: read-only collections, guarded jobs, offline HTML."""

import re
from html.parser import HTMLParser

import flask
import pytest
import requests

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.db

USER = next(a for a in DEMO_ACCOUNTS if a["role"] == "user")
LOADED_RELS = {"stylesheet", "icon", "shortcut icon", "preload", "modulepreload"}


class AssetParser(HTMLParser):
    """Collects the URLs a page makes the browser load (scripts, styles, icons, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = dict(attrs)
        if tag in ("script", "img") and attr.get("src"):
            self.urls.append(attr["src"])
        elif tag == "link" and attr.get("rel", "").lower() in LOADED_RELS:
            self.urls.append(attr.get("href") or "")


def loaded_urls(page: str) -> list[str]:
    parser = AssetParser()
    parser.feed(page)
    return parser.urls


def token_for(client, email: str) -> str:
    login_page = client.get("/login", headers={"Accept": "application/json"}).get_json()
    csrf = login_page["response"]["csrf_token"]
    response = client.post(
        "/login?include_auth_token",
        json={"email": email, "password": DEMO_PASSWORD, "csrf_token": csrf},
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["response"]["user"]["authentication_token"]


def test_landing_page_has_links(client):
    response = client.get("/api?f=json")  # without the trailing slash too (QGIS)
    assert response.status_code == 200
    rels = {link["rel"] for link in response.get_json()["links"]}
    assert {"self", "service-desc", "conformance", "data"} <= rels


def test_collections_list_projects(client):
    body = client.get("/api/collections?f=json").get_json()
    assert "projects" in {c["id"] for c in body["collections"]}


def test_jobs_need_sign_in(client):
    for _ in range(2):  # the second request used to hit pygeoapi's dict-headers bug
        response = client.get("/api/jobs")
        assert response.status_code == 401
        assert response.get_json()["code"] == "Unauthorized"


@pytest.mark.parametrize(
    ("method", "path", "content_type"),
    [
        ("POST", "/api/collections/projects/items", "application/geo+json"),
        ("PUT", "/api/collections/projects/items/x", "application/geo+json"),
        ("PATCH", "/api/collections/projects/items/x", "application/json"),
        ("DELETE", "/api/collections/projects/items/x", None),
    ],
)
def test_writes_are_refused(client, method, path, content_type):
    response = client.open(path, method=method, data="{}", content_type=content_type)
    assert response.status_code in (403, 405)


def test_cql2_search_is_not_a_write(client):
    response = client.post(
        "/api/collections/projects/items", json={"op": "=", "args": [{"property": "id"}, "x"]}
    )
    assert response.status_code != 405


@pytest.mark.parametrize(
    "path",
    [
        "/api?f=html",
        "/api/collections?f=html",
        "/api/collections/projects?f=html",
        "/api/collections/projects/items?f=html",
        "/api/openapi?f=html",
    ],
)
def test_html_pages_load_nothing_from_cdns(app, client, path):
    own = app.config["DIWI_SETTINGS"].public_url
    response = client.get(path)
    assert response.status_code == 200
    urls = loaded_urls(response.get_data(as_text=True))
    assert urls, "expected the page to load our own assets"
    external = [u for u in urls if re.match(r"(https?:)?//", u) and not u.startswith(own + "/")]
    assert external == []


@pytest.mark.parametrize(
    "path",
    [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
    ],
)
def test_vendored_assets_are_served(client, path):
    with client.get(path) as response:
        assert response.status_code == 200


def test_token_sign_in_exposes_viewer(app, demo_municipality):
    client = app.test_client()
    token = token_for(client, USER["email"])
    anonymous = app.test_client()
    with anonymous:
        response = anonymous.get("/api/collections", headers={"Authentication-Token": token})
        assert response.status_code == 200
        viewer = flask.request.environ["diwi.viewer"]
    assert viewer["role"] == "user"
    assert viewer["municipality_code"] == demo_municipality
    assert len(viewer["group_ids"]) == 2  # "Team Wonen" and the single-user group
    assert anonymous.get("/api/jobs", headers={"Authentication-Token": token}).status_code != 401


def test_anonymous_viewer_has_no_key(client):
    with client:
        client.get("/api/collections")
        assert "diwi.viewer" not in flask.request.environ


def test_live_server_serves_the_api(live_server):
    response = requests.get(f"{live_server.url}/api/collections?f=json", timeout=30)
    assert response.status_code == 200
    self_links = [link["href"] for link in response.json()["links"] if link["rel"] == "self"]
    assert self_links[0].startswith(f"{live_server.url}/api/collections")
