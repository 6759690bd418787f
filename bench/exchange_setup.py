"""The exchange copy of the bench data: diwi_bench cloned and set up for valid deliveries."""

import hashlib
import time
import uuid
from dataclasses import dataclass

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from bench import dataset
from bench.config import ROOT
from bench.config import BenchConfig
from manage import bootstrap
from manage import migrate

SETUP_VERSION = "1"
TEMPLATES = ("zuid-holland", "gelderland", "zeeland")
SCRATCH_CODE = "GM9999"  # the municipality imports commit into (emptied before and after)
SCRATCH_NAME = "Benchstad"
SCRATCH_GROUP = "Bench team Benchstad"

# The Gelderland GDB's DOMAIN_GEMEENTEN accepts only Gelderland municipalities: the five bench
# municipalities in Gelderland keep their names, the other 35 take these (codes unchanged).
GELDERLAND_NAMES = (
    "Aalten", "Barneveld", "Berg en Dal", "Berkelland", "Beuningen", "Bronckhorst", "Brummen",
    "Buren", "Culemborg", "Doesburg", "Doetinchem", "Druten", "Duiven", "Ede", "Elburg", "Epe",
    "Ermelo", "Harderwijk", "Hattem", "Heerde", "Heumen", "Lingewaard", "Lochem", "Maasdriel",
    "Montferland", "Neder-Betuwe", "Nijkerk", "Nunspeet", "Oldebroek", "Oost Gelre",
    "Oude IJsselstreek", "Overbetuwe", "Putten", "Renkum", "Rheden",
)  # fmt: skip
ZH_1A = "1a harde plannen, in voorbereiding of in uitvoering"
KEEP_NAMES = ("Nijmegen", "Arnhem", "Apeldoorn", "Wageningen", "Winterswijk")


@dataclass(frozen=True)
class Prop:
    """A custom project property every municipality gets, and the template fields it fills."""

    key: str
    name: str
    value_type: str
    mandatory: bool
    single: bool | None
    fields: dict[str, str]  # template id -> field name
    options: tuple[tuple[str, str, dict[str, str]], ...] = ()  # code, label, template -> option


def _same(option: str) -> dict[str, str]:
    return dict.fromkeys(TEMPLATES, option)


PROPS: tuple[Prop, ...] = (
    Prop("opdrachtgever", "Opdrachtgever", "category", True, True,
         {"zuid-holland": "opdrachtgever_type", "gelderland": "opdrachtgever_type",
          "zeeland": "Opdrachtegever"},
         (("gemeente", "Gemeente", _same("Gemeente")),
          ("corporatie", "Woningcorporatie", {"zuid-holland": "Woningcorporatie",
                                              "gelderland": "Woningbouwcorporatie",
                                              "zeeland": "Woningbouwcorporatie"}),
          ("ontwikkelaar", "Projectontwikkelaar", _same("Projectontwikkelaar")),
          ("particulier", "Particulieren", _same("Particulieren")))),
    Prop("planlijst", "Categorie planlijst", "category", True, True,
         {"zuid-holland": "ph_text1"},
         (("1a", "1a harde plannen", {"zuid-holland": ZH_1A}),
          ("1b", "1b kansrijke plannen", {"zuid-holland": "1b kansrijke plannen"}),
          ("1c", "1c bestuurlijke afspraken", {"zuid-holland": "1c bestuurlijke afspraken"}),
          ("2", "2 reserveplannen", {"zuid-holland": "2 reserveplannen"}))),
    Prop("studenten", "Studentenwoningen", "numeric", True, None,
         {"zuid-holland": "ph_short2", "zeeland": "Studentenwoningen"}),
    Prop("woonmilieu", "Woonmilieu", "category", True, True,
         {"zuid-holland": "beoogd_woonmilieu_ABF13", "gelderland": "beoogd_woonmilieu_ABF13",
          "zeeland": "Woonmilieu"},
         tuple((code, label, _same(label)) for code, label in (
             ("centrum", "Centrum-stedelijk"), ("groen", "Groen-stedelijk"), ("dorps", "Dorps"),
             ("landelijk", "Landelijk bereikbaar")))),
    Prop("knelpunten", "Knelpunten", "category", True, False,
         {"zuid-holland": "knelpunten_meerkeuze", "gelderland": "knelpunten_meerkeuze",
          "zeeland": "Knelpunten"},
         (("stikstof", "Stikstof", {"zuid-holland": "Stikstof", "gelderland": "Stikstofruimte",
                                    "zeeland": "Stikstof"}),
          ("netcongestie", "Netcongestie", {"zuid-holland": "Netcongestie",
                                            "gelderland": "Netcongestie", "zeeland": "Nuts"}),
          ("capaciteit", "Ambtelijke capaciteit", {"zuid-holland": "Capaciteit overheid",
                                                   "gelderland": "Ambtelijke capaciteit",
                                                   "zeeland": "Ambtelijke capaciteit"}))),
    Prop("sleutelproject", "Sleutelproject", "boolean", True, None, {"zeeland": "Sleutelproject"}),
    Prop("opmerkingen", "Opmerkingen", "text", False, None,
         {"zuid-holland": "opmerkingen_basis", "gelderland": "opmerkingen_basis",
          "zeeland": "Opmerkingen"}),
)  # fmt: skip

