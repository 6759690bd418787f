-- The one access rule: who may see and who may edit a project (role x confidentiality x ownership).
-- The viewer is set per transaction with plan.set_viewer(); without it the viewer is anonymous.

CREATE OR REPLACE FUNCTION plan.set_viewer(role text, municipality_code text DEFAULT NULL,
                                           region_code text DEFAULT NULL, province_code text DEFAULT NULL,
                                           group_ids uuid[] DEFAULT '{}', user_id uuid DEFAULT NULL)
RETURNS void LANGUAGE sql VOLATILE AS $$
    SELECT set_config('diwi.viewer_role', coalesce(role, 'anonymous'), true),
           set_config('diwi.viewer_municipality', coalesce(municipality_code, ''), true),
           set_config('diwi.viewer_region', coalesce(region_code, ''), true),
           set_config('diwi.viewer_province', coalesce(province_code, ''), true),
           set_config('diwi.viewer_groups', coalesce(group_ids, '{}')::text, true),
           set_config('diwi.viewer_user', coalesce(user_id::text, ''), true)
$$;
COMMENT ON FUNCTION plan.set_viewer(text, text, text, text, uuid[], uuid) IS
    'Set who is looking for the rest of the transaction; every publication view filters on it.';

CREATE OR REPLACE FUNCTION plan.viewer_role() RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('diwi.viewer_role', true), ''), 'anonymous')
$$;

CREATE OR REPLACE FUNCTION plan.viewer_groups() RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('diwi.viewer_groups', true), ''), '{}')::uuid[]
$$;

CREATE OR REPLACE FUNCTION plan.viewer_setting(name text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(current_setting('diwi.viewer_' || name, true), '')
$$;

-- Minimum confidentiality rank a role sees in its own area (NULL: none without ownership).
CREATE OR REPLACE FUNCTION plan.role_min_level(role text) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE role
        WHEN 'user_plus' THEN 2 WHEN 'user' THEN 2 WHEN 'management' THEN 3 WHEN 'council' THEN 4
        WHEN 'region_reader' THEN 5 WHEN 'province_reader' THEN 6 ELSE NULL END::smallint
$$;

CREATE OR REPLACE FUNCTION plan.viewer_can_see(level smallint, municipality text, owner_groups uuid[])
RETURNS boolean LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.viewer_can_see(smallint, text, uuid[]) IS
    'Whether the current viewer may see a project with this confidentiality, municipality and owners: public to all; owners always (except admins); otherwise by role within the viewer''s own municipality, region or province.';

CREATE OR REPLACE FUNCTION plan.viewer_can_edit(municipality text, owner_groups uuid[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT (plan.viewer_role() IN ('user_plus', 'user', 'external') AND owner_groups && plan.viewer_groups())
        OR (plan.viewer_role() = 'user_plus' AND municipality = plan.viewer_setting('municipality'))
$$;
COMMENT ON FUNCTION plan.viewer_can_edit(text, uuid[]) IS
    'Whether the current viewer may edit a project: members of an owner group (user, user_plus, external), and a municipality''s user_plus on all its projects.';

-- The same rule for a viewer given as arguments, each used once: the row-level security policies
-- (ADR 0009) pass the viewer as sub-selects, which PostgreSQL evaluates once per query instead of
-- once per row. viewer_owner_groups is empty for roles that do not own; of the three area codes
-- only the one the viewer's role reads in is set.
CREATE OR REPLACE FUNCTION plan.can_see(level smallint, municipality text, region text, province text,
                                        owner_groups uuid[], viewer_owner_groups uuid[],
                                        viewer_min_level smallint, viewer_municipality text,
                                        viewer_region text, viewer_province text)
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(level = 7
        OR owner_groups && viewer_owner_groups
        OR (level >= viewer_min_level AND (municipality = viewer_municipality
                                           OR region = viewer_region OR province = viewer_province)),
        false)
$$;
COMMENT ON FUNCTION plan.can_see(smallint, text, text, text, uuid[], uuid[], smallint, text, text, text) IS
    'The access rule for the viewer given in the viewer_* arguments (see plan.viewer_owner_groups, plan.viewer_min_level, plan.viewer_area); never NULL.';

-- The viewer of the transaction in the shape plan.can_see takes.
CREATE OR REPLACE FUNCTION plan.viewer_owner_groups() RETURNS uuid[] LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN plan.viewer_role() IN ('user_plus', 'user', 'external')
                THEN plan.viewer_groups() ELSE '{}' END
$$;
COMMENT ON FUNCTION plan.viewer_owner_groups() IS
    'The viewer''s groups when the role sees projects its groups own (user, user_plus, external), else none.';

CREATE OR REPLACE FUNCTION plan.viewer_min_level() RETURNS smallint LANGUAGE sql STABLE AS $$
    SELECT plan.role_min_level(plan.viewer_role())
$$;

CREATE OR REPLACE FUNCTION plan.viewer_area(kind text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN kind = CASE plan.viewer_role() WHEN 'region_reader' THEN 'region'
                                                    WHEN 'province_reader' THEN 'province'
                                                    ELSE 'municipality' END
                THEN plan.viewer_setting(kind) END
$$;
COMMENT ON FUNCTION plan.viewer_area(text) IS
    'The viewer''s code of this kind of area (municipality, region, province) when the role reads in that kind of area, else NULL.';

-- The rule with the project's region and province given, so it needs no lookup per row: plan.can_see
-- with the viewer of the transaction (inlined into the caller's query).
CREATE OR REPLACE FUNCTION plan.viewer_can_see(level smallint, municipality text, region text,
                                               province text, owner_groups uuid[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT plan.can_see(level, municipality, region, province, owner_groups,
                        plan.viewer_owner_groups(), plan.viewer_min_level(),
                        plan.viewer_area('municipality'), plan.viewer_area('region'),
                        plan.viewer_area('province'))
$$;
