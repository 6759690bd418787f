"""SQL behind the admin screens; every statement is scoped to the caller's own municipality."""

import re
import secrets
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from uuid import UUID

import psycopg
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from webapp import db

ASSIGNABLE_ROLES = ("admin", "user_plus", "user", "management", "council", "external")


class RuleViolation(Exception):
    """A database rule refused a write: its rule code and Dutch message."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def rule_message(code: str) -> str:
    """The Dutch message of a rule code (the code itself when it has none)."""
    with db.connection() as conn:
        row = conn.execute("SELECT plan.rule_message(%s, 'nl')", (code,)).fetchone()
    return row[0] if row and row[0] else code


def violation(exc: psycopg.errors.IntegrityError) -> RuleViolation:
    """The rule violation behind an integrity error (its constraint name is the rule code)."""
    code = exc.diag.constraint_name or "unknown"
    return RuleViolation(code, rule_message(code))


@contextmanager
def writing() -> Iterator[psycopg.Cursor]:
    """One transaction whose integrity errors come out as RuleViolation."""
    try:
        with db.connection() as conn, conn.transaction():
            yield conn.cursor(row_factory=dict_row)
    except psycopg.errors.IntegrityError as exc:
        raise violation(exc) from exc


def rows(sql: str, params: tuple | dict = ()) -> list[dict]:
    """All rows of a read as dicts."""
    with db.connection() as conn:
        return conn.cursor(row_factory=dict_row).execute(sql, params).fetchall()


def one(sql: str, params: tuple | dict = ()) -> dict | None:
    """The first row of a read as a dict (None when there is none)."""
    found = rows(sql, params)
    return found[0] if found else None


# --- users -------------------------------------------------------------------------------

USERS_SQL = """
    SELECT u.id, u.email, u.first_name, u.prefixes, u.last_name, u.organisation, u.active,
           u.confirmed_at, u.invited_at,
           concat_ws(' ', u.first_name, u.prefixes, u.last_name) AS display_name,
           (SELECT string_agg(r.label_nl, ', ' ORDER BY r.label_nl) FROM auth.user_role ur
              JOIN auth.role r ON r.id = ur.role_id WHERE ur.user_id = u.id) AS role_labels,
           (SELECT min(r.name) FROM auth.user_role ur JOIN auth.role r ON r.id = ur.role_id
              WHERE ur.user_id = u.id) AS role,
           (SELECT string_agg(g.name, ', ' ORDER BY g.name) FROM auth.user_group_member m
              JOIN auth.user_group g ON g.id = m.user_group_id
              WHERE m.user_id = u.id AND NOT g.single_user) AS group_names
    FROM auth.app_user u
    WHERE u.municipality_code = %(m)s AND NOT u.is_system {extra}
    ORDER BY u.active DESC, u.last_name, u.first_name
"""


def list_users(municipality: str) -> list[dict]:
    """The municipality's users with their roles and groups (active first)."""
    return rows(USERS_SQL.format(extra=""), {"m": municipality})


def get_user(municipality: str, user_id: UUID) -> dict | None:
    """One user of the municipality (None: unknown or of another municipality)."""
    return one(USERS_SQL.format(extra="AND u.id = %(id)s"), {"m": municipality, "id": user_id})


def email_taken(email: str) -> bool:
    """Whether any user (of any municipality) already has this e-mail address."""
    return one("SELECT 1 FROM auth.app_user WHERE lower(email) = lower(%s)", (email,)) is not None


def role_choices() -> list[tuple[str, str]]:
    """The roles an admin may assign, as (name, Dutch label)."""
    found = rows(
        "SELECT name, label_nl FROM auth.role WHERE name = ANY(%s)", (list(ASSIGNABLE_ROLES),)
    )
    labels = {r["name"]: r["label_nl"] for r in found}
    return [(name, labels[name]) for name in ASSIGNABLE_ROLES if name in labels]


