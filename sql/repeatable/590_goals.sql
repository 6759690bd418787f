-- Programmable housing goals: validation, writing, and their progress at a reference date.
--
-- Evaluation rule (publication.goal_progress; ADR material in var/helper-notes/goals.md):
-- * Every houseblock of the goal's municipality is taken as planned at the reference date
--   (plan.houseblock_version_at / plan.project_version_at, as recorded now), so future projects
--   and future houseblocks count, and the reference date is respected.
-- * Its delivery date is its latest delivery date, else its end date (as everywhere). It counts
--   for the goal when that date lies in [period_start, period_end]; it is realised ("now") when
--   the date lies before the reference date and its end milestone is realised (the end
--   milestone's date and status as recorded at a past reference date, ADR 0003); aborted
--   houseblocks deliver nothing (publication.dashboard_delivery_status, shared with the deliveries
--   chart of the dashboards).
-- * measure: construction or demolition blocks only, or net (demolition counts negative).
-- * Geography: a project is in it when one of its districts or neighbourhoods is chosen, or a
--   point on its plan area (else its map location) lies in the drawn area; none chosen = the
--   whole municipality.
-- * Conditions are AND-ed. Project and houseblock conditions (phase and planning status at the
--   reference date, programming, custom properties) keep or drop a whole houseblock. Breakdown
--   conditions (house type, target group, physical appearance, ground position, ownership and
--   price category) count only the matching part of a houseblock: the sum of the chosen
--   options' breakdown amounts, or of the matching ownership lines. Several breakdown conditions
--   on one houseblock multiply their shares (amount x share1 x share2: the breakdowns are stored
--   independently, so their overlap is estimated as if independent); the unknown remainder of a
--   breakdown never matches.
-- * Price category condition: a line matches when its category, or the category of the
--   municipality whose bounds hold its price (a range: the whole range) at the delivery date, has
--   the same kind and name as a chosen category (so one goal spans categories re-issued per year).
-- * Counting rule (ISSUE6 contract, with the dashboards' publication.dashboard_count_area): a
--   project counts when the viewer may see it, or its confidentiality is at least internal_civil
--   and it lies in the viewer's area (anonymous: the goal's municipality). Totals use counted
--   projects; contributions name visible projects only, the rest is "overige projecten". A goal
--   whose contributing projects include a counted-but-invisible one and number fewer than the
--   municipality's minimum bucket size (publication.dashboard_min_bucket) shows no values.
-- * Which goals: those of the municipalities in the viewer's area; an anonymous viewer gets the
--   goals it asks for by goal_ids or category_ids (public pages), or of plan.set_viewer's
--   municipality.
-- * percentage = matching / all dwellings in scope (same period, measure and geography) x 100.
--   gap = matching dwellings at the deadline minus the dwellings the target needs there
--   (negative: short; positive: over).

-- --- validation ------------------------------------------------------------------------------

CREATE OR REPLACE FUNCTION plan.goal_uuid_list(ids jsonb) RETURNS uuid[]
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF ids IS NULL OR jsonb_typeof(ids) <> 'array' THEN RETURN NULL; END IF;
    IF EXISTS (SELECT 1 FROM jsonb_array_elements(ids) x
               WHERE jsonb_typeof(x) <> 'string'
                  OR (x #>> '{}') !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') THEN
        PERFORM plan.raise_rule('goal_option_unknown', ids::text);
    END IF;
    RETURN ARRAY(SELECT (x #>> '{}')::uuid FROM jsonb_array_elements(ids) x);
END $$;

CREATE OR REPLACE FUNCTION plan.goal_text_list(vals jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN jsonb_typeof(vals) = 'array'
                THEN ARRAY(SELECT x #>> '{}' FROM jsonb_array_elements(vals) x) END
$$;

CREATE OR REPLACE FUNCTION plan.check_goal_condition(c jsonb, municipality text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.check_goal_options(c jsonb, property uuid) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.check_goal_version() RETURNS trigger LANGUAGE plpgsql AS $$
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

DROP TRIGGER IF EXISTS goal_version_check ON plan.goal_version;
CREATE TRIGGER goal_version_check BEFORE INSERT OR UPDATE OF category_id, kind, target, conditions,
    district_codes, neighbourhood_codes, area ON plan.goal_version
    FOR EACH ROW EXECUTE FUNCTION plan.check_goal_version();

-- --- writing (the viewer of the transaction must be the municipality's user_plus or admin) ----

CREATE OR REPLACE FUNCTION plan.check_goal_editor(municipality text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF plan.viewer_role() NOT IN ('user_plus', 'admin')
       OR municipality IS DISTINCT FROM plan.viewer_setting('municipality') THEN
        PERFORM plan.raise_rule('goal_edit_not_allowed', municipality);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.save_goal_category(category uuid, municipality text, name text,
                                                   sort_order integer DEFAULT 0, actor uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
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
COMMENT ON FUNCTION plan.save_goal_category(uuid, text, text, integer, uuid) IS
    'Create (category NULL) or rename a goal category of the viewer''s municipality; returns its id.';

CREATE OR REPLACE FUNCTION plan.remove_goal_category(category uuid, actor uuid DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
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

-- data: {category_id, name, description, kind, direction, measure, target, period_start, period_end,
--        conditions: [...], district_codes: [...], neighbourhood_codes: [...], area: GeoJSON (28992)}
CREATE OR REPLACE FUNCTION plan.save_goal(goal uuid, municipality text, data jsonb, actor uuid DEFAULT NULL)
RETURNS uuid LANGUAGE plpgsql AS $$
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
COMMENT ON FUNCTION plan.save_goal(uuid, text, jsonb, uuid) IS
    'Create (goal NULL) or edit a goal of the viewer''s municipality as a new version; returns its id.';

CREATE OR REPLACE FUNCTION plan.remove_goal(goal uuid, municipality text, actor uuid DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM plan.check_goal_editor(municipality);
    UPDATE plan.goal g SET removed_at = now(), removed_by = actor
    WHERE g.id = goal AND g.municipality_code = municipality AND g.removed_at IS NULL;
    IF NOT FOUND THEN PERFORM plan.raise_rule('goal_not_found', goal::text); END IF;
END $$;

-- --- evaluation -------------------------------------------------------------------------------

-- Every houseblock of these municipalities as planned at reference_date with what goals test.
CREATE OR REPLACE FUNCTION plan.goal_houseblocks(reference_date date, municipalities text[])
RETURNS TABLE (project_id uuid, project_name text, municipality_code text, region_code text,
               province_code text, confidentiality_level smallint, owner_group_ids uuid[],
               phase text, planning_status text, district_codes text[], neighbourhood_codes text[],
               spot geometry, project_custom jsonb, version_id uuid, mutation_kind text, amount integer,
               programming boolean, block_custom jsonb, delivery_date date, end_status text)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.goal_houseblocks(date, text[]) IS
    'Every houseblock of the municipalities as planned at reference_date, with its delivery date and end-milestone status, its project''s attributes then and its access columns (unfiltered: callers apply the counting rule).';

CREATE OR REPLACE FUNCTION plan.goal_in_viewer_area(municipality text, region text, province text)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(municipality = plan.viewer_area('municipality') OR region = plan.viewer_area('region')
                    OR province = plan.viewer_area('province'), false)
$$;

CREATE OR REPLACE FUNCTION plan.goal_in_geography(goal_districts text[], goal_neighbourhoods text[],
                                                  goal_area geometry, districts text[],
                                                  neighbourhoods text[], spot geometry) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (cardinality(goal_districts) = 0 AND cardinality(goal_neighbourhoods) = 0 AND goal_area IS NULL)
        OR districts && goal_districts OR neighbourhoods && goal_neighbourhoods
        OR coalesce(ST_Intersects(goal_area, spot), false)
$$;

CREATE OR REPLACE FUNCTION plan.goal_custom_matches(c jsonb, project_custom jsonb, block_custom jsonb)
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN c ? 'value' THEN v = c->'value'
                WHEN jsonb_typeof(v) = 'array' THEN v ?| plan.goal_text_list(c->'option_ids')
                WHEN jsonb_typeof(v) = 'string' THEN (c->'option_ids') ? (v #>> '{}')
                ELSE false END
    FROM (SELECT CASE p.object_type WHEN 'project' THEN project_custom ELSE block_custom END
                 -> (c->>'property_id') AS v
          FROM plan.property p WHERE p.id::text = c->>'property_id') x
$$;

-- Does an ownership line's price fall in one of the chosen categories (by kind and name, valid at
-- the delivery date)?
CREATE OR REPLACE FUNCTION plan.goal_price_matches(chosen jsonb, ownership_type text, price_cents bigint,
                                                   price_range int8range, category uuid,
                                                   municipality text, delivery date) RETURNS boolean
LANGUAGE sql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.goal_ownership_amount(c jsonb, version uuid, municipality text, delivery date)
RETURNS numeric LANGUAGE sql STABLE AS $$
    SELECT coalesce(sum(l.amount), 0) FROM plan.houseblock_ownership_line l
    WHERE l.houseblock_version_id = version
      AND (coalesce(jsonb_array_length(c->'ownership_types'), 0) = 0 OR (c->'ownership_types') ? l.ownership_type)
      AND (coalesce(jsonb_array_length(c->'price_category_ids'), 0) = 0
           OR plan.goal_price_matches(c->'price_category_ids', l.ownership_type, l.price_cents,
                                      l.price_range_cents, l.price_category_id, municipality, delivery))
$$;

-- The dwellings of one houseblock that meet all conditions (see the rule at the top).
CREATE OR REPLACE FUNCTION plan.goal_block_match(conditions jsonb, version uuid, amount integer,
                                                 programming boolean, delivery date, municipality text,
                                                 phase text, planning_status text,
                                                 project_custom jsonb, block_custom jsonb)
RETURNS numeric LANGUAGE plpgsql STABLE AS $$
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

-- A Dutch description of a condition, for cards and the PDF.
CREATE OR REPLACE FUNCTION plan.goal_condition_label(c jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.goal_status(direction text, met_now boolean, reaches boolean,
                                            reference_date date, deadline date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN reaches IS NULL THEN 'no_data'
                WHEN direction = 'minimum' AND met_now THEN 'met'
                WHEN direction = 'maximum' AND reaches AND met_now AND reference_date > deadline THEN 'met'
                WHEN reaches THEN 'on_track'
                ELSE 'off_track' END
$$;

-- What the goal needs: value compared to the target in its direction (NULL: no value).
CREATE OR REPLACE FUNCTION plan.goal_met(direction text, value numeric, target numeric) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE direction WHEN 'minimum' THEN value >= target ELSE value <= target END
$$;

CREATE OR REPLACE FUNCTION plan.goal_geography_label(districts text[], neighbourhoods text[], area geometry)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(concat_ws(' · ',
        'Wijken: ' || (SELECT string_agg(d.name, ', ' ORDER BY d.name) FROM ref.district d WHERE d.code = ANY (districts)),
        'Buurten: ' || (SELECT string_agg(n.name, ', ' ORDER BY n.name) FROM ref.neighbourhood n
                        WHERE n.code = ANY (neighbourhoods)),
        CASE WHEN area IS NOT NULL THEN 'getekend gebied' END), ''), 'Hele gemeente')
$$;

CREATE OR REPLACE FUNCTION plan.goal_status_label(status text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE status WHEN 'met' THEN 'gehaald' WHEN 'on_track' THEN 'op koers'
                       WHEN 'off_track' THEN 'niet op koers' WHEN 'suppressed' THEN 'niet getoond (te weinig projecten)'
                       ELSE 'geen gegevens' END
$$;

CREATE FUNCTION publication.goal_progress(reference_date date, goal_ids uuid[] DEFAULT NULL,
                                          category_ids uuid[] DEFAULT NULL)
RETURNS jsonb LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
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
COMMENT ON FUNCTION publication.goal_progress(date, uuid[], uuid[]) IS
    'Progress of the goals in the viewer''s area (optionally only goal_ids / category_ids) at reference_date: realised value, forecast by the deadline, gap, status and contributions of visible projects (rule in 590_goals.sql).';
