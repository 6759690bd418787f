-- Plan areas derived from BRK parcels (with optional sub-selections) and BAG buildings, looked up in
-- the registry copies (brk.perceel, bag.pand), and the follow-up after a BRK ingest that keeps those
-- areas in step with the registry. Drawn and imported areas are never touched here.

-- 'APD01 A 123': the kadastrale aanduiding people read and type.
CREATE OR REPLACE FUNCTION plan.parcel_designation(code text, section text, parcel_number integer)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT format('%s %s %s', code, section, parcel_number)
$$;

-- Whether a lies within b up to digitising noise (0.5 m² or 0.1 % of a).
CREATE OR REPLACE FUNCTION plan.nearly_within(a geometry, b geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_Area(ST_Difference(a, b)) <= greatest(0.5, 0.001 * ST_Area(a))
$$;

CREATE OR REPLACE FUNCTION plan.as_multipolygon(g geometry) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN g IS NULL OR ST_IsEmpty(g) THEN NULL ELSE ST_Multi(ST_CollectionExtract(g, 3)) END
$$;

CREATE OR REPLACE FUNCTION plan.geojson_rd(value jsonb) RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(value) = 'object' THEN ST_SetSRID(ST_GeomFromGeoJSON(value), 28992) END
$$;

-- The derived area: each parcel (or its sub-selection within it) plus the buildings.
-- parcels: [{"parcel_geometry": GeoJSON, "subselection": GeoJSON|null}], buildings:
-- [{"building_geometry": GeoJSON}], all EPSG:28992.
CREATE OR REPLACE FUNCTION plan.parts_area(parcels jsonb, buildings jsonb) RETURNS geometry
LANGUAGE sql IMMUTABLE AS $$
    SELECT plan.as_multipolygon(ST_Union(g)) FROM (
        SELECT CASE WHEN k.s IS NULL THEN k.p ELSE ST_Intersection(k.s, k.p) END
        FROM jsonb_array_elements(coalesce(parcels, '[]')) x,
             LATERAL (SELECT plan.geojson_rd(x->'parcel_geometry') AS p, plan.geojson_rd(x->'subselection') AS s) k
        UNION ALL
        SELECT plan.geojson_rd(b->'building_geometry') FROM jsonb_array_elements(coalesce(buildings, '[]')) b
    ) t (g)
$$;
COMMENT ON FUNCTION plan.parts_area(jsonb, jsonb) IS
    'The plan area of parcels (each whole, or its sub-selection within it) and buildings: their union as a MultiPolygon.';

-- Parcels as the editor sends them ({cadastral_municipality_code, section, parcel_number,
-- subselection}) with the registry's geometry; a designation not in brk.perceel is refused.
CREATE OR REPLACE FUNCTION plan.registry_parcels(parcels jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION plan.registry_parcels(jsonb) IS
    'Parcels by designation with the BRK copy''s geometry; refuses designations not in brk.perceel and sub-selections outside their parcel.';

-- Buildings as identificaties (strings or {"identificatie": ...}) with the BAG copy's geometry;
-- an identificatie not in bag.pand is refused.
CREATE OR REPLACE FUNCTION plan.registry_buildings(buildings jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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

-- The parts a version already has, in the shape registry_parcels/registry_buildings return.
CREATE OR REPLACE FUNCTION plan.version_parcels(vid uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object(
        'cadastral_municipality_code', pp.cadastral_municipality_code, 'section', pp.section,
        'parcel_number', pp.parcel_number,
        'parcel_geometry', ST_AsGeoJSON(pp.parcel_geometry, 15)::jsonb,
        'subselection', ST_AsGeoJSON(pp.subselection, 15)::jsonb)), '[]')
    FROM plan.project_parcel pp WHERE pp.project_version_id = vid
$$;

CREATE OR REPLACE FUNCTION plan.version_buildings(vid uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_agg(jsonb_build_object('identificatie', b.identificatie,
        'building_geometry', ST_AsGeoJSON(b.building_geometry, 15)::jsonb)), '[]')
    FROM plan.project_building b WHERE b.project_version_id = vid
$$;

-- Called by plan.insert_project_version before it stores a version: with area_source 'parcels' and
-- parcels and/or buildings sent, looks them up in the registry copies and sets plan_area to their
-- derived area. Anything else passes through unchanged.
CREATE OR REPLACE FUNCTION plan.derive_registry_area(attrs jsonb, parts_from uuid) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION plan.derive_registry_area(jsonb, uuid) IS
    'For area_source parcels: parcels and buildings with the registry''s geometry and the plan area derived from them.';

-- Called by plan.insert_project_version after it stored a version: its buildings, from attrs
-- (identificaties looked up in bag.pand) or copied from the version it replaces.
CREATE OR REPLACE FUNCTION plan.insert_buildings(vid uuid, attrs jsonb, buildings_from uuid) RETURNS void
LANGUAGE plpgsql AS $$
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

-- ---------------------------------------------------------------------------------------------
-- Following the BRK: after a brk ingest run, parcel-derived areas are recomputed from the copy.

-- Current parcels that took over an old parcel's ground: each lies mostly inside it (a split) or
-- covers most of it (a merge), and together they cover most of it; none: the parcel vanished.
-- A successor larger than what the project had of the old parcel gets that part as its
-- sub-selection, so the plan area does not silently grow.
CREATE OR REPLACE FUNCTION plan.parcel_successors(old geometry, sub geometry)
RETURNS TABLE (code text, section text, parcel_number integer, parcel_geometry geometry,
               subselection geometry)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.parcel_successors(geometry, geometry) IS
    'The current BRK parcels that succeed a vanished parcel (split, merge or new number), with the sub-selection that keeps the old area.';

-- A version's parcels as the BRK copy has them now; parcels outside the run's area stay as stored.
-- change: unchanged, reshaped, split, merged, renumbered or vanished (vanished keep their old geometry).
CREATE OR REPLACE FUNCTION plan.followed_parcels(vid uuid, run_area geometry)
RETURNS TABLE (code text, section text, parcel_number integer, parcel_geometry geometry,
               subselection geometry, origin text, change text)
LANGUAGE plpgsql STABLE AS $$
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

-- A fingerprint of a parcel list (designations, exact geometries, sub-selections) to tell a change.
CREATE OR REPLACE FUNCTION plan.parcels_fingerprint(parcels jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(string_agg(md5(x::text), ',' ORDER BY x::text), '') FROM jsonb_array_elements(parcels) x
$$;

-- Follow one current version: replace it with a new version (same validity, recorded_by NULL,
-- marked in registry_version) when its parcels changed. Returns what happened to each parcel.
CREATE OR REPLACE FUNCTION plan.follow_version(vid uuid, run ingest.run) RETURNS jsonb
LANGUAGE plpgsql AS $$
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
COMMENT ON FUNCTION plan.follow_version(uuid, ingest.run) IS
    'Replace a parcel-derived project version by one whose parcels and area follow the BRK copy (when they changed).';

-- One line of a notice per followed parcel, in Dutch.
CREATE OR REPLACE FUNCTION plan.parcel_change_text(item jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT format(CASE item->>'change'
        WHEN 'reshaped' THEN 'perceel %s is van vorm veranderd'
        WHEN 'split' THEN 'perceel %s is gesplitst in %s'
        WHEN 'merged' THEN 'perceel %s is opgegaan in %s (een deelselectie houdt het plangebied even groot)'
        WHEN 'renumbered' THEN 'perceel %s is vervangen door %s'
        ELSE 'perceel %s staat niet meer in de BRK en heeft geen opvolger; het plangebied houdt de oude vorm' END,
        item->>'parcel',
        (SELECT string_agg(s, ', ') FROM jsonb_array_elements_text(item->'successors') s))
$$;

-- Notify each current owner group of a project.
CREATE OR REPLACE FUNCTION plan.notify_owners(project uuid, kind text, message_nl text, details jsonb)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO plan.notice (user_group_id, project_id, kind, message_nl, details)
    SELECT o.user_group_id, project, kind, message_nl, details
    FROM plan.project_owner o WHERE o.project_id = project AND o.superseded_at IS NULL
$$;
COMMENT ON FUNCTION plan.notify_owners(uuid, text, text, jsonb) IS
    'Send an in-app notice (plan.notice) to every current owner group of a project.';

-- Follow one project: every current parcel-derived version, vanished parcels listed once, owners told.
CREATE OR REPLACE FUNCTION plan.follow_project(project uuid, run ingest.run, OUT outcome text, OUT details jsonb)
LANGUAGE plpgsql AS $$
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

-- Resolve open vanished-parcel issues that no longer apply: the parcel is back in the BRK copy, or no
-- current version of the project has it any more.
CREATE OR REPLACE FUNCTION plan.resolve_outdated_parcel_issues() RETURNS void LANGUAGE sql AS $$
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

CREATE OR REPLACE FUNCTION plan.follow_parcel_changes(run_id bigint)
RETURNS TABLE (project_id uuid, outcome text, details jsonb)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
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
COMMENT ON FUNCTION plan.follow_parcel_changes(bigint) IS
    'After a brk ingest run (called in its merge transaction): recompute parcel-derived plan areas whose parcels were reshaped, split, merged or renumbered (new version, history, owner notices); list vanished parcels in plan.parcel_issue. Idempotent.';

-- ---------------------------------------------------------------------------------------------
-- Reading the parts for the project page and the editor.

-- The version of a project that holds at reference_date, as recorded at as_recorded (NULL: now).
CREATE OR REPLACE FUNCTION plan.project_version_id_at(project uuid, reference_date date,
                                                      as_recorded timestamptz DEFAULT NULL)
RETURNS uuid LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT x.id FROM plan.project_version x JOIN plan.project p ON p.id = x.project_id
         WHERE as_recorded IS NULL AND x.project_id = project AND x.superseded_at IS NULL
           AND x.valid_from < x.valid_to AND x.valid_from <= plan.clamp_date(reference_date, p.start_date, p.end_date)
         ORDER BY x.valid_from DESC LIMIT 1),
        (SELECT y.id FROM plan.project_version_at(reference_date, as_recorded) y
         WHERE as_recorded IS NOT NULL AND y.project_id = project))
$$;

-- The parcels and buildings of a project version, CRS84 GeoJSON for maps; vanished: listed in
-- plan.parcel_issue and not yet resolved.
CREATE OR REPLACE FUNCTION plan.version_parts(vid uuid)
RETURNS TABLE (kind text, label text, cadastral_municipality_code text, section text, parcel_number integer,
               area_m2 bigint, subselection_m2 bigint, vanished boolean, geometry jsonb, subselection jsonb)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.version_parts(uuid) IS
    'The parcels (with sub-selection and whether they vanished) and buildings of a project version, for pages and the editor.';
