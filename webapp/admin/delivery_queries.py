"""SQL behind the delivery mapping screens (/beheer/leveringen), scoped to one municipality."""

from typing import Any

from psycopg.rows import dict_row

from webapp import db
from webapp.admin.queries import rows

# Mapping problems that refuse a save; the completeness codes (DIWI) are saved and shown.
REFUSING = {
    "mapping_type_incompatible",
    "mapping_not_mandatory",
    "mapping_not_single_select",
    "mapping_option_invalid",
    "mapping_property_invalid",
    "mapping_price_category_invalid",
}
BANDS = {
    "purchase": ["KOOP1", "KOOP2", "KOOP3", "KOOP4", "KOOP_ONB"],
    "rent": ["HUUR1", "HUUR2", "HUUR3", "HUUR4", "HUUR_ONB"],
}
PROBLEMS_SQL = """
    SELECT x.code, x.field_name, x.detail,
           coalesce(plan.rule_message(x.code, 'nl'), x.code) AS message
    FROM publication.delivery_mapping_problems(%s, %s) x ORDER BY x.field_name NULLS FIRST, x.code
"""


class MappingRefused(Exception):
    """The mapping breaks a type rule; nothing was saved."""

    def __init__(self, problems: list[dict]) -> None:
        super().__init__(", ".join(p["code"] for p in problems))
        self.problems = problems


def templates() -> list[dict]:
    return rows(
        "SELECT id, title_nl, definition->>'format' AS format, province_code, p.name AS province "
        "FROM ref.delivery_template t JOIN ref.province p ON p.code = t.province_code "
        "ORDER BY title_nl"
    )


def template(template_id: str) -> dict | None:
    found = rows(
        "SELECT id, title_nl, definition FROM ref.delivery_template WHERE id = %s", (template_id,)
    )
    return found[0] if found else None


def mapped_fields(definition: dict) -> list[dict]:
    """The template's fields a municipality maps, in order (each once)."""
    seen: dict[str, dict] = {}
    for table in definition["tables"]:
        for field in table["fields"]:
            if "mapped" in field and field["name"] not in seen:
                seen[field["name"]] = field
    return list(seen.values())


def properties(municipality: str) -> list[dict]:
    """The municipality's active custom project properties with their active options."""
    return rows(
        """SELECT p.id::text, p.name, p.value_type, p.mandatory,
                  coalesce(p.single_select, p.value_type = 'ordinal') AS single_select,
                  coalesce((SELECT jsonb_agg(jsonb_build_object('id', o.id::text,
                                                                'label', o.label_nl)
                                             ORDER BY o.sort_order, o.label_nl)
                            FROM plan.property_option o
                            WHERE o.property_id = p.id AND o.disabled_at IS NULL), '[]') AS options
           FROM plan.property p
           WHERE p.kind = 'custom' AND p.municipality_code = %s AND p.object_type = 'project'
             AND p.disabled_at IS NULL ORDER BY p.sort_order, p.name""",
        (municipality,),
    )


def price_categories(municipality: str) -> list[dict]:
    return rows(
        "SELECT id::text, price_kind, name, min_cents, max_cents, valid_from, valid_to "
        "FROM plan.price_category WHERE municipality_code = %s "
        "ORDER BY price_kind, valid_from, min_cents",
        (municipality,),
    )


def current(municipality: str, template_id: str) -> dict[str, Any]:
    """The saved mapping: fields, options per (field, province option), price bands."""
    params = (municipality, template_id)
    fields = rows(
        "SELECT field_name, property_id::text FROM plan.delivery_field_mapping "
        "WHERE municipality_code = %s AND template_id = %s",
        params,
    )
    options = rows(
        "SELECT field_name, province_option, property_option_id::text "
        "FROM plan.delivery_option_mapping "
        "WHERE municipality_code = %s AND template_id = %s",
        params,
    )
    prices = rows(
        "SELECT price_category_id::text, band FROM plan.delivery_price_mapping "
        "WHERE municipality_code = %s AND template_id = %s",
        params,
    )
    chosen: dict[tuple[str, str], list[str]] = {}
    for o in options:
        chosen.setdefault((o["field_name"], o["province_option"]), []).append(
            o["property_option_id"]
        )
    return {
        "fields": {f["field_name"]: f["property_id"] for f in fields},
        "options": chosen,
        "prices": {p["price_category_id"]: p["band"] for p in prices},
    }


def problems(municipality: str, template_id: str) -> list[dict]:
    return rows(PROBLEMS_SQL, (municipality, template_id))


def save(municipality: str, template_id: str, mapping: dict[str, Any], user_id: Any) -> list[dict]:
    """Replace the mapping; refused (rolled back) on a type rule, else the completeness problems."""
    with db.connection() as conn, conn.transaction():
        params = (municipality, template_id)
        for table in (
            "delivery_field_mapping",
            "delivery_option_mapping",
            "delivery_price_mapping",
        ):
            conn.execute(
                f"DELETE FROM plan.{table} WHERE municipality_code = %s AND template_id = %s",
                params,
            )
        for field_name, property_id in mapping["fields"].items():
            conn.execute(
                "INSERT INTO plan.delivery_field_mapping (municipality_code, template_id,"
                " field_name, property_id, updated_by) VALUES (%s, %s, %s, %s, %s)",
                (*params, field_name, property_id, user_id),
            )
        for (field_name, option), ids in mapping["options"].items():
            for option_id in ids:
                conn.execute(
                    "INSERT INTO plan.delivery_option_mapping VALUES (%s, %s, %s, %s, %s)",
                    (*params, field_name, option, option_id),
                )
        for category_id, band in mapping["prices"].items():
            conn.execute(
                "INSERT INTO plan.delivery_price_mapping VALUES (%s, %s, %s, %s)",
                (*params, category_id, band),
            )
        found = conn.cursor(row_factory=dict_row).execute(PROBLEMS_SQL, params).fetchall()
        refusing = [p for p in found if p["code"] in REFUSING]
        if refusing:
            raise MappingRefused(refusing)
    return found
