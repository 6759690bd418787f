-- Publication views: the API contract read by pygeoapi, exports and dashboards.
-- Access follows each project's current confidentiality and owners; attributes follow the reference date.
-- Everything is plain joins and grouped subqueries, so that the planner pushes filters down.

CREATE FUNCTION publication.project_owners(as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (project_id uuid, owner_group_ids uuid[]) LANGUAGE sql STABLE AS $$
    SELECT o.project_id, array_agg(o.user_group_id ORDER BY o.user_group_id)
    FROM plan.project_owner o
    WHERE plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)
    GROUP BY o.project_id
$$;

-- The confidentiality that decides access: the project's version valid today (as recorded at as_recorded).
CREATE FUNCTION publication.current_level(project uuid, as_recorded timestamptz DEFAULT NULL)
RETURNS smallint LANGUAGE sql STABLE AS $$
    SELECT v.confidentiality_level FROM plan.project_version_at(current_date, as_recorded) v
    WHERE v.project_id = project
$$;

CREATE FUNCTION publication.project_access(as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (project_id uuid, municipality_code text, confidentiality_level smallint,
               owner_group_ids uuid[]) LANGUAGE sql STABLE AS $$
    SELECT p.id, p.municipality_code, cur.level, coalesce(o.owner_group_ids, '{}')
    FROM plan.project p
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN (
            SELECT x.confidentiality_level FROM plan.project_version x
            WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
            ORDER BY x.valid_from DESC LIMIT 1)
        ELSE publication.current_level(p.id, as_recorded) END AS level) cur
    LEFT JOIN publication.project_owners(as_recorded) o ON o.project_id = p.id
    WHERE plan.viewer_can_see(cur.level, p.municipality_code, coalesce(o.owner_group_ids, '{}'))
$$;
COMMENT ON FUNCTION publication.project_access(timestamptz) IS
    'The projects the current viewer may see, with their current confidentiality and owners.';

CREATE FUNCTION publication.houseblocks_base(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (
    id uuid, project_id uuid, name text, mutation_kind text, amount integer,
    start_date date, end_date date, delivery_earliest date, delivery_latest date,
    size_min_m2 numeric, size_max_m2 numeric, programming boolean,
    owner_occupied integer, private_rental integer, social_rental integer,
    single_family integer, multi_family integer,
    custom_values jsonb, recorded_at timestamptz, reference_date date,
    municipality_code text, region_code text, province_code text,
    geometry geometry(MultiPolygon, 28992),
    confidentiality_level smallint, owner_group_ids uuid[]
) LANGUAGE sql STABLE AS $$
    SELECT h.id, h.project_id, hv.name, hv.mutation_kind, hv.amount,
           hs.date, he.date, hv.delivery_earliest, hv.delivery_latest,
           lower(hv.size_m2), upper(hv.size_m2), hv.programming,
           own.owner_occupied, own.private_rental, own.social_rental,
           ht.single_family, ht.multi_family,
           hv.custom_values, hv.recorded_at, reference_date,
           p.municipality_code, m.region_code, m.province_code, pv.plan_area,
           a.confidentiality_level, a.owner_group_ids
    FROM plan.houseblock h
    JOIN plan.project p ON p.id = h.project_id
    JOIN ref.municipality m ON m.code = p.municipality_code
    CROSS JOIN LATERAL (
        (SELECT x.* FROM plan.houseblock_version x
         WHERE as_recorded IS NULL AND x.houseblock_id = h.id AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to
           AND x.valid_from <= plan.clamp_date(reference_date, h.start_date, h.end_date)
         ORDER BY x.valid_from DESC LIMIT 1)
        UNION ALL
        SELECT y.* FROM plan.houseblock_version_at(reference_date, as_recorded) y
        WHERE as_recorded IS NOT NULL AND y.houseblock_id = h.id) hv
    CROSS JOIN LATERAL (
        (SELECT x.plan_area FROM plan.project_version x
         WHERE as_recorded IS NULL AND x.project_id = p.id AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to
           AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
         ORDER BY x.valid_from DESC LIMIT 1)
        UNION ALL
        SELECT y.plan_area FROM plan.project_version_at(reference_date, as_recorded) y
        WHERE as_recorded IS NOT NULL AND y.project_id = p.id) pv
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN (
            SELECT x.confidentiality_level FROM plan.project_version x
            WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
            ORDER BY x.valid_from DESC LIMIT 1)
        ELSE publication.current_level(p.id, as_recorded) END AS confidentiality_level,
        coalesce((SELECT array_agg(o.user_group_id ORDER BY o.user_group_id) FROM plan.project_owner o
                  WHERE o.project_id = p.id AND plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)),
                 '{}') AS owner_group_ids) a
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN h.start_date
                                    ELSE plan.milestone_date(h.start_milestone_id, as_recorded) END AS date) hs
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN h.end_date
                                    ELSE plan.milestone_date(h.end_milestone_id, as_recorded) END AS date) he
    LEFT JOIN LATERAL (
        SELECT sum(l.amount) FILTER (WHERE l.ownership_type = 'owner_occupied')::integer AS owner_occupied,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'private_rental')::integer AS private_rental,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'social_rental')::integer AS social_rental
        FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = hv.id) own ON true
    LEFT JOIN LATERAL (
        SELECT sum(b.amount) FILTER (WHERE o.code = 'single_family')::integer AS single_family,
               sum(b.amount) FILTER (WHERE o.code = 'multi_family')::integer AS multi_family
        FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
        WHERE b.houseblock_version_id = hv.id) ht ON true
    WHERE plan.recorded_at(h.created_at, h.removed_at, as_recorded)
      AND plan.recorded_at(p.created_at, p.removed_at, as_recorded)
