-- Regional and acceleration table: key projects of the viewer's area with their process streams'
-- summary, forecasts and acceleration options, local rows and harvested rows of other instances.
-- publication is rebuilt by 000, so this view is created anew after it on every migrate.

CREATE OR REPLACE FUNCTION plan.region_key_min_dwellings(region text) RETURNS integer
LANGUAGE sql STABLE AS $$
    SELECT coalesce((SELECT s.key_min_dwellings FROM plan.region_setting s WHERE s.region_code = region), 100)
$$;
COMMENT ON FUNCTION plan.region_key_min_dwellings(text) IS
    'The default rule of a region: projects with at least this many net dwellings are key projects.';

-- Local projects the viewer may see, key or not, with why they are (not) key: the marking page.
CREATE OR REPLACE VIEW publication.regional_projects AS
    SELECT p.id, p.municipality_code, p.municipality_name, p.region_code, p.province_code, p.name,
           p.phase, p.phase_label, p.planning_status, p.planning_status_label, p.net_plan_capacity,
           p.end_date AS planned_delivery, k.is_key AS marked,
           coalesce(k.is_key, p.net_plan_capacity >= plan.region_key_min_dwellings(p.region_code))
               AS is_key,
           CASE WHEN k.is_key THEN 'gemarkeerd' WHEN NOT k.is_key THEN 'uitgezet'
                WHEN p.net_plan_capacity >= plan.region_key_min_dwellings(p.region_code)
                THEN 'standaardregel' END AS key_reason,
           p.geometry
    FROM publication.projects_at(current_date) p
    LEFT JOIN plan.key_project k ON k.project_id = p.id
    WHERE plan.viewer_role() <> 'anonymous';
COMMENT ON VIEW publication.regional_projects IS
    'Projects the signed-in viewer may see, with whether each is a key project of its region (marked, unmarked or by the default rule).';

CREATE OR REPLACE VIEW publication.acceleration_table AS
    SELECT r.id, NULL::text AS instance, r.municipality_code, r.municipality_name, r.region_code,
           r.province_code, r.name, r.phase, r.phase_label, r.planning_status,
           r.planning_status_label, r.net_plan_capacity,
           coalesce(own.owner_occupied, 0) AS owner_occupied,
           coalesce(own.private_rental, 0) AS private_rental,
           coalesce(own.social_rental, 0) AS social_rental,
           r.planned_delivery, f.p10 AS forecast_p10, f.p50 AS forecast_p50, f.p90 AS forecast_p90,
           s.delivery_date AS process_delivery, s.steps_done, s.steps_running, s.steps_late,
           coalesce(s.steps, '[]') AS steps, coalesce(s.critical_steps, '{}') AS critical_steps,
           coalesce(s.bottlenecks, '[]') AS bottlenecks, coalesce(s.acceleration, '[]') AS acceleration,
           coalesce((s.acceleration -> 0 ->> 'gain_days')::integer, 0) AS max_gain_days,
           r.key_reason, s.computed_at AS summary_computed_at, r.geometry
    FROM publication.regional_projects r
    LEFT JOIN plan.process_summary s ON s.project_id = r.id
    LEFT JOIN LATERAL (SELECT x.p10, x.p50, x.p90 FROM plan.forecast x WHERE x.project_id = r.id
                       ORDER BY x.computed_at DESC LIMIT 1) f ON true
    LEFT JOIN LATERAL (
        SELECT sum(h.owner_occupied)::integer AS owner_occupied,
               sum(h.private_rental)::integer AS private_rental,
               sum(h.social_rental)::integer AS social_rental
        FROM publication.houseblocks_at(current_date) h
        WHERE h.project_id = r.id AND h.mutation_kind = 'construction') own ON true
    WHERE r.is_key
    UNION ALL
    -- a GUID harvested from two instances (e.g. one that harvests the other) shows once: the
    -- latest run's row
    SELECT * FROM (
        SELECT DISTINCT ON (h.source_guid)
               h.source_guid, h.instance, h.municipality_code, h.municipality_name,
               h.region_code, h.province_code, h.name, h.phase, h.phase_label, h.planning_status,
               h.planning_status_label, h.net_plan_capacity, h.owner_occupied, h.private_rental,
               h.social_rental, h.planned_delivery, h.forecast_p10, h.forecast_p50,
               h.forecast_p90, h.process_delivery, h.steps_done, h.steps_running, h.steps_late,
               h.steps, h.critical_steps, h.bottlenecks, h.acceleration,
               coalesce(h.max_gain_days, 0), 'geoogst', NULL::timestamptz, h.geometry
        FROM harvest.project h
        WHERE plan.viewer_role() <> 'anonymous'
          AND plan.viewer_can_see(6::smallint, h.municipality_code, h.region_code,
                                  h.province_code, '{}'::uuid[])
          AND NOT EXISTS (SELECT 1 FROM plan.project p WHERE p.id = h.source_guid)
        ORDER BY h.source_guid, h.run_id DESC) harvested;
