"""Demo data for the province deliveries: mandatory plusvelden, their values and the mappings."""

from typing import Any

import psycopg
from psycopg.types.json import Jsonb

TEMPLATES = ("zuid-holland", "gelderland", "zeeland")

# name -> value type, single select, options [(code, label, {template: province option})],
# and per template the field it fills. Every property is mandatory (it may fill mandatory fields).
PROPERTIES: list[dict[str, Any]] = [
    {
        "name": "Opdrachtgever type",
        "value_type": "category",
        "single": True,
        "fields": {
            "zuid-holland": "opdrachtgever_type",
            "gelderland": "opdrachtgever_type",
            "zeeland": "Opdrachtegever",
        },
        "options": [
            (
                "gemeente",
                "Gemeente",
                {"zuid-holland": "Gemeente", "gelderland": "Gemeente", "zeeland": "Gemeente"},
            ),
            (
                "corporatie",
                "Woningcorporatie",
                {
                    "zuid-holland": "Woningcorporatie",
                    "gelderland": "Woningbouwcorporatie",
                    "zeeland": "Woningbouwcorporatie",
                },
            ),
            (
                "ontwikkelaar",
                "Projectontwikkelaar",
                {
                    "zuid-holland": "Projectontwikkelaar",
                    "gelderland": "Projectontwikkelaar",
                    "zeeland": "Projectontwikkelaar",
                },
            ),
            (
                "particulieren",
                "Particulieren",
                {
                    "zuid-holland": "Particulieren",
                    "gelderland": "Particulieren",
                    "zeeland": "Particulieren",
                },
            ),
            (
                "onbekend",
                "Onbekend",
                {"zuid-holland": "Onbekend", "gelderland": "Onbekend", "zeeland": "Nog onbekend"},
            ),
        ],
    },
    {
        "name": "Categorie planlijst",
        "value_type": "category",
        "single": True,
        "fields": {"zuid-holland": "ph_text1"},
        "options": [
            (
                "1a",
                "1a Harde plannen",
                {"zuid-holland": "1a harde plannen, in voorbereiding of in uitvoering"},
            ),
            ("1b", "1b Kansrijke plannen", {"zuid-holland": "1b kansrijke plannen"}),
            ("1c", "1c Bestuurlijke afspraken", {"zuid-holland": "1c bestuurlijke afspraken"}),
            ("2", "2 Reserveplannen", {"zuid-holland": "2 reserveplannen"}),
        ],
    },
    {
        "name": "Aantal studentenwoningen",
        "value_type": "numeric",
        "rules": {"min": 0, "integer": True},
        "fields": {"zuid-holland": "ph_short2", "zeeland": "Studentenwoningen"},
    },
    {
        "name": "Knelpunten",
        "value_type": "category",
        "single": False,
        "fields": {
            "zuid-holland": "knelpunten_meerkeuze",
            "gelderland": "knelpunten_meerkeuze",
            "zeeland": "Knelpunten",
        },
        "options": [
            (
                "bereikbaarheid",
                "Bereikbaarheid",
                {
                    "zuid-holland": "Bereikbaarheid",
                    "gelderland": "Bereikbaarheid",
                    "zeeland": "Bereikbaarheid",
                },
            ),
            (
                "netcongestie",
                "Netcongestie",
                {"zuid-holland": "Netcongestie", "gelderland": "Netcongestie", "zeeland": "Nuts"},
            ),
            (
                "stikstof",
                "Stikstof",
                {"zuid-holland": "Stikstof", "gelderland": "Stikstofruimte", "zeeland": "Stikstof"},
            ),
            (
                "onrendabele_top",
                "Onrendabele top",
                {
                    "zuid-holland": "Onrendabele top",
                    "gelderland": "Onrendabele top",
                    "zeeland": "Onrendabele top",
                },
            ),
        ],
    },
    {
        "name": "Beoogd woonmilieu",
        "value_type": "category",
        "single": True,
        "fields": {
            "zuid-holland": "beoogd_woonmilieu_ABF13",
            "gelderland": "beoogd_woonmilieu_ABF13",
            "zeeland": "Woonmilieu",
        },
        "options": [
            (code, label, dict.fromkeys(TEMPLATES, label))
            for code, label in [
                ("centrum_stedelijk", "Centrum-stedelijk"),
                ("groen_stedelijk", "Groen-stedelijk"),
                ("dorps", "Dorps"),
                ("landelijk", "Landelijk bereikbaar"),
            ]
        ],
    },
    {
        "name": "Sleutelproject",
        "value_type": "boolean",
        "fields": {"zeeland": "Sleutelproject"},
    },
]
# municipal price category name -> band per template (the categories straddle the provinces' bands)
PRICE_BANDS = {
    "Betaalbare koop": {"zuid-holland": "KOOP2", "gelderland": "KOOP2", "zeeland": "KOOP2"},
    "Dure koop": {"zuid-holland": "KOOP4", "gelderland": "KOOP4", "zeeland": "KOOP4"},
    "Sociale huur": {"zuid-holland": "HUUR2", "gelderland": "HUUR2", "zeeland": "HUUR2"},
    "Middenhuur": {"zuid-holland": "HUUR3", "gelderland": "HUUR3", "zeeland": "HUUR3"},
    "Dure huur": {"zuid-holland": "HUUR4", "gelderland": "HUUR4", "zeeland": "HUUR4"},
}
PROPERTY_SQL = """
INSERT INTO plan.property (municipality_code, kind, object_type, value_type, name, mandatory,
                           single_select, rules, sort_order)
VALUES (%s, 'custom', 'project', %s, %s, true, %s, %s, %s)
ON CONFLICT (coalesce(municipality_code, ''), object_type, lower(name)) WHERE disabled_at IS NULL
DO UPDATE SET value_type = EXCLUDED.value_type, mandatory = true,
              single_select = EXCLUDED.single_select,
              rules = EXCLUDED.rules
RETURNING id::text
"""
OPTION_SQL = """
INSERT INTO plan.property_option (property_id, code, label_nl, sort_order) VALUES (%s, %s, %s, %s)
ON CONFLICT ON CONSTRAINT property_option_code_taken DO UPDATE SET label_nl = EXCLUDED.label_nl,
    disabled_at = NULL
RETURNING id::text
"""
# Deterministic values per project: an option picked by a hash of the project id.
VALUES_SQL = """
UPDATE plan.project_version v
SET custom_values = v.custom_values || %s::jsonb || jsonb_build_object(
    %s::text, (%s::text[])[1 + abs(hashtext(v.project_id::text)) %% %s],
    %s::text, (%s::text[])[1 + abs(hashtext(v.project_id::text || 'p')) %% %s],
    %s::text, jsonb_build_array((%s::text[])[1 + abs(hashtext(v.project_id::text || 'k')) %% %s]),
    %s::text, (%s::text[])[1 + abs(hashtext(v.project_id::text || 'w')) %% %s],
    %s::text, hashtext(v.project_id::text) %% 3 = 0)
FROM plan.project p WHERE p.id = v.project_id AND p.municipality_code = %s
"""


