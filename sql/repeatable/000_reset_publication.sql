-- The publication schema is wholly repeatable: it is rebuilt on every migrate.
DROP SCHEMA IF EXISTS publication CASCADE;
CREATE SCHEMA publication;
COMMENT ON SCHEMA publication IS 'The API contract: views and functions that pygeoapi, exports and dashboards read; filtered by the viewer''s rights.';
