-- Outgoing webhooks: triggers write one outbox event per changed project, houseblock or milestone
-- per transaction, at commit (deferred, so a version is compared with the one it replaced and
-- nothing half-done is announced); the worker fans the outbox out to the subscribers.
-- An error here is logged as a warning and never fails the edit.

-- The project's confidentiality as the access rule sees it today (the version valid today).
CREATE OR REPLACE FUNCTION plan.project_level_today(project uuid) RETURNS smallint
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT x.confidentiality_level FROM plan.project p
    JOIN plan.project_version x ON x.project_id = p.id
    WHERE p.id = project AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
      AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
    ORDER BY x.valid_from DESC LIMIT 1
$$;

-- Record (or merge into) this transaction's event for an entity.
CREATE OR REPLACE FUNCTION plan.outbox_record(kind text, entity uuid, project uuid, what text,
                                              changed text[]) RETURNS void
LANGUAGE sql SET search_path = pg_catalog, pg_temp AS $$
    INSERT INTO plan.outbox AS o (entity, entity_id, project_id, municipality_code, change, fields,
                                  confidentiality_level)
    SELECT kind, entity, p.id, p.municipality_code, what, changed, plan.project_level_today(p.id)
    FROM plan.project p WHERE p.id = project
    ON CONFLICT (tx, entity, entity_id) DO UPDATE SET
        change = CASE WHEN o.change = 'created' THEN 'created'
                      WHEN excluded.change = 'removed' THEN 'removed' ELSE o.change END,
        fields = ARRAY(SELECT DISTINCT f FROM unnest(o.fields || excluded.fields) f ORDER BY f),
        confidentiality_level = excluded.confidentiality_level
$$;

-- A version row's entity, project, the version it replaced (as jsonb) and whether it is new.
CREATE OR REPLACE FUNCTION plan.outbox_version_parts(kind text, v jsonb, OUT entity uuid,
    OUT project uuid, OUT old jsonb, OUT new jsonb, OUT created boolean, OUT project_created boolean)
LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    at timestamptz := (v->>'recorded_at')::timestamptz;
BEGIN
    IF kind = 'project' THEN
        entity := (v->>'project_id')::uuid;
        project := entity;
        SELECT to_jsonb(o) INTO old FROM plan.project_version o
        WHERE o.project_id = entity AND o.superseded_at = at
          AND (o.valid_to_milestone_id::text = v->>'valid_to_milestone_id'
               OR o.valid_from_milestone_id::text = v->>'valid_from_milestone_id')
        ORDER BY o.valid_to_milestone_id::text = v->>'valid_to_milestone_id' DESC LIMIT 1;
        new := v;
        SELECT p.created_at = at INTO created FROM plan.project p WHERE p.id = entity;
    ELSIF kind = 'houseblock' THEN
        entity := (v->>'houseblock_id')::uuid;
        SELECT h.project_id, h.created_at = at INTO project, created FROM plan.houseblock h WHERE h.id = entity;
        SELECT publication.houseblock_version_json(o) INTO old FROM plan.houseblock_version o
        WHERE o.houseblock_id = entity AND o.superseded_at = at
          AND (o.valid_to_milestone_id::text = v->>'valid_to_milestone_id'
               OR o.valid_from_milestone_id::text = v->>'valid_from_milestone_id')
        ORDER BY o.valid_to_milestone_id::text = v->>'valid_to_milestone_id' DESC LIMIT 1;
        SELECT publication.houseblock_version_json(n) INTO new FROM plan.houseblock_version n
        WHERE n.id = (v->>'id')::uuid;
    ELSE
        entity := (v->>'milestone_id')::uuid;
        SELECT m.project_id, m.created_at = at INTO project, created FROM plan.milestone m WHERE m.id = entity;
        SELECT to_jsonb(o) INTO old FROM plan.milestone_version o
        WHERE o.milestone_id = entity AND o.superseded_at = at LIMIT 1;
        new := v;
    END IF;
    SELECT p.created_at = at INTO project_created FROM plan.project p WHERE p.id = project;
END $$;

CREATE OR REPLACE FUNCTION plan.outbox_version_trigger() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    kind text := TG_ARGV[0];
    part record;
    changed text[];
