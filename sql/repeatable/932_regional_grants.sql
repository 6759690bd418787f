-- Regional table: the web app writes summaries and key projects; pygeoapi reads the publication
-- views (which read the derived tables as their owner); harvest-diwi (ingest role) writes harvest.

REVOKE ALL ON plan.process_summary, plan.key_project, plan.region_setting FROM diwi_reader, diwi_ingest;
GRANT SELECT, INSERT, UPDATE, DELETE ON plan.process_summary, plan.key_project, plan.region_setting
    TO diwi_webapp;
GRANT SELECT ON plan.region_setting TO diwi_reader;  -- read by plan.region_key_min_dwellings
GRANT SELECT ON publication.acceleration_table, publication.regional_projects
    TO diwi_reader, diwi_webapp;

REVOKE ALL ON SCHEMA harvest FROM PUBLIC;
GRANT USAGE ON SCHEMA harvest TO diwi_ingest, diwi_webapp, diwi_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA harvest TO diwi_ingest;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA harvest TO diwi_ingest;
GRANT SELECT ON ALL TABLES IN SCHEMA harvest TO diwi_webapp;
REVOKE ALL ON FUNCTION plan.set_key_project(uuid, boolean, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.set_key_project(uuid, boolean, uuid) TO diwi_webapp;
GRANT SELECT ON publication.region_settings TO diwi_webapp;
GRANT SELECT ON publication.process_steps TO diwi_reader, diwi_webapp;
REVOKE ALL ON FUNCTION plan.set_region_key_min_dwellings(text, integer, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION plan.set_region_key_min_dwellings(text, integer, uuid) TO diwi_webapp;