def _properties(conn: psycopg.Connection, code: str) -> dict[str, dict[str, Any]]:
    """Upsert the demo properties of a municipality: name -> {id, options: {code: id}}."""
    made: dict[str, dict[str, Any]] = {}
    for order, prop in enumerate(PROPERTIES, start=100):
        pid = conn.execute(
            PROPERTY_SQL,
            (
                code,
                prop["value_type"],
                prop["name"],
                prop.get("single"),
                Jsonb(prop.get("rules", {})),
                order,
            ),
        ).fetchone()[0]
        options = {
            option: conn.execute(OPTION_SQL, (pid, option, label, n)).fetchone()[0]
            for n, (option, label, _) in enumerate(prop.get("options", []), start=1)
        }
        made[prop["name"]] = {"id": pid, "options": options}
    return made


def _values(conn: psycopg.Connection, code: str, made: dict[str, dict[str, Any]]) -> None:
    """Give every version of every demo project a value for each mandatory demo property."""

    def opts(name: str) -> tuple[str, list[str], int]:
        ids = list(made[name]["options"].values())
        return made[name]["id"], ids, len(ids)

    params: list[Any] = [Jsonb({made["Aantal studentenwoningen"]["id"]: 0})]
    for name in ("Opdrachtgever type", "Categorie planlijst", "Knelpunten", "Beoogd woonmilieu"):
        params += list(opts(name))
    params += [made["Sleutelproject"]["id"], code]
    conn.execute(VALUES_SQL, params)