# Every project version: public (so one viewer sees all), and seeded values for every property.
VALUES_SQL = """
UPDATE plan.project_version v
SET confidentiality_level = 7,
    custom_values = (
        SELECT jsonb_object_agg(x.property_id::text, CASE x.key
            WHEN 'studenten' THEN to_jsonb(0)
            WHEN 'sleutelproject' THEN to_jsonb(get_byte(h.b, 1) %% 2 = 0)
            WHEN 'opmerkingen' THEN to_jsonb('Benchmarkproject ' || p.municipal_id)
            WHEN 'knelpunten' THEN to_jsonb(CASE WHEN get_byte(h.b, 2) %% 3 = 0
                                                 THEN x.option_ids[1:2]
                                                 ELSE x.option_ids[1 + get_byte(h.b, 3) %% 3:
                                                                   1 + get_byte(h.b, 3) %% 3] END)
            ELSE to_jsonb(x.option_ids[1 + get_byte(h.b, x.n) %% cardinality(x.option_ids)]) END)
        FROM bench_prop x WHERE x.municipality_code = p.municipality_code)
FROM plan.project p CROSS JOIN LATERAL (SELECT decode(md5(%(s)s || p.id::text), 'hex') AS b) h
WHERE p.id = v.project_id AND p.municipality_code <> %(scratch)s
"""


@dataclass(frozen=True)
class ExchangeData:
    """The exchange database and what the benchmark knows about it."""

    dbname: str
    fingerprint: str
    reused: bool
    seconds: float
    base: dataset.Dataset


def exchange_dbname(cfg: BenchConfig) -> str:
    return f"{cfg.dbname}_exchange"


def fingerprint(base: dataset.Dataset) -> str:
    """The bench data, this set-up and the delivery templates: a change means rebuild."""
    digest = hashlib.sha256(SETUP_VERSION.encode())
    for path in sorted((ROOT / "sql" / "delivery").glob("*.yml")):
        digest.update(path.read_bytes())
    digest.update(repr(PROPS).encode())
    return f"{base.fingerprint}:x{SETUP_VERSION}:{digest.hexdigest()[:12]}"


def _marker(url: str) -> str | None:
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT fingerprint FROM bench.exchange").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def _clone(cfg: BenchConfig, dbname: str) -> None:
    """CREATE DATABASE … TEMPLATE diwi_bench (a file copy), with the roles' CONNECT grants."""
    bootstrap.drop_database(cfg.db, dbname)
    bootstrap.ensure_database(cfg.db, dbname, template=cfg.dbname)
    with psycopg.connect(cfg.db.url(None, dbname), autocommit=True) as conn:
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}, {}").format(
                sql.Identifier(dbname),
                *(sql.Identifier(cfg.db.role(a)) for a in ("webapp", "ingest", "reader")),
            )
        )


def _municipalities(conn: psycopg.Connection) -> list[str]:
    """Regions per province, Gelderland names, and the scratch municipality; returns the codes."""
    conn.execute(
        "INSERT INTO ref.region (code, name, province_code) "
        "SELECT 'WR_BENCH_' || code, 'Benchregio ' || name, code FROM ref.province "
        "ON CONFLICT DO NOTHING"
    )
    conn.execute("UPDATE ref.municipality SET region_code = 'WR_BENCH_' || province_code")
    codes = [
        r[0]
        for r in conn.execute(
            "SELECT code FROM ref.municipality WHERE name <> ALL (%s) ORDER BY code",
            (list(KEEP_NAMES),),
        )
    ]
    for code, name in zip(codes, GELDERLAND_NAMES, strict=True):
        conn.execute("UPDATE ref.municipality SET name = %s WHERE code = %s", (name, code))
    conn.execute(
        "INSERT INTO ref.municipality (code, name, province_code, region_code) "
        "VALUES (%s, %s, 'PV25', 'WR_BENCH_PV25')",
        (SCRATCH_CODE, SCRATCH_NAME),
    )
    conn.execute(
        "INSERT INTO auth.user_group (id, municipality_code, name, organisation) "
        "VALUES (md5('bench-scratch-group')::uuid, %s, %s, 'bench')",
        (SCRATCH_CODE, SCRATCH_GROUP),
    )
    return [r[0] for r in conn.execute("SELECT code FROM ref.municipality ORDER BY code")]


def _uuid(*parts: str) -> str:
    return str(uuid.UUID(hashlib.md5(":".join(parts).encode()).hexdigest()))


