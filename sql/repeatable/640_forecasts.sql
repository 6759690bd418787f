-- Lead-time forecasts: the observations the model learns from and forecasts for, read from the
-- versioned history (valid time: the phase and planning status of the version holding on a date;
-- transaction time: the end date as it was recorded then). The model itself is webapp/forecasts.

-- The end milestone's date as recorded at the end of on_date, else as first recorded (history
-- loaded later than it happened has no record from that time: its first record is the plan).
CREATE OR REPLACE FUNCTION plan.forecast_planned_end(end_milestone uuid, on_date date) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT coalesce(plan.milestone_date(end_milestone, (on_date + 1)::timestamptz),
                    (SELECT mv.date FROM plan.milestone_version mv WHERE mv.milestone_id = end_milestone
                     ORDER BY mv.recorded_at LIMIT 1))
$$;
COMMENT ON FUNCTION plan.forecast_planned_end(uuid, date) IS
    'The project end date as planned on on_date (as recorded then, else as first recorded): the naive forecast.';

-- Size and ground position of a project: construction dwellings of its houseblocks' last versions,
-- and the ground position (grondpositie) that covers most of them ('unknown' when not broken down).
CREATE OR REPLACE FUNCTION plan.forecast_size(project uuid, OUT dwellings integer, OUT ground_position text)
LANGUAGE sql STABLE AS $$
    WITH last_versions AS (
        SELECT DISTINCT ON (h.id) hv.id, hv.amount, hv.mutation_kind
        FROM plan.houseblock h JOIN plan.houseblock_version hv
            ON hv.houseblock_id = h.id AND hv.superseded_at IS NULL
        WHERE h.project_id = project AND h.removed_at IS NULL
        ORDER BY h.id, hv.valid_from DESC NULLS LAST)
    SELECT coalesce((SELECT sum(amount) FROM last_versions WHERE mutation_kind = 'construction'), 0)::integer,
           coalesce((SELECT o.code FROM last_versions lv
                     JOIN plan.houseblock_breakdown b ON b.houseblock_version_id = lv.id
                     JOIN plan.property_option o ON o.id = b.option_id
                     JOIN plan.property pr ON pr.id = o.property_id AND pr.key = 'ground_position'
                     GROUP BY o.code ORDER BY sum(b.amount) DESC, o.code LIMIT 1), 'unknown')
$$;

-- One row per project and observation date. Projects finished (end milestone realised) by cutoff
-- give training rows: at their start, at every change of version and every step_days until their
-- end. Every other project that started by cutoff gives one row at cutoff: the ones to forecast
-- (running) or, in a backtest with a past cutoff, to score.
CREATE OR REPLACE FUNCTION plan.forecast_observations(cutoff date, step_days integer DEFAULT 182)
RETURNS TABLE (project_id uuid, municipality_code text, observed_on date, start_date date,
               end_date date, finished boolean, training boolean, planned_end date, phase text,
               planning_status text, plan_type text, dwellings integer, ground_position text)
LANGUAGE sql STABLE AS $$
    WITH projects AS (
        SELECT p.id, p.municipality_code, p.start_date, p.end_date, p.end_milestone_id,
               e.status = 'realised' AS finished,
               e.status = 'realised' AND p.end_date <= cutoff AS training
        FROM plan.project p
        JOIN plan.milestone_version e ON e.milestone_id = p.end_milestone_id AND e.superseded_at IS NULL
        WHERE p.removed_at IS NULL AND p.start_date <= cutoff AND p.start_date < p.end_date),
    observations AS (
        SELECT id, cutoff AS observed_on FROM projects WHERE NOT training
        UNION
        SELECT id, start_date FROM projects WHERE training
        UNION
        SELECT pr.id, d::date FROM projects pr,
            generate_series(pr.start_date + step_days, pr.end_date - 1, make_interval(days => step_days)) d
        WHERE pr.training
        UNION
        SELECT pr.id, pv.valid_from FROM projects pr
        JOIN plan.project_version pv ON pv.project_id = pr.id AND pv.superseded_at IS NULL
        WHERE pr.training AND pv.valid_from > pr.start_date AND pv.valid_from < pr.end_date)
    SELECT pr.id, pr.municipality_code, o.observed_on, pr.start_date, pr.end_date, pr.finished,
           pr.training, plan.forecast_planned_end(pr.end_milestone_id, o.observed_on),
           v.phase, v.planning_status, coalesce((SELECT min(t) FROM unnest(v.plan_types) t), 'none'),
           s.dwellings, s.ground_position
    FROM observations o
    JOIN projects pr ON pr.id = o.id
    CROSS JOIN LATERAL (
        SELECT x.phase, x.planning_status, x.plan_types FROM plan.project_version x
        WHERE x.project_id = pr.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(o.observed_on, pr.start_date, pr.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) v
    CROSS JOIN LATERAL plan.forecast_size(pr.id) s
$$;
COMMENT ON FUNCTION plan.forecast_observations(date, integer) IS
    'Observations for the lead-time model: training rows of projects finished by cutoff, and one row at cutoff for every other started project.';

-- The current forecast of a project for the viewer of the transaction (none when not visible).
CREATE OR REPLACE FUNCTION plan.visible_forecast(project uuid) RETURNS SETOF plan.forecast
LANGUAGE sql STABLE AS $$
    SELECT f.* FROM plan.forecast f
    WHERE f.project_id = project AND plan.project_visible_today(project)
    ORDER BY f.computed_at DESC LIMIT 1
$$;
COMMENT ON FUNCTION plan.visible_forecast(uuid) IS
    'The newest forecast of a project when the viewer of the transaction may see the project.';