COMMENT ON VIEW publication.acceleration_table IS
    'Regio- en versnellingstafel: the key projects the signed-in viewer may see (local, and harvested from other DIWI instances with their instance name; a GUID that is also local is shown once, as local; one harvested from several instances once, from the latest run), with dwellings by ownership, planned and forecast delivery, process steps, bottlenecks and acceleration options.';
COMMENT ON COLUMN publication.acceleration_table.instance IS 'The DIWI instance a harvested row comes from; empty for this instance''s projects.';
COMMENT ON COLUMN publication.acceleration_table.planned_delivery IS 'The planned end date of the project (end milestone).';
COMMENT ON COLUMN publication.acceleration_table.forecast_p50 IS 'Model forecast of the delivery date (median; p10 and p90 bound the 80% interval).';
COMMENT ON COLUMN publication.acceleration_table.process_delivery IS 'The delivery date the process streams'' schedule gives (critical path).';
COMMENT ON COLUMN publication.acceleration_table.max_gain_days IS 'Days the delivery could be earlier by the best acceleration option (two steps in parallel).';
COMMENT ON COLUMN publication.acceleration_table.key_reason IS 'Why the project is a key project: gemarkeerd, standaardregel or geoogst.';

-- Mark or unmark a key project: municipal users (user, user_plus) and region/province readers
-- who may see it; NULL is_key returns the project to the default rule.
CREATE OR REPLACE FUNCTION plan.set_key_project(project uuid, key boolean, by_user uuid)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF plan.viewer_role() NOT IN ('user', 'user_plus', 'region_reader', 'province_reader')
       OR NOT EXISTS (SELECT 1 FROM publication.project_access() a WHERE a.project_id = project) THEN
        PERFORM plan.raise_rule('key_project_not_allowed');
    END IF;
    IF key IS NULL THEN
        DELETE FROM plan.key_project WHERE project_id = project;
    ELSE
        INSERT INTO plan.key_project (project_id, is_key, marked_by) VALUES (project, key, by_user)
        ON CONFLICT (project_id) DO UPDATE
            SET is_key = EXCLUDED.is_key, marked_by = EXCLUDED.marked_by, marked_at = now();
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION plan.set_key_project(uuid, boolean, uuid) IS
    'Mark (true), unmark (false) or reset to the default rule (NULL) a key project, for viewers who may.';