$$;
COMMENT ON FUNCTION publication.houseblocks_base(date, timestamptz) IS
    'Every houseblock as planned at reference_date (as recorded at as_recorded; NULL: now), with its project''s area and access columns, unfiltered.';

CREATE FUNCTION publication.capacity_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (project_id uuid, construction integer, demolition integer, houseblocks integer)
LANGUAGE sql STABLE AS $$
    SELECT h.project_id,
           (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction'))::integer,
           (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'demolition'))::integer,
           count(*)::integer
    FROM plan.houseblock_version_at(reference_date, as_recorded) hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id
    GROUP BY h.project_id
$$;
COMMENT ON FUNCTION publication.capacity_at(date, timestamptz) IS
    'Dwellings built and demolished per project as planned at reference_date.';

CREATE FUNCTION publication.projects_base(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (
    id uuid, municipal_id text, name text, municipality_code text, municipality_name text,
    province_code text, region_code text, phase text, phase_label text,
    planning_status text, planning_status_label text, planning_status_hard boolean,
    counts_as_plan_capacity boolean, plan_types text[], confidentiality_level text,
    priority text, municipality_roles text[], district_codes text[], neighbourhood_codes text[],
    start_date date, end_date date, status text,
    construction_amount integer, demolition_amount integer,
    gross_plan_capacity integer, net_plan_capacity integer, houseblock_count integer,
    colour text, area_source text, area_ha numeric, custom_values jsonb,
    recorded_at timestamptz, reference_date date, geometry geometry(MultiPolygon, 28992),
    confidentiality_rank smallint, owner_group_ids uuid[]
) LANGUAGE sql STABLE AS $$
    SELECT p.id, p.municipal_id, v.name, p.municipality_code, m.name, m.province_code, m.region_code,
           v.phase, ph.label_nl, v.planning_status, ps.label_nl, ps.is_hard,
           coalesce(ps.counts_as_capacity, true), v.plan_types, cl.code,
           v.priority, v.municipality_roles, v.district_codes, v.neighbourhood_codes,
           s.date, e.date,
           CASE WHEN reference_date < s.date THEN 'future'
                WHEN reference_date >= e.date THEN 'completed' ELSE 'running' END,
           coalesce(cap.construction, 0), coalesce(cap.demolition, 0),
           CASE WHEN coalesce(ps.counts_as_capacity, true) THEN coalesce(cap.construction, 0) ELSE 0 END,
           CASE WHEN coalesce(ps.counts_as_capacity, true)
                THEN coalesce(cap.construction, 0) - coalesce(cap.demolition, 0) ELSE 0 END,
           coalesce(cap.houseblocks, 0),
           v.colour, v.area_source, round((ST_Area(v.plan_area) / 10000)::numeric, 2), v.custom_values,
           v.recorded_at, reference_date, v.plan_area, a.confidentiality_level, a.owner_group_ids
    FROM plan.project p
    CROSS JOIN LATERAL (
        (SELECT x.* FROM plan.project_version x
         WHERE as_recorded IS NULL AND x.project_id = p.id AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to
           AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
         ORDER BY x.valid_from DESC LIMIT 1)
        UNION ALL
        SELECT y.* FROM plan.project_version_at(reference_date, as_recorded) y
        WHERE as_recorded IS NOT NULL AND y.project_id = p.id) v
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN (
            SELECT x.confidentiality_level FROM plan.project_version x
            WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
            ORDER BY x.valid_from DESC LIMIT 1)
        ELSE publication.current_level(p.id, as_recorded) END AS confidentiality_level,
        coalesce((SELECT array_agg(o.user_group_id ORDER BY o.user_group_id) FROM plan.project_owner o
                  WHERE o.project_id = p.id AND plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)),
                 '{}') AS owner_group_ids) a
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN p.start_date
                                    ELSE plan.milestone_date(p.start_milestone_id, as_recorded) END AS date) s
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN p.end_date
                                    ELSE plan.milestone_date(p.end_milestone_id, as_recorded) END AS date) e
    JOIN ref.municipality m ON m.code = p.municipality_code
    JOIN ref.project_phase ph ON ph.code = v.phase
    JOIN ref.confidentiality_level cl ON cl.rank = a.confidentiality_level
    LEFT JOIN ref.planning_status ps ON ps.code = v.planning_status
    LEFT JOIN LATERAL (
        SELECT (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction'))::integer AS construction,
               (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'demolition'))::integer AS demolition,
               count(*)::integer AS houseblocks
        FROM plan.houseblock h
        CROSS JOIN LATERAL (
            (SELECT x.mutation_kind, x.amount FROM plan.houseblock_version x
             WHERE as_recorded IS NULL AND x.houseblock_id = h.id AND x.superseded_at IS NULL
               AND x.valid_from < x.valid_to
               AND x.valid_from <= plan.clamp_date(reference_date, h.start_date, h.end_date)
             ORDER BY x.valid_from DESC LIMIT 1)
            UNION ALL
            SELECT y.mutation_kind, y.amount FROM plan.houseblock_version_at(reference_date, as_recorded) y
            WHERE as_recorded IS NOT NULL AND y.houseblock_id = h.id) hv
        WHERE h.project_id = p.id AND plan.recorded_at(h.created_at, h.removed_at, as_recorded)) cap ON true
    WHERE plan.recorded_at(p.created_at, p.removed_at, as_recorded)
