-- Rules enforced in the database; each raises its stable code (ref.rule) as the constraint name.

CREATE OR REPLACE FUNCTION plan.raise_rule(code text, detail text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    msg text := (SELECT r.message_en FROM ref.rule r WHERE r.code = raise_rule.code);
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = code,
        MESSAGE = code || ': ' || coalesce(msg, code), DETAIL = coalesce(detail, '');
END $$;
COMMENT ON FUNCTION plan.raise_rule(text, text) IS 'Raise the error of a rule: SQLSTATE 23514, constraint name = the rule code.';

CREATE OR REPLACE FUNCTION plan.netherlands_envelope() RETURNS geometry
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT ST_MakeEnvelope(-7000, 289000, 300000, 629000, 28992)
$$;
COMMENT ON FUNCTION plan.netherlands_envelope() IS 'The validity area of EPSG:28992 (RD New), used to refuse geometry outside the Netherlands.';

CREATE OR REPLACE FUNCTION plan.check_code_list(vals text[], list regclass, rule text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    bad text;
BEGIN
    EXECUTE format('SELECT string_agg(x, '', '') FROM unnest($1) x WHERE x NOT IN (SELECT code FROM %s)', list)
        INTO bad USING vals;
    IF bad IS NOT NULL THEN PERFORM plan.raise_rule(rule, bad); END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.check_area_codes(municipality text, districts text[], neighbourhoods text[])
RETURNS void LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.check_geometry(area geometry, point geometry) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
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

-- A plan area must lie inside its municipality's boundary (up to 1 m2 outside is tolerated as
-- digitising noise);
-- municipalities without a boundary on record are not checked.
CREATE OR REPLACE FUNCTION plan.check_area_in_municipality(municipality text, area geometry) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    boundary geometry := (SELECT m.boundary FROM ref.municipality m WHERE m.code = municipality);
BEGIN
    IF area IS NOT NULL AND boundary IS NOT NULL AND NOT ST_CoveredBy(area, boundary)
       AND ST_Area(ST_Difference(area, boundary)) > 1 THEN
        PERFORM plan.raise_rule('plan_area_outside_municipality', municipality);
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.check_number(p plan.property, v jsonb) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.check_text(p plan.property, v jsonb) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF jsonb_typeof(v) <> 'string' THEN PERFORM plan.raise_rule('custom_value_wrong_type', p.name); END IF;
    IF p.rules ? 'pattern' AND NOT (v->>0) ~ (p.rules->>'pattern') THEN
        PERFORM plan.raise_rule('custom_value_pattern', format('%s: %s', p.name, v->>0));
    END IF;
    IF p.rules ? 'max_length' AND length(v->>0) > (p.rules->>'max_length')::integer THEN
        PERFORM plan.raise_rule('custom_value_too_long', format('%s: %s > %s', p.name, length(v->>0), p.rules->>'max_length'));
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.check_options(p plan.property, v jsonb) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.check_custom_value(p plan.property, v jsonb, phase text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.check_custom_values(object_type text, municipality text, vals jsonb,
                                                    phase text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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
COMMENT ON FUNCTION plan.check_custom_values(text, text, jsonb, text) IS
    'Refuse custom values that break their property''s type, options, rules, phase or mandatory flag.';

CREATE OR REPLACE FUNCTION plan.check_milestones_of(project uuid, VARIADIC milestones uuid[]) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM plan.milestone m WHERE m.id = ANY (milestones) AND m.project_id <> project) THEN
        PERFORM plan.raise_rule('milestone_of_other_project');
    END IF;
END $$;

CREATE OR REPLACE FUNCTION plan.project_version_checks() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP TRIGGER IF EXISTS project_version_checks ON plan.project_version;
CREATE TRIGGER project_version_checks BEFORE INSERT OR UPDATE ON plan.project_version
    FOR EACH ROW WHEN (NEW.superseded_at IS NULL) EXECUTE FUNCTION plan.project_version_checks();

CREATE OR REPLACE FUNCTION plan.houseblock_version_checks() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP TRIGGER IF EXISTS houseblock_version_checks ON plan.houseblock_version;
CREATE TRIGGER houseblock_version_checks BEFORE INSERT OR UPDATE ON plan.houseblock_version
    FOR EACH ROW WHEN (NEW.superseded_at IS NULL) EXECUTE FUNCTION plan.houseblock_version_checks();

-- Breakdown and ownership totals never exceed the houseblock amount (checked at commit).
CREATE OR REPLACE FUNCTION plan.check_houseblock_totals(version uuid) RETURNS void
LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.houseblock_totals_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM plan.check_houseblock_totals(CASE WHEN TG_TABLE_NAME = 'houseblock_version'
        THEN (to_jsonb(NEW)->>'id')::uuid ELSE (to_jsonb(NEW)->>'houseblock_version_id')::uuid END);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS ownership_totals ON plan.houseblock_ownership_line;
CREATE CONSTRAINT TRIGGER ownership_totals AFTER INSERT OR UPDATE ON plan.houseblock_ownership_line
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.houseblock_totals_trigger();
DROP TRIGGER IF EXISTS breakdown_totals ON plan.houseblock_breakdown;
CREATE CONSTRAINT TRIGGER breakdown_totals AFTER INSERT OR UPDATE ON plan.houseblock_breakdown
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.houseblock_totals_trigger();
DROP TRIGGER IF EXISTS amount_totals ON plan.houseblock_version;
CREATE CONSTRAINT TRIGGER amount_totals AFTER UPDATE OF amount ON plan.houseblock_version
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.houseblock_totals_trigger();

CREATE OR REPLACE FUNCTION plan.ownership_line_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.price_category_id IS NOT NULL AND (SELECT c.price_kind FROM plan.price_category c
        WHERE c.id = NEW.price_category_id) <> (SELECT t.price_kind FROM ref.ownership_type t
        WHERE t.code = NEW.ownership_type) THEN
        PERFORM plan.raise_rule('price_category_kind_mismatch', NEW.ownership_type);
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS ownership_line_checks ON plan.houseblock_ownership_line;
CREATE TRIGGER ownership_line_checks BEFORE INSERT OR UPDATE ON plan.houseblock_ownership_line
    FOR EACH ROW EXECUTE FUNCTION plan.ownership_line_checks();

CREATE OR REPLACE FUNCTION plan.breakdown_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM plan.property_option o JOIN plan.property p ON p.id = o.property_id
                   WHERE o.id = NEW.option_id AND o.disabled_at IS NULL AND p.kind = 'fixed'
                     AND p.object_type = 'houseblock' AND p.value_type = 'category') THEN
        PERFORM plan.raise_rule('breakdown_option_invalid', NEW.option_id::text);
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS breakdown_checks ON plan.houseblock_breakdown;
CREATE TRIGGER breakdown_checks BEFORE INSERT OR UPDATE ON plan.houseblock_breakdown
    FOR EACH ROW EXECUTE FUNCTION plan.breakdown_checks();

CREATE OR REPLACE FUNCTION plan.milestone_version_checks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'realised' AND NEW.date > current_date THEN
        PERFORM plan.raise_rule('milestone_realised_in_future', NEW.date::text);
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS milestone_version_checks ON plan.milestone_version;
CREATE TRIGGER milestone_version_checks BEFORE INSERT ON plan.milestone_version
    FOR EACH ROW EXECUTE FUNCTION plan.milestone_version_checks();

-- Project and houseblock periods in order, houseblocks inside their project (checked at commit).
CREATE OR REPLACE FUNCTION plan.check_periods(project uuid) RETURNS void LANGUAGE plpgsql STABLE AS $$
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

CREATE OR REPLACE FUNCTION plan.periods_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
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
DROP TRIGGER IF EXISTS milestone_periods ON plan.milestone_version;
CREATE CONSTRAINT TRIGGER milestone_periods AFTER INSERT ON plan.milestone_version
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.periods_trigger();
DROP TRIGGER IF EXISTS houseblock_periods ON plan.houseblock;
CREATE CONSTRAINT TRIGGER houseblock_periods AFTER INSERT OR UPDATE ON plan.houseblock
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION plan.periods_trigger();
