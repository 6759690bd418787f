-- Milestone alerts: the web app (and the worker, which runs as the web-app role) reads and writes them.

GRANT SELECT, INSERT, UPDATE, DELETE ON auth.alert_preference, plan.project_follower TO diwi_webapp;
GRANT SELECT, INSERT, UPDATE ON plan.alert_event TO diwi_webapp;
REVOKE ALL ON auth.alert_preference, plan.project_follower, plan.alert_event FROM diwi_reader;
GRANT EXECUTE ON FUNCTION plan.due_milestone_alerts(date), plan.record_milestone_alerts(date),
    plan.alert_project_name(uuid), plan.alert_recipients(), plan.slipped_dependencies(),
    plan.step_responsible_users(uuid), plan.due_dependency_alerts() TO diwi_webapp;
