-- Writing the plan: create and edit projects, houseblocks and milestones as new versioned rows.
-- An edit never updates a version in place: the old row is superseded and new rows are inserted.

CREATE OR REPLACE FUNCTION plan.check_keys(data jsonb, tbl regclass, extra text[]) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(k, ', ') INTO bad FROM jsonb_object_keys(data) k
    WHERE k <> ALL (extra) AND k NOT IN (
        SELECT a.attname FROM pg_attribute a WHERE a.attrelid = tbl AND a.attnum > 0 AND NOT a.attisdropped)
       OR k IN ('id', 'project_id', 'houseblock_id', 'valid_from_milestone_id', 'valid_to_milestone_id',
                'recorded_at', 'superseded_at', 'recorded_by', 'valid_from', 'valid_to');
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('unknown_field', bad); END IF;
END $$;

-- Input conveniences: GeoJSON geometries (EPSG:28992), confidentiality codes, sizes and price ranges.
CREATE OR REPLACE FUNCTION plan.normalise_input(data jsonb) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE
    k text;
BEGIN
    FOREACH k IN ARRAY ARRAY['plan_area', 'location'] LOOP
        IF jsonb_typeof(data->k) = 'object' THEN
            data := data || jsonb_build_object(k, ST_AsEWKT(CASE WHEN k = 'plan_area'
                THEN ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(data->k), 28992))
                ELSE ST_SetSRID(ST_GeomFromGeoJSON(data->k), 28992) END));
        END IF;
    END LOOP;
    IF jsonb_typeof(data->'confidentiality_level') = 'string' AND (data->>'confidentiality_level') !~ '^\d+$' THEN
        data := data || jsonb_build_object('confidentiality_level',
            coalesce((SELECT rank FROM ref.confidentiality_level WHERE code = data->>'confidentiality_level'), -1));
    END IF;
    IF jsonb_typeof(data->'size_m2') = 'number' THEN
        data := data || jsonb_build_object('size_m2', format('[%s,%s]', data->>'size_m2', data->>'size_m2'));
    ELSIF jsonb_typeof(data->'size_m2') = 'array' THEN
        IF (data->'size_m2'->>0)::numeric >= (data->'size_m2'->>1)::numeric
           OR data->'size_m2'->>1 IS NULL THEN
            PERFORM plan.raise_rule('size_invalid', (data->'size_m2')::text);
        END IF;
        data := data || jsonb_build_object('size_m2', format('[%s,%s]', data->'size_m2'->>0, data->'size_m2'->>1));
    END IF;
    IF jsonb_typeof(data->'plan_area') = 'string' AND NOT data ? 'area_source' THEN
        data := data || '{"area_source": "drawn"}';
    END IF;
    RETURN data;
END $$;