-- The regions whose key-project threshold the viewer may set: a region reader its own region, a
-- province reader the regions of its province.
CREATE OR REPLACE FUNCTION plan.viewer_can_set_region(region text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (
        SELECT 1 FROM ref.region r
        WHERE r.code = region
          AND CASE plan.viewer_role()
                  WHEN 'region_reader' THEN r.code = plan.viewer_setting('region')
                  WHEN 'province_reader' THEN r.province_code = plan.viewer_setting('province')
                  ELSE false END)
$$;
COMMENT ON FUNCTION plan.viewer_can_set_region(text) IS
    'Whether the current viewer may set a region''s key-project threshold (region readers their region, province readers the regions of their province).';

CREATE OR REPLACE VIEW publication.region_settings AS
    SELECT r.code AS region_code, r.name AS region_name, r.province_code,
           s.key_min_dwellings AS set_min_dwellings,
           plan.region_key_min_dwellings(r.code) AS key_min_dwellings, s.changed_at
    FROM ref.region r
    LEFT JOIN plan.region_setting s ON s.region_code = r.code
    WHERE plan.viewer_can_set_region(r.code);
COMMENT ON VIEW publication.region_settings IS
    'The regions whose key-project threshold the viewer may set, with the threshold in force (100 without a row).';

CREATE OR REPLACE FUNCTION plan.set_region_key_min_dwellings(region text, min_dwellings integer,
                                                             by_user uuid)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF NOT plan.viewer_can_set_region(region) THEN
        PERFORM plan.raise_rule('region_setting_not_allowed');
    END IF;
    IF min_dwellings < 0 THEN
        PERFORM plan.raise_rule('region_setting_negative');
    END IF;
    IF min_dwellings IS NULL THEN
        DELETE FROM plan.region_setting WHERE region_code = region;
    ELSE
        INSERT INTO plan.region_setting (region_code, key_min_dwellings, changed_by)
        VALUES (region, min_dwellings, by_user)
        ON CONFLICT (region_code) DO UPDATE SET key_min_dwellings = EXCLUDED.key_min_dwellings,
            changed_by = EXCLUDED.changed_by, changed_at = now();
    END IF;
    RETURN true;
END
$$;
COMMENT ON FUNCTION plan.set_region_key_min_dwellings(text, integer, uuid) IS
    'Set (or with NULL reset to 100) the net dwellings from which a region''s projects are key projects, for region and province readers of the region.';

-- Process steps of the projects the signed-in viewer may see, one feature per step (collection
-- process-steps). Status follows the date like plan.process_summary's; critical and float come
-- from the stored schedule (NULL until it is computed).
CREATE OR REPLACE VIEW publication.process_steps AS
    SELECT ps.id, ps.project_id, p.name AS project_name, p.municipality_code,
           p.municipality_name, ps.stream, ps.name AS step_name, ps.planned_start,
           ps.planned_end, ps.actual_start, ps.actual_end,
           CASE WHEN ps.actual_end IS NOT NULL THEN 'done'
                WHEN ps.planned_end < current_date THEN 'late'
                WHEN ps.actual_start IS NOT NULL THEN 'running'
                ELSE 'planned' END AS status,
           coalesce((e.step ->> 'critical')::boolean, false) AS critical,
           (e.step ->> 'float_days')::integer AS float_days,
           coalesce(u.first_name || ' ' || u.last_name, g.name, ps.responsible_organisation)
               AS responsible,
           s.computed_at AS schedule_computed_at, p.geometry
    FROM plan.process_step ps
    JOIN publication.projects_at(current_date) p ON p.id = ps.project_id
    LEFT JOIN plan.process_summary s ON s.project_id = ps.project_id
    LEFT JOIN LATERAL (SELECT x AS step FROM jsonb_array_elements(s.steps) x
                       WHERE x ->> 'id' = ps.id::text LIMIT 1) e ON true
    LEFT JOIN auth.app_user u ON u.id = ps.responsible_user_id
    LEFT JOIN auth.user_group g ON g.id = ps.responsible_group_id
    WHERE plan.viewer_role() <> 'anonymous';
COMMENT ON VIEW publication.process_steps IS
    'Process steps (public and private stream) of the projects the signed-in viewer may see, with status (done|running|late|planned), critical path and float from the stored schedule, the responsible party and the project area.';
COMMENT ON COLUMN publication.process_steps.status IS 'done (actual end), late (unfinished after its planned end), running (started) or planned.';
COMMENT ON COLUMN publication.process_steps.float_days IS 'Days the step can slip without moving the delivery (critical path: 0); NULL until the schedule is computed.';
COMMENT ON COLUMN publication.process_steps.responsible IS 'The responsible user, user group or external organisation.';
