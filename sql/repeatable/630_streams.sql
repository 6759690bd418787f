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

CREATE OR REPLACE FUNCTION plan.process_template_order(template uuid)
RETURNS TABLE (step_position smallint, depth integer) LANGUAGE sql STABLE AS $$
    WITH RECURSIVE walk (position, depth) AS (
        SELECT ts.position, 0 FROM plan.process_template_step ts WHERE ts.template_id = template
        UNION
        SELECT d.to_position, w.depth + 1 FROM walk w
        JOIN plan.process_template_dependency d ON d.template_id = template AND d.from_position = w.position
        WHERE w.depth < 1000
    )
    SELECT w.position, max(w.depth) FROM walk w GROUP BY w.position
$$;
COMMENT ON FUNCTION plan.process_template_order(uuid) IS
    'Each step of a (cycle-free) template with its depth: the longest chain of predecessors, so steps sorted by depth come after all their predecessors.';

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
    IF NOT EXISTS (SELECT 1 FROM plan.process_template pt, plan.project p
                   WHERE pt.id = template AND p.id = project
                     AND (pt.municipality_code IS NULL OR pt.municipality_code = p.municipality_code)) THEN
        PERFORM plan.raise_rule('process_template_other_municipality');
    END IF;
    FOR t IN SELECT ts.* FROM plan.process_template_step ts
             JOIN plan.process_template_order(template) o ON o.step_position = ts.position
             WHERE ts.template_id = template ORDER BY o.depth, ts.position LOOP
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
    'Add a template''s steps (both streams) and dependencies to a project in one go, each step planned as early as its predecessors allow from start_date; only the public stream''s editors apply templates, and only nationwide ones or those of the project''s municipality.';

-- Templates of the municipality, edited by its user_plus and admin (/beheer/processjablonen).
-- The caller passes its own municipality; nationwide templates (municipality NULL) are read-only,
-- another municipality's templates do not exist for the caller (the functions return NULL/false).

CREATE OR REPLACE FUNCTION plan.own_process_template(template uuid, municipality text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    owner text;
BEGIN
    SELECT pt.municipality_code INTO owner FROM plan.process_template pt WHERE pt.id = template FOR UPDATE;
    IF NOT FOUND THEN RETURN false; END IF;
    IF owner IS NULL THEN PERFORM plan.raise_rule('process_template_read_only'); END IF;
    RETURN owner = municipality;
END $$;
COMMENT ON FUNCTION plan.own_process_template(uuid, text) IS
    'Lock a template for an edit: true when it is the municipality''s, false when it is unknown or another''s; a nationwide one raises process_template_read_only.';

CREATE OR REPLACE FUNCTION plan.save_process_template(template uuid, municipality text, new_name text)
RETURNS uuid LANGUAGE plpgsql AS $$
BEGIN
    IF template IS NULL THEN
        INSERT INTO plan.process_template (municipality_code, name)
        VALUES (municipality, btrim(new_name)) RETURNING id INTO template;
        RETURN template;
    END IF;
    IF NOT plan.own_process_template(template, municipality) THEN RETURN NULL; END IF;
    UPDATE plan.process_template SET name = btrim(new_name) WHERE id = template;
    RETURN template;
END $$;
COMMENT ON FUNCTION plan.save_process_template(uuid, text, text) IS
    'Create (template NULL) or rename a template of the municipality; NULL when it is not the municipality''s.';

CREATE OR REPLACE FUNCTION plan.copy_process_template(template uuid, municipality text, new_name text)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    made uuid;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plan.process_template pt WHERE pt.id = template
                   AND (pt.municipality_code IS NULL OR pt.municipality_code = municipality)) THEN
        RETURN NULL;
    END IF;
    INSERT INTO plan.process_template (municipality_code, name)
    VALUES (municipality, btrim(new_name)) RETURNING id INTO made;
    INSERT INTO plan.process_template_step (template_id, position, stream, name, duration_days)
    SELECT made, ts.position, ts.stream, ts.name, ts.duration_days
    FROM plan.process_template_step ts WHERE ts.template_id = template;
    INSERT INTO plan.process_template_dependency (template_id, from_position, to_position, kind, lag_days)
    SELECT made, d.from_position, d.to_position, d.kind, d.lag_days
    FROM plan.process_template_dependency d WHERE d.template_id = template;
    RETURN made;
END $$;
COMMENT ON FUNCTION plan.copy_process_template(uuid, text, text) IS
    'Copy a nationwide or own template (steps and dependencies) as a new template of the municipality.';

CREATE OR REPLACE FUNCTION plan.delete_process_template(template uuid, municipality text) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    DELETE FROM plan.process_template WHERE id = template;
    RETURN true;
END $$;

