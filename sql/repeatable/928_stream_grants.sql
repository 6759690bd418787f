-- Process streams: the web app reads and writes them (through the plan.*process* functions); the API reader never.

GRANT SELECT, INSERT, UPDATE, DELETE ON plan.process_step, plan.process_dependency TO diwi_webapp;
GRANT SELECT, INSERT, UPDATE, DELETE ON plan.process_template, plan.process_template_step,
    plan.process_template_dependency TO diwi_webapp;
REVOKE ALL ON plan.process_step, plan.process_dependency, plan.process_template,
    plan.process_template_step, plan.process_template_dependency FROM diwi_reader, diwi_ingest;
