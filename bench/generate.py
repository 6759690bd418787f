"""Bulk SQL that fills a migrated database with a seeded national-scale synthetic plan set."""

import time

import psycopg

from bench.municipalities import MUNICIPALITIES
from bench.municipalities import RADIUS_M

GENERATOR_VERSION = "4"

# Every statement runs in one transaction, triggers off (session_replication_role = replica).
# Ids are md5(seed || kind || n)::uuid so the same seed gives the same ids.
SETUP = """
CREATE TEMP TABLE bench_muni (idx int, code text, name text, province text, x float8, y float8)
    ON COMMIT DROP
"""

MUNICIPALITY_SQL = """
INSERT INTO ref.municipality (code, name, province_code, boundary)
SELECT code, name, province,
       ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(x, y), 28992), %(radius)s, 'quad_segs=16'))
FROM bench_muni
ON CONFLICT (code) DO UPDATE SET boundary = EXCLUDED.boundary
"""

GROUP_SQL = """
INSERT INTO auth.user_group (id, municipality_code, name, organisation)
SELECT md5(%(s)s || 'g' || code)::uuid, code, 'Bench team ' || name, 'bench'
FROM bench_muni
ON CONFLICT DO NOTHING
"""

# One row per project with all its random draws, so the later inserts stay deterministic.
PROJECTS_TEMP = """
CREATE TEMP TABLE bp ON COMMIT DROP AS
SELECT r.n, md5(%(s)s || 'p' || r.n)::uuid AS id, m.code,
       m.x + 3500 * sqrt(r.a) * cos(2 * pi() * r.b) AS x,
       m.y + 3500 * sqrt(r.a) * sin(2 * pi() * r.b) AS y,
       40 + 210 * r.c AS radius,
       date '2018-01-01' + (r.d * 4000)::int AS start_date,
       365 + (r.e * 3285)::int AS days,
       r.f < 0.5 AS two_versions,
       CASE WHEN r.g < 0.85 THEN 7 ELSE 1 + floor(r.h * 6)::int END::smallint AS level,
       (ARRAY['concept','initiative','definition','design','preparation','realisation',
              'aftercare'])[1 + floor(r.i * 7)::int] AS phase,
       (ARRAY['1A','1B','1C','2A','2B','2C','3','4A','4B','5A'])[1 + floor(r.j * 10)::int]
           AS status,
       (ARRAY['high','medium','low', NULL])[1 + floor(r.k * 4)::int] AS priority,
       ARRAY[(ARRAY['building_transformation','transformation_area','restructuring',
                    'densification','extension_outskirts','extension_other'])
             [1 + floor(r.l * 6)::int]] AS plan_types,
       r.m < 0.3 AS owned
FROM (SELECT n, random() a, random() b, random() c, random() d, random() e, random() f,
             random() g, random() h, random() i, random() j, random() k, random() l, random() m
      FROM generate_series(1, %(projects)s) n) r
JOIN bench_muni m ON m.idx = r.n %% 40
"""

PROJECT_SQL = """
INSERT INTO plan.project (id, municipality_code, municipal_id, start_milestone_id, end_milestone_id,
                          created_at)
SELECT id, code, 'BENCH-' || n, md5(%(s)s || 'ms' || n)::uuid, md5(%(s)s || 'me' || n)::uuid,
       now() - interval '60 days'
FROM bp
"""

MILESTONES_TEMP = """
CREATE TEMP TABLE bm ON COMMIT DROP AS
SELECT md5(%(s)s || 'ms' || n)::uuid AS id, id AS project_id, start_date AS date, random() AS r
FROM bp
UNION ALL
SELECT md5(%(s)s || 'me' || n)::uuid, id, start_date + days, random() FROM bp
UNION ALL
SELECT md5(%(s)s || 'mm' || n)::uuid, id, start_date + days / 2, random() FROM bp WHERE two_versions
"""

MILESTONE_SQL = """
INSERT INTO plan.milestone (id, project_id, created_at)
SELECT id, project_id, now() - interval '60 days' FROM bm
"""

