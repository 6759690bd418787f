"""Demo accounts, one per role, created idempotently through flask-security's datastore."""

import os

import psycopg
from flask_security import hash_password

DEMO_PASSWORD = "DIWI-demo-2026!"  # documented and shared: demo databases only
DEMO_DOMAIN = "demo.diwi.nl"

_PEOPLE = [  # role, e-mail name, first name, last name
    ("admin", "beheerder", "Bea", "Beheerder"),
    ("user_plus", "hoofdgebruiker", "Hans", "Hoofdgebruiker"),
    ("user", "gebruiker", "Gert", "Gebruiker"),
    ("management", "management", "Mila", "Management"),
    ("council", "raad", "Rik", "Raadslid"),
    ("external", "extern", "Eva", "Extern"),
    ("region_reader", "regio", "Ria", "Regio"),
    ("province_reader", "provincie", "Piet", "Provincie"),
]
DEMO_ACCOUNTS = [
    {"role": role, "email": f"{name}@{DEMO_DOMAIN}", "first_name": first, "last_name": last}
    for role, name, first, last in _PEOPLE
]

AREA_SQL = "SELECT region_code, province_code FROM ref.municipality WHERE code = %s"
GROUP_SQL = """
    INSERT INTO auth.user_group (municipality_code, name, single_user)
    VALUES (%s, %s, %s)
    ON CONFLICT (municipality_code, name) DO UPDATE SET name = excluded.name
    RETURNING id
"""
MEMBER_SQL = """
    INSERT INTO auth.user_group_member (user_group_id, user_id) VALUES (%s, %s)
    ON CONFLICT DO NOTHING
"""


def area_of(owner_url: str, municipality_code: str) -> tuple[str | None, str | None]:
    """Region and province of a municipality (which must exist in ref.municipality)."""
    with psycopg.connect(owner_url) as conn:
        row = conn.execute(AREA_SQL, (municipality_code,)).fetchone()
    if row is None:
        raise LookupError(f"ref.municipality {municipality_code} is missing; load it first")
    return row[0], row[1]


def ensure_user(account: dict, municipality_code: str, area: tuple) -> tuple:
    """Create the account's user (with its role) unless it exists; returns (id, email)."""
    from webapp.security import datastore

    store = datastore()
    user = store.find_user(email=account["email"])
    if user is not None:
        return user.id, user.email
    region, province = area
    user = store.create_user(
        email=account["email"],
        password=hash_password(DEMO_PASSWORD),
        first_name=account["first_name"],
        last_name=account["last_name"],
        municipality_code=municipality_code,
        region_code=region if account["role"] == "region_reader" else None,
        province_code=province if account["role"] == "province_reader" else None,
        roles=[store.find_role(account["role"])],
    )
    store.commit()
    return user.id, user.email


def join_groups(conn: psycopg.Connection, user: tuple, municipality_code: str, names: list) -> None:
    """Put a user (id, email) in the named groups and in their own single-user group."""
    user_id, email = user
    memberships = [(name, False) for name in names] + [(email, True)]
    for name, single in memberships:
        group_id = conn.execute(GROUP_SQL, (municipality_code, name, single)).fetchone()[0]
        conn.execute(MEMBER_SQL, (group_id, user_id))


def create_demo_accounts(owner_url: str, municipality_code: str, group_names_by_role: dict) -> None:
    """Create the demo users of a municipality (idempotent); group names keyed by role."""
    from webapp import create_app
    from webapp import db

    area = area_of(owner_url, municipality_code)
    app = create_app(
        {
            "DIWI_MOUNT_API": False,
            "SECRET_KEY": os.environ.get("DIWI_SECRET_KEY") or "demo-accounts",
            "SQLALCHEMY_DATABASE_URI": sqlalchemy_url(owner_url),
        }
    )
    with app.app_context():
        users = [(a, ensure_user(a, municipality_code, area)) for a in DEMO_ACCOUNTS]
    db.close(app)
    with psycopg.connect(owner_url) as conn:
        for account, user in users:
            names = group_names_by_role.get(account["role"]) or []
            names = [names] if isinstance(names, str) else list(names)
            join_groups(conn, user, municipality_code, names)


def sqlalchemy_url(url: str) -> str:
    """A libpq URL in SQLAlchemy's psycopg 3 dialect."""
    return url.replace("postgresql://", "postgresql+psycopg://", 1)
