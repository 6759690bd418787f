-- Registry ingest: merge a run's staged pages into its registry tables in one transaction
-- (python -m ingest, ingest/merge.py; ADR draft var/helper-notes/ingest.md).
-- A run's resume_state names, per collection, the target table, its key column and, for the
-- jsonb tables (bgt.object, bor.object), the column that holds the collection or layer name.
-- Typed tables (brk.perceel, bag.*) take the staged properties by column name
-- (jsonb_populate_record); jsonb tables keep them whole in `properties`.

-- md5 of a staged feature's properties and geometry: tells a change from a repeat.
CREATE OR REPLACE FUNCTION ingest.feature_hash(properties jsonb, geometry geometry)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT md5(properties::text || encode(ST_AsEWKB(geometry), 'hex')) $$;

-- The staged geometry as the target column wants it (MultiPolygon tables get ST_Multi).
CREATE OR REPLACE FUNCTION ingest.target_geometry_sql(p_table regclass)
RETURNS text
LANGUAGE sql STABLE
AS $$
    SELECT CASE WHEN upper(coalesce(max(g.type), '')) LIKE 'MULTI%'
                THEN 'ST_Multi(s.geometry)' ELSE 's.geometry' END
    FROM geometry_columns g
    JOIN pg_class c ON c.relname = g.f_table_name
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = g.f_table_schema
    WHERE c.oid = p_table AND g.f_geometry_column = 'geometry'
$$;

-- Record what a collection's staged features add and change, and (full mode) what they remove.
CREATE OR REPLACE FUNCTION ingest.record_changes(
    p_run bigint, p_collection text, p_table regclass, p_key text, p_group text, p_full boolean)
RETURNS void
LANGUAGE plpgsql
AS $$
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
$$;

-- The column list of a typed registry table that comes from the source (no geometry, no ingest_*).
CREATE OR REPLACE FUNCTION ingest.source_columns(p_table regclass)
RETURNS text[]
LANGUAGE sql STABLE
AS $$
    SELECT array_agg(a.attname::text ORDER BY a.attnum)
    FROM pg_attribute a
    WHERE a.attrelid = p_table AND a.attnum > 0 AND NOT a.attisdropped
      AND a.attname NOT IN ('geometry', 'ingest_run_id', 'ingest_hash', 'ingested_at')
$$;

-- Delete the removed rows and upsert the added and changed ones of one collection.
CREATE OR REPLACE FUNCTION ingest.apply_changes(
    p_run bigint, p_collection text, p_table regclass, p_key text, p_group text)
RETURNS void
LANGUAGE plpgsql
AS $$
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
$$;

-- BAG OGC API: pandidentificatie from pand_href (the href's last path segment is bag.pand.feature_id).
CREATE OR REPLACE FUNCTION ingest.resolve_pand_hrefs()
RETURNS integer
LANGUAGE plpgsql
AS $$
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
$$;

-- A safety valve for full runs: refuse to remove more than a share of a collection's rows in the
-- area (an empty or truncated answer from a source must not wipe the registry copy).
CREATE OR REPLACE FUNCTION ingest.check_removals(
    p_run bigint, p_collection text, p_table regclass, p_group text, p_max_share numeric)
RETURNS void
LANGUAGE plpgsql
AS $$
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
$$;

-- Merge a run: per collection record and apply the changes, then the counts; staged rows go.
-- p_max_removed_share (NULL: no limit) guards full runs against mass removals.
-- Runs in the caller's transaction: the caller commits it together with the follow-ups.
DROP FUNCTION IF EXISTS ingest.merge_run(bigint);
CREATE OR REPLACE FUNCTION ingest.merge_run(p_run bigint, p_max_removed_share numeric DEFAULT NULL)
RETURNS ingest.run
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

COMMENT ON FUNCTION ingest.merge_run(bigint, numeric) IS
    'Merge an ingest run''s staged features into its registry tables (upserts; removals in full mode), record run_change rows and counts, mark it succeeded; refuse to remove more than p_max_removed_share of a collection.';
