-- Lead-time forecasts: the observations the model learns from and forecasts for, read from the
-- versioned history (valid time: the phase and planning status of the version holding on a date;
-- transaction time: the end date as it was recorded then). The model itself is webapp/forecasts.

-- The end milestone's date as recorded at the end of on_date by a person, else as first recorded
-- (history loaded later than it happened has no record from that time: its first record is the
-- plan). Dates recorded by a system user (the model's own "forecast" dates) are skipped, so the
-- model never learns from or feeds on its own output.
CREATE OR REPLACE FUNCTION plan.forecast_planned_end(end_milestone uuid, on_date date) RETURNS date
LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT mv.date FROM plan.milestone_version mv
         WHERE mv.milestone_id = end_milestone AND mv.recorded_at <= (on_date + 1)::timestamptz
           AND NOT EXISTS (SELECT 1 FROM auth.app_user u WHERE u.id = mv.recorded_by AND u.is_system)
         ORDER BY mv.recorded_at DESC LIMIT 1),
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

-- The covariates of a project as it stood on one observation date: the planned end as then
-- recorded, the phase, planning status and first plan type of the version valid then, its size.
CREATE OR REPLACE FUNCTION plan.forecast_state(project uuid, end_milestone uuid, observed_on date,
                                               start_date date, end_date date)
RETURNS TABLE (planned_end date, phase text, planning_status text, plan_type text,
               dwellings integer, ground_position text)
LANGUAGE sql STABLE AS $$
    SELECT plan.forecast_planned_end(end_milestone, observed_on), v.phase, v.planning_status,
           coalesce((SELECT min(t) FROM unnest(v.plan_types) t), 'none'), s.dwellings,
           s.ground_position
    FROM (SELECT x.phase, x.planning_status, x.plan_types FROM plan.project_version x
          WHERE x.project_id = project AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
            AND x.valid_from <= plan.clamp_date(observed_on, start_date, end_date)
          ORDER BY x.valid_from DESC LIMIT 1) v
    CROSS JOIN plan.forecast_size(project) s
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
           pr.training, st.*
    FROM observations o
    JOIN projects pr ON pr.id = o.id
    CROSS JOIN LATERAL plan.forecast_state(pr.id, pr.end_milestone_id, o.observed_on,
                                           pr.start_date, pr.end_date) st
$$;
COMMENT ON FUNCTION plan.forecast_observations(date, integer) IS
    'Observations for the lead-time model: training rows of projects finished by cutoff, and one row at cutoff for every other started project.';

-- Censored history for the survival models: for every project that started by cutoff but is
-- not finished by then, the same observation dates as a training project's (its start, every
-- change of version, every step_days) strictly before cutoff. The project is known to have run at
-- least until cutoff: each row enters at its elapsed days and is censored at cutoff (no end yet).
CREATE OR REPLACE FUNCTION plan.forecast_censored_observations(cutoff date, step_days integer DEFAULT 182)
RETURNS TABLE (project_id uuid, municipality_code text, observed_on date, start_date date,
               end_date date, finished boolean, training boolean, planned_end date, phase text,
               planning_status text, plan_type text, dwellings integer, ground_position text)
LANGUAGE sql STABLE AS $$
    WITH projects AS (
        SELECT p.id, p.municipality_code, p.start_date, p.end_date, p.end_milestone_id,
               e.status = 'realised' AS finished
        FROM plan.project p
        JOIN plan.milestone_version e ON e.milestone_id = p.end_milestone_id AND e.superseded_at IS NULL
        WHERE p.removed_at IS NULL AND p.start_date < cutoff AND p.start_date < p.end_date
          AND NOT (e.status = 'realised' AND p.end_date <= cutoff)),
    observations AS (
        SELECT id, start_date AS observed_on FROM projects
        UNION
        SELECT pr.id, d::date FROM projects pr,
            generate_series(pr.start_date + step_days, cutoff - 1, make_interval(days => step_days)) d
        UNION
        SELECT pr.id, pv.valid_from FROM projects pr
        JOIN plan.project_version pv ON pv.project_id = pr.id AND pv.superseded_at IS NULL
        WHERE pv.valid_from > pr.start_date AND pv.valid_from < cutoff)
    SELECT pr.id, pr.municipality_code, o.observed_on, pr.start_date, pr.end_date, pr.finished,
           false, st.*
    FROM observations o
    JOIN projects pr ON pr.id = o.id
    CROSS JOIN LATERAL plan.forecast_state(pr.id, pr.end_milestone_id, o.observed_on,
                                           pr.start_date, pr.end_date) st
