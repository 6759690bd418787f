-- Durable API jobs: who may queue, run and read them (plugins/jobs, ADR draft var/helper-notes/jobs.md).
-- diwi_reader (pygeoapi's job manager) records jobs and queues them: it inserts procrastinate jobs
-- (and their events, by trigger) but never fetches or finishes them. diwi_webapp runs the worker
-- (python -m manage worker): it fetches, finishes and retries queue jobs and writes job results.
-- Row security: as diwi_reader a job row is visible only to its owner, the user id of the viewer
-- set in the transaction (plan.set_viewer); the worker (diwi_webapp) sees every job.

REVOKE ALL ON SCHEMA procrastinate FROM PUBLIC;
GRANT USAGE ON SCHEMA procrastinate TO diwi_reader, diwi_webapp;

GRANT SELECT, INSERT ON procrastinate.procrastinate_jobs TO diwi_reader;
GRANT INSERT ON procrastinate.procrastinate_events TO diwi_reader;
GRANT USAGE ON SEQUENCE procrastinate.procrastinate_jobs_id_seq,
    procrastinate.procrastinate_events_id_seq TO diwi_reader;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA procrastinate TO diwi_webapp;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA procrastinate TO diwi_webapp;

GRANT USAGE ON SCHEMA pygeoapi TO diwi_reader, diwi_webapp;
GRANT SELECT, INSERT, UPDATE, DELETE ON pygeoapi.job TO diwi_reader, diwi_webapp;

ALTER TABLE pygeoapi.job ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS job_owner ON pygeoapi.job;
CREATE POLICY job_owner ON pygeoapi.job TO diwi_reader
    USING (owner_id::text = current_setting('diwi.viewer_user', true))
    WITH CHECK (owner_id::text = current_setting('diwi.viewer_user', true));
DROP POLICY IF EXISTS job_worker ON pygeoapi.job;
CREATE POLICY job_worker ON pygeoapi.job TO diwi_webapp USING (true) WITH CHECK (true);

-- procrastinate's functions and triggers name its tables and types without a schema: pin their
-- search_path so they work from any session (the library's own queries get it per connection).
DO $$
DECLARE
    fn regprocedure;
BEGIN
    FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'procrastinate'::regnamespace LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = procrastinate, pg_catalog', fn);
    END LOOP;
END;
$$;
