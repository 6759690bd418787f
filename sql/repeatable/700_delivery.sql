-- Province deliveries (ADR 0010): the named facts a template may use, computed per visible project
-- (and per project and delivery year) at a reference date; the price bands; the mapping validation.
-- Facts read publication.projects_at (the viewer's projects) and run as the caller, so row-level
-- security and the access rule both apply.

-- The house types and price columns of the year cross-tab (ONBEKEND = ownership unknown).
CREATE FUNCTION publication.delivery_cell_keys()
RETURNS TABLE (key text) LANGUAGE sql IMMUTABLE AS $$
    SELECT k || '.' || h || '.' || b
    FROM unnest(ARRAY['construction', 'demolition']) WITH ORDINALITY AS k(k, kn),
         unnest(ARRAY['multi_family', 'single_family', 'unknown']) WITH ORDINALITY AS h(h, hn),
         unnest(ARRAY['KOOP1', 'KOOP2', 'KOOP3', 'KOOP4', 'KOOP_ONB', 'HUUR1', 'HUUR2', 'HUUR3', 'HUUR4',
                      'HUUR_ONB', 'ONBEKEND']) WITH ORDINALITY AS b(b, bn)
    ORDER BY kn, hn, bn
$$;

CREATE FUNCTION publication.delivery_bands()
RETURNS TABLE (band text, price_kind text) LANGUAGE sql IMMUTABLE AS $$
    VALUES ('KOOP1', 'purchase'), ('KOOP2', 'purchase'), ('KOOP3', 'purchase'), ('KOOP4', 'purchase'),
           ('KOOP_ONB', 'purchase'), ('HUUR1', 'rent'), ('HUUR2', 'rent'), ('HUUR3', 'rent'),
           ('HUUR4', 'rent'), ('HUUR_ONB', 'rent'), ('ONBEKEND', NULL)
$$;

-- Planmonitor Wonen (Zeeland) category rows: construction by house type or price band, demolition,
-- with totals, realised, remaining and remaining per year 2024-2043 (earlier years fold into 2024,
-- later into 2043). Categories without data in DIWI (wonen en zorg, flex) count as unknown/regular.
CREATE FUNCTION publication.delivery_pmw_categories()
RETURNS TABLE (code text, kind text, house_types text[], bands text[]) LANGUAGE sql IMMUTABLE AS $$
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

-- Every fact a template may name, with its table kind (project or project_year) and value type.
CREATE FUNCTION publication.delivery_fact_names()
RETURNS TABLE (name text, per text, type text) LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION publication.delivery_fact_names() IS
    'The facts a delivery template may use as a field source (checked when manage migrate loads the templates).';

-- The band a price in cents falls in on a date, from the template's periods (NULL: no period).
CREATE FUNCTION publication.delivery_band_of(definition jsonb, price_kind text, cents bigint, on_date date)
RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT b->>'code'
    FROM jsonb_array_elements(definition->'price_bands'->price_kind) WITH ORDINALITY AS per(p, pn),
         jsonb_array_elements(per.p->'bands') WITH ORDINALITY AS x(b, n)
    WHERE (per.p->>'valid_from')::date <= on_date
      AND (per.p->>'valid_to' IS NULL OR on_date < (per.p->>'valid_to')::date)
      AND (b->>'max_cents' IS NULL OR cents <= (b->>'max_cents')::bigint)
    ORDER BY pn, n LIMIT 1
$$;

-- The band of an ownership line: the municipality's category mapping first, else the band of its
-- value, range or category bounds; a range spanning two bands is an error (band *_ONB).
CREATE FUNCTION publication.delivery_line_band(
    definition jsonb, template text, municipality text, ownership_type text, price_cents bigint,
    price_range int8range, price_category uuid, on_date date)
RETURNS TABLE (band text, range_error boolean) LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION publication.delivery_line_band(jsonb, text, text, text, bigint, int8range, uuid, date) IS
    'The province price band of an ownership line at its delivery date, and whether its range spans two bands.';

-- Split total over the keys in proportion to their weights, floors first, then the houses lost to
-- rounding to the largest remainders (ties by key): the result always sums to total.
CREATE FUNCTION publication.largest_remainder(total integer, weights jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    WITH w AS (SELECT key, value::numeric AS wt FROM jsonb_each_text(weights) WHERE value::numeric > 0),
         s AS (SELECT sum(wt) AS tot FROM w),
         f AS (SELECT key, floor(total * wt / s.tot)::integer AS base,
                      total * wt / s.tot - floor(total * wt / s.tot) AS frac FROM w, s),
         r AS (SELECT key, base, row_number() OVER (ORDER BY frac DESC, key) AS rn FROM f)
    SELECT coalesce(jsonb_object_agg(key, base + CASE WHEN rn <= total - (SELECT sum(base) FROM f)
                                                      THEN 1 ELSE 0 END), '{}')
    FROM r
$$;

-- The house type x band cells of one houseblock. Lines that all carry a house type are counted as
-- they are ("crosstab"); otherwise house type and band are taken as independent ("proportional").
-- The dwellings without a line go to ONBEKEND. The cells sum to the houseblock's amount.
CREATE FUNCTION publication.delivery_block_cells(total integer, single_family integer, multi_family integer,
                                                  lines jsonb)
RETURNS TABLE (cells jsonb, method text) LANGUAGE plpgsql IMMUTABLE AS $$
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

CREATE FUNCTION publication.delivery_merge_cells(a jsonb, b jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(key, n), '{}') FROM (
        SELECT key, sum(value::integer) AS n
        FROM (SELECT * FROM jsonb_each_text(a) UNION ALL SELECT * FROM jsonb_each_text(b)) x
        GROUP BY key) y
$$;

-- Every houseblock of the viewer's selected projects at the reference date, with its delivery
-- date (latest delivery, else its end), realised flag, cells, bands and price-range errors.
CREATE FUNCTION publication.delivery_houseblocks(template text, reference_date date, project_ids uuid[])
RETURNS TABLE (project_id uuid, houseblock_id uuid, name text, sign integer, mutation_kind text,
               amount integer, delivery_date date, realised boolean, cells jsonb, method text,
               social_low integer, social_mid integer, price_errors jsonb)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION publication.delivery_houseblocks(text, date, uuid[]) IS
    'Houseblocks of the given (visible) projects at reference_date with their delivery cross-tab cells.';

CREATE FUNCTION publication.delivery_pmw_facts(blocks jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
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
COMMENT ON FUNCTION publication.delivery_pmw_facts(jsonb) IS
    'Planmonitor Wonen category counts of a project''s houseblocks: pmw.<category>.total|realised|remaining|y2024..y2043.';

-- The date each phase was (or is planned to be) first entered, from the current versions.
CREATE FUNCTION publication.delivery_phase_starts(project uuid)
RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT coalesce(jsonb_object_agg('project.phase_start.' || phase, d), '{}')
    FROM (SELECT v.phase, min(v.valid_from) AS d FROM plan.project_version v
          WHERE v.project_id = project AND v.superseded_at IS NULL AND v.valid_from < v.valid_to
          GROUP BY v.phase) x
$$;

CREATE FUNCTION publication.delivery_project_totals(blocks jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
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

CREATE FUNCTION publication.delivery_year_facts(project uuid, yr integer, blocks jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
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

-- The name of the user making the delivery (Gelderland's Editor): the reader role cannot read
-- auth.app_user, so this one column is read as the owner.
CREATE FUNCTION publication.delivery_exported_by() RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    SELECT nullif(btrim(u.first_name || ' ' || u.last_name), '') FROM auth.app_user u
    WHERE u.id = nullif(current_setting('diwi.viewer_user', true), '')::uuid
$$;

-- The facts of the viewer's projects in the viewer's own area: one row per project (year NULL,
-- with plan area and confidentiality rank) and one per project and delivery year.
CREATE FUNCTION publication.delivery_facts(template text, reference_date date,
                                           project_ids uuid[] DEFAULT NULL, min_rank smallint DEFAULT NULL)
RETURNS TABLE (project_id uuid, year integer, confidentiality_rank smallint,
               plan_area geometry(MultiPolygon, 28992), facts jsonb)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION publication.delivery_facts(text, date, uuid[], smallint) IS
    'Delivery facts of the viewer''s visible projects (in the viewer''s own area) at reference_date: a row per project (year NULL) and per delivery year.';

-- The problems of a municipality's mapping of a template: one row per problem (code, field, option).
CREATE FUNCTION publication.delivery_mapping_problems(municipality text, template text)
RETURNS TABLE (code text, field_name text, detail text) LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION publication.delivery_mapping_problems(text, text) IS
    'What is wrong or incomplete in a municipality''s mapping of a delivery template (DIWI codes missing_custom_prop, option_not_mapped, option_mapped_multiple_times, and the type rules).';

GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA publication TO diwi_reader, diwi_webapp;
