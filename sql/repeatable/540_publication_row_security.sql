-- Row-level security on the current-state cache (ADR 0009): diwi_reader sees the rows that the
-- publication functions give the viewer of the transaction, diwi_webapp (which refreshes the cache
-- as the writer) every row. The rule reads the row's own columns, with the viewer as sub-selects
-- that are evaluated once per query, so a read by primary key or in primary-key order stays an
-- index scan.
DO $$
DECLARE
    tbl text;
    level_column text;
BEGIN
    FOR tbl, level_column IN VALUES ('publication.project_cache', 'confidentiality_rank'),
                                    ('publication.houseblock_cache', 'confidentiality_level')
    LOOP
        EXECUTE format(
            'CREATE POLICY reader_sees_visible_projects ON %s FOR SELECT TO diwi_reader USING ('
            'plan.can_see(%I, municipality_code, region_code, province_code, owner_group_ids, '
            '(SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()), '
            '(SELECT plan.viewer_area(''municipality'')), (SELECT plan.viewer_area(''region'')), '
            '(SELECT plan.viewer_area(''province''))))', tbl, level_column);
        EXECUTE format('CREATE POLICY webapp_sees_all ON %s TO diwi_webapp USING (true) WITH CHECK (true)',
                       tbl);
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
    END LOOP;
END $$;

-- The bbox pre-filter of the feeds (plugins/providers/sqlbuild.py, spatial_index.function): the
-- projects the viewer may see whose current plan area (at any reference date) touches the area.
-- Under a policy PostgreSQL evaluates no operator that is not leakproof before the policy, and no
-- PostGIS operator is, so a GiST index on a table with row security is never used. This function
-- reads the index as the owner and applies the rule itself; the provider passes its result as
-- `id = ANY (ARRAY(...))`, which the planner does use on the cache's primary key under the policy.
CREATE FUNCTION publication.visible_project_ids_in(area geometry)
RETURNS SETOF uuid LANGUAGE sql STABLE SECURITY DEFINER ROWS 500
SET search_path = pg_catalog, public, pg_temp AS $$
    SELECT DISTINCT v.project_id
    FROM plan.project_version v
    JOIN publication.access_cache a ON a.project_id = v.project_id
    WHERE v.plan_area && area AND v.superseded_at IS NULL
      AND plan.can_see_project(a.level_from, a.level_until, a.project_id, a.confidentiality_level,
                               a.municipality_code, a.region_code, a.province_code, a.owner_group_ids,
                               (SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()),
                               (SELECT plan.viewer_area('municipality')),
                               (SELECT plan.viewer_area('region')),
                               (SELECT plan.viewer_area('province')))
$$;
COMMENT ON FUNCTION publication.visible_project_ids_in(geometry) IS
    'Ids of the projects the viewer may see whose current plan area touches the area (in EPSG:28992): the feeds'' bbox pre-filter.';
