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

-- The same rule with the project's region and province given, so it needs no lookup per row.
CREATE OR REPLACE FUNCTION plan.viewer_can_see(level smallint, municipality text, region text,
                                               province text, owner_groups uuid[])
RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT level = 7
        OR (plan.viewer_role() IN ('user_plus', 'user', 'external')
            AND owner_groups && plan.viewer_groups())
        OR (level >= plan.role_min_level(plan.viewer_role()) AND CASE plan.viewer_role()
                WHEN 'region_reader' THEN region = plan.viewer_setting('region')
                WHEN 'province_reader' THEN province = plan.viewer_setting('province')
                ELSE municipality = plan.viewer_setting('municipality') END)
$$;
