-- Full history for bulk exports: every recorded version of the projects and houseblocks the viewer
-- may see (publication.project_access applies the one access rule), with valid and recorded periods.

CREATE OR REPLACE FUNCTION publication.project_history()
RETURNS TABLE (
    version_id uuid, id uuid, municipal_id text, municipality_code text, name text, phase text,
    planning_status text, plan_types text[], confidentiality_level text, priority text,
    municipality_roles text[], district_codes text[], neighbourhood_codes text[], colour text,
    area_source text, area_ha numeric, custom_values jsonb, valid_from date, valid_to date,
    recorded_at timestamptz, superseded_at timestamptz, removed_at timestamptz,
    geometry geometry(MultiPolygon, 28992)
) LANGUAGE sql STABLE AS $$
    SELECT v.id, p.id, p.municipal_id, p.municipality_code, v.name, v.phase, v.planning_status,
           v.plan_types, cl.code, v.priority, v.municipality_roles, v.district_codes,
           v.neighbourhood_codes, v.colour, v.area_source,
           round((ST_Area(v.plan_area) / 10000)::numeric, 2), v.custom_values, f.date, t.date,
           v.recorded_at, v.superseded_at, p.removed_at, v.plan_area
    FROM publication.project_access() a
    JOIN plan.project p ON p.id = a.project_id
    JOIN plan.project_version v ON v.project_id = p.id
    JOIN ref.confidentiality_level cl ON cl.rank = v.confidentiality_level
    LEFT JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id
        AND f.superseded_at IS NULL
    LEFT JOIN plan.milestone_version t ON t.milestone_id = v.valid_to_milestone_id
        AND t.superseded_at IS NULL
$$;
COMMENT ON FUNCTION publication.project_history() IS
    'Every recorded version of every project the viewer may see: valid period (current dates of its milestones) and recorded period [recorded_at, superseded_at).';

CREATE OR REPLACE FUNCTION publication.houseblock_history()
RETURNS TABLE (
    version_id uuid, id uuid, project_id uuid, name text, mutation_kind text, amount integer,
    size_min_m2 numeric, size_max_m2 numeric, programming boolean, delivery_earliest date,
    delivery_latest date, owner_occupied integer, private_rental integer, social_rental integer,
    single_family integer, multi_family integer, custom_values jsonb, valid_from date,
    valid_to date, recorded_at timestamptz, superseded_at timestamptz, removed_at timestamptz,
    geometry geometry(MultiPolygon, 28992)
) LANGUAGE sql STABLE AS $$
    SELECT hv.id, h.id, h.project_id, hv.name, hv.mutation_kind, hv.amount,
           lower(hv.size_m2), upper(hv.size_m2), hv.programming, hv.delivery_earliest,
           hv.delivery_latest, own.owner_occupied, own.private_rental, own.social_rental,
           ht.single_family, ht.multi_family, hv.custom_values, f.date, t.date,
           hv.recorded_at, hv.superseded_at, h.removed_at, area.plan_area
    FROM publication.project_access() a
    JOIN plan.houseblock h ON h.project_id = a.project_id
    JOIN plan.project p ON p.id = h.project_id
    JOIN plan.houseblock_version hv ON hv.houseblock_id = h.id
    LEFT JOIN plan.milestone_version f ON f.milestone_id = hv.valid_from_milestone_id
        AND f.superseded_at IS NULL
    LEFT JOIN plan.milestone_version t ON t.milestone_id = hv.valid_to_milestone_id
        AND t.superseded_at IS NULL
    LEFT JOIN LATERAL (
        SELECT x.plan_area FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(coalesce(f.date, p.start_date), p.start_date, p.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) area ON true
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
$$;
COMMENT ON FUNCTION publication.houseblock_history() IS
    'Every recorded version of every houseblock of a project the viewer may see, with valid and recorded periods; geometry is the project''s current plan area at the start of the version''s valid period.';

REVOKE ALL ON FUNCTION publication.project_history(), publication.houseblock_history() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION publication.project_history(), publication.houseblock_history()
    TO diwi_webapp, diwi_reader;
