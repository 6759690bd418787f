"""Who is looking: the viewer handed to plan.set_viewer and to the pygeoapi provider."""

from collections.abc import Callable
from functools import wraps
from typing import Any

import psycopg
from flask import Flask
from flask import abort
from flask import current_app
from flask_security import current_user

from webapp import db

# When a user holds several roles, the first listed here is the one that sets visibility.
ROLE_PRIORITY = (
    "user_plus",
    "user",
    "management",
    "council",
    "external",
    "region_reader",
    "province_reader",
    "admin",
)
ENVIRON_KEY = "diwi.viewer"

GROUPS_SQL = "SELECT user_group_id::text FROM auth.user_group_member WHERE user_id = %s ORDER BY 1"


def primary_role(role_names: list[str]) -> str | None:
    """The role that decides what a user with these roles sees."""
    for name in ROLE_PRIORITY:
        if name in role_names:
            return name
    return None


def viewer_for(user: Any, app: Flask | None = None) -> dict | None:
    """The viewer dict of a signed-in user (None: anonymous or without a role)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    role = primary_role([r.name for r in user.roles])
    if role is None:
        return None
    with db.connection(app) as conn:
        groups = [row[0] for row in conn.execute(GROUPS_SQL, (user.id,))]
    return {
        "role": role,
        "municipality_code": user.municipality_code,
        "region_code": user.region_code,
        "province_code": user.province_code,
        "group_ids": groups,
        "user_id": str(user.id),
    }


def set_viewer(conn: psycopg.Connection, viewer: dict | None) -> None:
    """Call plan.set_viewer for the rest of conn's current transaction."""
    if viewer is None:
        conn.execute("SELECT plan.set_viewer(NULL)")
        return
    conn.execute(
        "SELECT plan.set_viewer(%s, %s, %s, %s, %s::uuid[], %s::uuid)",
        (
            viewer["role"],
            viewer["municipality_code"],
            viewer["region_code"],
            viewer["province_code"],
            viewer["group_ids"],
            viewer["user_id"],
        ),
    )


def required_viewer() -> dict:
    """The viewer of the signed-in user with a role; 403 otherwise (also when signed out)."""
    viewer = viewer_for(current_user)
    if viewer is None:
        abort(403)
    return viewer


def with_viewer(view: Callable) -> Callable:
    """A view for signed-in users with a role: it gets their viewer dict as first argument;
    signed-out visitors go to the login page, users without a role get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(required_viewer(), *args, **kwargs)

    return wrapped
