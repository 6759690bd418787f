"""ZGW demo: a local zaak system notifies the running DIWI of a permit on Kadasterhof's parcels."""

import secrets
import time
from collections.abc import Callable
from datetime import date

import psycopg

from ingest.localserver.zgw import ZgwServer
from manage.demo_registry import AKR
from manage.demo_registry import MUNICIPAL_ID
from manage.demo_registry import MUNICIPALITY
from manage.demo_registry import PARCELS
from webapp.zgw import client
from webapp.zgw import queries
from webapp.zgw import sealing

CLIENT_ID = "diwi-demo"
SECRET = "diwi-demo-zgw-secret-of-32-bytes-or-more"
ZAAKTYPE = "http://localhost/catalogi/api/v1/zaaktypen/omgevingsvergunning-bouwen"
MAPPINGS = [
    ("start", "Omgevingsvergunning aangevraagd"),
    ("end", "Omgevingsvergunning verleend"),
]
PROJECT_SQL = """
    SELECT p.id::text, ST_AsGeoJSON(ST_Transform(v.plan_area, 4326), 7)::jsonb
    FROM plan.project p JOIN plan.project_version_at(current_date) v ON v.project_id = p.id
    WHERE p.municipality_code = %s AND p.municipal_id = %s AND p.removed_at IS NULL
"""
OUTCOMES = [("Verleend", "realised"), ("Geweigerd", "aborted"), ("Ingetrokken", "aborted")]
FIELDS = ("state", "matched_by", "reason", "error", "changes")
CONFIG_SQL = """
    INSERT INTO plan.zgw_config (municipality_code, zaken_url, notificaties_url, catalogi_url,
                                 client_id, secret)
    VALUES (%(m)s, %(z)s, %(n)s, %(k)s, %(c)s, %(s)s)
    ON CONFLICT (municipality_code) DO UPDATE SET zaken_url = excluded.zaken_url,
        notificaties_url = excluded.notificaties_url, catalogi_url = excluded.catalogi_url,
        client_id = excluded.client_id,
        secret = excluded.secret, updated_at = now()
"""


class DemoError(Exception):
    """The demo cannot run (no demo project, app or worker not running)."""


def configure(conn: psycopg.Connection, server: ZgwServer) -> None:
    """Point GM0200 to the local server, map the demo zaaktype and the resultaten."""
    params = {"m": MUNICIPALITY, "z": server.zaken_url, "n": server.notificaties_url}
    conn.execute(
        CONFIG_SQL, params | {"k": server.catalogi_url, "c": CLIENT_ID, "s": sealing.seal(SECRET)}
    )
    for omschrijving, status in OUTCOMES:
        conn.execute(
            "INSERT INTO plan.zgw_outcome (municipality_code, omschrijving, status) "
            "VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
            (MUNICIPALITY, omschrijving, status),
        )
    for moment, description in MAPPINGS:
        conn.execute(
            "INSERT INTO plan.zgw_mapping (municipality_code, zaaktype, moment, description) "
            "VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (MUNICIPALITY, ZAAKTYPE, moment, description),
        )


def subscribe(conn: psycopg.Connection, server: ZgwServer, public_url: str) -> None:
    """Subscribe as the admin page does: a new receive token in the abonnement."""
    token = secrets.token_urlsafe(32)
    config = {"client_id": CLIENT_ID, "secret": SECRET, "notificaties_url": server.notificaties_url}
    answer = client.subscribe(
        config, public_url.rstrip("/") + "/zgw/notificaties", token, [ZAAKTYPE]
    )
    conn.execute(
        "UPDATE plan.zgw_config SET receive_token_sha256 = %s, abonnement_url = %s, "
        "subscribed_at = now() WHERE municipality_code = %s",
        (queries.token_hash(token), answer["url"], MUNICIPALITY),
    )


def wait_processed(
    owner_url: str, zaak_url: str, count: int, timeout_s: float, on_wait: Callable | None
) -> dict:
    """Wait until the worker processed the count-th notificatie of the zaak; its inbox row."""
    sql = """SELECT state, matched_by, reason, error, changes FROM plan.zgw_notification
             WHERE zaak_url = %s ORDER BY received_at"""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with psycopg.connect(owner_url) as conn:
            rows = conn.execute(sql, (zaak_url,)).fetchall()
        if len(rows) >= count and rows[count - 1][0] not in ("received", "error"):
            return dict(zip(FIELDS, rows[count - 1], strict=True))
        if on_wait:
            on_wait()
        time.sleep(0.5)
    raise DemoError("de melding is niet verwerkt: draait de worker (`make worker`)?")


def describe(row: dict) -> str:
    if row["state"] != "linked":
        return f"  niet verwerkt ({row['state']}): {row['reason'] or row['error']}"
    if not row["changes"]:
        return f"  gekoppeld via {row['matched_by']}; mijlpalen waren al bijgewerkt"
    lines = [f"  gekoppeld via {row['matched_by']}:"]
    for change in row["changes"]:
        was = (
            f" (was {change['old_date']} {change['old_status']})" if change.get("old_date") else ""
        )
        lines.append(f"  - {change['description']}: {change['date']} {change['status']}{was}")
    return "\n".join(lines)


def run_demo(
    owner_url: str,
    public_url: str,
    port: int = 0,
    timeout_s: float = 60.0,
    on_wait: Callable | None = None,
) -> str:
    """Start the local ZGW server, subscribe GM0200, publish a zaak on Kadasterhof, report."""
    with psycopg.connect(owner_url) as conn:
        found = conn.execute(PROJECT_SQL, (MUNICIPALITY, MUNICIPAL_ID)).fetchone()
    if found is None:
        raise DemoError(
            "het demoproject Kadasterhof ontbreekt: draai eerst `make run` of `make ingest`"
        )
    report = [f"Lokaal zaaksysteem op {{}}; project Kadasterhof ({found[0]})"]
    with ZgwServer({CLIENT_ID: SECRET}, port=port) as server:
        report[0] = report[0].format(server.url)
        with psycopg.connect(owner_url) as conn:
            configure(conn, server)
            subscribe(conn, server, public_url)
        parcels = [f"{AKR} {section} {number}" for section, number in PARCELS[:2]]
        zaak = server.add_zaak(ZAAKTYPE, date.today(), geometry=found[1], parcels=parcels)
        steps = [("aangevraagd", "create"), ("verleend", "update")]
        for count, (label, actie) in enumerate(steps, start=1):
            if actie == "update":
                server.close_zaak(zaak, date.today())
            codes = server.publish(zaak, actie=actie)
            if codes != [204]:
                raise DemoError(
                    f"DIWI op {public_url} nam de melding niet aan ({codes}): draait de app?"
                )
            row = wait_processed(owner_url, zaak["url"], count, timeout_s, on_wait)
            report += [f"Zaak {zaak['identificatie']} {label} ({actie}):", describe(row)]
        report.append(written_back(server, zaak))
    return "\n".join(report)


def written_back(server: ZgwServer, zaak: dict) -> str:
    """What DIWI wrote back onto the zaak (the zaakobject pointing to the project)."""
    found = [
        o["object"]
        for o in server.zaakobjecten
        if o["zaak"] == zaak["url"] and o.get("objectTypeOverige") == "woningbouwproject"
    ]
    if not found:
        return "Geen zaakobject teruggeschreven (zie de foutmelding bij de koppeling)."
    return f"Zaakobject teruggeschreven op de zaak: {found[0]}"
