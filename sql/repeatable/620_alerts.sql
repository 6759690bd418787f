-- Milestone alerts: which alerts are due on a day, and recording them once with an in-app notice.

CREATE OR REPLACE FUNCTION plan.alert_project_name(project uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT name FROM plan.project_version
    WHERE project_id = project AND superseded_at IS NULL
    ORDER BY recorded_at DESC LIMIT 1
$$;
COMMENT ON FUNCTION plan.alert_project_name(uuid) IS 'The name of a project''s most recently recorded current version, for alert texts.';

-- Who hears about a project: its current owner groups' members (scope mine) and its followers.
CREATE OR REPLACE FUNCTION plan.alert_recipients()
RETURNS TABLE (user_id uuid, project_id uuid) LANGUAGE sql STABLE AS $$
    SELECT m.user_id, po.project_id
    FROM plan.project_owner po
    JOIN auth.user_group_member m ON m.user_group_id = po.user_group_id
    LEFT JOIN auth.alert_preference ap ON ap.user_id = m.user_id
    WHERE po.superseded_at IS NULL AND coalesce(ap.scope, 'mine') = 'mine'
    UNION
    SELECT f.user_id, f.project_id FROM plan.project_follower f
$$;
COMMENT ON FUNCTION plan.alert_recipients() IS 'Per project the users who get its alerts by their preferences: owner-group members (scope mine) and followers.';

-- Alerts due on `today` for every recipient: owners' group members (scope mine) and followers;
-- upcoming = planned/forecast milestone within the municipality's lead time, overdue = planned
-- milestone passed in the last 30 days without being realised (older ones would flood a first run).
CREATE OR REPLACE FUNCTION plan.due_milestone_alerts(today date)
RETURNS TABLE (user_id uuid, event_key text, project_id uuid, milestone_id uuid, kind text,
               message_nl text, delivery text)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.due_milestone_alerts(date) IS 'Milestone alerts due on a day per recipient (owners'' group members and followers), with their event key and Dutch message.';

-- Dependency slips: the date a step's predecessor now allows it to start (FS: actual or planned
-- end + lag; SS: actual or planned start + lag) lies after the step's planned start while the step
-- has not started. Keyed on the dependency and that date: the same slip is sent once, a new date
-- is a new event. Recipients: the step's responsible (the user, the group's members, or the users
-- of the external organisation admitted to the project) and the project's owners and followers.
CREATE OR REPLACE FUNCTION plan.slipped_dependencies()
RETURNS TABLE (dependency_id uuid, project_id uuid, step_id uuid, step_name text,
               predecessor_name text, planned_start date, earliest_start date)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.slipped_dependencies() IS 'Dependencies whose predecessor (actual or planned dates plus lag) now lets a not yet started step begin only after its planned start.';

CREATE OR REPLACE FUNCTION plan.step_responsible_users(step uuid)
RETURNS TABLE (user_id uuid) LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.step_responsible_users(uuid) IS 'The users responsible for a process step: its user, its group''s members, or the users of its external organisation admitted to the project (member of an owner group; the organisation of the user or of that group).';

CREATE OR REPLACE FUNCTION plan.due_dependency_alerts()
RETURNS TABLE (user_id uuid, event_key text, project_id uuid, dependency_id uuid, kind text,
               message_nl text, delivery text)
LANGUAGE sql STABLE AS $$
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
COMMENT ON FUNCTION plan.due_dependency_alerts() IS 'Dependency-slip alerts per recipient (the step''s responsible, owners'' group members, followers), keyed on dependency and new earliest start.';

-- Record the due alerts not recorded before, each with a notice to the user's own (single-user)
-- group; returns the new events. Mails are sent by the caller (webapp.alerts.jobs).
CREATE OR REPLACE FUNCTION plan.record_milestone_alerts(today date)
RETURNS SETOF plan.alert_event LANGUAGE plpgsql AS $$
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
COMMENT ON FUNCTION plan.record_milestone_alerts(date) IS 'Record the milestone alerts due on a day that were not recorded before, each with an in-app notice; returns the new ones.';
