-- Publication views: the API contract read by pygeoapi, exports and dashboards.
-- Access follows each project's current confidentiality and owners; attributes follow the reference date.

CREATE FUNCTION publication.houseblocks_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (
    id uuid, project_id uuid, name text, mutation_kind text, amount integer,
    start_date date, end_date date, delivery_earliest date, delivery_latest date,
    size_min_m2 numeric, size_max_m2 numeric, programming boolean,
    owner_occupied integer, private_rental integer, social_rental integer,
    single_family integer, multi_family integer,
    custom_values jsonb, recorded_at timestamptz, reference_date date,
    municipality_code text, confidentiality_level smallint, owner_group_ids uuid[]
) LANGUAGE sql STABLE AS $$
    SELECT hv.houseblock_id, h.project_id, hv.name, hv.mutation_kind, hv.amount,
           plan.milestone_date(h.start_milestone_id, as_recorded),
           plan.milestone_date(h.end_milestone_id, as_recorded),
           hv.delivery_earliest, hv.delivery_latest, lower(hv.size_m2), upper(hv.size_m2), hv.programming,
           own.owner_occupied, own.private_rental, own.social_rental,
           ht.single_family, ht.multi_family,
           hv.custom_values, hv.recorded_at, reference_date,
           p.municipality_code, cur.confidentiality_level, plan.project_owner_ids(p.id, as_recorded)
    FROM plan.houseblock_version_at(reference_date, as_recorded) hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id
    JOIN plan.project p ON p.id = h.project_id
    JOIN plan.project_version_at(current_date, as_recorded) cur ON cur.project_id = p.id
    LEFT JOIN LATERAL (
        SELECT sum(l.amount) FILTER (WHERE l.ownership_type = 'owner_occupied')::integer AS owner_occupied,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'private_rental')::integer AS private_rental,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'social_rental')::integer AS social_rental
        FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = hv.id) own ON true
    LEFT JOIN LATERAL (
        SELECT sum(b.amount) FILTER (WHERE o.code = 'single_family')::integer AS single_family,
               sum(b.amount) FILTER (WHERE o.code = 'multi_family')::integer AS multi_family
        FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
        JOIN plan.property pr ON pr.id = o.property_id AND pr.key = 'house_type'
        WHERE b.houseblock_version_id = hv.id) ht ON true
    WHERE plan.viewer_can_see(cur.confidentiality_level, p.municipality_code,
                              plan.project_owner_ids(p.id, as_recorded))
$$;
COMMENT ON FUNCTION publication.houseblocks_at(date, timestamptz) IS
    'Houseblocks the viewer may see, as planned at reference_date (as recorded at as_recorded; NULL: now).';

CREATE FUNCTION publication.projects_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
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
           dates.start_date, dates.end_date,
           CASE WHEN reference_date < dates.start_date THEN 'future'
                WHEN reference_date >= dates.end_date THEN 'completed' ELSE 'running' END,
           coalesce(cap.construction, 0), coalesce(cap.demolition, 0),
           CASE WHEN coalesce(ps.counts_as_capacity, true) THEN coalesce(cap.construction, 0) ELSE 0 END,
           CASE WHEN coalesce(ps.counts_as_capacity, true)
                THEN coalesce(cap.construction, 0) - coalesce(cap.demolition, 0) ELSE 0 END,
           coalesce(cap.houseblocks, 0),
           v.colour, v.area_source, round((ST_Area(v.plan_area) / 10000)::numeric, 2), v.custom_values,
           v.recorded_at, reference_date, v.plan_area, cur.confidentiality_level, owners.ids
    FROM plan.project_version_at(reference_date, as_recorded) v
    JOIN plan.project p ON p.id = v.project_id
    JOIN ref.municipality m ON m.code = p.municipality_code
    JOIN ref.project_phase ph ON ph.code = v.phase
    LEFT JOIN ref.planning_status ps ON ps.code = v.planning_status
    JOIN plan.project_version_at(current_date, as_recorded) cur ON cur.project_id = p.id
    JOIN ref.confidentiality_level cl ON cl.rank = cur.confidentiality_level
    CROSS JOIN LATERAL (SELECT plan.project_owner_ids(p.id, as_recorded) AS ids) owners
    CROSS JOIN LATERAL (
        SELECT plan.milestone_date(p.start_milestone_id, as_recorded) AS start_date,
               plan.milestone_date(p.end_milestone_id, as_recorded) AS end_date) dates
    LEFT JOIN LATERAL (
        SELECT sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction')::integer AS construction,
               sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'demolition')::integer AS demolition,
               count(*)::integer AS houseblocks
        FROM plan.houseblock h
        CROSS JOIN LATERAL (
            SELECT x.* FROM plan.houseblock_version x
            JOIN plan.milestone_version f ON f.milestone_id = x.valid_from_milestone_id
                AND plan.recorded_at(f.recorded_at, f.superseded_at, as_recorded)
            JOIN plan.milestone_version t ON t.milestone_id = x.valid_to_milestone_id
                AND plan.recorded_at(t.recorded_at, t.superseded_at, as_recorded)
            WHERE x.houseblock_id = h.id AND f.date < t.date
              AND plan.recorded_at(x.recorded_at, x.superseded_at, as_recorded)
            ORDER BY plan.date_distance(reference_date, f.date, t.date), f.date LIMIT 1) hv
        WHERE h.project_id = p.id AND plan.recorded_at(h.created_at, h.removed_at, as_recorded)) cap ON true
    WHERE plan.viewer_can_see(cur.confidentiality_level, p.municipality_code, owners.ids)
$$;
COMMENT ON FUNCTION publication.projects_at(date, timestamptz) IS
    'Projects the viewer may see, as planned at reference_date (as recorded at as_recorded; NULL: now).';

CREATE VIEW publication.projects AS SELECT * FROM publication.projects_at(current_date);
CREATE VIEW publication.houseblocks AS SELECT * FROM publication.houseblocks_at(current_date);