OWN_GROUP_SQL = """
    INSERT INTO auth.user_group (municipality_code, name, single_user) VALUES (:m, :name, true)
    RETURNING id
"""
OWN_MEMBER_SQL = "INSERT INTO auth.user_group_member (user_group_id, user_id) VALUES (:g, :u)"


def create_user(municipality: str, data: dict) -> UUID:
    """Create an active user with one role and their single-user group, in one transaction.

    The password is random and known to nobody: the user chooses one through the invitation.
    """
    from flask_security import hash_password
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from webapp.security import datastore
    from webapp.security import orm

    store = datastore()
    try:
        user = store.create_user(
            email=data["email"],
            password=hash_password(secrets.token_urlsafe(32)),
            first_name=data["first_name"],
            prefixes=data.get("prefixes") or None,
            last_name=data["last_name"],
            organisation=data.get("organisation") or None,
            municipality_code=municipality,
            roles=[store.find_role(data["role"])],
        )
        orm.session.flush()
        params = {"m": municipality, "name": data["email"]}
        group_id = orm.session.execute(text(OWN_GROUP_SQL), params).scalar_one()
        orm.session.execute(text(OWN_MEMBER_SQL), {"g": group_id, "u": user.id})
        store.commit()
    except IntegrityError as exc:
        orm.session.rollback()
        raise violation(exc.orig) from exc
    return user.id


def mark_invited(municipality: str, user_id: UUID) -> None:
    """Record that an invitation e-mail was just sent to a user of the municipality."""
    sql = """UPDATE auth.app_user SET invited_at = now()
             WHERE id = %s AND municipality_code = %s AND NOT is_system"""
    with writing() as conn:
        conn.execute(sql, (user_id, municipality))


LOCK_USER_SQL = """
    SELECT id FROM auth.app_user
    WHERE id = %s AND municipality_code = %s AND NOT is_system FOR UPDATE
"""


def set_role(municipality: str, user_id: UUID, role: str) -> bool:
    """Give a user of the municipality exactly this role; False when the user is not theirs."""
    with writing() as conn:
        if conn.execute(LOCK_USER_SQL, (user_id, municipality)).fetchone() is None:
            return False
        conn.execute("DELETE FROM auth.user_role WHERE user_id = %s", (user_id,))
        conn.execute(
            "INSERT INTO auth.user_role (user_id, role_id)"
            " SELECT %s, id FROM auth.role WHERE name = %s",
            (user_id, role),
        )
        conn.execute("UPDATE auth.app_user SET update_datetime = now() WHERE id = %s", (user_id,))
    return True


def set_active(municipality: str, user_id: UUID, active: bool) -> bool:
    """(De)activate a user of the municipality; deactivation also ends their sessions."""
    sql = """
        UPDATE auth.app_user SET active = %s, update_datetime = now(),
               fs_uniquifier = CASE WHEN %s THEN fs_uniquifier
                                    ELSE replace(gen_random_uuid()::text, '-', '') END
        WHERE id = %s AND municipality_code = %s AND NOT is_system
    """
    with writing() as conn:
        return conn.execute(sql, (active, active, user_id, municipality)).rowcount == 1


def groups_of(municipality: str, user_id: UUID) -> list[str]:
    """Ids of the (shared) groups of the municipality the user belongs to."""
    sql = """
        SELECT g.id::text AS id
        FROM auth.user_group_member m JOIN auth.user_group g ON g.id = m.user_group_id
        WHERE m.user_id = %s AND g.municipality_code = %s AND NOT g.single_user
    """
    return [r["id"] for r in rows(sql, (user_id, municipality))]


