-- Dashboards (issue 6): every number computed here, at a reference date, over every project the
-- viewer of the transaction (plan.set_viewer) may count, with the same filters everywhere.
--
-- The counting rule: a project is VISIBLE by the access rule (plan.can_see, 400_access.sql); it
-- COUNTS when visible, or when its confidentiality is not private (level >= 2) and it lies in the
-- viewer's area (municipal roles: their municipality; region_reader/province_reader: their region or
-- province; anonymous: the municipality of the filter municipality_code). Aggregates are over the
-- counted projects, details (names, geometries, reasons) only over the visible ones. A bucket with a
-- counted-but-not-visible project and fewer than k projects (auth.municipality_setting.
-- dashboard_min_bucket) is merged into "Overig (samengevoegd)"; while that merged bucket has fewer
-- than k projects the smallest other buckets join it; if it still has fewer, its numbers are null.
--
-- The entry point publication.dashboard() is a security definer (the reader and web-app roles cannot
-- read invisible rows under row-level security) that only ever returns aggregates and visible
-- details. The helpers below are plain SQL, inlined into its queries; only the owner may call them.

-- One bucket (row) of a component before the small-bucket rule: the projects in it, those of them
-- the viewer may not see, its dwellings and its series.
CREATE TYPE publication.dashboard_bucket AS (
    key text,
    label text,
    sort_order integer,
    project_ids uuid[],
    hidden_ids uuid[],
    dwellings bigint,
    series jsonb
);
COMMENT ON TYPE publication.dashboard_bucket IS
    'Internal: a dashboard row before merging and suppression (project ids never leave publication.dashboard).';

-- The municipalities whose non-private projects the viewer counts (see the counting rule).
CREATE FUNCTION publication.dashboard_count_area(filters jsonb)
RETURNS SETOF text LANGUAGE sql STABLE AS $$
    SELECT m.code FROM ref.municipality m
    WHERE CASE plan.viewer_role()
              WHEN 'region_reader' THEN m.region_code = plan.viewer_setting('region')
              WHEN 'province_reader' THEN m.province_code = plan.viewer_setting('province')
              WHEN 'anonymous' THEN m.code = filters ->> 'municipality_code'
              WHEN 'external' THEN false  -- a partner outside the municipality counts what it sees
              ELSE m.code = plan.viewer_setting('municipality') END
$$;
COMMENT ON FUNCTION publication.dashboard_count_area(jsonb) IS
    'The municipality codes in which the viewer of the transaction counts every non-private project (none for external partners: they count only the projects they may see).';

-- k: the municipality of the filter, else the largest k over the viewer's counting area (default 3).
CREATE FUNCTION publication.dashboard_min_bucket(filters jsonb) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT coalesce(max(coalesce(s.dashboard_min_bucket, 3)), 3)::integer
    FROM ref.municipality m
    LEFT JOIN auth.municipality_setting s ON s.municipality_code = m.code
    WHERE CASE WHEN filters ->> 'municipality_code' IS NOT NULL THEN m.code = filters ->> 'municipality_code'
               ELSE m.code IN (SELECT publication.dashboard_count_area(filters)) END
$$;