def _properties(conn: psycopg.Connection, codes: list[str]) -> None:
    """Every property (and option) for every municipality; the mappings of the 40 bench ones."""
    conn.execute(
        "CREATE TEMP TABLE bench_prop (municipality_code text, key text, property_id uuid,"
        " n int, option_ids uuid[]) ON COMMIT DROP"
    )
    for code in codes:
        for n, prop in enumerate(PROPS):
            pid = _uuid("prop", code, prop.key)
            conn.execute(
                "INSERT INTO plan.property (id, municipality_code, kind, object_type, value_type,"
                " name, mandatory, single_select, rules, sort_order)"
                " VALUES (%s, %s, 'custom', 'project', %s, %s, %s, %s, %s, %s)",
                (pid, code, prop.value_type, prop.name, prop.mandatory, prop.single,
                 Jsonb({"min": 0, "integer": True} if prop.value_type == "numeric" else {}), n),
            )  # fmt: skip
            option_ids = []
            for sort, (option, label, _targets) in enumerate(prop.options):
                oid = _uuid("option", code, prop.key, option)
                option_ids.append(oid)
                conn.execute(
                    "INSERT INTO plan.property_option (id, property_id, code, label_nl, sort_order)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    (oid, pid, option, label, sort),
                )
            conn.execute(
                "INSERT INTO bench_prop VALUES (%s, %s, %s, %s, %s)",
                (code, prop.key, pid, n, option_ids),
            )
            if code != SCRATCH_CODE:
                _map(conn, code, prop, pid)


def _map(conn: psycopg.Connection, code: str, prop: Prop, pid: str) -> None:
    for template, field_name in prop.fields.items():
        conn.execute(
            "INSERT INTO plan.delivery_field_mapping (municipality_code, template_id, field_name,"
            " property_id) VALUES (%s, %s, %s, %s)",
            (code, template, field_name, pid),
        )
        for option, _label, targets in prop.options:
            if template in targets:
                conn.execute(
                    "INSERT INTO plan.delivery_option_mapping (municipality_code, template_id,"
                    " field_name, province_option, property_option_id) VALUES (%s, %s, %s, %s, %s)",
                    (code, template, field_name, targets[template],
                     _uuid("option", code, prop.key, option)),
                )  # fmt: skip


def setup(url: str, seed: int) -> dict[str, int]:
    """Regions, names, properties, mappings and values (as superuser, triggers off); row counts."""
    with psycopg.connect(url) as conn:
        conn.execute("SET LOCAL session_replication_role = replica")
        codes = _municipalities(conn)
        _properties(conn, codes)
        updated = conn.execute(VALUES_SQL, {"s": str(seed), "scratch": SCRATCH_CODE}).rowcount
        conn.execute("SELECT publication.rebuild_cache()")  # the cache triggers were off
        counts = {
            "municipalities": len(codes),
            "project_versions_updated": updated,
            "properties": conn.execute(
                "SELECT count(*) FROM plan.property WHERE kind = 'custom'"
            ).fetchone()[0],
            "field_mappings": conn.execute(
                "SELECT count(*) FROM plan.delivery_field_mapping"
            ).fetchone()[0],
            "option_mappings": conn.execute(
                "SELECT count(*) FROM plan.delivery_option_mapping"
            ).fetchone()[0],
        }
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return counts


def _write_marker(url: str, fp: str, counts: dict) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench.exchange (id boolean PRIMARY KEY DEFAULT true"
            " CHECK (id), fingerprint text NOT NULL, counts jsonb NOT NULL,"
            " created_at timestamptz NOT NULL DEFAULT now())"
        )
        conn.execute("DELETE FROM bench.exchange")
        conn.execute(
            "INSERT INTO bench.exchange (fingerprint, counts) VALUES (%s, %s)", (fp, Jsonb(counts))
        )


def ensure(cfg: BenchConfig) -> ExchangeData:
    """The bench data (generated when needed), then its exchange clone (rebuilt when stale)."""
    base = dataset.ensure(cfg)
    dbname = exchange_dbname(cfg)
    fp = fingerprint(base)
    superuser = cfg.db.url(None, dbname)
    if _marker(superuser) == fp:
        migrate.migrate(cfg.db.url("owner", dbname))
        print(f"reusing {dbname} ({fp})")
        return ExchangeData(dbname, fp, True, 0.0, base)
    started = time.monotonic()
    print(f"cloning {cfg.dbname} into {dbname} and setting up the deliveries")
    _clone(cfg, dbname)
    migrate.migrate(cfg.db.url("owner", dbname))
    counts = setup(superuser, cfg.seed)
    _write_marker(superuser, fp, counts)
    seconds = round(time.monotonic() - started, 1)
    print(f"  set up in {seconds} s: {counts}")
    return ExchangeData(dbname, fp, False, seconds, base)
