-- Writing houseblocks: versions with their ownership lines and breakdowns.

CREATE OR REPLACE FUNCTION plan.insert_houseblock_children(vid uuid, attrs jsonb, copy_from uuid)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF attrs ? 'ownership_lines' THEN
        INSERT INTO plan.houseblock_ownership_line
            (houseblock_version_id, line_no, ownership_type, amount, price_cents, price_range_cents,
             price_category_id, house_type)
        SELECT vid, l.ord, l.line->>'ownership_type', (l.line->>'amount')::integer,
               (l.line->>'price_cents')::bigint,
               CASE WHEN l.line ? 'price_range_cents' THEN plan.price_range(l.line->'price_range_cents') END,
               (l.line->>'price_category_id')::uuid, l.line->>'house_type'
        FROM jsonb_array_elements(attrs->'ownership_lines') WITH ORDINALITY AS l (line, ord);
    ELSE
        INSERT INTO plan.houseblock_ownership_line
            (houseblock_version_id, line_no, ownership_type, amount, price_cents, price_range_cents,
             price_category_id, house_type)
        SELECT vid, line_no, ownership_type, amount, price_cents, price_range_cents, price_category_id,
               house_type
        FROM plan.houseblock_ownership_line WHERE houseblock_version_id = copy_from;
    END IF;
    IF attrs ? 'breakdown' THEN
        PERFORM plan.insert_breakdown(vid, attrs->'breakdown');
    ELSE
        INSERT INTO plan.houseblock_breakdown
        SELECT vid, option_id, amount FROM plan.houseblock_breakdown WHERE houseblock_version_id = copy_from;
    END IF;
END $$;

-- [min, max] in cents (max null: open-ended); min above max is refused with its rule code.
CREATE OR REPLACE FUNCTION plan.price_range(bounds jsonb) RETURNS int8range
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF jsonb_typeof(bounds) <> 'array' OR (bounds->>0)::bigint > (bounds->>1)::bigint THEN
        PERFORM plan.raise_rule('price_range_invalid', bounds::text);
    END IF;
    RETURN int8range((bounds->>0)::bigint, (bounds->>1)::bigint, '[]');
END $$;

