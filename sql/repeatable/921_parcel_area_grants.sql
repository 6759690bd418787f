-- Parcel-derived plan areas: who may run the BRK follow-up and read the new plan tables.

-- the follow-up runs as its owner inside the ingest's merge transaction; only the ingest calls it
REVOKE ALL ON FUNCTION plan.follow_parcel_changes(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.follow_parcel_changes(bigint) TO diwi_ingest;

-- notices, vanished parcels and registry-version marks are for the web app, not the API reader
REVOKE ALL ON plan.notice, plan.parcel_issue, plan.registry_version FROM diwi_reader;

-- buildings of a project version: the reader sees those of visible projects only, like its parcels
DROP POLICY IF EXISTS reader_sees_visible_projects ON plan.project_building;
CREATE POLICY reader_sees_visible_projects ON plan.project_building FOR SELECT TO diwi_reader
    USING (project_version_id IN (SELECT i FROM plan.visible_project_version_ids() i));
DROP POLICY IF EXISTS webapp_sees_all ON plan.project_building;
CREATE POLICY webapp_sees_all ON plan.project_building TO diwi_webapp USING (true) WITH CHECK (true);
ALTER TABLE plan.project_building ENABLE ROW LEVEL SECURITY;
