-- Process streams (PPM): who may edit which stream, and the writes that enforce it.
-- Public stream: the project's editors except external partners (owner-group members, the
-- municipality's user_plus). Private stream: external partners admitted to the project (member of
-- an owner group). Both streams are read by everyone who may edit the project or is admitted to it.

CREATE OR REPLACE FUNCTION plan.viewer_can_edit_stream(project uuid, stream text) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT coalesce((
        SELECT CASE WHEN stream = 'public'
                    THEN plan.viewer_role() <> 'external'
                         AND plan.viewer_can_edit(p.municipality_code, p.owner_group_ids)
                    ELSE plan.viewer_role() = 'external' AND p.owner_group_ids && plan.viewer_groups()
               END
        FROM publication.projects_at(current_date) p WHERE p.id = project), false)
$$;
COMMENT ON FUNCTION plan.viewer_can_edit_stream(uuid, text) IS
    'Whether the current viewer may edit a project''s public (municipality editors, not external) or private (admitted external partners) process stream.';

CREATE OR REPLACE FUNCTION plan.check_stream_editable(project uuid, stream text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF NOT plan.viewer_can_edit_stream(project, stream) THEN
        PERFORM plan.raise_rule('process_stream_not_editable');
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.save_process_step(step uuid, project uuid, data jsonb, actor uuid)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    old plan.process_step;
    saved uuid;
BEGIN
    PERFORM plan.check_stream_editable(project, data->>'stream');
    IF step IS NULL THEN
        INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end)
        VALUES (project, data->>'stream', data->>'name', (data->>'planned_start')::date,
                (data->>'planned_end')::date)
        RETURNING id INTO step;
    ELSE
        SELECT * INTO old FROM plan.process_step s WHERE s.id = step AND s.project_id = project FOR UPDATE;
        IF NOT FOUND THEN RETURN NULL; END IF;
        PERFORM plan.check_stream_editable(project, old.stream);
    END IF;
    UPDATE plan.process_step s SET stream = data->>'stream', name = data->>'name',
        planned_start = (data->>'planned_start')::date, planned_end = (data->>'planned_end')::date,
        actual_start = (data->>'actual_start')::date, actual_end = (data->>'actual_end')::date,
        responsible_user_id = (data->>'responsible_user_id')::uuid,
        responsible_group_id = (data->>'responsible_group_id')::uuid,
        responsible_organisation = nullif(btrim(data->>'responsible_organisation'), ''),
        changed_by = actor, changed_at = now()
    WHERE s.id = step RETURNING s.id INTO saved;
    RETURN saved;
END $$;
COMMENT ON FUNCTION plan.save_process_step(uuid, uuid, jsonb, uuid) IS
    'Add (step NULL) or change a process step of a project; refuses streams the viewer may not edit. NULL: step not of this project.';

CREATE OR REPLACE FUNCTION plan.delete_process_step(step uuid, project uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    found_stream text := (SELECT s.stream FROM plan.process_step s WHERE s.id = step AND s.project_id = project);
BEGIN
    IF found_stream IS NULL THEN RETURN false; END IF;
    PERFORM plan.check_stream_editable(project, found_stream);
    DELETE FROM plan.process_step WHERE id = step;
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION plan.process_step_reaches(from_step uuid, to_step uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE later (id) AS (
        SELECT from_step
        UNION
        SELECT d.to_step_id FROM plan.process_dependency d JOIN later l ON d.from_step_id = l.id
    )
    SELECT EXISTS (SELECT 1 FROM later WHERE id = to_step)
$$;
COMMENT ON FUNCTION plan.process_step_reaches(uuid, uuid) IS 'Whether to_step follows from_step through dependencies (or is it).';

CREATE OR REPLACE FUNCTION plan.add_process_dependency(project uuid, from_step uuid, to_step uuid,
                                                       kind text, lag integer) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    target_stream text := (SELECT s.stream FROM plan.process_step s WHERE s.id = to_step AND s.project_id = project);
    saved uuid;
BEGIN
    IF target_stream IS NULL OR NOT EXISTS (
            SELECT 1 FROM plan.process_step s WHERE s.id = from_step AND s.project_id = project) THEN
        PERFORM plan.raise_rule('process_dependency_other_project');
    END IF;
    PERFORM plan.check_stream_editable(project, target_stream);
    PERFORM 1 FROM plan.process_step s WHERE s.project_id = project FOR UPDATE;
    IF from_step <> to_step AND plan.process_step_reaches(to_step, from_step) THEN
        PERFORM plan.raise_rule('process_dependency_cycle');
    END IF;
    INSERT INTO plan.process_dependency (from_step_id, to_step_id, kind, lag_days)
    VALUES (from_step, to_step, coalesce(kind, 'finish_to_start'), coalesce(lag, 0))
    RETURNING id INTO saved;
    RETURN saved;
END $$;
COMMENT ON FUNCTION plan.add_process_dependency(uuid, uuid, uuid, text, integer) IS
    'Let to_step wait for from_step; the editor of to_step''s stream decides; cycles are refused.';

CREATE OR REPLACE FUNCTION plan.delete_process_dependency(project uuid, dependency uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    target_stream text := (
        SELECT s.stream FROM plan.process_dependency d JOIN plan.process_step s ON s.id = d.to_step_id
        WHERE d.id = dependency AND s.project_id = project);
BEGIN
    IF target_stream IS NULL THEN RETURN false; END IF;
    PERFORM plan.check_stream_editable(project, target_stream);
    DELETE FROM plan.process_dependency WHERE id = dependency;
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION plan.apply_process_template(project uuid, template uuid, start_date date,
                                                       actor uuid) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    t record;
    step_of jsonb := '{}';
    begins date;
    made uuid;
BEGIN
    PERFORM plan.check_stream_editable(project, 'public');
    FOR t IN SELECT * FROM plan.process_template_step ts WHERE ts.template_id = template ORDER BY ts.position LOOP
        SELECT greatest(start_date, max(CASE WHEN d.kind = 'start_to_start' THEN s.planned_start
                                             ELSE s.planned_end END + d.lag_days))
        INTO begins
        FROM plan.process_template_dependency d
        JOIN plan.process_step s ON s.id = (step_of->>d.from_position::text)::uuid
        WHERE d.template_id = template AND d.to_position = t.position;
        INSERT INTO plan.process_step (project_id, stream, name, planned_start, planned_end, changed_by)
        VALUES (project, t.stream, t.name, begins, begins + t.duration_days, actor) RETURNING id INTO made;
        step_of := step_of || jsonb_build_object(t.position::text, made);
    END LOOP;
    INSERT INTO plan.process_dependency (from_step_id, to_step_id, kind, lag_days)
    SELECT (step_of->>d.from_position::text)::uuid, (step_of->>d.to_position::text)::uuid, d.kind, d.lag_days
    FROM plan.process_template_dependency d WHERE d.template_id = template;
    RETURN (SELECT count(*) FROM jsonb_object_keys(step_of));
END $$;
COMMENT ON FUNCTION plan.apply_process_template(uuid, uuid, date, uuid) IS
    'Add a template''s steps (both streams) and dependencies to a project in one go, each step planned as early as its predecessors allow from start_date; only the public stream''s editors apply templates.';
