"""What an import looks values up in: code lists, the municipality's areas, properties, prices."""

from dataclasses import dataclass

import psycopg
from psycopg.rows import dict_row

from webapp.diwi_format.labels import lookup_tables
from webapp.diwi_format.labels import normalise

PROPERTIES_SQL = """
    SELECT p.id::text, p.name, p.object_type, p.value_type,
           coalesce(p.single_select, p.value_type = 'ordinal') AS single_select,
           coalesce((SELECT jsonb_object_agg(o.label_nl, o.id::text) FROM plan.property_option o
                     WHERE o.property_id = p.id AND o.disabled_at IS NULL), '{}') AS options
    FROM plan.property p
    WHERE p.kind = 'custom' AND p.municipality_code = %s AND p.disabled_at IS NULL
"""
PRICES_SQL = """
    SELECT id::text, price_kind, name FROM plan.price_category
    WHERE municipality_code = %s AND valid_from <= current_date
      AND (valid_to IS NULL OR valid_to > current_date)
"""
# Users who may own projects (DIWI: CAN_OWN_PROJECTS = user_plus, user, external), by e-mail
OWNERS_SQL = """
    SELECT lower(u.email), g.id::text FROM auth.app_user u
    JOIN auth.user_group_member m ON m.user_id = u.id
    JOIN auth.user_group g ON g.id = m.user_group_id AND g.single_user
    WHERE u.active AND u.municipality_code = %s AND g.municipality_code = %s
      AND EXISTS (SELECT 1 FROM auth.user_role ur JOIN auth.role r ON r.id = ur.role_id
                  WHERE ur.user_id = u.id AND r.name IN ('user_plus', 'user', 'external'))
"""
GROUPS_SQL = """
    SELECT lower(name), id::text FROM auth.user_group
    WHERE municipality_code = %s AND NOT single_user
"""


@dataclass
class Context:
    """Lookups for one import by one viewer in their municipality."""

    municipality_code: str
    municipality_names: set[str]
    labels: dict[str, dict[str, str]]
    districts: dict[str, str]
    neighbourhoods: dict[str, str]
    properties: dict[tuple[str, str], dict]  # (object_type, normalised name) -> property
    prices: dict[tuple[str, str], str]  # (price_kind, normalised name) -> id
    owners: dict[str, str]  # lower e-mail -> single-user group id
    groups: dict[str, str]  # lower group name -> id

    def code(self, kind: str, text: object) -> str | None:
        """Our code of a label / enum name / code of a code list (None: unknown)."""
        return self.labels.get(kind, {}).get(normalise(text))

    def prop(self, object_type: str, name: object) -> dict | None:
        return self.properties.get((object_type, normalise(name)))

    def price(self, price_kind: str, name: object) -> str | None:
        return self.prices.get((price_kind, normalise(name)))

    def owner_group(self, text: str) -> str | None:
        key = text.strip().lower()
        return self.owners.get(key) or self.groups.get(key)


def load_context(conn: psycopg.Connection, municipality_code: str) -> Context:
    """Read every lookup of an import once."""
    m = conn.execute(
        "SELECT code, name FROM ref.municipality WHERE code = %s", (municipality_code,)
    ).fetchone()
    districts = {}
    for code, name in conn.execute(
        "SELECT code, name FROM ref.district WHERE municipality_code = %s", (municipality_code,)
    ):
        districts[normalise(code)] = code
        districts.setdefault(normalise(name), code)
    neighbourhoods = {}
    for code, name in conn.execute(
        "SELECT n.code, n.name FROM ref.neighbourhood n JOIN ref.district d "
        "ON d.code = n.district_code WHERE d.municipality_code = %s",
        (municipality_code,),
    ):
        neighbourhoods[normalise(code)] = code
        neighbourhoods.setdefault(normalise(name), code)
    cur = conn.cursor(row_factory=dict_row)
    props = cur.execute(PROPERTIES_SQL, (municipality_code,)).fetchall()
    return Context(
        municipality_code=municipality_code,
        municipality_names={normalise(x) for x in (m or ()) if x},
        labels=lookup_tables(conn),
        districts=districts,
        neighbourhoods=neighbourhoods,
        properties={(p["object_type"], normalise(p["name"])): p for p in props},
        prices={
            (kind, normalise(name)): pid
            for pid, kind, name in conn.execute(PRICES_SQL, (municipality_code,))
        },
        owners=dict(conn.execute(OWNERS_SQL, (municipality_code, municipality_code)).fetchall()),
        groups=dict(conn.execute(GROUPS_SQL, (municipality_code,)).fetchall()),
    )
