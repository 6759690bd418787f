"""python -m ingest harvest-diwi: copy another DIWI instance's acceleration table into harvest.*."""

import argparse
import json
import logging
import secrets
import sys
from collections.abc import Iterator
from urllib.parse import urljoin

import psycopg
import requests
from owslib.ogcapi.features import Features
from psycopg.types.json import Jsonb

LOGGER = logging.getLogger(__name__)
COLLECTION = "acceleration-table"
CRS_28992 = "http://www.opengis.net/def/crs/EPSG/0/28992"
PAGE_LIMIT = 500
MAX_PAGES = 1000
TIMEOUT_S = 60
USER_AGENT = "DIWI harvest (OWSLib)"
# feed property -> harvest.project column (same names); json values are stored as jsonb
TEXT_FIELDS = (
    "municipality_code", "municipality_name", "region_code", "province_code", "name", "phase",
    "phase_label", "planning_status", "planning_status_label",
)  # fmt: skip
NUMBER_FIELDS = (
    "net_plan_capacity", "owner_occupied", "private_rental", "social_rental", "steps_done",
    "steps_running", "steps_late", "max_gain_days",
)  # fmt: skip
DATE_FIELDS = (
    "planned_delivery", "forecast_p10", "forecast_p50", "forecast_p90", "process_delivery",
)  # fmt: skip
JSON_FIELDS = ("steps", "bottlenecks", "acceleration")
COLUMNS = ("instance", "source_guid", "run_id", *TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS,
           *JSON_FIELDS, "critical_steps")  # fmt: skip
INSERT_SQL = (
    f"INSERT INTO harvest.project ({', '.join(COLUMNS)}, geometry) VALUES "
    f"({', '.join(['%s'] * len(COLUMNS))}, "
    "ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(%s), 28992)))"
)


class HarvestError(RuntimeError):
    """The feed could not be read or stored; the run is logged as failed."""


def pages(url: str, token: str, limit: int = PAGE_LIMIT) -> Iterator[list[dict]]:
    """The feed's features page by page: OWSLib for the first, then each `next` link."""
    headers = {"Authorization": f"Bearer {token}", "User-Agent": USER_AGENT}
    client = Features(url.rstrip("/"), headers=headers, timeout=TIMEOUT_S)
    document = client.collection_items(COLLECTION, limit=limit, crs=CRS_28992)
    session = requests.Session()
    session.headers.update(headers)
    base = f"{url.rstrip('/')}/collections/{COLLECTION}/items"
    for _ in range(MAX_PAGES):
        yield document.get("features") or []
        following = next_href(document)
        if following is None:
            return
        response = session.get(urljoin(base, following), timeout=TIMEOUT_S)
        response.raise_for_status()
        document = response.json()
    raise HarvestError(f"more than {MAX_PAGES} pages: stopped")


def next_href(document: dict) -> str | None:
    """The href of the `next` link of a GeoJSON page (JSON), or None."""
    for link in document.get("links") or []:
        if link.get("rel") == "next" and "json" in (link.get("type") or "application/geo+json"):
            return link.get("href")
    return None


def row_of(feature: dict, instance: str, run_id: int) -> tuple:
    """The harvest.project values of one feature (its id is the source GUID)."""
    props = feature.get("properties") or {}
    values = [instance, str(feature["id"]), run_id]
    values += [props.get(name) for name in (*TEXT_FIELDS, *NUMBER_FIELDS, *DATE_FIELDS)]
    values += [Jsonb(props.get(name) or []) for name in JSON_FIELDS]
    values.append(props.get("critical_steps") or [])
    geometry = feature.get("geometry")
    values.append(json.dumps(geometry) if geometry else None)
    return tuple(values)


def unique(features: list[dict]) -> list[dict]:
    """The features with each id once (the first): a feed of an older DIWI may repeat a GUID it
    harvested from two instances."""
    seen: set[str] = set()
    kept = []
    for feature in features:
        key = str(feature["id"])
        if key in seen:
            LOGGER.warning("feature %s appears twice in the feed; kept the first", key)
            continue
        seen.add(key)
        kept.append(feature)
    return kept


