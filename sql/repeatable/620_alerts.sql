-- Milestone alerts: which alerts are due on a day, and recording them once with an in-app notice.

CREATE OR REPLACE FUNCTION plan.alert_project_name(project uuid) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT name FROM plan.project_version
    WHERE project_id = project AND superseded_at IS NULL
    ORDER BY recorded_at DESC LIMIT 1
$$;
COMMENT ON FUNCTION plan.alert_project_name(uuid) IS 'The name of a project''s most recently recorded current version, for alert texts.';

-- Alerts due on `today` for every recipient: owners' group members (scope mine) and followers;
-- upcoming = planned/forecast milestone within the municipality's lead time, overdue = planned
-- milestone passed in the last 30 days without being realised (older ones would flood a first run).
CREATE OR REPLACE FUNCTION plan.due_milestone_alerts(today date)
RETURNS TABLE (user_id uuid, event_key text, project_id uuid, milestone_id uuid, kind text,
               message_nl text, delivery text)
LANGUAGE sql STABLE AS $$
    WITH recipient AS (
        SELECT m.user_id, po.project_id
        FROM plan.project_owner po
        JOIN auth.user_group_member m ON m.user_group_id = po.user_group_id
        LEFT JOIN auth.alert_preference ap ON ap.user_id = m.user_id
        WHERE po.superseded_at IS NULL AND coalesce(ap.scope, 'mine') = 'mine'
        UNION
        SELECT f.user_id, f.project_id FROM plan.project_follower f
    ), due AS (
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

-- Record the due alerts not recorded before, each with a notice to the user's own (single-user)
-- group; returns the new events. Mails are sent by the caller (webapp.alerts.jobs).
CREATE OR REPLACE FUNCTION plan.record_milestone_alerts(today date)
RETURNS SETOF plan.alert_event LANGUAGE plpgsql AS $$
DECLARE
    events plan.alert_event[];
    ev plan.alert_event;
BEGIN
    WITH ins AS (
        INSERT INTO plan.alert_event (user_id, event_key, project_id, milestone_id, kind,
                                      message_nl, delivery)
        SELECT d.user_id, d.event_key, d.project_id, d.milestone_id, d.kind, d.message_nl,
               d.delivery
        FROM plan.due_milestone_alerts(today) d
        ON CONFLICT DO NOTHING
        RETURNING *)
    SELECT array_agg(ins) INTO events FROM ins;
    FOREACH ev IN ARRAY coalesce(events, '{}') LOOP
        INSERT INTO plan.notice (user_group_id, project_id, kind, message_nl, details)
        SELECT g.id, ev.project_id, ev.kind, ev.message_nl,
               jsonb_build_object('milestone_id', ev.milestone_id, 'event_key', ev.event_key)
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
