-- Row-level security on the plan tables, the second wall behind the publication functions (ADR 0009).
-- Connected as diwi_reader (the feeds), a plain SELECT on a plan table returns only rows of projects
-- that the viewer of the transaction (plan.set_viewer; anonymous when unset) may see, by the one
-- access rule on the project's current confidentiality, area and owner groups. diwi_webapp sees
-- every row: it writes, refreshes the caches (as the writer) and applies the rule in its own queries.
-- The owner owns the tables and is not subject to their policies (migrations, bulk loads, the
-- security-definer helpers below).

-- What the access rule needs of each project, kept with the current-state cache (derived, rebuilt on
-- every migrate like the rest of the publication schema).
CREATE TABLE publication.access_cache (
    project_id uuid PRIMARY KEY,
    municipality_code text NOT NULL,
    region_code text,
    province_code text,
    confidentiality_level smallint,
    level_from date NOT NULL,
    level_until date NOT NULL,
    owner_group_ids uuid[] NOT NULL
);
COMMENT ON TABLE publication.access_cache IS
    'Derived: per project what the access rule needs (current confidentiality, area, current owner groups); read by the row-level security of the plan tables.';
COMMENT ON COLUMN publication.access_cache.confidentiality_level IS
    'The confidentiality of the version valid today; it is the current confidentiality on every day in [level_from, level_until).';
COMMENT ON COLUMN publication.access_cache.level_until IS
    'First day on which another version may hold (infinity: none); from then on the rule computes the level from the versions until the row is refreshed.';

-- The rows as of `day`. The current confidentiality is that of the current version with the latest
-- valid_from on or before clamp(day, start, end), as in publication.projects_base; it can only
-- change on a day that is some version's valid_from, so it holds from the latest such day on or
-- before `day` until the next one. Removed projects keep their row (their history stays readable).
CREATE OR REPLACE FUNCTION plan.project_access_rows(day date)
RETURNS SETOF publication.access_cache LANGUAGE sql STABLE AS $$
    SELECT p.id, p.municipality_code, m.region_code, m.province_code, cur.level,
           coalesce(b.level_from, '-infinity'), coalesce(b.level_until, 'infinity'),
           coalesce(o.ids, '{}')
    FROM plan.project p
    JOIN ref.municipality m ON m.code = p.municipality_code
    LEFT JOIN LATERAL (
        SELECT x.confidentiality_level AS level FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(day, p.start_date, p.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) cur ON true
    LEFT JOIN LATERAL (
        SELECT max(x.valid_from) FILTER (WHERE x.valid_from <= day) AS level_from,
               min(x.valid_from) FILTER (WHERE x.valid_from > day) AS level_until
        FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to) b ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(o.user_group_id ORDER BY o.user_group_id) AS ids FROM plan.project_owner o
        WHERE o.project_id = p.id AND o.superseded_at IS NULL) o ON true
$$;
COMMENT ON FUNCTION plan.project_access_rows(date) IS
    'Each project''s access row as of day: confidentiality and the period it holds, area, current owner groups.';

CREATE OR REPLACE FUNCTION publication.refresh_access_cache(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM publication.access_cache WHERE project_id = ANY (ids);
    INSERT INTO publication.access_cache
        SELECT * FROM plan.project_access_rows(current_date) a WHERE a.project_id = ANY (ids);
$$;

CREATE OR REPLACE FUNCTION publication.rebuild_access_cache() RETURNS void LANGUAGE sql AS $$
    DELETE FROM publication.access_cache;
    INSERT INTO publication.access_cache SELECT * FROM plan.project_access_rows(current_date);
$$;

-- When the date has moved past a row's period and the cache was not refreshed yet, the rule computes
-- the project's row from its versions. Security definer: it reads the plan tables as their owner (a
-- policy may not read its own table through itself) and answers only yes or no for this viewer.
CREATE OR REPLACE FUNCTION plan.project_visible_today(project uuid) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER COST 1 SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce((
        SELECT plan.viewer_can_see(a.confidentiality_level, a.municipality_code, a.region_code,
                                   a.province_code, a.owner_group_ids)
        FROM plan.project_access_rows(current_date) a WHERE a.project_id = project), false)
$$;
COMMENT ON FUNCTION plan.project_visible_today(uuid) IS
    'Whether the viewer may see the project today, computed from its versions (for an access_cache row whose period has passed).';

-- The rule on an access_cache row, for the viewer given as in plan.can_see: the stored level within
-- its period, else computed afresh.
CREATE OR REPLACE FUNCTION plan.can_see_project(level_from date, level_until date, project uuid,
                                                level smallint, municipality text, region text,
                                                province text, owner_groups uuid[],
                                                viewer_owner_groups uuid[], viewer_min_level smallint,
                                                viewer_municipality text, viewer_region text,
                                                viewer_province text)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN level_from <= current_date AND current_date < level_until
                THEN plan.can_see(level, municipality, region, province, owner_groups,
                                  viewer_owner_groups, viewer_min_level, viewer_municipality,
                                  viewer_region, viewer_province)
                ELSE plan.project_visible_today(project) END
$$;

