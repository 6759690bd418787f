-- Keep the cached milestone dates (plan.project/houseblock start_date, end_date; version valid_from,
-- valid_to) equal to the current milestone versions.

CREATE OR REPLACE FUNCTION plan.refresh_date_cache(milestone uuid, new_date date) RETURNS void
LANGUAGE sql AS $$
    UPDATE plan.project SET start_date = new_date WHERE start_milestone_id = milestone;
    UPDATE plan.project SET end_date = new_date WHERE end_milestone_id = milestone;
    UPDATE plan.houseblock SET start_date = new_date WHERE start_milestone_id = milestone;
    UPDATE plan.houseblock SET end_date = new_date WHERE end_milestone_id = milestone;
    UPDATE plan.project_version SET valid_from = new_date
        WHERE valid_from_milestone_id = milestone AND superseded_at IS NULL;
    UPDATE plan.project_version SET valid_to = new_date
        WHERE valid_to_milestone_id = milestone AND superseded_at IS NULL;
    UPDATE plan.houseblock_version SET valid_from = new_date
        WHERE valid_from_milestone_id = milestone AND superseded_at IS NULL;
    UPDATE plan.houseblock_version SET valid_to = new_date
        WHERE valid_to_milestone_id = milestone AND superseded_at IS NULL;
$$;

CREATE OR REPLACE FUNCTION plan.milestone_date_cache_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM plan.refresh_date_cache(NEW.milestone_id, NEW.date);
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS milestone_date_cache ON plan.milestone_version;
CREATE TRIGGER milestone_date_cache AFTER INSERT ON plan.milestone_version
    FOR EACH ROW WHEN (NEW.superseded_at IS NULL) EXECUTE FUNCTION plan.milestone_date_cache_trigger();

CREATE OR REPLACE FUNCTION plan.entity_dates_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.start_date := plan.milestone_date(NEW.start_milestone_id);
    NEW.end_date := plan.milestone_date(NEW.end_milestone_id);
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS project_dates ON plan.project;
CREATE TRIGGER project_dates BEFORE INSERT OR UPDATE OF start_milestone_id, end_milestone_id
    ON plan.project FOR EACH ROW EXECUTE FUNCTION plan.entity_dates_trigger();
DROP TRIGGER IF EXISTS houseblock_dates ON plan.houseblock;
CREATE TRIGGER houseblock_dates BEFORE INSERT OR UPDATE OF start_milestone_id, end_milestone_id
    ON plan.houseblock FOR EACH ROW EXECUTE FUNCTION plan.entity_dates_trigger();

CREATE OR REPLACE FUNCTION plan.version_dates_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.valid_from := plan.milestone_date(NEW.valid_from_milestone_id);
    NEW.valid_to := plan.milestone_date(NEW.valid_to_milestone_id);
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS project_version_dates ON plan.project_version;
CREATE TRIGGER project_version_dates BEFORE INSERT ON plan.project_version
    FOR EACH ROW EXECUTE FUNCTION plan.version_dates_trigger();
DROP TRIGGER IF EXISTS houseblock_version_dates ON plan.houseblock_version;
CREATE TRIGGER houseblock_version_dates BEFORE INSERT ON plan.houseblock_version
    FOR EACH ROW EXECUTE FUNCTION plan.version_dates_trigger();

-- Recompute every cache from the milestone versions (after a bulk load with triggers off).
CREATE OR REPLACE FUNCTION plan.rebuild_date_cache() RETURNS void LANGUAGE sql AS $$
    UPDATE plan.project p SET start_date = plan.milestone_date(p.start_milestone_id),
                              end_date = plan.milestone_date(p.end_milestone_id);
    UPDATE plan.houseblock h SET start_date = plan.milestone_date(h.start_milestone_id),
                                 end_date = plan.milestone_date(h.end_milestone_id);
    UPDATE plan.project_version v SET valid_from = plan.milestone_date(v.valid_from_milestone_id),
                                      valid_to = plan.milestone_date(v.valid_to_milestone_id)
    WHERE v.superseded_at IS NULL;
    UPDATE plan.houseblock_version v SET valid_from = plan.milestone_date(v.valid_from_milestone_id),
                                         valid_to = plan.milestone_date(v.valid_to_milestone_id)
    WHERE v.superseded_at IS NULL;
$$;
COMMENT ON FUNCTION plan.rebuild_date_cache() IS 'Recompute the cached milestone dates from the milestone versions.';