def set_user_groups(municipality: str, user_id: UUID, group_ids: list[str]) -> bool:
    """Replace a user's shared groups; False when user or any group is not the municipality's."""
    sql_groups = """
        SELECT count(*) AS n FROM auth.user_group
        WHERE id = ANY(%s::uuid[]) AND municipality_code = %s AND NOT single_user
    """
    with writing() as conn:
        if conn.execute(LOCK_USER_SQL, (user_id, municipality)).fetchone() is None:
            return False
        if conn.execute(sql_groups, (group_ids, municipality)).fetchone()["n"] != len(
            set(group_ids)
        ):
            return False
        conn.execute(
            """DELETE FROM auth.user_group_member m USING auth.user_group g
               WHERE g.id = m.user_group_id AND m.user_id = %s AND NOT g.single_user""",
            (user_id,),
        )
        for group_id in set(group_ids):
            conn.execute(
                "INSERT INTO auth.user_group_member (user_group_id, user_id) VALUES (%s, %s)",
                (group_id, user_id),
            )
    return True


# --- user groups -------------------------------------------------------------------------

GROUPS_SQL = """
    SELECT g.id, g.name, g.organisation,
           (SELECT count(*) FROM auth.user_group_member m
              WHERE m.user_group_id = g.id) AS member_count
    FROM auth.user_group g
    WHERE g.municipality_code = %(m)s AND NOT g.single_user {extra}
    ORDER BY lower(g.name)
"""


def list_groups(municipality: str) -> list[dict]:
    """The municipality's shared user groups with their member counts."""
    return rows(GROUPS_SQL.format(extra=""), {"m": municipality})


def get_group(municipality: str, group_id: UUID) -> dict | None:
    """One shared group of the municipality (None: unknown or another municipality's)."""
    return one(GROUPS_SQL.format(extra="AND g.id = %(id)s"), {"m": municipality, "id": group_id})


def create_group(municipality: str, name: str, organisation: str | None) -> UUID:
    """Create a shared user group; raises RuleViolation (user_group_name_taken)."""
    sql = """INSERT INTO auth.user_group (municipality_code, name, organisation)
             VALUES (%s, %s, %s) RETURNING id"""
    with writing() as conn:
        return conn.execute(sql, (municipality, name, organisation or None)).fetchone()["id"]


def update_group(municipality: str, group_id: UUID, name: str, organisation: str | None) -> bool:
    """Rename a shared group and set its organisation; False when it is not the municipality's."""
    sql = """UPDATE auth.user_group SET name = %s, organisation = %s
             WHERE id = %s AND municipality_code = %s AND NOT single_user"""
    with writing() as conn:
        return conn.execute(sql, (name, organisation or None, group_id, municipality)).rowcount == 1


def group_member_ids(group_id: UUID) -> list[str]:
    """Ids of a group's members."""
    sql = "SELECT user_id::text AS id FROM auth.user_group_member WHERE user_group_id = %s"
    return [r["id"] for r in rows(sql, (group_id,))]


def set_group_members(municipality: str, group_id: UUID, user_ids: list[str]) -> bool:
    """Replace a shared group's members; False when group or any user is not the municipality's."""
    lock = """SELECT id FROM auth.user_group WHERE id = %s AND municipality_code = %s
              AND NOT single_user FOR UPDATE"""
    count = """SELECT count(*) AS n FROM auth.app_user
               WHERE id = ANY(%s::uuid[]) AND municipality_code = %s AND NOT is_system"""
    with writing() as conn:
        if conn.execute(lock, (group_id, municipality)).fetchone() is None:
            return False
        if conn.execute(count, (user_ids, municipality)).fetchone()["n"] != len(set(user_ids)):
            return False
        conn.execute("DELETE FROM auth.user_group_member WHERE user_group_id = %s", (group_id,))
        for user_id in set(user_ids):
            conn.execute(
                "INSERT INTO auth.user_group_member (user_group_id, user_id) VALUES (%s, %s)",
                (group_id, user_id),
            )
    return True


# --- custom properties (plusvelden) ------------------------------------------------------