def _mappings(conn: psycopg.Connection, code: str, made: dict[str, dict[str, Any]]) -> None:
    for table in ("delivery_field_mapping", "delivery_option_mapping", "delivery_price_mapping"):
        conn.execute(f"DELETE FROM plan.{table} WHERE municipality_code = %s", (code,))
    for prop in PROPERTIES:
        for template, field_name in prop["fields"].items():
            conn.execute(
                "INSERT INTO plan.delivery_field_mapping"
                " (municipality_code, template_id, field_name, property_id)"
                " VALUES (%s, %s, %s, %s)",
                (code, template, field_name, made[prop["name"]]["id"]),
            )
            for option, _, targets in prop.get("options", []):
                conn.execute(
                    "INSERT INTO plan.delivery_option_mapping VALUES (%s, %s, %s, %s, %s)",
                    (
                        code,
                        template,
                        field_name,
                        targets[template],
                        made[prop["name"]]["options"][option],
                    ),
                )
    conn.execute(
        "INSERT INTO plan.delivery_price_mapping SELECT c.municipality_code, b.key, c.id, b.value"
        " FROM plan.price_category c, jsonb_each_text(%s::jsonb -> c.name) b"
        " WHERE c.municipality_code = %s",
        (Jsonb(PRICE_BANDS), code),
    )


# The demo's randomness breaks the provinces' checks in ways real data would be fixed by hand: make
# every project that is delivered (current level >= 5, status counting as capacity) deliverable.
DELIVERED = """
    SELECT p.id FROM plan.project p
    JOIN plan.project_version v ON v.project_id = p.id AND v.superseded_at IS NULL
    WHERE p.municipality_code = ANY (%(codes)s) AND v.confidentiality_level >= 5
      AND coalesce(v.planning_status, '') NOT IN ('5A', '5B')
"""
FIXES = [
    # projects without a planning status stay internal (PMW needs a status; no guessing)
    "UPDATE plan.project_version SET confidentiality_level = 4 WHERE project_id IN ("
    + DELIVERED
    + " AND v.planning_status IS NULL)",
    # one plan type (the provinces want exactly one): the first
    "UPDATE plan.project_version SET plan_types = plan_types[1:1] "
    "WHERE cardinality(plan_types) > 1 AND project_id IN (" + DELIVERED + ")",
    # a drawn plan area around the map point where none was drawn
    "UPDATE plan.project_version SET plan_area = ST_Multi(ST_Expand(location, 40)), "
    "area_source = 'drawn' "
    "WHERE plan_area IS NULL AND location IS NOT NULL AND project_id IN (" + DELIVERED + ")",
    # a price range across a band boundary of any template becomes its lower bound
    """UPDATE plan.houseblock_ownership_line l SET price_cents = lower(l.price_range_cents),
                                                 price_range_cents = NULL
       FROM plan.houseblock_version hv JOIN plan.houseblock h ON h.id = hv.houseblock_id
       JOIN plan.project p ON p.id = h.project_id
       WHERE hv.id = l.houseblock_version_id AND l.price_range_cents IS NOT NULL
         AND h.project_id IN ("""
    + DELIVERED
    + """)
         AND EXISTS (SELECT 1 FROM ref.delivery_template t CROSS JOIN LATERAL
                     publication.delivery_line_band(t.definition, t.id, p.municipality_code,
                         l.ownership_type, NULL, l.price_range_cents, NULL,
                         coalesce(hv.delivery_latest, h.end_date)) b
                     WHERE b.range_error)""",
]


def relax_mandatory(conn: psycopg.Connection, codes: list[str]) -> None:
    """Make the demo delivery plusvelden optional (while the demo projects are recreated)."""
    conn.execute(
        "UPDATE plan.property SET mandatory = false"
        " WHERE municipality_code = ANY (%s) AND name = ANY (%s)",
        (codes, [p["name"] for p in PROPERTIES]),
    )


def make_deliverable(conn: psycopg.Connection, codes: list[str]) -> None:
    """Apply FIXES to the demo projects that are delivered."""
    for statement in FIXES:
        conn.execute(statement, {"codes": codes})


def load_delivery_demo(conn: psycopg.Connection, codes: list[str]) -> None:
    """Plusvelden, values and mappings so every demo municipality can deliver to all provinces."""
    present = {r[0] for r in conn.execute("SELECT id FROM ref.delivery_template")}
    if not present.issuperset(TEMPLATES):
        return  # templates are loaded by `manage migrate`
    for code in codes:
        made = _properties(conn, code)
        _values(conn, code, made)
        _mappings(conn, code, made)
    make_deliverable(conn, codes)