$$;
COMMENT ON FUNCTION plan.forecast_censored_observations(date, integer) IS
    'Censored history for the survival models: observation rows before cutoff of projects not finished by cutoff.';

-- The current forecast of a project for the viewer of the transaction (none when not visible).
CREATE OR REPLACE FUNCTION plan.visible_forecast(project uuid) RETURNS SETOF plan.forecast
LANGUAGE sql STABLE AS $$
    SELECT f.* FROM plan.forecast f
    WHERE f.project_id = project AND plan.project_visible_today(project)
    ORDER BY f.computed_at DESC LIMIT 1
$$;
COMMENT ON FUNCTION plan.visible_forecast(uuid) IS
    'The newest forecast of a project when the viewer of the transaction may see the project.';

-- The "forecast" milestone status fed by the model: in municipalities that switched it on
-- (auth.municipality_setting.forecast_end_milestone), the newest forecast's p50 becomes the date
-- of every end milestone whose current status is 'forecast', recorded through plan.set_milestone
-- as the forecast model's system user (so the history shows it). Planned, realised and aborted
-- milestones are never touched; a date the milestone rules refuse is skipped. Returns the number
-- of milestones moved.
CREATE OR REPLACE FUNCTION plan.record_forecast_end_dates() RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    model_user uuid := (SELECT u.id FROM auth.app_user u
                        WHERE u.email = 'prognosemodel@systeem.diwi.invalid' AND u.is_system);
    r record;
    moved integer := 0;
BEGIN
    FOR r IN
        SELECT DISTINCT ON (f.project_id) p.end_milestone_id, f.p50, mv.date
        FROM plan.forecast f
        JOIN plan.project p ON p.id = f.project_id AND p.removed_at IS NULL
        JOIN auth.municipality_setting s
            ON s.municipality_code = p.municipality_code AND s.forecast_end_milestone
        JOIN plan.milestone_version mv
            ON mv.milestone_id = p.end_milestone_id AND mv.superseded_at IS NULL
        WHERE mv.status = 'forecast'
        ORDER BY f.project_id, f.computed_at DESC
    LOOP
        CONTINUE WHEN r.date = r.p50;
        BEGIN
            PERFORM plan.set_milestone(r.end_milestone_id, r.p50, NULL, NULL, model_user);
            moved := moved + 1;
        EXCEPTION WHEN check_violation THEN
            RAISE NOTICE 'forecast date % refused for milestone %: %', r.p50, r.end_milestone_id, SQLERRM;
        END;
    END LOOP;
    RETURN moved;
END $$;
COMMENT ON FUNCTION plan.record_forecast_end_dates() IS
    'Record the newest forecast p50 as the date of end milestones with status forecast, where the municipality switched this on; returns how many moved.';

-- Lead times of process steps: for every unfinished step of a project the viewer may see, the
-- durations (actual end - actual start, days) of finished steps with the same name (trimmed,
-- case-insensitive) in the same municipality, of any project: durations only, never which project
-- (webapp/forecasts/steps.py turns them into quantiles with a minimum sample size).
CREATE OR REPLACE FUNCTION plan.step_lead_times(project uuid)
RETURNS TABLE (step_id uuid, started_on date, planned_start date, durations integer[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT s.id, s.actual_start, s.planned_start,
           coalesce((SELECT array_agg(h.actual_end - h.actual_start ORDER BY h.actual_end - h.actual_start)
                     FROM plan.process_step h JOIN plan.project hp ON hp.id = h.project_id
                     WHERE hp.municipality_code = p.municipality_code AND hp.removed_at IS NULL
                       AND h.actual_end IS NOT NULL AND h.id <> s.id
                       AND lower(btrim(h.name)) = lower(btrim(s.name))), '{}')
    FROM plan.process_step s JOIN plan.project p ON p.id = s.project_id
    WHERE s.project_id = step_lead_times.project AND s.actual_end IS NULL
      AND plan.project_visible_today(step_lead_times.project)
$$;
COMMENT ON FUNCTION plan.step_lead_times(uuid) IS
    'Per unfinished step of a visible project: the durations in days of finished steps with the same name in its municipality.';