PROPERTIES_SQL = """
    SELECT p.id, p.object_type, p.value_type, p.name, p.description, p.mandatory, p.single_select,
           p.rules, p.disabled_at,
           (SELECT count(*) FROM plan.property_option o WHERE o.property_id = p.id
              AND o.disabled_at IS NULL) AS option_count
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.municipality_code = %(m)s {extra}
    ORDER BY p.disabled_at IS NOT NULL, p.object_type, p.sort_order, lower(p.name)
"""


def list_properties(municipality: str) -> list[dict]:
    """The municipality's custom properties (enabled first)."""
    return rows(PROPERTIES_SQL.format(extra=""), {"m": municipality})


def get_property(municipality: str, property_id: UUID) -> dict | None:
    """One custom property of the municipality (None: unknown or another municipality's)."""
    return one(
        PROPERTIES_SQL.format(extra="AND p.id = %(id)s"), {"m": municipality, "id": property_id}
    )


def phase_choices() -> list[tuple[str, str]]:
    """Project phases as (code, Dutch label) in their order."""
    return [
        (r["code"], r["label_nl"])
        for r in rows("SELECT code, label_nl FROM ref.project_phase ORDER BY sort_order")
    ]


def regex_valid(pattern: str) -> bool:
    """Whether PostgreSQL accepts the pattern as a regular expression (it is checked there)."""
    try:
        with db.connection() as conn:
            conn.execute("SELECT '' ~ %s", (pattern,))
    except psycopg.errors.InvalidRegularExpression:
        return False
    return True


def create_property(municipality: str, data: dict) -> UUID:
    """Create a custom property; raises RuleViolation with the rule code on bad input."""
    sql = """
        INSERT INTO plan.property (municipality_code, kind, object_type, value_type, name,
                                   description, mandatory, single_select, rules, sort_order)
        SELECT %(m)s, 'custom', %(object_type)s, %(value_type)s, %(name)s, %(description)s,
               %(mandatory)s, %(single_select)s, %(rules)s,
               coalesce(max(sort_order) + 1, 0)
        FROM plan.property WHERE municipality_code = %(m)s
        RETURNING id
    """
    params = {**data, "m": municipality, "rules": Jsonb(data["rules"])}
    with writing() as conn:
        return conn.execute(sql, params).fetchone()["id"]


def update_property(municipality: str, property_id: UUID, data: dict) -> bool:
    """Change a custom property's name, description, mandatory flag, single-select and rules."""
    sql = """
        UPDATE plan.property SET name = %(name)s, description = %(description)s,
               mandatory = %(mandatory)s,
               single_select = %(single_select)s, rules = %(rules)s
        WHERE id = %(id)s AND municipality_code = %(m)s AND kind = 'custom'
    """
    params = {**data, "m": municipality, "id": property_id, "rules": Jsonb(data["rules"])}
    with writing() as conn:
        return conn.execute(sql, params).rowcount == 1


def set_property_disabled(municipality: str, property_id: UUID, disabled: bool) -> bool:
    """Disable (or enable again) a custom property; properties are never deleted."""
    sql = """UPDATE plan.property SET disabled_at = CASE WHEN %s THEN now() END
             WHERE id = %s AND municipality_code = %s AND kind = 'custom'"""
    with writing() as conn:
        return conn.execute(sql, (disabled, property_id, municipality)).rowcount == 1


def list_options(property_id: UUID) -> list[dict]:
    """A property's options in their order (disabled ones included)."""
    sql = """SELECT id, code, label_nl, ordinal_level, sort_order, disabled_at
             FROM plan.property_option WHERE property_id = %s ORDER BY sort_order, label_nl"""
    return rows(sql, (property_id,))


def option_code(label: str) -> str:
    """A stable lower-case code made from an option's label."""
    ascii_label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_label.lower()).strip("_") or "optie"