def harvest(
    database_url: str, url: str, token: str, instance: str, limit: int = PAGE_LIMIT
) -> dict:
    """One run: fetch every page, then replace the instance's rows in one transaction."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        run_id = conn.execute(
            "INSERT INTO harvest.run (instance, url) VALUES (%s, %s) RETURNING id", (instance, url)
        ).fetchone()[0]
        try:
            features, page_count = [], 0
            for page in pages(url, token, limit):
                features += page
                page_count += 1
            features = unique(features)
            with conn.transaction():
                conn.execute("DELETE FROM harvest.project WHERE instance = %s", (instance,))
                with conn.cursor() as cur:
                    cur.executemany(INSERT_SQL, [row_of(f, instance, run_id) for f in features])
                conn.execute(
                    "UPDATE harvest.run SET status = 'succeeded', finished_at = now(), pages = %s,"
                    " features = %s WHERE id = %s",
                    (page_count, len(features), run_id),
                )
        except (requests.RequestException, RuntimeError, psycopg.Error, KeyError) as exc:
            conn.execute(
                "UPDATE harvest.run SET status = 'failed', finished_at = now(), error = %s "
                "WHERE id = %s",
                (str(exc)[:2000], run_id),
            )
            raise HarvestError(f"{instance}: {exc}") from exc
    return {"run_id": run_id, "instance": instance, "pages": page_count, "features": len(features)}


DEMO_INSTANCE = "demo-buur"
DEMO_ACCOUNT = "regio@demo.diwi.nl"


def demo_token(owner_url: str, email: str = DEMO_ACCOUNT) -> tuple[str, str]:
    """A fresh API token of a local demo account (id, token), as the account page makes one."""
    from webapp.account.queries import CREATE_TOKEN_SQL
    from webapp.account.queries import TOKEN_PREFIX
    from webapp.account.queries import token_hash

    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with psycopg.connect(owner_url) as conn:
        user = conn.execute("SELECT id FROM auth.app_user WHERE email = %s", (email,)).fetchone()
        if user is None:
            raise HarvestError(f"{email} is missing: run `make demo` first")
        token_id = conn.execute(CREATE_TOKEN_SQL, (user[0], "harvest-demo", token_hash(token)))
        return str(token_id.fetchone()[0]), token


def harvest_demo(database_url: str, owner_url: str, api_url: str) -> dict:
    """`make harvest-demo`: harvest the running app's own table as instance "demo-buur" with a
    one-off token of the demo region reader, revoked afterwards."""
    token_id, token = demo_token(owner_url)
    try:
        return harvest(database_url, api_url, token, DEMO_INSTANCE)
    finally:
        with psycopg.connect(owner_url) as conn:
            conn.execute("UPDATE auth.api_token SET revoked_at = now() WHERE id = %s", (token_id,))


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m ingest harvest-diwi", description=__doc__)
    parser.add_argument("--url", help="the other instance's API, e.g. https://…/api")
    parser.add_argument("--token", help="an API token of a user there")
    parser.add_argument("--instance", help="a short name for that instance")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="harvest this installation's own running app (DIWI_PUBLIC_URL) as demo-buur",
    )
    args = parser.parse_args(argv)
    if not args.demo and not (args.url and args.token and args.instance):
        parser.error("--url, --token and --instance are required (or --demo)")
    return args


def main(argv: list[str]) -> int:
    """python -m ingest harvest-diwi --url <other /api> --token <api token> --instance <name>
    (or --demo)."""
    from ingest.cli import database_url

    args = arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.demo:
            from manage.settings import DatabaseSettings
            from webapp.settings import env
            from webapp.settings import local_public_url

            api = f"{(env('PUBLIC_URL') or local_public_url()).rstrip('/')}/api"
            result = harvest_demo(database_url(), DatabaseSettings().url("owner"), api)
        else:
            result = harvest(database_url(), args.url, args.token, args.instance)
    except HarvestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"{result['instance']}: {result['features']} projecten in {result['pages']} pagina's "
        f"geoogst (run {result['run_id']})"
    )
    return 0