# A fifth of the milestones were moved once: a superseded version with an older date.
MILESTONE_VERSION_SQL = """
INSERT INTO plan.milestone_version (milestone_id, date, status, recorded_at, superseded_at)
SELECT id, date - 30, 'planned', now() - interval '60 days', now() - interval '20 days'
FROM bm WHERE r < 0.2
UNION ALL
SELECT id, date, CASE WHEN date <= current_date THEN 'realised' ELSE 'planned' END,
       CASE WHEN r < 0.2 THEN now() - interval '20 days' ELSE now() - interval '60 days' END, NULL
FROM bm
"""

PROJECT_VERSION_SQL = """
INSERT INTO plan.project_version (
    id, project_id, valid_from_milestone_id, valid_to_milestone_id, recorded_at, name, phase,
    planning_status, plan_types, confidentiality_level, priority, plan_area, area_source, location)
SELECT md5(%(s)s || 'pv' || v.k || bp.n)::uuid, bp.id,
       CASE WHEN v.k = 2 THEN md5(%(s)s || 'mm' || bp.n) ELSE md5(%(s)s || 'ms' || bp.n) END::uuid,
       CASE WHEN v.k = 1 AND bp.two_versions THEN md5(%(s)s || 'mm' || bp.n)
            ELSE md5(%(s)s || 'me' || bp.n) END::uuid,
       now() - interval '60 days',
       'Project ' || bp.n || CASE WHEN v.k = 2 THEN ' (fase 2)' ELSE '' END,
       bp.phase,
       CASE WHEN bp.level < 6 AND bp.status IN ('1A','1B','2A','2B') THEN '3' ELSE bp.status END,
       bp.plan_types, bp.level, bp.priority,
       ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(bp.x, bp.y), 28992),
                          bp.radius * (1 + 0.2 * (v.k - 1)), 'quad_segs=8')),
       'drawn', ST_SetSRID(ST_MakePoint(bp.x, bp.y), 28992)
FROM bp CROSS JOIN LATERAL (SELECT 1 AS k UNION ALL SELECT 2 WHERE bp.two_versions) v
"""

OWNER_SQL = """
INSERT INTO plan.project_owner (project_id, user_group_id, recorded_at)
SELECT id, md5(%(s)s || 'g' || code)::uuid, now() - interval '60 days' FROM bp WHERE owned
"""

HOUSEBLOCKS_TEMP = """
CREATE TEMP TABLE bh ON COMMIT DROP AS
SELECT h.n, md5(%(s)s || 'h' || h.n)::uuid AS id, bp.id AS project_id, bp.n AS pn,
       bp.start_date, bp.days, 1 + (h.a * 199)::int AS amount, h.b < 0.1 AS demolition,
       h.c AS c, h.d < 0.15 AS revised, h.e AS e
FROM (SELECT n, 1 + floor(random() * %(projects)s)::int AS p, random() a, random() b,
             random() c, random() d, random() e
      FROM generate_series(1, %(houseblocks)s) n) h
JOIN bp ON bp.n = h.p
"""

HOUSEBLOCK_SQL = """
INSERT INTO plan.houseblock (id, project_id, start_milestone_id, end_milestone_id, created_at)
SELECT id, project_id, md5(%(s)s || 'ms' || pn)::uuid, md5(%(s)s || 'me' || pn)::uuid,
       now() - interval '60 days'
FROM bh
"""

# Current version for every houseblock; 15% also have an older, superseded version.
HOUSEBLOCK_VERSION_SQL = """
INSERT INTO plan.houseblock_version (
    id, houseblock_id, valid_from_milestone_id, valid_to_milestone_id, recorded_at, superseded_at,
    name, mutation_kind, amount, size_m2, programming, delivery_earliest, delivery_latest)
SELECT md5(%(s)s || 'hv' || v.k || bh.n)::uuid, bh.id,
       md5(%(s)s || 'ms' || bh.pn)::uuid, md5(%(s)s || 'me' || bh.pn)::uuid,
       CASE WHEN v.k = 0 THEN now() - interval '60 days'
            WHEN bh.revised THEN now() - interval '20 days' ELSE now() - interval '60 days' END,
       CASE WHEN v.k = 0 THEN now() - interval '20 days' END,
       'Blok ' || bh.n,
       CASE WHEN bh.demolition THEN 'demolition' ELSE 'construction' END,
       CASE WHEN v.k = 0 THEN bh.amount + 10 ELSE bh.amount END,
       CASE WHEN bh.c < 0.5 THEN numrange(50 + (bh.c * 60)::int, 90 + (bh.c * 80)::int, '[]') END,
       bh.c < 0.7,
       bh.start_date + bh.days / 2, bh.start_date + bh.days - 1
FROM bh CROSS JOIN LATERAL (SELECT 1 AS k UNION ALL SELECT 0 WHERE bh.revised) v
"""