def add_option(municipality: str, property_id: UUID, label: str) -> bool:
    """Append an option to a category or ordinal property of the municipality."""
    sql = """
        INSERT INTO plan.property_option (property_id, code, label_nl, ordinal_level, sort_order)
        SELECT p.id, %(code)s, %(label)s,
               CASE WHEN p.value_type = 'ordinal' THEN coalesce(max(o.ordinal_level), 0) + 1 END,
               coalesce(max(o.sort_order), 0) + 1
        FROM plan.property p LEFT JOIN plan.property_option o ON o.property_id = p.id
        WHERE p.id = %(id)s AND p.municipality_code = %(m)s AND p.kind = 'custom'
          AND p.value_type IN ('category', 'ordinal')
        GROUP BY p.id, p.value_type
    """
    params = {"code": option_code(label), "label": label, "id": property_id, "m": municipality}
    with writing() as conn:
        return conn.execute(sql, params).rowcount == 1


OPTION_SCOPE = """FROM plan.property p WHERE p.id = o.property_id AND o.id = %(id)s
                  AND p.municipality_code = %(m)s AND p.kind = 'custom'"""


def rename_option(municipality: str, option_id: UUID, label: str) -> bool:
    """Rename an option of the municipality's custom property (its code and id stay)."""
    sql = f"UPDATE plan.property_option o SET label_nl = %(label)s {OPTION_SCOPE}"
    with writing() as conn:
        return conn.execute(sql, {"label": label, "id": option_id, "m": municipality}).rowcount == 1


def set_option_disabled(municipality: str, option_id: UUID, disabled: bool) -> bool:
    """Disable (or enable) an option; options are never deleted, values keep pointing at them."""
    sql = f"""UPDATE plan.property_option o SET disabled_at = CASE WHEN %(d)s THEN now() END
              {OPTION_SCOPE}"""
    with writing() as conn:
        return conn.execute(sql, {"d": disabled, "id": option_id, "m": municipality}).rowcount == 1


def property_of_option(municipality: str, option_id: UUID) -> UUID | None:
    """The custom property an option of the municipality belongs to."""
    sql = """SELECT p.id FROM plan.property_option o JOIN plan.property p ON p.id = o.property_id
             WHERE o.id = %s AND p.municipality_code = %s AND p.kind = 'custom'"""
    found = one(sql, (option_id, municipality))
    return found["id"] if found else None


# --- price categories --------------------------------------------------------------------

PRICE_SQL = """
    SELECT id, price_kind, name, min_cents, max_cents, valid_from, valid_to
    FROM plan.price_category WHERE municipality_code = %(m)s {extra}
    ORDER BY price_kind, valid_to IS NOT NULL, min_cents, name
"""


def list_price_categories(municipality: str) -> list[dict]:
    """The municipality's price categories (current first per kind)."""
    return rows(PRICE_SQL.format(extra=""), {"m": municipality})


def get_price_category(municipality: str, category_id: UUID) -> dict | None:
    """One price category of the municipality."""
    return one(PRICE_SQL.format(extra="AND id = %(id)s"), {"m": municipality, "id": category_id})


def create_price_category(municipality: str, data: dict) -> UUID:
    """Create a price category; raises RuleViolation (bounds, period, name taken)."""
    sql = """INSERT INTO plan.price_category (municipality_code, price_kind, name, min_cents,
                                              max_cents, valid_from, valid_to)
             VALUES (%(m)s, %(price_kind)s, %(name)s, %(min_cents)s, %(max_cents)s,
                     %(valid_from)s, %(valid_to)s)
             RETURNING id"""
    with writing() as conn:
        return conn.execute(sql, {**data, "m": municipality}).fetchone()["id"]


def update_price_category(municipality: str, category_id: UUID, data: dict) -> bool:
    """Change a price category of the municipality."""
    sql = """UPDATE plan.price_category SET price_kind = %(price_kind)s, name = %(name)s,
                    min_cents = %(min_cents)s, max_cents = %(max_cents)s,
                    valid_from = %(valid_from)s, valid_to = %(valid_to)s
             WHERE id = %(id)s AND municipality_code = %(m)s"""
    with writing() as conn:
        return conn.execute(sql, {**data, "m": municipality, "id": category_id}).rowcount == 1


