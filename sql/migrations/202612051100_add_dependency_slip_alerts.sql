-- Dependency-slip alerts: a process step's predecessor (plus lag) now allows its start only after
-- the step's planned start. The alert event names the dependency instead of a milestone.

ALTER TABLE plan.alert_event
    ALTER COLUMN milestone_id DROP NOT NULL,
    ADD COLUMN dependency_id uuid REFERENCES plan.process_dependency ON DELETE CASCADE,
    DROP CONSTRAINT alert_kind_unknown,
    ADD CONSTRAINT alert_kind_unknown
        CHECK (kind IN ('milestone_upcoming', 'milestone_overdue', 'dependency_slipped')),
    ADD CONSTRAINT alert_event_subject CHECK (num_nonnulls(milestone_id, dependency_id) = 1);
COMMENT ON COLUMN plan.alert_event.dependency_id IS 'The slipped dependency (kind dependency_slipped); milestone_id is NULL then.';
COMMENT ON COLUMN plan.alert_event.event_key IS 'kind:milestone id:milestone date, or dependency_slipped:dependency id:new earliest start; a moved date is a new event.';
CREATE INDEX alert_event_dependency_idx ON plan.alert_event (dependency_id) WHERE dependency_id IS NOT NULL;

INSERT INTO ref.rule (code, message_nl, message_en) VALUES
    ('alert_event_subject', 'Een melding gaat over een mijlpaal of over een afhankelijkheid, niet over beide.', 'An alert is about a milestone or a dependency, not both.');