-- The access_cache rows' project ids the viewer of the transaction may see, with the viewer as
-- sub-selects (evaluated once per query). Plain SQL, so it is inlined into the functions below and
-- each of them stays one pass of hash joins.
CREATE OR REPLACE FUNCTION plan.visible_access_ids() RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
    SELECT a.project_id FROM publication.access_cache a
    WHERE plan.can_see_project(a.level_from, a.level_until, a.project_id, a.confidentiality_level,
                               a.municipality_code, a.region_code, a.province_code, a.owner_group_ids,
                               (SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()),
                               (SELECT plan.viewer_area('municipality')),
                               (SELECT plan.viewer_area('region')),
                               (SELECT plan.viewer_area('province')))
$$;

-- The ids of the projects the viewer of the transaction may see. Security definer, so the policies
-- that call it do not recurse into each other; it reveals nothing the viewer may not see. COST and
-- ROWS are small on purpose: a policy's set is hashed once per query, and a large estimate would be
-- charged to every rescan of a lateral subquery and push the planner to worse joins.
CREATE OR REPLACE FUNCTION plan.visible_project_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10 SET search_path = pg_catalog, pg_temp AS $$
    SELECT i FROM plan.visible_access_ids() i
$$;
COMMENT ON FUNCTION plan.visible_project_ids() IS
    'The projects the viewer of the transaction may see (by their current confidentiality, area and owners); the row-level security of the plan tables.';

-- The policies: diwi_reader sees a plan row when the viewer may see its project; diwi_webapp every
-- row. An uncorrelated sub-select, so PostgreSQL hashes the visible ids once per query.
DO $$
DECLARE
    tbl text;
    project_column text;
BEGIN
    FOR tbl, project_column IN VALUES
        ('publication.access_cache', 'project_id'), ('plan.project', 'id'),
        ('plan.project_version', 'project_id'), ('plan.project_owner', 'project_id'),
        ('plan.milestone', 'project_id'), ('plan.houseblock', 'project_id')
    LOOP
        EXECUTE format('DROP POLICY IF EXISTS reader_sees_visible_projects ON %s', tbl);
        EXECUTE format('CREATE POLICY reader_sees_visible_projects ON %s FOR SELECT TO diwi_reader '
                       'USING (%I IN (SELECT i FROM plan.visible_project_ids() i))', tbl, project_column);
    END LOOP;
END $$;

-- Rows without a project id follow their parent row: the ids of the visible parents. Written on the
-- inlined visible_access_ids (not on visible_project_ids, whose small ROWS estimate would turn them
-- into nested loops), so that each is one pass of hash joins.
CREATE OR REPLACE FUNCTION plan.visible_project_version_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10 SET search_path = pg_catalog, pg_temp AS $$
    SELECT v.id FROM plan.project_version v
    WHERE v.project_id IN (SELECT i FROM plan.visible_access_ids() i)
$$;
CREATE OR REPLACE FUNCTION plan.visible_milestone_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10 SET search_path = pg_catalog, pg_temp AS $$
    SELECT m.id FROM plan.milestone m
    WHERE m.project_id IN (SELECT i FROM plan.visible_access_ids() i)
$$;
CREATE OR REPLACE FUNCTION plan.visible_houseblock_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10 SET search_path = pg_catalog, pg_temp AS $$
    SELECT h.id FROM plan.houseblock h
    WHERE h.project_id IN (SELECT i FROM plan.visible_access_ids() i)
$$;
CREATE OR REPLACE FUNCTION plan.visible_houseblock_version_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10 SET search_path = pg_catalog, pg_temp AS $$
    SELECT v.id FROM plan.houseblock_version v
    WHERE v.houseblock_id IN (
        SELECT h.id FROM plan.houseblock h
        WHERE h.project_id IN (SELECT i FROM plan.visible_access_ids() i))
$$;

DO $$
DECLARE
    tbl text;
    parent_column text;
    ids text;
BEGIN
    FOR tbl, parent_column, ids IN VALUES
        ('plan.project_parcel', 'project_version_id', 'plan.visible_project_version_ids'),
        ('plan.milestone_version', 'milestone_id', 'plan.visible_milestone_ids'),
        ('plan.houseblock_version', 'houseblock_id', 'plan.visible_houseblock_ids'),
        ('plan.houseblock_ownership_line', 'houseblock_version_id', 'plan.visible_houseblock_version_ids'),
        ('plan.houseblock_breakdown', 'houseblock_version_id', 'plan.visible_houseblock_version_ids')
    LOOP
        EXECUTE format('DROP POLICY IF EXISTS reader_sees_visible_projects ON %s', tbl);
        EXECUTE format('CREATE POLICY reader_sees_visible_projects ON %s FOR SELECT TO diwi_reader '
                       'USING (%I IN (SELECT i FROM %s() i))', tbl, parent_column, ids);
    END LOOP;
END $$;

-- diwi_webapp: every row, for reading and writing; then switch the wall on (in this same transaction,
-- so no session ever sees the tables with row security but without their policies).
DO $$
DECLARE
    tbl text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['publication.access_cache', 'plan.project', 'plan.project_version',
                                'plan.project_owner', 'plan.project_parcel', 'plan.milestone',
                                'plan.milestone_version', 'plan.houseblock', 'plan.houseblock_version',
                                'plan.houseblock_ownership_line', 'plan.houseblock_breakdown'] LOOP
        EXECUTE format('DROP POLICY IF EXISTS webapp_sees_all ON %s', tbl);
        EXECUTE format('CREATE POLICY webapp_sees_all ON %s TO diwi_webapp USING (true) WITH CHECK (true)',
                       tbl);
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    END LOOP;
END $$;