-- A jsonb filter value as a text array: ["a","b"] or "a" (NULL when absent or empty).
CREATE FUNCTION publication.dashboard_list(value jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE jsonb_typeof(value)
               WHEN 'array' THEN nullif(ARRAY(SELECT jsonb_array_elements_text(value)), '{}')
               WHEN 'string' THEN ARRAY[value #>> '{}'] END
$$;

-- Whether custom values match the custom filter {property_id: value or [values]}: every property
-- has one of the values (a multi-select value holds it among its values).
CREATE FUNCTION publication.dashboard_custom_match(custom_values jsonb, wanted jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT wanted IS NULL OR jsonb_typeof(wanted) <> 'object' OR NOT EXISTS (
        SELECT 1 FROM jsonb_each(wanted) w
        WHERE NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(w.value) WHEN 'array' THEN w.value
                                                    ELSE jsonb_build_array(w.value) END) e
            WHERE custom_values -> w.key = e.value
               OR (jsonb_typeof(custom_values -> w.key) = 'array'
                   AND custom_values -> w.key @> jsonb_build_array(e.value))
               OR (custom_values ->> w.key) = (e.value #>> '{}')))
$$;

-- Milestones in transaction time (ADR 0003): a dashboard at a past reference date reads milestone
-- dates and statuses as they were recorded at the end of that day (Dutch time), so a delivery
-- realised later still shows as planned then, and a milestone realised late was overdue then.
-- Today and later read the current versions (NULL). Projects and houseblocks themselves are read
-- as recorded now (their valid-time versions at the reference date); only the dates that bound them
-- (a project's status, the start of its phase) follow the milestones as recorded.
CREATE OR REPLACE FUNCTION plan.as_recorded_on(reference_date date) RETURNS timestamptz
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN reference_date < current_date
                THEN ((reference_date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam') - interval '1 microsecond'
           END
$$;
COMMENT ON FUNCTION plan.as_recorded_on(date) IS
    'The moment a dashboard or goal at reference_date reads milestones as recorded: the end of a past reference date (Europe/Amsterdam), NULL (now) for today and later.';

-- A milestone's date, status and description as recorded at as_recorded (NULL: now). A milestone
-- first recorded after as_recorded (entered, imported or loaded later) is read in its first
-- recorded version: the earliest that is known of it, so back-filled history does not vanish.
CREATE OR REPLACE FUNCTION plan.milestone_as_known(milestone uuid, as_recorded timestamptz)
RETURNS TABLE (date date, status text, description text) LANGUAGE sql STABLE AS $$
    SELECT mv.date, mv.status, mv.description FROM plan.milestone_version mv
    WHERE as_recorded IS NULL AND mv.milestone_id = milestone AND mv.superseded_at IS NULL
    UNION ALL
    (SELECT mv.date, mv.status, mv.description FROM plan.milestone_version mv
     WHERE as_recorded IS NOT NULL AND mv.milestone_id = milestone
       AND (plan.recorded_at(mv.recorded_at, mv.superseded_at, as_recorded) OR mv.recorded_at > as_recorded)
     ORDER BY mv.recorded_at > as_recorded, mv.recorded_at LIMIT 1)
$$;
COMMENT ON FUNCTION plan.milestone_as_known(uuid, timestamptz) IS
    'A milestone''s date, status and description as recorded at as_recorded (NULL: now); its first version when it was recorded only later.';

-- The projects the viewer counts at reference_date after the filters, as planned then, with
-- `visible` telling which the viewer may also see. Today's plan comes from the current-state cache.
-- At a past reference date the start, end and status (future, running, completed) follow the start
-- and end milestones as recorded then (plan.milestone_as_known, above).
CREATE TYPE publication.dashboard_project AS (
    id uuid, name text, municipality_code text, phase text, phase_label text,
    planning_status text, planning_status_hard boolean, counts_as_plan_capacity boolean,
    plan_types text[], district_codes text[], neighbourhood_codes text[],
    start_date date, end_date date, status text,
    construction integer, demolition integer, gross integer, net integer,
    colour text, geometry geometry, visible boolean
);
COMMENT ON TYPE publication.dashboard_project IS
    'Internal: a counted project of a dashboard; publication.dashboard reads the set once and hands it to each part as an array.';

CREATE FUNCTION publication.dashboard_projects(reference_date date, filters jsonb)
RETURNS SETOF publication.dashboard_project LANGUAGE sql STABLE AS $$
    SELECT b.id, b.name, b.municipality_code, b.phase, b.phase_label,
           b.planning_status, b.planning_status_hard, b.counts_as_plan_capacity,
           b.plan_types, b.district_codes, b.neighbourhood_codes,
           coalesce(k.start_date, b.start_date), coalesce(k.end_date, b.end_date),
           CASE WHEN k.id IS NULL THEN b.status
                WHEN dashboard_projects.reference_date < k.start_date THEN 'future'
                WHEN dashboard_projects.reference_date >= k.end_date THEN 'completed' ELSE 'running' END,
           b.construction_amount, b.demolition_amount, b.gross_plan_capacity, b.net_plan_capacity,
           b.colour, b.geometry, x.visible
    FROM (SELECT c.* FROM publication.project_cache c
          WHERE dashboard_projects.reference_date = current_date AND publication.cache_is_fresh()
          UNION ALL
          SELECT p.* FROM publication.projects_base(dashboard_projects.reference_date) p
          WHERE NOT (dashboard_projects.reference_date = current_date AND publication.cache_is_fresh())) b
    -- at a past reference date: the start and end (and so the status) as recorded then
    LEFT JOIN LATERAL (
        SELECT pr.id, s.date AS start_date, e.date AS end_date
        FROM (SELECT plan.as_recorded_on(dashboard_projects.reference_date) AS moment) r
        JOIN plan.project pr ON pr.id = b.id
        CROSS JOIN LATERAL plan.milestone_as_known(pr.start_milestone_id, r.moment) s
        CROSS JOIN LATERAL plan.milestone_as_known(pr.end_milestone_id, r.moment) e
        WHERE r.moment IS NOT NULL) k ON true
    CROSS JOIN LATERAL (SELECT plan.can_see(
        b.confidentiality_rank, b.municipality_code, b.region_code, b.province_code, b.owner_group_ids,
        (SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()),
        (SELECT plan.viewer_area('municipality')), (SELECT plan.viewer_area('region')),
        (SELECT plan.viewer_area('province'))) AS visible) x
    WHERE (x.visible OR (b.confidentiality_rank >= 2
                         AND b.municipality_code IN (SELECT publication.dashboard_count_area(filters))))
      AND (filters ->> 'municipality_code' IS NULL OR b.municipality_code = filters ->> 'municipality_code')
      AND (publication.dashboard_list(filters -> 'district_codes') IS NULL
           OR b.district_codes && publication.dashboard_list(filters -> 'district_codes'))
      AND (publication.dashboard_list(filters -> 'neighbourhood_codes') IS NULL
           OR b.neighbourhood_codes && publication.dashboard_list(filters -> 'neighbourhood_codes'))
      AND (publication.dashboard_list(filters -> 'phases') IS NULL
           OR b.phase = ANY (publication.dashboard_list(filters -> 'phases')))
      AND CASE WHEN filters ->> 'planning_status' = 'hard' THEN coalesce(b.planning_status_hard, false)
               WHEN filters ->> 'planning_status' = 'soft' THEN NOT coalesce(b.planning_status_hard, false)
               WHEN jsonb_typeof(filters -> 'planning_status') = 'array'
                   THEN b.planning_status = ANY (publication.dashboard_list(filters -> 'planning_status'))
               ELSE true END
      AND (publication.dashboard_list(filters -> 'plan_types') IS NULL
           OR b.plan_types && publication.dashboard_list(filters -> 'plan_types'))
      AND (publication.dashboard_list(filters -> 'owner_group_ids') IS NULL
           OR b.owner_group_ids && publication.dashboard_list(filters -> 'owner_group_ids')::uuid[])
      AND (publication.dashboard_list(filters -> 'project_ids') IS NULL
           OR b.id = ANY (publication.dashboard_list(filters -> 'project_ids')::uuid[]))
      AND publication.dashboard_custom_match(b.custom_values, filters -> 'custom')
$$;
COMMENT ON FUNCTION publication.dashboard_projects(date, jsonb) IS
    'Internal: the projects the viewer counts at reference_date under the dashboard filters, each with whether the viewer may see it.';

-- The houseblocks of the counted projects as planned at reference_date, with their delivery date
-- (latest delivery, else the houseblock's end) and the status of their end milestone, the end
-- milestone read as recorded at the reference date (plan.as_recorded_on).
CREATE FUNCTION publication.dashboard_houseblocks(reference_date date, projects publication.dashboard_project[])
RETURNS TABLE (
    project_id uuid, visible boolean, municipality_code text, counts_as_plan_capacity boolean,
    version_id uuid, mutation_kind text, amount integer, delivery date, end_status text
) LANGUAGE sql STABLE AS $$
    SELECT p.id, p.visible, p.municipality_code, p.counts_as_plan_capacity,
           hv.id, hv.mutation_kind, hv.amount, coalesce(hv.delivery_latest, ms.date, h.end_date), ms.status
    FROM unnest(projects) p
    JOIN plan.houseblock h ON h.project_id = p.id AND h.removed_at IS NULL
    CROSS JOIN LATERAL (
        SELECT x.id, x.mutation_kind, x.amount, x.delivery_latest FROM plan.houseblock_version x
        WHERE x.houseblock_id = h.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(dashboard_houseblocks.reference_date, h.start_date, h.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) hv
    LEFT JOIN LATERAL plan.milestone_as_known(
        h.end_milestone_id, plan.as_recorded_on(dashboard_houseblocks.reference_date)) ms ON true
$$;

-- Buckets from (key, project, visible, mutation kind, dwellings) rows: projects with dwellings in
-- the bucket, dwellings built, and the construction/demolition/net series.
CREATE FUNCTION publication.dashboard_bucket_of(key text, label text, sort_order integer,
                                                project_ids uuid[], hidden_ids uuid[],
                                                construction numeric, demolition numeric)
RETURNS publication.dashboard_bucket LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(key, label, sort_order, coalesce(project_ids, '{}'), coalesce(hidden_ids, '{}'),
               coalesce(construction, 0)::bigint,
               jsonb_build_object('construction', coalesce(construction, 0),
                                  'demolition', coalesce(demolition, 0),
                                  'net', coalesce(construction, 0) - coalesce(demolition, 0)))::publication.dashboard_bucket
$$;

-- capacity: plan capacity per mutation kind (projects with 5A/5B count no plan capacity).
CREATE FUNCTION publication.dashboard_rows_capacity(reference_date date, projects publication.dashboard_project[])
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH p AS (SELECT p.id, p.visible, k.code, k.label, k.sort_order,
                      CASE k.code WHEN 'construction' THEN p.construction ELSE p.demolition END AS amount
               FROM unnest(projects) p
               CROSS JOIN (VALUES ('construction', 'Bouw (bruto plancapaciteit)', 1), ('demolition', 'Sloop', 2))
                   AS k (code, label, sort_order)
               WHERE p.counts_as_plan_capacity)
    SELECT p.code, min(p.label), min(p.sort_order),
           coalesce(array_agg(p.id) FILTER (WHERE p.amount > 0), '{}'),
           coalesce(array_agg(p.id) FILTER (WHERE p.amount > 0 AND NOT p.visible), '{}'),
           coalesce(sum(p.amount), 0), jsonb_build_object(p.code, coalesce(sum(p.amount), 0))
    FROM p GROUP BY p.code
    UNION ALL
    SELECT k.code, k.label, k.sort_order, '{}', '{}', 0, jsonb_build_object(k.code, 0)
    FROM (VALUES ('construction', 'Bouw (bruto plancapaciteit)', 1), ('demolition', 'Sloop', 2))
        AS k (code, label, sort_order)
    WHERE NOT EXISTS (SELECT 1 FROM p)
$$;

-- phase: projects and dwellings per project phase (every phase, also empty ones).
CREATE FUNCTION publication.dashboard_rows_phase(reference_date date, projects publication.dashboard_project[])
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    SELECT (publication.dashboard_bucket_of(ph.code, ph.label_nl, ph.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM ref.project_phase ph
    LEFT JOIN (SELECT p.phase, array_agg(p.id) AS ids, array_agg(p.id) FILTER (WHERE NOT p.visible) AS hidden,
                      sum(p.construction) AS construction, sum(p.demolition) AS demolition
               FROM unnest(projects) p GROUP BY p.phase) g
        ON g.phase = ph.code
$$;

-- planning_status: per code (and "Geen planstatus"), or grouped hard / soft / 5A / 5B / none.
CREATE FUNCTION publication.dashboard_rows_planning_status(reference_date date, projects publication.dashboard_project[], grouped boolean)
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH p AS (
        SELECT p.*, CASE WHEN NOT grouped THEN coalesce(p.planning_status, 'none')
                         WHEN p.planning_status IS NULL THEN 'none'
                         WHEN p.planning_status IN ('5A', '5B') THEN p.planning_status
                         WHEN p.planning_status_hard THEN 'hard' ELSE 'soft' END AS bucket
        FROM unnest(projects) p),
    k AS (
        SELECT s.code, s.label_nl AS label, s.sort_order FROM ref.planning_status s WHERE NOT grouped
        UNION ALL
        SELECT * FROM (VALUES ('hard', 'Hard (1A, 1B, 2A, 2B)', 1), ('soft', 'Zacht (1C, 2C, 3, 4A, 4B)', 2),
                              ('5A', '5A Ambtelijk met locatie', 3), ('5B', '5B Ambtelijk zonder locatie', 4))
                      AS g (code, label, sort_order) WHERE grouped
        UNION ALL
        SELECT 'none', 'Geen planstatus', 99)
    SELECT (publication.dashboard_bucket_of(k.code, k.label, k.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM k
    LEFT JOIN (SELECT p.bucket, array_agg(p.id) AS ids, array_agg(p.id) FILTER (WHERE NOT p.visible) AS hidden,
                      sum(p.construction) AS construction, sum(p.demolition) AS demolition
               FROM p GROUP BY p.bucket) g ON g.bucket = k.code
$$;

-- target_group, physical_appearance, house_type: dwellings per option of the fixed breakdown
-- property; the dwellings of a houseblock not broken down go to "Onbekend".
CREATE FUNCTION publication.dashboard_rows_breakdown(reference_date date, projects publication.dashboard_project[], property_key text)
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH hb AS (SELECT * FROM publication.dashboard_houseblocks(reference_date, projects)),
    parts AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, o.code, bd.amount::bigint AS amount
        FROM hb
        JOIN plan.houseblock_breakdown bd ON bd.houseblock_version_id = hb.version_id
        JOIN plan.property_option o ON o.id = bd.option_id
        JOIN plan.property pr ON pr.id = o.property_id AND pr.key = property_key
        UNION ALL
        SELECT hb.project_id, hb.visible, hb.mutation_kind, 'unknown',
               greatest(hb.amount - coalesce((
                   SELECT sum(bd.amount) FROM plan.houseblock_breakdown bd
                   JOIN plan.property_option o ON o.id = bd.option_id
                   JOIN plan.property pr ON pr.id = o.property_id AND pr.key = property_key
                   WHERE bd.houseblock_version_id = hb.version_id), 0), 0)
        FROM hb),
    g AS (
        SELECT parts.code, array_agg(DISTINCT parts.project_id) AS ids,
               array_agg(DISTINCT parts.project_id) FILTER (WHERE NOT parts.visible) AS hidden,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'construction') AS construction,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'demolition') AS demolition
        FROM parts WHERE parts.amount > 0 GROUP BY parts.code),
    k AS (
        SELECT o.code, o.label_nl AS label, o.sort_order FROM plan.property_option o
        JOIN plan.property pr ON pr.id = o.property_id AND pr.key = property_key
        WHERE o.disabled_at IS NULL OR o.code IN (SELECT g.code FROM g)
        UNION ALL
        SELECT 'unknown', 'Onbekend', 999)
    SELECT (publication.dashboard_bucket_of(k.code, k.label, k.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM k LEFT JOIN g ON g.code = k.code
$$;

-- ownership: dwellings per ownership type; the dwellings of a houseblock without a line "Onbekend".
CREATE FUNCTION publication.dashboard_rows_ownership(reference_date date, projects publication.dashboard_project[])
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH hb AS (SELECT * FROM publication.dashboard_houseblocks(reference_date, projects)),
    parts AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, l.ownership_type AS code, l.amount::bigint AS amount
        FROM hb JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hb.version_id
        UNION ALL
        SELECT hb.project_id, hb.visible, hb.mutation_kind, 'unknown',
               greatest(hb.amount - coalesce((SELECT sum(l.amount) FROM plan.houseblock_ownership_line l
                                              WHERE l.houseblock_version_id = hb.version_id), 0), 0)
        FROM hb),
    g AS (
        SELECT parts.code, array_agg(DISTINCT parts.project_id) AS ids,
               array_agg(DISTINCT parts.project_id) FILTER (WHERE NOT parts.visible) AS hidden,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'construction') AS construction,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'demolition') AS demolition
        FROM parts WHERE parts.amount > 0 GROUP BY parts.code),
    k AS (
        SELECT t.code, t.label_nl AS label, t.sort_order FROM ref.ownership_type t
        UNION ALL
        SELECT 'unknown', 'Onbekend', 99)
    SELECT (publication.dashboard_bucket_of(k.code, k.label, k.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM k LEFT JOIN g ON g.code = k.code
$$;

-- The price category of an ownership line's price: its own category; else the municipality's
-- category of the price kind valid at the delivery date that holds the value, or for a range the
-- middle of the range (a range [a, b] counts as (a + b) / 2; an open range as its lower bound).
-- Returns (name, lower bound) of the category, ('Zonder categorie', NULL) for a price no category
-- holds, ('Prijs onbekend', NULL) for a line without a price.
CREATE FUNCTION publication.dashboard_price_bucket(price_kind text, municipality text, delivery date,
                                                   category_id uuid, price_cents bigint,
                                                   price_range_cents int8range)
RETURNS TABLE (name text, min_cents bigint) LANGUAGE sql STABLE AS $$
    SELECT c.name, c.min_cents FROM plan.price_category c
    WHERE category_id IS NOT NULL AND c.id = category_id
    UNION ALL
    SELECT coalesce(m.name, 'Zonder categorie'), m.min_cents
    FROM (SELECT coalesce(price_cents, CASE WHEN upper_inf(price_range_cents) THEN lower(price_range_cents)
                                            ELSE (lower(price_range_cents) + upper(price_range_cents) - 1) / 2 END)
                 AS value) v
    LEFT JOIN LATERAL (
        SELECT c.name, c.min_cents FROM plan.price_category c
        WHERE c.price_kind = dashboard_price_bucket.price_kind
          AND (c.municipality_code = municipality OR c.municipality_code IS NULL)
          AND c.valid_from <= delivery AND (c.valid_to IS NULL OR delivery < c.valid_to)
          AND v.value >= c.min_cents AND (c.max_cents IS NULL OR v.value <= c.max_cents)
        ORDER BY c.municipality_code NULLS LAST, c.min_cents LIMIT 1) m ON true
    WHERE category_id IS NULL AND v.value IS NOT NULL
    UNION ALL
    SELECT 'Prijs onbekend', NULL
    WHERE category_id IS NULL AND price_cents IS NULL AND price_range_cents IS NULL
$$;

-- price_purchase / price_rent: dwellings per price category of the ownership lines of that kind.
CREATE FUNCTION publication.dashboard_rows_price(reference_date date, projects publication.dashboard_project[], kind text)
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH parts AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, b.name, b.min_cents, l.amount::bigint AS amount
        FROM publication.dashboard_houseblocks(reference_date, projects) hb
        JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hb.version_id
        JOIN ref.ownership_type t ON t.code = l.ownership_type AND t.price_kind = kind
        CROSS JOIN LATERAL publication.dashboard_price_bucket(kind, hb.municipality_code, hb.delivery,
                                                              l.price_category_id, l.price_cents,
                                                              l.price_range_cents) b
        WHERE l.amount > 0)
    SELECT (publication.dashboard_bucket_of(
        parts.name, parts.name,
        CASE parts.name WHEN 'Zonder categorie' THEN 2000000000 WHEN 'Prijs onbekend' THEN 2000000001
                        ELSE least(min(parts.min_cents) / 100, 1999999999)::integer END,
        array_agg(DISTINCT parts.project_id), array_agg(DISTINCT parts.project_id) FILTER (WHERE NOT parts.visible),
        sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'construction'),
        sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'demolition'))).*
    FROM parts GROUP BY parts.name
$$;

-- The delivery status of a houseblock at reference_date: delivered before it and its end
-- milestone realised: realised; else the status of its end milestone (forecast, or planned, also
-- for a delivery date passed without realisation); aborted houseblocks deliver nothing.
CREATE FUNCTION publication.dashboard_delivery_status(reference_date date, delivery date, end_status text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN end_status = 'aborted' THEN NULL
                WHEN delivery < reference_date AND end_status = 'realised' THEN 'realised'
                WHEN end_status = 'forecast' THEN 'forecast'
                ELSE 'planned' END
$$;

-- deliveries: per delivery year, construction and demolition by delivery status; years before
-- options.from and after options.to are gathered in one row each.
CREATE FUNCTION publication.dashboard_rows_deliveries(reference_date date, projects publication.dashboard_project[], options jsonb)
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH d AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, hb.amount::bigint AS amount,
               publication.dashboard_delivery_status(reference_date, hb.delivery, hb.end_status) AS status,
               extract(year FROM hb.delivery)::integer AS year
        FROM publication.dashboard_houseblocks(reference_date, projects) hb
        WHERE hb.delivery IS NOT NULL AND hb.amount > 0),
    y AS (
        SELECT d.*, CASE WHEN d.year < (options ->> 'from')::integer THEN 'before'
                         WHEN d.year > (options ->> 'to')::integer THEN 'after'
                         ELSE d.year::text END AS bucket
        FROM d WHERE d.status IS NOT NULL)
    SELECT y.bucket,
           CASE y.bucket WHEN 'before' THEN 'Voor ' || (options ->> 'from')
                         WHEN 'after' THEN 'Na ' || (options ->> 'to') ELSE y.bucket END,
           CASE y.bucket WHEN 'before' THEN -1 WHEN 'after' THEN 100000 ELSE min(y.year) END,
           array_agg(DISTINCT y.project_id),
           coalesce(array_agg(DISTINCT y.project_id) FILTER (WHERE NOT y.visible), '{}'),
           coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction'), 0),
           jsonb_build_object(
               'construction_realised', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction' AND y.status = 'realised'), 0),
               'construction_planned', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction' AND y.status = 'planned'), 0),
               'construction_forecast', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction' AND y.status = 'forecast'), 0),
               'demolition_realised', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'demolition' AND y.status = 'realised'), 0),
               'demolition_planned', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'demolition' AND y.status = 'planned'), 0),
               'demolition_forecast', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'demolition' AND y.status = 'forecast'), 0))
    FROM y GROUP BY y.bucket
$$;

-- The usual duration of each phase in a municipality, in months: the 75th percentile of the phase
-- periods its projects completed (a phase followed by another), over all its projects; a default
-- while fewer than 5 periods are known.
CREATE FUNCTION publication.dashboard_usual_phase_months(municipality text)
RETURNS TABLE (phase text, months integer) LANGUAGE sql STABLE AS $$
    WITH v AS (
        SELECT x.project_id, x.phase, x.valid_from,
               lag(x.phase) OVER w IS DISTINCT FROM x.phase AS starts_run
        FROM plan.project_version x JOIN plan.project p ON p.id = x.project_id
        WHERE p.municipality_code = municipality AND p.removed_at IS NULL
          AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
        WINDOW w AS (PARTITION BY x.project_id ORDER BY x.valid_from)),
    runs AS (
        SELECT v.project_id, v.phase, v.valid_from AS run_start,
               lead(v.valid_from) OVER (PARTITION BY v.project_id ORDER BY v.valid_from) AS run_end
        FROM v WHERE v.starts_run),
    measured AS (
        SELECT runs.phase, count(*) AS n,
               percentile_cont(0.75) WITHIN GROUP (ORDER BY runs.run_end - runs.run_start) AS days
        FROM runs WHERE runs.run_end IS NOT NULL GROUP BY runs.phase)
    SELECT d.phase, CASE WHEN m.n >= 5 THEN greatest(round(m.days / 30.44), 1)::integer ELSE d.months END
    FROM (VALUES ('concept', 12), ('initiative', 12), ('definition', 12), ('design', 18),
                 ('preparation', 12), ('realisation', 24)) AS d (phase, months)
    LEFT JOIN measured m ON m.phase = d.phase
$$;
COMMENT ON FUNCTION publication.dashboard_usual_phase_months(text) IS
    'Per phase (not aftercare) the usual duration in the municipality in months: p75 of completed phase periods, or a default (12, design 18, realisation 24) with fewer than 5.';

-- A project's phase periods (its current versions) begun by reference_date: their bounds as the
-- cached milestone dates for today and later, as recorded then for a past reference date (a phase
-- begun later than recorded, or moved since, counts as recorded then).
CREATE FUNCTION publication.dashboard_phase_periods(project uuid, reference_date date)
RETURNS TABLE (phase text, valid_from date) LANGUAGE sql STABLE AS $$
    SELECT x.phase, x.valid_from
    FROM (SELECT plan.as_recorded_on(reference_date) AS moment) r
    JOIN plan.project_version x ON x.project_id = project AND x.superseded_at IS NULL
    WHERE r.moment IS NULL AND x.valid_from < x.valid_to AND x.valid_from <= reference_date
    UNION ALL
    SELECT x.phase, f.date
    FROM (SELECT plan.as_recorded_on(reference_date) AS moment) r
    JOIN plan.project_version x ON x.project_id = project AND x.superseded_at IS NULL
    CROSS JOIN LATERAL plan.milestone_as_known(x.valid_from_milestone_id, r.moment) f
    CROSS JOIN LATERAL plan.milestone_as_known(x.valid_to_milestone_id, r.moment) t
    WHERE r.moment IS NOT NULL AND f.date < t.date AND f.date <= reference_date
$$;

-- The delays of the counted projects at reference_date, one row per reason: a milestone whose
-- date has passed and that is not realised (nor aborted), as recorded at the reference date, and a
-- running project whose current phase has lasted longer than the municipality's usual duration of
-- that phase (running and the phase's start also as recorded at the reference date).
CREATE FUNCTION publication.dashboard_delays(reference_date date, projects publication.dashboard_project[])
RETURNS TABLE (project_id uuid, name text, visible boolean, kind text, reason text,
               milestone_date date, dwellings integer)
LANGUAGE sql STABLE AS $$
    WITH p AS (SELECT * FROM unnest(projects)),
    -- the usual durations once per municipality, not once per project
    u AS (SELECT m.code, d.phase, d.months
          FROM (SELECT DISTINCT p.municipality_code AS code FROM p) m
          CROSS JOIN LATERAL publication.dashboard_usual_phase_months(m.code) d)
    SELECT p.id, p.name, p.visible, 'milestone_overdue',
           format('Mijlpaal ''%s'' gepland op %s is niet gerealiseerd',
                  coalesce(nullif(btrim(mv.description), ''), 'zonder omschrijving'),
                  to_char(mv.date, 'DD-MM-YYYY')),
           mv.date, p.construction
    FROM p
    JOIN plan.milestone m ON m.project_id = p.id
    CROSS JOIN LATERAL plan.milestone_as_known(m.id, (SELECT plan.as_recorded_on(reference_date))) mv
    WHERE mv.date < reference_date AND mv.status IN ('planned', 'forecast')
    UNION ALL
    SELECT p.id, p.name, p.visible, 'phase_too_long',
           format('Fase ''%s'' duurt al %s maanden (gebruikelijk %s)',
                  regexp_replace(p.phase_label, '^[0-9]+ ', ''), s.months, u.months),
           NULL, p.construction
    FROM p
    CROSS JOIN LATERAL (
        WITH v AS (SELECT * FROM publication.dashboard_phase_periods(p.id, reference_date))
        SELECT (extract(year FROM age(reference_date, min(v.valid_from))) * 12
                + extract(month FROM age(reference_date, min(v.valid_from))))::integer AS months
        FROM v
        WHERE v.valid_from > coalesce((SELECT max(w.valid_from) FROM v w WHERE w.phase <> p.phase),
                                      '-infinity')) s
    JOIN u ON u.code = p.municipality_code AND u.phase = p.phase
    WHERE p.status = 'running' AND s.months > u.months
$$;

CREATE FUNCTION publication.dashboard_rows_delayed(reference_date date, projects publication.dashboard_project[])
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    WITH d AS (SELECT * FROM publication.dashboard_delays(reference_date, projects)),
    g AS (SELECT d.kind, array_agg(DISTINCT d.project_id) AS ids,
                 array_agg(DISTINCT d.project_id) FILTER (WHERE NOT d.visible) AS hidden,
                 count(*) AS reasons
          FROM d GROUP BY d.kind),
    w AS (SELECT x.kind, sum(x.dwellings) AS dwellings
          FROM (SELECT DISTINCT d.kind, d.project_id, d.dwellings FROM d) x GROUP BY x.kind)
    SELECT k.code, k.label, k.sort_order, coalesce(g.ids, '{}'), coalesce(g.hidden, '{}'),
           coalesce(w.dwellings, 0), jsonb_build_object('reasons', coalesce(g.reasons, 0))
    FROM (VALUES ('milestone_overdue', 'Mijlpaal niet gerealiseerd', 1),
                 ('phase_too_long', 'Fase duurt langer dan gebruikelijk', 2)) AS k (code, label, sort_order)
    LEFT JOIN g ON g.kind = k.code
    LEFT JOIN w ON w.kind = k.code
$$;

-- The colour of a phase on the map (Okabe-Ito, distinguishable with colour-vision deficiencies).
CREATE FUNCTION publication.phase_colour(phase text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE phase WHEN 'concept' THEN '#999999' WHEN 'initiative' THEN '#E69F00'
                      WHEN 'definition' THEN '#56B4E9' WHEN 'design' THEN '#009E73'
                      WHEN 'preparation' THEN '#F0E442' WHEN 'realisation' THEN '#0072B2'
                      WHEN 'aftercare' THEN '#CC79A7' ELSE '#000000' END
$$;

-- bag_check: the BAG address-count check's findings of the visible projects, per finding code.
CREATE FUNCTION publication.dashboard_bag_findings(reference_date date, projects publication.dashboard_project[])
RETURNS TABLE (project_id uuid, name text, code text, message text, difference integer, dwellings integer)
LANGUAGE sql STABLE AS $$
    SELECT c.project_id, c.name, coalesce(f ->> 'code', 'no_difference'),
           coalesce(f ->> 'message', 'Geen verschil met de BAG.'), (f ->> 'difference')::integer,
           c.planned_construction
    FROM publication.bag_address_check(
        reference_date,
        ARRAY(SELECT p.id FROM unnest(projects) p WHERE p.visible)) c
    LEFT JOIN LATERAL jsonb_array_elements(c.findings) f ON true
$$;

CREATE FUNCTION publication.dashboard_rows_bag_check(reference_date date, projects publication.dashboard_project[])
RETURNS SETOF publication.dashboard_bucket LANGUAGE sql STABLE AS $$
    SELECT k.code, k.label, k.sort_order, coalesce(g.ids, '{}'), '{}'::uuid[], coalesce(g.dwellings, 0),
           jsonb_build_object('difference', coalesce(g.difference, 0))
    FROM (VALUES ('in_use_not_realised', 'In gebruik, niet als gerealiseerd geregistreerd', 1),
                 ('realised_not_in_use', 'Gerealiseerd, niet in gebruik in de BAG', 2),
                 ('more_addresses_than_plan', 'Meer BAG-adressen dan het plan', 3),
                 ('no_plan_area', 'Geen plangebied', 4),
                 ('no_bag_data', 'Buiten de ingelezen BAG', 5),
                 ('no_difference', 'Geen verschil', 6)) AS k (code, label, sort_order)
    LEFT JOIN (SELECT b.code, array_agg(DISTINCT b.project_id) AS ids, sum(b.dwellings) AS dwellings,
                      sum(b.difference) AS difference
               FROM publication.dashboard_bag_findings(reference_date, projects) b GROUP BY b.code) g
        ON g.code = k.code
$$;

-- Sum two series objects key by key.
CREATE FUNCTION publication.dashboard_add_series(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(e.key, e.total), '{}')
    FROM (SELECT s.key, sum(s.value::numeric) AS total
          FROM (SELECT * FROM jsonb_each(coalesce(a, '{}')) UNION ALL SELECT * FROM jsonb_each(coalesce(b, '{}'))) s
          WHERE jsonb_typeof(s.value) = 'number'
          GROUP BY s.key) e
$$;

CREATE FUNCTION publication.dashboard_row_json(b publication.dashboard_bucket, suppressed boolean)
RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object('key', b.key, 'label', b.label,
                              'projects', CASE WHEN NOT suppressed THEN cardinality(b.project_ids) END,
                              'dwellings', CASE WHEN NOT suppressed THEN b.dwellings END,
                              'series', CASE WHEN NOT suppressed THEN b.series END,
                              'suppressed', suppressed)
$$;

-- The small-bucket rule over a component's buckets: {rows, buckets merged, projects merged}.
CREATE FUNCTION publication.dashboard_merge(buckets publication.dashboard_bucket[], k integer)
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    b publication.dashboard_bucket;
    keep publication.dashboard_bucket[] := '{}';
    other publication.dashboard_bucket := ROW('_other', 'Overig (samengevoegd)', 1000000, '{}', '{}', 0, '{}');
    merged integer := 0;
    smallest integer;
    other_suppressed boolean;
BEGIN
    FOREACH b IN ARRAY coalesce(buckets, '{}') LOOP
        IF cardinality(b.hidden_ids) > 0 AND cardinality(b.project_ids) < k THEN
            other := publication.dashboard_merge_into(other, b);
            merged := merged + 1;
        ELSE
            keep := keep || b;
        END IF;
    END LOOP;
    -- while the merged bucket would single out a project, the smallest other buckets join it
    WHILE merged > 0 AND cardinality(other.project_ids) < k LOOP
        SELECT i INTO smallest FROM generate_subscripts(keep, 1) i
        WHERE cardinality(keep[i].project_ids) > 0
        ORDER BY cardinality(keep[i].project_ids), keep[i].sort_order LIMIT 1;
        EXIT WHEN smallest IS NULL;
        other := publication.dashboard_merge_into(other, keep[smallest]);
        keep := keep[:smallest - 1] || keep[smallest + 1:];
        merged := merged + 1;
    END LOOP;
    other_suppressed := cardinality(other.project_ids) < k;
    RETURN jsonb_build_object(
        'rows', coalesce((SELECT jsonb_agg(publication.dashboard_row_json(r, false) ORDER BY r.sort_order, r.key)
                          FROM unnest(keep) r), '[]')
                || CASE WHEN merged > 0 THEN jsonb_build_array(publication.dashboard_row_json(other, other_suppressed))
                        ELSE '[]' END,
        'buckets', merged,
        'projects', CASE WHEN merged > 0 AND NOT other_suppressed THEN cardinality(other.project_ids)
                         WHEN merged = 0 THEN 0 END);
END $$;

CREATE FUNCTION publication.dashboard_merge_into(other publication.dashboard_bucket, b publication.dashboard_bucket)
RETURNS publication.dashboard_bucket LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ROW(other.key, other.label, other.sort_order,
               ARRAY(SELECT DISTINCT u FROM unnest(other.project_ids || b.project_ids) u),
               ARRAY(SELECT DISTINCT u FROM unnest(other.hidden_ids || b.hidden_ids) u),
               other.dwellings + b.dwellings,
               publication.dashboard_add_series(other.series, b.series))::publication.dashboard_bucket
$$;

-- The totals of the counted projects: dwellings = construction dwellings of every project (what
-- the rows add up to); construction/demolition/net follow the plan-capacity rule (no 5A/5B).
-- PL/pgSQL: its query is planned with the caller's values (a SQL scalar function would be
-- planned generically, once per call).
CREATE FUNCTION publication.dashboard_totals(reference_date date, projects publication.dashboard_project[], k integer)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN (SELECT CASE WHEN t.hidden > 0 AND t.projects < k
                THEN jsonb_build_object('projects', NULL, 'dwellings', NULL, 'construction', NULL,
                                        'demolition', NULL, 'net', NULL, 'suppressed', true)
                ELSE jsonb_build_object('projects', t.projects, 'dwellings', t.dwellings,
                                        'construction', t.construction, 'demolition', t.demolition,
                                        'net', t.net, 'not_plan_capacity', t.not_capacity,
                                        'visible_projects', t.projects - t.hidden, 'suppressed', false) END
    FROM (SELECT count(*) AS projects, count(*) FILTER (WHERE NOT p.visible) AS hidden,
                 coalesce(sum(p.construction), 0) AS dwellings,
                 coalesce(sum(p.gross), 0) AS construction,
                 coalesce(sum(p.demolition) FILTER (WHERE p.counts_as_plan_capacity), 0) AS demolition,
                 coalesce(sum(p.net), 0) AS net,
                 coalesce(sum(p.construction) FILTER (WHERE NOT p.counts_as_plan_capacity), 0) AS not_capacity
          FROM unnest(projects) p) t);
END $$;

-- Visible details: per component what a page may list.
CREATE FUNCTION publication.dashboard_details(component text, reference_date date,
                                              projects publication.dashboard_project[],
                                              outlines boolean DEFAULT true)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
    RETURN coalesce(CASE component
        WHEN 'delayed' THEN (
            SELECT jsonb_agg(jsonb_build_object('project_id', d.project_id, 'name', d.name, 'kind', d.kind,
                                                'reason', d.reason, 'milestone_date', d.milestone_date)
                             ORDER BY d.name, d.kind, d.milestone_date)
            FROM publication.dashboard_delays(reference_date, projects) d WHERE d.visible)
        WHEN 'map' THEN (
            SELECT jsonb_agg(jsonb_build_object(
                       'project_id', p.id, 'name', p.name, 'phase', p.phase, 'phase_label', p.phase_label,
                       'colour', publication.phase_colour(p.phase), 'project_colour', p.colour,
                       'planning_status', p.planning_status, 'dwellings', p.construction, 'net', p.net,
                       'geometry', CASE WHEN outlines THEN ST_AsGeoJSON(ST_Transform(p.geometry, 4326), 6)::jsonb END,
                       'centroid', ST_AsGeoJSON(ST_Transform(ST_PointOnSurface(p.geometry), 4326), 6)::jsonb)
                   ORDER BY p.name, p.id)
            FROM unnest(projects) p WHERE p.visible)
        WHEN 'bag_check' THEN (
            SELECT jsonb_agg(jsonb_build_object('project_id', b.project_id, 'name', b.name, 'code', b.code,
                                                'message', b.message, 'difference', b.difference)
                             ORDER BY b.name, b.code)
            FROM publication.dashboard_bag_findings(reference_date, projects) b WHERE b.code <> 'no_difference')
        WHEN 'projects' THEN (
            SELECT jsonb_agg(jsonb_build_object('project_id', p.id, 'name', p.name, 'phase', p.phase,
                                                'planning_status', p.planning_status,
                                                'dwellings', p.construction, 'net', p.net)
                             ORDER BY p.name, p.id)
            FROM unnest(projects) p WHERE p.visible)
        END, '[]');
END $$;

-- The components, their kind and the roles that may use them.
CREATE FUNCTION publication.dashboard_components()
RETURNS TABLE (key text, label_nl text, kind text, roles text[])
LANGUAGE sql IMMUTABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT c.key, c.label_nl, c.kind, c2.roles FROM (VALUES
        (1, 'capacity', 'Totaal aantallen (plancapaciteit)', 'kpi', 'all'),
        (2, 'phase', 'Projectfases', 'chart', 'all'),
        (3, 'planning_status', 'Planstatus', 'chart', 'all'),
        (4, 'target_group', 'Doelgroepen', 'chart', 'internal'),
        (5, 'physical_appearance', 'Fysiek voorkomen', 'chart', 'internal'),
        (6, 'house_type', 'Woningtype', 'chart', 'internal'),
        (7, 'ownership', 'Eigendom', 'chart', 'internal'),
        (8, 'price_purchase', 'Koop per prijscategorie', 'chart', 'internal'),
        (9, 'price_rent', 'Huur per prijscategorie', 'chart', 'internal'),
        (10, 'deliveries', 'Opleveringen per jaar', 'chart', 'all'),
        (11, 'delayed', 'Vertraagde projecten', 'table', 'municipal'),
        (12, 'map', 'Kaart van projecten', 'map', 'all'),
        (13, 'bag_check', 'Controle met de BAG', 'table', 'civil')
    ) AS c (n, key, label_nl, kind, audience)
    CROSS JOIN LATERAL (SELECT CASE c.audience
        WHEN 'all' THEN ARRAY['user_plus', 'user', 'management', 'council', 'external', 'region_reader',
                              'province_reader', 'anonymous']
        WHEN 'internal' THEN ARRAY['user_plus', 'user', 'management', 'council', 'external',
                                   'region_reader', 'province_reader']
        WHEN 'municipal' THEN ARRAY['user_plus', 'user', 'management', 'council', 'external']
        ELSE ARRAY['user_plus', 'user', 'management'] END AS roles) c2(roles)
    ORDER BY c.n
$$;
COMMENT ON FUNCTION publication.dashboard_components() IS
    'The dashboard components: key, Dutch label, kind (chart, table, map, kpi) and the viewer roles that may use them.';

-- The one entry point: a component at a reference date under filters, as JSON (see
-- var/helper-notes/aggregates.md and docs for the shape).
CREATE FUNCTION publication.dashboard(component text, reference_date date, filters jsonb DEFAULT '{}',
                                      options jsonb DEFAULT '{}')
RETURNS jsonb LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
    f jsonb := coalesce(filters, '{}');
    o jsonb := coalesce(options, '{}');
    k integer;
    buckets publication.dashboard_bucket[];
    merged jsonb;
    roles text[];
    projects publication.dashboard_project[];
BEGIN
    IF reference_date IS NULL THEN
        RAISE EXCEPTION 'dashboard_reference_date_missing' USING ERRCODE = '22004';
    END IF;
    SELECT c.roles INTO roles FROM publication.dashboard_components() c WHERE c.key = component;
    IF roles IS NULL THEN
        RAISE EXCEPTION 'dashboard_component_unknown' USING ERRCODE = '22023', DETAIL = component;
    END IF;
    IF NOT plan.viewer_role() = ANY (roles) THEN
        RAISE EXCEPTION 'dashboard_component_not_allowed' USING ERRCODE = '42501', DETAIL = component;
    END IF;
    k := publication.dashboard_min_bucket(f);
    -- the counted projects, read once and shared by the rows, the totals and the details
    projects := ARRAY(SELECT p FROM publication.dashboard_projects(reference_date, f) p);
    CASE component
        WHEN 'capacity' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_capacity(reference_date, projects) r);
        WHEN 'phase', 'map' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_phase(reference_date, projects) r);
        WHEN 'planning_status' THEN buckets := ARRAY(
            SELECT r FROM publication.dashboard_rows_planning_status(reference_date, projects,
                                                                     coalesce(o ->> 'group' = 'hard_soft', false)) r);
        WHEN 'target_group', 'physical_appearance', 'house_type' THEN buckets := ARRAY(
            SELECT r FROM publication.dashboard_rows_breakdown(reference_date, projects, component) r);
        WHEN 'ownership' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_ownership(reference_date, projects) r);
        WHEN 'price_purchase' THEN buckets := ARRAY(
            SELECT r FROM publication.dashboard_rows_price(reference_date, projects, 'purchase') r);
        WHEN 'price_rent' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_price(reference_date, projects, 'rent') r);
        WHEN 'deliveries' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_deliveries(reference_date, projects, o) r);
        WHEN 'delayed' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_delayed(reference_date, projects) r);
        WHEN 'bag_check' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_bag_check(reference_date, projects) r);
    END CASE;
    merged := publication.dashboard_merge(buckets, k);
    RETURN jsonb_build_object(
        'component', component, 'reference_date', reference_date,
        'unit', CASE WHEN component IN ('phase', 'planning_status', 'map', 'delayed', 'bag_check')
                     THEN 'projects' ELSE 'dwellings' END,
        'rows', merged -> 'rows',
        'totals', publication.dashboard_totals(reference_date, projects, k),
        'suppressed', jsonb_build_object('buckets', merged -> 'buckets', 'projects', merged -> 'projects'),
        'min_bucket', k,
        'filters', f,
        'details', CASE WHEN component IN ('delayed', 'map', 'bag_check')
                             THEN publication.dashboard_details(component, reference_date, projects,
                                                                coalesce(o ->> 'geometry', '') <> 'centroid')
                        WHEN (o ->> 'details')::boolean
                             THEN publication.dashboard_details('projects', reference_date, projects)
                        ELSE '[]' END);
