-- Composed dashboards (blueprints): who may open which, and saving them under the rules.

CREATE OR REPLACE FUNCTION plan.viewer_blueprint_ids() RETURNS SETOF uuid
LANGUAGE sql STABLE AS $$
    SELECT b.id FROM plan.dashboard_blueprint b
    WHERE b.municipality_code = plan.viewer_setting('municipality')
      AND plan.viewer_role() NOT IN ('admin', 'anonymous')
      AND (plan.viewer_role() = 'user_plus'
           OR EXISTS (SELECT 1 FROM plan.dashboard_blueprint_share s
                      WHERE s.blueprint_id = b.id AND s.user_group_id = ANY (plan.viewer_groups())))
$$;
COMMENT ON FUNCTION plan.viewer_blueprint_ids() IS
    'The composed dashboards the viewer of the transaction may open: all of the municipality for its user_plus, otherwise those shared with one of the viewer''s groups.';

-- Component keys a blueprint may use (all keys of publication.dashboard_components once it exists).
CREATE OR REPLACE FUNCTION plan.blueprint_component_keys() RETURNS text[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    found text[];
BEGIN
    IF to_regprocedure('publication.dashboard_components()') IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT array_agg(key::text) FROM publication.dashboard_components()' INTO found;
    RETURN found;
END $$;

CREATE OR REPLACE FUNCTION plan.check_blueprint(data jsonb, municipality text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    known text[] := plan.blueprint_component_keys();
    item jsonb;
BEGIN
    IF btrim(coalesce(data ->> 'name', '')) = '' THEN
        PERFORM plan.raise_rule('blueprint_name_blank');
    END IF;
    IF jsonb_typeof(coalesce(data -> 'components', '[]')) <> 'array' THEN
        PERFORM plan.raise_rule('blueprint_components_invalid');
    END IF;
    FOR item IN SELECT jsonb_array_elements(coalesce(data -> 'components', '[]')) LOOP
        IF jsonb_typeof(item) <> 'object' OR jsonb_typeof(item -> 'component') <> 'string'
           OR jsonb_typeof(coalesce(item -> 'options', '{}')) <> 'object' THEN
            PERFORM plan.raise_rule('blueprint_components_invalid');
        END IF;
        IF known IS NOT NULL AND NOT (item ->> 'component') = ANY (known) THEN
            PERFORM plan.raise_rule('blueprint_component_unknown', item ->> 'component');
        END IF;
    END LOOP;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements_text(coalesce(data -> 'group_ids', '[]')) g
               LEFT JOIN auth.user_group ug ON ug.id = g::uuid AND ug.municipality_code = municipality
               WHERE ug.id IS NULL) THEN
        PERFORM plan.raise_rule('blueprint_group_not_in_municipality');
    END IF;
END $$;

-- Create (blueprint_id NULL) or change a blueprint of the viewer's municipality; returns its id, or
-- NULL when there is no such blueprint in the municipality. Only a user_plus may.
-- data: {"name", "components": [...], "goal_category_ids": [...], "group_ids": [...]}.
CREATE OR REPLACE FUNCTION plan.save_blueprint(blueprint_id uuid, data jsonb) RETURNS uuid
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    municipality text := plan.viewer_setting('municipality');
    author uuid := plan.viewer_setting('user')::uuid;
    saved uuid;
BEGIN
    IF plan.viewer_role() <> 'user_plus' OR municipality IS NULL THEN
        PERFORM plan.raise_rule('blueprint_not_allowed');
    END IF;
    PERFORM plan.check_blueprint(data, municipality);
    IF blueprint_id IS NULL THEN
        INSERT INTO plan.dashboard_blueprint (municipality_code, name, components, goal_category_ids,
                                              created_by, updated_by)
        VALUES (municipality, btrim(data ->> 'name'), coalesce(data -> 'components', '[]'),
                ARRAY(SELECT jsonb_array_elements_text(coalesce(data -> 'goal_category_ids', '[]'))::uuid),
                author, author)
        RETURNING id INTO saved;
    ELSE
        UPDATE plan.dashboard_blueprint b
        SET name = btrim(data ->> 'name'), components = coalesce(data -> 'components', '[]'),
            goal_category_ids = ARRAY(
                SELECT jsonb_array_elements_text(coalesce(data -> 'goal_category_ids', '[]'))::uuid),
            updated_by = author, updated_at = now()
        WHERE b.id = blueprint_id AND b.municipality_code = municipality
        RETURNING b.id INTO saved;
        IF saved IS NULL THEN
            RETURN NULL;
        END IF;
        DELETE FROM plan.dashboard_blueprint_share s WHERE s.blueprint_id = saved;
    END IF;
    INSERT INTO plan.dashboard_blueprint_share (blueprint_id, user_group_id)
    SELECT DISTINCT saved, g::uuid FROM jsonb_array_elements_text(coalesce(data -> 'group_ids', '[]')) g;
    RETURN saved;
END $$;
COMMENT ON FUNCTION plan.save_blueprint(uuid, jsonb) IS
    'Create or change a composed dashboard of the viewer''s municipality (user_plus only); raises the blueprint_* rules.';

CREATE OR REPLACE FUNCTION plan.delete_blueprint(blueprint_id uuid) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    gone int;
BEGIN
    IF plan.viewer_role() <> 'user_plus' THEN
        PERFORM plan.raise_rule('blueprint_not_allowed');
    END IF;
    DELETE FROM plan.dashboard_blueprint b
    WHERE b.id = blueprint_id AND b.municipality_code = plan.viewer_setting('municipality');
    GET DIAGNOSTICS gone = ROW_COUNT;
    RETURN gone > 0;
END $$;
COMMENT ON FUNCTION plan.delete_blueprint(uuid) IS 'Remove a composed dashboard of the viewer''s municipality (user_plus only).';