$$;
COMMENT ON FUNCTION publication.projects_base(date, timestamptz) IS
    'Every project as planned at reference_date (as recorded at as_recorded; NULL: now), with its access columns, unfiltered.';

-- The current state (planned today, as recorded now) is kept in a table, so the common feed is a
-- flat, indexed read; every write refreshes its project at commit, and rebuild_cache() the whole
-- table (after migrate, and once a day as the date moves on).
CREATE TABLE publication.project_cache AS
    SELECT * FROM publication.projects_base(current_date) WITH NO DATA;
ALTER TABLE publication.project_cache ADD PRIMARY KEY (id);
CREATE INDEX ON publication.project_cache USING gist (geometry);
CREATE INDEX ON publication.project_cache (municipality_code);
COMMENT ON TABLE publication.project_cache IS
    'Derived: publication.projects_base(current_date) for every project, valid while cache_state.as_of is today.';

CREATE TABLE publication.cache_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    as_of date,
    rebuilt_at timestamptz
);
INSERT INTO publication.cache_state VALUES (true, NULL, NULL);

CREATE FUNCTION publication.cache_is_fresh() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT as_of = current_date FROM publication.cache_state), false)
$$;

CREATE FUNCTION publication.rebuild_cache() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    n integer;
BEGIN
    LOCK TABLE publication.cache_state IN EXCLUSIVE MODE;
    DELETE FROM publication.project_cache;
    INSERT INTO publication.project_cache SELECT * FROM publication.projects_base(current_date);
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM publication.houseblock_cache;
    INSERT INTO publication.houseblock_cache SELECT * FROM publication.houseblocks_base(current_date);
    PERFORM publication.rebuild_access_cache();
    UPDATE publication.cache_state SET as_of = current_date, rebuilt_at = now();
    RETURN n;