END $$;
COMMENT ON FUNCTION publication.dashboard(text, date, jsonb, jsonb) IS
    'A dashboard component at reference_date for the viewer of the transaction: aggregates over the projects the viewer may count (small buckets merged or suppressed), details only of visible projects.';

-- Raster support (the density raster is an aggregate, so it covers every counted project): each
-- counted project with a plan area as a point (a point on its plan area) with its net plan capacity.
-- The point of a project the viewer may not see is moved to the centre of its cell_size grid cell,
-- so that it never gives away more than the raster's cells do; `visible` tells which is which.
CREATE FUNCTION publication.dashboard_capacity_points(reference_date date, filters jsonb DEFAULT '{}',
                                                      cell_size double precision DEFAULT 100)
RETURNS TABLE (geometry geometry(Point, 28992), net_dwellings integer, visible boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT CASE WHEN p.visible THEN s.point
                ELSE ST_SetSRID(ST_MakePoint((floor(ST_X(s.point) / cell_size) + 0.5) * cell_size,
                                             (floor(ST_Y(s.point) / cell_size) + 0.5) * cell_size), 28992) END,
           p.net, p.visible
    FROM publication.dashboard_projects(reference_date, coalesce(filters, '{}')) p
    CROSS JOIN LATERAL (SELECT ST_PointOnSurface(p.geometry)::geometry(Point, 28992) AS point) s
    WHERE p.geometry IS NOT NULL AND cell_size > 0
$$;
COMMENT ON FUNCTION publication.dashboard_capacity_points(date, jsonb, double precision) IS
    'Counted projects with a plan area as points (EPSG:28992) with net plan capacity; points of projects the viewer may not see are moved to their cell centre.';

-- The same as square cells with the small-bucket rule applied: a cell with a project the viewer may
-- not see and fewer than k projects has no numbers (suppressed).
CREATE FUNCTION publication.dashboard_capacity_cells(reference_date date, filters jsonb DEFAULT '{}',
                                                     cell_size double precision DEFAULT 100)
RETURNS TABLE (geometry geometry(Polygon, 28992), projects integer, net_dwellings integer, suppressed boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT ST_MakeEnvelope(c.i * cell_size, c.j * cell_size, (c.i + 1) * cell_size, (c.j + 1) * cell_size,
                           28992)::geometry(Polygon, 28992),
           CASE WHEN c.suppressed THEN NULL ELSE c.projects END,
           CASE WHEN c.suppressed THEN NULL ELSE c.net END, c.suppressed
    FROM (SELECT floor(ST_X(s.point) / cell_size)::bigint AS i, floor(ST_Y(s.point) / cell_size)::bigint AS j,
                 count(*)::integer AS projects, sum(p.net)::integer AS net,
                 count(*) FILTER (WHERE NOT p.visible) > 0
                     AND count(*) < publication.dashboard_min_bucket(coalesce(filters, '{}')) AS suppressed
          FROM publication.dashboard_projects(reference_date, coalesce(filters, '{}')) p
          CROSS JOIN LATERAL (SELECT ST_PointOnSurface(p.geometry) AS point) s
          WHERE p.geometry IS NOT NULL AND cell_size > 0
          GROUP BY 1, 2) c
$$;
COMMENT ON FUNCTION publication.dashboard_capacity_cells(date, jsonb, double precision) IS
    'Net plan capacity of the counted projects per square cell (EPSG:28992, cell_size metres), cells that could single out a project the viewer may not see suppressed.';
