-- The OGC API Processes jobs (pygeoapi's /jobs), owned by the user who started them, with the
-- result kept in the database so it survives restarts and needs no shared disk.

CREATE TABLE pygeoapi.job (
    id uuid PRIMARY KEY,
    owner_id uuid NOT NULL REFERENCES auth.app_user ON DELETE CASCADE,
    process_id text NOT NULL CHECK (btrim(process_id) <> ''),
    execution text NOT NULL CHECK (execution IN ('sync', 'async')),
    viewer jsonb NOT NULL CHECK (jsonb_typeof(viewer) = 'object'),
    inputs jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(inputs) = 'object'),
    requested_outputs jsonb,
    requested_response text NOT NULL DEFAULT 'raw' CHECK (requested_response IN ('raw', 'document')),
    status text NOT NULL DEFAULT 'accepted'
        CHECK (status IN ('accepted', 'running', 'successful', 'failed', 'dismissed')),
    progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    message text NOT NULL DEFAULT '',
    created timestamptz NOT NULL DEFAULT now(),
    started timestamptz,
    finished timestamptz,
    updated timestamptz NOT NULL DEFAULT now(),
    queue_job_id bigint,
    result bytea,
    result_media_type text,
    result_file_name text,
    CHECK ((result IS NULL) = (result_media_type IS NULL))
);
CREATE INDEX job_owner_created_idx ON pygeoapi.job (owner_id, created DESC);

COMMENT ON TABLE pygeoapi.job IS 'OGC API Processes jobs: who started which process with which inputs, its status and its result. Only the owner sees a job.';
COMMENT ON COLUMN pygeoapi.job.owner_id IS 'The user who started the job; /api/jobs shows a job only to this user.';
COMMENT ON COLUMN pygeoapi.job.execution IS 'sync: ran inside the web request; async: queued and run by a worker (python -m manage worker).';
COMMENT ON COLUMN pygeoapi.job.viewer IS 'The viewer (role, areas, groups, user id) of the request that started the job; the worker runs the process as this viewer.';
COMMENT ON COLUMN pygeoapi.job.inputs IS 'The inputs object of the execute request, as sent.';
COMMENT ON COLUMN pygeoapi.job.requested_outputs IS 'The outputs object of the execute request, when sent.';
COMMENT ON COLUMN pygeoapi.job.requested_response IS 'raw or document (OGC API Processes response).';
COMMENT ON COLUMN pygeoapi.job.status IS 'OGC job status: accepted (queued), running, successful, failed, dismissed.';
COMMENT ON COLUMN pygeoapi.job.progress IS 'Percentage done, 0-100, as reported by the process.';
COMMENT ON COLUMN pygeoapi.job.message IS 'Status message for the owner (Dutch), the error message of a failed job.';
COMMENT ON COLUMN pygeoapi.job.queue_job_id IS 'The id of the procrastinate job that runs an async job.';
COMMENT ON COLUMN pygeoapi.job.result IS 'The result bytes (JSON as UTF-8 text) of a successful job.';
COMMENT ON COLUMN pygeoapi.job.result_media_type IS 'The media type of result, e.g. application/json or a spreadsheet type.';
COMMENT ON COLUMN pygeoapi.job.result_file_name IS 'The file name offered when the result is downloaded.';
