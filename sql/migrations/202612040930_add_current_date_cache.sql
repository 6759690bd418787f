-- Cache the current dates of the milestones that bound each current version and entity period,
-- so that "as planned at a reference date, as recorded now" is a two-table join.

ALTER TABLE plan.project ADD COLUMN start_date date, ADD COLUMN end_date date;
ALTER TABLE plan.houseblock ADD COLUMN start_date date, ADD COLUMN end_date date;
ALTER TABLE plan.project_version ADD COLUMN valid_from date, ADD COLUMN valid_to date;
ALTER TABLE plan.houseblock_version ADD COLUMN valid_from date, ADD COLUMN valid_to date;

COMMENT ON COLUMN plan.project.start_date IS 'Cache: the current date of the start milestone.';
COMMENT ON COLUMN plan.project.end_date IS 'Cache: the current date of the end milestone.';
COMMENT ON COLUMN plan.houseblock.start_date IS 'Cache: the current date of the start milestone.';
COMMENT ON COLUMN plan.houseblock.end_date IS 'Cache: the current date of the end milestone.';
COMMENT ON COLUMN plan.project_version.valid_from IS 'Cache: the current date of valid_from_milestone_id (kept for current rows).';
COMMENT ON COLUMN plan.project_version.valid_to IS 'Cache: the current date of valid_to_milestone_id (kept for current rows).';
COMMENT ON COLUMN plan.houseblock_version.valid_from IS 'Cache: the current date of valid_from_milestone_id (kept for current rows).';
COMMENT ON COLUMN plan.houseblock_version.valid_to IS 'Cache: the current date of valid_to_milestone_id (kept for current rows).';

CREATE INDEX project_version_current_dates ON plan.project_version (project_id, valid_from, valid_to)
    WHERE superseded_at IS NULL;
CREATE INDEX houseblock_version_current_dates ON plan.houseblock_version (houseblock_id, valid_from, valid_to)
    WHERE superseded_at IS NULL;