CREATE OR REPLACE FUNCTION plan.save_process_template_step(template uuid, municipality text, step uuid,
                                                           data jsonb) RETURNS uuid
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN NULL; END IF;
    IF step IS NULL THEN
        INSERT INTO plan.process_template_step (template_id, position, stream, name, duration_days)
        SELECT template, coalesce(max(ts.position), 0) + 1, data->>'stream', btrim(data->>'name'),
               (data->>'duration_days')::integer
        FROM plan.process_template_step ts WHERE ts.template_id = template
        RETURNING id INTO step;
        RETURN step;
    END IF;
    UPDATE plan.process_template_step ts SET stream = data->>'stream', name = btrim(data->>'name'),
        duration_days = (data->>'duration_days')::integer
    WHERE ts.id = step AND ts.template_id = template RETURNING ts.id INTO step;
    RETURN step;
END $$;
COMMENT ON FUNCTION plan.save_process_template_step(uuid, text, uuid, jsonb) IS
    'Add (step NULL, at the end) or change a step (stream, name, duration_days) of the municipality''s template.';

CREATE OR REPLACE FUNCTION plan.delete_process_template_step(template uuid, municipality text, step uuid)
RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    DELETE FROM plan.process_template_step ts WHERE ts.id = step AND ts.template_id = template;
    RETURN FOUND;  -- its dependencies go with it (ON DELETE CASCADE)
END $$;

CREATE OR REPLACE FUNCTION plan.move_process_template_step(template uuid, municipality text, step uuid,
                                                           up boolean) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    here smallint;
    there smallint;
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    SELECT ts.position INTO here FROM plan.process_template_step ts WHERE ts.id = step AND ts.template_id = template;
    IF here IS NULL THEN RETURN false; END IF;
    SELECT CASE WHEN up THEN max(ts.position) ELSE min(ts.position) END INTO there
    FROM plan.process_template_step ts
    WHERE ts.template_id = template AND CASE WHEN up THEN ts.position < here ELSE ts.position > here END;
    IF there IS NULL THEN RETURN true; END IF;  -- already first or last
    -- swap through a free position; the dependencies follow (ON UPDATE CASCADE)
    UPDATE plan.process_template_step SET position = -1 WHERE template_id = template AND position = here;
    UPDATE plan.process_template_step SET position = here WHERE template_id = template AND position = there;
    UPDATE plan.process_template_step SET position = there WHERE template_id = template AND position = -1;
    RETURN true;
END $$;
COMMENT ON FUNCTION plan.move_process_template_step(uuid, text, uuid, boolean) IS
    'Swap a step of the municipality''s template with the one above (up) or below it; dependencies stay with their steps.';

CREATE OR REPLACE FUNCTION plan.process_template_reaches(template uuid, first_pos smallint,
                                                         last_pos smallint) RETURNS boolean
LANGUAGE sql STABLE AS $$
    WITH RECURSIVE later (position) AS (
        SELECT first_pos
        UNION
        SELECT d.to_position FROM plan.process_template_dependency d
        JOIN later l ON d.template_id = template AND d.from_position = l.position
    )
    SELECT EXISTS (SELECT 1 FROM later WHERE later.position = last_pos)
$$;
COMMENT ON FUNCTION plan.process_template_reaches(uuid, smallint, smallint) IS
    'Whether a template''s step at last_pos follows the one at first_pos through dependencies (or is it).';

CREATE OR REPLACE FUNCTION plan.add_process_template_dependency(template uuid, municipality text,
        from_step uuid, to_step uuid, kind text, lag integer) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    from_pos smallint;
    to_pos smallint;
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    SELECT ts.position INTO from_pos FROM plan.process_template_step ts WHERE ts.id = from_step AND ts.template_id = template;
    SELECT ts.position INTO to_pos FROM plan.process_template_step ts WHERE ts.id = to_step AND ts.template_id = template;
    IF from_pos IS NULL OR to_pos IS NULL THEN RETURN false; END IF;
    IF from_pos = to_pos THEN PERFORM plan.raise_rule('process_dependency_self'); END IF;
    IF EXISTS (SELECT 1 FROM plan.process_template_dependency d WHERE d.template_id = template
               AND d.from_position = from_pos AND d.to_position = to_pos) THEN
        PERFORM plan.raise_rule('process_dependency_twice');
    END IF;
    IF plan.process_template_reaches(template, to_pos, from_pos) THEN
        PERFORM plan.raise_rule('process_dependency_cycle');
    END IF;
    INSERT INTO plan.process_template_dependency (template_id, from_position, to_position, kind, lag_days)
    VALUES (template, from_pos, to_pos, coalesce(kind, 'finish_to_start'), coalesce(lag, 0));
    RETURN true;
END $$;
COMMENT ON FUNCTION plan.add_process_template_dependency(uuid, text, uuid, uuid, text, integer) IS
    'Let a step of the municipality''s template wait for another (finish-to-start or start-to-start, lag days); cycles are refused.';

CREATE OR REPLACE FUNCTION plan.delete_process_template_dependency(template uuid, municipality text,
        from_step uuid, to_step uuid) RETURNS boolean
LANGUAGE plpgsql AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    DELETE FROM plan.process_template_dependency d
    USING plan.process_template_step f, plan.process_template_step t
    WHERE d.template_id = template AND f.id = from_step AND t.id = to_step
      AND f.template_id = template AND t.template_id = template
      AND d.from_position = f.position AND d.to_position = t.position;
    RETURN FOUND;
END $$;
