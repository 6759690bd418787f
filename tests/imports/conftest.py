"""Import tests: the demo municipality with the areas, plusvelden and prices the files use."""

import uuid
from collections.abc import Callable

import psycopg
import pytest

from manage.demo_accounts import DEMO_ACCOUNTS
from manage.demo_accounts import DEMO_PASSWORD

AREAS = [
    ("WK020001", "Apeldoorn-Centrum", [("BU02000101", "Binnenstad")]),
    ("WK020003", "Zuidbroek", []),
]
PROPERTIES = [
    ("project", "numeric", "Aantal parkeerplaatsen", None, []),
    (
        "project",
        "category",
        "Duurzaamheidsambitie",
        True,
        ["BENG (wettelijk minimum)", "Energieneutraal"],
    ),
    ("houseblock", "boolean", "Levensloopbestendig", None, []),
]
PRICES = [
    ("purchase", "Betaalbare koop", 0, 40000000),
    ("purchase", "Dure koop", 40000001, None),
    ("rent", "Sociale huur", 0, 90000),
    ("rent", "Middenhuur", 90001, 120000),
]


def account(role: str) -> dict:
    return next(a for a in DEMO_ACCOUNTS if a["role"] == role)


@pytest.fixture(scope="session")
def import_setup(owner_url: str, demo_municipality: str) -> str:
    """Districts, plusvelden and price categories of GM0200 (idempotent); returns the code."""
    with psycopg.connect(owner_url) as conn:
        for code, name, hoods in AREAS:
            conn.execute(
                "INSERT INTO ref.district VALUES (%s, %s, 'GM0200') ON CONFLICT DO NOTHING",
                (code, name),
            )
            for hood, hood_name in hoods:
                conn.execute(
                    "INSERT INTO ref.neighbourhood VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                    (hood, hood_name, code),
                )
        for object_type, value_type, name, single, options in PROPERTIES:
            if conn.execute(
                "SELECT 1 FROM plan.property WHERE municipality_code = 'GM0200' AND name = %s",
                (name,),
            ).fetchone():
                continue
            pid = conn.execute(
                "INSERT INTO plan.property (municipality_code, kind, object_type, value_type, "
                "name, single_select) VALUES ('GM0200', 'custom', %s, %s, %s, %s) RETURNING id",
                (object_type, value_type, name, single),
            ).fetchone()[0]
            for i, label in enumerate(options):
                conn.execute(
                    "INSERT INTO plan.property_option (property_id, code, label_nl, sort_order) "
                    "VALUES (%s, %s, %s, %s)",
                    (pid, f"o{i}", label, i),
                )
        for kind, name, low, high in PRICES:
            conn.execute(
                "INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents, "
                "max_cents, valid_from) VALUES ('GM0200', %s, %s, %s, %s, '2020-01-01') "
                "ON CONFLICT DO NOTHING",
                (kind, name, low, high),
            )
    return demo_municipality


@pytest.fixture
def prefix() -> str:
    """A fresh identification-number prefix, so tests do not match each other's projects."""
    return "T" + uuid.uuid4().hex[:8].upper()


@pytest.fixture
def signed_in(client, auth, import_setup) -> Callable[[str], object]:
    """Sign the test client in as the demo account of a role."""

    signed: list[str] = []

    def sign(role: str = "user_plus"):
        if signed:
            auth.logout()
        auth.login(account(role)["email"], DEMO_PASSWORD)
        signed.append(role)
        return client

    return sign


@pytest.fixture
def count_rows(owner_url: str) -> Callable[[], tuple]:
    """How many plan rows exist (to prove that nothing was written)."""

    def count() -> tuple:
        with psycopg.connect(owner_url) as conn:
            return conn.execute(
                "SELECT (SELECT count(*) FROM plan.project), "
                "(SELECT count(*) FROM plan.project_version), "
                "(SELECT count(*) FROM plan.houseblock_version), "
                "(SELECT count(*) FROM plan.milestone_version), "
                "(SELECT count(*) FROM plan.property)"
            ).fetchone()

    return count


def multipart(fields: dict, data: bytes, name: str) -> tuple[bytes, str]:
    """A multipart/form-data body built in memory (the test client spools big bodies to an
    unclosed temporary file)."""
    boundary = "diwi-import-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    body = b"".join([*parts, head, data, f"\r\n--{boundary}--\r\n".encode()])
    return body, f"multipart/form-data; boundary={boundary}"


def csrf_of(client, path: str = "/importeren") -> str:
    import re

    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def post_file(
    client,
    data: bytes,
    kind: str = "excel",
    dry_run: bool = False,
    name: str = "f.xlsx",
    path: str = "/importeren/api",
    headers: dict | None = None,
    csrf: bool = True,
):
    """POST a file to the JSON endpoint as the signed-in user (CSRF token from the import page)."""
    fields = {"format": kind, "dry_run": str(dry_run).lower()}
    if csrf:
        fields["csrf_token"] = csrf_of(client)
    body, content_type = multipart(fields, data, name)
    return client.post(path, data=body, content_type=content_type, headers=headers or {})