CREATE OR REPLACE FUNCTION plan.retire(tbl regclass, row_id uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- a row recorded in this same transaction is replaced, not superseded (no empty recorded period)
    EXECUTE format('DELETE FROM %s WHERE id = $1 AND recorded_at = now()', tbl) USING row_id;
    EXECUTE format('UPDATE %s SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL', tbl)
        USING row_id;
END $$;

CREATE OR REPLACE FUNCTION plan.new_milestone(project uuid, on_date date, status text DEFAULT 'planned',
                                              description text DEFAULT NULL, actor uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    ms uuid := meta.uuid_v7();
BEGIN
    INSERT INTO plan.milestone (id, project_id) VALUES (ms, project);
    INSERT INTO plan.milestone_version (milestone_id, date, status, description, recorded_by)
    VALUES (ms, on_date, coalesce(status, 'planned'), description, actor);
    RETURN ms;
END $$;

CREATE OR REPLACE FUNCTION plan.add_milestone(project uuid, on_date date, status text DEFAULT 'planned',
                                              description text DEFAULT NULL, actor uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plan.project x WHERE x.id = add_milestone.project) THEN
        PERFORM plan.raise_rule('project_not_found', project::text);
    END IF;
    RETURN plan.new_milestone(project, on_date, status, description, actor);
END $$;
COMMENT ON FUNCTION plan.add_milestone(uuid, date, text, text, uuid) IS 'Add a milestone to a project.';

-- The project's current milestone on a date, or a new planned one (DIWI: description = the ISO date).
CREATE OR REPLACE FUNCTION plan.milestone_on(project uuid, on_date date, actor uuid) RETURNS uuid
LANGUAGE sql AS $$
    SELECT coalesce(
        (SELECT m.id FROM plan.milestone m JOIN plan.milestone_version mv
             ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
         WHERE m.project_id = project AND mv.date = on_date ORDER BY m.id LIMIT 1),
        plan.new_milestone(project, on_date, 'planned', on_date::text, actor))
$$;

CREATE OR REPLACE FUNCTION plan.set_project_owners(project uuid, group_ids uuid[], actor uuid DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(cardinality(group_ids), 0) = 0 THEN PERFORM plan.raise_rule('project_owner_missing'); END IF;
    DELETE FROM plan.project_owner o WHERE o.project_id = project AND o.superseded_at IS NULL
        AND o.recorded_at = now() AND o.user_group_id <> ALL (group_ids);
    UPDATE plan.project_owner o SET superseded_at = now()
    WHERE o.project_id = project AND o.superseded_at IS NULL AND o.user_group_id <> ALL (group_ids);
    INSERT INTO plan.project_owner (project_id, user_group_id, recorded_by)
    SELECT project, g, actor FROM unnest(group_ids) g
    WHERE NOT EXISTS (SELECT 1 FROM plan.project_owner o WHERE o.project_id = project
                      AND o.user_group_id = g AND o.superseded_at IS NULL);
END $$;
COMMENT ON FUNCTION plan.set_project_owners(uuid, uuid[], uuid) IS 'Replace the owner groups of a project (at least one).';

CREATE OR REPLACE FUNCTION plan.insert_project_version(project uuid, from_ms uuid, to_ms uuid, attrs jsonb,
                                                       actor uuid, parcels_from uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
DECLARE
    vid uuid := meta.uuid_v7();
    defaults jsonb := '{"plan_types": [], "municipality_roles": [], "district_codes": [],
                        "neighbourhood_codes": [], "custom_values": {}, "colour": "#1F77B4"}';
BEGIN
    attrs := plan.derive_registry_area(attrs, parcels_from);  -- area from parcels/buildings (320)
    INSERT INTO plan.project_version
    SELECT (jsonb_populate_record(NULL::plan.project_version, defaults || plan.normalise_input(attrs)
        || jsonb_build_object('id', vid, 'project_id', project, 'valid_from_milestone_id', from_ms,
                              'valid_to_milestone_id', to_ms, 'recorded_at', now(), 'recorded_by', actor))).*;
    IF attrs ? 'parcels' THEN
        PERFORM plan.insert_parcels(vid, attrs->'parcels');
    ELSE
        INSERT INTO plan.project_parcel
        SELECT vid, cadastral_municipality_code, section, parcel_number, parcel_geometry, subselection
        FROM plan.project_parcel WHERE project_version_id = parcels_from;
    END IF;
    PERFORM plan.insert_buildings(vid, attrs, parcels_from);
    RETURN vid;
END $$;

-- A GeoJSON (Multi)Polygon in EPSG:28992 as a MultiPolygon; other geometry types are refused.
CREATE OR REPLACE FUNCTION plan.area_from_geojson(value jsonb, rule text) RETURNS geometry
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    g geometry;
BEGIN
    IF value IS NULL OR jsonb_typeof(value) = 'null' THEN RETURN NULL; END IF;
    g := ST_SetSRID(ST_GeomFromGeoJSON(value), 28992);
    IF GeometryType(g) NOT IN ('POLYGON', 'MULTIPOLYGON') THEN
        PERFORM plan.raise_rule(rule, GeometryType(g));
    END IF;
    RETURN ST_Multi(g);
END $$;

-- parcels: [{"cadastral_municipality_code": "ASD04", "section": "A", "parcel_number": 1234,
--            "parcel_geometry": {GeoJSON}, "subselection": {GeoJSON}}]
CREATE OR REPLACE FUNCTION plan.insert_parcels(vid uuid, parcels jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF jsonb_typeof(parcels) <> 'array' THEN PERFORM plan.raise_rule('cadastral_designation_invalid'); END IF;
    INSERT INTO plan.project_parcel
        (project_version_id, cadastral_municipality_code, section, parcel_number, parcel_geometry,
         subselection)
    SELECT vid, upper(x->>'cadastral_municipality_code'), upper(x->>'section'),
           (x->>'parcel_number')::integer,
           plan.area_from_geojson(x->'parcel_geometry', 'parcel_geometry_invalid'),
           plan.area_from_geojson(x->'subselection', 'parcel_subselection_invalid')
    FROM jsonb_array_elements(parcels) x;
END $$;

CREATE OR REPLACE FUNCTION plan.create_project(data jsonb, actor uuid DEFAULT NULL) RETURNS uuid
LANGUAGE plpgsql AS $$
DECLARE
    pid uuid := meta.uuid_v7();
    ms uuid := meta.uuid_v7();
    me uuid := meta.uuid_v7();
    extra text[] := ARRAY['municipality_code', 'municipal_id', 'start_date', 'end_date', 'owner_group_ids',
                          'parcels', 'buildings'];
BEGIN
    PERFORM plan.check_keys(data, 'plan.project_version', extra);
    IF NOT EXISTS (SELECT 1 FROM ref.municipality WHERE code = data->>'municipality_code') THEN
        PERFORM plan.raise_rule('municipality_unknown', data->>'municipality_code');
    END IF;
    IF data->>'start_date' IS NULL OR data->>'end_date' IS NULL
       OR (data->>'start_date')::date >= (data->>'end_date')::date THEN
        PERFORM plan.raise_rule('project_dates_out_of_order', format('%s - %s', data->>'start_date', data->>'end_date'));
    END IF;
    INSERT INTO plan.project (id, municipality_code, municipal_id, start_milestone_id, end_milestone_id, created_by)
    VALUES (pid, data->>'municipality_code', data->>'municipal_id', ms, me, actor);
    INSERT INTO plan.milestone (id, project_id) VALUES (ms, pid), (me, pid);
    INSERT INTO plan.milestone_version (milestone_id, date, status, description, recorded_by) VALUES
        (ms, (data->>'start_date')::date, 'planned', 'Start project', actor),
        (me, (data->>'end_date')::date, 'planned', 'Einde project', actor);
    PERFORM plan.insert_project_version(pid, ms, me, data - extra[:5], actor);
    PERFORM plan.set_project_owners(pid, ARRAY(SELECT jsonb_array_elements_text(
        coalesce(data->'owner_group_ids', '[]'))::uuid), actor);
    RETURN pid;
END $$;
COMMENT ON FUNCTION plan.create_project(jsonb, uuid) IS
    'Create a project with its start and end milestones, first version and owners; returns its id.';

-- Which current version an edit dated edit_date applies to, and whether it splits (DIWI semantics:
-- running project -> the version containing edit_date, split there; future -> the first; past -> the last).
CREATE OR REPLACE FUNCTION plan.edit_target(versions regclass, owner_col text, owner_id uuid,
                                            period_start date, period_end date, edit_date date,
                                            OUT version_id uuid, OUT from_date date, OUT to_date date)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    EXECUTE format($q$
        SELECT v.id, f.date, t.date FROM %s v
        JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id AND f.superseded_at IS NULL
        JOIN plan.milestone_version t ON t.milestone_id = v.valid_to_milestone_id AND t.superseded_at IS NULL
        WHERE v.%I = $1 AND v.superseded_at IS NULL AND f.date < t.date
        ORDER BY CASE WHEN $2 < $3 THEN f.date - $3 WHEN $2 >= $4 THEN $4 - t.date
                      ELSE plan.date_distance($2, f.date, t.date) END, f.date
        LIMIT 1 $q$, versions, owner_col)
    INTO version_id, from_date, to_date USING owner_id, edit_date, period_start, period_end;
END $$;

CREATE OR REPLACE FUNCTION plan.update_project(project uuid, changes jsonb, actor uuid DEFAULT NULL,
                                               edit_date date DEFAULT current_date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    p plan.project;
    extra text[] := ARRAY['municipal_id', 'start_date', 'end_date', 'owner_group_ids', 'parcels', 'buildings'];
    attrs jsonb := changes - extra[:4];
    target record;
    old jsonb;
    split_ms uuid;
BEGIN
    SELECT * INTO p FROM plan.project x WHERE x.id = update_project.project AND x.removed_at IS NULL FOR UPDATE;
    IF NOT FOUND THEN PERFORM plan.raise_rule('project_not_found', project::text); END IF;
    PERFORM plan.check_keys(changes, 'plan.project_version', extra);
    PERFORM plan.apply_project_identity(p, changes, actor);
    IF attrs = '{}' THEN RETURN; END IF;
    target := plan.edit_target('plan.project_version', 'project_id', project,
        plan.milestone_date(p.start_milestone_id), plan.milestone_date(p.end_milestone_id), edit_date);
    SELECT to_jsonb(v) INTO old FROM plan.project_version v WHERE v.id = target.version_id;
    IF edit_date <= target.from_date OR edit_date >= target.to_date THEN
        PERFORM plan.insert_project_version(project, (old->>'valid_from_milestone_id')::uuid,
            (old->>'valid_to_milestone_id')::uuid, old || attrs, actor, target.version_id);
    ELSE
        split_ms := plan.milestone_on(project, edit_date, actor);
        PERFORM plan.insert_project_version(project, (old->>'valid_from_milestone_id')::uuid, split_ms,
            old, actor, target.version_id);
        PERFORM plan.insert_project_version(project, split_ms, (old->>'valid_to_milestone_id')::uuid,
            old || attrs, actor, target.version_id);
    END IF;
    PERFORM plan.retire('plan.project_version', target.version_id);
END $$;
COMMENT ON FUNCTION plan.update_project(uuid, jsonb, uuid, date) IS
    'Edit a project as of edit_date: splits the running version at a milestone dated edit_date; keeps every earlier version.';

CREATE OR REPLACE FUNCTION plan.apply_project_identity(p plan.project, changes jsonb, actor uuid)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF changes ? 'municipal_id' THEN
        UPDATE plan.project SET municipal_id = changes->>'municipal_id' WHERE id = p.id;
    END IF;
    IF changes ? 'start_date' THEN
        PERFORM plan.set_milestone(p.start_milestone_id, (changes->>'start_date')::date, NULL, NULL, actor);
    END IF;
    IF changes ? 'end_date' THEN
        PERFORM plan.set_milestone(p.end_milestone_id, (changes->>'end_date')::date, NULL, NULL, actor);
    END IF;
    IF changes ? 'owner_group_ids' THEN
        PERFORM plan.set_project_owners(p.id, ARRAY(SELECT jsonb_array_elements_text(
            changes->'owner_group_ids')::uuid), actor);
    END IF;
END $$;

-- Moving a milestone may not pass the other end of an interval it bounds, except that an
-- entity's own start or end may move past intermediate milestones (those intervals are then clipped).
CREATE OR REPLACE FUNCTION plan.check_milestone_move(milestone uuid, new_date date) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM (
            SELECT v.valid_from_milestone_id AS f, v.valid_to_milestone_id AS t, p.start_milestone_id AS s,
                   p.end_milestone_id AS e
            FROM plan.project_version v JOIN plan.project p ON p.id = v.project_id
            WHERE v.superseded_at IS NULL
              AND milestone IN (v.valid_from_milestone_id, v.valid_to_milestone_id)
            UNION ALL
            SELECT v.valid_from_milestone_id, v.valid_to_milestone_id, h.start_milestone_id, h.end_milestone_id
            FROM plan.houseblock_version v JOIN plan.houseblock h ON h.id = v.houseblock_id
            WHERE v.superseded_at IS NULL
              AND milestone IN (v.valid_from_milestone_id, v.valid_to_milestone_id)) b
        WHERE milestone NOT IN (b.s, b.e)
          AND ((b.f = milestone AND new_date >= plan.milestone_date(b.t))
            OR (b.t = milestone AND new_date <= plan.milestone_date(b.f)))) THEN
        PERFORM plan.raise_rule('milestone_overlaps_neighbours', new_date::text);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.set_milestone(milestone uuid, on_date date, status text DEFAULT NULL,
                                              description text DEFAULT NULL, actor uuid DEFAULT NULL)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    cur plan.milestone_version;
BEGIN
    SELECT * INTO cur FROM plan.milestone_version mv WHERE mv.milestone_id = milestone AND superseded_at IS NULL
    FOR UPDATE;
    IF NOT FOUND THEN PERFORM plan.raise_rule('milestone_not_found', milestone::text); END IF;
    IF (cur.date, cur.status, cur.description) IS NOT DISTINCT FROM
       (coalesce(on_date, cur.date), coalesce(status, cur.status), coalesce(description, cur.description)) THEN
        RETURN;
    END IF;
    PERFORM plan.check_milestone_move(milestone, coalesce(on_date, cur.date));
    PERFORM plan.retire('plan.milestone_version', cur.id);
    INSERT INTO plan.milestone_version (milestone_id, date, status, description, recorded_by)
    VALUES (milestone, coalesce(on_date, cur.date), coalesce(status, cur.status),
            coalesce(description, cur.description), actor);
END $$;
COMMENT ON FUNCTION plan.set_milestone(uuid, date, text, text, uuid) IS
    'Record a new date, status or description for a milestone; every interval bounded by it moves along.';

CREATE OR REPLACE FUNCTION plan.remove_project(project uuid, actor uuid DEFAULT NULL) RETURNS void
LANGUAGE sql AS $$
    UPDATE plan.project SET removed_at = now(), removed_by = actor WHERE id = remove_project.project AND removed_at IS NULL
$$;
COMMENT ON FUNCTION plan.remove_project(uuid, uuid) IS 'Remove a project from now on; it stays readable as recorded before.';
