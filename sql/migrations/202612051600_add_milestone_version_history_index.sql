-- Dashboards and goals at a past reference date read milestones as recorded then (ADR 0003): an
-- index over every recorded version of a milestone, not only the current one.

CREATE INDEX milestone_version_history ON plan.milestone_version (milestone_id, recorded_at)
    INCLUDE (date, status, superseded_at);