def end_price_category(municipality: str, category_id: UUID, valid_to: date) -> bool:
    """End a price category's validity on valid_to (exclusive)."""
    sql = "UPDATE plan.price_category SET valid_to = %s WHERE id = %s AND municipality_code = %s"
    with writing() as conn:
        return conn.execute(sql, (valid_to, category_id, municipality)).rowcount == 1


# --- districts and neighbourhoods --------------------------------------------------------


def list_districts(municipality: str) -> list[dict]:
    """The municipality's districts, each with its neighbourhoods."""
    sql = """
        SELECT d.code, d.name,
               coalesce(jsonb_agg(jsonb_build_object('code', n.code, 'name', n.name)
                                  ORDER BY n.code)
                        FILTER (WHERE n.code IS NOT NULL), '[]') AS neighbourhoods
        FROM ref.district d LEFT JOIN ref.neighbourhood n ON n.district_code = d.code
        WHERE d.municipality_code = %s GROUP BY d.code, d.name ORDER BY d.code
    """
    return rows(sql, (municipality,))


def create_district(municipality: str, code: str, name: str) -> None:
    """Create a district; the database checks the WKggggww format and the municipality prefix."""
    with writing() as conn:
        if conn.execute("SELECT 1 FROM ref.district WHERE code = %s", (code,)).fetchone():
            raise RuleViolation("district_code_taken", rule_message("district_code_taken"))
        conn.execute(
            "INSERT INTO ref.district (code, name, municipality_code) VALUES (%s, %s, %s)",
            (code, name, municipality),
        )


def rename_district(municipality: str, code: str, name: str) -> bool:
    """Rename a district of the municipality."""
    sql = "UPDATE ref.district SET name = %s WHERE code = %s AND municipality_code = %s"
    with writing() as conn:
        return conn.execute(sql, (name, code, municipality)).rowcount == 1


def create_neighbourhood(municipality: str, district_code: str, code: str, name: str) -> bool:
    """Create a neighbourhood in one of the municipality's districts; False if it is not theirs."""
    district = "SELECT 1 FROM ref.district WHERE code = %s AND municipality_code = %s"
    with writing() as conn:
        if conn.execute(district, (district_code, municipality)).fetchone() is None:
            return False
        if conn.execute("SELECT 1 FROM ref.neighbourhood WHERE code = %s", (code,)).fetchone():
            raise RuleViolation(
                "neighbourhood_code_taken", rule_message("neighbourhood_code_taken")
            )
        conn.execute(
            "INSERT INTO ref.neighbourhood (code, name, district_code) VALUES (%s, %s, %s)",
            (code, name, district_code),
        )
    return True


def rename_neighbourhood(municipality: str, code: str, name: str) -> bool:
    """Rename a neighbourhood in one of the municipality's districts."""
    sql = """UPDATE ref.neighbourhood n SET name = %s FROM ref.district d
             WHERE d.code = n.district_code AND n.code = %s AND d.municipality_code = %s"""
    with writing() as conn:
        return conn.execute(sql, (name, code, municipality)).rowcount == 1


# --- security settings --------------------------------------------------------------------


def two_factor_required(municipality: str) -> bool:
    """Whether every user of the municipality must sign in with an authenticator app."""
    found = one(
        "SELECT two_factor_required FROM auth.municipality_setting WHERE municipality_code = %s",
        (municipality,),
    )
    return bool(found and found["two_factor_required"])


def set_two_factor_required(municipality: str, required: bool) -> None:
    """Require (or stop requiring) two-factor sign-in for the municipality's users."""
    with writing() as cur:
        cur.execute(
            "INSERT INTO auth.municipality_setting (municipality_code, two_factor_required) "
            "VALUES (%s, %s) ON CONFLICT (municipality_code) DO UPDATE SET "
            "two_factor_required = excluded.two_factor_required, update_datetime = now()",
            (municipality, required),
        )