BEGIN
    -- a version recorded and replaced in this same transaction is gone: nothing to announce
    IF NOT EXISTS (SELECT 1 FROM plan.outbox_live_version(kind, NEW.id)) THEN RETURN NULL; END IF;
    SELECT * INTO part FROM plan.outbox_version_parts(kind, to_jsonb(NEW));
    IF part.created THEN
        -- the creation of a project announces the project, not its first milestones and versions
        IF kind = 'project' OR NOT part.project_created THEN
            PERFORM plan.outbox_record(kind, part.entity, part.project, 'created', '{}');
        END IF;
        RETURN NULL;
    END IF;
    changed := ARRAY(SELECT f.field FROM publication.changed_fields(part.old, part.new,
                                                                    publication.version_skip()) f
                     WHERE f.field <> '_created' ORDER BY 1);
    IF part.old IS NULL OR changed <> '{}' THEN
        PERFORM plan.outbox_record(kind, part.entity, part.project, 'changed', changed);
    END IF;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'webhook outbox skipped an event (%): %', SQLSTATE, SQLERRM;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION plan.outbox_live_version(kind text, version uuid) RETURNS SETOF integer
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT 1 FROM plan.project_version WHERE kind = 'project' AND id = version
    UNION ALL SELECT 1 FROM plan.houseblock_version WHERE kind = 'houseblock' AND id = version
    UNION ALL SELECT 1 FROM plan.milestone_version WHERE kind = 'milestone' AND id = version
$$;

-- Removal of a project or houseblock, and a new municipal project number.
CREATE OR REPLACE FUNCTION plan.outbox_identity_trigger() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    kind text := TG_ARGV[0];
    project uuid := CASE WHEN kind = 'project' THEN NEW.id ELSE (to_jsonb(NEW)->>'project_id')::uuid END;
BEGIN
    IF OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL THEN
        PERFORM plan.outbox_record(kind, NEW.id, project, 'removed', '{}');
    ELSIF kind = 'project' AND to_jsonb(OLD)->'municipal_id' IS DISTINCT FROM to_jsonb(NEW)->'municipal_id' THEN
        PERFORM plan.outbox_record(kind, NEW.id, project, 'changed', ARRAY['municipal_id']);
    END IF;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    RAISE WARNING 'webhook outbox skipped an event (%): %', SQLSTATE, SQLERRM;
    RETURN NULL;
END $$;

DO $$
DECLARE
    kind text;
BEGIN
    FOREACH kind IN ARRAY ARRAY['project', 'houseblock', 'milestone'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS outbox_event ON plan.%I', kind || '_version');
        EXECUTE format('CREATE CONSTRAINT TRIGGER outbox_event AFTER INSERT ON plan.%I '
                       'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                       'EXECUTE FUNCTION plan.outbox_version_trigger(%L)', kind || '_version', kind);
    END LOOP;
    FOREACH kind IN ARRAY ARRAY['project', 'houseblock'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS outbox_identity ON plan.%I', kind);
        EXECUTE format('CREATE CONSTRAINT TRIGGER outbox_identity AFTER UPDATE ON plan.%I '
                       'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW '
                       'EXECUTE FUNCTION plan.outbox_identity_trigger(%L)', kind, kind);
    END LOOP;
END $$;

-- Turn undispatched events into deliveries: subscribers of the project's municipality that take
-- the entity and may receive the project's confidentiality. Returns the number of deliveries made.
CREATE OR REPLACE FUNCTION plan.webhook_fan_out(batch_size integer DEFAULT 500) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
    made integer;
BEGIN
    SELECT array_agg(id) INTO ids FROM (
        SELECT o.id FROM plan.outbox o WHERE o.dispatched_at IS NULL
        ORDER BY o.occurred_at LIMIT batch_size FOR UPDATE SKIP LOCKED) b;
    IF ids IS NULL THEN RETURN 0; END IF;
    INSERT INTO plan.webhook_delivery (subscription_id, outbox_id)
    SELECT s.id, o.id FROM plan.outbox o
    JOIN plan.webhook_subscription s ON s.municipality_code = o.municipality_code
        AND s.active AND o.entity = ANY (s.event_types)
        AND o.confidentiality_level >= s.max_confidentiality AND s.created_at <= o.occurred_at
    WHERE o.id = ANY (ids)
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS made = ROW_COUNT;
    UPDATE plan.outbox SET dispatched_at = now() WHERE id = ANY (ids);
    RETURN made;
END $$;
COMMENT ON FUNCTION plan.webhook_fan_out(integer) IS
    'Make the deliveries of undispatched outbox events for the matching subscribers (municipality, entity, confidentiality).';