END $$;
COMMENT ON FUNCTION publication.rebuild_cache() IS 'Recompute the current-state cache of every project.';

CREATE FUNCTION publication.refresh_cache_if_stale() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF publication.cache_is_fresh() THEN RETURN false; END IF;
    PERFORM publication.rebuild_cache();
    RETURN true;
END $$;


CREATE FUNCTION publication.projects_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS SETOF publication.project_cache LANGUAGE sql STABLE AS $$
    SELECT c.* FROM publication.project_cache c
    WHERE projects_at.reference_date = current_date AND projects_at.as_recorded IS NULL
      AND publication.cache_is_fresh()
      AND plan.viewer_can_see(c.confidentiality_rank, c.municipality_code, c.region_code,
                              c.province_code, c.owner_group_ids)
    UNION ALL
    SELECT b.* FROM publication.projects_base(projects_at.reference_date, projects_at.as_recorded) b
    WHERE NOT (projects_at.reference_date = current_date AND projects_at.as_recorded IS NULL
               AND publication.cache_is_fresh())
      AND plan.viewer_can_see(b.confidentiality_rank, b.municipality_code, b.region_code,
                              b.province_code, b.owner_group_ids)
$$;
COMMENT ON FUNCTION publication.projects_at(date, timestamptz) IS
    'Projects the viewer may see, as planned at reference_date (as recorded at as_recorded; NULL: now).';

CREATE VIEW publication.projects AS SELECT * FROM publication.projects_at(current_date);
CREATE TABLE publication.houseblock_cache AS
    SELECT * FROM publication.houseblocks_base(current_date) WITH NO DATA;
ALTER TABLE publication.houseblock_cache ADD PRIMARY KEY (id);
CREATE INDEX ON publication.houseblock_cache (project_id);
CREATE INDEX ON publication.houseblock_cache USING gist (geometry);
COMMENT ON TABLE publication.houseblock_cache IS
    'Derived: publication.houseblocks_base(current_date) for every houseblock, valid while cache_state.as_of is today.';

CREATE FUNCTION publication.houseblocks_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS SETOF publication.houseblock_cache LANGUAGE sql STABLE AS $$
    SELECT c.* FROM publication.houseblock_cache c
    WHERE houseblocks_at.reference_date = current_date AND houseblocks_at.as_recorded IS NULL
      AND publication.cache_is_fresh()
      AND plan.viewer_can_see(c.confidentiality_level, c.municipality_code, c.region_code,
                              c.province_code, c.owner_group_ids)
    UNION ALL
    SELECT b.* FROM publication.houseblocks_base(houseblocks_at.reference_date, houseblocks_at.as_recorded) b
    WHERE NOT (houseblocks_at.reference_date = current_date AND houseblocks_at.as_recorded IS NULL
               AND publication.cache_is_fresh())
      AND plan.viewer_can_see(b.confidentiality_level, b.municipality_code, b.region_code,
                              b.province_code, b.owner_group_ids)
$$;
COMMENT ON FUNCTION publication.houseblocks_at(date, timestamptz) IS
    'Houseblocks the viewer may see, as planned at reference_date (as recorded at as_recorded; NULL: now).';

CREATE VIEW publication.houseblocks AS SELECT * FROM publication.houseblocks_at(current_date);
