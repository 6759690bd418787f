--
-- PostgreSQL database dump
--

--
-- Name: auth; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA auth;

--
-- Name: bag; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA bag;

--
-- Name: bgt; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA bgt;

--
-- Name: bor; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA bor;

--
-- Name: brk; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA brk;

--
-- Name: ingest; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ingest;

--
-- Name: meta; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA meta;

--
-- Name: plan; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA plan;

--
-- Name: publication; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA publication;

--
-- Name: pygeoapi; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA pygeoapi;

--
-- Name: ref; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA ref;

--
-- Name: dashboard_bucket; Type: TYPE; Schema: publication; Owner: -
--

CREATE TYPE publication.dashboard_bucket AS (
	key text,
	label text,
	sort_order integer,
	project_ids uuid[],
	hidden_ids uuid[],
	dwellings bigint,
	series jsonb
);

--
-- Name: dashboard_project; Type: TYPE; Schema: publication; Owner: -
--

CREATE TYPE publication.dashboard_project AS (
	id uuid,
	name text,
	municipality_code text,
	phase text,
	phase_label text,
	planning_status text,
	planning_status_hard boolean,
	counts_as_plan_capacity boolean,
	plan_types text[],
	district_codes text[],
	neighbourhood_codes text[],
	start_date date,
	end_date date,
	status text,
	construction integer,
	demolition integer,
	gross integer,
	net integer,
	colour text,
	geometry public.geometry,
	visible boolean
);

--
-- Name: apply_changes(bigint, text, regclass, text, text); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.apply_changes(p_run bigint, p_collection text, p_table regclass, p_key text, p_group text) RETURNS void
    LANGUAGE plpgsql
    AS $_$
DECLARE
    group_match text := CASE WHEN p_group IS NULL THEN ''
                             ELSE format(' AND t.%I = %L', p_group, p_collection) END;
    geom text := ingest.target_geometry_sql(p_table);
    cols text[];
    insert_cols text;
    select_cols text;
    conflict text;
    updates text;
BEGIN
    EXECUTE format(
        'DELETE FROM %1$s t USING ingest.run_change c
         WHERE c.run_id = $1 AND c.collection = $2 AND c.change = ''removed''
           AND t.%2$I::text = c.source_id %3$s', p_table, p_key, group_match)
        USING p_run, p_collection;
    IF p_group IS NULL THEN
        cols := ingest.source_columns(p_table);
        SELECT string_agg(format('%I', c), ', '), string_agg(format('r.%I', c), ', ')
          INTO insert_cols, select_cols FROM unnest(cols) c;
        conflict := format('%I', p_key);
    ELSE
        insert_cols := format('%I, %I, properties', p_group, p_key);
        select_cols := format('%L, s.source_id, s.properties', p_collection);
        cols := ARRAY['properties'];
        conflict := format('%I, %I', p_group, p_key);
    END IF;
    SELECT string_agg(format('%1$I = EXCLUDED.%1$I', c), ', ') INTO updates
      FROM unnest(cols || ARRAY['geometry', 'ingest_run_id', 'ingest_hash', 'ingested_at']) c;
    EXECUTE format(
        'INSERT INTO %1$s (%2$s, geometry, ingest_run_id, ingest_hash, ingested_at)
         SELECT %3$s, %4$s, $1, ingest.feature_hash(s.properties, %4$s), now()
         FROM ingest.staged_feature s
         JOIN ingest.run_change c ON c.run_id = s.run_id AND c.collection = s.collection
              AND c.source_id = s.source_id AND c.change IN (''added'', ''changed'')
         CROSS JOIN LATERAL jsonb_populate_record(NULL::%1$s, s.properties) r
         WHERE s.run_id = $1 AND s.collection = $2
         ON CONFLICT (%5$s) DO UPDATE SET %6$s',
        p_table, insert_cols, select_cols, geom, conflict, updates) USING p_run, p_collection;
END;
$_$;

--
-- Name: check_removals(bigint, text, regclass, text, numeric); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.check_removals(p_run bigint, p_collection text, p_table regclass, p_group text, p_max_share numeric) RETURNS void
    LANGUAGE plpgsql
    AS $_$
DECLARE
    removed bigint;
    present bigint;
BEGIN
    SELECT count(*) INTO removed FROM ingest.run_change
    WHERE run_id = p_run AND collection = p_collection AND change = 'removed';
    IF removed = 0 THEN
        RETURN;
    END IF;
    EXECUTE format(
        'SELECT count(*) FROM %s t JOIN ingest.run r ON r.id = $1
         WHERE ST_Intersects(t.geometry, r.area_geometry) %s', p_table,
        CASE WHEN p_group IS NULL THEN '' ELSE format(' AND t.%I = %L', p_group, p_collection) END)
        INTO present USING p_run;
    IF present >= 10 AND removed > p_max_share * present THEN
        RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'ingest_mass_removal',
            MESSAGE = format('%s van de %s objecten van %s in het gebied zouden verdwijnen (meer dan %s%%):'
                             ' controleer de bron, en herhaal zo nodig met --allow-removals',
                             removed, present, p_collection, round(p_max_share * 100));
    END IF;
END;
$_$;

--
-- Name: feature_hash(jsonb, public.geometry); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.feature_hash(properties jsonb, geometry public.geometry) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT md5(properties::text || encode(ST_AsEWKB(geometry), 'hex')) $$;

--
-- Name: run; Type: TABLE; Schema: ingest; Owner: -
--

CREATE TABLE ingest.run (
    id bigint NOT NULL,
    source text NOT NULL,
    protocol text NOT NULL,
    mode text NOT NULL,
    area text NOT NULL,
    area_geometry public.geometry(Polygon,28992) NOT NULL,
    collections text[] NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    pages integer DEFAULT 0 NOT NULL,
    rows_added integer DEFAULT 0 NOT NULL,
    rows_changed integer DEFAULT 0 NOT NULL,
    rows_removed integer DEFAULT 0 NOT NULL,
    status text DEFAULT 'running'::text NOT NULL,
    error text,
    error_url text,
    resume_state jsonb DEFAULT '{}'::jsonb NOT NULL,
    run_by text DEFAULT CURRENT_USER NOT NULL,
    CONSTRAINT run_finished_invalid CHECK ((((status = 'running'::text) = (finished_at IS NULL)) OR (status = 'interrupted'::text))),
    CONSTRAINT run_mode_check CHECK ((mode = ANY (ARRAY['full'::text, 'incremental'::text]))),
    CONSTRAINT run_protocol_check CHECK ((protocol = ANY (ARRAY['ogcapi'::text, 'wfs'::text]))),
    CONSTRAINT run_source_check CHECK ((source = ANY (ARRAY['brk'::text, 'bag'::text, 'bgt'::text, 'bor'::text]))),
    CONSTRAINT run_status_check CHECK ((status = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'interrupted'::text, 'rolled_back'::text])))
);

--
-- Name: merge_run(bigint, numeric); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.merge_run(p_run bigint, p_max_removed_share numeric DEFAULT NULL::numeric) RETURNS ingest.run
    LANGUAGE plpgsql
    AS $$
DECLARE
    run ingest.run;
    coll text;
    spec jsonb;
BEGIN
    SELECT * INTO run FROM ingest.run WHERE id = p_run FOR UPDATE;
    IF run.id IS NULL OR run.status <> 'running' THEN
        RAISE EXCEPTION 'ingest run % is not running (status %)', p_run, run.status;
    END IF;
    FOREACH coll IN ARRAY run.collections LOOP
        spec := run.resume_state -> coll;
        PERFORM pg_advisory_xact_lock(hashtext('ingest.merge:' || (spec->>'table')));
        PERFORM ingest.record_changes(p_run, coll, (spec->>'table')::regclass, spec->>'key',
                                      spec->>'group', run.mode = 'full');
        IF p_max_removed_share IS NOT NULL THEN
            PERFORM ingest.check_removals(p_run, coll, (spec->>'table')::regclass, spec->>'group',
                                          p_max_removed_share);
        END IF;
        PERFORM ingest.apply_changes(p_run, coll, (spec->>'table')::regclass, spec->>'key',
                                     spec->>'group');
    END LOOP;
    DELETE FROM ingest.staged_feature WHERE run_id = p_run;
    UPDATE ingest.run r SET
        rows_added = (SELECT count(*) FROM ingest.run_change WHERE run_id = p_run AND change = 'added'),
        rows_changed = (SELECT count(*) FROM ingest.run_change WHERE run_id = p_run AND change = 'changed'),
        rows_removed = (SELECT count(*) FROM ingest.run_change WHERE run_id = p_run AND change = 'removed'),
        status = 'succeeded', finished_at = now(), error = NULL, error_url = NULL
    WHERE r.id = p_run
    RETURNING * INTO run;
    RETURN run;
END;
$$;

--
-- Name: record_changes(bigint, text, regclass, text, text, boolean); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.record_changes(p_run bigint, p_collection text, p_table regclass, p_key text, p_group text, p_full boolean) RETURNS void
    LANGUAGE plpgsql
    AS $_$
DECLARE
    group_match text := CASE WHEN p_group IS NULL THEN ''
                             ELSE format(' AND t.%I = %L', p_group, p_collection) END;
    geom text := ingest.target_geometry_sql(p_table);
BEGIN
    EXECUTE format(
        'INSERT INTO ingest.run_change (run_id, collection, source_id, change)
         SELECT $1, $2, s.source_id, CASE WHEN t.%1$I IS NULL THEN ''added'' ELSE ''changed'' END
         FROM ingest.staged_feature s
         LEFT JOIN %2$s t ON t.%1$I::text = s.source_id %3$s
         WHERE s.run_id = $1 AND s.collection = $2
           AND (t.%1$I IS NULL
                OR t.ingest_hash IS DISTINCT FROM ingest.feature_hash(s.properties, %4$s))',
        p_key, p_table, group_match, geom) USING p_run, p_collection;
    IF p_full THEN
        EXECUTE format(
            'INSERT INTO ingest.run_change (run_id, collection, source_id, change)
             SELECT $1, $2, t.%1$I::text, ''removed''
             FROM %2$s t JOIN ingest.run r ON r.id = $1
             WHERE ST_Intersects(t.geometry, r.area_geometry) %3$s
               AND NOT EXISTS (SELECT 1 FROM ingest.staged_feature s WHERE s.run_id = $1
                               AND s.collection = $2 AND s.source_id = t.%1$I::text)',
            p_key, p_table, group_match) USING p_run, p_collection;
    END IF;
END;
$_$;

--
-- Name: resolve_pand_hrefs(); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.resolve_pand_hrefs() RETURNS integer
    LANGUAGE plpgsql
    AS $_$
DECLARE
    resolved integer;
BEGIN
    WITH wanted AS (
        SELECT v.identificatie,
               array_agg(p.identificatie ORDER BY h.ord) FILTER (WHERE p.identificatie IS NOT NULL) AS ids
        FROM bag.verblijfsobject v
        CROSS JOIN LATERAL unnest(v.pand_href) WITH ORDINALITY AS h(href, ord)
        LEFT JOIN bag.pand p
               ON p.feature_id = substring(h.href FROM '([^/?#]+)/?(?:[?#].*)?$')
        WHERE v.pand_href IS NOT NULL
        GROUP BY v.identificatie
    )
    UPDATE bag.verblijfsobject v SET pandidentificatie = w.ids
    FROM wanted w
    WHERE v.identificatie = w.identificatie AND v.pandidentificatie IS DISTINCT FROM w.ids;
    GET DIAGNOSTICS resolved = ROW_COUNT;
    RETURN resolved;
END;
$_$;

--
-- Name: source_columns(regclass); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.source_columns(p_table regclass) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
    SELECT array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_attribute a
    WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped
      AND a.attname NOT IN ('geometry', 'ingest_run_id', 'ingest_hash', 'ingested_at')
$$;

--
-- Name: target_geometry_sql(regclass); Type: FUNCTION; Schema: ingest; Owner: -
--

CREATE FUNCTION ingest.target_geometry_sql(p_table regclass) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN upper(coalesce(max(g.type), '')) LIKE 'MULTI%'
                THEN 'ST_Multi(s.geometry)' ELSE 's.geometry' END
    FROM geometry_columns g
    JOIN pg_class c ON c.relname = g.f_table_name
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = g.f_table_schema
    WHERE c.oid = p_table AND g.f_geometry_column = 'geometry'
$$;

--
-- Name: uuid_v7(); Type: FUNCTION; Schema: meta; Owner: -
--

CREATE FUNCTION meta.uuid_v7() RETURNS uuid
    LANGUAGE sql PARALLEL SAFE
    AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

--
-- Name: add_milestone(uuid, date, text, text, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.add_milestone(project uuid, on_date date, status text DEFAULT 'planned'::text, description text DEFAULT NULL::text, actor uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plan.project x WHERE x.id = add_milestone.project) THEN
        PERFORM plan.raise_rule('project_not_found', project::text);
    END IF;
    RETURN plan.new_milestone(project, on_date, status, description, actor);
END $$;

--
-- Name: add_process_dependency(uuid, uuid, uuid, text, integer); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.add_process_dependency(project uuid, from_step uuid, to_step uuid, kind text, lag integer) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: add_process_template_dependency(uuid, text, uuid, uuid, text, integer); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.add_process_template_dependency(template uuid, municipality text, from_step uuid, to_step uuid, kind text, lag integer) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: alert_project_name(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.alert_project_name(project uuid) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT name FROM plan.project_version
    WHERE project_id = project AND superseded_at IS NULL
    ORDER BY recorded_at DESC LIMIT 1
$$;

--
-- Name: alert_recipients(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.alert_recipients() RETURNS TABLE(user_id uuid, project_id uuid)
    LANGUAGE sql STABLE
    AS $$
    SELECT m.user_id, po.project_id
    FROM plan.project_owner po
    JOIN auth.user_group_member m ON m.user_group_id = po.user_group_id
    LEFT JOIN auth.alert_preference ap ON ap.user_id = m.user_id
    WHERE po.superseded_at IS NULL AND coalesce(ap.scope, 'mine') = 'mine'
    UNION
    SELECT f.user_id, f.project_id FROM plan.project_follower f
$$;

--
-- Name: apply_process_template(uuid, uuid, date, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.apply_process_template(project uuid, template uuid, start_date date, actor uuid) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: project; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.project (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    municipal_id text,
    start_milestone_id uuid NOT NULL,
    end_milestone_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    removed_at timestamp with time zone,
    removed_by uuid,
    start_date date,
    end_date date
);

--
-- Name: apply_project_identity(plan.project, jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.apply_project_identity(p plan.project, changes jsonb, actor uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: area_from_geojson(jsonb, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.area_from_geojson(value jsonb, rule text) RETURNS public.geometry
    LANGUAGE plpgsql IMMUTABLE
    AS $$
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

--
-- Name: as_multipolygon(public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.as_multipolygon(g public.geometry) RETURNS public.geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN g IS NULL OR ST_IsEmpty(g) THEN NULL ELSE ST_Multi(ST_CollectionExtract(g, 3)) END
$$;

--
-- Name: as_recorded_on(date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.as_recorded_on(reference_date date) RETURNS timestamp with time zone
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN reference_date < current_date
                THEN ((reference_date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam') - interval '1 microsecond'
           END
$$;

--
-- Name: blueprint_component_keys(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.blueprint_component_keys() RETURNS text[]
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    found text[];
BEGIN
    IF to_regprocedure('publication.dashboard_components()') IS NULL THEN
        RETURN NULL;
    END IF;
    EXECUTE 'SELECT array_agg(key::text) FROM publication.dashboard_components()' INTO found;
    RETURN found;
END $$;

--
-- Name: breakdown_checks(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.breakdown_checks() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plan.property_option o JOIN plan.property p ON p.id = o.property_id
                   WHERE o.id = NEW.option_id AND o.disabled_at IS NULL AND p.kind = 'fixed'
                     AND p.object_type = 'houseblock' AND p.value_type = 'category') THEN
        PERFORM plan.raise_rule('breakdown_option_invalid', NEW.option_id::text);
    END IF;
    RETURN NEW;
END $$;

--
-- Name: cache_refresh_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.cache_refresh_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    ids uuid[];
BEGIN
    SELECT array_agg(DISTINCT x) INTO ids
    FROM (SELECT plan.project_of_change(TG_TABLE_NAME, to_jsonb(c)) AS x FROM changed c) y
    WHERE x IS NOT NULL;
    IF ids IS NOT NULL THEN PERFORM publication.refresh_projects(ids); END IF;
    RETURN NULL;
END $$;

--
-- Name: can_see(smallint, text, text, text, uuid[], uuid[], smallint, text, text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.can_see(level smallint, municipality text, region text, province text, owner_groups uuid[], viewer_owner_groups uuid[], viewer_min_level smallint, viewer_municipality text, viewer_region text, viewer_province text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT coalesce(level = 7
        OR owner_groups && viewer_owner_groups
        OR (level >= viewer_min_level AND (municipality = viewer_municipality
                                           OR region = viewer_region OR province = viewer_province)),
        false)
$$;

--
-- Name: can_see_project(date, date, uuid, smallint, text, text, text, uuid[], uuid[], smallint, text, text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.can_see_project(level_from date, level_until date, project uuid, level smallint, municipality text, region text, province text, owner_groups uuid[], viewer_owner_groups uuid[], viewer_min_level smallint, viewer_municipality text, viewer_region text, viewer_province text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN level_from <= current_date AND current_date < level_until
                THEN plan.can_see(level, municipality, region, province, owner_groups,
                                  viewer_owner_groups, viewer_min_level, viewer_municipality,
                                  viewer_region, viewer_province)
                ELSE plan.project_visible_today(project) END
$$;

--
-- Name: check_area_codes(text, text[], text[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_area_codes(municipality text, districts text[], neighbourhoods text[]) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    bad text;
BEGIN
    SELECT string_agg(x, ', ') INTO bad FROM unnest(districts) x
    WHERE NOT EXISTS (SELECT 1 FROM ref.district d WHERE d.code = x AND d.municipality_code = municipality);
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('district_not_in_municipality', bad); END IF;
    SELECT string_agg(x, ', ') INTO bad FROM unnest(neighbourhoods) x
    WHERE NOT EXISTS (SELECT 1 FROM ref.neighbourhood n JOIN ref.district d ON d.code = n.district_code
                      WHERE n.code = x AND d.municipality_code = municipality);
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('neighbourhood_not_in_district', bad); END IF;
END $$;

--
-- Name: check_area_in_municipality(text, public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_area_in_municipality(municipality text, area public.geometry) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    boundary geometry := (SELECT m.boundary FROM ref.municipality m WHERE m.code = municipality);
BEGIN
    IF area IS NOT NULL AND boundary IS NOT NULL AND NOT ST_CoveredBy(area, boundary)
       AND ST_Area(ST_Difference(area, boundary)) > 1 THEN
        PERFORM plan.raise_rule('plan_area_outside_municipality', municipality);
    END IF;
END $$;

--
-- Name: check_blueprint(jsonb, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_blueprint(data jsonb, municipality text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
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

--
-- Name: check_code_list(text[], regclass, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_code_list(vals text[], list regclass, rule text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $_$
DECLARE
    bad text;
BEGIN
    EXECUTE format('SELECT string_agg(x, '', '') FROM unnest($1) x WHERE x NOT IN (SELECT code FROM %s)', list)
        INTO bad USING vals;
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule(rule, bad); END IF;
END $_$;

--
-- Name: property; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.property (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text,
    kind text NOT NULL,
    key text,
    object_type text NOT NULL,
    value_type text NOT NULL,
    name text NOT NULL,
    description text,
    mandatory boolean DEFAULT false NOT NULL,
    single_select boolean,
    rules jsonb DEFAULT '{}'::jsonb NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    disabled_at timestamp with time zone,
    CONSTRAINT property_kind_check CHECK ((kind = ANY (ARRAY['fixed'::text, 'custom'::text]))),
    CONSTRAINT property_name_blank CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT property_object_type_check CHECK ((object_type = ANY (ARRAY['project'::text, 'houseblock'::text]))),
    CONSTRAINT property_rules_not_object CHECK ((jsonb_typeof(rules) = 'object'::text)),
    CONSTRAINT property_scope_invalid CHECK (((kind = 'fixed'::text) = (municipality_code IS NULL))),
    CONSTRAINT property_single_select_missing CHECK (((value_type <> 'category'::text) OR (single_select IS NOT NULL))),
    CONSTRAINT property_value_type_check CHECK ((value_type = ANY (ARRAY['boolean'::text, 'category'::text, 'ordinal'::text, 'numeric'::text, 'text'::text])))
);

--
-- Name: check_custom_value(plan.property, jsonb, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_custom_value(p plan.property, v jsonb, phase text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF p.rules ? 'allowed_phases' AND phase IS NOT NULL
       AND NOT (p.rules->'allowed_phases') ? phase THEN
        PERFORM plan.raise_rule('custom_value_not_allowed_in_phase', format('%s: %s', p.name, phase));
    END IF;
    CASE p.value_type
        WHEN 'boolean' THEN
            IF jsonb_typeof(v) <> 'boolean' THEN PERFORM plan.raise_rule('custom_value_wrong_type', p.name); END IF;
        WHEN 'numeric' THEN PERFORM plan.check_number(p, v);
        WHEN 'text' THEN PERFORM plan.check_text(p, v);
        ELSE PERFORM plan.check_options(p, v);
    END CASE;
END $$;

--
-- Name: check_custom_values(text, text, jsonb, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_custom_values(object_type text, municipality text, vals jsonb, phase text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    k text;
    v jsonb;
    p plan.property;
BEGIN
    IF jsonb_typeof(vals) IS DISTINCT FROM 'object' THEN
        PERFORM plan.raise_rule('custom_values_not_object', jsonb_typeof(vals));
    END IF;
    FOR k, v IN SELECT * FROM jsonb_each(vals) LOOP
        SELECT * INTO p FROM plan.property pr WHERE pr.id::text = k AND pr.disabled_at IS NULL AND pr.kind = 'custom';
        IF NOT FOUND THEN PERFORM plan.raise_rule('custom_property_unknown', k); END IF;
        IF p.object_type <> object_type OR p.municipality_code <> municipality THEN
            PERFORM plan.raise_rule('custom_property_wrong_object', p.name);
        END IF;
        CONTINUE WHEN jsonb_typeof(v) = 'null';
        PERFORM plan.check_custom_value(p, v, phase);
    END LOOP;
    SELECT * INTO p FROM plan.property pr
    WHERE pr.kind = 'custom' AND pr.mandatory AND pr.disabled_at IS NULL
      AND pr.object_type = check_custom_values.object_type AND pr.municipality_code = municipality
      AND coalesce(jsonb_typeof(vals->(pr.id::text)), 'null') = 'null'
    ORDER BY pr.sort_order, pr.name LIMIT 1;
    IF FOUND THEN PERFORM plan.raise_rule('custom_value_mandatory_missing', p.name); END IF;
END $$;

--
-- Name: check_geometry(public.geometry, public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_geometry(area public.geometry, point public.geometry) RETURNS void
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    IF area IS NOT NULL AND NOT ST_IsValid(area) THEN
        PERFORM plan.raise_rule('plan_area_invalid', ST_IsValidReason(area));
    END IF;
    IF area IS NOT NULL AND (ST_IsEmpty(area) OR NOT ST_Within(area, plan.netherlands_envelope())) THEN
        PERFORM plan.raise_rule('plan_area_outside_netherlands', ST_AsText(ST_Envelope(area)));
    END IF;
    IF point IS NOT NULL AND NOT ST_Within(point, plan.netherlands_envelope()) THEN
        PERFORM plan.raise_rule('location_outside_netherlands', ST_AsText(point));
    END IF;
END $$;

--
-- Name: check_goal_condition(jsonb, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_goal_condition(c jsonb, municipality text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    ckind text := c->>'kind';
    ids uuid[];
    codes text[];
    p plan.property;
BEGIN
    IF jsonb_typeof(c) <> 'object' THEN PERFORM plan.raise_rule('goal_condition_invalid', c::text); END IF;
    IF ckind IN ('phase', 'planning_status') THEN
        codes := plan.goal_text_list(c->'codes');
        IF coalesce(cardinality(codes), 0) = 0 THEN PERFORM plan.raise_rule('goal_condition_invalid', c::text); END IF;
        IF EXISTS (SELECT 1 FROM unnest(codes) x WHERE x NOT IN (
                SELECT code FROM ref.project_phase WHERE ckind = 'phase'
                UNION ALL SELECT code FROM ref.planning_status WHERE ckind = 'planning_status')) THEN
            PERFORM plan.raise_rule('goal_option_unknown', c::text);
        END IF;
    ELSIF ckind = 'programming' THEN
        IF jsonb_typeof(c->'value') <> 'boolean' THEN PERFORM plan.raise_rule('goal_condition_invalid', c::text); END IF;
    ELSIF ckind = 'custom_property' THEN
        SELECT * INTO p FROM plan.property x WHERE x.id = (plan.goal_uuid_list(jsonb_build_array(c->'property_id')))[1]
            AND x.kind = 'custom' AND x.municipality_code = municipality AND x.disabled_at IS NULL;
        IF NOT FOUND THEN PERFORM plan.raise_rule('goal_option_unknown', c::text); END IF;
        IF p.value_type = 'boolean' THEN
            IF jsonb_typeof(c->'value') <> 'boolean' THEN PERFORM plan.raise_rule('goal_condition_invalid', c::text); END IF;
        ELSIF p.value_type IN ('category', 'ordinal') THEN
            PERFORM plan.check_goal_options(c, p.id);
        ELSE
            PERFORM plan.raise_rule('goal_condition_invalid', c::text);
        END IF;
    ELSIF ckind IN ('house_type', 'target_group', 'physical_appearance', 'ground_position') THEN
        PERFORM plan.check_goal_options(c, (SELECT x.id FROM plan.property x WHERE x.key = ckind));
    ELSIF ckind = 'ownership' THEN
        codes := coalesce(plan.goal_text_list(c->'ownership_types'), '{}');
        ids := coalesce(plan.goal_uuid_list(c->'price_category_ids'), '{}');
        IF cardinality(codes) + cardinality(ids) = 0 THEN PERFORM plan.raise_rule('goal_condition_invalid', c::text); END IF;
        IF EXISTS (SELECT 1 FROM unnest(codes) x WHERE x NOT IN (SELECT code FROM ref.ownership_type))
           OR EXISTS (SELECT 1 FROM unnest(ids) x WHERE NOT EXISTS (
               SELECT 1 FROM plan.price_category pc WHERE pc.id = x
                 AND (pc.municipality_code IS NULL OR pc.municipality_code = municipality))) THEN
            PERFORM plan.raise_rule('goal_option_unknown', c::text);
        END IF;
    ELSE
        PERFORM plan.raise_rule('goal_condition_invalid', c::text);
    END IF;
END $$;

--
-- Name: check_goal_editor(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_goal_editor(municipality text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF plan.viewer_role() NOT IN ('user_plus', 'admin')
       OR municipality IS DISTINCT FROM plan.viewer_setting('municipality') THEN
        PERFORM plan.raise_rule('goal_edit_not_allowed', municipality);
    END IF;
END $$;

--
-- Name: check_goal_options(jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_goal_options(c jsonb, property uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    ids uuid[] := plan.goal_uuid_list(c->'option_ids');
BEGIN
    IF coalesce(cardinality(ids), 0) = 0 THEN PERFORM plan.raise_rule('goal_condition_invalid', c::text); END IF;
    IF EXISTS (SELECT 1 FROM unnest(ids) x WHERE NOT EXISTS (
            SELECT 1 FROM plan.property_option o
            WHERE o.id = x AND o.property_id = property AND o.disabled_at IS NULL)) THEN
        PERFORM plan.raise_rule('goal_option_unknown', c::text);
    END IF;
END $$;

--
-- Name: check_goal_version(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_goal_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    municipality text := (SELECT g.municipality_code FROM plan.goal g WHERE g.id = NEW.goal_id);
    c jsonb;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plan.goal_category gc WHERE gc.id = NEW.category_id
                   AND gc.municipality_code = municipality AND gc.removed_at IS NULL) THEN
        PERFORM plan.raise_rule('goal_category_unknown', NEW.category_id::text);
    END IF;
    IF NEW.kind = 'number' AND NEW.target <> trunc(NEW.target) THEN
        PERFORM plan.raise_rule('goal_target_not_whole', NEW.target::text);
    END IF;
    IF jsonb_typeof(NEW.conditions) <> 'array' THEN
        PERFORM plan.raise_rule('goal_conditions_not_list', NEW.conditions::text);
    END IF;
    IF NEW.kind = 'percentage' AND jsonb_array_length(NEW.conditions) = 0 THEN
        PERFORM plan.raise_rule('goal_percentage_needs_condition');
    END IF;
    FOR c IN SELECT x FROM jsonb_array_elements(NEW.conditions) x LOOP
        PERFORM plan.check_goal_condition(c, municipality);
    END LOOP;
    IF EXISTS (SELECT 1 FROM unnest(NEW.district_codes) x WHERE NOT EXISTS (
                   SELECT 1 FROM ref.district d WHERE d.code = x AND d.municipality_code = municipality))
       OR EXISTS (SELECT 1 FROM unnest(NEW.neighbourhood_codes) x WHERE NOT EXISTS (
                   SELECT 1 FROM ref.neighbourhood n JOIN ref.district d ON d.code = n.district_code
                   WHERE n.code = x AND d.municipality_code = municipality)) THEN
        PERFORM plan.raise_rule('goal_area_unknown');
    END IF;
    IF NEW.area IS NOT NULL AND (NOT ST_IsValid(NEW.area) OR ST_IsEmpty(NEW.area)
                                 OR NOT ST_Within(NEW.area, plan.netherlands_envelope())) THEN
        PERFORM plan.raise_rule('goal_area_invalid');
    END IF;
    RETURN NEW;
END $$;

--
-- Name: check_houseblock_totals(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_houseblock_totals(version uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    total integer := (SELECT amount FROM plan.houseblock_version WHERE id = version);
    bad text;
BEGIN
    IF total IS NULL THEN RETURN; END IF;
    IF (SELECT coalesce(sum(amount), 0) FROM plan.houseblock_ownership_line
        WHERE houseblock_version_id = version) > total THEN
        PERFORM plan.raise_rule('ownership_exceeds_amount', format('houseblock amount %s', total));
    END IF;
    SELECT string_agg(DISTINCT pr.name, ', ') INTO bad
    FROM plan.houseblock_breakdown b
    JOIN plan.property_option o ON o.id = b.option_id
    JOIN plan.property pr ON pr.id = o.property_id
    WHERE b.houseblock_version_id = version
    GROUP BY pr.id HAVING sum(b.amount) > total;
    IF bad IS NOT NULL THEN
        PERFORM plan.raise_rule('breakdown_exceeds_amount', format('%s (houseblock amount %s)', bad, total));
    END IF;
END $$;

--
-- Name: check_keys(jsonb, regclass, text[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_keys(data jsonb, tbl regclass, extra text[]) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
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

--
-- Name: check_milestone_move(uuid, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_milestone_move(milestone uuid, new_date date) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
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

--
-- Name: check_milestones_of(uuid, uuid[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_milestones_of(project uuid, VARIADIC milestones uuid[]) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM plan.milestone m WHERE m.id = ANY (milestones) AND m.project_id <> project) THEN
        PERFORM plan.raise_rule('milestone_of_other_project');
    END IF;
END $$;

--
-- Name: check_number(plan.property, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_number(p plan.property, v jsonb) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    n numeric;
BEGIN
    IF jsonb_typeof(v) = 'object' AND v ?& ARRAY['min', 'max'] THEN
        PERFORM plan.check_number(p, v->'min');
        PERFORM plan.check_number(p, v->'max');
        IF (v->>'min')::numeric > (v->>'max')::numeric THEN
            PERFORM plan.raise_rule('custom_value_wrong_type', p.name || ': min > max');
        END IF;
        RETURN;
    END IF;
    IF jsonb_typeof(v) <> 'number' THEN PERFORM plan.raise_rule('custom_value_wrong_type', p.name); END IF;
    n := v::text::numeric;
    IF p.rules ? 'min' AND n < (p.rules->>'min')::numeric THEN
        PERFORM plan.raise_rule('custom_value_below_min', format('%s: %s < %s', p.name, n, p.rules->>'min'));
    END IF;
    IF p.rules ? 'max' AND n > (p.rules->>'max')::numeric THEN
        PERFORM plan.raise_rule('custom_value_above_max', format('%s: %s > %s', p.name, n, p.rules->>'max'));
    END IF;
    IF coalesce((p.rules->>'integer')::boolean, false) AND n <> trunc(n) THEN
        PERFORM plan.raise_rule('custom_value_not_integer', format('%s: %s', p.name, n));
    END IF;
END $$;

--
-- Name: check_options(plan.property, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_options(p plan.property, v jsonb) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    ids jsonb := CASE WHEN jsonb_typeof(v) = 'array' THEN v ELSE jsonb_build_array(v) END;
    bad text;
BEGIN
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(ids) x WHERE jsonb_typeof(x) <> 'string') THEN
        PERFORM plan.raise_rule('custom_value_wrong_type', p.name);
    END IF;
    SELECT string_agg(x, ', ') INTO bad FROM jsonb_array_elements_text(ids) x
    WHERE NOT EXISTS (SELECT 1 FROM plan.property_option o
                      WHERE o.property_id = p.id AND o.id::text = x AND o.disabled_at IS NULL);
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('custom_value_option_unknown', p.name || ': ' || bad); END IF;
    IF (p.single_select OR p.value_type = 'ordinal') AND jsonb_array_length(ids) > 1 THEN
        PERFORM plan.raise_rule('custom_value_single_select', p.name);
    END IF;
END $$;

--
-- Name: check_periods(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_periods(project uuid) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    p plan.project := (SELECT x FROM plan.project x WHERE x.id = project);
    s date := plan.milestone_date(p.start_milestone_id);
    e date := plan.milestone_date(p.end_milestone_id);
    bad text;
BEGIN
    IF p.id IS NULL OR p.removed_at IS NOT NULL THEN RETURN; END IF;
    IF s >= e THEN PERFORM plan.raise_rule('project_dates_out_of_order', format('%s - %s', s, e)); END IF;
    SELECT string_agg(hv.name, ', ') INTO bad
    FROM plan.houseblock h JOIN plan.houseblock_version hv ON hv.houseblock_id = h.id AND hv.superseded_at IS NULL
    WHERE h.project_id = project AND h.removed_at IS NULL
      AND plan.milestone_date(h.start_milestone_id) >= plan.milestone_date(h.end_milestone_id);
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('houseblock_dates_out_of_order', bad); END IF;
    SELECT string_agg(hv.name, ', ') INTO bad
    FROM plan.houseblock h JOIN plan.houseblock_version hv ON hv.houseblock_id = h.id AND hv.superseded_at IS NULL
    WHERE h.project_id = project AND h.removed_at IS NULL
      AND (plan.milestone_date(h.start_milestone_id) < s OR plan.milestone_date(h.end_milestone_id) > e);
    IF bad IS NOT NULL THEN
        PERFORM plan.raise_rule('houseblock_outside_project_period', format('%s (project %s - %s)', bad, s, e));
    END IF;
END $$;

--
-- Name: check_stream_editable(uuid, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_stream_editable(project uuid, stream text) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF NOT plan.viewer_can_edit_stream(project, stream) THEN
        PERFORM plan.raise_rule('process_stream_not_editable');
    END IF;
END $$;

--
-- Name: check_text(plan.property, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.check_text(p plan.property, v jsonb) RETURNS void
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    IF jsonb_typeof(v) <> 'string' THEN PERFORM plan.raise_rule('custom_value_wrong_type', p.name); END IF;
    IF p.rules ? 'pattern' AND NOT (v->>0) ~ (p.rules->>'pattern') THEN
        PERFORM plan.raise_rule('custom_value_pattern', format('%s: %s', p.name, v->>0));
    END IF;
    IF p.rules ? 'max_length' AND length(v->>0) > (p.rules->>'max_length')::integer THEN
        PERFORM plan.raise_rule('custom_value_too_long', format('%s: %s > %s', p.name, length(v->>0), p.rules->>'max_length'));
    END IF;
END $$;

--
-- Name: clamp_date(date, date, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.clamp_date(reference_date date, start_date date, end_date date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT least(greatest(reference_date, start_date), end_date - 1)
$$;

--
-- Name: copy_process_template(uuid, text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.copy_process_template(template uuid, municipality text, new_name text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: create_houseblock(uuid, jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.create_houseblock(project uuid, data jsonb, actor uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: create_project(jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.create_project(data jsonb, actor uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: date_distance(date, date, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.date_distance(reference_date date, from_date date, to_date date) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN reference_date < from_date THEN from_date - reference_date
                WHEN reference_date >= to_date THEN reference_date - to_date + 1
                ELSE 0 END
$$;

--
-- Name: delete_blueprint(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.delete_blueprint(blueprint_id uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: delete_process_dependency(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.delete_process_dependency(project uuid, dependency uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: delete_process_step(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.delete_process_step(step uuid, project uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
DECLARE
    found_stream text := (SELECT s.stream FROM plan.process_step s WHERE s.id = step AND s.project_id = project);
BEGIN
    IF found_stream IS NULL THEN RETURN false; END IF;
    PERFORM plan.check_stream_editable(project, found_stream);
    DELETE FROM plan.process_step WHERE id = step;
    RETURN true;
END $$;

--
-- Name: delete_process_template(uuid, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.delete_process_template(template uuid, municipality text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    DELETE FROM plan.process_template WHERE id = template;
    RETURN true;
END $$;

--
-- Name: delete_process_template_dependency(uuid, text, uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.delete_process_template_dependency(template uuid, municipality text, from_step uuid, to_step uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    DELETE FROM plan.process_template_dependency d
    USING plan.process_template_step f, plan.process_template_step t
    WHERE d.template_id = template AND f.id = from_step AND t.id = to_step
      AND f.template_id = template AND t.template_id = template
      AND d.from_position = f.position AND d.to_position = t.position;
    RETURN FOUND;
END $$;

--
-- Name: delete_process_template_step(uuid, text, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.delete_process_template_step(template uuid, municipality text, step uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NOT plan.own_process_template(template, municipality) THEN RETURN false; END IF;
    DELETE FROM plan.process_template_step ts WHERE ts.id = step AND ts.template_id = template;
    RETURN FOUND;  -- its dependencies go with it (ON DELETE CASCADE)
END $$;

--
-- Name: derive_registry_area(jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.derive_registry_area(attrs jsonb, parts_from uuid) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    parcels jsonb;
    buildings jsonb;
BEGIN
    IF attrs->>'area_source' IS DISTINCT FROM 'parcels' OR NOT (attrs ? 'parcels' OR attrs ? 'buildings') THEN
        RETURN attrs;
    END IF;
    parcels := CASE WHEN attrs ? 'parcels' THEN plan.registry_parcels(attrs->'parcels')
                    ELSE plan.version_parcels(parts_from) END;
    buildings := CASE WHEN attrs ? 'buildings' THEN plan.registry_buildings(attrs->'buildings')
                      ELSE plan.version_buildings(parts_from) END;
    IF jsonb_array_length(parcels) + jsonb_array_length(buildings) = 0 THEN
        PERFORM plan.raise_rule('parcel_area_empty');
    END IF;
    RETURN attrs || jsonb_build_object('parcels', parcels, 'buildings', buildings,
                                       'plan_area', plan.parts_area(parcels, buildings)::text);
END $$;

--
-- Name: due_dependency_alerts(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.due_dependency_alerts() RETURNS TABLE(user_id uuid, event_key text, project_id uuid, dependency_id uuid, kind text, message_nl text, delivery text)
    LANGUAGE sql STABLE
    AS $$
    WITH slip AS (SELECT * FROM plan.slipped_dependencies()), recipient AS (
        SELECT r.user_id, sl.dependency_id
        FROM slip sl CROSS JOIN LATERAL plan.step_responsible_users(sl.step_id) r
        UNION
        SELECT r.user_id, sl.dependency_id
        FROM slip sl JOIN plan.alert_recipients() r ON r.project_id = sl.project_id
    )
    SELECT r.user_id, 'dependency_slipped:' || sl.dependency_id || ':' || sl.earliest_start,
           sl.project_id, sl.dependency_id, 'dependency_slipped',
           format('Stap "%s" van project "%s" kan pas op %s beginnen (gepland: %s), omdat "%s" '
                  'is uitgelopen.', sl.step_name, plan.alert_project_name(sl.project_id),
                  to_char(sl.earliest_start, 'DD-MM-YYYY'), to_char(sl.planned_start, 'DD-MM-YYYY'),
                  sl.predecessor_name),
           coalesce(ap.delivery, 'immediate')
    FROM recipient r
    JOIN slip sl ON sl.dependency_id = r.dependency_id
    JOIN auth.app_user u ON u.id = r.user_id AND u.active
    LEFT JOIN auth.alert_preference ap ON ap.user_id = r.user_id
$$;

--
-- Name: due_milestone_alerts(date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.due_milestone_alerts(today date) RETURNS TABLE(user_id uuid, event_key text, project_id uuid, milestone_id uuid, kind text, message_nl text, delivery text)
    LANGUAGE sql STABLE
    AS $$
    WITH recipient AS (SELECT * FROM plan.alert_recipients()), due AS (
        SELECT r.user_id, p.id AS project_id, mv.milestone_id, mv.date,
               coalesce(nullif(btrim(mv.description), ''), 'zonder omschrijving') AS label,
               CASE WHEN mv.date >= today THEN 'milestone_upcoming' ELSE 'milestone_overdue' END
                   AS kind
        FROM recipient r
        JOIN plan.project p ON p.id = r.project_id AND p.removed_at IS NULL
        JOIN auth.app_user u ON u.id = r.user_id AND u.active
        LEFT JOIN auth.municipality_setting s ON s.municipality_code = p.municipality_code
        JOIN plan.milestone ms ON ms.project_id = p.id
        JOIN plan.milestone_version mv ON mv.milestone_id = ms.id AND mv.superseded_at IS NULL
        WHERE (mv.status IN ('planned', 'forecast')
               AND mv.date BETWEEN today AND today + coalesce(s.alert_lead_days, 14))
           OR (mv.status = 'planned' AND mv.date < today AND mv.date >= today - 30)
    )
    SELECT d.user_id, d.kind || ':' || d.milestone_id || ':' || d.date, d.project_id,
           d.milestone_id, d.kind,
           CASE d.kind
               WHEN 'milestone_upcoming' THEN format(
                   'Mijlpaal "%s" van project "%s" staat gepland op %s (over %s dagen).',
                   d.label, plan.alert_project_name(d.project_id), to_char(d.date, 'DD-MM-YYYY'),
                   d.date - today)
               ELSE format(
                   'Mijlpaal "%s" van project "%s" stond gepland op %s en is nog niet gerealiseerd.',
                   d.label, plan.alert_project_name(d.project_id), to_char(d.date, 'DD-MM-YYYY'))
           END,
           coalesce(ap.delivery, 'immediate')
    FROM due d LEFT JOIN auth.alert_preference ap ON ap.user_id = d.user_id
$$;

--
-- Name: edit_target(regclass, text, uuid, date, date, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.edit_target(versions regclass, owner_col text, owner_id uuid, period_start date, period_end date, edit_date date, OUT version_id uuid, OUT from_date date, OUT to_date date) RETURNS record
    LANGUAGE plpgsql STABLE
    AS $_$
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
END $_$;

--
-- Name: entity_dates_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.entity_dates_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.start_date := plan.milestone_date(NEW.start_milestone_id);
    NEW.end_date := plan.milestone_date(NEW.end_milestone_id);
    RETURN NEW;
END $$;

--
-- Name: follow_parcel_changes(bigint); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.follow_parcel_changes(run_id bigint) RETURNS TABLE(project_id uuid, outcome text, details jsonb)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
#variable_conflict use_column
DECLARE
    run ingest.run := (SELECT r FROM ingest.run r WHERE r.id = follow_parcel_changes.run_id);
    project uuid;
    error text;
BEGIN
    IF run.id IS NULL OR run.source <> 'brk' THEN RETURN; END IF;
    FOR project IN
        SELECT DISTINCT v.project_id FROM plan.project_version v
        JOIN plan.project p ON p.id = v.project_id AND p.removed_at IS NULL
        JOIN plan.project_parcel pp ON pp.project_version_id = v.id
        WHERE v.superseded_at IS NULL AND v.area_source = 'parcels'
          AND pp.parcel_geometry && run.area_geometry AND ST_Intersects(pp.parcel_geometry, run.area_geometry)
        ORDER BY 1
    LOOP
        project_id := project;
        BEGIN
            SELECT f.outcome, f.details INTO outcome, details FROM plan.follow_project(project, run) f;
        EXCEPTION WHEN others THEN  -- one project's broken rule never stops the ingest's merge
            GET STACKED DIAGNOSTICS error = MESSAGE_TEXT;
            outcome := 'failed';
            details := jsonb_build_object('run_id', run.id, 'error', error);
            PERFORM plan.notify_owners(project, 'parcel_follow_failed',
                'Het plangebied kon na een BRK-wijziging niet automatisch worden bijgewerkt: ' || error, details);
        END;
        IF outcome IS NOT NULL THEN RETURN NEXT; END IF;
    END LOOP;
    PERFORM plan.resolve_outdated_parcel_issues();
END $$;

--
-- Name: follow_project(uuid, ingest.run); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.follow_project(project uuid, run ingest.run, OUT outcome text, OUT details jsonb) RETURNS record
    LANGUAGE plpgsql
    AS $$
DECLARE
    vid uuid;
    result jsonb;
    changed boolean := false;
    items jsonb := '[]';
    vanished jsonb;
    project_name text := (SELECT v.name FROM plan.project_version v WHERE v.project_id = project
                          AND v.superseded_at IS NULL ORDER BY v.valid_from <= current_date DESC, v.valid_from DESC
                          LIMIT 1);
BEGIN
    FOR vid IN SELECT v.id FROM plan.project_version v WHERE v.project_id = project AND v.superseded_at IS NULL
               AND v.area_source = 'parcels' ORDER BY v.valid_from, v.id LOOP
        result := plan.follow_version(vid, run);
        changed := changed OR (result->>'changed')::boolean;
        items := items || (result->'parcels');
    END LOOP;
    SELECT coalesce(jsonb_agg(DISTINCT i), '[]') INTO items FROM jsonb_array_elements(items) i;
    WITH listed AS (
        INSERT INTO plan.parcel_issue (project_id, cadastral_municipality_code, section, parcel_number, since_run_id)
        SELECT DISTINCT project, split_part(i->>'parcel', ' ', 1), split_part(i->>'parcel', ' ', 2),
               split_part(i->>'parcel', ' ', 3)::integer, run.id
        FROM jsonb_array_elements(items) i WHERE i->>'change' = 'vanished'
        ON CONFLICT DO NOTHING RETURNING plan.parcel_designation(cadastral_municipality_code, section, parcel_number) AS d)
    SELECT jsonb_agg(d) INTO vanished FROM listed;
    IF NOT changed AND vanished IS NULL THEN RETURN; END IF;
    outcome := CASE WHEN changed THEN 'updated' ELSE 'vanished' END;
    details := jsonb_build_object('run_id', run.id, 'project_name', project_name, 'parcels', items,
                                  'vanished', coalesce(vanished, '[]'));
    PERFORM plan.notify_owners(project, CASE WHEN changed THEN 'parcel_area_followed' ELSE 'parcel_vanished' END,
        format('%s „%s” na een BRK-wijziging: %s.',
               CASE WHEN changed THEN 'Het plangebied is bijgewerkt van' ELSE 'Percelen verdwenen van' END,
               project_name,
               (SELECT string_agg(plan.parcel_change_text(i), '; ' ORDER BY i->>'parcel')
                FROM jsonb_array_elements(items) i
                WHERE changed OR i->>'parcel' IN (SELECT jsonb_array_elements_text(vanished)))),
        details);
END $$;

--
-- Name: follow_version(uuid, ingest.run); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.follow_version(vid uuid, run ingest.run) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    v plan.project_version := (SELECT x FROM plan.project_version x WHERE x.id = vid);
    followed jsonb;
    summary jsonb;
    new_vid uuid;
BEGIN
    WITH f AS (
        SELECT * FROM plan.followed_parcels(vid, run.area_geometry)
    ), per_origin AS (
        SELECT f.origin, f.change, jsonb_agg(plan.parcel_designation(f.code, f.section, f.parcel_number)
                                             ORDER BY f.code, f.section, f.parcel_number) AS successors
        FROM f WHERE f.change <> 'unchanged' GROUP BY f.origin, f.change
    ), per_parcel AS (
        SELECT f.code, f.section, f.parcel_number, (array_agg(f.parcel_geometry))[1] AS geom,
               CASE WHEN bool_or(f.subselection IS NULL) THEN NULL
                    WHEN count(*) = 1 THEN (array_agg(f.subselection))[1]
                    ELSE plan.as_multipolygon(ST_Union(f.subselection)) END AS sub, count(*) AS origins
        FROM f GROUP BY f.code, f.section, f.parcel_number
    )
    SELECT (SELECT coalesce(jsonb_agg(jsonb_build_object('parcel', o.origin, 'change', o.change,
                                                         'successors', o.successors) ORDER BY o.origin), '[]')
            FROM per_origin o),
           (SELECT coalesce(jsonb_agg(jsonb_build_object(
                'cadastral_municipality_code', g.code, 'section', g.section, 'parcel_number', g.parcel_number,
                'parcel_geometry', ST_AsGeoJSON(g.geom, 15)::jsonb,
                'subselection', ST_AsGeoJSON(CASE WHEN g.origins > 1 AND plan.nearly_within(g.geom, g.sub)
                                                  THEN NULL ELSE g.sub END, 15)::jsonb)), '[]')
            FROM per_parcel g)
    INTO summary, followed;
    IF plan.parcels_fingerprint(followed) = plan.parcels_fingerprint(plan.version_parcels(vid)) THEN
        RETURN jsonb_build_object('changed', false, 'parcels', summary);
    END IF;
    new_vid := plan.insert_project_version(v.project_id, v.valid_from_milestone_id, v.valid_to_milestone_id,
        to_jsonb(v) || jsonb_build_object('plan_area',
            plan.parts_area(followed, plan.version_buildings(vid))::text), NULL, vid);
    DELETE FROM plan.project_parcel x WHERE x.project_version_id = new_vid;
    PERFORM plan.insert_parcels(new_vid, followed);
    INSERT INTO plan.registry_version (project_version_id, source, ingest_run_id, summary)
    VALUES (new_vid, 'brk', run.id, summary);
    PERFORM plan.retire('plan.project_version', vid);
    RETURN jsonb_build_object('changed', true, 'parcels', summary);
END $$;

--
-- Name: followed_parcels(uuid, public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.followed_parcels(vid uuid, run_area public.geometry) RETURNS TABLE(code text, section text, parcel_number integer, parcel_geometry public.geometry, subselection public.geometry, origin text, change text)
    LANGUAGE plpgsql STABLE
    AS $$
#variable_conflict use_column
DECLARE
    pp plan.project_parcel;
    now_geometry geometry;
    successors integer;
BEGIN
    FOR pp IN SELECT * FROM plan.project_parcel x WHERE x.project_version_id = vid LOOP
        origin := plan.parcel_designation(pp.cadastral_municipality_code, pp.section, pp.parcel_number);
        SELECT p.geometry INTO now_geometry FROM brk.perceel p
        WHERE p.akr_kadastrale_gemeente_code_waarde = pp.cadastral_municipality_code
          AND p.sectie = pp.section AND p.perceelnummer = pp.parcel_number;
        IF pp.parcel_geometry IS NULL OR NOT ST_Intersects(pp.parcel_geometry, run_area)
           OR (now_geometry IS NOT NULL AND ST_OrderingEquals(now_geometry, pp.parcel_geometry)) THEN
            RETURN QUERY SELECT pp.cadastral_municipality_code, pp.section, pp.parcel_number,
                                pp.parcel_geometry, pp.subselection, origin, 'unchanged';
        ELSIF now_geometry IS NOT NULL THEN
            RETURN QUERY SELECT pp.cadastral_municipality_code, pp.section, pp.parcel_number,
                                now_geometry, pp.subselection, origin, 'reshaped';
        ELSE
            SELECT count(*) INTO successors FROM plan.parcel_successors(pp.parcel_geometry, pp.subselection);
            RETURN QUERY
                SELECT s.code, s.section, s.parcel_number, s.parcel_geometry, s.subselection, origin,
                       CASE WHEN successors > 1 THEN 'split'
                            WHEN NOT plan.nearly_within(s.parcel_geometry, pp.parcel_geometry) THEN 'merged'
                            ELSE 'renumbered' END
                FROM plan.parcel_successors(pp.parcel_geometry, pp.subselection) s
                UNION ALL
                SELECT pp.cadastral_municipality_code, pp.section, pp.parcel_number, pp.parcel_geometry,
                       pp.subselection, origin, 'vanished'
                WHERE successors = 0;
        END IF;
    END LOOP;
END $$;

--
-- Name: forecast_censored_observations(date, integer); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.forecast_censored_observations(cutoff date, step_days integer DEFAULT 182) RETURNS TABLE(project_id uuid, municipality_code text, observed_on date, start_date date, end_date date, finished boolean, training boolean, planned_end date, phase text, planning_status text, plan_type text, dwellings integer, ground_position text)
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: forecast_observations(date, integer); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.forecast_observations(cutoff date, step_days integer DEFAULT 182) RETURNS TABLE(project_id uuid, municipality_code text, observed_on date, start_date date, end_date date, finished boolean, training boolean, planned_end date, phase text, planning_status text, plan_type text, dwellings integer, ground_position text)
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: forecast_planned_end(uuid, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.forecast_planned_end(end_milestone uuid, on_date date) RETURNS date
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(
        (SELECT mv.date FROM plan.milestone_version mv
         WHERE mv.milestone_id = end_milestone AND mv.recorded_at <= (on_date + 1)::timestamptz
           AND NOT EXISTS (SELECT 1 FROM auth.app_user u WHERE u.id = mv.recorded_by AND u.is_system)
         ORDER BY mv.recorded_at DESC LIMIT 1),
        (SELECT mv.date FROM plan.milestone_version mv WHERE mv.milestone_id = end_milestone
         ORDER BY mv.recorded_at LIMIT 1))
$$;

--
-- Name: forecast_size(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.forecast_size(project uuid, OUT dwellings integer, OUT ground_position text) RETURNS record
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: forecast_state(uuid, uuid, date, date, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.forecast_state(project uuid, end_milestone uuid, observed_on date, start_date date, end_date date) RETURNS TABLE(planned_end date, phase text, planning_status text, plan_type text, dwellings integer, ground_position text)
    LANGUAGE sql STABLE
    AS $$
    SELECT plan.forecast_planned_end(end_milestone, observed_on), v.phase, v.planning_status,
           coalesce((SELECT min(t) FROM unnest(v.plan_types) t), 'none'), s.dwellings,
           s.ground_position
    FROM (SELECT x.phase, x.planning_status, x.plan_types FROM plan.project_version x
          WHERE x.project_id = project AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
            AND x.valid_from <= plan.clamp_date(observed_on, start_date, end_date)
          ORDER BY x.valid_from DESC LIMIT 1) v
    CROSS JOIN plan.forecast_size(project) s
$$;

--
-- Name: geojson_rd(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.geojson_rd(value jsonb) RETURNS public.geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'object' THEN ST_SetSRID(ST_GeomFromGeoJSON(value), 28992) END
$$;

--
-- Name: goal_block_match(jsonb, uuid, integer, boolean, date, text, text, text, jsonb, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_block_match(conditions jsonb, version uuid, amount integer, programming boolean, delivery date, municipality text, phase text, planning_status text, project_custom jsonb, block_custom jsonb) RETURNS numeric
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    c jsonb;
    share numeric := 1;
    part numeric;
BEGIN
    IF amount = 0 THEN RETURN 0; END IF;
    FOR c IN SELECT x FROM jsonb_array_elements(conditions) x LOOP
        CASE c->>'kind'
        WHEN 'phase' THEN
            IF NOT (c->'codes') ? phase THEN RETURN 0; END IF;
        WHEN 'planning_status' THEN
            IF planning_status IS NULL OR NOT (c->'codes') ? planning_status THEN RETURN 0; END IF;
        WHEN 'programming' THEN
            IF programming IS DISTINCT FROM (c->>'value')::boolean THEN RETURN 0; END IF;
        WHEN 'custom_property' THEN
            IF NOT coalesce(plan.goal_custom_matches(c, project_custom, block_custom), false) THEN RETURN 0; END IF;
        WHEN 'ownership' THEN
            part := plan.goal_ownership_amount(c, version, municipality, delivery);
            share := share * least(part / amount, 1);
        ELSE
            SELECT coalesce(sum(b.amount), 0) INTO part FROM plan.houseblock_breakdown b
            WHERE b.houseblock_version_id = version AND (c->'option_ids') ? b.option_id::text;
            share := share * least(part / amount, 1);
        END CASE;
        IF share = 0 THEN RETURN 0; END IF;
    END LOOP;
    RETURN amount * share;
END $$;

--
-- Name: goal_condition_label(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_condition_label(c jsonb) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE c->>'kind'
        WHEN 'phase' THEN 'Fase: ' || (SELECT string_agg(x.label_nl, ', ' ORDER BY x.sort_order)
                                       FROM ref.project_phase x WHERE (c->'codes') ? x.code)
        WHEN 'planning_status' THEN 'Planstatus: ' || (SELECT string_agg(x.code, ', ' ORDER BY x.sort_order)
                                                      FROM ref.planning_status x WHERE (c->'codes') ? x.code)
        WHEN 'programming' THEN CASE WHEN (c->>'value')::boolean THEN 'In programmering'
                                     ELSE 'Niet in programmering' END
        WHEN 'ownership' THEN concat_ws(' · ',
            'Eigendom: ' || (SELECT string_agg(t.label_nl, ', ' ORDER BY t.sort_order)
                             FROM ref.ownership_type t WHERE (c->'ownership_types') ? t.code),
            'Prijscategorie: ' || (SELECT string_agg(DISTINCT pc.name, ', ')
                                   FROM plan.price_category pc WHERE (c->'price_category_ids') ? pc.id::text))
        ELSE (SELECT p.name || ': ' || CASE WHEN c ? 'value'
                         THEN CASE WHEN (c->>'value')::boolean THEN 'ja' ELSE 'nee' END
                         ELSE (SELECT string_agg(o.label_nl, ', ' ORDER BY o.sort_order, o.label_nl)
                               FROM plan.property_option o WHERE (c->'option_ids') ? o.id::text) END
              FROM plan.property p
              WHERE p.id::text = c->>'property_id' OR (p.kind = 'fixed' AND p.key = c->>'kind'))
        END
$$;

--
-- Name: goal_custom_matches(jsonb, jsonb, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_custom_matches(c jsonb, project_custom jsonb, block_custom jsonb) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN c ? 'value' THEN v = c->'value'
                WHEN jsonb_typeof(v) = 'array' THEN v ?| plan.goal_text_list(c->'option_ids')
                WHEN jsonb_typeof(v) = 'string' THEN (c->'option_ids') ? (v #>> '{}')
                ELSE false END
    FROM (SELECT CASE p.object_type WHEN 'project' THEN project_custom ELSE block_custom END
                 -> (c->>'property_id') AS v
          FROM plan.property p WHERE p.id::text = c->>'property_id') x
$$;

--
-- Name: goal_geography_label(text[], text[], public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_geography_label(districts text[], neighbourhoods text[], area public.geometry) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(nullif(concat_ws(' · ',
        'Wijken: ' || (SELECT string_agg(d.name, ', ' ORDER BY d.name) FROM ref.district d WHERE d.code = ANY (districts)),
        'Buurten: ' || (SELECT string_agg(n.name, ', ' ORDER BY n.name) FROM ref.neighbourhood n
                        WHERE n.code = ANY (neighbourhoods)),
        CASE WHEN area IS NOT NULL THEN 'getekend gebied' END), ''), 'Hele gemeente')
$$;

--
-- Name: goal_houseblocks(date, text[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_houseblocks(reference_date date, municipalities text[]) RETURNS TABLE(project_id uuid, project_name text, municipality_code text, region_code text, province_code text, confidentiality_level smallint, owner_group_ids uuid[], phase text, planning_status text, district_codes text[], neighbourhood_codes text[], spot public.geometry, project_custom jsonb, version_id uuid, mutation_kind text, amount integer, programming boolean, block_custom jsonb, delivery_date date, end_status text)
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, pv.name, p.municipality_code, a.region_code, a.province_code,
           a.confidentiality_level, a.owner_group_ids,
           pv.phase, pv.planning_status, pv.district_codes, pv.neighbourhood_codes,
           coalesce(ST_PointOnSurface(pv.plan_area), pv.location), pv.custom_values,
           hv.id, hv.mutation_kind, hv.amount, hv.programming, hv.custom_values,
           coalesce(hv.delivery_latest, ms.date, h.end_date), ms.status
    FROM plan.houseblock_version_at(reference_date) hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id
    -- the end milestone as recorded at a past reference date (as the dashboards read it)
    LEFT JOIN LATERAL plan.milestone_as_known(
        h.end_milestone_id, plan.as_recorded_on(goal_houseblocks.reference_date)) ms ON true
    JOIN plan.project p ON p.id = h.project_id AND p.removed_at IS NULL
    JOIN plan.project_version_at(reference_date) pv ON pv.project_id = p.id
    JOIN plan.project_access_rows(current_date) a ON a.project_id = p.id
    WHERE p.municipality_code = ANY (municipalities)
$$;

--
-- Name: goal_in_geography(text[], text[], public.geometry, text[], text[], public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_in_geography(goal_districts text[], goal_neighbourhoods text[], goal_area public.geometry, districts text[], neighbourhoods text[], spot public.geometry) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT (cardinality(goal_districts) = 0 AND cardinality(goal_neighbourhoods) = 0 AND goal_area IS NULL)
        OR districts && goal_districts OR neighbourhoods && goal_neighbourhoods
        OR coalesce(ST_Intersects(goal_area, spot), false)
$$;

--
-- Name: goal_in_viewer_area(text, text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_in_viewer_area(municipality text, region text, province text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(municipality = plan.viewer_area('municipality') OR region = plan.viewer_area('region')
                    OR province = plan.viewer_area('province'), false)
$$;

--
-- Name: goal_met(text, numeric, numeric); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_met(direction text, value numeric, target numeric) RETURNS boolean
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE direction WHEN 'minimum' THEN value >= target ELSE value <= target END
$$;

--
-- Name: goal_ownership_amount(jsonb, uuid, text, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_ownership_amount(c jsonb, version uuid, municipality text, delivery date) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(sum(l.amount), 0) FROM plan.houseblock_ownership_line l
    WHERE l.houseblock_version_id = version
      AND (coalesce(jsonb_array_length(c->'ownership_types'), 0) = 0 OR (c->'ownership_types') ? l.ownership_type)
      AND (coalesce(jsonb_array_length(c->'price_category_ids'), 0) = 0
           OR plan.goal_price_matches(c->'price_category_ids', l.ownership_type, l.price_cents,
                                      l.price_range_cents, l.price_category_id, municipality, delivery))
$$;

--
-- Name: goal_price_matches(jsonb, text, bigint, int8range, uuid, text, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_price_matches(chosen jsonb, ownership_type text, price_cents bigint, price_range int8range, category uuid, municipality text, delivery date) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM plan.price_category c
        JOIN plan.price_category e ON e.municipality_code IS NOT DISTINCT FROM c.municipality_code
            AND e.price_kind = c.price_kind AND e.name = c.name
        WHERE chosen ? c.id::text
          AND e.price_kind = (SELECT t.price_kind FROM ref.ownership_type t WHERE t.code = ownership_type)
          AND (e.id = category
               OR (category IS NULL AND (e.municipality_code IS NULL OR e.municipality_code = municipality)
                   AND e.valid_from <= delivery AND (e.valid_to IS NULL OR delivery < e.valid_to)
                   AND ((price_cents >= e.min_cents AND (e.max_cents IS NULL OR price_cents <= e.max_cents))
                        OR (lower(price_range) >= e.min_cents
                            AND (e.max_cents IS NULL OR (NOT upper_inf(price_range)
                                                         AND upper(price_range) - 1 <= e.max_cents)))))))
$$;

--
-- Name: goal_status(text, boolean, boolean, date, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_status(direction text, met_now boolean, reaches boolean, reference_date date, deadline date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN reaches IS NULL THEN 'no_data'
                WHEN direction = 'minimum' AND met_now THEN 'met'
                WHEN direction = 'maximum' AND reaches AND met_now AND reference_date > deadline THEN 'met'
                WHEN reaches THEN 'on_track'
                ELSE 'off_track' END
$$;

--
-- Name: goal_status_label(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_status_label(status text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE status WHEN 'met' THEN 'gehaald' WHEN 'on_track' THEN 'op koers'
                       WHEN 'off_track' THEN 'niet op koers' WHEN 'suppressed' THEN 'niet getoond (te weinig projecten)'
                       ELSE 'geen gegevens' END
$$;

--
-- Name: goal_text_list(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_text_list(vals jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT CASE WHEN jsonb_typeof(vals) = 'array'
                THEN ARRAY(SELECT x #>> '{}' FROM jsonb_array_elements(vals) x) END
$$;

--
-- Name: goal_uuid_list(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.goal_uuid_list(ids jsonb) RETURNS uuid[]
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
BEGIN
    IF ids IS NULL OR jsonb_typeof(ids) <> 'array' THEN RETURN NULL; END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(ids) x
               WHERE jsonb_typeof(x) <> 'string'
                  OR (x #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') THEN
        PERFORM plan.raise_rule('goal_option_unknown', ids::text);
    END IF;
    RETURN ARRAY(SELECT (x #>> '{}')::uuid FROM jsonb_array_elements(ids) x);
END $_$;

--
-- Name: houseblock_totals_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.houseblock_totals_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM plan.check_houseblock_totals(CASE WHEN TG_TABLE_NAME = 'houseblock_version'
        THEN (to_jsonb(NEW)->>'id')::uuid ELSE (to_jsonb(NEW)->>'houseblock_version_id')::uuid END);
    RETURN NULL;
END $$;

--
-- Name: houseblock_version; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.houseblock_version (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    houseblock_id uuid NOT NULL,
    valid_from_milestone_id uuid NOT NULL,
    valid_to_milestone_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    superseded_at timestamp with time zone,
    recorded_by uuid,
    name text NOT NULL,
    mutation_kind text NOT NULL,
    amount integer NOT NULL,
    size_m2 numrange,
    programming boolean,
    delivery_earliest date,
    delivery_latest date,
    custom_values jsonb DEFAULT '{}'::jsonb NOT NULL,
    valid_from date,
    valid_to date,
    CONSTRAINT amount_negative CHECK ((amount >= 0)),
    CONSTRAINT custom_values_not_object CHECK ((jsonb_typeof(custom_values) = 'object'::text)),
    CONSTRAINT delivery_dates_out_of_order CHECK ((delivery_earliest <= delivery_latest)),
    CONSTRAINT houseblock_name_blank CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT recorded_period_invalid CHECK (((superseded_at IS NULL) OR (superseded_at > recorded_at))),
    CONSTRAINT size_invalid CHECK (((size_m2 IS NULL) OR ((NOT isempty(size_m2)) AND (lower(size_m2) > (0)::numeric) AND (NOT upper_inf(size_m2)))))
);

--
-- Name: houseblock_version_at(date, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.houseblock_version_at(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS SETOF plan.houseblock_version
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: houseblock_version_checks(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.houseblock_version_checks() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    hb plan.houseblock := (SELECT h FROM plan.houseblock h WHERE h.id = NEW.houseblock_id);
    municipality text := (SELECT p.municipality_code FROM plan.project p WHERE p.id = hb.project_id);
BEGIN
    PERFORM plan.check_milestones_of(hb.project_id, NEW.valid_from_milestone_id, NEW.valid_to_milestone_id);
    IF NEW.delivery_earliest < plan.milestone_date(hb.start_milestone_id) THEN
        PERFORM plan.raise_rule('delivery_before_houseblock_start', NEW.delivery_earliest::text);
    END IF;
    IF TG_OP = 'INSERT' OR NEW.custom_values IS DISTINCT FROM OLD.custom_values THEN
        PERFORM plan.check_custom_values('houseblock', municipality, NEW.custom_values);
    END IF;
    RETURN NEW;
END $$;

--
-- Name: insert_breakdown(uuid, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.insert_breakdown(vid uuid, breakdown jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: insert_buildings(uuid, jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.insert_buildings(vid uuid, attrs jsonb, buildings_from uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF attrs ? 'buildings' THEN
        INSERT INTO plan.project_building (project_version_id, identificatie, building_geometry)
        SELECT vid, b->>'identificatie', ST_SetSRID(ST_GeomFromGeoJSON(b->'building_geometry'), 28992)
        FROM jsonb_array_elements(plan.registry_buildings(attrs->'buildings')) b;
    ELSE
        INSERT INTO plan.project_building (project_version_id, identificatie, building_geometry)
        SELECT vid, identificatie, building_geometry FROM plan.project_building
        WHERE project_version_id = buildings_from;
    END IF;
END $$;

--
-- Name: insert_houseblock_children(uuid, jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.insert_houseblock_children(vid uuid, attrs jsonb, copy_from uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: insert_houseblock_version(uuid, uuid, uuid, jsonb, uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.insert_houseblock_version(hb uuid, from_ms uuid, to_ms uuid, attrs jsonb, actor uuid, copy_from uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: insert_parcels(uuid, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.insert_parcels(vid uuid, parcels jsonb) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: insert_project_version(uuid, uuid, uuid, jsonb, uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.insert_project_version(project uuid, from_ms uuid, to_ms uuid, attrs jsonb, actor uuid, parcels_from uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: milestone_as_known(uuid, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.milestone_as_known(milestone uuid, as_recorded timestamp with time zone) RETURNS TABLE(date date, status text, description text)
    LANGUAGE sql STABLE
    AS $$
    SELECT mv.date, mv.status, mv.description FROM plan.milestone_version mv
    WHERE as_recorded IS NULL AND mv.milestone_id = milestone AND mv.superseded_at IS NULL
    UNION ALL
    (SELECT mv.date, mv.status, mv.description FROM plan.milestone_version mv
     WHERE as_recorded IS NOT NULL AND mv.milestone_id = milestone
       AND (plan.recorded_at(mv.recorded_at, mv.superseded_at, as_recorded) OR mv.recorded_at > as_recorded)
     ORDER BY mv.recorded_at > as_recorded, mv.recorded_at LIMIT 1)
$$;

--
-- Name: milestone_date(uuid, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.milestone_date(milestone uuid, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS date
    LANGUAGE sql STABLE
    AS $$
    SELECT mv.date FROM plan.milestone_version mv
    WHERE mv.milestone_id = milestone AND plan.recorded_at(mv.recorded_at, mv.superseded_at, as_recorded)
$$;

--
-- Name: milestone_date_cache_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.milestone_date_cache_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM plan.refresh_date_cache(NEW.milestone_id, NEW.date);
    RETURN NULL;
END $$;

--
-- Name: milestone_on(uuid, date, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.milestone_on(project uuid, on_date date, actor uuid) RETURNS uuid
    LANGUAGE sql
    AS $$
    SELECT coalesce(
        (SELECT m.id FROM plan.milestone m JOIN plan.milestone_version mv
             ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
         WHERE m.project_id = project AND mv.date = on_date ORDER BY m.id LIMIT 1),
        plan.new_milestone(project, on_date, 'planned', on_date::text, actor))
$$;

--
-- Name: milestone_shared(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.milestone_shared(milestone uuid, houseblock uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: milestone_version_checks(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.milestone_version_checks() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.status = 'realised' AND NEW.date > current_date THEN
        PERFORM plan.raise_rule('milestone_realised_in_future', NEW.date::text);
    END IF;
    RETURN NEW;
END $$;

--
-- Name: houseblock; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.houseblock (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    project_id uuid NOT NULL,
    start_milestone_id uuid NOT NULL,
    end_milestone_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    removed_at timestamp with time zone,
    removed_by uuid,
    start_date date,
    end_date date
);

--
-- Name: move_houseblock_boundary(plan.houseblock, boolean, date, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.move_houseblock_boundary(h plan.houseblock, is_start boolean, new_date date, actor uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: move_process_template_step(uuid, text, uuid, boolean); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.move_process_template_step(template uuid, municipality text, step uuid, up boolean) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: nearly_within(public.geometry, public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.nearly_within(a public.geometry, b public.geometry) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT ST_Area(ST_Difference(a, b)) <= greatest(0.5, 0.001 * ST_Area(a))
$$;

--
-- Name: netherlands_envelope(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.netherlands_envelope() RETURNS public.geometry
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT ST_MakeEnvelope(-7000, 289000, 300000, 629000, 28992)
$$;

--
-- Name: new_milestone(uuid, date, text, text, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.new_milestone(project uuid, on_date date, status text DEFAULT 'planned'::text, description text DEFAULT NULL::text, actor uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
    ms uuid := meta.uuid_v7();
BEGIN
    INSERT INTO plan.milestone (id, project_id) VALUES (ms, project);
    INSERT INTO plan.milestone_version (milestone_id, date, status, description, recorded_by)
    VALUES (ms, on_date, coalesce(status, 'planned'), description, actor);
    RETURN ms;
END $$;

--
-- Name: normalise_input(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.normalise_input(data jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $_$
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
END $_$;

--
-- Name: notify_owners(uuid, text, text, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.notify_owners(project uuid, kind text, message_nl text, details jsonb) RETURNS void
    LANGUAGE sql
    AS $$
    INSERT INTO plan.notice (user_group_id, project_id, kind, message_nl, details)
    SELECT o.user_group_id, project, kind, message_nl, details
    FROM plan.project_owner o WHERE o.project_id = project AND o.superseded_at IS NULL
$$;

--
-- Name: outbox_identity_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.outbox_identity_trigger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: outbox_live_version(text, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.outbox_live_version(kind text, version uuid) RETURNS SETOF integer
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT 1 FROM plan.project_version WHERE kind = 'project' AND id = version
    UNION ALL SELECT 1 FROM plan.houseblock_version WHERE kind = 'houseblock' AND id = version
    UNION ALL SELECT 1 FROM plan.milestone_version WHERE kind = 'milestone' AND id = version
$$;

--
-- Name: outbox_record(text, uuid, uuid, text, text[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.outbox_record(kind text, entity uuid, project uuid, what text, changed text[]) RETURNS void
    LANGUAGE sql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: outbox_version_parts(text, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.outbox_version_parts(kind text, v jsonb, OUT entity uuid, OUT project uuid, OUT old jsonb, OUT new jsonb, OUT created boolean, OUT project_created boolean) RETURNS record
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: outbox_version_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.outbox_version_trigger() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: own_process_template(uuid, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.own_process_template(template uuid, municipality text) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
DECLARE
    owner text;
BEGIN
    SELECT pt.municipality_code INTO owner FROM plan.process_template pt WHERE pt.id = template FOR UPDATE;
    IF NOT FOUND THEN RETURN false; END IF;
    IF owner IS NULL THEN PERFORM plan.raise_rule('process_template_read_only'); END IF;
    RETURN owner = municipality;
END $$;

--
-- Name: ownership_line_checks(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.ownership_line_checks() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF NEW.price_category_id IS NOT NULL AND (SELECT c.price_kind FROM plan.price_category c
        WHERE c.id = NEW.price_category_id) <> (SELECT t.price_kind FROM ref.ownership_type t
        WHERE t.code = NEW.ownership_type) THEN
        PERFORM plan.raise_rule('price_category_kind_mismatch', NEW.ownership_type);
    END IF;
    RETURN NEW;
END $$;

--
-- Name: parcel_change_text(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.parcel_change_text(item jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT format(CASE item->>'change'
        WHEN 'reshaped' THEN 'perceel %s is van vorm veranderd'
        WHEN 'split' THEN 'perceel %s is gesplitst in %s'
        WHEN 'merged' THEN 'perceel %s is opgegaan in %s (een deelselectie houdt het plangebied even groot)'
        WHEN 'renumbered' THEN 'perceel %s is vervangen door %s'
        ELSE 'perceel %s staat niet meer in de BRK en heeft geen opvolger; het plangebied houdt de oude vorm' END,
        item->>'parcel',
        (SELECT string_agg(s, ', ') FROM jsonb_array_elements_text(item->'successors') s))
$$;

--
-- Name: parcel_designation(text, text, integer); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.parcel_designation(code text, section text, parcel_number integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT format('%s %s %s', code, section, parcel_number)
$$;

--
-- Name: parcel_successors(public.geometry, public.geometry); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.parcel_successors(old public.geometry, sub public.geometry) RETURNS TABLE(code text, section text, parcel_number integer, parcel_geometry public.geometry, subselection public.geometry)
    LANGUAGE sql STABLE
    AS $$
    WITH kept AS (
        SELECT CASE WHEN sub IS NULL THEN old ELSE ST_Intersection(sub, old) END AS e
    ), candidate AS (
        SELECT p.akr_kadastrale_gemeente_code_waarde AS c, p.sectie AS s, p.perceelnummer AS n,
               p.geometry AS g, ST_Area(ST_Intersection(p.geometry, old)) AS shared
        FROM brk.perceel p WHERE p.geometry && old AND ST_Intersects(p.geometry, old)
    ), taken AS (
        SELECT * FROM candidate x WHERE x.shared >= 0.5 * ST_Area(x.g) OR x.shared >= 0.5 * ST_Area(old)
    )
    SELECT t.c, t.s, t.n, t.g,
           CASE WHEN plan.nearly_within(t.g, k.e) THEN NULL
                ELSE plan.as_multipolygon(ST_Intersection(k.e, t.g)) END
    FROM taken t, kept k
    WHERE (SELECT sum(x.shared) FROM taken x) >= 0.5 * ST_Area(old)
      AND ST_Area(ST_Intersection(k.e, t.g)) > 0.01
    ORDER BY t.c, t.s, t.n
$$;

--
-- Name: parcels_fingerprint(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.parcels_fingerprint(parcels jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT coalesce(string_agg(md5(x::text), ',' ORDER BY x::text), '') FROM jsonb_array_elements(parcels) x
$$;

--
-- Name: parts_area(jsonb, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.parts_area(parcels jsonb, buildings jsonb) RETURNS public.geometry
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT plan.as_multipolygon(ST_Union(g)) FROM (
        SELECT CASE WHEN k.s IS NULL THEN k.p ELSE ST_Intersection(k.s, k.p) END
        FROM jsonb_array_elements(coalesce(parcels, '[]')) x,
             LATERAL (SELECT plan.geojson_rd(x->'parcel_geometry') AS p, plan.geojson_rd(x->'subselection') AS s) k
        UNION ALL
        SELECT plan.geojson_rd(b->'building_geometry') FROM jsonb_array_elements(coalesce(buildings, '[]')) b
    ) t (g)
$$;

--
-- Name: periods_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.periods_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    row_data jsonb := to_jsonb(NEW);
BEGIN
    IF TG_TABLE_NAME = 'milestone_version' THEN
        PERFORM plan.check_periods((SELECT m.project_id FROM plan.milestone m
                                    WHERE m.id = (row_data->>'milestone_id')::uuid));
    ELSE
        PERFORM plan.check_periods((row_data->>'project_id')::uuid);
    END IF;
    RETURN NULL;
END $$;

--
-- Name: planning_status_reached(uuid, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.planning_status_reached(project uuid, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(planning_status text, reached_on date)
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: price_range(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.price_range(bounds jsonb) RETURNS int8range
    LANGUAGE plpgsql IMMUTABLE
    AS $$
BEGIN
    IF jsonb_typeof(bounds) <> 'array' OR (bounds->>0)::bigint > (bounds->>1)::bigint THEN
        PERFORM plan.raise_rule('price_range_invalid', bounds::text);
    END IF;
    RETURN int8range((bounds->>0)::bigint, (bounds->>1)::bigint, '[]');
END $$;

--
-- Name: process_step_reaches(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.process_step_reaches(from_step uuid, to_step uuid) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    WITH RECURSIVE later (id) AS (
        SELECT from_step
        UNION
        SELECT d.to_step_id FROM plan.process_dependency d JOIN later l ON d.from_step_id = l.id
    )
    SELECT EXISTS (SELECT 1 FROM later WHERE id = to_step)
$$;

--
-- Name: process_template_order(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.process_template_order(template uuid) RETURNS TABLE(step_position smallint, depth integer)
    LANGUAGE sql STABLE
    AS $$
    WITH RECURSIVE walk (position, depth) AS (
        SELECT ts.position, 0 FROM plan.process_template_step ts WHERE ts.template_id = template
        UNION
        SELECT d.to_position, w.depth + 1 FROM walk w
        JOIN plan.process_template_dependency d ON d.template_id = template AND d.from_position = w.position
        WHERE w.depth < 1000
    )
    SELECT w.position, max(w.depth) FROM walk w GROUP BY w.position
$$;

--
-- Name: process_template_reaches(uuid, smallint, smallint); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.process_template_reaches(template uuid, first_pos smallint, last_pos smallint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    WITH RECURSIVE later (position) AS (
        SELECT first_pos
        UNION
        SELECT d.to_position FROM plan.process_template_dependency d
        JOIN later l ON d.template_id = template AND d.from_position = l.position
    )
    SELECT EXISTS (SELECT 1 FROM later WHERE later.position = last_pos)
$$;

--
-- Name: access_cache; Type: TABLE; Schema: publication; Owner: -
--

CREATE TABLE publication.access_cache (
    project_id uuid NOT NULL,
    municipality_code text NOT NULL,
    region_code text,
    province_code text,
    confidentiality_level smallint,
    level_from date NOT NULL,
    level_until date NOT NULL,
    owner_group_ids uuid[] NOT NULL
);

--
-- Name: project_access_rows(date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_access_rows(day date) RETURNS SETOF publication.access_cache
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, p.municipality_code, m.region_code, m.province_code, cur.level,
           coalesce(b.level_from, '-infinity'), coalesce(b.level_until, 'infinity'),
           coalesce(o.ids, '{}')
    FROM plan.project p
    JOIN ref.municipality m ON m.code = p.municipality_code
    LEFT JOIN LATERAL (
        SELECT x.confidentiality_level AS level FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(day, p.start_date, p.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) cur ON true
    LEFT JOIN LATERAL (
        SELECT max(x.valid_from) FILTER (WHERE x.valid_from <= day) AS level_from,
               min(x.valid_from) FILTER (WHERE x.valid_from > day) AS level_until
        FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to) b ON true
    LEFT JOIN LATERAL (
        SELECT array_agg(o.user_group_id ORDER BY o.user_group_id) AS ids FROM plan.project_owner o
        WHERE o.project_id = p.id AND o.superseded_at IS NULL) o ON true
$$;

--
-- Name: project_level_today(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_level_today(project uuid) RETURNS smallint
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT x.confidentiality_level FROM plan.project p
    JOIN plan.project_version x ON x.project_id = p.id
    WHERE p.id = project AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
      AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
    ORDER BY x.valid_from DESC LIMIT 1
$$;

--
-- Name: project_of_change(text, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_of_change(tbl text, row_data jsonb) RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE tbl
        WHEN 'project' THEN (row_data->>'id')::uuid
        WHEN 'milestone_version' THEN (SELECT m.project_id FROM plan.milestone m
                                       WHERE m.id = (row_data->>'milestone_id')::uuid)
        WHEN 'houseblock_version' THEN (SELECT h.project_id FROM plan.houseblock h
                                        WHERE h.id = (row_data->>'houseblock_id')::uuid)
        WHEN 'houseblock_ownership_line' THEN (
            SELECT h.project_id FROM plan.houseblock_version v JOIN plan.houseblock h ON h.id = v.houseblock_id
            WHERE v.id = (row_data->>'houseblock_version_id')::uuid)
        WHEN 'houseblock_breakdown' THEN (
            SELECT h.project_id FROM plan.houseblock_version v JOIN plan.houseblock h ON h.id = v.houseblock_id
            WHERE v.id = (row_data->>'houseblock_version_id')::uuid)
        ELSE (row_data->>'project_id')::uuid END
$$;

--
-- Name: project_owner_ids(uuid, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_owner_ids(project uuid, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid[]
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(array_agg(o.user_group_id ORDER BY o.user_group_id), '{}')
    FROM plan.project_owner o
    WHERE o.project_id = project AND plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)
$$;

--
-- Name: project_version; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.project_version (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    project_id uuid NOT NULL,
    valid_from_milestone_id uuid NOT NULL,
    valid_to_milestone_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    superseded_at timestamp with time zone,
    recorded_by uuid,
    name text NOT NULL,
    phase text NOT NULL,
    planning_status text,
    plan_types text[] DEFAULT '{}'::text[] NOT NULL,
    confidentiality_level smallint NOT NULL,
    colour text DEFAULT '#1F77B4'::text NOT NULL,
    priority text,
    municipality_roles text[] DEFAULT '{}'::text[] NOT NULL,
    district_codes text[] DEFAULT '{}'::text[] NOT NULL,
    neighbourhood_codes text[] DEFAULT '{}'::text[] NOT NULL,
    plan_area public.geometry(MultiPolygon,28992),
    area_source text,
    location public.geometry(Point,28992),
    custom_values jsonb DEFAULT '{}'::jsonb NOT NULL,
    valid_from date,
    valid_to date,
    CONSTRAINT colour_invalid CHECK ((colour ~ '^#[0-9A-Fa-f]{6}$'::text)),
    CONSTRAINT custom_values_not_object CHECK ((jsonb_typeof(custom_values) = 'object'::text)),
    CONSTRAINT hard_status_needs_external_governmental CHECK (((planning_status IS NULL) OR (planning_status <> ALL (ARRAY['1A'::text, '1B'::text, '2A'::text, '2B'::text])) OR (confidentiality_level >= 6))),
    CONSTRAINT plan_area_without_source CHECK (((plan_area IS NULL) = (area_source IS NULL))),
    CONSTRAINT project_name_blank CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT recorded_period_invalid CHECK (((superseded_at IS NULL) OR (superseded_at > recorded_at)))
);

--
-- Name: project_version_at(date, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_version_at(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS SETOF plan.project_version
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: project_version_checks(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_version_checks() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    municipality text := (SELECT p.municipality_code FROM plan.project p WHERE p.id = NEW.project_id);
BEGIN
    PERFORM plan.check_code_list(NEW.plan_types, 'ref.plan_type', 'plan_type_unknown');
    PERFORM plan.check_code_list(NEW.municipality_roles, 'ref.municipality_role', 'municipality_role_unknown');
    PERFORM plan.check_area_codes(municipality, NEW.district_codes, NEW.neighbourhood_codes);
    PERFORM plan.check_geometry(NEW.plan_area, NEW.location);
    IF TG_OP = 'INSERT' OR NEW.plan_area IS DISTINCT FROM OLD.plan_area THEN
        PERFORM plan.check_area_in_municipality(municipality, NEW.plan_area);
    END IF;
    PERFORM plan.check_milestones_of(NEW.project_id, NEW.valid_from_milestone_id, NEW.valid_to_milestone_id);
    IF TG_OP = 'INSERT' OR NEW.custom_values IS DISTINCT FROM OLD.custom_values OR NEW.phase <> OLD.phase THEN
        PERFORM plan.check_custom_values('project', municipality, NEW.custom_values, NEW.phase);
    END IF;
    RETURN NEW;
END $$;

--
-- Name: project_version_id_at(uuid, date, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_version_id_at(project uuid, reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(
        (SELECT x.id FROM plan.project_version x JOIN plan.project p ON p.id = x.project_id
         WHERE as_recorded IS NULL AND x.project_id = project AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
         ORDER BY x.valid_from DESC LIMIT 1),
        (SELECT y.id FROM plan.project_version_at(reference_date, as_recorded) y
         WHERE as_recorded IS NOT NULL AND y.project_id = project))
$$;

--
-- Name: project_visible_today(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.project_visible_today(project uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER COST 1
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT coalesce((
        SELECT plan.viewer_can_see(a.confidentiality_level, a.municipality_code, a.region_code,
                                   a.province_code, a.owner_group_ids)
        FROM plan.project_access_rows(current_date) a WHERE a.project_id = project), false)
$$;

--
-- Name: raise_rule(text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.raise_rule(code text, detail text DEFAULT NULL::text) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    msg text := (SELECT r.message_en FROM ref.rule r WHERE r.code = raise_rule.code);
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = code,
        MESSAGE = code || ': ' || coalesce(msg, code), DETAIL = coalesce(detail, '');
END $$;

--
-- Name: rebuild_date_cache(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.rebuild_date_cache() RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE plan.project p SET start_date = plan.milestone_date(p.start_milestone_id),
                              end_date = plan.milestone_date(p.end_milestone_id);
    UPDATE plan.houseblock h SET start_date = plan.milestone_date(h.start_milestone_id),
                                 end_date = plan.milestone_date(h.end_milestone_id);
    UPDATE plan.project_version v SET valid_from = plan.milestone_date(v.valid_from_milestone_id),
                                      valid_to = plan.milestone_date(v.valid_to_milestone_id)
    WHERE v.superseded_at IS NULL;
    UPDATE plan.houseblock_version v SET valid_from = plan.milestone_date(v.valid_from_milestone_id),
                                         valid_to = plan.milestone_date(v.valid_to_milestone_id)
    WHERE v.superseded_at IS NULL;
$$;

--
-- Name: record_forecast_end_dates(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.record_forecast_end_dates() RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: alert_event; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.alert_event (
    user_id uuid NOT NULL,
    event_key text NOT NULL,
    project_id uuid NOT NULL,
    milestone_id uuid,
    kind text NOT NULL,
    message_nl text NOT NULL,
    delivery text NOT NULL,
    notice_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    mailed_at timestamp with time zone,
    dependency_id uuid,
    CONSTRAINT alert_event_subject CHECK ((num_nonnulls(milestone_id, dependency_id) = 1)),
    CONSTRAINT alert_kind_unknown CHECK ((kind = ANY (ARRAY['milestone_upcoming'::text, 'milestone_overdue'::text, 'dependency_slipped'::text])))
);

--
-- Name: record_milestone_alerts(date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.record_milestone_alerts(today date) RETURNS SETOF plan.alert_event
    LANGUAGE plpgsql
    AS $$
DECLARE
    events plan.alert_event[];
    ev plan.alert_event;
BEGIN
    WITH ins AS (
        INSERT INTO plan.alert_event (user_id, event_key, project_id, milestone_id,
                                      dependency_id, kind, message_nl, delivery)
        SELECT d.user_id, d.event_key, d.project_id, d.milestone_id, NULL, d.kind, d.message_nl,
               d.delivery
        FROM plan.due_milestone_alerts(today) d
        UNION ALL
        SELECT d.user_id, d.event_key, d.project_id, NULL, d.dependency_id, d.kind, d.message_nl,
               d.delivery
        FROM plan.due_dependency_alerts() d
        ON CONFLICT DO NOTHING
        RETURNING *)
    SELECT array_agg(ins) INTO events FROM ins;
    FOREACH ev IN ARRAY coalesce(events, '{}') LOOP
        INSERT INTO plan.notice (user_group_id, project_id, kind, message_nl, details)
        SELECT g.id, ev.project_id, ev.kind, ev.message_nl,
               jsonb_strip_nulls(jsonb_build_object('milestone_id', ev.milestone_id,
                   'dependency_id', ev.dependency_id, 'event_key', ev.event_key))
        FROM auth.user_group g JOIN auth.user_group_member m ON m.user_group_id = g.id
        WHERE g.single_user AND m.user_id = ev.user_id
        ORDER BY g.id LIMIT 1
        RETURNING id INTO ev.notice_id;
        UPDATE plan.alert_event SET notice_id = ev.notice_id
        WHERE user_id = ev.user_id AND event_key = ev.event_key;
        RETURN NEXT ev;
    END LOOP;
END $$;

--
-- Name: recorded_at(timestamp with time zone, timestamp with time zone, timestamp with time zone); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.recorded_at(recorded_from timestamp with time zone, recorded_to timestamp with time zone, as_recorded timestamp with time zone) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN as_recorded IS NULL THEN recorded_to IS NULL
                ELSE recorded_from <= as_recorded AND (recorded_to IS NULL OR recorded_to > as_recorded)
           END
$$;

--
-- Name: refresh_date_cache(uuid, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.refresh_date_cache(milestone uuid, new_date date) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE plan.project SET start_date = new_date WHERE start_milestone_id = milestone;
    UPDATE plan.project SET end_date = new_date WHERE end_milestone_id = milestone;
    UPDATE plan.houseblock SET start_date = new_date WHERE start_milestone_id = milestone;
    UPDATE plan.houseblock SET end_date = new_date WHERE end_milestone_id = milestone;
    UPDATE plan.project_version SET valid_from = new_date
        WHERE valid_from_milestone_id = milestone AND superseded_at IS NULL;
    UPDATE plan.project_version SET valid_to = new_date
        WHERE valid_to_milestone_id = milestone AND superseded_at IS NULL;
    UPDATE plan.houseblock_version SET valid_from = new_date
        WHERE valid_from_milestone_id = milestone AND superseded_at IS NULL;
    UPDATE plan.houseblock_version SET valid_to = new_date
        WHERE valid_to_milestone_id = milestone AND superseded_at IS NULL;
$$;

--
-- Name: region_key_min_dwellings(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.region_key_min_dwellings(region text) RETURNS integer
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce((SELECT s.key_min_dwellings FROM plan.region_setting s WHERE s.region_code = region), 100)
$$;

--
-- Name: registry_buildings(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.registry_buildings(buildings jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    result jsonb;
    bad text;
BEGIN
    IF jsonb_typeof(buildings) <> 'array' THEN PERFORM plan.raise_rule('building_unknown'); END IF;
    SELECT string_agg(i, ', ') FILTER (WHERE p.identificatie IS NULL),
           jsonb_agg(jsonb_build_object('identificatie', i,
                                        'building_geometry', ST_AsGeoJSON(p.geometry, 15)::jsonb) ORDER BY i)
               FILTER (WHERE p.identificatie IS NOT NULL)
    INTO bad, result
    FROM (SELECT DISTINCT coalesce(x->>'identificatie', x#>>'{}') AS i FROM jsonb_array_elements(buildings) x) t
    LEFT JOIN bag.pand p ON p.identificatie = t.i;
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('building_unknown', bad); END IF;
    RETURN coalesce(result, '[]');
END $$;

--
-- Name: registry_parcels(jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.registry_parcels(parcels jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    result jsonb;
    bad text;
BEGIN
    IF jsonb_typeof(parcels) <> 'array' THEN PERFORM plan.raise_rule('cadastral_designation_invalid'); END IF;
    SELECT string_agg(plan.parcel_designation(c, s, n), ', ' ORDER BY c, s, n) FILTER (WHERE p.geometry IS NULL),
           jsonb_agg(jsonb_build_object('cadastral_municipality_code', c, 'section', s, 'parcel_number', n,
                                        'parcel_geometry', ST_AsGeoJSON(p.geometry, 15)::jsonb,
                                        'subselection', x->'subselection') ORDER BY c, s, n)
               FILTER (WHERE p.geometry IS NOT NULL)
    INTO bad, result
    FROM (SELECT DISTINCT ON (k.c, k.s, k.n) k.c, k.s, k.n, x
          FROM jsonb_array_elements(parcels) x,
               LATERAL (SELECT upper(x->>'cadastral_municipality_code') AS c, upper(x->>'section') AS s,
                               (x->>'parcel_number')::integer AS n) k
          ORDER BY k.c, k.s, k.n) t
    LEFT JOIN brk.perceel p ON p.akr_kadastrale_gemeente_code_waarde = t.c AND p.sectie = t.s
        AND p.perceelnummer = t.n;
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('parcel_unknown', bad); END IF;
    SELECT string_agg(plan.parcel_designation(x->>'cadastral_municipality_code', x->>'section',
                                              (x->>'parcel_number')::integer), ', ') INTO bad
    FROM jsonb_array_elements(coalesce(result, '[]')) x
    WHERE coalesce(jsonb_typeof(x->'subselection'), 'null') <> 'null'
      AND ST_Area(ST_Intersection(plan.area_from_geojson(x->'subselection', 'parcel_subselection_invalid'),
                                  ST_SetSRID(ST_GeomFromGeoJSON(x->'parcel_geometry'), 28992))) < 0.01;
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule('parcel_subselection_outside', bad); END IF;
    RETURN coalesce(result, '[]');
END $$;

--
-- Name: remove_goal(uuid, text, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.remove_goal(goal uuid, municipality text, actor uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    PERFORM plan.check_goal_editor(municipality);
    UPDATE plan.goal g SET removed_at = now(), removed_by = actor
    WHERE g.id = goal AND g.municipality_code = municipality AND g.removed_at IS NULL;
    IF NOT FOUND THEN PERFORM plan.raise_rule('goal_not_found', goal::text); END IF;
END $$;

--
-- Name: remove_goal_category(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.remove_goal_category(category uuid, actor uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
DECLARE
    municipality text := (SELECT c.municipality_code FROM plan.goal_category c
                          WHERE c.id = category AND c.removed_at IS NULL);
BEGIN
    IF municipality IS NULL THEN PERFORM plan.raise_rule('goal_category_unknown', category::text); END IF;
    PERFORM plan.check_goal_editor(municipality);
    IF EXISTS (SELECT 1 FROM plan.goal g JOIN plan.goal_version v ON v.goal_id = g.id AND v.superseded_at IS NULL
               WHERE v.category_id = category AND g.removed_at IS NULL) THEN
        PERFORM plan.raise_rule('goal_category_in_use', category::text);
    END IF;
    UPDATE plan.goal_category SET removed_at = now(), removed_by = actor WHERE id = category;
END $$;

--
-- Name: remove_houseblock(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.remove_houseblock(houseblock uuid, actor uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE plan.houseblock SET removed_at = now(), removed_by = actor
    WHERE id = remove_houseblock.houseblock AND removed_at IS NULL
$$;

--
-- Name: remove_project(uuid, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.remove_project(project uuid, actor uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE plan.project SET removed_at = now(), removed_by = actor WHERE id = remove_project.project AND removed_at IS NULL
$$;

--
-- Name: resolve_outdated_parcel_issues(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.resolve_outdated_parcel_issues() RETURNS void
    LANGUAGE sql
    AS $$
    UPDATE plan.parcel_issue i SET resolved_at = now()
    WHERE i.resolved_at IS NULL AND (
        EXISTS (SELECT 1 FROM brk.perceel p WHERE p.akr_kadastrale_gemeente_code_waarde = i.cadastral_municipality_code
                AND p.sectie = i.section AND p.perceelnummer = i.parcel_number)
        OR NOT EXISTS (SELECT 1 FROM plan.project_version v
                       JOIN plan.project_parcel pp ON pp.project_version_id = v.id
                       JOIN plan.project p ON p.id = v.project_id AND p.removed_at IS NULL
                       WHERE v.project_id = i.project_id AND v.superseded_at IS NULL AND v.area_source = 'parcels'
                         AND (pp.cadastral_municipality_code, pp.section, pp.parcel_number)
                             = (i.cadastral_municipality_code, i.section, i.parcel_number)))
$$;

--
-- Name: retire(regclass, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.retire(tbl regclass, row_id uuid) RETURNS void
    LANGUAGE plpgsql
    AS $_$
BEGIN
    -- a row recorded in this same transaction is replaced, not superseded (no empty recorded period)
    EXECUTE format('DELETE FROM %s WHERE id = $1 AND recorded_at = now()', tbl) USING row_id;
    EXECUTE format('UPDATE %s SET superseded_at = now() WHERE id = $1 AND superseded_at IS NULL', tbl)
        USING row_id;
END $_$;

--
-- Name: role_min_level(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.role_min_level(role text) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE role
        WHEN 'user_plus' THEN 2 WHEN 'user' THEN 2 WHEN 'management' THEN 3 WHEN 'council' THEN 4
        WHEN 'region_reader' THEN 5 WHEN 'province_reader' THEN 6 ELSE NULL END::smallint
$$;

--
-- Name: rule_message(text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.rule_message(code text, lang text DEFAULT 'nl'::text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN lang = 'en' THEN r.message_en ELSE r.message_nl END FROM ref.rule r WHERE r.code = rule_message.code
$$;

--
-- Name: save_blueprint(uuid, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.save_blueprint(blueprint_id uuid, data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: save_goal(uuid, text, jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.save_goal(goal uuid, municipality text, data jsonb, actor uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
    gid uuid := coalesce(goal, meta.uuid_v7());
    current_id uuid;
BEGIN
    PERFORM plan.check_goal_editor(municipality);
    PERFORM plan.check_keys(data, 'plan.goal_version', ARRAY[]::text[]);
    IF goal IS NULL THEN
        INSERT INTO plan.goal (id, municipality_code, created_by) VALUES (gid, municipality, actor);
    ELSE
        SELECT v.id INTO current_id FROM plan.goal g
        JOIN plan.goal_version v ON v.goal_id = g.id AND v.superseded_at IS NULL
        WHERE g.id = goal AND g.municipality_code = municipality AND g.removed_at IS NULL FOR UPDATE OF g;
        IF NOT FOUND THEN PERFORM plan.raise_rule('goal_not_found', goal::text); END IF;
        PERFORM plan.retire('plan.goal_version', current_id);
    END IF;
    INSERT INTO plan.goal_version
    SELECT (jsonb_populate_record(NULL::plan.goal_version,
        '{"conditions": [], "district_codes": [], "neighbourhood_codes": [], "measure": "construction"}'::jsonb
        || jsonb_strip_nulls(data - 'area')
        || jsonb_build_object('id', meta.uuid_v7(), 'goal_id', gid, 'recorded_at', now(), 'recorded_by', actor,
                              'area', CASE WHEN jsonb_typeof(data->'area') = 'object'
                                           THEN ST_AsEWKT(ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(data->'area'), 28992)))
                                      END))).*;
    RETURN gid;
END $$;

--
-- Name: save_goal_category(uuid, text, text, integer, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.save_goal_category(category uuid, municipality text, name text, sort_order integer DEFAULT 0, actor uuid DEFAULT NULL::uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
DECLARE
    cid uuid := coalesce(category, meta.uuid_v7());
BEGIN
    PERFORM plan.check_goal_editor(municipality);
    IF category IS NULL THEN
        INSERT INTO plan.goal_category (id, municipality_code, name, sort_order, created_by, updated_by)
        VALUES (cid, municipality, btrim(name), coalesce(sort_order, 0), actor, actor);
    ELSE
        UPDATE plan.goal_category c SET name = btrim(save_goal_category.name),
            sort_order = coalesce(save_goal_category.sort_order, c.sort_order), updated_at = now(), updated_by = actor
        WHERE c.id = category AND c.municipality_code = municipality AND c.removed_at IS NULL;
        IF NOT FOUND THEN PERFORM plan.raise_rule('goal_category_unknown', category::text); END IF;
    END IF;
    RETURN cid;
END $$;

--
-- Name: save_process_step(uuid, uuid, jsonb, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.save_process_step(step uuid, project uuid, data jsonb, actor uuid) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: save_process_template(uuid, text, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.save_process_template(template uuid, municipality text, new_name text) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: save_process_template_step(uuid, text, uuid, jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.save_process_template_step(template uuid, municipality text, step uuid, data jsonb) RETURNS uuid
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_key_project(uuid, boolean, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.set_key_project(project uuid, key boolean, by_user uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_milestone(uuid, date, text, text, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.set_milestone(milestone uuid, on_date date, status text DEFAULT NULL::text, description text DEFAULT NULL::text, actor uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_project_owners(uuid, uuid[], uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.set_project_owners(project uuid, group_ids uuid[], actor uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_region_key_min_dwellings(text, integer, uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.set_region_key_min_dwellings(region text, min_dwellings integer, by_user uuid) RETURNS boolean
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: set_viewer(text, text, text, text, uuid[], uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.set_viewer(role text, municipality_code text DEFAULT NULL::text, region_code text DEFAULT NULL::text, province_code text DEFAULT NULL::text, group_ids uuid[] DEFAULT '{}'::uuid[], user_id uuid DEFAULT NULL::uuid) RETURNS void
    LANGUAGE sql
    AS $$
$$;

--
-- Name: slipped_dependencies(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.slipped_dependencies() RETURNS TABLE(dependency_id uuid, project_id uuid, step_id uuid, step_name text, predecessor_name text, planned_start date, earliest_start date)
    LANGUAGE sql STABLE
    AS $$
    SELECT d.id, s.project_id, s.id, s.name, f.name, s.planned_start, x.earliest
    FROM plan.process_dependency d
    JOIN plan.process_step s ON s.id = d.to_step_id AND s.actual_start IS NULL
    JOIN plan.process_step f ON f.id = d.from_step_id
    JOIN plan.project p ON p.id = s.project_id AND p.removed_at IS NULL
    CROSS JOIN LATERAL (SELECT CASE d.kind
        WHEN 'start_to_start' THEN coalesce(f.actual_start, f.planned_start)
        ELSE coalesce(f.actual_end, f.planned_end) END + d.lag_days AS earliest) x
    WHERE x.earliest > s.planned_start
$$;

--
-- Name: step_lead_times(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.step_lead_times(project uuid) RETURNS TABLE(step_id uuid, started_on date, planned_start date, durations integer[])
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: step_responsible_users(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.step_responsible_users(step uuid) RETURNS TABLE(user_id uuid)
    LANGUAGE sql STABLE
    AS $$
    SELECT s.responsible_user_id FROM plan.process_step s
    WHERE s.id = step AND s.responsible_user_id IS NOT NULL
    UNION
    SELECT m.user_id FROM plan.process_step s
    JOIN auth.user_group_member m ON m.user_group_id = s.responsible_group_id
    WHERE s.id = step
    UNION
    SELECT u.id FROM plan.process_step s
    JOIN plan.project_owner po ON po.project_id = s.project_id AND po.superseded_at IS NULL
    JOIN auth.user_group g ON g.id = po.user_group_id
    JOIN auth.user_group_member m ON m.user_group_id = g.id
    JOIN auth.app_user u ON u.id = m.user_id
    WHERE s.id = step AND lower(btrim(s.responsible_organisation))
        IN (lower(btrim(u.organisation)), lower(btrim(g.organisation)))
$$;

--
-- Name: update_houseblock(uuid, jsonb, uuid, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.update_houseblock(houseblock uuid, changes jsonb, actor uuid DEFAULT NULL::uuid, edit_date date DEFAULT CURRENT_DATE) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: update_project(uuid, jsonb, uuid, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.update_project(project uuid, changes jsonb, actor uuid DEFAULT NULL::uuid, edit_date date DEFAULT CURRENT_DATE) RETURNS void
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: version_buildings(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.version_buildings(vid uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('identificatie', b.identificatie,
        'building_geometry', ST_AsGeoJSON(b.building_geometry, 15)::jsonb)), '[]')
    FROM plan.project_building b WHERE b.project_version_id = vid
$$;

--
-- Name: version_dates_trigger(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.version_dates_trigger() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.valid_from := plan.milestone_date(NEW.valid_from_milestone_id);
    NEW.valid_to := plan.milestone_date(NEW.valid_to_milestone_id);
    RETURN NEW;
END $$;

--
-- Name: version_parcels(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.version_parcels(vid uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'cadastral_municipality_code', pp.cadastral_municipality_code, 'section', pp.section,
        'parcel_number', pp.parcel_number,
        'parcel_geometry', ST_AsGeoJSON(pp.parcel_geometry, 15)::jsonb,
        'subselection', ST_AsGeoJSON(pp.subselection, 15)::jsonb)), '[]')
    FROM plan.project_parcel pp WHERE pp.project_version_id = vid
$$;

--
-- Name: version_parts(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.version_parts(vid uuid) RETURNS TABLE(kind text, label text, cadastral_municipality_code text, section text, parcel_number integer, area_m2 bigint, subselection_m2 bigint, vanished boolean, geometry jsonb, subselection jsonb)
    LANGUAGE sql STABLE
    AS $$
    SELECT 'parcel', plan.parcel_designation(pp.cadastral_municipality_code, pp.section, pp.parcel_number),
           pp.cadastral_municipality_code, pp.section, pp.parcel_number,
           round(ST_Area(pp.parcel_geometry))::bigint,
           round(ST_Area(ST_Intersection(pp.subselection, pp.parcel_geometry)))::bigint,
           EXISTS (SELECT 1 FROM plan.parcel_issue i WHERE i.project_id = v.project_id AND i.resolved_at IS NULL
                   AND (i.cadastral_municipality_code, i.section, i.parcel_number)
                       = (pp.cadastral_municipality_code, pp.section, pp.parcel_number)),
           ST_AsGeoJSON(ST_Transform(pp.parcel_geometry, 4326), 7)::jsonb,
           ST_AsGeoJSON(ST_Transform(pp.subselection, 4326), 7)::jsonb
    FROM plan.project_parcel pp JOIN plan.project_version v ON v.id = pp.project_version_id
    WHERE pp.project_version_id = vid
    UNION ALL
    SELECT 'building', b.identificatie, NULL, NULL, NULL, round(ST_Area(b.building_geometry))::bigint, NULL,
           false, ST_AsGeoJSON(ST_Transform(b.building_geometry, 4326), 7)::jsonb, NULL
    FROM plan.project_building b WHERE b.project_version_id = vid
    ORDER BY 1 DESC, 3, 4, 5, 2
$$;

--
-- Name: viewer_area(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_area(kind text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN kind = CASE plan.viewer_role() WHEN 'region_reader' THEN 'region'
                                                    WHEN 'province_reader' THEN 'province'
                                                    ELSE 'municipality' END
                THEN plan.viewer_setting(kind) END
$$;

--
-- Name: viewer_blueprint_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_blueprint_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT b.id FROM plan.dashboard_blueprint b
    WHERE b.municipality_code = plan.viewer_setting('municipality')
      AND plan.viewer_role() NOT IN ('admin', 'anonymous')
      AND (plan.viewer_role() = 'user_plus'
           OR EXISTS (SELECT 1 FROM plan.dashboard_blueprint_share s
                      WHERE s.blueprint_id = b.id AND s.user_group_id = ANY (plan.viewer_groups())))
$$;

--
-- Name: viewer_can_edit(text, uuid[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_can_edit(municipality text, owner_groups uuid[]) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT (plan.viewer_role() IN ('user_plus', 'user', 'external') AND owner_groups && plan.viewer_groups())
        OR (plan.viewer_role() = 'user_plus' AND municipality = plan.viewer_setting('municipality'))
$$;

--
-- Name: viewer_can_edit_stream(uuid, text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_can_edit_stream(project uuid, stream text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce((
        SELECT CASE WHEN stream = 'public'
                    THEN plan.viewer_role() <> 'external'
                         AND plan.viewer_can_edit(p.municipality_code, p.owner_group_ids)
                    ELSE plan.viewer_role() = 'external' AND p.owner_group_ids && plan.viewer_groups()
               END
        FROM publication.projects_at(current_date) p WHERE p.id = project), false)
$$;

--
-- Name: viewer_can_see(smallint, text, uuid[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_can_see(level smallint, municipality text, owner_groups uuid[]) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT level = 7
        OR (plan.viewer_role() IN ('user_plus', 'user', 'external')
            AND owner_groups && plan.viewer_groups())
        OR (level >= plan.role_min_level(plan.viewer_role()) AND CASE plan.viewer_role()
                WHEN 'region_reader' THEN EXISTS (
                    SELECT 1 FROM ref.municipality m
                    WHERE m.code = municipality AND m.region_code = plan.viewer_setting('region'))
                WHEN 'province_reader' THEN EXISTS (
                    SELECT 1 FROM ref.municipality m
                    WHERE m.code = municipality AND m.province_code = plan.viewer_setting('province'))
                ELSE municipality = plan.viewer_setting('municipality') END)
$$;

--
-- Name: viewer_can_see(smallint, text, text, text, uuid[]); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_can_see(level smallint, municipality text, region text, province text, owner_groups uuid[]) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT plan.can_see(level, municipality, region, province, owner_groups,
                        plan.viewer_owner_groups(), plan.viewer_min_level(),
                        plan.viewer_area('municipality'), plan.viewer_area('region'),
                        plan.viewer_area('province'))
$$;

--
-- Name: viewer_can_set_region(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_can_set_region(region text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT EXISTS (
        SELECT 1 FROM ref.region r
        WHERE r.code = region
          AND CASE plan.viewer_role()
                  WHEN 'region_reader' THEN r.code = plan.viewer_setting('region')
                  WHEN 'province_reader' THEN r.province_code = plan.viewer_setting('province')
                  ELSE false END)
$$;

--
-- Name: viewer_groups(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_groups() RETURNS uuid[]
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(nullif(current_setting('diwi.viewer_groups', true), ''), '{}')::uuid[]
$$;

--
-- Name: viewer_min_level(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_min_level() RETURNS smallint
    LANGUAGE sql STABLE
    AS $$
    SELECT plan.role_min_level(plan.viewer_role())
$$;

--
-- Name: viewer_owner_groups(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_owner_groups() RETURNS uuid[]
    LANGUAGE sql STABLE
    AS $$
    SELECT CASE WHEN plan.viewer_role() IN ('user_plus', 'user', 'external')
                THEN plan.viewer_groups() ELSE '{}' END
$$;

--
-- Name: viewer_role(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_role() RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(nullif(current_setting('diwi.viewer_role', true), ''), 'anonymous')
$$;

--
-- Name: viewer_setting(text); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.viewer_setting(name text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT nullif(current_setting('diwi.viewer_' || name, true), '')
$$;

--
-- Name: visible_access_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_access_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE
    AS $$
    SELECT a.project_id FROM publication.access_cache a
    WHERE plan.can_see_project(a.level_from, a.level_until, a.project_id, a.confidentiality_level,
                               a.municipality_code, a.region_code, a.province_code, a.owner_group_ids,
                               (SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()),
                               (SELECT plan.viewer_area('municipality')),
                               (SELECT plan.viewer_area('region')),
                               (SELECT plan.viewer_area('province')))
$$;

--
-- Name: forecast; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.forecast (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    project_id uuid NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    observed_on date NOT NULL,
    model_version text NOT NULL,
    training_projects integer NOT NULL,
    planned_end date,
    p10 date NOT NULL,
    p50 date NOT NULL,
    p90 date NOT NULL,
    drivers jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT forecast_drivers_not_array CHECK ((jsonb_typeof(drivers) = 'array'::text)),
    CONSTRAINT forecast_quantiles_out_of_order CHECK (((p10 <= p50) AND (p50 <= p90)))
);

--
-- Name: visible_forecast(uuid); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_forecast(project uuid) RETURNS SETOF plan.forecast
    LANGUAGE sql STABLE
    AS $$
    SELECT f.* FROM plan.forecast f
    WHERE f.project_id = project AND plan.project_visible_today(project)
    ORDER BY f.computed_at DESC LIMIT 1
$$;

--
-- Name: visible_houseblock_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_houseblock_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT h.id FROM plan.houseblock h
    WHERE h.project_id IN (SELECT i FROM plan.visible_access_ids() i)
$$;

--
-- Name: visible_houseblock_version_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_houseblock_version_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT v.id FROM plan.houseblock_version v
    WHERE v.houseblock_id IN (
        SELECT h.id FROM plan.houseblock h
        WHERE h.project_id IN (SELECT i FROM plan.visible_access_ids() i))
$$;

--
-- Name: visible_milestone_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_milestone_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT m.id FROM plan.milestone m
    WHERE m.project_id IN (SELECT i FROM plan.visible_access_ids() i)
$$;

--
-- Name: visible_project_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_project_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT i FROM plan.visible_access_ids() i
$$;

--
-- Name: visible_project_version_ids(); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.visible_project_version_ids() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER COST 1 ROWS 10
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT v.id FROM plan.project_version v
    WHERE v.project_id IN (SELECT i FROM plan.visible_access_ids() i)
$$;

--
-- Name: webhook_fan_out(integer); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.webhook_fan_out(batch_size integer DEFAULT 500) RETURNS integer
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: zgw_match(text, text, text[], jsonb); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.zgw_match(municipality text, zaak_url text, parcels text[], zaak_geometry jsonb) RETURNS TABLE(project_id uuid, matched_by text, reason text)
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    found_id uuid;
    area geometry;
BEGIN
    SELECT l.project_id INTO found_id FROM plan.zgw_zaak_link l
    JOIN plan.project p ON p.id = l.project_id AND p.removed_at IS NULL
    WHERE l.zaak_url = zgw_match.zaak_url AND l.municipality_code = municipality;
    IF found_id IS NOT NULL THEN RETURN QUERY SELECT found_id, 'link', NULL::text; RETURN; END IF;

    SELECT v.project_id INTO found_id
    FROM plan.project_version_at(current_date) v
    JOIN plan.project p ON p.id = v.project_id AND p.municipality_code = municipality
    JOIN plan.project_parcel pp ON pp.project_version_id = v.id
    WHERE pp.cadastral_municipality_code || ' ' || pp.section || ' ' || pp.parcel_number
          = ANY (coalesce(parcels, '{}'))
    GROUP BY v.project_id ORDER BY count(*) DESC, v.project_id LIMIT 1;
    IF found_id IS NOT NULL THEN RETURN QUERY SELECT found_id, 'parcels', NULL::text; RETURN; END IF;

    IF zaak_geometry IS NULL OR jsonb_typeof(zaak_geometry) <> 'object' THEN
        RETURN QUERY SELECT NULL::uuid, NULL::text,
            'geen koppeling, geen bekend perceel en geen zaakgeometrie'::text;
        RETURN;
    END IF;
    area := ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(zaak_geometry::text), 4326), 28992);
    SELECT v.project_id INTO found_id
    FROM plan.project_version_at(current_date) v
    JOIN plan.project p ON p.id = v.project_id AND p.municipality_code = municipality
    WHERE v.plan_area IS NOT NULL AND ST_Intersects(v.plan_area, area)
    ORDER BY ST_Area(ST_Intersection(v.plan_area, area)) DESC, v.project_id LIMIT 1;
    IF found_id IS NOT NULL THEN RETURN QUERY SELECT found_id, 'area', NULL::text; RETURN; END IF;
    RETURN QUERY SELECT NULL::uuid, NULL::text,
        'geen koppeling, geen bekend perceel en de zaakgeometrie overlapt geen plangebied'::text;
END $$;

--
-- Name: zgw_set_milestone(uuid, text, text, date); Type: FUNCTION; Schema: plan; Owner: -
--

CREATE FUNCTION plan.zgw_set_milestone(project uuid, milestone_description text, new_status text, on_date date) RETURNS jsonb
    LANGUAGE plpgsql
    AS $$
DECLARE
    actor uuid := (SELECT id FROM auth.app_user WHERE fs_uniquifier = 'system-zgw');
    cur record;
BEGIN
    SELECT m.id, mv.date, mv.status INTO cur
    FROM plan.milestone m JOIN plan.milestone_version mv ON mv.milestone_id = m.id AND mv.superseded_at IS NULL
    WHERE m.project_id = project AND lower(mv.description) = lower(milestone_description)
    ORDER BY m.id LIMIT 1;
    IF NOT FOUND THEN
        PERFORM plan.add_milestone(project, on_date, new_status, milestone_description, actor);
        RETURN jsonb_build_object('description', milestone_description, 'action', 'added',
                                  'date', on_date, 'status', new_status);
    END IF;
    IF (cur.date, cur.status) = (on_date, new_status) THEN RETURN NULL; END IF;
    PERFORM plan.set_milestone(cur.id, on_date, new_status, NULL, actor);
    RETURN jsonb_build_object('description', milestone_description, 'action', 'changed',
                              'old_date', cur.date, 'old_status', cur.status,
                              'date', on_date, 'status', new_status);
END $$;

--
-- Name: bag_address_check(date, uuid[], text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.bag_address_check(reference_date date, project_ids uuid[] DEFAULT NULL::uuid[], municipality text DEFAULT NULL::text) RETURNS TABLE(project_id uuid, name text, municipality_code text, has_plan_area boolean, bag_covered boolean, bag_as_of timestamp with time zone, bag_formed integer, bag_construction_started integer, bag_in_use_unmeasured integer, bag_in_use integer, bag_other integer, bag_other_statuses jsonb, bag_residential integer, planned_construction integer, planned_demolition integer, planned_net integer, realised_construction integer, realised_demolition integer, realised_net integer, in_use_expected integer, in_use_difference integer, flagged boolean, findings jsonb, proposed_realisation_earliest date, proposed_realisation_latest date, realised_delivery_first date, realised_delivery_last date)
    LANGUAGE sql STABLE
    AS $$
    SELECT c.project_id, c.name, c.municipality_code, c.has_plan_area,
           c.bag_covered, c.bag_as_of,
           c.bag_formed, c.bag_construction_started, c.bag_in_use_unmeasured, c.bag_in_use, c.bag_other,
           c.bag_other_statuses,
           e.addresses,
           c.planned_construction, c.planned_demolition, c.planned_construction - c.planned_demolition,
           c.realised_construction, c.realised_demolition, c.realised_construction - c.realised_demolition,
           c.realised_construction + e.standing,
           CASE WHEN c.has_plan_area AND c.bag_covered
                THEN c.bag_in_use_unmeasured + c.bag_in_use - c.realised_construction - e.standing END,
           jsonb_array_length(f.findings) > 0, f.findings,
           CASE WHEN c.bag_covered THEN c.bag_in_use_first END,
           CASE WHEN c.bag_covered THEN c.bag_in_use_last END,
           c.delivery_first, c.delivery_last
    -- OFFSET 0: each count is computed once per project, not once per use below
    FROM (SELECT * FROM publication.bag_address_counts(bag_address_check.reference_date,
                                                       bag_address_check.project_ids,
                                                       bag_address_check.municipality) OFFSET 0) c
    CROSS JOIN LATERAL (SELECT greatest(c.planned_demolition - c.realised_demolition, 0) AS standing,
                               c.bag_formed + c.bag_construction_started + c.bag_in_use_unmeasured
                                   + c.bag_in_use AS addresses) e
    CROSS JOIN LATERAL (SELECT publication.bag_check_findings(
        c.has_plan_area, c.bag_covered, e.addresses, c.bag_in_use_unmeasured + c.bag_in_use,
        c.planned_construction, c.realised_construction, e.standing) AS findings OFFSET 0) f
$$;

--
-- Name: bag_address_counts(date, uuid[], text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.bag_address_counts(reference_date date, project_ids uuid[] DEFAULT NULL::uuid[], municipality text DEFAULT NULL::text) RETURNS TABLE(project_id uuid, name text, municipality_code text, has_plan_area boolean, bag_covered boolean, bag_as_of timestamp with time zone, bag_formed integer, bag_construction_started integer, bag_in_use_unmeasured integer, bag_in_use integer, bag_other integer, bag_other_statuses jsonb, planned_construction integer, planned_demolition integer, realised_construction integer, realised_demolition integer, bag_in_use_first date, bag_in_use_last date, delivery_first date, delivery_last date)
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, p.name, p.municipality_code, p.geometry IS NOT NULL,
           coalesce(ST_Covers((SELECT ia.area FROM publication.bag_ingested_area() ia), p.geometry), false),
           (SELECT ia.as_of FROM publication.bag_ingested_area() ia),
           c.formed, c.started, c.in_use_unmeasured, c.in_use, c.other,
           c.other_statuses,
           p.construction_amount, p.demolition_amount,
           coalesce(r.construction, 0), coalesce(r.demolition, 0),
           c.in_use_first, c.in_use_last, r.delivery_first, r.delivery_last
    FROM publication.projects_at(bag_address_counts.reference_date) p
    LEFT JOIN LATERAL (
        SELECT sum(hb.amount) FILTER (WHERE hb.mutation_kind = 'construction')::integer AS construction,
               sum(hb.amount) FILTER (WHERE hb.mutation_kind = 'demolition')::integer AS demolition,
               min(hb.delivery) AS delivery_first, max(hb.delivery) AS delivery_last
        FROM (SELECT h.mutation_kind, h.amount, coalesce(h.delivery_latest, h.end_date) AS delivery
              FROM publication.houseblocks_at(bag_address_counts.reference_date) h
              WHERE h.project_id = p.id) hb
        WHERE hb.delivery < bag_address_counts.reference_date) r ON true
    -- the points of one plan area: an index scan of bag.verblijfsobject's GiST index per project,
    -- grouped by status first (one hash lookup per point), then pivoted over the few groups
    LEFT JOIN LATERAL (
        SELECT coalesce(sum(g.n - g.started) FILTER (WHERE g.status = 'Verblijfsobject gevormd'), 0)::integer AS formed,
               coalesce(sum(g.started), 0)::integer AS started,
               coalesce(sum(g.n) FILTER (WHERE g.status = 'Verblijfsobject in gebruik (niet ingemeten)'), 0)::integer
                   AS in_use_unmeasured,
               coalesce(sum(g.n) FILTER (WHERE g.status = 'Verblijfsobject in gebruik'), 0)::integer AS in_use,
               coalesce(sum(g.n) FILTER (WHERE NOT g.regular), 0)::integer AS other,
               coalesce(jsonb_object_agg(coalesce(g.status, 'onbekend'), g.n) FILTER (WHERE NOT g.regular), '{}')
                   AS other_statuses,
               min(g.first) FILTER (WHERE g.in_use) AS in_use_first,
               max(g.last) FILTER (WHERE g.in_use) AS in_use_last
        FROM (SELECT v.status, count(*) AS n,
                     coalesce(v.status IN ('Verblijfsobject gevormd', 'Verblijfsobject in gebruik',
                                           'Verblijfsobject in gebruik (niet ingemeten)'), false) AS regular,
                     coalesce(v.status IN ('Verblijfsobject in gebruik',
                                           'Verblijfsobject in gebruik (niet ingemeten)'), false) AS in_use,
                     count(*) FILTER (WHERE v.status = 'Verblijfsobject gevormd' AND (
                         CASE WHEN cardinality(v.pandidentificatie) > 0
                              THEN EXISTS (SELECT 1 FROM bag.pand b
                                           WHERE b.identificatie = ANY (v.pandidentificatie)
                                             AND b.status = 'Bouw gestart')
                              ELSE EXISTS (SELECT 1 FROM bag.pand b
                                           WHERE b.feature_id = ANY (publication.bag_href_ids(v.pand_href))
                                             AND b.status = 'Bouw gestart') END)) AS started,
                     min(v.documentdatum) AS first, max(v.documentdatum) AS last
              FROM bag.verblijfsobject v
              WHERE ST_Intersects(v.geometry, p.geometry) AND v.gebruiksdoel LIKE '%woonfunctie%'
              GROUP BY v.status) g) c ON p.geometry IS NOT NULL
    WHERE (bag_address_counts.project_ids IS NULL OR p.id = ANY (bag_address_counts.project_ids))
      AND (bag_address_counts.municipality IS NULL OR p.municipality_code = bag_address_counts.municipality)
$$;

--
-- Name: bag_check_findings(boolean, boolean, integer, integer, integer, integer, integer); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.bag_check_findings(has_plan_area boolean, covered boolean, addresses integer, in_use integer, construction integer, realised_construction integer, standing integer) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN NOT has_plan_area THEN jsonb_build_array(jsonb_build_object(
            'code', 'no_plan_area', 'message', 'Geen plangebied: niet te controleren.'))
        WHEN NOT covered THEN jsonb_build_array(jsonb_build_object(
            'code', 'no_bag_data',
            'message', 'Het plangebied valt (deels) buiten de ingelezen BAG: niet te controleren.'))
        ELSE to_jsonb(array_remove(ARRAY[
            CASE WHEN in_use > realised_construction + standing THEN jsonb_build_object(
                'code', 'in_use_not_realised', 'difference', in_use - realised_construction - standing,
                'message', format('BAG telt %s woningen in gebruik, %s: %s woningen lijken opgeleverd maar niet als gerealiseerd geregistreerd.',
                                  in_use, publication.bag_check_registered(realised_construction, standing),
                                  in_use - realised_construction - standing)) END,
            CASE WHEN in_use < realised_construction + standing THEN jsonb_build_object(
                'code', 'realised_not_in_use', 'difference', in_use - realised_construction - standing,
                'message', format('BAG telt %s woningen in gebruik, %s: %s woningen staan (nog) niet als in gebruik in de BAG%s.',
                                  in_use, publication.bag_check_registered(realised_construction, standing),
                                  realised_construction + standing - in_use,
                                  CASE WHEN standing > 0 THEN ' of zijn al gesloopt' ELSE '' END)) END,
            CASE WHEN addresses > construction + standing THEN jsonb_build_object(
                'code', 'more_addresses_than_plan', 'difference', addresses - construction - standing,
                'message', format('BAG telt meer adressen dan het plan (%s woonadressen, het plan %s%s): mogelijk bestaande woningen in het plangebied.',
                                  addresses, construction + standing,
                                  CASE WHEN standing > 0 THEN format(' waarvan %s nog te slopen', standing) ELSE '' END)) END
        ], NULL)) END
$$;

--
-- Name: bag_check_registered(integer, integer); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.bag_check_registered(realised_construction integer, standing integer) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN standing = 0 THEN format('DIWI registreert %s als opgeleverd', realised_construction)
                ELSE format('DIWI verwacht er %s (%s opgeleverd, %s nog te slopen)',
                            realised_construction + standing, realised_construction, standing) END
$$;

--
-- Name: bag_href_ids(text[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.bag_href_ids(hrefs text[]) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT ARRAY(SELECT regexp_replace(h, '^.*/', '') FROM unnest(hrefs) h)
$$;

--
-- Name: bag_ingested_area(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.bag_ingested_area() RETURNS TABLE(area public.geometry, as_of timestamp with time zone)
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 1
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT ST_Union(r.area_geometry), max(r.finished_at)
    FROM ingest.run r
    WHERE r.source = 'bag' AND r.status = 'succeeded'
    HAVING count(*) > 0
$$;

--
-- Name: cache_is_fresh(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.cache_is_fresh() RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce((SELECT as_of = current_date FROM publication.cache_state), false)
$$;

--
-- Name: capacity_at(date, timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.capacity_at(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(project_id uuid, construction integer, demolition integer, houseblocks integer)
    LANGUAGE sql STABLE
    AS $$
    SELECT h.project_id,
           (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction'))::integer,
           (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'demolition'))::integer,
           count(*)::integer
    FROM plan.houseblock_version_at(reference_date, as_recorded) hv
    JOIN plan.houseblock h ON h.id = hv.houseblock_id
    GROUP BY h.project_id
$$;

--
-- Name: changed_fields(jsonb, jsonb, text[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.changed_fields(old jsonb, new jsonb, skip text[]) RETURNS TABLE(field text, old_value jsonb, new_value jsonb)
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT k, old->k, new->k
    FROM jsonb_object_keys(old || new) k
    WHERE old IS NOT NULL AND k <> ALL (skip) AND (old->k) IS DISTINCT FROM (new->k)
    UNION ALL
    SELECT '_created', NULL, NULL WHERE old IS NULL
$$;

--
-- Name: current_level(uuid, timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.current_level(project uuid, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS smallint
    LANGUAGE sql STABLE
    AS $$
    SELECT v.confidentiality_level FROM plan.project_version_at(current_date, as_recorded) v
    WHERE v.project_id = project
$$;

--
-- Name: dashboard(text, date, jsonb, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard(component text, reference_date date, filters jsonb DEFAULT '{}'::jsonb, options jsonb DEFAULT '{}'::jsonb) RETURNS jsonb
    LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
DECLARE
    f jsonb := coalesce(filters, '{}');
    o jsonb := coalesce(options, '{}');
    k integer;
    buckets publication.dashboard_bucket[];
    merged jsonb;
    roles text[];
    projects publication.dashboard_project[];
BEGIN
    IF reference_date IS NULL THEN
        RAISE EXCEPTION 'dashboard_reference_date_missing' USING ERRCODE = '22004';
    END IF;
    SELECT c.roles INTO roles FROM publication.dashboard_components() c WHERE c.key = component;
    IF roles IS NULL THEN
        RAISE EXCEPTION 'dashboard_component_unknown' USING ERRCODE = '22023', DETAIL = component;
    END IF;
    IF NOT plan.viewer_role() = ANY (roles) THEN
        RAISE EXCEPTION 'dashboard_component_not_allowed' USING ERRCODE = '42501', DETAIL = component;
    END IF;
    k := publication.dashboard_min_bucket(f);
    -- the counted projects, read once and shared by the rows, the totals and the details
    projects := ARRAY(SELECT p FROM publication.dashboard_projects(reference_date, f) p);
    CASE component
        WHEN 'capacity' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_capacity(reference_date, projects) r);
        WHEN 'phase', 'map' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_phase(reference_date, projects) r);
        WHEN 'planning_status' THEN buckets := ARRAY(
            SELECT r FROM publication.dashboard_rows_planning_status(reference_date, projects,
                                                                     coalesce(o ->> 'group' = 'hard_soft', false)) r);
        WHEN 'target_group', 'physical_appearance', 'house_type' THEN buckets := ARRAY(
            SELECT r FROM publication.dashboard_rows_breakdown(reference_date, projects, component) r);
        WHEN 'ownership' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_ownership(reference_date, projects) r);
        WHEN 'price_purchase' THEN buckets := ARRAY(
            SELECT r FROM publication.dashboard_rows_price(reference_date, projects, 'purchase') r);
        WHEN 'price_rent' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_price(reference_date, projects, 'rent') r);
        WHEN 'deliveries' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_deliveries(reference_date, projects, o) r);
        WHEN 'delayed' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_delayed(reference_date, projects) r);
        WHEN 'bag_check' THEN buckets := ARRAY(SELECT r FROM publication.dashboard_rows_bag_check(reference_date, projects) r);
    END CASE;
    merged := publication.dashboard_merge(buckets, k);
    RETURN jsonb_build_object(
        'component', component, 'reference_date', reference_date,
        'unit', CASE WHEN component IN ('phase', 'planning_status', 'map', 'delayed', 'bag_check')
                     THEN 'projects' ELSE 'dwellings' END,
        'rows', merged -> 'rows',
        'totals', publication.dashboard_totals(reference_date, projects, k),
        'suppressed', jsonb_build_object('buckets', merged -> 'buckets', 'projects', merged -> 'projects'),
        'min_bucket', k,
        'filters', f,
        'details', CASE WHEN component IN ('delayed', 'map', 'bag_check')
                             THEN publication.dashboard_details(component, reference_date, projects,
                                                                coalesce(o ->> 'geometry', '') <> 'centroid')
                        WHEN (o ->> 'details')::boolean
                             THEN publication.dashboard_details('projects', reference_date, projects)
                        ELSE '[]' END);
END $$;

--
-- Name: dashboard_add_series(jsonb, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_add_series(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT coalesce(jsonb_object_agg(e.key, e.total), '{}')
    FROM (SELECT s.key, sum(s.value::numeric) AS total
          FROM (SELECT * FROM jsonb_each(coalesce(a, '{}')) UNION ALL SELECT * FROM jsonb_each(coalesce(b, '{}'))) s
          WHERE jsonb_typeof(s.value) = 'number'
          GROUP BY s.key) e
$$;

--
-- Name: dashboard_bag_findings(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_bag_findings(reference_date date, projects publication.dashboard_project[]) RETURNS TABLE(project_id uuid, name text, code text, message text, difference integer, dwellings integer)
    LANGUAGE sql STABLE
    AS $$
    SELECT c.project_id, c.name, coalesce(f ->> 'code', 'no_difference'),
           coalesce(f ->> 'message', 'Geen verschil met de BAG.'), (f ->> 'difference')::integer,
           c.planned_construction
    FROM publication.bag_address_check(
        reference_date,
        ARRAY(SELECT p.id FROM unnest(projects) p WHERE p.visible)) c
    LEFT JOIN LATERAL jsonb_array_elements(c.findings) f ON true
$$;

--
-- Name: dashboard_bucket_of(text, text, integer, uuid[], uuid[], numeric, numeric); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_bucket_of(key text, label text, sort_order integer, project_ids uuid[], hidden_ids uuid[], construction numeric, demolition numeric) RETURNS publication.dashboard_bucket
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT ROW(key, label, sort_order, coalesce(project_ids, '{}'), coalesce(hidden_ids, '{}'),
               coalesce(construction, 0)::bigint,
               jsonb_build_object('construction', coalesce(construction, 0),
                                  'demolition', coalesce(demolition, 0),
                                  'net', coalesce(construction, 0) - coalesce(demolition, 0)))::publication.dashboard_bucket
$$;

--
-- Name: dashboard_capacity_cells(date, jsonb, double precision); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_capacity_cells(reference_date date, filters jsonb DEFAULT '{}'::jsonb, cell_size double precision DEFAULT 100) RETURNS TABLE(geometry public.geometry, projects integer, net_dwellings integer, suppressed boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT ST_MakeEnvelope(c.i * cell_size, c.j * cell_size, (c.i + 1) * cell_size, (c.j + 1) * cell_size,
                           28992)::geometry(Polygon, 28992),
           CASE WHEN c.suppressed THEN NULL ELSE c.projects END,
           CASE WHEN c.suppressed THEN NULL ELSE c.net END, c.suppressed
    FROM (SELECT floor(ST_X(s.point) / cell_size)::bigint AS i, floor(ST_Y(s.point) / cell_size)::bigint AS j,
                 count(*)::integer AS projects, sum(p.net)::integer AS net,
                 count(*) FILTER (WHERE NOT p.visible) > 0
                     AND count(*) < publication.dashboard_min_bucket(coalesce(filters, '{}')) AS suppressed
          FROM publication.dashboard_projects(reference_date, coalesce(filters, '{}')) p
          CROSS JOIN LATERAL (SELECT ST_PointOnSurface(p.geometry) AS point) s
          WHERE p.geometry IS NOT NULL AND cell_size > 0
          GROUP BY 1, 2) c
$$;

--
-- Name: dashboard_capacity_points(date, jsonb, double precision); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_capacity_points(reference_date date, filters jsonb DEFAULT '{}'::jsonb, cell_size double precision DEFAULT 100) RETURNS TABLE(geometry public.geometry, net_dwellings integer, visible boolean)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT CASE WHEN p.visible THEN s.point
                ELSE ST_SetSRID(ST_MakePoint((floor(ST_X(s.point) / cell_size) + 0.5) * cell_size,
                                             (floor(ST_Y(s.point) / cell_size) + 0.5) * cell_size), 28992) END,
           p.net, p.visible
    FROM publication.dashboard_projects(reference_date, coalesce(filters, '{}')) p
    CROSS JOIN LATERAL (SELECT ST_PointOnSurface(p.geometry)::geometry(Point, 28992) AS point) s
    WHERE p.geometry IS NOT NULL AND cell_size > 0
$$;

--
-- Name: dashboard_components(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_components() RETURNS TABLE(key text, label_nl text, kind text, roles text[])
    LANGUAGE sql IMMUTABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT c.key, c.label_nl, c.kind, c2.roles FROM (VALUES
        (1, 'capacity', 'Totaal aantallen (plancapaciteit)', 'kpi', 'all'),
        (2, 'phase', 'Projectfases', 'chart', 'all'),
        (3, 'planning_status', 'Planstatus', 'chart', 'all'),
        (4, 'target_group', 'Doelgroepen', 'chart', 'internal'),
        (5, 'physical_appearance', 'Fysiek voorkomen', 'chart', 'internal'),
        (6, 'house_type', 'Woningtype', 'chart', 'internal'),
        (7, 'ownership', 'Eigendom', 'chart', 'internal'),
        (8, 'price_purchase', 'Koop per prijscategorie', 'chart', 'internal'),
        (9, 'price_rent', 'Huur per prijscategorie', 'chart', 'internal'),
        (10, 'deliveries', 'Opleveringen per jaar', 'chart', 'all'),
        (11, 'delayed', 'Vertraagde projecten', 'table', 'municipal'),
        (12, 'map', 'Kaart van projecten', 'map', 'all'),
        (13, 'bag_check', 'Controle met de BAG', 'table', 'civil')
    ) AS c (n, key, label_nl, kind, audience)
    CROSS JOIN LATERAL (SELECT CASE c.audience
        WHEN 'all' THEN ARRAY['user_plus', 'user', 'management', 'council', 'external', 'region_reader',
                              'province_reader', 'anonymous']
        WHEN 'internal' THEN ARRAY['user_plus', 'user', 'management', 'council', 'external',
                                   'region_reader', 'province_reader']
        WHEN 'municipal' THEN ARRAY['user_plus', 'user', 'management', 'council', 'external']
        ELSE ARRAY['user_plus', 'user', 'management'] END AS roles) c2(roles)
    ORDER BY c.n
$$;

--
-- Name: dashboard_count_area(jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_count_area(filters jsonb) RETURNS SETOF text
    LANGUAGE sql STABLE
    AS $$
    SELECT m.code FROM ref.municipality m
    WHERE CASE plan.viewer_role()
              WHEN 'region_reader' THEN m.region_code = plan.viewer_setting('region')
              WHEN 'province_reader' THEN m.province_code = plan.viewer_setting('province')
              WHEN 'anonymous' THEN m.code = filters ->> 'municipality_code'
              WHEN 'external' THEN false  -- a partner outside the municipality counts what it sees
              ELSE m.code = plan.viewer_setting('municipality') END
$$;

--
-- Name: dashboard_custom_match(jsonb, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_custom_match(custom_values jsonb, wanted jsonb) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT wanted IS NULL OR jsonb_typeof(wanted) <> 'object' OR NOT EXISTS (
        SELECT 1 FROM jsonb_each(wanted) w
        WHERE NOT EXISTS (
            SELECT 1 FROM jsonb_array_elements(CASE jsonb_typeof(w.value) WHEN 'array' THEN w.value
                                                    ELSE jsonb_build_array(w.value) END) e
            WHERE custom_values -> w.key = e.value
               OR (jsonb_typeof(custom_values -> w.key) = 'array'
                   AND custom_values -> w.key @> jsonb_build_array(e.value))
               OR (custom_values ->> w.key) = (e.value #>> '{}')))
$$;

--
-- Name: dashboard_delays(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_delays(reference_date date, projects publication.dashboard_project[]) RETURNS TABLE(project_id uuid, name text, visible boolean, kind text, reason text, milestone_date date, dwellings integer)
    LANGUAGE sql STABLE
    AS $$
    WITH p AS (SELECT * FROM unnest(projects)),
    -- the usual durations once per municipality, not once per project
    u AS (SELECT m.code, d.phase, d.months
          FROM (SELECT DISTINCT p.municipality_code AS code FROM p) m
          CROSS JOIN LATERAL publication.dashboard_usual_phase_months(m.code) d)
    SELECT p.id, p.name, p.visible, 'milestone_overdue',
           format('Mijlpaal ''%s'' gepland op %s is niet gerealiseerd',
                  coalesce(nullif(btrim(mv.description), ''), 'zonder omschrijving'),
                  to_char(mv.date, 'DD-MM-YYYY')),
           mv.date, p.construction
    FROM p
    JOIN plan.milestone m ON m.project_id = p.id
    CROSS JOIN LATERAL plan.milestone_as_known(m.id, (SELECT plan.as_recorded_on(reference_date))) mv
    WHERE mv.date < reference_date AND mv.status IN ('planned', 'forecast')
    UNION ALL
    SELECT p.id, p.name, p.visible, 'phase_too_long',
           format('Fase ''%s'' duurt al %s maanden (gebruikelijk %s)',
                  regexp_replace(p.phase_label, '^[0-9]+ ', ''), s.months, u.months),
           NULL, p.construction
    FROM p
    CROSS JOIN LATERAL (
        WITH v AS (SELECT * FROM publication.dashboard_phase_periods(p.id, reference_date))
        SELECT (extract(year FROM age(reference_date, min(v.valid_from))) * 12
                + extract(month FROM age(reference_date, min(v.valid_from))))::integer AS months
        FROM v
        WHERE v.valid_from > coalesce((SELECT max(w.valid_from) FROM v w WHERE w.phase <> p.phase),
                                      '-infinity')) s
    JOIN u ON u.code = p.municipality_code AND u.phase = p.phase
    WHERE p.status = 'running' AND s.months > u.months
$$;

--
-- Name: dashboard_delivery_status(date, date, text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_delivery_status(reference_date date, delivery date, end_status text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE WHEN end_status = 'aborted' THEN NULL
                WHEN delivery < reference_date AND end_status = 'realised' THEN 'realised'
                WHEN end_status = 'forecast' THEN 'forecast'
                ELSE 'planned' END
$$;

--
-- Name: dashboard_details(text, date, publication.dashboard_project[], boolean); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_details(component text, reference_date date, projects publication.dashboard_project[], outlines boolean DEFAULT true) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN coalesce(CASE component
        WHEN 'delayed' THEN (
            SELECT jsonb_agg(jsonb_build_object('project_id', d.project_id, 'name', d.name, 'kind', d.kind,
                                                'reason', d.reason, 'milestone_date', d.milestone_date)
                             ORDER BY d.name, d.kind, d.milestone_date)
            FROM publication.dashboard_delays(reference_date, projects) d WHERE d.visible)
        WHEN 'map' THEN (
            SELECT jsonb_agg(jsonb_build_object(
                       'project_id', p.id, 'name', p.name, 'phase', p.phase, 'phase_label', p.phase_label,
                       'colour', publication.phase_colour(p.phase), 'project_colour', p.colour,
                       'planning_status', p.planning_status, 'dwellings', p.construction, 'net', p.net,
                       'geometry', CASE WHEN outlines THEN ST_AsGeoJSON(ST_Transform(p.geometry, 4326), 6)::jsonb END,
                       'centroid', ST_AsGeoJSON(ST_Transform(ST_PointOnSurface(p.geometry), 4326), 6)::jsonb)
                   ORDER BY p.name, p.id)
            FROM unnest(projects) p WHERE p.visible)
        WHEN 'bag_check' THEN (
            SELECT jsonb_agg(jsonb_build_object('project_id', b.project_id, 'name', b.name, 'code', b.code,
                                                'message', b.message, 'difference', b.difference)
                             ORDER BY b.name, b.code)
            FROM publication.dashboard_bag_findings(reference_date, projects) b WHERE b.code <> 'no_difference')
        WHEN 'projects' THEN (
            SELECT jsonb_agg(jsonb_build_object('project_id', p.id, 'name', p.name, 'phase', p.phase,
                                                'planning_status', p.planning_status,
                                                'dwellings', p.construction, 'net', p.net)
                             ORDER BY p.name, p.id)
            FROM unnest(projects) p WHERE p.visible)
        END, '[]');
END $$;

--
-- Name: dashboard_houseblocks(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_houseblocks(reference_date date, projects publication.dashboard_project[]) RETURNS TABLE(project_id uuid, visible boolean, municipality_code text, counts_as_plan_capacity boolean, version_id uuid, mutation_kind text, amount integer, delivery date, end_status text)
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, p.visible, p.municipality_code, p.counts_as_plan_capacity,
           hv.id, hv.mutation_kind, hv.amount, coalesce(hv.delivery_latest, ms.date, h.end_date), ms.status
    FROM unnest(projects) p
    JOIN plan.houseblock h ON h.project_id = p.id AND h.removed_at IS NULL
    CROSS JOIN LATERAL (
        SELECT x.id, x.mutation_kind, x.amount, x.delivery_latest FROM plan.houseblock_version x
        WHERE x.houseblock_id = h.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(dashboard_houseblocks.reference_date, h.start_date, h.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) hv
    LEFT JOIN LATERAL plan.milestone_as_known(
        h.end_milestone_id, plan.as_recorded_on(dashboard_houseblocks.reference_date)) ms ON true
$$;

--
-- Name: dashboard_list(jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_list(value jsonb) RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE jsonb_typeof(value)
               WHEN 'array' THEN nullif(ARRAY(SELECT jsonb_array_elements_text(value)), '{}')
               WHEN 'string' THEN ARRAY[value #>> '{}'] END
$$;

--
-- Name: dashboard_merge(publication.dashboard_bucket[], integer); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_merge(buckets publication.dashboard_bucket[], k integer) RETURNS jsonb
    LANGUAGE plpgsql IMMUTABLE
    AS $$
DECLARE
    b publication.dashboard_bucket;
    keep publication.dashboard_bucket[] := '{}';
    other publication.dashboard_bucket := ROW('_other', 'Overig (samengevoegd)', 1000000, '{}', '{}', 0, '{}');
    merged integer := 0;
    smallest integer;
    other_suppressed boolean;
BEGIN
    FOREACH b IN ARRAY coalesce(buckets, '{}') LOOP
        IF cardinality(b.hidden_ids) > 0 AND cardinality(b.project_ids) < k THEN
            other := publication.dashboard_merge_into(other, b);
            merged := merged + 1;
        ELSE
            keep := keep || b;
        END IF;
    END LOOP;
    -- while the merged bucket would single out a project, the smallest other buckets join it
    WHILE merged > 0 AND cardinality(other.project_ids) < k LOOP
        SELECT i INTO smallest FROM generate_subscripts(keep, 1) i
        WHERE cardinality(keep[i].project_ids) > 0
        ORDER BY cardinality(keep[i].project_ids), keep[i].sort_order LIMIT 1;
        EXIT WHEN smallest IS NULL;
        other := publication.dashboard_merge_into(other, keep[smallest]);
        keep := keep[:smallest - 1] || keep[smallest + 1:];
        merged := merged + 1;
    END LOOP;
    other_suppressed := cardinality(other.project_ids) < k;
    RETURN jsonb_build_object(
        'rows', coalesce((SELECT jsonb_agg(publication.dashboard_row_json(r, false) ORDER BY r.sort_order, r.key)
                          FROM unnest(keep) r), '[]')
                || CASE WHEN merged > 0 THEN jsonb_build_array(publication.dashboard_row_json(other, other_suppressed))
                        ELSE '[]' END,
        'buckets', merged,
        'projects', CASE WHEN merged > 0 AND NOT other_suppressed THEN cardinality(other.project_ids)
                         WHEN merged = 0 THEN 0 END);
END $$;

--
-- Name: dashboard_merge_into(publication.dashboard_bucket, publication.dashboard_bucket); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_merge_into(other publication.dashboard_bucket, b publication.dashboard_bucket) RETURNS publication.dashboard_bucket
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT ROW(other.key, other.label, other.sort_order,
               ARRAY(SELECT DISTINCT u FROM unnest(other.project_ids || b.project_ids) u),
               ARRAY(SELECT DISTINCT u FROM unnest(other.hidden_ids || b.hidden_ids) u),
               other.dwellings + b.dwellings,
               publication.dashboard_add_series(other.series, b.series))::publication.dashboard_bucket
$$;

--
-- Name: dashboard_min_bucket(jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_min_bucket(filters jsonb) RETURNS integer
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(max(coalesce(s.dashboard_min_bucket, 3)), 3)::integer
    FROM ref.municipality m
    LEFT JOIN auth.municipality_setting s ON s.municipality_code = m.code
    WHERE CASE WHEN filters ->> 'municipality_code' IS NOT NULL THEN m.code = filters ->> 'municipality_code'
               ELSE m.code IN (SELECT publication.dashboard_count_area(filters)) END
$$;

--
-- Name: dashboard_phase_periods(uuid, date); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_phase_periods(project uuid, reference_date date) RETURNS TABLE(phase text, valid_from date)
    LANGUAGE sql STABLE
    AS $$
    SELECT x.phase, x.valid_from
    FROM (SELECT plan.as_recorded_on(reference_date) AS moment) r
    JOIN plan.project_version x ON x.project_id = project AND x.superseded_at IS NULL
    WHERE r.moment IS NULL AND x.valid_from < x.valid_to AND x.valid_from <= reference_date
    UNION ALL
    SELECT x.phase, f.date
    FROM (SELECT plan.as_recorded_on(reference_date) AS moment) r
    JOIN plan.project_version x ON x.project_id = project AND x.superseded_at IS NULL
    CROSS JOIN LATERAL plan.milestone_as_known(x.valid_from_milestone_id, r.moment) f
    CROSS JOIN LATERAL plan.milestone_as_known(x.valid_to_milestone_id, r.moment) t
    WHERE r.moment IS NOT NULL AND f.date < t.date AND f.date <= reference_date
$$;

--
-- Name: dashboard_price_bucket(text, text, date, uuid, bigint, int8range); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_price_bucket(price_kind text, municipality text, delivery date, category_id uuid, price_cents bigint, price_range_cents int8range) RETURNS TABLE(name text, min_cents bigint)
    LANGUAGE sql STABLE
    AS $$
    SELECT c.name, c.min_cents FROM plan.price_category c
    WHERE category_id IS NOT NULL AND c.id = category_id
    UNION ALL
    SELECT coalesce(m.name, 'Zonder categorie'), m.min_cents
    FROM (SELECT coalesce(price_cents, CASE WHEN upper_inf(price_range_cents) THEN lower(price_range_cents)
                                            ELSE (lower(price_range_cents) + upper(price_range_cents) - 1) / 2 END)
                 AS value) v
    LEFT JOIN LATERAL (
        SELECT c.name, c.min_cents FROM plan.price_category c
        WHERE c.price_kind = dashboard_price_bucket.price_kind
          AND (c.municipality_code = municipality OR c.municipality_code IS NULL)
          AND c.valid_from <= delivery AND (c.valid_to IS NULL OR delivery < c.valid_to)
          AND v.value >= c.min_cents AND (c.max_cents IS NULL OR v.value <= c.max_cents)
        ORDER BY c.municipality_code NULLS LAST, c.min_cents LIMIT 1) m ON true
    WHERE category_id IS NULL AND v.value IS NOT NULL
    UNION ALL
    SELECT 'Prijs onbekend', NULL
    WHERE category_id IS NULL AND price_cents IS NULL AND price_range_cents IS NULL
$$;

--
-- Name: dashboard_projects(date, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_projects(reference_date date, filters jsonb) RETURNS SETOF publication.dashboard_project
    LANGUAGE sql STABLE
    AS $$
    SELECT b.id, b.name, b.municipality_code, b.phase, b.phase_label,
           b.planning_status, b.planning_status_hard, b.counts_as_plan_capacity,
           b.plan_types, b.district_codes, b.neighbourhood_codes,
           coalesce(k.start_date, b.start_date), coalesce(k.end_date, b.end_date),
           CASE WHEN k.id IS NULL THEN b.status
                WHEN dashboard_projects.reference_date < k.start_date THEN 'future'
                WHEN dashboard_projects.reference_date >= k.end_date THEN 'completed' ELSE 'running' END,
           b.construction_amount, b.demolition_amount, b.gross_plan_capacity, b.net_plan_capacity,
           b.colour, b.geometry, x.visible
    FROM (SELECT c.* FROM publication.project_cache c
          WHERE dashboard_projects.reference_date = current_date AND publication.cache_is_fresh()
          UNION ALL
          SELECT p.* FROM publication.projects_base(dashboard_projects.reference_date) p
          WHERE NOT (dashboard_projects.reference_date = current_date AND publication.cache_is_fresh())) b
    -- at a past reference date: the start and end (and so the status) as recorded then
    LEFT JOIN LATERAL (
        SELECT pr.id, s.date AS start_date, e.date AS end_date
        FROM (SELECT plan.as_recorded_on(dashboard_projects.reference_date) AS moment) r
        JOIN plan.project pr ON pr.id = b.id
        CROSS JOIN LATERAL plan.milestone_as_known(pr.start_milestone_id, r.moment) s
        CROSS JOIN LATERAL plan.milestone_as_known(pr.end_milestone_id, r.moment) e
        WHERE r.moment IS NOT NULL) k ON true
    CROSS JOIN LATERAL (SELECT plan.can_see(
        b.confidentiality_rank, b.municipality_code, b.region_code, b.province_code, b.owner_group_ids,
        (SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()),
        (SELECT plan.viewer_area('municipality')), (SELECT plan.viewer_area('region')),
        (SELECT plan.viewer_area('province'))) AS visible) x
    WHERE (x.visible OR (b.confidentiality_rank >= 2
                         AND b.municipality_code IN (SELECT publication.dashboard_count_area(filters))))
      AND (filters ->> 'municipality_code' IS NULL OR b.municipality_code = filters ->> 'municipality_code')
      AND (publication.dashboard_list(filters -> 'district_codes') IS NULL
           OR b.district_codes && publication.dashboard_list(filters -> 'district_codes'))
      AND (publication.dashboard_list(filters -> 'neighbourhood_codes') IS NULL
           OR b.neighbourhood_codes && publication.dashboard_list(filters -> 'neighbourhood_codes'))
      AND (publication.dashboard_list(filters -> 'phases') IS NULL
           OR b.phase = ANY (publication.dashboard_list(filters -> 'phases')))
      AND CASE WHEN filters ->> 'planning_status' = 'hard' THEN coalesce(b.planning_status_hard, false)
               WHEN filters ->> 'planning_status' = 'soft' THEN NOT coalesce(b.planning_status_hard, false)
               WHEN jsonb_typeof(filters -> 'planning_status') = 'array'
                   THEN b.planning_status = ANY (publication.dashboard_list(filters -> 'planning_status'))
               ELSE true END
      AND (publication.dashboard_list(filters -> 'plan_types') IS NULL
           OR b.plan_types && publication.dashboard_list(filters -> 'plan_types'))
      AND (publication.dashboard_list(filters -> 'owner_group_ids') IS NULL
           OR b.owner_group_ids && publication.dashboard_list(filters -> 'owner_group_ids')::uuid[])
      AND (publication.dashboard_list(filters -> 'project_ids') IS NULL
           OR b.id = ANY (publication.dashboard_list(filters -> 'project_ids')::uuid[]))
      AND publication.dashboard_custom_match(b.custom_values, filters -> 'custom')
$$;

--
-- Name: dashboard_row_json(publication.dashboard_bucket, boolean); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_row_json(b publication.dashboard_bucket, suppressed boolean) RETURNS jsonb
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT jsonb_build_object('key', b.key, 'label', b.label,
                              'projects', CASE WHEN NOT suppressed THEN cardinality(b.project_ids) END,
                              'dwellings', CASE WHEN NOT suppressed THEN b.dwellings END,
                              'series', CASE WHEN NOT suppressed THEN b.series END,
                              'suppressed', suppressed)
$$;

--
-- Name: dashboard_rows_bag_check(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_bag_check(reference_date date, projects publication.dashboard_project[]) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    SELECT k.code, k.label, k.sort_order, coalesce(g.ids, '{}'), '{}'::uuid[], coalesce(g.dwellings, 0),
           jsonb_build_object('difference', coalesce(g.difference, 0))
    FROM (VALUES ('in_use_not_realised', 'In gebruik, niet als gerealiseerd geregistreerd', 1),
                 ('realised_not_in_use', 'Gerealiseerd, niet in gebruik in de BAG', 2),
                 ('more_addresses_than_plan', 'Meer BAG-adressen dan het plan', 3),
                 ('no_plan_area', 'Geen plangebied', 4),
                 ('no_bag_data', 'Buiten de ingelezen BAG', 5),
                 ('no_difference', 'Geen verschil', 6)) AS k (code, label, sort_order)
    LEFT JOIN (SELECT b.code, array_agg(DISTINCT b.project_id) AS ids, sum(b.dwellings) AS dwellings,
                      sum(b.difference) AS difference
               FROM publication.dashboard_bag_findings(reference_date, projects) b GROUP BY b.code) g
        ON g.code = k.code
$$;

--
-- Name: dashboard_rows_breakdown(date, publication.dashboard_project[], text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_breakdown(reference_date date, projects publication.dashboard_project[], property_key text) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH hb AS (SELECT * FROM publication.dashboard_houseblocks(reference_date, projects)),
    parts AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, o.code, bd.amount::bigint AS amount
        FROM hb
        JOIN plan.houseblock_breakdown bd ON bd.houseblock_version_id = hb.version_id
        JOIN plan.property_option o ON o.id = bd.option_id
        JOIN plan.property pr ON pr.id = o.property_id AND pr.key = property_key
        UNION ALL
        SELECT hb.project_id, hb.visible, hb.mutation_kind, 'unknown',
               greatest(hb.amount - coalesce((
                   SELECT sum(bd.amount) FROM plan.houseblock_breakdown bd
                   JOIN plan.property_option o ON o.id = bd.option_id
                   JOIN plan.property pr ON pr.id = o.property_id AND pr.key = property_key
                   WHERE bd.houseblock_version_id = hb.version_id), 0), 0)
        FROM hb),
    g AS (
        SELECT parts.code, array_agg(DISTINCT parts.project_id) AS ids,
               array_agg(DISTINCT parts.project_id) FILTER (WHERE NOT parts.visible) AS hidden,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'construction') AS construction,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'demolition') AS demolition
        FROM parts WHERE parts.amount > 0 GROUP BY parts.code),
    k AS (
        SELECT o.code, o.label_nl AS label, o.sort_order FROM plan.property_option o
        JOIN plan.property pr ON pr.id = o.property_id AND pr.key = property_key
        WHERE o.disabled_at IS NULL OR o.code IN (SELECT g.code FROM g)
        UNION ALL
        SELECT 'unknown', 'Onbekend', 999)
    SELECT (publication.dashboard_bucket_of(k.code, k.label, k.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM k LEFT JOIN g ON g.code = k.code
$$;

--
-- Name: dashboard_rows_capacity(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_capacity(reference_date date, projects publication.dashboard_project[]) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH p AS (SELECT p.id, p.visible, k.code, k.label, k.sort_order,
                      CASE k.code WHEN 'construction' THEN p.construction ELSE p.demolition END AS amount
               FROM unnest(projects) p
               CROSS JOIN (VALUES ('construction', 'Bouw (bruto plancapaciteit)', 1), ('demolition', 'Sloop', 2))
                   AS k (code, label, sort_order)
               WHERE p.counts_as_plan_capacity)
    SELECT p.code, min(p.label), min(p.sort_order),
           coalesce(array_agg(p.id) FILTER (WHERE p.amount > 0), '{}'),
           coalesce(array_agg(p.id) FILTER (WHERE p.amount > 0 AND NOT p.visible), '{}'),
           coalesce(sum(p.amount), 0), jsonb_build_object(p.code, coalesce(sum(p.amount), 0))
    FROM p GROUP BY p.code
    UNION ALL
    SELECT k.code, k.label, k.sort_order, '{}', '{}', 0, jsonb_build_object(k.code, 0)
    FROM (VALUES ('construction', 'Bouw (bruto plancapaciteit)', 1), ('demolition', 'Sloop', 2))
        AS k (code, label, sort_order)
    WHERE NOT EXISTS (SELECT 1 FROM p)
$$;

--
-- Name: dashboard_rows_delayed(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_delayed(reference_date date, projects publication.dashboard_project[]) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH d AS (SELECT * FROM publication.dashboard_delays(reference_date, projects)),
    g AS (SELECT d.kind, array_agg(DISTINCT d.project_id) AS ids,
                 array_agg(DISTINCT d.project_id) FILTER (WHERE NOT d.visible) AS hidden,
                 count(*) AS reasons
          FROM d GROUP BY d.kind),
    w AS (SELECT x.kind, sum(x.dwellings) AS dwellings
          FROM (SELECT DISTINCT d.kind, d.project_id, d.dwellings FROM d) x GROUP BY x.kind)
    SELECT k.code, k.label, k.sort_order, coalesce(g.ids, '{}'), coalesce(g.hidden, '{}'),
           coalesce(w.dwellings, 0), jsonb_build_object('reasons', coalesce(g.reasons, 0))
    FROM (VALUES ('milestone_overdue', 'Mijlpaal niet gerealiseerd', 1),
                 ('phase_too_long', 'Fase duurt langer dan gebruikelijk', 2)) AS k (code, label, sort_order)
    LEFT JOIN g ON g.kind = k.code
    LEFT JOIN w ON w.kind = k.code
$$;

--
-- Name: dashboard_rows_deliveries(date, publication.dashboard_project[], jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_deliveries(reference_date date, projects publication.dashboard_project[], options jsonb) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH d AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, hb.amount::bigint AS amount,
               publication.dashboard_delivery_status(reference_date, hb.delivery, hb.end_status) AS status,
               extract(year FROM hb.delivery)::integer AS year
        FROM publication.dashboard_houseblocks(reference_date, projects) hb
        WHERE hb.delivery IS NOT NULL AND hb.amount > 0),
    y AS (
        SELECT d.*, CASE WHEN d.year < (options ->> 'from')::integer THEN 'before'
                         WHEN d.year > (options ->> 'to')::integer THEN 'after'
                         ELSE d.year::text END AS bucket
        FROM d WHERE d.status IS NOT NULL)
    SELECT y.bucket,
           CASE y.bucket WHEN 'before' THEN 'Voor ' || (options ->> 'from')
                         WHEN 'after' THEN 'Na ' || (options ->> 'to') ELSE y.bucket END,
           CASE y.bucket WHEN 'before' THEN -1 WHEN 'after' THEN 100000 ELSE min(y.year) END,
           array_agg(DISTINCT y.project_id),
           coalesce(array_agg(DISTINCT y.project_id) FILTER (WHERE NOT y.visible), '{}'),
           coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction'), 0),
           jsonb_build_object(
               'construction_realised', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction' AND y.status = 'realised'), 0),
               'construction_planned', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction' AND y.status = 'planned'), 0),
               'construction_forecast', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'construction' AND y.status = 'forecast'), 0),
               'demolition_realised', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'demolition' AND y.status = 'realised'), 0),
               'demolition_planned', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'demolition' AND y.status = 'planned'), 0),
               'demolition_forecast', coalesce(sum(y.amount) FILTER (WHERE y.mutation_kind = 'demolition' AND y.status = 'forecast'), 0))
    FROM y GROUP BY y.bucket
$$;

--
-- Name: dashboard_rows_ownership(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_ownership(reference_date date, projects publication.dashboard_project[]) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH hb AS (SELECT * FROM publication.dashboard_houseblocks(reference_date, projects)),
    parts AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, l.ownership_type AS code, l.amount::bigint AS amount
        FROM hb JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hb.version_id
        UNION ALL
        SELECT hb.project_id, hb.visible, hb.mutation_kind, 'unknown',
               greatest(hb.amount - coalesce((SELECT sum(l.amount) FROM plan.houseblock_ownership_line l
                                              WHERE l.houseblock_version_id = hb.version_id), 0), 0)
        FROM hb),
    g AS (
        SELECT parts.code, array_agg(DISTINCT parts.project_id) AS ids,
               array_agg(DISTINCT parts.project_id) FILTER (WHERE NOT parts.visible) AS hidden,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'construction') AS construction,
               sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'demolition') AS demolition
        FROM parts WHERE parts.amount > 0 GROUP BY parts.code),
    k AS (
        SELECT t.code, t.label_nl AS label, t.sort_order FROM ref.ownership_type t
        UNION ALL
        SELECT 'unknown', 'Onbekend', 99)
    SELECT (publication.dashboard_bucket_of(k.code, k.label, k.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM k LEFT JOIN g ON g.code = k.code
$$;

--
-- Name: dashboard_rows_phase(date, publication.dashboard_project[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_phase(reference_date date, projects publication.dashboard_project[]) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    SELECT (publication.dashboard_bucket_of(ph.code, ph.label_nl, ph.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM ref.project_phase ph
    LEFT JOIN (SELECT p.phase, array_agg(p.id) AS ids, array_agg(p.id) FILTER (WHERE NOT p.visible) AS hidden,
                      sum(p.construction) AS construction, sum(p.demolition) AS demolition
               FROM unnest(projects) p GROUP BY p.phase) g
        ON g.phase = ph.code
$$;

--
-- Name: dashboard_rows_planning_status(date, publication.dashboard_project[], boolean); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_planning_status(reference_date date, projects publication.dashboard_project[], grouped boolean) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH p AS (
        SELECT p.*, CASE WHEN NOT grouped THEN coalesce(p.planning_status, 'none')
                         WHEN p.planning_status IS NULL THEN 'none'
                         WHEN p.planning_status IN ('5A', '5B') THEN p.planning_status
                         WHEN p.planning_status_hard THEN 'hard' ELSE 'soft' END AS bucket
        FROM unnest(projects) p),
    k AS (
        SELECT s.code, s.label_nl AS label, s.sort_order FROM ref.planning_status s WHERE NOT grouped
        UNION ALL
        SELECT * FROM (VALUES ('hard', 'Hard (1A, 1B, 2A, 2B)', 1), ('soft', 'Zacht (1C, 2C, 3, 4A, 4B)', 2),
                              ('5A', '5A Ambtelijk met locatie', 3), ('5B', '5B Ambtelijk zonder locatie', 4))
                      AS g (code, label, sort_order) WHERE grouped
        UNION ALL
        SELECT 'none', 'Geen planstatus', 99)
    SELECT (publication.dashboard_bucket_of(k.code, k.label, k.sort_order, g.ids, g.hidden,
                                            g.construction, g.demolition)).*
    FROM k
    LEFT JOIN (SELECT p.bucket, array_agg(p.id) AS ids, array_agg(p.id) FILTER (WHERE NOT p.visible) AS hidden,
                      sum(p.construction) AS construction, sum(p.demolition) AS demolition
               FROM p GROUP BY p.bucket) g ON g.bucket = k.code
$$;

--
-- Name: dashboard_rows_price(date, publication.dashboard_project[], text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_rows_price(reference_date date, projects publication.dashboard_project[], kind text) RETURNS SETOF publication.dashboard_bucket
    LANGUAGE sql STABLE
    AS $$
    WITH parts AS (
        SELECT hb.project_id, hb.visible, hb.mutation_kind, b.name, b.min_cents, l.amount::bigint AS amount
        FROM publication.dashboard_houseblocks(reference_date, projects) hb
        JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = hb.version_id
        JOIN ref.ownership_type t ON t.code = l.ownership_type AND t.price_kind = kind
        CROSS JOIN LATERAL publication.dashboard_price_bucket(kind, hb.municipality_code, hb.delivery,
                                                              l.price_category_id, l.price_cents,
                                                              l.price_range_cents) b
        WHERE l.amount > 0)
    SELECT (publication.dashboard_bucket_of(
        parts.name, parts.name,
        CASE parts.name WHEN 'Zonder categorie' THEN 2000000000 WHEN 'Prijs onbekend' THEN 2000000001
                        ELSE least(min(parts.min_cents) / 100, 1999999999)::integer END,
        array_agg(DISTINCT parts.project_id), array_agg(DISTINCT parts.project_id) FILTER (WHERE NOT parts.visible),
        sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'construction'),
        sum(parts.amount) FILTER (WHERE parts.mutation_kind = 'demolition'))).*
    FROM parts GROUP BY parts.name
$$;

--
-- Name: dashboard_totals(date, publication.dashboard_project[], integer); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_totals(reference_date date, projects publication.dashboard_project[], k integer) RETURNS jsonb
    LANGUAGE plpgsql STABLE
    AS $$
BEGIN
    RETURN (SELECT CASE WHEN t.hidden > 0 AND t.projects < k
                THEN jsonb_build_object('projects', NULL, 'dwellings', NULL, 'construction', NULL,
                                        'demolition', NULL, 'net', NULL, 'suppressed', true)
                ELSE jsonb_build_object('projects', t.projects, 'dwellings', t.dwellings,
                                        'construction', t.construction, 'demolition', t.demolition,
                                        'net', t.net, 'not_plan_capacity', t.not_capacity,
                                        'visible_projects', t.projects - t.hidden, 'suppressed', false) END
    FROM (SELECT count(*) AS projects, count(*) FILTER (WHERE NOT p.visible) AS hidden,
                 coalesce(sum(p.construction), 0) AS dwellings,
                 coalesce(sum(p.gross), 0) AS construction,
                 coalesce(sum(p.demolition) FILTER (WHERE p.counts_as_plan_capacity), 0) AS demolition,
                 coalesce(sum(p.net), 0) AS net,
                 coalesce(sum(p.construction) FILTER (WHERE NOT p.counts_as_plan_capacity), 0) AS not_capacity
          FROM unnest(projects) p) t);
END $$;

--
-- Name: dashboard_usual_phase_months(text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.dashboard_usual_phase_months(municipality text) RETURNS TABLE(phase text, months integer)
    LANGUAGE sql STABLE
    AS $$
    WITH v AS (
        SELECT x.project_id, x.phase, x.valid_from,
               lag(x.phase) OVER w IS DISTINCT FROM x.phase AS starts_run
        FROM plan.project_version x JOIN plan.project p ON p.id = x.project_id
        WHERE p.municipality_code = municipality AND p.removed_at IS NULL
          AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
        WINDOW w AS (PARTITION BY x.project_id ORDER BY x.valid_from)),
    runs AS (
        SELECT v.project_id, v.phase, v.valid_from AS run_start,
               lead(v.valid_from) OVER (PARTITION BY v.project_id ORDER BY v.valid_from) AS run_end
        FROM v WHERE v.starts_run),
    measured AS (
        SELECT runs.phase, count(*) AS n,
               percentile_cont(0.75) WITHIN GROUP (ORDER BY runs.run_end - runs.run_start) AS days
        FROM runs WHERE runs.run_end IS NOT NULL GROUP BY runs.phase)
    SELECT d.phase, CASE WHEN m.n >= 5 THEN greatest(round(m.days / 30.44), 1)::integer ELSE d.months END
    FROM (VALUES ('concept', 12), ('initiative', 12), ('definition', 12), ('design', 18),
                 ('preparation', 12), ('realisation', 24)) AS d (phase, months)
    LEFT JOIN measured m ON m.phase = d.phase
$$;

--
-- Name: delivery_band_of(jsonb, text, bigint, date); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_band_of(definition jsonb, price_kind text, cents bigint, on_date date) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT b->>'code'
    FROM jsonb_array_elements(definition->'price_bands'->price_kind) WITH ORDINALITY AS per(p, pn),
         jsonb_array_elements(per.p->'bands') WITH ORDINALITY AS x(b, n)
    WHERE (per.p->>'valid_from')::date <= on_date
      AND (per.p->>'valid_to' IS NULL OR on_date < (per.p->>'valid_to')::date)
      AND (b->>'max_cents' IS NULL OR cents <= (b->>'max_cents')::bigint)
    ORDER BY pn, n LIMIT 1
$$;

--
-- Name: delivery_bands(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_bands() RETURNS TABLE(band text, price_kind text)
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('KOOP1', 'purchase'), ('KOOP2', 'purchase'), ('KOOP3', 'purchase'), ('KOOP4', 'purchase'),
           ('KOOP_ONB', 'purchase'), ('HUUR1', 'rent'), ('HUUR2', 'rent'), ('HUUR3', 'rent'),
           ('HUUR4', 'rent'), ('HUUR_ONB', 'rent'), ('ONBEKEND', NULL)
$$;

--
-- Name: delivery_block_cells(integer, integer, integer, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_block_cells(total integer, single_family integer, multi_family integer, lines jsonb) RETURNS TABLE(cells jsonb, method text)
    LANGUAGE plpgsql IMMUTABLE
    AS $$
DECLARE
    lined integer := coalesce((SELECT sum((l->>'amount')::integer) FROM jsonb_array_elements(lines) l), 0);
    rest integer := greatest(total - lined, 0);
    typed boolean := jsonb_array_length(lines) > 0 AND NOT EXISTS (
        SELECT 1 FROM jsonb_array_elements(lines) l
        WHERE (l->>'amount')::integer > 0 AND l->>'house_type' IS NULL);
    sf integer := coalesce(single_family, 0);
    mf integer := coalesce(multi_family, 0);
    real_cells jsonb;
    house_types jsonb;
    bands jsonb;
BEGIN
    IF total <= 0 THEN RETURN QUERY SELECT '{}'::jsonb, 'proportional'; RETURN; END IF;
    IF typed THEN
        SELECT coalesce(jsonb_object_agg(k, n), '{}') INTO real_cells FROM (
            SELECT (l->>'house_type') || '.' || (l->>'band') AS k, sum((l->>'amount')::integer) AS n
            FROM jsonb_array_elements(lines) l GROUP BY 1) x;
        sf := greatest(sf - coalesce((SELECT sum((l->>'amount')::integer) FROM jsonb_array_elements(lines) l
                                       WHERE l->>'house_type' = 'single_family'), 0), 0);
        mf := greatest(mf - coalesce((SELECT sum((l->>'amount')::integer) FROM jsonb_array_elements(lines) l
                                       WHERE l->>'house_type' = 'multi_family'), 0), 0);
        RETURN QUERY SELECT publication.delivery_merge_cells(real_cells, publication.largest_remainder(rest,
            jsonb_build_object('single_family.ONBEKEND', sf, 'multi_family.ONBEKEND', mf,
                               'unknown.ONBEKEND', greatest(rest - sf - mf, 0) + CASE WHEN sf + mf = 0 THEN 1 ELSE 0 END))),
            'crosstab';
        RETURN;
    END IF;
    house_types := jsonb_build_object('single_family', sf, 'multi_family', mf,
                                      'unknown', greatest(total - sf - mf, 0));
    SELECT coalesce(jsonb_object_agg(b, n), '{}') INTO bands FROM (
        SELECT l->>'band' AS b, sum((l->>'amount')::integer) AS n FROM jsonb_array_elements(lines) l GROUP BY 1) x;
    bands := bands || jsonb_build_object('ONBEKEND', rest);
    RETURN QUERY SELECT publication.largest_remainder(total, (
        SELECT jsonb_object_agg(h.key || '.' || b.key, h.value::numeric * b.value::numeric)
        FROM jsonb_each_text(house_types) h, jsonb_each_text(bands) b)), 'proportional';
END $$;

--
-- Name: delivery_cell_keys(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_cell_keys() RETURNS TABLE(key text)
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT k || '.' || h || '.' || b
    FROM unnest(ARRAY['construction', 'demolition']) WITH ORDINALITY AS k(k, kn),
         unnest(ARRAY['multi_family', 'single_family', 'unknown']) WITH ORDINALITY AS h(h, hn),
         unnest(ARRAY['KOOP1', 'KOOP2', 'KOOP3', 'KOOP4', 'KOOP_ONB', 'HUUR1', 'HUUR2', 'HUUR3', 'HUUR4',
                      'HUUR_ONB', 'ONBEKEND']) WITH ORDINALITY AS b(b, bn)
    ORDER BY kn, hn, bn
$$;

--
-- Name: delivery_exported_by(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_exported_by() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    SELECT nullif(btrim(u.first_name || ' ' || u.last_name), '') FROM auth.app_user u
    WHERE u.id = nullif(current_setting('diwi.viewer_user', true), '')::uuid
$$;

--
-- Name: delivery_fact_names(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_fact_names() RETURNS TABLE(name text, per text, type text)
    LANGUAGE sql STABLE
    AS $$
    SELECT * FROM (VALUES
        ('reference_date', 'project', 'date'), ('reference_year', 'project', 'integer'),
        ('project.id', 'project', 'text'), ('project.municipal_id', 'project', 'text'),
        ('project.name', 'project', 'text'), ('project.municipality_code', 'project', 'text'),
        ('project.municipality_name', 'project', 'text'), ('project.region_code', 'project', 'text'),
        ('project.region_name', 'project', 'text'), ('project.province_code', 'project', 'text'),
        ('project.province_name', 'project', 'text'), ('project.confidentiality', 'project', 'text'),
        ('project.confidentiality_rank', 'project', 'integer'), ('project.plan_types', 'project', 'list'),
        ('project.phase', 'project', 'text'), ('project.phase_or_completed', 'project', 'text'),
        ('project.planning_status', 'project', 'text'), ('project.irrevocable_date', 'project', 'date'),
        ('project.realisation_start_date', 'project', 'date'), ('project.start_date', 'project', 'date'),
        ('project.end_date', 'project', 'date'), ('project.start_year', 'project', 'integer'),
        ('project.end_year', 'project', 'integer'), ('project.status', 'project', 'text'),
        ('project.created_at', 'project', 'datetime'), ('project.edited_at', 'project', 'datetime'),
        ('project.has_plan_area', 'project', 'boolean'), ('project.area_ha', 'project', 'real'),
        ('delivery.first_year', 'project', 'integer'), ('delivery.last_year', 'project', 'integer'),
        ('delivery.first_date', 'project', 'date'), ('delivery.last_date', 'project', 'date'),
        ('delivery.exported_by', 'project', 'text'),
        ('totals.construction', 'project', 'integer'), ('totals.demolition', 'project', 'integer'),
        ('totals.net', 'project', 'integer'), ('totals.construction_realised', 'project', 'integer'),
        ('totals.construction_remaining', 'project', 'integer'),
        ('totals.demolition_realised', 'project', 'integer'),
        ('totals.demolition_remaining', 'project', 'integer'), ('totals.net_realised', 'project', 'integer'),
        ('totals.net_remaining', 'project', 'integer'),
        ('totals.single_family_remaining', 'project', 'integer'),
        ('totals.multi_family_remaining', 'project', 'integer'),
        ('totals.house_type_unknown_remaining', 'project', 'integer'),
        ('totals.purchase_remaining', 'project', 'integer'), ('totals.rent_remaining', 'project', 'integer'),
        ('totals.ownership_unknown_remaining', 'project', 'integer'),
        ('totals.social_rental_low', 'project', 'integer'), ('totals.social_rental_mid', 'project', 'integer'),
        ('year.year', 'project_year', 'integer'), ('year.id', 'project_year', 'text'),
        ('year.construction', 'project_year', 'integer'), ('year.demolition', 'project_year', 'integer'),
        ('year.construction_realised', 'project_year', 'boolean'),
        ('year.demolition_realised', 'project_year', 'boolean'),
        ('year.crosstab_method', 'project_year', 'text')) f
    UNION ALL
    SELECT 'project.phase_start.' || code, 'project', 'date' FROM ref.project_phase
    UNION ALL
    SELECT 'totals.band.' || band, 'project', 'integer' FROM publication.delivery_bands()
    UNION ALL
    SELECT 'year.cell.' || key, 'project_year', 'integer' FROM publication.delivery_cell_keys()
    UNION ALL
    SELECT 'pmw.' || c.code || '.' || k, 'project', 'integer'
    FROM publication.delivery_pmw_categories() c,
         unnest(ARRAY['total', 'realised', 'remaining'] || ARRAY(SELECT 'y' || y FROM generate_series(2024, 2043) y)) k
$$;

--
-- Name: delivery_facts(text, date, uuid[], smallint); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_facts(template text, reference_date date, project_ids uuid[] DEFAULT NULL::uuid[], min_rank smallint DEFAULT NULL::smallint) RETURNS TABLE(project_id uuid, year integer, confidentiality_rank smallint, plan_area public.geometry, facts jsonb)
    LANGUAGE sql STABLE
    AS $$
    WITH p AS (
        SELECT p.* FROM publication.projects_at(reference_date) p
        WHERE (project_ids IS NULL OR p.id IN (SELECT unnest(project_ids)))
          AND (min_rank IS NULL OR p.confidentiality_rank >= min_rank)
          AND p.counts_as_plan_capacity -- 5A/5B are municipal only, never delivered
          AND p.municipality_code = coalesce(plan.viewer_area('municipality'), p.municipality_code)
          AND p.region_code IS NOT DISTINCT FROM coalesce(plan.viewer_area('region'), p.region_code)
          AND p.province_code = coalesce(plan.viewer_area('province'), p.province_code)),
    hb AS (SELECT h.*, extract(year FROM h.delivery_date)::integer AS yr
           FROM publication.delivery_houseblocks(template, reference_date, (SELECT array_agg(id) FROM p)) h),
    blocks AS (SELECT h.project_id, h.yr, jsonb_agg(to_jsonb(h) ORDER BY h.houseblock_id) AS list
               FROM hb h GROUP BY 1, 2),
    -- one pass over the houseblocks per project (a correlated sub-select per project was quadratic)
    per_project AS (SELECT h.project_id, min(h.yr) AS first_year, max(h.yr) AS last_year,
                           min(h.delivery_date) AS first_date, max(h.delivery_date) AS last_date,
                           jsonb_agg(to_jsonb(h)) AS list
                    FROM hb h GROUP BY 1)
    SELECT p.id, NULL::integer, p.confidentiality_rank, p.geometry,
           jsonb_build_object(
               'reference_date', reference_date, 'reference_year', extract(year FROM reference_date)::integer,
               'project.id', p.id, 'project.municipal_id', p.municipal_id, 'project.name', p.name,
               'project.municipality_code', p.municipality_code, 'project.municipality_name', p.municipality_name,
               'project.region_code', p.region_code, 'project.region_name', r.name,
               'project.province_code', p.province_code, 'project.province_name', pr.name,
               'project.confidentiality', p.confidentiality_level,
               'project.confidentiality_rank', p.confidentiality_rank,
               'project.plan_types', to_jsonb(p.plan_types), 'project.phase', p.phase,
               'project.phase_or_completed', CASE WHEN p.end_date < reference_date THEN 'completed' ELSE p.phase END,
               'project.planning_status', p.planning_status,
               'project.irrevocable_date', irr.d)
           || jsonb_build_object(
               'project.start_date', p.start_date, 'project.end_date', p.end_date,
               'project.start_year', extract(year FROM p.start_date)::integer,
               'project.end_year', extract(year FROM p.end_date)::integer, 'project.status', p.status,
               'project.created_at', pp.created_at,
               'project.edited_at', (SELECT max(v.recorded_at) FROM plan.project_version v WHERE v.project_id = p.id),
               'project.has_plan_area', p.geometry IS NOT NULL, 'project.area_ha', p.area_ha,
               'project.custom_values', p.custom_values,
               'delivery.first_year', pp_h.first_year, 'delivery.last_year', pp_h.last_year,
               'delivery.first_date', pp_h.first_date, 'delivery.last_date', pp_h.last_date,
               'delivery.exported_by', tpl.exported_by,
               'price_errors', coalesce((SELECT jsonb_agg(e) FROM jsonb_array_elements(pp_h.list) h,
                                         jsonb_array_elements(h->'price_errors') e), '[]'))
           || jsonb_build_object('project.realisation_start_date', ps.starts->'project.phase_start.realisation')
           || (SELECT jsonb_object_agg('project.phase_start.' || ph.code, ps.starts->('project.phase_start.' || ph.code))
               FROM ref.project_phase ph)
           || publication.delivery_project_totals(coalesce(pp_h.list, '[]'))
           || CASE WHEN tpl.uses_pmw THEN publication.delivery_pmw_facts(coalesce(pp_h.list, '[]'))
                   ELSE '{}' END
    FROM p
    JOIN plan.project pp ON pp.id = p.id
    CROSS JOIN (SELECT position('"pmw.' IN t.definition::text) > 0 AS uses_pmw,
                       publication.delivery_exported_by() AS exported_by
                FROM ref.delivery_template t WHERE t.id = template) tpl
    LEFT JOIN per_project pp_h ON pp_h.project_id = p.id
    -- phase and plan-status dates inline (index look-ups): a per-project function call would
    -- re-evaluate the row-level-security visibility set once per project
    LEFT JOIN LATERAL (
        SELECT jsonb_object_agg('project.phase_start.' || x.phase, x.d) AS starts
        FROM (SELECT v.phase, min(v.valid_from) AS d FROM plan.project_version v
              WHERE v.project_id = p.id AND v.superseded_at IS NULL AND v.valid_from < v.valid_to
              GROUP BY v.phase) x) ps ON true
    LEFT JOIN LATERAL (
        SELECT min(v.valid_from) AS d FROM plan.project_version v
        WHERE v.project_id = p.id AND v.superseded_at IS NULL AND v.valid_from < v.valid_to
          AND v.planning_status IN ('1A', '1B', '1C')) irr ON true
    JOIN ref.province pr ON pr.code = p.province_code
    LEFT JOIN ref.region r ON r.code = p.region_code
    UNION ALL
    SELECT b.project_id, b.yr, NULL, NULL, publication.delivery_year_facts(b.project_id, b.yr, b.list)
    FROM blocks b WHERE b.yr IS NOT NULL
$$;

--
-- Name: delivery_houseblocks(text, date, uuid[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_houseblocks(template text, reference_date date, project_ids uuid[]) RETURNS TABLE(project_id uuid, houseblock_id uuid, name text, sign integer, mutation_kind text, amount integer, delivery_date date, realised boolean, cells jsonb, method text, social_low integer, social_mid integer, price_errors jsonb)
    LANGUAGE sql STABLE
    AS $$
    WITH def AS (SELECT t.definition FROM ref.delivery_template t WHERE t.id = template),
    blocks AS (
        SELECT hb.id, hb.project_id, hb.name, hb.mutation_kind, hb.amount, hb.single_family,
               hb.multi_family, hb.municipality_code,
               coalesce(hb.delivery_latest, hb.end_date) AS delivery_date, hv.id AS version_id
        FROM publication.houseblocks_at(reference_date) hb
        JOIN plan.houseblock h ON h.id = hb.id
        CROSS JOIN LATERAL (
            SELECT x.id FROM plan.houseblock_version x
            WHERE x.houseblock_id = h.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(reference_date, h.start_date, h.end_date)
            ORDER BY x.valid_from DESC LIMIT 1) hv
        WHERE hb.project_id IN (SELECT unnest(project_ids))),  -- hashed (= ANY scans the array per row)
    lines AS (
        SELECT b.id, b.name, l.line_no, l.ownership_type, l.amount, l.house_type, lb.band, lb.range_error
        FROM blocks b
        JOIN plan.houseblock_ownership_line l ON l.houseblock_version_id = b.version_id
        CROSS JOIN def
        CROSS JOIN LATERAL publication.delivery_line_band(def.definition, template, b.municipality_code,
            l.ownership_type, l.price_cents, l.price_range_cents, l.price_category_id, b.delivery_date) lb),
    -- one pass over the lines per houseblock (a correlated sub-select per block was quadratic)
    per_block AS (
        SELECT l.id,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'social_rental'
                                     AND l.band IN ('HUUR1', 'HUUR2')) AS social_low,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'social_rental' AND l.band = 'HUUR3') AS social_mid,
               jsonb_agg(jsonb_build_object('houseblock_id', l.id, 'houseblock', l.name, 'line_no', l.line_no)
                         ORDER BY l.line_no) FILTER (WHERE l.range_error) AS price_errors,
               jsonb_agg(jsonb_build_object('amount', l.amount, 'band', l.band, 'house_type', l.house_type))
                   FILTER (WHERE l.amount > 0) AS cell_lines
        FROM lines l GROUP BY l.id)
    SELECT b.project_id, b.id, b.name, CASE b.mutation_kind WHEN 'demolition' THEN -1 ELSE 1 END,
           b.mutation_kind, b.amount, b.delivery_date, b.delivery_date < reference_date, c.cells, c.method,
           coalesce(pb.social_low, 0)::integer, coalesce(pb.social_mid, 0)::integer,
           coalesce(pb.price_errors, '[]')
    FROM blocks b
    LEFT JOIN per_block pb ON pb.id = b.id
    CROSS JOIN LATERAL publication.delivery_block_cells(b.amount, b.single_family, b.multi_family,
        coalesce(pb.cell_lines, '[]')) c
$$;

--
-- Name: delivery_line_band(jsonb, text, text, text, bigint, int8range, uuid, date); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_line_band(definition jsonb, template text, municipality text, ownership_type text, price_cents bigint, price_range int8range, price_category uuid, on_date date) RETURNS TABLE(band text, range_error boolean)
    LANGUAGE plpgsql STABLE
    AS $$
DECLARE
    kind text := (SELECT t.price_kind FROM ref.ownership_type t WHERE t.code = ownership_type);
    unknown text := CASE kind WHEN 'purchase' THEN 'KOOP_ONB' ELSE 'HUUR_ONB' END;
    lo bigint;
    hi bigint;
    mapped text;
    low_band text;
    high_band text;
BEGIN
    IF price_category IS NOT NULL THEN
        SELECT m.band INTO mapped FROM plan.delivery_price_mapping m
        WHERE m.municipality_code = municipality AND m.template_id = template
          AND m.price_category_id = price_category;
        IF mapped IS NOT NULL THEN RETURN QUERY SELECT mapped, false; RETURN; END IF;
        SELECT c.min_cents, c.max_cents INTO lo, hi FROM plan.price_category c WHERE c.id = price_category;
        IF NOT FOUND THEN RETURN QUERY SELECT unknown, false; RETURN; END IF;
    ELSIF price_range IS NOT NULL THEN
        lo := lower(price_range);
        hi := CASE WHEN upper_inf(price_range) THEN NULL ELSE upper(price_range) - 1 END;
    ELSIF price_cents IS NOT NULL THEN
        lo := price_cents;
        hi := price_cents;
    ELSE
        RETURN QUERY SELECT unknown, false; RETURN;
    END IF;
    low_band := publication.delivery_band_of(definition, kind, lo, on_date);
    high_band := publication.delivery_band_of(definition, kind, coalesce(hi, 9223372036854775807), on_date);
    IF low_band IS NULL THEN RETURN QUERY SELECT unknown, false; RETURN; END IF;
    IF low_band IS DISTINCT FROM high_band THEN RETURN QUERY SELECT unknown, true; RETURN; END IF;
    RETURN QUERY SELECT low_band, false;
END $$;

--
-- Name: delivery_mapping_problems(text, text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_mapping_problems(municipality text, template text) RETURNS TABLE(code text, field_name text, detail text)
    LANGUAGE sql STABLE
    AS $$
    WITH f AS (
        SELECT x->>'name' AS name, x->'mapped' AS m
        FROM ref.delivery_template t, jsonb_array_elements(t.definition->'tables') tb,
             jsonb_array_elements(tb->'fields') x
        WHERE t.id = template AND x ? 'mapped'),
    fm AS (SELECT f.name AS field, f.m, p.id AS property_id, p.kind, p.municipality_code, p.disabled_at,
                  p.object_type, p.value_type, p.mandatory, p.single_select FROM f
           JOIN plan.delivery_field_mapping d ON d.field_name = f.name AND d.municipality_code = municipality
                                             AND d.template_id = template
           JOIN plan.property p ON p.id = d.property_id),
    om AS (SELECT o.* FROM plan.delivery_option_mapping o
           WHERE o.municipality_code = municipality AND o.template_id = template)
    SELECT 'missing_custom_prop', f.name, NULL FROM f
    WHERE coalesce((f.m->>'mandatory')::boolean, false)
      AND NOT EXISTS (SELECT 1 FROM fm WHERE fm.field = f.name)
    UNION ALL
    SELECT 'mapping_property_invalid', fm.field, fm.field FROM fm
    WHERE fm.kind <> 'custom' OR fm.municipality_code <> municipality OR fm.disabled_at IS NOT NULL
       OR fm.object_type <> 'project'
    UNION ALL
    SELECT 'mapping_type_incompatible', fm.field, fm.value_type FROM fm
    WHERE NOT (fm.m->'accepts') ? fm.value_type
      AND NOT (fm.value_type = 'ordinal' AND (fm.m->'accepts') ? 'category')
    UNION ALL
    SELECT 'mapping_not_mandatory', fm.field, NULL FROM fm
    WHERE coalesce((fm.m->>'mandatory')::boolean, false) AND NOT fm.mandatory
    UNION ALL
    SELECT 'mapping_not_single_select', fm.field, NULL FROM fm
    WHERE coalesce((fm.m->>'single')::boolean, false) AND fm.value_type IN ('category', 'ordinal')
      AND NOT coalesce(fm.single_select, fm.value_type = 'ordinal')
    UNION ALL
    SELECT 'mapping_option_invalid', om.field_name, om.province_option FROM om
    LEFT JOIN plan.delivery_field_mapping d ON d.municipality_code = om.municipality_code
         AND d.template_id = om.template_id AND d.field_name = om.field_name
    JOIN plan.property_option o ON o.id = om.property_option_id
    WHERE d.property_id IS DISTINCT FROM o.property_id OR o.disabled_at IS NOT NULL
       OR NOT EXISTS (SELECT 1 FROM f WHERE f.name = om.field_name AND (f.m->'options') ? om.province_option)
    UNION ALL
    SELECT 'option_not_mapped', fm.field, o.label_nl FROM fm
    JOIN plan.property_option o ON o.property_id = fm.property_id AND o.disabled_at IS NULL
    WHERE fm.m ? 'options' AND fm.value_type IN ('category', 'ordinal')
      AND NOT EXISTS (SELECT 1 FROM om WHERE om.field_name = fm.field AND om.property_option_id = o.id)
    UNION ALL
    SELECT 'option_mapped_multiple_times', fm.field, o.label_nl FROM fm
    JOIN plan.property_option o ON o.property_id = fm.property_id AND o.disabled_at IS NULL
    WHERE (SELECT count(*) FROM om WHERE om.field_name = fm.field AND om.property_option_id = o.id) > 1
    UNION ALL
    SELECT 'mapping_price_category_invalid', NULL, c.name FROM plan.delivery_price_mapping pm
    JOIN plan.price_category c ON c.id = pm.price_category_id
    WHERE pm.municipality_code = municipality AND pm.template_id = template
      AND (c.municipality_code IS DISTINCT FROM municipality
           OR (c.price_kind = 'purchase') <> (pm.band LIKE 'KOOP%'))
$$;

--
-- Name: delivery_merge_cells(jsonb, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_merge_cells(a jsonb, b jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT coalesce(jsonb_object_agg(key, n), '{}') FROM (
        SELECT key, sum(value::integer) AS n
        FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) x
        GROUP BY key) y
$$;

--
-- Name: delivery_phase_starts(uuid); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_phase_starts(project uuid) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT coalesce(jsonb_object_agg('project.phase_start.' || phase, d), '{}')
    FROM (SELECT v.phase, min(v.valid_from) AS d FROM plan.project_version v
          WHERE v.project_id = project AND v.superseded_at IS NULL AND v.valid_from < v.valid_to
          GROUP BY v.phase) x
$$;

--
-- Name: delivery_pmw_categories(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_pmw_categories() RETURNS TABLE(code text, kind text, house_types text[], bands text[])
    LANGUAGE sql IMMUTABLE
    AS $$
    VALUES ('nieuwbouw', 'construction', NULL, NULL),
           ('eengezins', 'construction', ARRAY['single_family'], NULL),
           ('meergezins', 'construction', ARRAY['multi_family'], NULL),
           ('woningtype_onbekend', 'construction', ARRAY['unknown'], NULL),
           ('nultreden', 'construction', ARRAY[]::text[], NULL),
           ('geclusterd', 'construction', ARRAY[]::text[], NULL),
           ('zorggeschikt', 'construction', ARRAY[]::text[], NULL),
           ('wonen_zorg_onbekend', 'construction', NULL, NULL),
           ('regulier', 'construction', ARRAY[]::text[], NULL),
           ('flexwoningen', 'construction', ARRAY[]::text[], NULL),
           ('regulier_permanent', 'construction', NULL, NULL),
           ('sociale_huur', 'construction', NULL, ARRAY['HUUR1', 'HUUR2']),
           ('middenhuur', 'construction', NULL, ARRAY['HUUR3']),
           ('dure_huur', 'construction', NULL, ARRAY['HUUR4']),
           ('huur_onbekend', 'construction', NULL, ARRAY['HUUR_ONB']),
           ('betaalbare_koop', 'construction', NULL, ARRAY['KOOP1', 'KOOP2']),
           ('dure_koop', 'construction', NULL, ARRAY['KOOP3', 'KOOP4']),
           ('koop_onbekend', 'construction', NULL, ARRAY['KOOP_ONB']),
           ('koop_huur_onbekend', 'construction', NULL, ARRAY['ONBEKEND']),
           ('sloop', 'demolition', NULL, NULL)
$$;

--
-- Name: delivery_pmw_facts(jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_pmw_facts(blocks jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    WITH b AS (SELECT x->>'mutation_kind' AS kind, (x->>'realised')::boolean AS realised,
                      least(greatest(extract(year FROM (x->>'delivery_date')::date)::integer, 2024), 2043) AS yr,
                      x->'cells' AS cells
               FROM jsonb_array_elements(blocks) x),
    n AS (SELECT c.code, b.realised, b.yr, sum(e.value::integer) AS n
          FROM publication.delivery_pmw_categories() c
          JOIN b ON b.kind = c.kind
          CROSS JOIN LATERAL jsonb_each_text(b.cells) e
          WHERE (c.house_types IS NULL OR split_part(e.key, '.', 1) = ANY (c.house_types))
            AND (c.bands IS NULL OR split_part(e.key, '.', 2) = ANY (c.bands))
          GROUP BY 1, 2, 3)
    -- one grouped pass per kind of key (sub-selects per key were 460 scans of n per project)
    SELECT coalesce(jsonb_object_agg(x.key, x.n), '{}') FROM (
        SELECT 'pmw.' || c.code || '.' || k.k AS key,
               coalesce(sum(n.n) FILTER (WHERE k.k = 'total' OR (k.k = 'realised' AND n.realised)
                                           OR (k.k = 'remaining' AND NOT n.realised)), 0) AS n
        FROM publication.delivery_pmw_categories() c
        CROSS JOIN unnest(ARRAY['total', 'realised', 'remaining']) k(k)
        LEFT JOIN n ON n.code = c.code
        GROUP BY c.code, k.k
        UNION ALL
        SELECT 'pmw.' || c.code || '.y' || y, coalesce(sum(n.n), 0)
        FROM publication.delivery_pmw_categories() c
        CROSS JOIN generate_series(2024, 2043) y
        LEFT JOIN n ON n.code = c.code AND NOT n.realised AND n.yr = y
        GROUP BY c.code, y) x
$$;

--
-- Name: delivery_project_totals(jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_project_totals(blocks jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    WITH b AS (SELECT (x->>'sign')::integer AS sign, (x->>'amount')::integer AS amount,
                      (x->>'realised')::boolean AS realised, x->'cells' AS cells,
                      (x->>'social_low')::integer AS social_low, (x->>'social_mid')::integer AS social_mid
               FROM jsonb_array_elements(blocks) x),
    c AS (SELECT b.sign, b.realised, split_part(e.key, '.', 1) AS house_type, split_part(e.key, '.', 2) AS band,
                 e.value::integer AS n
          FROM b, jsonb_each_text(b.cells) e)
    SELECT jsonb_build_object(
        'totals.construction', coalesce((SELECT sum(amount) FROM b WHERE sign = 1), 0),
        'totals.demolition', coalesce((SELECT sum(amount) FROM b WHERE sign = -1), 0),
        'totals.net', coalesce((SELECT sum(sign * amount) FROM b), 0),
        'totals.construction_realised', coalesce((SELECT sum(amount) FROM b WHERE sign = 1 AND realised), 0),
        'totals.construction_remaining', coalesce((SELECT sum(amount) FROM b WHERE sign = 1 AND NOT realised), 0),
        'totals.demolition_realised', coalesce((SELECT sum(amount) FROM b WHERE sign = -1 AND realised), 0),
        'totals.demolition_remaining', coalesce((SELECT sum(amount) FROM b WHERE sign = -1 AND NOT realised), 0),
        'totals.net_realised', coalesce((SELECT sum(sign * amount) FROM b WHERE realised), 0),
        'totals.net_remaining', coalesce((SELECT sum(sign * amount) FROM b WHERE NOT realised), 0),
        'totals.social_rental_low', coalesce((SELECT sum(sign * social_low) FROM b), 0),
        'totals.social_rental_mid', coalesce((SELECT sum(sign * social_mid) FROM b), 0))
    || jsonb_build_object(
        'totals.single_family_remaining',
            coalesce((SELECT sum(sign * n) FROM c WHERE NOT realised AND house_type = 'single_family'), 0),
        'totals.multi_family_remaining',
            coalesce((SELECT sum(sign * n) FROM c WHERE NOT realised AND house_type = 'multi_family'), 0),
        'totals.house_type_unknown_remaining',
            coalesce((SELECT sum(sign * n) FROM c WHERE NOT realised AND house_type = 'unknown'), 0),
        'totals.purchase_remaining', coalesce((SELECT sum(sign * n) FROM c WHERE NOT realised AND band LIKE 'KOOP%'), 0),
        'totals.rent_remaining', coalesce((SELECT sum(sign * n) FROM c WHERE NOT realised AND band LIKE 'HUUR%'), 0),
        'totals.ownership_unknown_remaining',
            coalesce((SELECT sum(sign * n) FROM c WHERE NOT realised AND band = 'ONBEKEND'), 0))
    || (SELECT jsonb_object_agg('totals.band.' || d.band,
                                coalesce((SELECT sum(sign * n) FROM c WHERE c.band = d.band), 0))
        FROM publication.delivery_bands() d)
$$;

--
-- Name: delivery_year_facts(uuid, integer, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.delivery_year_facts(project uuid, yr integer, blocks jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    WITH b AS (SELECT x->>'mutation_kind' AS kind, (x->>'amount')::integer AS amount,
                      (x->>'realised')::boolean AS realised, x->'cells' AS cells, x->>'method' AS method
               FROM jsonb_array_elements(blocks) x),
    c AS (SELECT b.kind || '.' || e.key AS key, sum(e.value::integer) AS n
          FROM b, jsonb_each_text(b.cells) e GROUP BY 1)
    SELECT jsonb_build_object(
        'year.year', yr,
        'year.id', md5(project::text || ':' || yr)::uuid,
        'year.construction', coalesce((SELECT sum(amount) FROM b WHERE kind = 'construction'), 0),
        'year.demolition', coalesce((SELECT sum(amount) FROM b WHERE kind = 'demolition'), 0),
        'year.construction_realised', (SELECT bool_and(realised) FROM b WHERE kind = 'construction'),
        'year.demolition_realised', (SELECT bool_and(realised) FROM b WHERE kind = 'demolition'),
        'year.crosstab_method', CASE WHEN (SELECT count(DISTINCT method) FROM b WHERE amount > 0) > 1 THEN 'mixed'
                                     ELSE coalesce((SELECT min(method) FROM b WHERE amount > 0), 'proportional') END)
    || (SELECT jsonb_object_agg('year.cell.' || k.key, coalesce(c.n, 0))
        FROM publication.delivery_cell_keys() k LEFT JOIN c ON c.key = k.key)
$$;

--
-- Name: goal_progress(date, uuid[], uuid[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.goal_progress(reference_date date, goal_ids uuid[] DEFAULT NULL::uuid[], category_ids uuid[] DEFAULT NULL::uuid[]) RETURNS jsonb
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    WITH goals AS (
        SELECT g.id, g.municipality_code, v.category_id, c.name AS category_name,
               c.sort_order AS category_order, v.name, v.description, v.kind, v.direction, v.measure,
               v.target, v.period_start, v.period_end, v.conditions, v.district_codes,
               v.neighbourhood_codes, v.area,
               publication.dashboard_min_bucket(jsonb_build_object('municipality_code', g.municipality_code)) AS k
        FROM plan.goal g
        JOIN plan.goal_version v ON v.goal_id = g.id AND v.superseded_at IS NULL
        JOIN plan.goal_category c ON c.id = v.category_id
        JOIN ref.municipality m ON m.code = g.municipality_code
        WHERE g.removed_at IS NULL
          AND (plan.goal_in_viewer_area(m.code, m.region_code, m.province_code)
               OR (plan.viewer_role() = 'anonymous'
                   AND (goal_progress.goal_ids IS NOT NULL OR goal_progress.category_ids IS NOT NULL)))
          AND (goal_progress.goal_ids IS NULL OR g.id = ANY (goal_progress.goal_ids))
          AND (goal_progress.category_ids IS NULL OR v.category_id = ANY (goal_progress.category_ids))),
    blocks AS MATERIALIZED (
        SELECT b.*, v.visible, d.delivery_status, f.project_id IS NOT NULL AS has_model,
               -- the model's delivery: the planned date moved by the project's forecast slip
               -- (p10/p50/p90 minus the planned end it was made from); realised blocks stay put
               m.delivery_p10, m.delivery_p50, m.delivery_p90
        FROM plan.goal_houseblocks(goal_progress.reference_date,
                                   ARRAY(SELECT DISTINCT municipality_code FROM goals)) b
        CROSS JOIN LATERAL (SELECT plan.viewer_can_see(b.confidentiality_level, b.municipality_code,
                                                       b.region_code, b.province_code,
                                                       b.owner_group_ids) AS visible) v
        CROSS JOIN LATERAL (SELECT publication.dashboard_delivery_status(
            goal_progress.reference_date, b.delivery_date, b.end_status) AS delivery_status) d
        LEFT JOIN LATERAL (SELECT x.project_id, x.p10, x.p50, x.p90, x.planned_end FROM plan.forecast x
                           WHERE x.project_id = b.project_id AND x.planned_end IS NOT NULL
                             AND d.delivery_status IS DISTINCT FROM 'realised'
                           ORDER BY x.computed_at DESC LIMIT 1) f ON true
        CROSS JOIN LATERAL (SELECT b.delivery_date + coalesce(f.p10 - f.planned_end, 0) AS delivery_p10,
                                   b.delivery_date + coalesce(f.p50 - f.planned_end, 0) AS delivery_p50,
                                   b.delivery_date + coalesce(f.p90 - f.planned_end, 0) AS delivery_p90) m
        WHERE v.visible
           OR (b.confidentiality_level >= 2 AND b.municipality_code IN (
                   SELECT publication.dashboard_count_area(
                       jsonb_build_object('municipality_code', b.municipality_code))))),
    scoped AS (
        SELECT g.id AS goal_id, b.project_id, b.project_name, b.visible,
               b.delivery_status = 'realised' AS realised,
               CASE WHEN b.mutation_kind = 'demolition' AND g.measure = 'net' THEN -1 ELSE 1 END
                   * b.amount AS amount,
               CASE WHEN b.mutation_kind = 'demolition' AND g.measure = 'net' THEN -1 ELSE 1 END
                   * plan.goal_block_match(g.conditions, b.version_id, b.amount, b.programming,
                                           b.delivery_date, b.municipality_code, b.phase,
                                           b.planning_status, b.project_custom, b.block_custom) AS matched
        FROM goals g
        JOIN blocks b ON b.municipality_code = g.municipality_code AND b.delivery_status IS NOT NULL
         AND b.delivery_date BETWEEN g.period_start AND g.period_end
         AND (g.measure = 'net' OR b.mutation_kind = g.measure)
         AND plan.goal_in_geography(g.district_codes, g.neighbourhood_codes, g.area,
                                    b.district_codes, b.neighbourhood_codes, b.spot)),
    -- the same count with the model's delivery dates (p90: the late end of the range, p10: early)
    model_scoped AS (
        SELECT g.id AS goal_id, q.quantile, b.project_id, b.has_model,
               q.delivery BETWEEN g.period_start AND g.period_end AS in_period,
               CASE WHEN b.mutation_kind = 'demolition' AND g.measure = 'net' THEN -1 ELSE 1 END
                   * b.amount AS amount,
               CASE WHEN b.mutation_kind = 'demolition' AND g.measure = 'net' THEN -1 ELSE 1 END
                   * plan.goal_block_match(g.conditions, b.version_id, b.amount, b.programming,
                                           q.delivery, b.municipality_code, b.phase,
                                           b.planning_status, b.project_custom, b.block_custom) AS matched
        FROM goals g
        JOIN blocks b ON b.municipality_code = g.municipality_code AND b.delivery_status IS NOT NULL
         AND (g.measure = 'net' OR b.mutation_kind = g.measure)
         AND plan.goal_in_geography(g.district_codes, g.neighbourhood_codes, g.area,
                                    b.district_codes, b.neighbourhood_codes, b.spot)
        CROSS JOIN LATERAL (VALUES ('p10', b.delivery_p10), ('p50', b.delivery_p50),
                                   ('p90', b.delivery_p90)) q(quantile, delivery)),
    model_values AS (
        SELECT ms.goal_id, jsonb_object_agg(ms.quantile, ms.value) AS by_quantile,
               max(ms.projects) AS projects
        FROM (SELECT s.goal_id, s.quantile,
                     CASE WHEN g.kind = 'number'
                              THEN round(coalesce(sum(s.matched) FILTER (WHERE s.in_period), 0))
                          WHEN sum(s.amount) FILTER (WHERE s.in_period) <> 0
                              THEN round(100 * sum(s.matched) FILTER (WHERE s.in_period)
                                         / sum(s.amount) FILTER (WHERE s.in_period), 1)
                     END AS value,
                     count(DISTINCT s.project_id) FILTER (WHERE s.has_model AND s.in_period) AS projects
              FROM model_scoped s JOIN goals g ON g.id = s.goal_id
              GROUP BY s.goal_id, s.quantile, g.kind) ms
        GROUP BY ms.goal_id),
    per_project AS (
        SELECT s.goal_id, s.project_id, s.project_name, s.visible,
               coalesce(sum(s.matched) FILTER (WHERE s.realised), 0) AS matched_now,
               sum(s.matched) AS matched_all,
               coalesce(sum(s.amount) FILTER (WHERE s.realised), 0) AS scope_now,
               sum(s.amount) AS scope_all
        FROM scoped s GROUP BY 1, 2, 3, 4),
    sums AS (
        SELECT g.id AS goal_id,
               coalesce(sum(pp.matched_now), 0) AS matched_now, coalesce(sum(pp.matched_all), 0) AS matched_all,
               coalesce(sum(pp.scope_now), 0) AS scope_now, coalesce(sum(pp.scope_all), 0) AS scope_all,
               count(*) FILTER (WHERE pp.matched_all <> 0) AS projects,
               count(*) FILTER (WHERE pp.matched_all <> 0 AND NOT pp.visible) AS hidden,
               coalesce(sum(pp.matched_all) FILTER (WHERE NOT pp.visible), 0) AS hidden_all,
               coalesce(sum(pp.matched_now) FILTER (WHERE NOT pp.visible), 0) AS hidden_now,
               coalesce(jsonb_agg(jsonb_build_object(
                   'project_id', pp.project_id, 'name', pp.project_name,
                   'amount', round(pp.matched_all), 'amount_now', round(pp.matched_now))
                   ORDER BY pp.matched_all DESC, pp.project_name)
                   FILTER (WHERE pp.visible AND pp.matched_all <> 0), '[]') AS contributions
        FROM goals g LEFT JOIN per_project pp ON pp.goal_id = g.id
        GROUP BY g.id),
    valued AS (
        SELECT g.*, s.*, s.hidden > 0 AND s.projects < g.k AS suppressed,
               CASE WHEN g.kind = 'number' THEN round(s.matched_now)
                    WHEN s.scope_now <> 0 THEN round(100 * s.matched_now / s.scope_now, 1) END AS value_now,
               CASE WHEN g.kind = 'number' THEN round(s.matched_all)
                    WHEN s.scope_all <> 0 THEN round(100 * s.matched_all / s.scope_all, 1) END AS value_forecast,
               round(s.matched_now - CASE WHEN g.kind = 'number' THEN g.target
                                          ELSE g.target / 100 * s.scope_now END) AS gap_now,
               round(s.matched_all - CASE WHEN g.kind = 'number' THEN g.target
                                          ELSE g.target / 100 * s.scope_all END) AS gap
        FROM goals g JOIN sums s ON s.goal_id = g.id),
    judged AS (
        SELECT v.*, m.*, CASE WHEN v.suppressed THEN 'suppressed'
                              ELSE plan.goal_status(v.direction, m.met_now, m.reaches,
                                                    goal_progress.reference_date, v.period_end) END AS status
        FROM valued v
        CROSS JOIN LATERAL (SELECT plan.goal_met(v.direction, v.value_now, v.target) AS met_now,
                                   plan.goal_met(v.direction, v.value_forecast, v.target) AS reaches) m)
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'id', j.id, 'name', j.name, 'description', j.description, 'municipality_code', j.municipality_code,
        'category', jsonb_build_object('id', j.category_id, 'name', j.category_name),
        'kind', j.kind, 'direction', j.direction, 'measure', j.measure, 'target', j.target,
        'unit', CASE j.kind WHEN 'number' THEN 'dwellings' ELSE 'percent' END,
        'period', jsonb_build_object('start', j.period_start, 'end', j.period_end),
        'deadline', j.period_end, 'reference_date', goal_progress.reference_date,
        'conditions', j.conditions,
        'condition_labels', (SELECT coalesce(jsonb_agg(plan.goal_condition_label(c)), '[]')
                             FROM jsonb_array_elements(j.conditions) c),
        'geography', jsonb_build_object('district_codes', j.district_codes,
                                        'neighbourhood_codes', j.neighbourhood_codes,
                                        'has_area', j.area IS NOT NULL,
                                        'label', plan.goal_geography_label(j.district_codes,
                                                                           j.neighbourhood_codes, j.area)),
        'value_now', CASE WHEN NOT j.suppressed THEN j.value_now END,
        'value_forecast', CASE WHEN NOT j.suppressed THEN j.value_forecast END,
        'matching_now', CASE WHEN NOT j.suppressed THEN round(j.matched_now) END,
        'matching_forecast', CASE WHEN NOT j.suppressed THEN round(j.matched_all) END,
        'scope_now', CASE WHEN NOT j.suppressed THEN round(j.scope_now) END,
        'scope_forecast', CASE WHEN NOT j.suppressed THEN round(j.scope_all) END,
        'met_now', CASE WHEN NOT j.suppressed THEN j.met_now END,
        'reaches_by_deadline', CASE WHEN NOT j.suppressed THEN j.reaches END,
        'gap', CASE WHEN NOT j.suppressed AND j.value_forecast IS NOT NULL THEN j.gap END,
        'gap_now', CASE WHEN NOT j.suppressed AND j.value_now IS NOT NULL THEN j.gap_now END,
        'model_forecast', CASE WHEN NOT j.suppressed AND mv.projects > 0 THEN jsonb_build_object(
            'value', mv.by_quantile -> 'p50', 'early', mv.by_quantile -> 'p10',
            'late', mv.by_quantile -> 'p90', 'projects', mv.projects) END,
        'status', j.status, 'status_label', plan.goal_status_label(j.status),
        'suppressed', j.suppressed, 'min_bucket', j.k,
        'contributions', j.contributions,
        'other_projects', jsonb_build_object(
            'projects', j.hidden,
            'amount', CASE WHEN NOT j.suppressed THEN round(j.hidden_all) END,
            'amount_now', CASE WHEN NOT j.suppressed THEN round(j.hidden_now) END))
        ORDER BY j.category_order, j.category_name, j.name), '[]')
    FROM judged j LEFT JOIN model_values mv ON mv.goal_id = j.id
$$;

--
-- Name: houseblock_history(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.houseblock_history() RETURNS TABLE(version_id uuid, id uuid, project_id uuid, name text, mutation_kind text, amount integer, size_min_m2 numeric, size_max_m2 numeric, programming boolean, delivery_earliest date, delivery_latest date, owner_occupied integer, private_rental integer, social_rental integer, single_family integer, multi_family integer, custom_values jsonb, valid_from date, valid_to date, recorded_at timestamp with time zone, superseded_at timestamp with time zone, removed_at timestamp with time zone, geometry public.geometry)
    LANGUAGE sql STABLE
    AS $$
    SELECT hv.id, h.id, h.project_id, hv.name, hv.mutation_kind, hv.amount,
           lower(hv.size_m2), upper(hv.size_m2), hv.programming, hv.delivery_earliest,
           hv.delivery_latest, own.owner_occupied, own.private_rental, own.social_rental,
           ht.single_family, ht.multi_family, hv.custom_values, f.date, t.date,
           hv.recorded_at, hv.superseded_at, h.removed_at, area.plan_area
    FROM publication.project_access() a
    JOIN plan.houseblock h ON h.project_id = a.project_id
    JOIN plan.project p ON p.id = h.project_id
    JOIN plan.houseblock_version hv ON hv.houseblock_id = h.id
    LEFT JOIN plan.milestone_version f ON f.milestone_id = hv.valid_from_milestone_id
        AND f.superseded_at IS NULL
    LEFT JOIN plan.milestone_version t ON t.milestone_id = hv.valid_to_milestone_id
        AND t.superseded_at IS NULL
    LEFT JOIN LATERAL (
        SELECT x.plan_area FROM plan.project_version x
        WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
          AND x.valid_from <= plan.clamp_date(coalesce(f.date, p.start_date), p.start_date, p.end_date)
        ORDER BY x.valid_from DESC LIMIT 1) area ON true
    LEFT JOIN LATERAL (
        SELECT sum(l.amount) FILTER (WHERE l.ownership_type = 'owner_occupied')::integer AS owner_occupied,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'private_rental')::integer AS private_rental,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'social_rental')::integer AS social_rental
        FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = hv.id) own ON true
    LEFT JOIN LATERAL (
        SELECT sum(b.amount) FILTER (WHERE o.code = 'single_family')::integer AS single_family,
               sum(b.amount) FILTER (WHERE o.code = 'multi_family')::integer AS multi_family
        FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
        WHERE b.houseblock_version_id = hv.id) ht ON true
$$;

--
-- Name: houseblock_version_json(plan.houseblock_version); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.houseblock_version_json(v plan.houseblock_version) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT to_jsonb(v)
        || jsonb_build_object('ownership_lines', coalesce((
               SELECT jsonb_agg(to_jsonb(l) - 'houseblock_version_id' ORDER BY l.line_no)
               FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = v.id), '[]'))
        || jsonb_build_object('breakdown', coalesce((
               SELECT jsonb_object_agg(o.code, b.amount ORDER BY o.code)
               FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
               WHERE b.houseblock_version_id = v.id), '{}'))
$$;

--
-- Name: houseblock_cache; Type: TABLE; Schema: publication; Owner: -
--

CREATE TABLE publication.houseblock_cache (
    id uuid NOT NULL,
    project_id uuid,
    name text,
    mutation_kind text,
    amount integer,
    start_date date,
    end_date date,
    delivery_earliest date,
    delivery_latest date,
    size_min_m2 numeric,
    size_max_m2 numeric,
    programming boolean,
    owner_occupied integer,
    private_rental integer,
    social_rental integer,
    single_family integer,
    multi_family integer,
    custom_values jsonb,
    recorded_at timestamp with time zone,
    reference_date date,
    municipality_code text,
    region_code text,
    province_code text,
    geometry public.geometry,
    confidentiality_level smallint,
    owner_group_ids uuid[]
);

--
-- Name: houseblocks_at(date, timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.houseblocks_at(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS SETOF publication.houseblock_cache
    LANGUAGE sql STABLE
    AS $$
    SELECT c.* FROM publication.houseblock_cache c
    WHERE houseblocks_at.reference_date = current_date AND houseblocks_at.as_recorded IS NULL
      AND publication.cache_is_fresh()
      AND plan.viewer_can_see(c.confidentiality_level, c.municipality_code, c.region_code,
                              c.province_code, c.owner_group_ids)
    UNION ALL
    SELECT b.* FROM publication.houseblocks_base(houseblocks_at.reference_date, houseblocks_at.as_recorded) b
    WHERE NOT (houseblocks_at.reference_date = current_date AND houseblocks_at.as_recorded IS NULL
               AND publication.cache_is_fresh())
      AND plan.viewer_can_see(b.confidentiality_level, b.municipality_code, b.region_code,
                              b.province_code, b.owner_group_ids)
$$;

--
-- Name: houseblocks_base(date, timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.houseblocks_base(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(id uuid, project_id uuid, name text, mutation_kind text, amount integer, start_date date, end_date date, delivery_earliest date, delivery_latest date, size_min_m2 numeric, size_max_m2 numeric, programming boolean, owner_occupied integer, private_rental integer, social_rental integer, single_family integer, multi_family integer, custom_values jsonb, recorded_at timestamp with time zone, reference_date date, municipality_code text, region_code text, province_code text, geometry public.geometry, confidentiality_level smallint, owner_group_ids uuid[])
    LANGUAGE sql STABLE
    AS $$
    SELECT h.id, h.project_id, hv.name, hv.mutation_kind, hv.amount,
           hs.date, he.date, hv.delivery_earliest, hv.delivery_latest,
           lower(hv.size_m2), upper(hv.size_m2), hv.programming,
           own.owner_occupied, own.private_rental, own.social_rental,
           ht.single_family, ht.multi_family,
           hv.custom_values, hv.recorded_at, reference_date,
           p.municipality_code, m.region_code, m.province_code, pv.plan_area,
           a.confidentiality_level, a.owner_group_ids
    FROM plan.houseblock h
    JOIN plan.project p ON p.id = h.project_id
    JOIN ref.municipality m ON m.code = p.municipality_code
    CROSS JOIN LATERAL (
        (SELECT x.* FROM plan.houseblock_version x
         WHERE as_recorded IS NULL AND x.houseblock_id = h.id AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to
           AND x.valid_from <= plan.clamp_date(reference_date, h.start_date, h.end_date)
         ORDER BY x.valid_from DESC LIMIT 1)
        UNION ALL
        SELECT y.* FROM plan.houseblock_version_at(reference_date, as_recorded) y
        WHERE as_recorded IS NOT NULL AND y.houseblock_id = h.id) hv
    CROSS JOIN LATERAL (
        (SELECT x.plan_area FROM plan.project_version x
         WHERE as_recorded IS NULL AND x.project_id = p.id AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to
           AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
         ORDER BY x.valid_from DESC LIMIT 1)
        UNION ALL
        SELECT y.plan_area FROM plan.project_version_at(reference_date, as_recorded) y
        WHERE as_recorded IS NOT NULL AND y.project_id = p.id) pv
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN (
            SELECT x.confidentiality_level FROM plan.project_version x
            WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
            ORDER BY x.valid_from DESC LIMIT 1)
        ELSE publication.current_level(p.id, as_recorded) END AS confidentiality_level,
        coalesce((SELECT array_agg(o.user_group_id ORDER BY o.user_group_id) FROM plan.project_owner o
                  WHERE o.project_id = p.id AND plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)),
                 '{}') AS owner_group_ids) a
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN h.start_date
                                    ELSE plan.milestone_date(h.start_milestone_id, as_recorded) END AS date) hs
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN h.end_date
                                    ELSE plan.milestone_date(h.end_milestone_id, as_recorded) END AS date) he
    LEFT JOIN LATERAL (
        SELECT sum(l.amount) FILTER (WHERE l.ownership_type = 'owner_occupied')::integer AS owner_occupied,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'private_rental')::integer AS private_rental,
               sum(l.amount) FILTER (WHERE l.ownership_type = 'social_rental')::integer AS social_rental
        FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = hv.id) own ON true
    LEFT JOIN LATERAL (
        SELECT sum(b.amount) FILTER (WHERE o.code = 'single_family')::integer AS single_family,
               sum(b.amount) FILTER (WHERE o.code = 'multi_family')::integer AS multi_family
        FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
        WHERE b.houseblock_version_id = hv.id) ht ON true
    WHERE plan.recorded_at(h.created_at, h.removed_at, as_recorded)
      AND plan.recorded_at(p.created_at, p.removed_at, as_recorded)
$$;

--
-- Name: largest_remainder(integer, jsonb); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.largest_remainder(total integer, weights jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE
    AS $$
    WITH w AS (SELECT key, value::numeric AS wt FROM jsonb_each_text(weights) WHERE value::numeric > 0),
         s AS (SELECT sum(wt) AS tot FROM w),
         f AS (SELECT key, floor(total * wt / s.tot)::integer AS base,
                      total * wt / s.tot - floor(total * wt / s.tot) AS frac FROM w, s),
         r AS (SELECT key, base, row_number() OVER (ORDER BY frac DESC, key) AS rn FROM f)
    SELECT coalesce(jsonb_object_agg(key, base + CASE WHEN rn <= total - (SELECT sum(base) FROM f)
                                                      THEN 1 ELSE 0 END), '{}')
    FROM r
$$;

--
-- Name: phase_colour(text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.phase_colour(phase text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE phase WHEN 'concept' THEN '#999999' WHEN 'initiative' THEN '#E69F00'
                      WHEN 'definition' THEN '#56B4E9' WHEN 'design' THEN '#009E73'
                      WHEN 'preparation' THEN '#F0E442' WHEN 'realisation' THEN '#0072B2'
                      WHEN 'aftercare' THEN '#CC79A7' ELSE '#000000' END
$$;

--
-- Name: project_access(timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.project_access(as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(project_id uuid, municipality_code text, confidentiality_level smallint, owner_group_ids uuid[])
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, p.municipality_code, cur.level, coalesce(o.owner_group_ids, '{}')
    FROM plan.project p
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN (
            SELECT x.confidentiality_level FROM plan.project_version x
            WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
            ORDER BY x.valid_from DESC LIMIT 1)
        ELSE publication.current_level(p.id, as_recorded) END AS level) cur
    LEFT JOIN publication.project_owners(as_recorded) o ON o.project_id = p.id
    WHERE plan.viewer_can_see(cur.level, p.municipality_code, coalesce(o.owner_group_ids, '{}'))
$$;

--
-- Name: project_changes(uuid); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.project_changes(project uuid) RETURNS TABLE(recorded_at timestamp with time zone, recorded_by uuid, entity text, entity_id uuid, entity_name text, field text, old_value jsonb, new_value jsonb)
    LANGUAGE sql STABLE
    AS $$
    WITH visible AS (
        SELECT p.id FROM publication.projects_at(current_date) p WHERE p.id = project
    ), created AS (
        SELECT min(v.recorded_at) AS at FROM plan.project_version v WHERE v.project_id = project
    ), project_pairs AS (
        SELECT n.recorded_at, n.recorded_by, n.project_id AS entity_id, n.name,
               to_jsonb(o) || jsonb_build_object('plan_area', round(ST_Area(o.plan_area))) AS old,
               to_jsonb(n) || jsonb_build_object('plan_area', round(ST_Area(n.plan_area))) AS new
        FROM plan.project_version n JOIN visible ON visible.id = n.project_id
        LEFT JOIN plan.project_version o ON o.project_id = n.project_id
            AND o.superseded_at = n.recorded_at AND o.valid_to_milestone_id = n.valid_to_milestone_id
        WHERE o.id IS NOT NULL OR n.recorded_at = (SELECT at FROM created)
    ), houseblock_pairs AS (
        SELECT n.recorded_at, n.recorded_by, n.houseblock_id AS entity_id, n.name,
               publication.houseblock_version_json(o) AS old, publication.houseblock_version_json(n) AS new
        FROM plan.houseblock h JOIN visible ON visible.id = h.project_id
        JOIN plan.houseblock_version n ON n.houseblock_id = h.id
        LEFT JOIN plan.houseblock_version o ON o.houseblock_id = n.houseblock_id
            AND o.superseded_at = n.recorded_at AND o.valid_to_milestone_id = n.valid_to_milestone_id
        WHERE o.id IS NOT NULL OR n.recorded_at = (
            SELECT min(x.recorded_at) FROM plan.houseblock_version x WHERE x.houseblock_id = h.id)
    ), milestone_pairs AS (
        SELECT n.recorded_at, n.recorded_by, n.milestone_id AS entity_id,
               coalesce(n.description, n.date::text) AS name, to_jsonb(o) AS old, to_jsonb(n) AS new
        FROM plan.milestone m JOIN visible ON visible.id = m.project_id
        JOIN plan.milestone_version n ON n.milestone_id = m.id
        LEFT JOIN plan.milestone_version o ON o.milestone_id = n.milestone_id
            AND o.superseded_at = n.recorded_at
        WHERE o.id IS NOT NULL OR n.recorded_at > (SELECT at FROM created)
    ), owner_changes AS (
        SELECT o.recorded_at AS at, o.recorded_by, o.user_group_id, true AS added
        FROM plan.project_owner o JOIN visible ON visible.id = o.project_id
        WHERE o.recorded_at > (SELECT at FROM created)
        UNION ALL
        SELECT o.superseded_at, NULL, o.user_group_id, false
        FROM plan.project_owner o JOIN visible ON visible.id = o.project_id
        WHERE o.superseded_at IS NOT NULL
    )
    SELECT p.recorded_at, p.recorded_by, 'project', p.entity_id, p.name, f.*
    FROM project_pairs p, publication.changed_fields(p.old, p.new, publication.version_skip()) f
    UNION ALL
    SELECT h.recorded_at, h.recorded_by, 'houseblock', h.entity_id, h.name, f.*
    FROM houseblock_pairs h,
         publication.changed_fields(h.old, h.new, publication.version_skip()) f
    UNION ALL
    SELECT m.recorded_at, m.recorded_by, 'milestone', m.entity_id, m.name, f.*
    FROM milestone_pairs m, publication.changed_fields(m.old, m.new, publication.version_skip()) f
    UNION ALL
    SELECT c.at, max(c.recorded_by::text)::uuid, 'owners', project, NULL, 'owner_group_ids',
           to_jsonb(array_agg(g.name ORDER BY g.name) FILTER (WHERE NOT c.added)),
           to_jsonb(array_agg(g.name ORDER BY g.name) FILTER (WHERE c.added))
    FROM owner_changes c JOIN auth.user_group g ON g.id = c.user_group_id
    GROUP BY c.at
$$;

--
-- Name: project_history(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.project_history() RETURNS TABLE(version_id uuid, id uuid, municipal_id text, municipality_code text, name text, phase text, planning_status text, plan_types text[], confidentiality_level text, priority text, municipality_roles text[], district_codes text[], neighbourhood_codes text[], colour text, area_source text, area_ha numeric, custom_values jsonb, valid_from date, valid_to date, recorded_at timestamp with time zone, superseded_at timestamp with time zone, removed_at timestamp with time zone, geometry public.geometry)
    LANGUAGE sql STABLE
    AS $$
    SELECT v.id, p.id, p.municipal_id, p.municipality_code, v.name, v.phase, v.planning_status,
           v.plan_types, cl.code, v.priority, v.municipality_roles, v.district_codes,
           v.neighbourhood_codes, v.colour, v.area_source,
           round((ST_Area(v.plan_area) / 10000)::numeric, 2), v.custom_values, f.date, t.date,
           v.recorded_at, v.superseded_at, p.removed_at, v.plan_area
    FROM publication.project_access() a
    JOIN plan.project p ON p.id = a.project_id
    JOIN plan.project_version v ON v.project_id = p.id
    JOIN ref.confidentiality_level cl ON cl.rank = v.confidentiality_level
    LEFT JOIN plan.milestone_version f ON f.milestone_id = v.valid_from_milestone_id
        AND f.superseded_at IS NULL
    LEFT JOIN plan.milestone_version t ON t.milestone_id = v.valid_to_milestone_id
        AND t.superseded_at IS NULL
$$;

--
-- Name: project_owners(timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.project_owners(as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(project_id uuid, owner_group_ids uuid[])
    LANGUAGE sql STABLE
    AS $$
    SELECT o.project_id, array_agg(o.user_group_id ORDER BY o.user_group_id)
    FROM plan.project_owner o
    WHERE plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)
    GROUP BY o.project_id
$$;

--
-- Name: project_cache; Type: TABLE; Schema: publication; Owner: -
--

CREATE TABLE publication.project_cache (
    id uuid NOT NULL,
    municipal_id text,
    name text,
    municipality_code text,
    municipality_name text,
    province_code text,
    region_code text,
    phase text,
    phase_label text,
    planning_status text,
    planning_status_label text,
    planning_status_hard boolean,
    counts_as_plan_capacity boolean,
    plan_types text[],
    confidentiality_level text,
    priority text,
    municipality_roles text[],
    district_codes text[],
    neighbourhood_codes text[],
    start_date date,
    end_date date,
    status text,
    construction_amount integer,
    demolition_amount integer,
    gross_plan_capacity integer,
    net_plan_capacity integer,
    houseblock_count integer,
    colour text,
    area_source text,
    area_ha numeric,
    custom_values jsonb,
    recorded_at timestamp with time zone,
    reference_date date,
    geometry public.geometry,
    confidentiality_rank smallint,
    owner_group_ids uuid[]
);

--
-- Name: projects_at(date, timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.projects_at(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS SETOF publication.project_cache
    LANGUAGE sql STABLE
    AS $$
    SELECT c.* FROM publication.project_cache c
    WHERE projects_at.reference_date = current_date AND projects_at.as_recorded IS NULL
      AND publication.cache_is_fresh()
      AND plan.viewer_can_see(c.confidentiality_rank, c.municipality_code, c.region_code,
                              c.province_code, c.owner_group_ids)
    UNION ALL
    SELECT b.* FROM publication.projects_base(projects_at.reference_date, projects_at.as_recorded) b
    WHERE NOT (projects_at.reference_date = current_date AND projects_at.as_recorded IS NULL
               AND publication.cache_is_fresh())
      AND plan.viewer_can_see(b.confidentiality_rank, b.municipality_code, b.region_code,
                              b.province_code, b.owner_group_ids)
$$;

--
-- Name: projects_base(date, timestamp with time zone); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.projects_base(reference_date date, as_recorded timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(id uuid, municipal_id text, name text, municipality_code text, municipality_name text, province_code text, region_code text, phase text, phase_label text, planning_status text, planning_status_label text, planning_status_hard boolean, counts_as_plan_capacity boolean, plan_types text[], confidentiality_level text, priority text, municipality_roles text[], district_codes text[], neighbourhood_codes text[], start_date date, end_date date, status text, construction_amount integer, demolition_amount integer, gross_plan_capacity integer, net_plan_capacity integer, houseblock_count integer, colour text, area_source text, area_ha numeric, custom_values jsonb, recorded_at timestamp with time zone, reference_date date, geometry public.geometry, confidentiality_rank smallint, owner_group_ids uuid[])
    LANGUAGE sql STABLE
    AS $$
    SELECT p.id, p.municipal_id, v.name, p.municipality_code, m.name, m.province_code, m.region_code,
           v.phase, ph.label_nl, v.planning_status, ps.label_nl, ps.is_hard,
           coalesce(ps.counts_as_capacity, true), v.plan_types, cl.code,
           v.priority, v.municipality_roles, v.district_codes, v.neighbourhood_codes,
           s.date, e.date,
           CASE WHEN reference_date < s.date THEN 'future'
                WHEN reference_date >= e.date THEN 'completed' ELSE 'running' END,
           coalesce(cap.construction, 0), coalesce(cap.demolition, 0),
           CASE WHEN coalesce(ps.counts_as_capacity, true) THEN coalesce(cap.construction, 0) ELSE 0 END,
           CASE WHEN coalesce(ps.counts_as_capacity, true)
                THEN coalesce(cap.construction, 0) - coalesce(cap.demolition, 0) ELSE 0 END,
           coalesce(cap.houseblocks, 0),
           v.colour, v.area_source, round((ST_Area(v.plan_area) / 10000)::numeric, 2), v.custom_values,
           v.recorded_at, reference_date, v.plan_area, a.confidentiality_level, a.owner_group_ids
    FROM plan.project p
    CROSS JOIN LATERAL (
        (SELECT x.* FROM plan.project_version x
         WHERE as_recorded IS NULL AND x.project_id = p.id AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to
           AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
         ORDER BY x.valid_from DESC LIMIT 1)
        UNION ALL
        SELECT y.* FROM plan.project_version_at(reference_date, as_recorded) y
        WHERE as_recorded IS NOT NULL AND y.project_id = p.id) v
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN (
            SELECT x.confidentiality_level FROM plan.project_version x
            WHERE x.project_id = p.id AND x.superseded_at IS NULL AND x.valid_from < x.valid_to
              AND x.valid_from <= plan.clamp_date(current_date, p.start_date, p.end_date)
            ORDER BY x.valid_from DESC LIMIT 1)
        ELSE publication.current_level(p.id, as_recorded) END AS confidentiality_level,
        coalesce((SELECT array_agg(o.user_group_id ORDER BY o.user_group_id) FROM plan.project_owner o
                  WHERE o.project_id = p.id AND plan.recorded_at(o.recorded_at, o.superseded_at, as_recorded)),
                 '{}') AS owner_group_ids) a
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN p.start_date
                                    ELSE plan.milestone_date(p.start_milestone_id, as_recorded) END AS date) s
    CROSS JOIN LATERAL (SELECT CASE WHEN as_recorded IS NULL THEN p.end_date
                                    ELSE plan.milestone_date(p.end_milestone_id, as_recorded) END AS date) e
    JOIN ref.municipality m ON m.code = p.municipality_code
    JOIN ref.project_phase ph ON ph.code = v.phase
    JOIN ref.confidentiality_level cl ON cl.rank = a.confidentiality_level
    LEFT JOIN ref.planning_status ps ON ps.code = v.planning_status
    LEFT JOIN LATERAL (
        SELECT (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'construction'))::integer AS construction,
               (sum(hv.amount) FILTER (WHERE hv.mutation_kind = 'demolition'))::integer AS demolition,
               count(*)::integer AS houseblocks
        FROM plan.houseblock h
        CROSS JOIN LATERAL (
            (SELECT x.mutation_kind, x.amount FROM plan.houseblock_version x
             WHERE as_recorded IS NULL AND x.houseblock_id = h.id AND x.superseded_at IS NULL
               AND x.valid_from < x.valid_to
               AND x.valid_from <= plan.clamp_date(reference_date, h.start_date, h.end_date)
             ORDER BY x.valid_from DESC LIMIT 1)
            UNION ALL
            SELECT y.mutation_kind, y.amount FROM plan.houseblock_version_at(reference_date, as_recorded) y
            WHERE as_recorded IS NOT NULL AND y.houseblock_id = h.id) hv
        WHERE h.project_id = p.id AND plan.recorded_at(h.created_at, h.removed_at, as_recorded)) cap ON true
    WHERE plan.recorded_at(p.created_at, p.removed_at, as_recorded)
$$;

--
-- Name: rebuild_access_cache(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.rebuild_access_cache() RETURNS void
    LANGUAGE sql
    AS $$
    DELETE FROM publication.access_cache;
    INSERT INTO publication.access_cache SELECT * FROM plan.project_access_rows(current_date);
$$;

--
-- Name: rebuild_cache(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.rebuild_cache() RETURNS integer
    LANGUAGE plpgsql
    AS $$
DECLARE
    n integer;
BEGIN
    LOCK TABLE publication.cache_state IN EXCLUSIVE MODE;
    DELETE FROM publication.project_cache;
    INSERT INTO publication.project_cache SELECT * FROM publication.projects_base(current_date);
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM publication.houseblock_cache;
    INSERT INTO publication.houseblock_cache SELECT * FROM publication.houseblocks_base(current_date);
    PERFORM publication.rebuild_access_cache();
    UPDATE publication.cache_state SET as_of = current_date, rebuilt_at = now();
    RETURN n;
END $$;

--
-- Name: refresh_access_cache(uuid[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.refresh_access_cache(ids uuid[]) RETURNS void
    LANGUAGE sql
    AS $$
    DELETE FROM publication.access_cache WHERE project_id = ANY (ids);
    INSERT INTO publication.access_cache
        SELECT * FROM plan.project_access_rows(current_date) a WHERE a.project_id = ANY (ids);
$$;

--
-- Name: refresh_cache_if_stale(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.refresh_cache_if_stale() RETURNS boolean
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF publication.cache_is_fresh() THEN RETURN false; END IF;
    PERFORM publication.rebuild_cache();
    RETURN true;
END $$;

--
-- Name: refresh_projects(uuid[]); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.refresh_projects(ids uuid[]) RETURNS void
    LANGUAGE sql
    AS $$
    DELETE FROM publication.project_cache WHERE id = ANY (ids);
    INSERT INTO publication.project_cache
        SELECT * FROM publication.projects_base(current_date) b WHERE b.id = ANY (ids);
    DELETE FROM publication.houseblock_cache WHERE project_id = ANY (ids);
    INSERT INTO publication.houseblock_cache
        SELECT * FROM publication.houseblocks_base(current_date) b WHERE b.project_id = ANY (ids);
    SELECT publication.refresh_access_cache(ids);
$$;

--
-- Name: registry_integer(text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.registry_integer(value text) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT CASE WHEN value ~ '^\s*-?\d{1,9}\s*$' THEN value::integer END
$_$;

--
-- Name: registry_number(text); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.registry_number(value text) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $_$
    SELECT CASE WHEN value ~ '^\s*-?\d+(\.\d+)?\s*$' THEN value::numeric END
$_$;

--
-- Name: version_skip(); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.version_skip() RETURNS text[]
    LANGUAGE sql IMMUTABLE
    AS $$
    SELECT ARRAY['id', 'project_id', 'houseblock_id', 'milestone_id', 'valid_from_milestone_id',
                 'valid_to_milestone_id', 'valid_from', 'valid_to', 'recorded_at', 'superseded_at',
                 'recorded_by', 'location']
$$;

--
-- Name: visible_project_ids_in(public.geometry); Type: FUNCTION; Schema: publication; Owner: -
--

CREATE FUNCTION publication.visible_project_ids_in(area public.geometry) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER ROWS 500
    SET search_path TO 'pg_catalog', 'public', 'pg_temp'
    AS $$
    SELECT DISTINCT v.project_id
    FROM plan.project_version v
    JOIN publication.access_cache a ON a.project_id = v.project_id
    WHERE v.plan_area && area AND v.superseded_at IS NULL
      AND plan.can_see_project(a.level_from, a.level_until, a.project_id, a.confidentiality_level,
                               a.municipality_code, a.region_code, a.province_code, a.owner_group_ids,
                               (SELECT plan.viewer_owner_groups()), (SELECT plan.viewer_min_level()),
                               (SELECT plan.viewer_area('municipality')),
                               (SELECT plan.viewer_area('region')),
                               (SELECT plan.viewer_area('province')))
$$;

--
-- Name: alert_preference; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.alert_preference (
    user_id uuid NOT NULL,
    delivery text DEFAULT 'immediate'::text NOT NULL,
    scope text DEFAULT 'mine'::text NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT alert_delivery_unknown CHECK ((delivery = ANY (ARRAY['immediate'::text, 'daily_digest'::text]))),
    CONSTRAINT alert_scope_unknown CHECK ((scope = ANY (ARRAY['mine'::text, 'followed'::text])))
);

--
-- Name: api_token; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.api_token (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    name text NOT NULL,
    token_hash text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    last_used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT api_token_hash_invalid CHECK ((token_hash ~ '^[0-9a-f]{64}$'::text)),
    CONSTRAINT api_token_name_missing CHECK ((btrim(name) <> ''::text))
);

--
-- Name: app_user; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.app_user (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    email text NOT NULL,
    username text,
    password text,
    active boolean DEFAULT true NOT NULL,
    fs_uniquifier text NOT NULL,
    confirmed_at timestamp with time zone,
    last_login_at timestamp with time zone,
    current_login_at timestamp with time zone,
    last_login_ip text,
    current_login_ip text,
    login_count integer,
    tf_primary_method text,
    tf_totp_secret text,
    tf_phone_number text,
    us_totp_secrets text,
    us_phone_number text,
    fs_webauthn_user_handle text,
    mf_recovery_codes text,
    first_name text NOT NULL,
    prefixes text,
    last_name text NOT NULL,
    organisation text,
    municipality_code text,
    region_code text,
    province_code text,
    is_system boolean DEFAULT false NOT NULL,
    create_datetime timestamp with time zone DEFAULT now() NOT NULL,
    update_datetime timestamp with time zone DEFAULT now() NOT NULL,
    locked_until timestamp with time zone,
    oidc_subject text,
    invited_at timestamp with time zone,
    CONSTRAINT user_email_invalid CHECK ((email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'::text))
);

--
-- Name: failed_login; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.failed_login (
    id bigint NOT NULL,
    user_id uuid NOT NULL,
    auth_type text NOT NULL,
    failed_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: failed_login_id_seq; Type: SEQUENCE; Schema: auth; Owner: -
--

ALTER TABLE auth.failed_login ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME auth.failed_login_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: municipality_setting; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.municipality_setting (
    municipality_code text NOT NULL,
    two_factor_required boolean DEFAULT false NOT NULL,
    update_datetime timestamp with time zone DEFAULT now() NOT NULL,
    dashboard_min_bucket integer DEFAULT 3 NOT NULL,
    alert_lead_days integer DEFAULT 14 NOT NULL,
    forecast_end_milestone boolean DEFAULT false NOT NULL,
    CONSTRAINT alert_lead_days_invalid CHECK (((alert_lead_days >= 0) AND (alert_lead_days <= 365))),
    CONSTRAINT dashboard_min_bucket_invalid CHECK (((dashboard_min_bucket >= 1) AND (dashboard_min_bucket <= 100)))
);

--
-- Name: role; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.role (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    name text NOT NULL,
    label_nl text NOT NULL,
    description text,
    permissions text,
    update_datetime timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT role_name_check CHECK ((name ~ '^[a-z_]+$'::text))
);

--
-- Name: user_group; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.user_group (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    name text NOT NULL,
    single_user boolean DEFAULT false NOT NULL,
    organisation text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_group_name_check CHECK ((btrim(name) <> ''::text))
);

--
-- Name: user_group_member; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.user_group_member (
    user_group_id uuid NOT NULL,
    user_id uuid NOT NULL
);

--
-- Name: user_preference; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.user_preference (
    user_id uuid NOT NULL,
    key text NOT NULL,
    value jsonb NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_preference_key_check CHECK ((key ~ '^[a-z_]+$'::text))
);

--
-- Name: user_role; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.user_role (
    user_id uuid NOT NULL,
    role_id uuid NOT NULL
);

--
-- Name: webauthn; Type: TABLE; Schema: auth; Owner: -
--

CREATE TABLE auth.webauthn (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    user_id uuid NOT NULL,
    name text NOT NULL,
    credential_id bytea NOT NULL,
    public_key bytea NOT NULL,
    sign_count integer DEFAULT 0 NOT NULL,
    transports text,
    backup_state boolean DEFAULT false NOT NULL,
    device_type text NOT NULL,
    extensions text,
    usage text NOT NULL,
    create_datetime timestamp with time zone DEFAULT now() NOT NULL,
    lastuse_datetime timestamp with time zone NOT NULL,
    CONSTRAINT webauthn_credential_id_invalid CHECK (((octet_length(credential_id) >= 1) AND (octet_length(credential_id) <= 1024))),
    CONSTRAINT webauthn_name_invalid CHECK (((btrim(name) <> ''::text) AND (char_length(name) <= 64))),
    CONSTRAINT webauthn_sign_count_invalid CHECK ((sign_count >= 0)),
    CONSTRAINT webauthn_usage_invalid CHECK ((usage = ANY (ARRAY['first'::text, 'secondary'::text])))
);

--
-- Name: adres; Type: TABLE; Schema: bag; Owner: -
--

CREATE TABLE bag.adres (
    identificatie text NOT NULL,
    feature_id text,
    adresseerbaar_object_identificatie text,
    adresseerbaar_object_type text,
    openbare_ruimte_naam text,
    huisnummer integer,
    huisletter text,
    toevoeging text,
    postcode text,
    woonplaats_naam text,
    geometry public.geometry(Point,28992) NOT NULL,
    ingest_run_id bigint NOT NULL,
    ingest_hash text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: pand; Type: TABLE; Schema: bag; Owner: -
--

CREATE TABLE bag.pand (
    identificatie text NOT NULL,
    feature_id text,
    bouwjaar integer,
    status text,
    gebruiksdoel text,
    oppervlakte_min integer,
    oppervlakte_max integer,
    aantal_verblijfsobjecten integer,
    documentdatum date,
    documentnummer text,
    geconstateerd text,
    rdf_seealso text,
    geometry public.geometry(MultiPolygon,28992) NOT NULL,
    ingest_run_id bigint NOT NULL,
    ingest_hash text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: verblijfsobject; Type: TABLE; Schema: bag; Owner: -
--

CREATE TABLE bag.verblijfsobject (
    identificatie text NOT NULL,
    feature_id text,
    status text,
    gebruiksdoel text,
    oppervlakte integer,
    pand_href text[],
    pandidentificatie text[],
    openbare_ruimte_naam text,
    huisnummer integer,
    huisletter text,
    toevoeging text,
    postcode text,
    woonplaats_naam text,
    hoofdadres_identificatie text,
    documentdatum date,
    documentnummer text,
    geconstateerd text,
    rdf_seealso text,
    geometry public.geometry(Point,28992) NOT NULL,
    ingest_run_id bigint NOT NULL,
    ingest_hash text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: object; Type: TABLE; Schema: bgt; Owner: -
--

CREATE TABLE bgt.object (
    collection text NOT NULL,
    lokaal_id text NOT NULL,
    properties jsonb NOT NULL,
    geometry public.geometry(Geometry,28992) NOT NULL,
    ingest_run_id bigint NOT NULL,
    ingest_hash text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: object; Type: TABLE; Schema: bor; Owner: -
--

CREATE TABLE bor.object (
    layer text NOT NULL,
    source_id text NOT NULL,
    properties jsonb NOT NULL,
    geometry public.geometry(Geometry,28992) NOT NULL,
    ingest_run_id bigint NOT NULL,
    ingest_hash text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: perceel; Type: TABLE; Schema: brk; Owner: -
--

CREATE TABLE brk.perceel (
    identificatie_lokaal_id text NOT NULL,
    identificatie_namespace text,
    kadastrale_gemeente_code text,
    kadastrale_gemeente_waarde text,
    akr_kadastrale_gemeente_code_code text,
    akr_kadastrale_gemeente_code_waarde text NOT NULL,
    sectie text NOT NULL,
    perceelnummer integer NOT NULL,
    kadastrale_grootte_waarde numeric,
    soort_grootte_code text,
    soort_grootte_waarde text,
    begin_geldigheid timestamp with time zone,
    tijdstip_registratie timestamp with time zone,
    volgnummer integer,
    status_historie_code text,
    status_historie_waarde text,
    geometry public.geometry(MultiPolygon,28992) NOT NULL,
    ingest_run_id bigint NOT NULL,
    ingest_hash text NOT NULL,
    ingested_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: run_change; Type: TABLE; Schema: ingest; Owner: -
--

CREATE TABLE ingest.run_change (
    run_id bigint NOT NULL,
    collection text NOT NULL,
    source_id text NOT NULL,
    change text NOT NULL,
    CONSTRAINT run_change_change_check CHECK ((change = ANY (ARRAY['added'::text, 'changed'::text, 'removed'::text])))
);

--
-- Name: run_id_seq; Type: SEQUENCE; Schema: ingest; Owner: -
--

ALTER TABLE ingest.run ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME ingest.run_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: staged_feature; Type: TABLE; Schema: ingest; Owner: -
--

CREATE TABLE ingest.staged_feature (
    run_id bigint NOT NULL,
    collection text NOT NULL,
    source_id text NOT NULL,
    properties jsonb NOT NULL,
    geometry public.geometry NOT NULL
);

--
-- Name: schema_migration; Type: TABLE; Schema: meta; Owner: -
--

CREATE TABLE meta.schema_migration (
    version text NOT NULL,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL,
    applied_by text DEFAULT CURRENT_USER NOT NULL,
    duration_ms integer NOT NULL
);

--
-- Name: dashboard_blueprint; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.dashboard_blueprint (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    name text NOT NULL,
    components jsonb DEFAULT '[]'::jsonb NOT NULL,
    goal_category_ids uuid[] DEFAULT '{}'::uuid[] NOT NULL,
    created_by uuid,
    updated_by uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT blueprint_components_invalid CHECK ((jsonb_typeof(components) = 'array'::text)),
    CONSTRAINT blueprint_name_blank CHECK ((btrim(name) <> ''::text))
);

--
-- Name: dashboard_blueprint_share; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.dashboard_blueprint_share (
    blueprint_id uuid NOT NULL,
    user_group_id uuid NOT NULL
);

--
-- Name: delivery_field_mapping; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.delivery_field_mapping (
    municipality_code text NOT NULL,
    template_id text NOT NULL,
    field_name text NOT NULL,
    property_id uuid NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid
);

--
-- Name: delivery_option_mapping; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.delivery_option_mapping (
    municipality_code text NOT NULL,
    template_id text NOT NULL,
    field_name text NOT NULL,
    province_option text NOT NULL,
    property_option_id uuid NOT NULL
);

--
-- Name: delivery_price_mapping; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.delivery_price_mapping (
    municipality_code text NOT NULL,
    template_id text NOT NULL,
    price_category_id uuid NOT NULL,
    band text NOT NULL,
    CONSTRAINT delivery_price_mapping_band_check CHECK ((band ~ '^(KOOP[1-4]|KOOP_ONB|HUUR[1-4]|HUUR_ONB)$'::text))
);

--
-- Name: goal; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.goal (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    removed_at timestamp with time zone,
    removed_by uuid
);

--
-- Name: goal_category; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.goal_category (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    name text NOT NULL,
    sort_order integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by uuid,
    removed_at timestamp with time zone,
    removed_by uuid,
    CONSTRAINT goal_category_name_blank CHECK ((btrim(name) <> ''::text))
);

--
-- Name: goal_version; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.goal_version (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    goal_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    superseded_at timestamp with time zone,
    recorded_by uuid,
    category_id uuid NOT NULL,
    name text NOT NULL,
    description text,
    kind text NOT NULL,
    direction text NOT NULL,
    measure text DEFAULT 'construction'::text NOT NULL,
    target numeric(16,2) NOT NULL,
    period_start date NOT NULL,
    period_end date NOT NULL,
    conditions jsonb DEFAULT '[]'::jsonb NOT NULL,
    district_codes text[] DEFAULT '{}'::text[] NOT NULL,
    neighbourhood_codes text[] DEFAULT '{}'::text[] NOT NULL,
    area public.geometry(MultiPolygon,28992),
    CONSTRAINT goal_conditions_not_list CHECK ((jsonb_typeof(conditions) = 'array'::text)),
    CONSTRAINT goal_direction_unknown CHECK ((direction = ANY (ARRAY['minimum'::text, 'maximum'::text]))),
    CONSTRAINT goal_kind_unknown CHECK ((kind = ANY (ARRAY['number'::text, 'percentage'::text]))),
    CONSTRAINT goal_measure_unknown CHECK ((measure = ANY (ARRAY['construction'::text, 'demolition'::text, 'net'::text]))),
    CONSTRAINT goal_name_blank CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT goal_percentage_above_100 CHECK (((kind <> 'percentage'::text) OR (target <= (100)::numeric))),
    CONSTRAINT goal_period_out_of_order CHECK ((period_end > period_start)),
    CONSTRAINT goal_target_negative CHECK ((target >= (0)::numeric)),
    CONSTRAINT recorded_period_invalid CHECK (((superseded_at IS NULL) OR (superseded_at > recorded_at)))
);

--
-- Name: houseblock_breakdown; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.houseblock_breakdown (
    houseblock_version_id uuid NOT NULL,
    option_id uuid NOT NULL,
    amount integer NOT NULL,
    CONSTRAINT breakdown_amount_negative CHECK ((amount >= 0))
);

--
-- Name: houseblock_ownership_line; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.houseblock_ownership_line (
    houseblock_version_id uuid NOT NULL,
    line_no smallint NOT NULL,
    ownership_type text NOT NULL,
    amount integer NOT NULL,
    price_cents bigint,
    price_range_cents int8range,
    price_category_id uuid,
    house_type text,
    CONSTRAINT ownership_amount_negative CHECK ((amount >= 0)),
    CONSTRAINT ownership_house_type_unknown CHECK ((house_type = ANY (ARRAY['single_family'::text, 'multi_family'::text]))),
    CONSTRAINT price_ambiguous CHECK ((num_nonnulls(price_cents, price_range_cents, price_category_id) <= 1)),
    CONSTRAINT price_negative CHECK ((price_cents >= 0)),
    CONSTRAINT price_range_invalid CHECK (((price_range_cents IS NULL) OR ((NOT isempty(price_range_cents)) AND (NOT lower_inf(price_range_cents)) AND (lower(price_range_cents) >= 0))))
);

--
-- Name: key_project; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.key_project (
    project_id uuid NOT NULL,
    is_key boolean NOT NULL,
    marked_by uuid,
    marked_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: milestone; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.milestone (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    project_id uuid NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: milestone_version; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.milestone_version (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    milestone_id uuid NOT NULL,
    date date NOT NULL,
    status text DEFAULT 'planned'::text NOT NULL,
    description text,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    superseded_at timestamp with time zone,
    recorded_by uuid,
    CONSTRAINT recorded_period_invalid CHECK (((superseded_at IS NULL) OR (superseded_at > recorded_at)))
);

--
-- Name: notice; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.notice (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    user_group_id uuid NOT NULL,
    project_id uuid,
    kind text NOT NULL,
    message_nl text NOT NULL,
    details jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    read_at timestamp with time zone,
    read_by uuid,
    CONSTRAINT notice_message_blank CHECK ((btrim(message_nl) <> ''::text)),
    CONSTRAINT notice_read_by_without_read_at CHECK (((read_by IS NULL) OR (read_at IS NOT NULL)))
);

--
-- Name: outbox; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.outbox (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    tx xid8 DEFAULT pg_current_xact_id() NOT NULL,
    entity text NOT NULL,
    entity_id uuid NOT NULL,
    project_id uuid NOT NULL,
    municipality_code text NOT NULL,
    change text NOT NULL,
    fields text[] DEFAULT '{}'::text[] NOT NULL,
    confidentiality_level smallint,
    occurred_at timestamp with time zone DEFAULT now() NOT NULL,
    dispatched_at timestamp with time zone,
    CONSTRAINT outbox_change_check CHECK ((change = ANY (ARRAY['created'::text, 'changed'::text, 'removed'::text]))),
    CONSTRAINT outbox_entity_check CHECK ((entity = ANY (ARRAY['project'::text, 'houseblock'::text, 'milestone'::text])))
);

--
-- Name: parcel_issue; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.parcel_issue (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    project_id uuid NOT NULL,
    cadastral_municipality_code text NOT NULL,
    section text NOT NULL,
    parcel_number integer NOT NULL,
    since_run_id bigint,
    detected_at timestamp with time zone DEFAULT now() NOT NULL,
    resolved_at timestamp with time zone,
    resolved_by uuid,
    CONSTRAINT parcel_issue_resolved_by_without_resolved_at CHECK (((resolved_by IS NULL) OR (resolved_at IS NOT NULL)))
);

--
-- Name: price_category; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.price_category (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text,
    price_kind text NOT NULL,
    name text NOT NULL,
    min_cents bigint NOT NULL,
    max_cents bigint,
    valid_from date NOT NULL,
    valid_to date,
    CONSTRAINT price_category_bounds_invalid CHECK (((max_cents IS NULL) OR (max_cents >= min_cents))),
    CONSTRAINT price_category_min_cents_check CHECK ((min_cents >= 0)),
    CONSTRAINT price_category_period_invalid CHECK (((valid_to IS NULL) OR (valid_to > valid_from))),
    CONSTRAINT price_category_price_kind_check CHECK ((price_kind = ANY (ARRAY['purchase'::text, 'rent'::text])))
);

--
-- Name: process_dependency; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.process_dependency (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    from_step_id uuid NOT NULL,
    to_step_id uuid NOT NULL,
    kind text DEFAULT 'finish_to_start'::text NOT NULL,
    lag_days integer DEFAULT 0 NOT NULL,
    CONSTRAINT process_dependency_kind_check CHECK ((kind = ANY (ARRAY['finish_to_start'::text, 'start_to_start'::text]))),
    CONSTRAINT process_dependency_self CHECK ((from_step_id <> to_step_id))
);

--
-- Name: process_step; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.process_step (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    project_id uuid NOT NULL,
    stream text NOT NULL,
    name text NOT NULL,
    planned_start date NOT NULL,
    planned_end date NOT NULL,
    actual_start date,
    actual_end date,
    responsible_user_id uuid,
    responsible_group_id uuid,
    responsible_organisation text,
    changed_by uuid,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT process_step_dates_out_of_order CHECK (((planned_end >= planned_start) AND ((actual_end IS NULL) OR ((actual_start IS NOT NULL) AND (actual_end >= actual_start))))),
    CONSTRAINT process_step_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT process_step_one_responsible CHECK ((num_nonnulls(responsible_user_id, responsible_group_id, NULLIF(btrim(responsible_organisation), ''::text)) <= 1)),
    CONSTRAINT process_step_stream_check CHECK ((stream = ANY (ARRAY['public'::text, 'private'::text])))
);

--
-- Name: process_summary; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.process_summary (
    project_id uuid NOT NULL,
    computed_at timestamp with time zone DEFAULT now() NOT NULL,
    delivery_date date,
    steps_total integer DEFAULT 0 NOT NULL,
    steps_done integer DEFAULT 0 NOT NULL,
    steps_running integer DEFAULT 0 NOT NULL,
    steps_late integer DEFAULT 0 NOT NULL,
    steps jsonb DEFAULT '[]'::jsonb NOT NULL,
    critical_steps text[] DEFAULT '{}'::text[] NOT NULL,
    bottlenecks jsonb DEFAULT '[]'::jsonb NOT NULL,
    acceleration jsonb DEFAULT '[]'::jsonb NOT NULL,
    problem text,
    CONSTRAINT process_summary_lists CHECK (((jsonb_typeof(steps) = 'array'::text) AND (jsonb_typeof(bottlenecks) = 'array'::text) AND (jsonb_typeof(acceleration) = 'array'::text)))
);

--
-- Name: process_template; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.process_template (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text,
    name text NOT NULL,
    CONSTRAINT process_template_name_check CHECK ((btrim(name) <> ''::text))
);

--
-- Name: process_template_dependency; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.process_template_dependency (
    template_id uuid NOT NULL,
    from_position smallint NOT NULL,
    to_position smallint NOT NULL,
    kind text DEFAULT 'finish_to_start'::text NOT NULL,
    lag_days integer DEFAULT 0 NOT NULL,
    CONSTRAINT process_dependency_self CHECK ((from_position <> to_position)),
    CONSTRAINT process_template_dependency_kind_check CHECK ((kind = ANY (ARRAY['finish_to_start'::text, 'start_to_start'::text])))
);

--
-- Name: process_template_step; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.process_template_step (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    template_id uuid NOT NULL,
    "position" smallint NOT NULL,
    stream text NOT NULL,
    name text NOT NULL,
    duration_days integer NOT NULL,
    CONSTRAINT process_template_step_duration_days_check CHECK ((duration_days >= 0)),
    CONSTRAINT process_template_step_name_check CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT process_template_step_stream_check CHECK ((stream = ANY (ARRAY['public'::text, 'private'::text])))
);

--
-- Name: project_building; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.project_building (
    project_version_id uuid NOT NULL,
    identificatie text NOT NULL,
    building_geometry public.geometry(MultiPolygon,28992) NOT NULL
);

--
-- Name: project_follower; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.project_follower (
    project_id uuid NOT NULL,
    user_id uuid NOT NULL,
    followed_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: project_owner; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.project_owner (
    project_id uuid NOT NULL,
    user_group_id uuid NOT NULL,
    recorded_at timestamp with time zone DEFAULT now() NOT NULL,
    superseded_at timestamp with time zone,
    recorded_by uuid,
    CONSTRAINT recorded_period_invalid CHECK (((superseded_at IS NULL) OR (superseded_at > recorded_at)))
);

--
-- Name: project_parcel; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.project_parcel (
    project_version_id uuid NOT NULL,
    cadastral_municipality_code text NOT NULL,
    section text NOT NULL,
    parcel_number integer NOT NULL,
    parcel_geometry public.geometry(MultiPolygon,28992),
    subselection public.geometry(MultiPolygon,28992),
    CONSTRAINT cadastral_designation_invalid CHECK (((cadastral_municipality_code ~ '^[A-Z]{3}[0-9]{2}$'::text) AND (section ~ '^[A-Z]{1,2}$'::text) AND (parcel_number > 0)))
);

--
-- Name: property_option; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.property_option (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    property_id uuid NOT NULL,
    code text NOT NULL,
    label_nl text NOT NULL,
    label_en text,
    ordinal_level integer,
    sort_order integer DEFAULT 0 NOT NULL,
    disabled_at timestamp with time zone,
    CONSTRAINT property_option_label_blank CHECK ((btrim(label_nl) <> ''::text))
);

--
-- Name: region_setting; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.region_setting (
    region_code text NOT NULL,
    key_min_dwellings integer DEFAULT 100 NOT NULL,
    changed_by uuid,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT region_setting_key_min_dwellings_check CHECK ((key_min_dwellings >= 0))
);

--
-- Name: registry_version; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.registry_version (
    project_version_id uuid NOT NULL,
    source text NOT NULL,
    ingest_run_id bigint,
    summary jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT registry_version_source_check CHECK ((source = ANY (ARRAY['brk'::text, 'bag'::text])))
);

--
-- Name: webhook_attempt; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.webhook_attempt (
    id bigint NOT NULL,
    delivery_id uuid NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL,
    status_code integer,
    error text,
    duration_ms integer NOT NULL
);

--
-- Name: webhook_attempt_id_seq; Type: SEQUENCE; Schema: plan; Owner: -
--

ALTER TABLE plan.webhook_attempt ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME plan.webhook_attempt_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: webhook_delivery; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.webhook_delivery (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    subscription_id uuid NOT NULL,
    outbox_id uuid NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    next_attempt_at timestamp with time zone DEFAULT now() NOT NULL,
    delivered_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT webhook_delivery_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'delivered'::text, 'failed'::text])))
);

--
-- Name: webhook_subscription; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.webhook_subscription (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    name text NOT NULL,
    url text NOT NULL,
    secret text NOT NULL,
    event_types text[] NOT NULL,
    max_confidentiality smallint DEFAULT 7 NOT NULL,
    active boolean DEFAULT true NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    created_by uuid,
    CONSTRAINT webhook_event_types_invalid CHECK (((cardinality(event_types) > 0) AND (event_types <@ ARRAY['project'::text, 'houseblock'::text, 'milestone'::text]))),
    CONSTRAINT webhook_name_blank CHECK ((btrim(name) <> ''::text)),
    CONSTRAINT webhook_url_invalid CHECK ((url ~ '^https?://[^\s/]+'::text))
);

--
-- Name: zgw_config; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.zgw_config (
    municipality_code text NOT NULL,
    zaken_url text NOT NULL,
    notificaties_url text NOT NULL,
    client_id text NOT NULL,
    secret text NOT NULL,
    receive_token_sha256 text,
    abonnement_url text,
    subscribed_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    catalogi_url text,
    CONSTRAINT zgw_catalogi_url_invalid CHECK ((catalogi_url ~ '^https?://'::text)),
    CONSTRAINT zgw_client_blank CHECK (((btrim(client_id) <> ''::text) AND (btrim(secret) <> ''::text))),
    CONSTRAINT zgw_url_invalid CHECK (((zaken_url ~ '^https?://'::text) AND (notificaties_url ~ '^https?://'::text)))
);

--
-- Name: zgw_mapping; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.zgw_mapping (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    zaaktype text NOT NULL,
    moment text NOT NULL,
    description text NOT NULL,
    status text DEFAULT 'realised'::text NOT NULL,
    CONSTRAINT zgw_mapping_blank CHECK (((btrim(zaaktype) <> ''::text) AND (btrim(description) <> ''::text))),
    CONSTRAINT zgw_mapping_moment_check CHECK ((moment = ANY (ARRAY['start'::text, 'end'::text])))
);

--
-- Name: zgw_notification; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.zgw_notification (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    dedup_key text NOT NULL,
    body jsonb NOT NULL,
    received_at timestamp with time zone DEFAULT now() NOT NULL,
    state text DEFAULT 'received'::text NOT NULL,
    zaak_url text,
    project_id uuid,
    matched_by text,
    reason text,
    changes jsonb DEFAULT '[]'::jsonb NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    error text,
    processed_at timestamp with time zone,
    CONSTRAINT zgw_notification_state_check CHECK ((state = ANY (ARRAY['received'::text, 'linked'::text, 'unmatched'::text, 'ignored'::text, 'error'::text])))
);

--
-- Name: zgw_outcome; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.zgw_outcome (
    id uuid DEFAULT meta.uuid_v7() NOT NULL,
    municipality_code text NOT NULL,
    omschrijving text NOT NULL,
    status text NOT NULL,
    CONSTRAINT zgw_outcome_blank CHECK ((btrim(omschrijving) <> ''::text))
);

--
-- Name: zgw_zaak_link; Type: TABLE; Schema: plan; Owner: -
--

CREATE TABLE plan.zgw_zaak_link (
    zaak_url text NOT NULL,
    municipality_code text NOT NULL,
    project_id uuid NOT NULL,
    matched_by text NOT NULL,
    linked_at timestamp with time zone DEFAULT now() NOT NULL,
    identificatie text,
    zaaktype text,
    resultaat text,
    zaakobject_url text,
    writeback_error text,
    linked_by uuid,
    CONSTRAINT zgw_zaak_link_matched_by_check CHECK ((matched_by = ANY (ARRAY['link'::text, 'parcels'::text, 'area'::text, 'manual'::text])))
);

--
-- Name: regional_projects; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.regional_projects AS
 SELECT p.id,
    p.municipality_code,
    p.municipality_name,
    p.region_code,
    p.province_code,
    p.name,
    p.phase,
    p.phase_label,
    p.planning_status,
    p.planning_status_label,
    p.net_plan_capacity,
    p.end_date AS planned_delivery,
    k.is_key AS marked,
    COALESCE(k.is_key, (p.net_plan_capacity >= plan.region_key_min_dwellings(p.region_code))) AS is_key,
        CASE
            WHEN k.is_key THEN 'gemarkeerd'::text
            WHEN (NOT k.is_key) THEN 'uitgezet'::text
            WHEN (p.net_plan_capacity >= plan.region_key_min_dwellings(p.region_code)) THEN 'standaardregel'::text
            ELSE NULL::text
        END AS key_reason,
    p.geometry
   FROM (publication.projects_at(CURRENT_DATE) p(id, municipal_id, name, municipality_code, municipality_name, province_code, region_code, phase, phase_label, planning_status, planning_status_label, planning_status_hard, counts_as_plan_capacity, plan_types, confidentiality_level, priority, municipality_roles, district_codes, neighbourhood_codes, start_date, end_date, status, construction_amount, demolition_amount, gross_plan_capacity, net_plan_capacity, houseblock_count, colour, area_source, area_ha, custom_values, recorded_at, reference_date, geometry, confidentiality_rank, owner_group_ids)
     LEFT JOIN plan.key_project k ON ((k.project_id = p.id)))
  WHERE (plan.viewer_role() <> 'anonymous'::text);

--
-- Name: acceleration_table; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.acceleration_table AS
 SELECT r.id,
    NULL::text AS instance,
    r.municipality_code,
    r.municipality_name,
    r.region_code,
    r.province_code,
    r.name,
    r.phase,
    r.phase_label,
    r.planning_status,
    r.planning_status_label,
    r.net_plan_capacity,
    COALESCE(own.owner_occupied, 0) AS owner_occupied,
    COALESCE(own.private_rental, 0) AS private_rental,
    COALESCE(own.social_rental, 0) AS social_rental,
    r.planned_delivery,
    f.p10 AS forecast_p10,
    f.p50 AS forecast_p50,
    f.p90 AS forecast_p90,
    s.delivery_date AS process_delivery,
    s.steps_done,
    s.steps_running,
    s.steps_late,
    COALESCE(s.steps, '[]'::jsonb) AS steps,
    COALESCE(s.critical_steps, '{}'::text[]) AS critical_steps,
    COALESCE(s.bottlenecks, '[]'::jsonb) AS bottlenecks,
    COALESCE(s.acceleration, '[]'::jsonb) AS acceleration,
    COALESCE((((s.acceleration -> 0) ->> 'gain_days'::text))::integer, 0) AS max_gain_days,
    r.key_reason,
    s.computed_at AS summary_computed_at,
    r.geometry
   FROM (((publication.regional_projects r
     LEFT JOIN plan.process_summary s ON ((s.project_id = r.id)))
     LEFT JOIN LATERAL ( SELECT x.p10,
            x.p50,
            x.p90
           FROM plan.forecast x
          WHERE (x.project_id = r.id)
          ORDER BY x.computed_at DESC
         LIMIT 1) f ON (true))
     LEFT JOIN LATERAL ( SELECT (sum(h.owner_occupied))::integer AS owner_occupied,
            (sum(h.private_rental))::integer AS private_rental,
            (sum(h.social_rental))::integer AS social_rental
           FROM publication.houseblocks_at(CURRENT_DATE) h(id, project_id, name, mutation_kind, amount, start_date, end_date, delivery_earliest, delivery_latest, size_min_m2, size_max_m2, programming, owner_occupied, private_rental, social_rental, single_family, multi_family, custom_values, recorded_at, reference_date, municipality_code, region_code, province_code, geometry, confidentiality_level, owner_group_ids)
          WHERE ((h.project_id = r.id) AND (h.mutation_kind = 'construction'::text))) own ON (true))
  WHERE r.is_key
UNION ALL
 SELECT harvested.source_guid AS id,
    harvested.instance,
    harvested.municipality_code,
    harvested.municipality_name,
    harvested.region_code,
    harvested.province_code,
    harvested.name,
    harvested.phase,
    harvested.phase_label,
    harvested.planning_status,
    harvested.planning_status_label,
    harvested.net_plan_capacity,
    harvested.owner_occupied,
    harvested.private_rental,
    harvested.social_rental,
    harvested.planned_delivery,
    harvested.forecast_p10,
    harvested.forecast_p50,
    harvested.forecast_p90,
    harvested.process_delivery,
    harvested.steps_done,
    harvested.steps_running,
    harvested.steps_late,
    harvested.steps,
    harvested.critical_steps,
    harvested.bottlenecks,
    harvested.acceleration,
    harvested."coalesce" AS max_gain_days,
    harvested."?column?" AS key_reason,
    harvested.timestamptz AS summary_computed_at,
    harvested.geometry
   FROM ( SELECT DISTINCT ON (h.source_guid) h.source_guid,
            h.instance,
            h.municipality_code,
            h.municipality_name,
            h.region_code,
            h.province_code,
            h.name,
            h.phase,
            h.phase_label,
            h.planning_status,
            h.planning_status_label,
            h.net_plan_capacity,
            h.owner_occupied,
            h.private_rental,
            h.social_rental,
            h.planned_delivery,
            h.forecast_p10,
            h.forecast_p50,
            h.forecast_p90,
            h.process_delivery,
            h.steps_done,
            h.steps_running,
            h.steps_late,
            h.steps,
            h.critical_steps,
            h.bottlenecks,
            h.acceleration,
            COALESCE(h.max_gain_days, 0) AS "coalesce",
            'geoogst'::text AS "?column?",
            NULL::timestamp with time zone AS timestamptz,
            h.geometry
           FROM harvest.project h
          WHERE ((plan.viewer_role() <> 'anonymous'::text) AND plan.viewer_can_see((6)::smallint, h.municipality_code, h.region_code, h.province_code, '{}'::uuid[]) AND (NOT (EXISTS ( SELECT 1
                   FROM plan.project p
                  WHERE (p.id = h.source_guid)))))
          ORDER BY h.source_guid, h.run_id DESC) harvested;

--
-- Name: accommodation_objects; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.accommodation_objects AS
 SELECT v.identificatie AS id,
    v.identificatie,
    v.status,
    v.gebruiksdoel,
    v.oppervlakte,
    v.pandidentificatie,
    v.openbare_ruimte_naam,
    v.huisnummer,
    v.huisletter,
    v.toevoeging,
    v.postcode,
    v.woonplaats_naam,
    v.hoofdadres_identificatie,
    v.documentdatum,
    v.documentnummer,
    v.geconstateerd,
    v.rdf_seealso,
    v.geometry
   FROM bag.verblijfsobject v;

--
-- Name: addresses; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.addresses AS
 SELECT a.identificatie AS id,
    a.identificatie,
    a.adresseerbaar_object_identificatie,
    a.adresseerbaar_object_type,
    a.openbare_ruimte_naam,
    a.huisnummer,
    a.huisletter,
    a.toevoeging,
    a.postcode,
    a.woonplaats_naam,
    a.geometry
   FROM bag.adres a;

--
-- Name: bgt_begroeidterreindeel; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.bgt_begroeidterreindeel AS
 SELECT o.lokaal_id AS id,
    o.lokaal_id,
    (o.properties ->> 'bronhouder'::text) AS bronhouder,
    COALESCE((o.properties ->> 'fysiek_voorkomen'::text), (o.properties ->> 'bgt_fysiek_voorkomen'::text)) AS fysiek_voorkomen,
    (o.properties ->> 'plus_fysiek_voorkomen'::text) AS plus_fysiek_voorkomen,
    publication.registry_integer((o.properties ->> 'relatieve_hoogteligging'::text)) AS relatieve_hoogteligging,
    (o.properties ->> 'op_talud'::text) AS op_talud,
    COALESCE((o.properties ->> 'status'::text), (o.properties ->> 'bgt_status'::text)) AS status,
    (o.properties ->> 'tijdstip_registratie'::text) AS tijdstip_registratie,
    o.geometry
   FROM bgt.object o
  WHERE (o.collection = 'begroeidterreindeel'::text);

--
-- Name: bgt_waterdeel; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.bgt_waterdeel AS
 SELECT o.lokaal_id AS id,
    o.lokaal_id,
    (o.properties ->> 'bronhouder'::text) AS bronhouder,
    COALESCE((o.properties ->> 'type'::text), (o.properties ->> 'bgt_type'::text)) AS type,
    (o.properties ->> 'plus_type'::text) AS plus_type,
    publication.registry_integer((o.properties ->> 'relatieve_hoogteligging'::text)) AS relatieve_hoogteligging,
    COALESCE((o.properties ->> 'status'::text), (o.properties ->> 'bgt_status'::text)) AS status,
    (o.properties ->> 'tijdstip_registratie'::text) AS tijdstip_registratie,
    o.geometry
   FROM bgt.object o
  WHERE (o.collection = 'waterdeel'::text);

--
-- Name: bgt_wegdeel; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.bgt_wegdeel AS
 SELECT o.lokaal_id AS id,
    o.lokaal_id,
    (o.properties ->> 'bronhouder'::text) AS bronhouder,
    COALESCE((o.properties ->> 'functie'::text), (o.properties ->> 'bgt_functie'::text)) AS functie,
    (o.properties ->> 'plus_functie'::text) AS plus_functie,
    COALESCE((o.properties ->> 'fysiek_voorkomen'::text), (o.properties ->> 'bgt_fysiek_voorkomen'::text)) AS fysiek_voorkomen,
    (o.properties ->> 'plus_fysiek_voorkomen'::text) AS plus_fysiek_voorkomen,
    publication.registry_integer((o.properties ->> 'relatieve_hoogteligging'::text)) AS relatieve_hoogteligging,
    (o.properties ->> 'op_talud'::text) AS op_talud,
    COALESCE((o.properties ->> 'status'::text), (o.properties ->> 'bgt_status'::text)) AS status,
    (o.properties ->> 'tijdstip_registratie'::text) AS tijdstip_registratie,
    o.geometry
   FROM bgt.object o
  WHERE (o.collection = 'wegdeel'::text);

--
-- Name: bor_bomen; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.bor_bomen AS
 SELECT o.source_id AS id,
    o.source_id,
    (o.properties ->> 'boomsoort'::text) AS boomsoort,
    (o.properties ->> 'boomsoort_nederlands'::text) AS boomsoort_nederlands,
    publication.registry_integer((o.properties ->> 'plantjaar'::text)) AS plantjaar,
    (o.properties ->> 'hoogteklasse'::text) AS hoogteklasse,
    publication.registry_number((o.properties ->> 'stamdiameter'::text)) AS stamdiameter,
    (o.properties ->> 'beheerder'::text) AS beheerder,
    o.properties,
    o.geometry
   FROM bor.object o
  WHERE (o.layer = 'bomen'::text);

--
-- Name: buildings; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.buildings AS
 SELECT b.identificatie AS id,
    b.identificatie,
    b.status,
    b.bouwjaar,
    b.gebruiksdoel,
    b.oppervlakte_min,
    b.oppervlakte_max,
    b.aantal_verblijfsobjecten,
    b.documentdatum,
    b.documentnummer,
    b.geconstateerd,
    b.rdf_seealso,
    b.geometry
   FROM bag.pand b;

--
-- Name: cache_state; Type: TABLE; Schema: publication; Owner: -
--

CREATE TABLE publication.cache_state (
    singleton boolean DEFAULT true NOT NULL,
    as_of date,
    rebuilt_at timestamp with time zone,
    CONSTRAINT cache_state_singleton_check CHECK (singleton)
);

--
-- Name: houseblocks; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.houseblocks AS
 SELECT houseblocks_at.id,
    houseblocks_at.project_id,
    houseblocks_at.name,
    houseblocks_at.mutation_kind,
    houseblocks_at.amount,
    houseblocks_at.start_date,
    houseblocks_at.end_date,
    houseblocks_at.delivery_earliest,
    houseblocks_at.delivery_latest,
    houseblocks_at.size_min_m2,
    houseblocks_at.size_max_m2,
    houseblocks_at.programming,
    houseblocks_at.owner_occupied,
    houseblocks_at.private_rental,
    houseblocks_at.social_rental,
    houseblocks_at.single_family,
    houseblocks_at.multi_family,
    houseblocks_at.custom_values,
    houseblocks_at.recorded_at,
    houseblocks_at.reference_date,
    houseblocks_at.municipality_code,
    houseblocks_at.region_code,
    houseblocks_at.province_code,
    houseblocks_at.geometry,
    houseblocks_at.confidentiality_level,
    houseblocks_at.owner_group_ids
   FROM publication.houseblocks_at(CURRENT_DATE) houseblocks_at(id, project_id, name, mutation_kind, amount, start_date, end_date, delivery_earliest, delivery_latest, size_min_m2, size_max_m2, programming, owner_occupied, private_rental, social_rental, single_family, multi_family, custom_values, recorded_at, reference_date, municipality_code, region_code, province_code, geometry, confidentiality_level, owner_group_ids);

--
-- Name: parcels; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.parcels AS
 SELECT p.identificatie_lokaal_id AS id,
    p.identificatie_lokaal_id,
    p.identificatie_namespace,
    p.kadastrale_gemeente_code,
    p.kadastrale_gemeente_waarde,
    p.akr_kadastrale_gemeente_code_code,
    p.akr_kadastrale_gemeente_code_waarde,
    p.sectie,
    p.perceelnummer,
    p.kadastrale_grootte_waarde,
    p.soort_grootte_code,
    p.soort_grootte_waarde,
    p.begin_geldigheid,
    p.tijdstip_registratie,
    p.volgnummer,
    p.status_historie_code,
    p.status_historie_waarde,
    p.geometry
   FROM brk.perceel p;

--
-- Name: process_steps; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.process_steps AS
 SELECT ps.id,
    ps.project_id,
    p.name AS project_name,
    p.municipality_code,
    p.municipality_name,
    ps.stream,
    ps.name AS step_name,
    ps.planned_start,
    ps.planned_end,
    ps.actual_start,
    ps.actual_end,
        CASE
            WHEN (ps.actual_end IS NOT NULL) THEN 'done'::text
            WHEN (ps.planned_end < CURRENT_DATE) THEN 'late'::text
            WHEN (ps.actual_start IS NOT NULL) THEN 'running'::text
            ELSE 'planned'::text
        END AS status,
    COALESCE(((e.step ->> 'critical'::text))::boolean, false) AS critical,
    ((e.step ->> 'float_days'::text))::integer AS float_days,
    COALESCE(((u.first_name || ' '::text) || u.last_name), g.name, ps.responsible_organisation) AS responsible,
    s.computed_at AS schedule_computed_at,
    p.geometry
   FROM (((((plan.process_step ps
     JOIN publication.projects_at(CURRENT_DATE) p(id, municipal_id, name, municipality_code, municipality_name, province_code, region_code, phase, phase_label, planning_status, planning_status_label, planning_status_hard, counts_as_plan_capacity, plan_types, confidentiality_level, priority, municipality_roles, district_codes, neighbourhood_codes, start_date, end_date, status, construction_amount, demolition_amount, gross_plan_capacity, net_plan_capacity, houseblock_count, colour, area_source, area_ha, custom_values, recorded_at, reference_date, geometry, confidentiality_rank, owner_group_ids) ON ((p.id = ps.project_id)))
     LEFT JOIN plan.process_summary s ON ((s.project_id = ps.project_id)))
     LEFT JOIN LATERAL ( SELECT x.value AS step
           FROM jsonb_array_elements(s.steps) x(value)
          WHERE ((x.value ->> 'id'::text) = (ps.id)::text)
         LIMIT 1) e ON (true))
     LEFT JOIN auth.app_user u ON ((u.id = ps.responsible_user_id)))
     LEFT JOIN auth.user_group g ON ((g.id = ps.responsible_group_id)))
  WHERE (plan.viewer_role() <> 'anonymous'::text);

--
-- Name: projects; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.projects AS
 SELECT projects_at.id,
    projects_at.municipal_id,
    projects_at.name,
    projects_at.municipality_code,
    projects_at.municipality_name,
    projects_at.province_code,
    projects_at.region_code,
    projects_at.phase,
    projects_at.phase_label,
    projects_at.planning_status,
    projects_at.planning_status_label,
    projects_at.planning_status_hard,
    projects_at.counts_as_plan_capacity,
    projects_at.plan_types,
    projects_at.confidentiality_level,
    projects_at.priority,
    projects_at.municipality_roles,
    projects_at.district_codes,
    projects_at.neighbourhood_codes,
    projects_at.start_date,
    projects_at.end_date,
    projects_at.status,
    projects_at.construction_amount,
    projects_at.demolition_amount,
    projects_at.gross_plan_capacity,
    projects_at.net_plan_capacity,
    projects_at.houseblock_count,
    projects_at.colour,
    projects_at.area_source,
    projects_at.area_ha,
    projects_at.custom_values,
    projects_at.recorded_at,
    projects_at.reference_date,
    projects_at.geometry,
    projects_at.confidentiality_rank,
    projects_at.owner_group_ids
   FROM publication.projects_at(CURRENT_DATE) projects_at(id, municipal_id, name, municipality_code, municipality_name, province_code, region_code, phase, phase_label, planning_status, planning_status_label, planning_status_hard, counts_as_plan_capacity, plan_types, confidentiality_level, priority, municipality_roles, district_codes, neighbourhood_codes, start_date, end_date, status, construction_amount, demolition_amount, gross_plan_capacity, net_plan_capacity, houseblock_count, colour, area_source, area_ha, custom_values, recorded_at, reference_date, geometry, confidentiality_rank, owner_group_ids);

--
-- Name: region; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.region (
    code text NOT NULL,
    name text NOT NULL,
    province_code text NOT NULL
);

--
-- Name: region_settings; Type: VIEW; Schema: publication; Owner: -
--

CREATE VIEW publication.region_settings AS
 SELECT r.code AS region_code,
    r.name AS region_name,
    r.province_code,
    s.key_min_dwellings AS set_min_dwellings,
    plan.region_key_min_dwellings(r.code) AS key_min_dwellings,
    s.changed_at
   FROM (ref.region r
     LEFT JOIN plan.region_setting s ON ((s.region_code = r.code)))
  WHERE plan.viewer_can_set_region(r.code);

--
-- Name: job; Type: TABLE; Schema: pygeoapi; Owner: -
--

CREATE TABLE pygeoapi.job (
    id uuid NOT NULL,
    owner_id uuid NOT NULL,
    process_id text NOT NULL,
    execution text NOT NULL,
    viewer jsonb NOT NULL,
    inputs jsonb DEFAULT '{}'::jsonb NOT NULL,
    requested_outputs jsonb,
    requested_response text DEFAULT 'raw'::text NOT NULL,
    status text DEFAULT 'accepted'::text NOT NULL,
    progress smallint DEFAULT 0 NOT NULL,
    message text DEFAULT ''::text NOT NULL,
    created timestamp with time zone DEFAULT now() NOT NULL,
    started timestamp with time zone,
    finished timestamp with time zone,
    updated timestamp with time zone DEFAULT now() NOT NULL,
    queue_job_id bigint,
    result bytea,
    result_media_type text,
    result_file_name text,
    CONSTRAINT job_check CHECK (((result IS NULL) = (result_media_type IS NULL))),
    CONSTRAINT job_execution_check CHECK ((execution = ANY (ARRAY['sync'::text, 'async'::text]))),
    CONSTRAINT job_inputs_check CHECK ((jsonb_typeof(inputs) = 'object'::text)),
    CONSTRAINT job_process_id_check CHECK ((btrim(process_id) <> ''::text)),
    CONSTRAINT job_progress_check CHECK (((progress >= 0) AND (progress <= 100))),
    CONSTRAINT job_requested_response_check CHECK ((requested_response = ANY (ARRAY['raw'::text, 'document'::text]))),
    CONSTRAINT job_status_check CHECK ((status = ANY (ARRAY['accepted'::text, 'running'::text, 'successful'::text, 'failed'::text, 'dismissed'::text]))),
    CONSTRAINT job_viewer_check CHECK ((jsonb_typeof(viewer) = 'object'::text))
);

--
-- Name: area_source; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.area_source (
    code text NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL
);

--
-- Name: confidentiality_level; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.confidentiality_level (
    rank smallint NOT NULL,
    code text NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL,
    CONSTRAINT confidentiality_level_rank_check CHECK (((rank >= 1) AND (rank <= 7)))
);

--
-- Name: delivery_template; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.delivery_template (
    id text NOT NULL,
    province_code text NOT NULL,
    title_nl text NOT NULL,
    definition jsonb NOT NULL,
    loaded_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT delivery_template_definition_check CHECK ((jsonb_typeof(definition) = 'object'::text)),
    CONSTRAINT delivery_template_id_check CHECK ((id ~ '^[a-z][a-z0-9-]+$'::text))
);

--
-- Name: district; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.district (
    code text NOT NULL,
    name text NOT NULL,
    municipality_code text NOT NULL,
    CONSTRAINT district_code_invalid CHECK ((code ~ '^WK[0-9]{6}$'::text)),
    CONSTRAINT district_code_wrong_municipality CHECK ((substr(code, 3, 4) = substr(municipality_code, 3, 4))),
    CONSTRAINT district_name_blank CHECK ((btrim(name) <> ''::text))
);

--
-- Name: milestone_status; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.milestone_status (
    code text NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL
);

--
-- Name: municipality; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.municipality (
    code text NOT NULL,
    name text NOT NULL,
    province_code text NOT NULL,
    region_code text,
    boundary public.geometry(MultiPolygon,28992),
    CONSTRAINT municipality_code_check CHECK ((code ~ '^GM[0-9]{4}$'::text))
);

--
-- Name: municipality_role; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.municipality_role (
    code text NOT NULL,
    sort_order smallint NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL
);

--
-- Name: mutation_kind; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.mutation_kind (
    code text NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL
);

--
-- Name: neighbourhood; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.neighbourhood (
    code text NOT NULL,
    name text NOT NULL,
    district_code text NOT NULL,
    CONSTRAINT neighbourhood_code_invalid CHECK ((code ~ '^BU[0-9]{8}$'::text)),
    CONSTRAINT neighbourhood_code_wrong_district CHECK ((substr(code, 3, 6) = substr(district_code, 3, 6))),
    CONSTRAINT neighbourhood_name_blank CHECK ((btrim(name) <> ''::text))
);

--
-- Name: ownership_type; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.ownership_type (
    code text NOT NULL,
    sort_order smallint NOT NULL,
    price_kind text NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL,
    CONSTRAINT ownership_type_price_kind_check CHECK ((price_kind = ANY (ARRAY['purchase'::text, 'rent'::text])))
);

--
-- Name: plan_type; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.plan_type (
    code text NOT NULL,
    sort_order smallint NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL
);

--
-- Name: planning_status; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.planning_status (
    code text NOT NULL,
    sort_order smallint NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    is_hard boolean NOT NULL,
    counts_as_capacity boolean NOT NULL,
    diwi_name text
);

--
-- Name: priority; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.priority (
    code text NOT NULL,
    rank smallint NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL
);

--
-- Name: project_phase; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.project_phase (
    code text NOT NULL,
    sort_order smallint NOT NULL,
    label_nl text NOT NULL,
    label_en text NOT NULL,
    diwi_name text NOT NULL
);

--
-- Name: province; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.province (
    code text NOT NULL,
    name text NOT NULL,
    CONSTRAINT province_code_check CHECK ((code ~ '^PV[0-9]{2}$'::text))
);

--
-- Name: rule; Type: TABLE; Schema: ref; Owner: -
--

CREATE TABLE ref.rule (
    code text NOT NULL,
    message_nl text NOT NULL,
    message_en text NOT NULL,
    CONSTRAINT rule_code_check CHECK ((code ~ '^[a-z][a-z0-9_]+$'::text))
);

--
-- Name: alert_preference alert_preference_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.alert_preference
    ADD CONSTRAINT alert_preference_pkey PRIMARY KEY (user_id);

--
-- Name: api_token api_token_hash_taken; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.api_token
    ADD CONSTRAINT api_token_hash_taken UNIQUE (token_hash);

--
-- Name: api_token api_token_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);

--
-- Name: app_user app_user_fs_uniquifier_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_fs_uniquifier_key UNIQUE (fs_uniquifier);

--
-- Name: app_user app_user_fs_webauthn_user_handle_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_fs_webauthn_user_handle_key UNIQUE (fs_webauthn_user_handle);

--
-- Name: app_user app_user_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);

--
-- Name: app_user app_user_us_phone_number_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_us_phone_number_key UNIQUE (us_phone_number);

--
-- Name: app_user app_user_username_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_username_key UNIQUE (username);

--
-- Name: failed_login failed_login_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.failed_login
    ADD CONSTRAINT failed_login_pkey PRIMARY KEY (id);

--
-- Name: municipality_setting municipality_setting_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.municipality_setting
    ADD CONSTRAINT municipality_setting_pkey PRIMARY KEY (municipality_code);

--
-- Name: role role_name_key; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.role
    ADD CONSTRAINT role_name_key UNIQUE (name);

--
-- Name: role role_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.role
    ADD CONSTRAINT role_pkey PRIMARY KEY (id);

--
-- Name: user_group_member user_group_member_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_group_member
    ADD CONSTRAINT user_group_member_pkey PRIMARY KEY (user_group_id, user_id);

--
-- Name: user_group user_group_name_taken; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_group
    ADD CONSTRAINT user_group_name_taken UNIQUE (municipality_code, name);

--
-- Name: user_group user_group_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_group
    ADD CONSTRAINT user_group_pkey PRIMARY KEY (id);

--
-- Name: app_user user_oidc_subject_taken; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT user_oidc_subject_taken UNIQUE (oidc_subject);

--
-- Name: user_preference user_preference_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_preference
    ADD CONSTRAINT user_preference_pkey PRIMARY KEY (user_id, key);

--
-- Name: user_role user_role_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_role
    ADD CONSTRAINT user_role_pkey PRIMARY KEY (user_id, role_id);

--
-- Name: webauthn webauthn_credential_id_taken; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.webauthn
    ADD CONSTRAINT webauthn_credential_id_taken UNIQUE (credential_id);

--
-- Name: webauthn webauthn_name_taken; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.webauthn
    ADD CONSTRAINT webauthn_name_taken UNIQUE (user_id, name);

--
-- Name: webauthn webauthn_pkey; Type: CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.webauthn
    ADD CONSTRAINT webauthn_pkey PRIMARY KEY (id);

--
-- Name: adres adres_pkey; Type: CONSTRAINT; Schema: bag; Owner: -
--

ALTER TABLE ONLY bag.adres
    ADD CONSTRAINT adres_pkey PRIMARY KEY (identificatie);

--
-- Name: pand pand_pkey; Type: CONSTRAINT; Schema: bag; Owner: -
--

ALTER TABLE ONLY bag.pand
    ADD CONSTRAINT pand_pkey PRIMARY KEY (identificatie);

--
-- Name: verblijfsobject verblijfsobject_pkey; Type: CONSTRAINT; Schema: bag; Owner: -
--

ALTER TABLE ONLY bag.verblijfsobject
    ADD CONSTRAINT verblijfsobject_pkey PRIMARY KEY (identificatie);

--
-- Name: object object_pkey; Type: CONSTRAINT; Schema: bgt; Owner: -
--

ALTER TABLE ONLY bgt.object
    ADD CONSTRAINT object_pkey PRIMARY KEY (collection, lokaal_id);

--
-- Name: object object_pkey; Type: CONSTRAINT; Schema: bor; Owner: -
--

ALTER TABLE ONLY bor.object
    ADD CONSTRAINT object_pkey PRIMARY KEY (layer, source_id);

--
-- Name: perceel perceel_pkey; Type: CONSTRAINT; Schema: brk; Owner: -
--

ALTER TABLE ONLY brk.perceel
    ADD CONSTRAINT perceel_pkey PRIMARY KEY (identificatie_lokaal_id);

--
-- Name: run_change run_change_pkey; Type: CONSTRAINT; Schema: ingest; Owner: -
--

ALTER TABLE ONLY ingest.run_change
    ADD CONSTRAINT run_change_pkey PRIMARY KEY (run_id, collection, source_id);

--
-- Name: run run_pkey; Type: CONSTRAINT; Schema: ingest; Owner: -
--

ALTER TABLE ONLY ingest.run
    ADD CONSTRAINT run_pkey PRIMARY KEY (id);

--
-- Name: staged_feature staged_feature_pkey; Type: CONSTRAINT; Schema: ingest; Owner: -
--

ALTER TABLE ONLY ingest.staged_feature
    ADD CONSTRAINT staged_feature_pkey PRIMARY KEY (run_id, collection, source_id);

--
-- Name: schema_migration schema_migration_pkey; Type: CONSTRAINT; Schema: meta; Owner: -
--

ALTER TABLE ONLY meta.schema_migration
    ADD CONSTRAINT schema_migration_pkey PRIMARY KEY (version);

--
-- Name: alert_event alert_event_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.alert_event
    ADD CONSTRAINT alert_event_pkey PRIMARY KEY (user_id, event_key);

--
-- Name: dashboard_blueprint blueprint_name_taken; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint
    ADD CONSTRAINT blueprint_name_taken UNIQUE (municipality_code, name);

--
-- Name: dashboard_blueprint dashboard_blueprint_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint
    ADD CONSTRAINT dashboard_blueprint_pkey PRIMARY KEY (id);

--
-- Name: dashboard_blueprint_share dashboard_blueprint_share_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint_share
    ADD CONSTRAINT dashboard_blueprint_share_pkey PRIMARY KEY (blueprint_id, user_group_id);

--
-- Name: delivery_field_mapping delivery_field_mapping_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_field_mapping
    ADD CONSTRAINT delivery_field_mapping_pkey PRIMARY KEY (municipality_code, template_id, field_name);

--
-- Name: delivery_option_mapping delivery_option_mapping_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_option_mapping
    ADD CONSTRAINT delivery_option_mapping_pkey PRIMARY KEY (municipality_code, template_id, field_name, province_option, property_option_id);

--
-- Name: delivery_price_mapping delivery_price_mapping_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_price_mapping
    ADD CONSTRAINT delivery_price_mapping_pkey PRIMARY KEY (municipality_code, template_id, price_category_id);

--
-- Name: forecast forecast_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.forecast
    ADD CONSTRAINT forecast_pkey PRIMARY KEY (id);

--
-- Name: goal_category goal_category_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_category
    ADD CONSTRAINT goal_category_pkey PRIMARY KEY (id);

--
-- Name: goal goal_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal
    ADD CONSTRAINT goal_pkey PRIMARY KEY (id);

--
-- Name: goal_version goal_version_overlap; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_version
    ADD CONSTRAINT goal_version_overlap EXCLUDE USING gist (goal_id WITH =, tstzrange(recorded_at, superseded_at) WITH &&);

--
-- Name: goal_version goal_version_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_version
    ADD CONSTRAINT goal_version_pkey PRIMARY KEY (id);

--
-- Name: houseblock_breakdown houseblock_breakdown_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_breakdown
    ADD CONSTRAINT houseblock_breakdown_pkey PRIMARY KEY (houseblock_version_id, option_id);

--
-- Name: houseblock_ownership_line houseblock_ownership_line_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_ownership_line
    ADD CONSTRAINT houseblock_ownership_line_pkey PRIMARY KEY (houseblock_version_id, line_no);

--
-- Name: houseblock houseblock_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock
    ADD CONSTRAINT houseblock_pkey PRIMARY KEY (id);

--
-- Name: houseblock_version houseblock_version_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_version
    ADD CONSTRAINT houseblock_version_pkey PRIMARY KEY (id);

--
-- Name: key_project key_project_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.key_project
    ADD CONSTRAINT key_project_pkey PRIMARY KEY (project_id);

--
-- Name: milestone milestone_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone
    ADD CONSTRAINT milestone_pkey PRIMARY KEY (id);

--
-- Name: milestone_version milestone_version_overlap; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone_version
    ADD CONSTRAINT milestone_version_overlap EXCLUDE USING gist (milestone_id WITH =, tstzrange(recorded_at, superseded_at) WITH &&);

--
-- Name: milestone_version milestone_version_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone_version
    ADD CONSTRAINT milestone_version_pkey PRIMARY KEY (id);

--
-- Name: notice notice_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.notice
    ADD CONSTRAINT notice_pkey PRIMARY KEY (id);

--
-- Name: outbox outbox_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.outbox
    ADD CONSTRAINT outbox_pkey PRIMARY KEY (id);

--
-- Name: outbox outbox_tx_entity_key; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.outbox
    ADD CONSTRAINT outbox_tx_entity_key UNIQUE (tx, entity, entity_id);

--
-- Name: parcel_issue parcel_issue_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.parcel_issue
    ADD CONSTRAINT parcel_issue_pkey PRIMARY KEY (id);

--
-- Name: price_category price_category_name_taken; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.price_category
    ADD CONSTRAINT price_category_name_taken UNIQUE (municipality_code, price_kind, name, valid_from);

--
-- Name: price_category price_category_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.price_category
    ADD CONSTRAINT price_category_pkey PRIMARY KEY (id);

--
-- Name: process_dependency process_dependency_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_dependency
    ADD CONSTRAINT process_dependency_pkey PRIMARY KEY (id);

--
-- Name: process_dependency process_dependency_twice; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_dependency
    ADD CONSTRAINT process_dependency_twice UNIQUE (from_step_id, to_step_id);

--
-- Name: process_step process_step_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_step
    ADD CONSTRAINT process_step_pkey PRIMARY KEY (id);

--
-- Name: process_summary process_summary_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_summary
    ADD CONSTRAINT process_summary_pkey PRIMARY KEY (project_id);

--
-- Name: process_template_dependency process_template_dependency_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_dependency
    ADD CONSTRAINT process_template_dependency_pkey PRIMARY KEY (template_id, from_position, to_position);

--
-- Name: process_template process_template_name_taken; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template
    ADD CONSTRAINT process_template_name_taken UNIQUE NULLS NOT DISTINCT (municipality_code, name);

--
-- Name: process_template process_template_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template
    ADD CONSTRAINT process_template_pkey PRIMARY KEY (id);

--
-- Name: process_template_step process_template_step_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_step
    ADD CONSTRAINT process_template_step_pkey PRIMARY KEY (id);

--
-- Name: process_template_step process_template_step_template_id_position_key; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_step
    ADD CONSTRAINT process_template_step_template_id_position_key UNIQUE (template_id, "position");

--
-- Name: project_building project_building_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_building
    ADD CONSTRAINT project_building_pkey PRIMARY KEY (project_version_id, identificatie);

--
-- Name: project_follower project_follower_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_follower
    ADD CONSTRAINT project_follower_pkey PRIMARY KEY (project_id, user_id);

--
-- Name: project project_municipal_id_taken; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_municipal_id_taken UNIQUE (municipality_code, municipal_id);

--
-- Name: project_owner project_owner_overlap; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_owner
    ADD CONSTRAINT project_owner_overlap EXCLUDE USING gist (project_id WITH =, user_group_id WITH =, tstzrange(recorded_at, superseded_at) WITH &&);

--
-- Name: project_parcel project_parcel_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_parcel
    ADD CONSTRAINT project_parcel_pkey PRIMARY KEY (project_version_id, cadastral_municipality_code, section, parcel_number);

--
-- Name: project project_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_pkey PRIMARY KEY (id);

--
-- Name: project_version project_version_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT project_version_pkey PRIMARY KEY (id);

--
-- Name: property property_key_key; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.property
    ADD CONSTRAINT property_key_key UNIQUE (key);

--
-- Name: property_option property_option_code_taken; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.property_option
    ADD CONSTRAINT property_option_code_taken UNIQUE (property_id, code);

--
-- Name: property_option property_option_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.property_option
    ADD CONSTRAINT property_option_pkey PRIMARY KEY (id);

--
-- Name: property property_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.property
    ADD CONSTRAINT property_pkey PRIMARY KEY (id);

--
-- Name: region_setting region_setting_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.region_setting
    ADD CONSTRAINT region_setting_pkey PRIMARY KEY (region_code);

--
-- Name: registry_version registry_version_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.registry_version
    ADD CONSTRAINT registry_version_pkey PRIMARY KEY (project_version_id);

--
-- Name: webhook_attempt webhook_attempt_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_attempt
    ADD CONSTRAINT webhook_attempt_pkey PRIMARY KEY (id);

--
-- Name: webhook_delivery webhook_delivery_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_delivery
    ADD CONSTRAINT webhook_delivery_pkey PRIMARY KEY (id);

--
-- Name: webhook_delivery webhook_delivery_subscription_outbox_key; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_delivery
    ADD CONSTRAINT webhook_delivery_subscription_outbox_key UNIQUE (subscription_id, outbox_id);

--
-- Name: webhook_subscription webhook_name_taken; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_subscription
    ADD CONSTRAINT webhook_name_taken UNIQUE (municipality_code, name);

--
-- Name: webhook_subscription webhook_subscription_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_subscription
    ADD CONSTRAINT webhook_subscription_pkey PRIMARY KEY (id);

--
-- Name: zgw_config zgw_config_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_config
    ADD CONSTRAINT zgw_config_pkey PRIMARY KEY (municipality_code);

--
-- Name: zgw_mapping zgw_mapping_municipality_code_zaaktype_moment_key; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_mapping
    ADD CONSTRAINT zgw_mapping_municipality_code_zaaktype_moment_key UNIQUE (municipality_code, zaaktype, moment);

--
-- Name: zgw_mapping zgw_mapping_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_mapping
    ADD CONSTRAINT zgw_mapping_pkey PRIMARY KEY (id);

--
-- Name: zgw_notification zgw_notification_municipality_code_dedup_key_key; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_notification
    ADD CONSTRAINT zgw_notification_municipality_code_dedup_key_key UNIQUE (municipality_code, dedup_key);

--
-- Name: zgw_notification zgw_notification_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_notification
    ADD CONSTRAINT zgw_notification_pkey PRIMARY KEY (id);

--
-- Name: zgw_outcome zgw_outcome_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_outcome
    ADD CONSTRAINT zgw_outcome_pkey PRIMARY KEY (id);

--
-- Name: zgw_zaak_link zgw_zaak_link_pkey; Type: CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_zaak_link
    ADD CONSTRAINT zgw_zaak_link_pkey PRIMARY KEY (zaak_url);

--
-- Name: access_cache access_cache_pkey; Type: CONSTRAINT; Schema: publication; Owner: -
--

ALTER TABLE ONLY publication.access_cache
    ADD CONSTRAINT access_cache_pkey PRIMARY KEY (project_id);

--
-- Name: cache_state cache_state_pkey; Type: CONSTRAINT; Schema: publication; Owner: -
--

ALTER TABLE ONLY publication.cache_state
    ADD CONSTRAINT cache_state_pkey PRIMARY KEY (singleton);

--
-- Name: houseblock_cache houseblock_cache_pkey; Type: CONSTRAINT; Schema: publication; Owner: -
--

ALTER TABLE ONLY publication.houseblock_cache
    ADD CONSTRAINT houseblock_cache_pkey PRIMARY KEY (id);

--
-- Name: project_cache project_cache_pkey; Type: CONSTRAINT; Schema: publication; Owner: -
--

ALTER TABLE ONLY publication.project_cache
    ADD CONSTRAINT project_cache_pkey PRIMARY KEY (id);

--
-- Name: job job_pkey; Type: CONSTRAINT; Schema: pygeoapi; Owner: -
--

ALTER TABLE ONLY pygeoapi.job
    ADD CONSTRAINT job_pkey PRIMARY KEY (id);

--
-- Name: area_source area_source_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.area_source
    ADD CONSTRAINT area_source_pkey PRIMARY KEY (code);

--
-- Name: confidentiality_level confidentiality_level_code_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.confidentiality_level
    ADD CONSTRAINT confidentiality_level_code_key UNIQUE (code);

--
-- Name: confidentiality_level confidentiality_level_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.confidentiality_level
    ADD CONSTRAINT confidentiality_level_diwi_name_key UNIQUE (diwi_name);

--
-- Name: confidentiality_level confidentiality_level_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.confidentiality_level
    ADD CONSTRAINT confidentiality_level_pkey PRIMARY KEY (rank);

--
-- Name: delivery_template delivery_template_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.delivery_template
    ADD CONSTRAINT delivery_template_pkey PRIMARY KEY (id);

--
-- Name: district district_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.district
    ADD CONSTRAINT district_pkey PRIMARY KEY (code);

--
-- Name: milestone_status milestone_status_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.milestone_status
    ADD CONSTRAINT milestone_status_diwi_name_key UNIQUE (diwi_name);

--
-- Name: milestone_status milestone_status_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.milestone_status
    ADD CONSTRAINT milestone_status_pkey PRIMARY KEY (code);

--
-- Name: municipality municipality_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.municipality
    ADD CONSTRAINT municipality_pkey PRIMARY KEY (code);

--
-- Name: municipality_role municipality_role_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.municipality_role
    ADD CONSTRAINT municipality_role_pkey PRIMARY KEY (code);

--
-- Name: municipality_role municipality_role_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.municipality_role
    ADD CONSTRAINT municipality_role_sort_order_key UNIQUE (sort_order);

--
-- Name: mutation_kind mutation_kind_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.mutation_kind
    ADD CONSTRAINT mutation_kind_diwi_name_key UNIQUE (diwi_name);

--
-- Name: mutation_kind mutation_kind_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.mutation_kind
    ADD CONSTRAINT mutation_kind_pkey PRIMARY KEY (code);

--
-- Name: neighbourhood neighbourhood_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.neighbourhood
    ADD CONSTRAINT neighbourhood_pkey PRIMARY KEY (code);

--
-- Name: ownership_type ownership_type_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.ownership_type
    ADD CONSTRAINT ownership_type_diwi_name_key UNIQUE (diwi_name);

--
-- Name: ownership_type ownership_type_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.ownership_type
    ADD CONSTRAINT ownership_type_pkey PRIMARY KEY (code);

--
-- Name: ownership_type ownership_type_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.ownership_type
    ADD CONSTRAINT ownership_type_sort_order_key UNIQUE (sort_order);

--
-- Name: plan_type plan_type_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.plan_type
    ADD CONSTRAINT plan_type_diwi_name_key UNIQUE (diwi_name);

--
-- Name: plan_type plan_type_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.plan_type
    ADD CONSTRAINT plan_type_pkey PRIMARY KEY (code);

--
-- Name: plan_type plan_type_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.plan_type
    ADD CONSTRAINT plan_type_sort_order_key UNIQUE (sort_order);

--
-- Name: planning_status planning_status_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.planning_status
    ADD CONSTRAINT planning_status_diwi_name_key UNIQUE (diwi_name);

--
-- Name: planning_status planning_status_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.planning_status
    ADD CONSTRAINT planning_status_pkey PRIMARY KEY (code);

--
-- Name: planning_status planning_status_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.planning_status
    ADD CONSTRAINT planning_status_sort_order_key UNIQUE (sort_order);

--
-- Name: priority priority_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.priority
    ADD CONSTRAINT priority_pkey PRIMARY KEY (code);

--
-- Name: priority priority_rank_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.priority
    ADD CONSTRAINT priority_rank_key UNIQUE (rank);

--
-- Name: project_phase project_phase_diwi_name_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.project_phase
    ADD CONSTRAINT project_phase_diwi_name_key UNIQUE (diwi_name);

--
-- Name: project_phase project_phase_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.project_phase
    ADD CONSTRAINT project_phase_pkey PRIMARY KEY (code);

--
-- Name: project_phase project_phase_sort_order_key; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.project_phase
    ADD CONSTRAINT project_phase_sort_order_key UNIQUE (sort_order);

--
-- Name: province province_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.province
    ADD CONSTRAINT province_pkey PRIMARY KEY (code);

--
-- Name: region region_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.region
    ADD CONSTRAINT region_pkey PRIMARY KEY (code);

--
-- Name: rule rule_pkey; Type: CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.rule
    ADD CONSTRAINT rule_pkey PRIMARY KEY (code);

--
-- Name: api_token_user; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX api_token_user ON auth.api_token USING btree (user_id);

--
-- Name: app_user_email_unique; Type: INDEX; Schema: auth; Owner: -
--

CREATE UNIQUE INDEX app_user_email_unique ON auth.app_user USING btree (lower(email));

--
-- Name: failed_login_user_time; Type: INDEX; Schema: auth; Owner: -
--

CREATE INDEX failed_login_user_time ON auth.failed_login USING btree (user_id, failed_at);

--
-- Name: adres_adresseerbaar_object_identificatie_idx; Type: INDEX; Schema: bag; Owner: -
--

CREATE INDEX adres_adresseerbaar_object_identificatie_idx ON bag.adres USING btree (adresseerbaar_object_identificatie);

--
-- Name: adres_geometry_idx; Type: INDEX; Schema: bag; Owner: -
--

CREATE INDEX adres_geometry_idx ON bag.adres USING gist (geometry);

--
-- Name: pand_feature_id_idx; Type: INDEX; Schema: bag; Owner: -
--

CREATE INDEX pand_feature_id_idx ON bag.pand USING btree (feature_id);

--
-- Name: pand_geometry_idx; Type: INDEX; Schema: bag; Owner: -
--

CREATE INDEX pand_geometry_idx ON bag.pand USING gist (geometry);

--
-- Name: verblijfsobject_geometry_idx; Type: INDEX; Schema: bag; Owner: -
--

CREATE INDEX verblijfsobject_geometry_idx ON bag.verblijfsobject USING gist (geometry);

--
-- Name: verblijfsobject_pandidentificatie_idx; Type: INDEX; Schema: bag; Owner: -
--

CREATE INDEX verblijfsobject_pandidentificatie_idx ON bag.verblijfsobject USING gin (pandidentificatie);

--
-- Name: object_geometry_idx; Type: INDEX; Schema: bgt; Owner: -
--

CREATE INDEX object_geometry_idx ON bgt.object USING gist (geometry);

--
-- Name: object_geometry_idx; Type: INDEX; Schema: bor; Owner: -
--

CREATE INDEX object_geometry_idx ON bor.object USING gist (geometry);

--
-- Name: perceel_aanduiding; Type: INDEX; Schema: brk; Owner: -
--

CREATE UNIQUE INDEX perceel_aanduiding ON brk.perceel USING btree (akr_kadastrale_gemeente_code_waarde, sectie, perceelnummer);

--
-- Name: perceel_geometry_idx; Type: INDEX; Schema: brk; Owner: -
--

CREATE INDEX perceel_geometry_idx ON brk.perceel USING gist (geometry);

--
-- Name: run_source_started_at_idx; Type: INDEX; Schema: ingest; Owner: -
--

CREATE INDEX run_source_started_at_idx ON ingest.run USING btree (source, started_at DESC);

--
-- Name: alert_event_dependency_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX alert_event_dependency_idx ON plan.alert_event USING btree (dependency_id) WHERE (dependency_id IS NOT NULL);

--
-- Name: alert_event_unmailed; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX alert_event_unmailed ON plan.alert_event USING btree (user_id) WHERE (mailed_at IS NULL);

--
-- Name: dashboard_blueprint_share_group; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX dashboard_blueprint_share_group ON plan.dashboard_blueprint_share USING btree (user_group_id);

--
-- Name: forecast_project_latest; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX forecast_project_latest ON plan.forecast USING btree (project_id, computed_at DESC);

--
-- Name: goal_category_name_taken; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX goal_category_name_taken ON plan.goal_category USING btree (municipality_code, lower(name)) WHERE (removed_at IS NULL);

--
-- Name: goal_version_category_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX goal_version_category_id_idx ON plan.goal_version USING btree (category_id) WHERE (superseded_at IS NULL);

--
-- Name: goal_version_current; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX goal_version_current ON plan.goal_version USING btree (goal_id) WHERE (superseded_at IS NULL);

--
-- Name: houseblock_end_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_end_milestone_idx ON plan.houseblock USING btree (end_milestone_id);

--
-- Name: houseblock_project_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_project_id_idx ON plan.houseblock USING btree (project_id);

--
-- Name: houseblock_start_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_start_milestone_idx ON plan.houseblock USING btree (start_milestone_id);

--
-- Name: houseblock_version_current; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_version_current ON plan.houseblock_version USING btree (houseblock_id) WHERE (superseded_at IS NULL);

--
-- Name: houseblock_version_current_dates; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_version_current_dates ON plan.houseblock_version USING btree (houseblock_id, valid_from, valid_to) WHERE (superseded_at IS NULL);

--
-- Name: houseblock_version_from_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_version_from_milestone_idx ON plan.houseblock_version USING btree (valid_from_milestone_id) WHERE (superseded_at IS NULL);

--
-- Name: houseblock_version_houseblock_id_recorded_at_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_version_houseblock_id_recorded_at_idx ON plan.houseblock_version USING btree (houseblock_id, recorded_at);

--
-- Name: houseblock_version_to_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX houseblock_version_to_milestone_idx ON plan.houseblock_version USING btree (valid_to_milestone_id) WHERE (superseded_at IS NULL);

--
-- Name: milestone_project_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX milestone_project_id_idx ON plan.milestone USING btree (project_id);

--
-- Name: milestone_version_current; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX milestone_version_current ON plan.milestone_version USING btree (milestone_id) INCLUDE (date, status) WHERE (superseded_at IS NULL);

--
-- Name: milestone_version_history; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX milestone_version_history ON plan.milestone_version USING btree (milestone_id, recorded_at) INCLUDE (date, status, superseded_at);

--
-- Name: notice_project_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX notice_project_id_idx ON plan.notice USING btree (project_id);

--
-- Name: notice_unread; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX notice_unread ON plan.notice USING btree (user_group_id, created_at DESC) WHERE (read_at IS NULL);

--
-- Name: outbox_pending; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX outbox_pending ON plan.outbox USING btree (occurred_at) WHERE (dispatched_at IS NULL);

--
-- Name: parcel_issue_designation; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX parcel_issue_designation ON plan.parcel_issue USING btree (project_id, cadastral_municipality_code, section, parcel_number);

--
-- Name: process_dependency_to_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX process_dependency_to_idx ON plan.process_dependency USING btree (to_step_id);

--
-- Name: process_step_project_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX process_step_project_idx ON plan.process_step USING btree (project_id);

--
-- Name: project_end_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_end_milestone_idx ON plan.project USING btree (end_milestone_id);

--
-- Name: project_follower_user_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_follower_user_id_idx ON plan.project_follower USING btree (user_id);

--
-- Name: project_owner_current; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_owner_current ON plan.project_owner USING btree (project_id, user_group_id) WHERE (superseded_at IS NULL);

--
-- Name: project_start_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_start_milestone_idx ON plan.project USING btree (start_milestone_id);

--
-- Name: project_version_current; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_version_current ON plan.project_version USING btree (project_id) WHERE (superseded_at IS NULL);

--
-- Name: project_version_current_dates; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_version_current_dates ON plan.project_version USING btree (project_id, valid_from, valid_to) WHERE (superseded_at IS NULL);

--
-- Name: project_version_from_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_version_from_milestone_idx ON plan.project_version USING btree (valid_from_milestone_id) WHERE (superseded_at IS NULL);

--
-- Name: project_version_plan_area_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_version_plan_area_idx ON plan.project_version USING gist (plan_area) WHERE (superseded_at IS NULL);

--
-- Name: project_version_project_id_recorded_at_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_version_project_id_recorded_at_idx ON plan.project_version USING btree (project_id, recorded_at);

--
-- Name: project_version_to_milestone_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX project_version_to_milestone_idx ON plan.project_version USING btree (valid_to_milestone_id) WHERE (superseded_at IS NULL);

--
-- Name: property_name_taken; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX property_name_taken ON plan.property USING btree (COALESCE(municipality_code, ''::text), object_type, lower(name)) WHERE (disabled_at IS NULL);

--
-- Name: webhook_attempt_delivery_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX webhook_attempt_delivery_id_idx ON plan.webhook_attempt USING btree (delivery_id);

--
-- Name: webhook_delivery_due; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX webhook_delivery_due ON plan.webhook_delivery USING btree (next_attempt_at) WHERE (status = 'pending'::text);

--
-- Name: webhook_delivery_subscription_id_created_at_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX webhook_delivery_subscription_id_created_at_idx ON plan.webhook_delivery USING btree (subscription_id, created_at DESC);

--
-- Name: zgw_config_receive_token; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX zgw_config_receive_token ON plan.zgw_config USING btree (receive_token_sha256);

--
-- Name: zgw_notification_municipality_code_received_at_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX zgw_notification_municipality_code_received_at_idx ON plan.zgw_notification USING btree (municipality_code, received_at DESC);

--
-- Name: zgw_outcome_unique; Type: INDEX; Schema: plan; Owner: -
--

CREATE UNIQUE INDEX zgw_outcome_unique ON plan.zgw_outcome USING btree (municipality_code, lower(omschrijving));

--
-- Name: zgw_zaak_link_project_id_idx; Type: INDEX; Schema: plan; Owner: -
--

CREATE INDEX zgw_zaak_link_project_id_idx ON plan.zgw_zaak_link USING btree (project_id);

--
-- Name: houseblock_cache_geometry_idx; Type: INDEX; Schema: publication; Owner: -
--

CREATE INDEX houseblock_cache_geometry_idx ON publication.houseblock_cache USING gist (geometry);

--
-- Name: houseblock_cache_project_id_idx; Type: INDEX; Schema: publication; Owner: -
--

CREATE INDEX houseblock_cache_project_id_idx ON publication.houseblock_cache USING btree (project_id);

--
-- Name: project_cache_geometry_idx; Type: INDEX; Schema: publication; Owner: -
--

CREATE INDEX project_cache_geometry_idx ON publication.project_cache USING gist (geometry);

--
-- Name: project_cache_municipality_code_idx; Type: INDEX; Schema: publication; Owner: -
--

CREATE INDEX project_cache_municipality_code_idx ON publication.project_cache USING btree (municipality_code);

--
-- Name: job_owner_created_idx; Type: INDEX; Schema: pygeoapi; Owner: -
--

CREATE INDEX job_owner_created_idx ON pygeoapi.job USING btree (owner_id, created DESC);

--
-- Name: municipality_boundary_idx; Type: INDEX; Schema: ref; Owner: -
--

CREATE INDEX municipality_boundary_idx ON ref.municipality USING gist (boundary);

--
-- Name: houseblock_version amount_totals; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER amount_totals AFTER UPDATE OF amount ON plan.houseblock_version DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.houseblock_totals_trigger();

--
-- Name: houseblock_breakdown breakdown_checks; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER breakdown_checks BEFORE INSERT OR UPDATE ON plan.houseblock_breakdown FOR EACH ROW EXECUTE FUNCTION plan.breakdown_checks();

--
-- Name: houseblock_breakdown breakdown_totals; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER breakdown_totals AFTER INSERT OR UPDATE ON plan.houseblock_breakdown DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.houseblock_totals_trigger();

--
-- Name: houseblock cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.houseblock REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_breakdown cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.houseblock_breakdown REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_ownership_line cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.houseblock_ownership_line REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_version cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.houseblock_version REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: milestone_version cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.milestone_version REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.project REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project_owner cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.project_owner REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project_version cache_refresh_delete; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_delete AFTER DELETE ON plan.project_version REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.houseblock REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_breakdown cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.houseblock_breakdown REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_ownership_line cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.houseblock_ownership_line REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_version cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.houseblock_version REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: milestone_version cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.milestone_version REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.project REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project_owner cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.project_owner REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project_version cache_refresh_insert; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_insert AFTER INSERT ON plan.project_version REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.houseblock REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_breakdown cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.houseblock_breakdown REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_ownership_line cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.houseblock_ownership_line REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: houseblock_version cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.houseblock_version REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: milestone_version cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.milestone_version REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.project REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project_owner cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.project_owner REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: project_version cache_refresh_update; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER cache_refresh_update AFTER UPDATE ON plan.project_version REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION plan.cache_refresh_trigger();

--
-- Name: goal_version goal_version_check; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER goal_version_check BEFORE INSERT OR UPDATE OF category_id, kind, target, conditions, district_codes, neighbourhood_codes, area ON plan.goal_version FOR EACH ROW EXECUTE FUNCTION plan.check_goal_version();

--
-- Name: houseblock houseblock_dates; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER houseblock_dates BEFORE INSERT OR UPDATE OF start_milestone_id, end_milestone_id ON plan.houseblock FOR EACH ROW EXECUTE FUNCTION plan.entity_dates_trigger();

--
-- Name: houseblock houseblock_periods; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER houseblock_periods AFTER INSERT OR UPDATE ON plan.houseblock DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.periods_trigger();

--
-- Name: houseblock_version houseblock_version_checks; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER houseblock_version_checks BEFORE INSERT OR UPDATE ON plan.houseblock_version FOR EACH ROW WHEN ((new.superseded_at IS NULL)) EXECUTE FUNCTION plan.houseblock_version_checks();

--
-- Name: houseblock_version houseblock_version_dates; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER houseblock_version_dates BEFORE INSERT ON plan.houseblock_version FOR EACH ROW EXECUTE FUNCTION plan.version_dates_trigger();

--
-- Name: milestone_version milestone_date_cache; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER milestone_date_cache AFTER INSERT ON plan.milestone_version FOR EACH ROW WHEN ((new.superseded_at IS NULL)) EXECUTE FUNCTION plan.milestone_date_cache_trigger();

--
-- Name: milestone_version milestone_periods; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER milestone_periods AFTER INSERT ON plan.milestone_version DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.periods_trigger();

--
-- Name: milestone_version milestone_version_checks; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER milestone_version_checks BEFORE INSERT ON plan.milestone_version FOR EACH ROW EXECUTE FUNCTION plan.milestone_version_checks();

--
-- Name: houseblock_version outbox_event; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER outbox_event AFTER INSERT ON plan.houseblock_version DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.outbox_version_trigger('houseblock');

--
-- Name: milestone_version outbox_event; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER outbox_event AFTER INSERT ON plan.milestone_version DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.outbox_version_trigger('milestone');

--
-- Name: project_version outbox_event; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER outbox_event AFTER INSERT ON plan.project_version DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.outbox_version_trigger('project');

--
-- Name: houseblock outbox_identity; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER outbox_identity AFTER UPDATE ON plan.houseblock DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.outbox_identity_trigger('houseblock');

--
-- Name: project outbox_identity; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER outbox_identity AFTER UPDATE ON plan.project DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.outbox_identity_trigger('project');

--
-- Name: houseblock_ownership_line ownership_line_checks; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER ownership_line_checks BEFORE INSERT OR UPDATE ON plan.houseblock_ownership_line FOR EACH ROW EXECUTE FUNCTION plan.ownership_line_checks();

--
-- Name: houseblock_ownership_line ownership_totals; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE CONSTRAINT TRIGGER ownership_totals AFTER INSERT OR UPDATE ON plan.houseblock_ownership_line DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.houseblock_totals_trigger();

--
-- Name: project project_dates; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER project_dates BEFORE INSERT OR UPDATE OF start_milestone_id, end_milestone_id ON plan.project FOR EACH ROW EXECUTE FUNCTION plan.entity_dates_trigger();

--
-- Name: project_version project_version_checks; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER project_version_checks BEFORE INSERT OR UPDATE ON plan.project_version FOR EACH ROW WHEN ((new.superseded_at IS NULL)) EXECUTE FUNCTION plan.project_version_checks();

--
-- Name: project_version project_version_dates; Type: TRIGGER; Schema: plan; Owner: -
--

CREATE TRIGGER project_version_dates BEFORE INSERT ON plan.project_version FOR EACH ROW EXECUTE FUNCTION plan.version_dates_trigger();

--
-- Name: alert_preference alert_preference_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.alert_preference
    ADD CONSTRAINT alert_preference_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: api_token api_token_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.api_token
    ADD CONSTRAINT api_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: app_user app_user_municipality_code_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: app_user app_user_province_code_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_province_code_fkey FOREIGN KEY (province_code) REFERENCES ref.province(code);

--
-- Name: app_user app_user_region_code_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.app_user
    ADD CONSTRAINT app_user_region_code_fkey FOREIGN KEY (region_code) REFERENCES ref.region(code);

--
-- Name: failed_login failed_login_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.failed_login
    ADD CONSTRAINT failed_login_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: municipality_setting municipality_setting_municipality_code_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.municipality_setting
    ADD CONSTRAINT municipality_setting_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: user_group_member user_group_member_user_group_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_group_member
    ADD CONSTRAINT user_group_member_user_group_id_fkey FOREIGN KEY (user_group_id) REFERENCES auth.user_group(id) ON DELETE CASCADE;

--
-- Name: user_group_member user_group_member_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_group_member
    ADD CONSTRAINT user_group_member_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: user_group user_group_municipality_code_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_group
    ADD CONSTRAINT user_group_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: user_preference user_preference_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_preference
    ADD CONSTRAINT user_preference_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: user_role user_role_role_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_role
    ADD CONSTRAINT user_role_role_id_fkey FOREIGN KEY (role_id) REFERENCES auth.role(id) ON DELETE CASCADE;

--
-- Name: user_role user_role_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.user_role
    ADD CONSTRAINT user_role_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: webauthn webauthn_user_id_fkey; Type: FK CONSTRAINT; Schema: auth; Owner: -
--

ALTER TABLE ONLY auth.webauthn
    ADD CONSTRAINT webauthn_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: adres adres_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: bag; Owner: -
--

ALTER TABLE ONLY bag.adres
    ADD CONSTRAINT adres_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id);

--
-- Name: pand pand_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: bag; Owner: -
--

ALTER TABLE ONLY bag.pand
    ADD CONSTRAINT pand_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id);

--
-- Name: verblijfsobject verblijfsobject_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: bag; Owner: -
--

ALTER TABLE ONLY bag.verblijfsobject
    ADD CONSTRAINT verblijfsobject_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id);

--
-- Name: object object_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: bgt; Owner: -
--

ALTER TABLE ONLY bgt.object
    ADD CONSTRAINT object_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id);

--
-- Name: object object_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: bor; Owner: -
--

ALTER TABLE ONLY bor.object
    ADD CONSTRAINT object_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id);

--
-- Name: perceel perceel_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: brk; Owner: -
--

ALTER TABLE ONLY brk.perceel
    ADD CONSTRAINT perceel_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id);

--
-- Name: run_change run_change_run_id_fkey; Type: FK CONSTRAINT; Schema: ingest; Owner: -
--

ALTER TABLE ONLY ingest.run_change
    ADD CONSTRAINT run_change_run_id_fkey FOREIGN KEY (run_id) REFERENCES ingest.run(id) ON DELETE CASCADE;

--
-- Name: staged_feature staged_feature_run_id_fkey; Type: FK CONSTRAINT; Schema: ingest; Owner: -
--

ALTER TABLE ONLY ingest.staged_feature
    ADD CONSTRAINT staged_feature_run_id_fkey FOREIGN KEY (run_id) REFERENCES ingest.run(id) ON DELETE CASCADE;

--
-- Name: alert_event alert_event_dependency_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.alert_event
    ADD CONSTRAINT alert_event_dependency_id_fkey FOREIGN KEY (dependency_id) REFERENCES plan.process_dependency(id) ON DELETE CASCADE;

--
-- Name: alert_event alert_event_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.alert_event
    ADD CONSTRAINT alert_event_milestone_id_fkey FOREIGN KEY (milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: alert_event alert_event_notice_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.alert_event
    ADD CONSTRAINT alert_event_notice_id_fkey FOREIGN KEY (notice_id) REFERENCES plan.notice(id) ON DELETE SET NULL;

--
-- Name: alert_event alert_event_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.alert_event
    ADD CONSTRAINT alert_event_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: alert_event alert_event_user_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.alert_event
    ADD CONSTRAINT alert_event_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: project_version area_source_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT area_source_unknown FOREIGN KEY (area_source) REFERENCES ref.area_source(code);

--
-- Name: project_version confidentiality_level_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT confidentiality_level_unknown FOREIGN KEY (confidentiality_level) REFERENCES ref.confidentiality_level(rank);

--
-- Name: dashboard_blueprint dashboard_blueprint_created_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint
    ADD CONSTRAINT dashboard_blueprint_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: dashboard_blueprint dashboard_blueprint_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint
    ADD CONSTRAINT dashboard_blueprint_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: dashboard_blueprint_share dashboard_blueprint_share_blueprint_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint_share
    ADD CONSTRAINT dashboard_blueprint_share_blueprint_id_fkey FOREIGN KEY (blueprint_id) REFERENCES plan.dashboard_blueprint(id) ON DELETE CASCADE;

--
-- Name: dashboard_blueprint_share dashboard_blueprint_share_user_group_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint_share
    ADD CONSTRAINT dashboard_blueprint_share_user_group_id_fkey FOREIGN KEY (user_group_id) REFERENCES auth.user_group(id) ON DELETE CASCADE;

--
-- Name: dashboard_blueprint dashboard_blueprint_updated_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.dashboard_blueprint
    ADD CONSTRAINT dashboard_blueprint_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: delivery_field_mapping delivery_field_mapping_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_field_mapping
    ADD CONSTRAINT delivery_field_mapping_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: delivery_field_mapping delivery_field_mapping_property_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_field_mapping
    ADD CONSTRAINT delivery_field_mapping_property_id_fkey FOREIGN KEY (property_id) REFERENCES plan.property(id) ON DELETE CASCADE;

--
-- Name: delivery_field_mapping delivery_field_mapping_template_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_field_mapping
    ADD CONSTRAINT delivery_field_mapping_template_id_fkey FOREIGN KEY (template_id) REFERENCES ref.delivery_template(id) ON DELETE CASCADE;

--
-- Name: delivery_field_mapping delivery_field_mapping_updated_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_field_mapping
    ADD CONSTRAINT delivery_field_mapping_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.app_user(id);

--
-- Name: delivery_option_mapping delivery_option_mapping_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_option_mapping
    ADD CONSTRAINT delivery_option_mapping_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: delivery_option_mapping delivery_option_mapping_property_option_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_option_mapping
    ADD CONSTRAINT delivery_option_mapping_property_option_id_fkey FOREIGN KEY (property_option_id) REFERENCES plan.property_option(id) ON DELETE CASCADE;

--
-- Name: delivery_option_mapping delivery_option_mapping_template_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_option_mapping
    ADD CONSTRAINT delivery_option_mapping_template_id_fkey FOREIGN KEY (template_id) REFERENCES ref.delivery_template(id) ON DELETE CASCADE;

--
-- Name: delivery_price_mapping delivery_price_mapping_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_price_mapping
    ADD CONSTRAINT delivery_price_mapping_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: delivery_price_mapping delivery_price_mapping_price_category_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_price_mapping
    ADD CONSTRAINT delivery_price_mapping_price_category_id_fkey FOREIGN KEY (price_category_id) REFERENCES plan.price_category(id) ON DELETE CASCADE;

--
-- Name: delivery_price_mapping delivery_price_mapping_template_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.delivery_price_mapping
    ADD CONSTRAINT delivery_price_mapping_template_id_fkey FOREIGN KEY (template_id) REFERENCES ref.delivery_template(id) ON DELETE CASCADE;

--
-- Name: forecast forecast_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.forecast
    ADD CONSTRAINT forecast_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: goal_category goal_category_created_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_category
    ADD CONSTRAINT goal_category_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.app_user(id);

--
-- Name: goal_category goal_category_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_category
    ADD CONSTRAINT goal_category_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: goal_category goal_category_removed_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_category
    ADD CONSTRAINT goal_category_removed_by_fkey FOREIGN KEY (removed_by) REFERENCES auth.app_user(id);

--
-- Name: goal_category goal_category_updated_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_category
    ADD CONSTRAINT goal_category_updated_by_fkey FOREIGN KEY (updated_by) REFERENCES auth.app_user(id);

--
-- Name: goal goal_created_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal
    ADD CONSTRAINT goal_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.app_user(id);

--
-- Name: goal goal_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal
    ADD CONSTRAINT goal_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: goal goal_removed_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal
    ADD CONSTRAINT goal_removed_by_fkey FOREIGN KEY (removed_by) REFERENCES auth.app_user(id);

--
-- Name: goal_version goal_version_category_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_version
    ADD CONSTRAINT goal_version_category_id_fkey FOREIGN KEY (category_id) REFERENCES plan.goal_category(id);

--
-- Name: goal_version goal_version_goal_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_version
    ADD CONSTRAINT goal_version_goal_id_fkey FOREIGN KEY (goal_id) REFERENCES plan.goal(id) ON DELETE CASCADE;

--
-- Name: goal_version goal_version_recorded_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.goal_version
    ADD CONSTRAINT goal_version_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES auth.app_user(id);

--
-- Name: houseblock_breakdown houseblock_breakdown_houseblock_version_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_breakdown
    ADD CONSTRAINT houseblock_breakdown_houseblock_version_id_fkey FOREIGN KEY (houseblock_version_id) REFERENCES plan.houseblock_version(id) ON DELETE CASCADE;

--
-- Name: houseblock_breakdown houseblock_breakdown_option_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_breakdown
    ADD CONSTRAINT houseblock_breakdown_option_id_fkey FOREIGN KEY (option_id) REFERENCES plan.property_option(id);

--
-- Name: houseblock houseblock_created_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock
    ADD CONSTRAINT houseblock_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.app_user(id);

--
-- Name: houseblock houseblock_end_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock
    ADD CONSTRAINT houseblock_end_milestone_id_fkey FOREIGN KEY (end_milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: houseblock_ownership_line houseblock_ownership_line_houseblock_version_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_ownership_line
    ADD CONSTRAINT houseblock_ownership_line_houseblock_version_id_fkey FOREIGN KEY (houseblock_version_id) REFERENCES plan.houseblock_version(id) ON DELETE CASCADE;

--
-- Name: houseblock houseblock_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock
    ADD CONSTRAINT houseblock_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: houseblock houseblock_removed_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock
    ADD CONSTRAINT houseblock_removed_by_fkey FOREIGN KEY (removed_by) REFERENCES auth.app_user(id);

--
-- Name: houseblock houseblock_start_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock
    ADD CONSTRAINT houseblock_start_milestone_id_fkey FOREIGN KEY (start_milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: houseblock_version houseblock_version_houseblock_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_version
    ADD CONSTRAINT houseblock_version_houseblock_id_fkey FOREIGN KEY (houseblock_id) REFERENCES plan.houseblock(id) ON DELETE CASCADE;

--
-- Name: houseblock_version houseblock_version_recorded_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_version
    ADD CONSTRAINT houseblock_version_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES auth.app_user(id);

--
-- Name: houseblock_version houseblock_version_valid_from_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_version
    ADD CONSTRAINT houseblock_version_valid_from_milestone_id_fkey FOREIGN KEY (valid_from_milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: houseblock_version houseblock_version_valid_to_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_version
    ADD CONSTRAINT houseblock_version_valid_to_milestone_id_fkey FOREIGN KEY (valid_to_milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: key_project key_project_marked_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.key_project
    ADD CONSTRAINT key_project_marked_by_fkey FOREIGN KEY (marked_by) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: key_project key_project_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.key_project
    ADD CONSTRAINT key_project_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: milestone milestone_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone
    ADD CONSTRAINT milestone_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: milestone_version milestone_status_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone_version
    ADD CONSTRAINT milestone_status_unknown FOREIGN KEY (status) REFERENCES ref.milestone_status(code);

--
-- Name: milestone_version milestone_version_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone_version
    ADD CONSTRAINT milestone_version_milestone_id_fkey FOREIGN KEY (milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: milestone_version milestone_version_recorded_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.milestone_version
    ADD CONSTRAINT milestone_version_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES auth.app_user(id);

--
-- Name: houseblock_version mutation_kind_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_version
    ADD CONSTRAINT mutation_kind_unknown FOREIGN KEY (mutation_kind) REFERENCES ref.mutation_kind(code);

--
-- Name: notice notice_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.notice
    ADD CONSTRAINT notice_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: notice notice_read_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.notice
    ADD CONSTRAINT notice_read_by_fkey FOREIGN KEY (read_by) REFERENCES auth.app_user(id);

--
-- Name: notice notice_user_group_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.notice
    ADD CONSTRAINT notice_user_group_id_fkey FOREIGN KEY (user_group_id) REFERENCES auth.user_group(id) ON DELETE CASCADE;

--
-- Name: outbox outbox_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.outbox
    ADD CONSTRAINT outbox_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: houseblock_ownership_line ownership_type_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_ownership_line
    ADD CONSTRAINT ownership_type_unknown FOREIGN KEY (ownership_type) REFERENCES ref.ownership_type(code);

--
-- Name: parcel_issue parcel_issue_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.parcel_issue
    ADD CONSTRAINT parcel_issue_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: parcel_issue parcel_issue_resolved_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.parcel_issue
    ADD CONSTRAINT parcel_issue_resolved_by_fkey FOREIGN KEY (resolved_by) REFERENCES auth.app_user(id);

--
-- Name: parcel_issue parcel_issue_since_run_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.parcel_issue
    ADD CONSTRAINT parcel_issue_since_run_id_fkey FOREIGN KEY (since_run_id) REFERENCES ingest.run(id) ON DELETE SET NULL;

--
-- Name: project_version planning_status_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT planning_status_unknown FOREIGN KEY (planning_status) REFERENCES ref.planning_status(code);

--
-- Name: price_category price_category_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.price_category
    ADD CONSTRAINT price_category_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: houseblock_ownership_line price_category_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.houseblock_ownership_line
    ADD CONSTRAINT price_category_unknown FOREIGN KEY (price_category_id) REFERENCES plan.price_category(id);

--
-- Name: project_version priority_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT priority_unknown FOREIGN KEY (priority) REFERENCES ref.priority(code);

--
-- Name: process_dependency process_dependency_from_step_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_dependency
    ADD CONSTRAINT process_dependency_from_step_id_fkey FOREIGN KEY (from_step_id) REFERENCES plan.process_step(id) ON DELETE CASCADE;

--
-- Name: process_dependency process_dependency_to_step_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_dependency
    ADD CONSTRAINT process_dependency_to_step_id_fkey FOREIGN KEY (to_step_id) REFERENCES plan.process_step(id) ON DELETE CASCADE;

--
-- Name: process_step process_step_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_step
    ADD CONSTRAINT process_step_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: process_step process_step_responsible_group_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_step
    ADD CONSTRAINT process_step_responsible_group_id_fkey FOREIGN KEY (responsible_group_id) REFERENCES auth.user_group(id) ON DELETE SET NULL;

--
-- Name: process_step process_step_responsible_user_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_step
    ADD CONSTRAINT process_step_responsible_user_id_fkey FOREIGN KEY (responsible_user_id) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: process_summary process_summary_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_summary
    ADD CONSTRAINT process_summary_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: process_template_dependency process_template_dependency_from_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_dependency
    ADD CONSTRAINT process_template_dependency_from_fkey FOREIGN KEY (template_id, from_position) REFERENCES plan.process_template_step(template_id, "position") ON UPDATE CASCADE ON DELETE CASCADE;

--
-- Name: process_template_dependency process_template_dependency_template_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_dependency
    ADD CONSTRAINT process_template_dependency_template_id_fkey FOREIGN KEY (template_id) REFERENCES plan.process_template(id) ON DELETE CASCADE;

--
-- Name: process_template_dependency process_template_dependency_to_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_dependency
    ADD CONSTRAINT process_template_dependency_to_fkey FOREIGN KEY (template_id, to_position) REFERENCES plan.process_template_step(template_id, "position") ON UPDATE CASCADE ON DELETE CASCADE;

--
-- Name: process_template process_template_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template
    ADD CONSTRAINT process_template_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code) ON DELETE CASCADE;

--
-- Name: process_template_step process_template_step_template_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.process_template_step
    ADD CONSTRAINT process_template_step_template_id_fkey FOREIGN KEY (template_id) REFERENCES plan.process_template(id) ON DELETE CASCADE;

--
-- Name: project_building project_building_project_version_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_building
    ADD CONSTRAINT project_building_project_version_id_fkey FOREIGN KEY (project_version_id) REFERENCES plan.project_version(id) ON DELETE CASCADE;

--
-- Name: project project_created_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.app_user(id);

--
-- Name: project project_end_milestone_fk; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_end_milestone_fk FOREIGN KEY (end_milestone_id) REFERENCES plan.milestone(id) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: project_follower project_follower_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_follower
    ADD CONSTRAINT project_follower_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: project_follower project_follower_user_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_follower
    ADD CONSTRAINT project_follower_user_id_fkey FOREIGN KEY (user_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: project project_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: project_owner project_owner_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_owner
    ADD CONSTRAINT project_owner_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: project_owner project_owner_recorded_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_owner
    ADD CONSTRAINT project_owner_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES auth.app_user(id);

--
-- Name: project_owner project_owner_user_group_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_owner
    ADD CONSTRAINT project_owner_user_group_id_fkey FOREIGN KEY (user_group_id) REFERENCES auth.user_group(id);

--
-- Name: project_parcel project_parcel_project_version_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_parcel
    ADD CONSTRAINT project_parcel_project_version_id_fkey FOREIGN KEY (project_version_id) REFERENCES plan.project_version(id) ON DELETE CASCADE;

--
-- Name: project_version project_phase_unknown; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT project_phase_unknown FOREIGN KEY (phase) REFERENCES ref.project_phase(code);

--
-- Name: project project_removed_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_removed_by_fkey FOREIGN KEY (removed_by) REFERENCES auth.app_user(id);

--
-- Name: project project_start_milestone_fk; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project
    ADD CONSTRAINT project_start_milestone_fk FOREIGN KEY (start_milestone_id) REFERENCES plan.milestone(id) DEFERRABLE INITIALLY DEFERRED;

--
-- Name: project_version project_version_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT project_version_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: project_version project_version_recorded_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT project_version_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES auth.app_user(id);

--
-- Name: project_version project_version_valid_from_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT project_version_valid_from_milestone_id_fkey FOREIGN KEY (valid_from_milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: project_version project_version_valid_to_milestone_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.project_version
    ADD CONSTRAINT project_version_valid_to_milestone_id_fkey FOREIGN KEY (valid_to_milestone_id) REFERENCES plan.milestone(id) ON DELETE CASCADE;

--
-- Name: property property_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.property
    ADD CONSTRAINT property_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: property_option property_option_property_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.property_option
    ADD CONSTRAINT property_option_property_id_fkey FOREIGN KEY (property_id) REFERENCES plan.property(id) ON DELETE CASCADE;

--
-- Name: region_setting region_setting_changed_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.region_setting
    ADD CONSTRAINT region_setting_changed_by_fkey FOREIGN KEY (changed_by) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: region_setting region_setting_region_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.region_setting
    ADD CONSTRAINT region_setting_region_code_fkey FOREIGN KEY (region_code) REFERENCES ref.region(code) ON DELETE CASCADE;

--
-- Name: registry_version registry_version_ingest_run_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.registry_version
    ADD CONSTRAINT registry_version_ingest_run_id_fkey FOREIGN KEY (ingest_run_id) REFERENCES ingest.run(id) ON DELETE SET NULL;

--
-- Name: registry_version registry_version_project_version_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.registry_version
    ADD CONSTRAINT registry_version_project_version_id_fkey FOREIGN KEY (project_version_id) REFERENCES plan.project_version(id) ON DELETE CASCADE;

--
-- Name: webhook_attempt webhook_attempt_delivery_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_attempt
    ADD CONSTRAINT webhook_attempt_delivery_id_fkey FOREIGN KEY (delivery_id) REFERENCES plan.webhook_delivery(id) ON DELETE CASCADE;

--
-- Name: webhook_delivery webhook_delivery_outbox_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_delivery
    ADD CONSTRAINT webhook_delivery_outbox_id_fkey FOREIGN KEY (outbox_id) REFERENCES plan.outbox(id) ON DELETE CASCADE;

--
-- Name: webhook_delivery webhook_delivery_subscription_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_delivery
    ADD CONSTRAINT webhook_delivery_subscription_id_fkey FOREIGN KEY (subscription_id) REFERENCES plan.webhook_subscription(id) ON DELETE CASCADE;

--
-- Name: webhook_subscription webhook_subscription_created_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_subscription
    ADD CONSTRAINT webhook_subscription_created_by_fkey FOREIGN KEY (created_by) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: webhook_subscription webhook_subscription_max_confidentiality_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_subscription
    ADD CONSTRAINT webhook_subscription_max_confidentiality_fkey FOREIGN KEY (max_confidentiality) REFERENCES ref.confidentiality_level(rank);

--
-- Name: webhook_subscription webhook_subscription_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.webhook_subscription
    ADD CONSTRAINT webhook_subscription_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: zgw_config zgw_config_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_config
    ADD CONSTRAINT zgw_config_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: zgw_mapping zgw_mapping_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_mapping
    ADD CONSTRAINT zgw_mapping_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: zgw_mapping zgw_mapping_status_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_mapping
    ADD CONSTRAINT zgw_mapping_status_fkey FOREIGN KEY (status) REFERENCES ref.milestone_status(code);

--
-- Name: zgw_notification zgw_notification_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_notification
    ADD CONSTRAINT zgw_notification_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: zgw_notification zgw_notification_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_notification
    ADD CONSTRAINT zgw_notification_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE SET NULL;

--
-- Name: zgw_outcome zgw_outcome_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_outcome
    ADD CONSTRAINT zgw_outcome_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: zgw_outcome zgw_outcome_status_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_outcome
    ADD CONSTRAINT zgw_outcome_status_fkey FOREIGN KEY (status) REFERENCES ref.milestone_status(code);

--
-- Name: zgw_zaak_link zgw_zaak_link_linked_by_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_zaak_link
    ADD CONSTRAINT zgw_zaak_link_linked_by_fkey FOREIGN KEY (linked_by) REFERENCES auth.app_user(id) ON DELETE SET NULL;

--
-- Name: zgw_zaak_link zgw_zaak_link_municipality_code_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_zaak_link
    ADD CONSTRAINT zgw_zaak_link_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: zgw_zaak_link zgw_zaak_link_project_id_fkey; Type: FK CONSTRAINT; Schema: plan; Owner: -
--

ALTER TABLE ONLY plan.zgw_zaak_link
    ADD CONSTRAINT zgw_zaak_link_project_id_fkey FOREIGN KEY (project_id) REFERENCES plan.project(id) ON DELETE CASCADE;

--
-- Name: job job_owner_id_fkey; Type: FK CONSTRAINT; Schema: pygeoapi; Owner: -
--

ALTER TABLE ONLY pygeoapi.job
    ADD CONSTRAINT job_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES auth.app_user(id) ON DELETE CASCADE;

--
-- Name: delivery_template delivery_template_province_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.delivery_template
    ADD CONSTRAINT delivery_template_province_code_fkey FOREIGN KEY (province_code) REFERENCES ref.province(code);

--
-- Name: district district_municipality_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.district
    ADD CONSTRAINT district_municipality_code_fkey FOREIGN KEY (municipality_code) REFERENCES ref.municipality(code);

--
-- Name: municipality municipality_province_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.municipality
    ADD CONSTRAINT municipality_province_code_fkey FOREIGN KEY (province_code) REFERENCES ref.province(code);

--
-- Name: municipality municipality_region_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.municipality
    ADD CONSTRAINT municipality_region_code_fkey FOREIGN KEY (region_code) REFERENCES ref.region(code);

--
-- Name: neighbourhood neighbourhood_district_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.neighbourhood
    ADD CONSTRAINT neighbourhood_district_code_fkey FOREIGN KEY (district_code) REFERENCES ref.district(code);

--
-- Name: region region_province_code_fkey; Type: FK CONSTRAINT; Schema: ref; Owner: -
--

ALTER TABLE ONLY ref.region
    ADD CONSTRAINT region_province_code_fkey FOREIGN KEY (province_code) REFERENCES ref.province(code);

--
-- Name: houseblock; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.houseblock ENABLE ROW LEVEL SECURITY;

--
-- Name: houseblock_breakdown; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.houseblock_breakdown ENABLE ROW LEVEL SECURITY;

--
-- Name: houseblock_ownership_line; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.houseblock_ownership_line ENABLE ROW LEVEL SECURITY;

--
-- Name: houseblock_version; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.houseblock_version ENABLE ROW LEVEL SECURITY;

--
-- Name: milestone; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.milestone ENABLE ROW LEVEL SECURITY;

--
-- Name: milestone_version; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.milestone_version ENABLE ROW LEVEL SECURITY;

--
-- Name: project; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.project ENABLE ROW LEVEL SECURITY;

--
-- Name: project_building; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.project_building ENABLE ROW LEVEL SECURITY;

--
-- Name: project_owner; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.project_owner ENABLE ROW LEVEL SECURITY;

--
-- Name: project_parcel; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.project_parcel ENABLE ROW LEVEL SECURITY;

--
-- Name: project_version; Type: ROW SECURITY; Schema: plan; Owner: -
--

ALTER TABLE plan.project_version ENABLE ROW LEVEL SECURITY;

--
-- Name: houseblock reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.houseblock FOR SELECT TO diwi_reader USING ((project_id IN ( SELECT i.i
   FROM plan.visible_project_ids() i(i))));

--
-- Name: houseblock_breakdown reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.houseblock_breakdown FOR SELECT TO diwi_reader USING ((houseblock_version_id IN ( SELECT i.i
   FROM plan.visible_houseblock_version_ids() i(i))));

--
-- Name: houseblock_ownership_line reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.houseblock_ownership_line FOR SELECT TO diwi_reader USING ((houseblock_version_id IN ( SELECT i.i
   FROM plan.visible_houseblock_version_ids() i(i))));

--
-- Name: houseblock_version reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.houseblock_version FOR SELECT TO diwi_reader USING ((houseblock_id IN ( SELECT i.i
   FROM plan.visible_houseblock_ids() i(i))));

--
-- Name: milestone reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.milestone FOR SELECT TO diwi_reader USING ((project_id IN ( SELECT i.i
   FROM plan.visible_project_ids() i(i))));

--
-- Name: milestone_version reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.milestone_version FOR SELECT TO diwi_reader USING ((milestone_id IN ( SELECT i.i
   FROM plan.visible_milestone_ids() i(i))));

--
-- Name: project reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.project FOR SELECT TO diwi_reader USING ((id IN ( SELECT i.i
   FROM plan.visible_project_ids() i(i))));

--
-- Name: project_building reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.project_building FOR SELECT TO diwi_reader USING ((project_version_id IN ( SELECT i.i
   FROM plan.visible_project_version_ids() i(i))));

--
-- Name: project_owner reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.project_owner FOR SELECT TO diwi_reader USING ((project_id IN ( SELECT i.i
   FROM plan.visible_project_ids() i(i))));

--
-- Name: project_parcel reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.project_parcel FOR SELECT TO diwi_reader USING ((project_version_id IN ( SELECT i.i
   FROM plan.visible_project_version_ids() i(i))));

--
-- Name: project_version reader_sees_visible_projects; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON plan.project_version FOR SELECT TO diwi_reader USING ((project_id IN ( SELECT i.i
   FROM plan.visible_project_ids() i(i))));

--
-- Name: houseblock webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.houseblock TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: houseblock_breakdown webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.houseblock_breakdown TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: houseblock_ownership_line webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.houseblock_ownership_line TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: houseblock_version webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.houseblock_version TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: milestone webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.milestone TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: milestone_version webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.milestone_version TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: project webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.project TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: project_building webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.project_building TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: project_owner webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.project_owner TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: project_parcel webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.project_parcel TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: project_version webapp_sees_all; Type: POLICY; Schema: plan; Owner: -
--

CREATE POLICY webapp_sees_all ON plan.project_version TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: access_cache; Type: ROW SECURITY; Schema: publication; Owner: -
--

ALTER TABLE publication.access_cache ENABLE ROW LEVEL SECURITY;

--
-- Name: houseblock_cache; Type: ROW SECURITY; Schema: publication; Owner: -
--

ALTER TABLE publication.houseblock_cache ENABLE ROW LEVEL SECURITY;

--
-- Name: project_cache; Type: ROW SECURITY; Schema: publication; Owner: -
--

ALTER TABLE publication.project_cache ENABLE ROW LEVEL SECURITY;

--
-- Name: access_cache reader_sees_visible_projects; Type: POLICY; Schema: publication; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON publication.access_cache FOR SELECT TO diwi_reader USING ((project_id IN ( SELECT i.i
   FROM plan.visible_project_ids() i(i))));

--
-- Name: houseblock_cache reader_sees_visible_projects; Type: POLICY; Schema: publication; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON publication.houseblock_cache FOR SELECT TO diwi_reader USING (plan.can_see(confidentiality_level, municipality_code, region_code, province_code, owner_group_ids, ( SELECT plan.viewer_owner_groups() AS viewer_owner_groups), ( SELECT plan.viewer_min_level() AS viewer_min_level), ( SELECT plan.viewer_area('municipality'::text) AS viewer_area), ( SELECT plan.viewer_area('region'::text) AS viewer_area), ( SELECT plan.viewer_area('province'::text) AS viewer_area)));

--
-- Name: project_cache reader_sees_visible_projects; Type: POLICY; Schema: publication; Owner: -
--

CREATE POLICY reader_sees_visible_projects ON publication.project_cache FOR SELECT TO diwi_reader USING (plan.can_see(confidentiality_rank, municipality_code, region_code, province_code, owner_group_ids, ( SELECT plan.viewer_owner_groups() AS viewer_owner_groups), ( SELECT plan.viewer_min_level() AS viewer_min_level), ( SELECT plan.viewer_area('municipality'::text) AS viewer_area), ( SELECT plan.viewer_area('region'::text) AS viewer_area), ( SELECT plan.viewer_area('province'::text) AS viewer_area)));

--
-- Name: access_cache webapp_sees_all; Type: POLICY; Schema: publication; Owner: -
--

CREATE POLICY webapp_sees_all ON publication.access_cache TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: houseblock_cache webapp_sees_all; Type: POLICY; Schema: publication; Owner: -
--

CREATE POLICY webapp_sees_all ON publication.houseblock_cache TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: project_cache webapp_sees_all; Type: POLICY; Schema: publication; Owner: -
--

CREATE POLICY webapp_sees_all ON publication.project_cache TO diwi_webapp USING (true) WITH CHECK (true);

--
-- Name: job; Type: ROW SECURITY; Schema: pygeoapi; Owner: -
--

ALTER TABLE pygeoapi.job ENABLE ROW LEVEL SECURITY;

--
-- Name: job job_owner; Type: POLICY; Schema: pygeoapi; Owner: -
--

CREATE POLICY job_owner ON pygeoapi.job TO diwi_reader USING (((owner_id)::text = current_setting('diwi.viewer_user'::text, true))) WITH CHECK (((owner_id)::text = current_setting('diwi.viewer_user'::text, true)));

--
-- Name: job job_worker; Type: POLICY; Schema: pygeoapi; Owner: -
--

CREATE POLICY job_worker ON pygeoapi.job TO diwi_webapp USING (true) WITH CHECK (true);

--
-- PostgreSQL database dump complete
--
