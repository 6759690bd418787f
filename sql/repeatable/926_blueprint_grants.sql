-- Composed dashboards: the web app reads and writes them (through plan.save_blueprint); the API reader never.

GRANT SELECT, INSERT, UPDATE, DELETE ON plan.dashboard_blueprint, plan.dashboard_blueprint_share TO diwi_webapp;
REVOKE ALL ON plan.dashboard_blueprint, plan.dashboard_blueprint_share FROM diwi_reader, diwi_ingest;