-- breakdown: {"house_type": {"single_family": 10}, "target_group": {"<option uuid or code>": 4}, ...}
CREATE OR REPLACE FUNCTION plan.insert_breakdown(vid uuid, breakdown jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(b.key || '.' || o.key, ', ') INTO bad
    FROM jsonb_each(breakdown) b CROSS JOIN LATERAL jsonb_each(b.value) o
    WHERE NOT EXISTS (SELECT 1 FROM plan.property p JOIN plan.property_option po ON po.property_id = p.id
                      WHERE p.key = b.key AND (po.code = o.key OR po.id::text = o.key));
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('breakdown_option_invalid', bad); END IF;
    INSERT INTO plan.houseblock_breakdown (houseblock_version_id, option_id, amount)
    SELECT vid, po.id, (o.value #>> '{}')::integer
    FROM jsonb_each(breakdown) b CROSS JOIN LATERAL jsonb_each(b.value) o
    JOIN plan.property p ON p.key = b.key
    JOIN plan.property_option po ON po.property_id = p.id AND (po.code = o.key OR po.id::text = o.key)
    WHERE (o.value #>> '{}')::integer <> 0;
END $$;

CREATE OR REPLACE FUNCTION plan.insert_houseblock_version(hb uuid, from_ms uuid, to_ms uuid, attrs jsonb,
                                                          actor uuid, copy_from uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    vid uuid := meta.uuid_v7();
BEGIN
    INSERT INTO plan.houseblock_version
    SELECT (jsonb_populate_record(NULL::plan.houseblock_version,
        '{"custom_values": {}}'::jsonb || plan.normalise_input(attrs - 'ownership_lines' - 'breakdown')
        || jsonb_build_object('id', vid, 'houseblock_id', hb, 'valid_from_milestone_id', from_ms,
                              'valid_to_milestone_id', to_ms, 'recorded_at', now(), 'recorded_by', actor))).*;
    PERFORM plan.insert_houseblock_children(vid, attrs, copy_from);
    RETURN vid;
END $$;

CREATE OR REPLACE FUNCTION plan.create_houseblock(project uuid, data jsonb, actor uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    p plan.project;
    hb uuid := meta.uuid_v7();
    ms uuid;
    me uuid;
    extra text[] := ARRAY['start_date', 'end_date', 'ownership_lines', 'breakdown'];
BEGIN
    SELECT * INTO p FROM plan.project x WHERE x.id = create_houseblock.project AND x.removed_at IS NULL;
    IF NOT FOUND THEN PERFORM plan.raise_rule('project_not_found', project::text); END IF;
    PERFORM plan.check_keys(data, 'plan.houseblock_version', extra);
    ms := CASE WHEN data ? 'start_date' THEN plan.milestone_on(p.id, (data->>'start_date')::date, actor)
               ELSE p.start_milestone_id END;
    me := CASE WHEN data ? 'end_date' THEN plan.milestone_on(p.id, (data->>'end_date')::date, actor)
               ELSE p.end_milestone_id END;
    INSERT INTO plan.houseblock (id, project_id, start_milestone_id, end_milestone_id, created_by)
    VALUES (hb, p.id, ms, me, actor);
    PERFORM plan.insert_houseblock_version(hb, ms, me, data - 'start_date' - 'end_date', actor);
    RETURN hb;
END $$;
COMMENT ON FUNCTION plan.create_houseblock(uuid, jsonb, uuid) IS
    'Create a houseblock in a project (default: over the project''s period) with its first version; returns its id.';

-- Is a milestone used by anything but this houseblock (the project, other houseblocks, their versions)?
CREATE OR REPLACE FUNCTION plan.milestone_shared(milestone uuid, houseblock uuid) RETURNS boolean
LANGUAGE sql STABLE AS $$
    SELECT EXISTS (SELECT 1 FROM plan.project p
                   WHERE milestone IN (p.start_milestone_id, p.end_milestone_id))
        OR EXISTS (SELECT 1 FROM plan.houseblock h WHERE h.id <> houseblock AND h.removed_at IS NULL
                   AND milestone IN (h.start_milestone_id, h.end_milestone_id))
        OR EXISTS (SELECT 1 FROM plan.project_version v WHERE v.superseded_at IS NULL
                   AND milestone IN (v.valid_from_milestone_id, v.valid_to_milestone_id))
        OR EXISTS (SELECT 1 FROM plan.houseblock_version v WHERE v.superseded_at IS NULL
                   AND v.houseblock_id <> houseblock
                   AND milestone IN (v.valid_from_milestone_id, v.valid_to_milestone_id))
$$;

-- Move a houseblock's start (or end) to a date: its own milestone moves; a shared one is left in
-- place and the houseblock and its bounding versions are re-pointed to a milestone on that date.
CREATE OR REPLACE FUNCTION plan.move_houseblock_boundary(h plan.houseblock, is_start boolean,
                                                         new_date date, actor uuid) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    old_ms uuid := CASE WHEN is_start THEN h.start_milestone_id ELSE h.end_milestone_id END;
    new_ms uuid;
    v record;
BEGIN
    IF NOT plan.milestone_shared(old_ms, h.id) THEN
        PERFORM plan.set_milestone(old_ms, new_date, NULL, NULL, actor);
        RETURN;
    END IF;
    new_ms := plan.milestone_on(h.project_id, new_date, actor);
    IF new_ms = old_ms THEN RETURN; END IF;
    IF is_start THEN
        UPDATE plan.houseblock SET start_milestone_id = new_ms WHERE id = h.id;
    ELSE
        UPDATE plan.houseblock SET end_milestone_id = new_ms WHERE id = h.id;
    END IF;
    FOR v IN SELECT * FROM plan.houseblock_version x WHERE x.houseblock_id = h.id
             AND x.superseded_at IS NULL
             AND old_ms = CASE WHEN is_start THEN x.valid_from_milestone_id ELSE x.valid_to_milestone_id END
    LOOP
        PERFORM plan.insert_houseblock_version(h.id,
            CASE WHEN is_start THEN new_ms ELSE v.valid_from_milestone_id END,
            CASE WHEN is_start THEN v.valid_to_milestone_id ELSE new_ms END, to_jsonb(v), actor, v.id);
        PERFORM plan.retire('plan.houseblock_version', v.id);
    END LOOP;
END $$;

CREATE OR REPLACE FUNCTION plan.update_houseblock(houseblock uuid, changes jsonb, actor uuid DEFAULT NULL,
                                                  edit_date date DEFAULT current_date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    h plan.houseblock;
    extra text[] := ARRAY['start_date', 'end_date', 'ownership_lines', 'breakdown'];
    attrs jsonb := changes - 'start_date' - 'end_date';
    target record;
    old jsonb;
    split_ms uuid;
BEGIN
    SELECT * INTO h FROM plan.houseblock x WHERE x.id = update_houseblock.houseblock AND x.removed_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN PERFORM plan.raise_rule('houseblock_not_found', houseblock::text); END IF;
    PERFORM plan.check_keys(changes, 'plan.houseblock_version', extra);
    IF changes ? 'start_date' THEN
        PERFORM plan.move_houseblock_boundary(h, true, (changes->>'start_date')::date, actor);
    END IF;
    IF changes ? 'end_date' THEN
        SELECT * INTO h FROM plan.houseblock x WHERE x.id = h.id;
        PERFORM plan.move_houseblock_boundary(h, false, (changes->>'end_date')::date, actor);
    END IF;
    IF attrs = '{}' THEN RETURN; END IF;
    SELECT * INTO h FROM plan.houseblock x WHERE x.id = h.id;
    target := plan.edit_target('plan.houseblock_version', 'houseblock_id', h.id,
        plan.milestone_date(h.start_milestone_id), plan.milestone_date(h.end_milestone_id), edit_date);
    SELECT to_jsonb(v) INTO old FROM plan.houseblock_version v WHERE v.id = target.version_id;
    IF edit_date <= target.from_date OR edit_date >= target.to_date THEN
        PERFORM plan.insert_houseblock_version(h.id, (old->>'valid_from_milestone_id')::uuid,
            (old->>'valid_to_milestone_id')::uuid, old || attrs, actor, target.version_id);
    ELSE
        split_ms := plan.milestone_on(h.project_id, edit_date, actor);
        PERFORM plan.insert_houseblock_version(h.id, (old->>'valid_from_milestone_id')::uuid, split_ms,
            old, actor, target.version_id);
        PERFORM plan.insert_houseblock_version(h.id, split_ms, (old->>'valid_to_milestone_id')::uuid,
            old || attrs, actor, target.version_id);
    END IF;
    PERFORM plan.retire('plan.houseblock_version', target.version_id);
END $$;
COMMENT ON FUNCTION plan.update_houseblock(uuid, jsonb, uuid, date) IS
    'Edit a houseblock as of edit_date (same splitting rule as projects); ownership_lines and breakdown replace the old ones when given.';

CREATE OR REPLACE FUNCTION plan.remove_houseblock(houseblock uuid, actor uuid DEFAULT NULL) RETURNS void
LANGUAGE sql AS $$
    UPDATE plan.houseblock SET removed_at = now(), removed_by = actor
    WHERE id = remove_houseblock.houseblock AND removed_at IS NULL
$$;
COMMENT ON FUNCTION plan.remove_houseblock(uuid, uuid) IS 'Remove a houseblock from now on.';
