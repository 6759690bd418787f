-- Every milestone write refreshes the cached dates of whatever it bounds (plan.refresh_date_cache):
-- index the eight milestone references so that is an index look-up, not eight sequential scans.
CREATE INDEX project_start_milestone_idx ON plan.project (start_milestone_id);
CREATE INDEX project_end_milestone_idx ON plan.project (end_milestone_id);
CREATE INDEX houseblock_start_milestone_idx ON plan.houseblock (start_milestone_id);
CREATE INDEX houseblock_end_milestone_idx ON plan.houseblock (end_milestone_id);
CREATE INDEX project_version_from_milestone_idx ON plan.project_version (valid_from_milestone_id)
    WHERE superseded_at IS NULL;
CREATE INDEX project_version_to_milestone_idx ON plan.project_version (valid_to_milestone_id)
    WHERE superseded_at IS NULL;
CREATE INDEX houseblock_version_from_milestone_idx ON plan.houseblock_version (valid_from_milestone_id)
    WHERE superseded_at IS NULL;
CREATE INDEX houseblock_version_to_milestone_idx ON plan.houseblock_version (valid_to_milestone_id)
    WHERE superseded_at IS NULL;
