-- Reading the plan at a reference date (valid time) as it was recorded at a moment (transaction time).

CREATE OR REPLACE FUNCTION plan.recorded_at(recorded_from timestamptz, recorded_to timestamptz,
                                            as_recorded timestamptz)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN as_recorded IS NULL THEN recorded_to IS NULL
                ELSE recorded_from <= as_recorded AND (recorded_to IS NULL OR recorded_to > as_recorded)
           END
$$;
COMMENT ON FUNCTION plan.recorded_at(timestamptz, timestamptz, timestamptz) IS
    'True when a row recorded over [recorded_from, recorded_to) was the recorded truth at as_recorded (NULL: now).';

CREATE OR REPLACE FUNCTION plan.milestone_date(milestone uuid, as_recorded timestamptz DEFAULT NULL)
RETURNS date LANGUAGE sql STABLE AS $$
    SELECT mv.date FROM plan.milestone_version mv
    WHERE mv.milestone_id = milestone AND plan.recorded_at(mv.recorded_at, mv.superseded_at, as_recorded)
$$;
COMMENT ON FUNCTION plan.milestone_date(uuid, timestamptz) IS 'The date of a milestone as recorded at as_recorded (NULL: now).';

CREATE OR REPLACE FUNCTION plan.date_distance(reference_date date, from_date date, to_date date)
RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN reference_date < from_date THEN from_date - reference_date
                WHEN reference_date >= to_date THEN reference_date - to_date + 1
                ELSE 0 END
$$;
COMMENT ON FUNCTION plan.date_distance(date, date, date) IS
    'Days between a reference date and the interval [from_date, to_date); 0 inside it.';

CREATE OR REPLACE FUNCTION plan.clamp_date(reference_date date, start_date date, end_date date)
RETURNS date LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT least(greatest(reference_date, start_date), end_date - 1)
$$;
COMMENT ON FUNCTION plan.clamp_date(date, date, date) IS
    'The reference date moved into the period [start_date, end_date): before the start the first day, after the end the last.';

-- The version of every project that holds at reference_date; before its start the first version,
-- after its end the last one (so every project has one state at every date). Written as plain
-- joins (versions of one entity never overlap) so that filters and indexes reach the base tables.
CREATE OR REPLACE FUNCTION plan.project_version_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS SETOF plan.project_version LANGUAGE sql STABLE AS $$
    SELECT pv.*
    FROM plan.project p
    CROSS JOIN LATERAL (
        SELECT x.* FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) pv
    WHERE as_recorded IS NULL AND p.removed_at IS NULL
    UNION ALL
    SELECT pv.*
    FROM plan.project p
    JOIN plan.milestone_version ps ON ps.milestone_id = p.start_milestone_id
        AND plan.recorded_at(ps.recorded_at, ps.superseded_at, as_recorded)
    JOIN plan.milestone_version pe ON pe.milestone_id = p.end_milestone_id
        AND plan.recorded_at(pe.recorded_at, pe.superseded_at, as_recorded)
    JOIN plan.project_version pv ON pv.project_id = p.id
        AND plan.recorded_at(pv.recorded_at, pv.superseded_at, as_recorded)
    JOIN plan.milestone_version f ON f.milestone_id = pv.valid_from_milestone_id
        AND plan.recorded_at(f.recorded_at, f.superseded_at, as_recorded)
    JOIN plan.milestone_version t ON t.milestone_id = pv.valid_to_milestone_id
        AND plan.recorded_at(t.recorded_at, t.superseded_at, as_recorded)
    WHERE as_recorded IS NOT NULL AND plan.recorded_at(p.created_at, p.removed_at, as_recorded)
      AND f.date <= plan.clamp_date(reference_date, ps.date, pe.date)
      AND plan.clamp_date(reference_date, ps.date, pe.date) < t.date
$$;
COMMENT ON FUNCTION plan.project_version_at(date, timestamptz) IS
    'Each project as planned at reference_date, as recorded at as_recorded (NULL: now): one project_version row per project.';

CREATE OR REPLACE FUNCTION plan.houseblock_version_at(reference_date date, as_recorded timestamptz DEFAULT NULL)
RETURNS SETOF plan.houseblock_version LANGUAGE sql STABLE AS $$
    SELECT hv.*
    FROM plan.houseblock h
    CROSS JOIN LATERAL (
        SELECT x.* FROM plan.houseblock_version x
        WHERE x.houseblock_id = h.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(reference_date, h.start_date, h.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) hv
    WHERE as_recorded IS NULL AND h.removed_at IS NULL
    UNION ALL
    SELECT hv.*
    FROM plan.houseblock h
    JOIN plan.milestone_version hs ON hs.milestone_id = h.start_milestone_id
        AND plan.recorded_at(hs.recorded_at, hs.superseded_at, as_recorded)
    JOIN plan.milestone_version he ON he.milestone_id = h.end_milestone_id
        AND plan.recorded_at(he.recorded_at, he.superseded_at, as_recorded)
    JOIN plan.houseblock_version hv ON hv.houseblock_id = h.id
        AND plan.recorded_at(hv.recorded_at, hv.superseded_at, as_recorded)
    JOIN plan.milestone_version f ON f.milestone_id = hv.valid_from_milestone_id
        AND plan.recorded_at(f.recorded_at, f.superseded_at, as_recorded)
    JOIN plan.milestone_version t ON t.milestone_id = hv.valid_to_milestone_id
        AND plan.recorded_at(t.recorded_at, t.superseded_at, as_recorded)
    WHERE as_recorded IS NOT NULL AND plan.recorded_at(h.created_at, h.removed_at, as_recorded)
      AND f.date <= plan.clamp_date(reference_date, hs.date, he.date)
      AND plan.clamp_date(reference_date, hs.date, he.date) < t.date
$$;
COMMENT ON FUNCTION plan.houseblock_version_at(date, timestamptz) IS
    'Each houseblock as planned at reference_date, as recorded at as_recorded (NULL: now).';

CREATE OR REPLACE FUNCTION plan.project_owner_ids(project uuid, as_recorded timestamptz DEFAULT NULL)
RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(array_agg(o.user_group_id ORDER BY o.user_group_id), '{}')
    FROM plan.project_owner o
    WHERE o.project_id = project AND plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)
$$;
COMMENT ON FUNCTION plan.project_owner_ids(uuid, timestamptz) IS 'The user groups owning a project, as recorded at as_recorded (NULL: now).';

-- The dates at which a project first reached each planning status, from its versioned history.
CREATE OR REPLACE FUNCTION plan.planning_status_reached(project uuid, as_recorded timestamptz DEFAULT NULL)
RETURNS TABLE (planning_status text, reached_on date) LANGUAGE sql STABLE AS $$
    SELECT pv.planning_status, min(f.date)
    FROM plan.project_version pv
    JOIN plan.milestone_version f ON f.milestone_id = pv.valid_from_milestone_id
        AND plan.recorded_at(f.recorded_at, f.superseded_at, as_recorded)
    JOIN plan.milestone_version t ON t.milestone_id = pv.valid_to_milestone_id
        AND plan.recorded_at(t.recorded_at, t.superseded_at, as_recorded)
    WHERE pv.project_id = project AND pv.planning_status IS NOT NULL AND f.date < t.date
      AND plan.recorded_at(pv.recorded_at, pv.superseded_at, as_recorded)
    GROUP BY pv.planning_status
    ORDER BY 2
$$;
COMMENT ON FUNCTION plan.planning_status_reached(uuid, timestamptz) IS
    'Each planning status a project is planned to pass through, with the date it is (planned to be) reached.';
