-- Milestone alerts: the municipality's lead time, per-user alert preferences, followed projects and
-- the alert events already sent (so an event is never reported twice).

ALTER TABLE auth.municipality_setting
    ADD COLUMN alert_lead_days integer NOT NULL DEFAULT 14
        CONSTRAINT alert_lead_days_invalid CHECK (alert_lead_days BETWEEN 0 AND 365);
COMMENT ON COLUMN auth.municipality_setting.alert_lead_days IS 'Days before a planned milestone that its project leaders get an alert (a missing row: 14).';

CREATE TABLE auth.alert_preference (
    user_id uuid PRIMARY KEY REFERENCES auth.app_user ON DELETE CASCADE,
    delivery text NOT NULL DEFAULT 'immediate'
        CONSTRAINT alert_delivery_unknown CHECK (delivery IN ('immediate', 'daily_digest')),
    scope text NOT NULL DEFAULT 'mine'
        CONSTRAINT alert_scope_unknown CHECK (scope IN ('mine', 'followed')),
    updated_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE auth.alert_preference IS 'How a user gets milestone alerts; a missing row means immediate mails about all their projects.';
COMMENT ON COLUMN auth.alert_preference.delivery IS 'immediate: one mail per alert; daily_digest: one mail a day with the day''s alerts.';
COMMENT ON COLUMN auth.alert_preference.scope IS 'mine: projects of the user''s groups and followed projects; followed: followed projects only.';

CREATE TABLE plan.project_follower (
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    followed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
COMMENT ON TABLE plan.project_follower IS 'Users who follow a project (volgen): they get its milestone alerts too.';
CREATE INDEX ON plan.project_follower (user_id);

CREATE TABLE plan.alert_event (
    user_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    event_key text NOT NULL,
    project_id uuid NOT NULL REFERENCES plan.project ON DELETE CASCADE,
    milestone_id uuid NOT NULL REFERENCES plan.milestone ON DELETE CASCADE,
    kind text NOT NULL CONSTRAINT alert_kind_unknown CHECK (kind IN ('milestone_upcoming', 'milestone_overdue')),
    message_nl text NOT NULL,
    delivery text NOT NULL,
    notice_id uuid REFERENCES plan.notice ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    mailed_at timestamptz,
    PRIMARY KEY (user_id, event_key)
);
COMMENT ON TABLE plan.alert_event IS 'A milestone alert for a user, recorded once per event (kind, milestone, date): never reported twice.';
COMMENT ON COLUMN plan.alert_event.event_key IS 'kind:milestone id:milestone date; a moved milestone is a new event.';
COMMENT ON COLUMN plan.alert_event.mailed_at IS 'When the mail (or the digest holding it) went out; NULL: still to send.';
CREATE INDEX alert_event_unmailed ON plan.alert_event (user_id) WHERE mailed_at IS NULL;

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('alert_lead_days_invalid', 'De aanlooptijd voor meldingen ligt tussen 0 en 365 dagen.', 'The alert lead time lies between 0 and 365 days.'),
    ('alert_delivery_unknown', 'Kies direct of een dagelijkse samenvatting.', 'Choose immediate or a daily digest.'),
    ('alert_scope_unknown', 'Kies al uw projecten of alleen gevolgde projecten.', 'Choose all your projects or followed projects only.'),
    ('alert_kind_unknown', 'Onbekend soort mijlpaalmelding.', 'Unknown kind of milestone alert.');