OWNERSHIP_SQL = """
INSERT INTO plan.houseblock_ownership_line (houseblock_version_id, line_no, ownership_type, amount,
                                            price_cents)
SELECT md5(%(s)s || 'hv1' || bh.n)::uuid, l.no, l.kind, l.amount, l.price
FROM bh CROSS JOIN LATERAL (VALUES
    (1::smallint, 'owner_occupied', bh.amount / 2, 35000000 + (bh.e * 30000000)::bigint),
    (2::smallint, 'social_rental', bh.amount * 3 / 10, 80000 + (bh.e * 20000)::bigint)
) l (no, kind, amount, price)
WHERE bh.e < 0.5 AND NOT bh.demolition
"""

BREAKDOWN_SQL = """
INSERT INTO plan.houseblock_breakdown (houseblock_version_id, option_id, amount)
SELECT md5(%(s)s || 'hv1' || bh.n)::uuid, o.id,
       CASE o.code WHEN 'single_family' THEN bh.amount * 6 / 10
                   ELSE bh.amount - bh.amount * 6 / 10 END
FROM bh
JOIN plan.property_option o ON o.code IN ('single_family', 'multi_family')
JOIN plan.property p ON p.id = o.property_id AND p.key = 'house_type'
WHERE bh.c BETWEEN 0.3 AND 0.7
"""

STEPS: tuple[tuple[str, str], ...] = (
    ("municipalities", MUNICIPALITY_SQL),
    ("user groups", GROUP_SQL),
    ("project draws", PROJECTS_TEMP),
    ("projects", PROJECT_SQL),
    ("milestone draws", MILESTONES_TEMP),
    ("milestones", MILESTONE_SQL),
    ("milestone versions", MILESTONE_VERSION_SQL),
    ("project versions", PROJECT_VERSION_SQL),
    ("project owners", OWNER_SQL),
    ("houseblock draws", HOUSEBLOCKS_TEMP),
    ("houseblocks", HOUSEBLOCK_SQL),
    ("houseblock versions", HOUSEBLOCK_VERSION_SQL),
    ("ownership lines", OWNERSHIP_SQL),
    ("breakdowns", BREAKDOWN_SQL),
)


def _params(seed: int, projects: int, houseblocks: int) -> dict:
    return {"s": str(seed), "projects": projects, "houseblocks": houseblocks, "radius": RADIUS_M}


def _load_municipalities(conn: psycopg.Connection) -> None:
    conn.execute(SETUP)
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO bench_muni VALUES (%s, %s, %s, %s, %s, %s)",
            [(i, *m) for i, m in enumerate(MUNICIPALITIES)],
        )


def generate(url: str, seed: int, projects: int, houseblocks: int) -> dict[str, int]:
    """Fill the database (as superuser) and return the row count of every step."""
    counts: dict[str, int] = {}
    params = _params(seed, projects, houseblocks)
    with psycopg.connect(url) as conn:
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        conn.execute("SELECT setseed(%s)", ((seed % 1_000_000) / 1_000_000,))
        _load_municipalities(conn)
        for name, statement in STEPS:
            started = time.monotonic()
            cur = conn.execute(statement, params)
            counts[name] = cur.rowcount
            print(f"  {name:<20} {cur.rowcount:>8} rows  {time.monotonic() - started:5.1f} s")
        conn.execute("SELECT plan.rebuild_date_cache()")  # the date-cache triggers were off
        conn.execute("SELECT publication.rebuild_cache()")  # and so were the cache triggers
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ANALYZE")
    return counts
