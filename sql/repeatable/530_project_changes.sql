-- Who changed what and when: a project's recorded changes, field by field, for its history page.
-- A change is a pair of versions: the one superseded at moment T and the one recorded at T that
-- ends at the same milestone (an edit of a running project splits the old version at today; the
-- left half is an unchanged copy and is not a change). Only for projects the viewer may see.

-- The fields that differ between two versions; a version without a predecessor is one row
-- with field '_created'.
CREATE OR REPLACE FUNCTION publication.changed_fields(old jsonb, new jsonb, skip text[])
RETURNS TABLE (field text, old_value jsonb, new_value jsonb) LANGUAGE sql IMMUTABLE AS $$
    SELECT k, old->k, new->k
    FROM jsonb_object_keys(old || new) k
    WHERE old IS NOT NULL AND k <> ALL (skip) AND (old->k) IS DISTINCT FROM (new->k)
    UNION ALL
    SELECT '_created', NULL, NULL WHERE old IS NULL
$$;

CREATE OR REPLACE FUNCTION publication.version_skip() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT ARRAY['id', 'project_id', 'houseblock_id', 'milestone_id', 'valid_from_milestone_id',
                 'valid_to_milestone_id', 'valid_from', 'valid_to', 'recorded_at', 'superseded_at',
                 'recorded_by', 'location']
$$;

-- A houseblock version with its ownership lines and breakdown folded in, for comparing.
CREATE OR REPLACE FUNCTION publication.houseblock_version_json(v plan.houseblock_version)
RETURNS jsonb LANGUAGE sql STABLE AS $$
    SELECT to_jsonb(v)
        || jsonb_build_object('ownership_lines', coalesce((
               SELECT jsonb_agg(to_jsonb(l) - 'houseblock_version_id' ORDER BY l.line_no)
               FROM plan.houseblock_ownership_line l WHERE l.houseblock_version_id = v.id), '[]'))
        || jsonb_build_object('breakdown', coalesce((
               SELECT jsonb_object_agg(o.code, b.amount ORDER BY o.code)
               FROM plan.houseblock_breakdown b JOIN plan.property_option o ON o.id = b.option_id
               WHERE b.houseblock_version_id = v.id), '{}'))
$$;

CREATE OR REPLACE FUNCTION publication.project_changes(project uuid)
RETURNS TABLE (recorded_at timestamptz, recorded_by uuid, entity text, entity_id uuid,
               entity_name text, field text, old_value jsonb, new_value jsonb)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION publication.project_changes(uuid) IS
    'A visible project''s recorded changes field by field (project, houseblocks, milestones, owners): who, when, old and new value.';
