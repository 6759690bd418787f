-- Least privilege per actor: owner migrates, webapp writes plan/auth, ingest writes registries, reader reads.

REVOKE ALL ON SCHEMA meta, ref, auth, plan, publication, brk, bag, bgt, bor, ingest, pygeoapi FROM PUBLIC;

GRANT USAGE ON SCHEMA meta, ref, plan, publication TO diwi_webapp, diwi_ingest, diwi_reader;
GRANT USAGE ON SCHEMA auth TO diwi_webapp;
GRANT USAGE ON SCHEMA brk, bag, bgt, bor TO diwi_webapp, diwi_ingest, diwi_reader;
GRANT USAGE ON SCHEMA ingest TO diwi_ingest, diwi_webapp;
GRANT USAGE ON SCHEMA pygeoapi TO diwi_reader, diwi_webapp;

GRANT SELECT ON ALL TABLES IN SCHEMA meta, ref TO diwi_webapp, diwi_ingest, diwi_reader;

-- the web app edits plans and users (through the plan functions) and reads everything it shows
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA plan, auth TO diwi_webapp;
GRANT SELECT ON ALL TABLES IN SCHEMA publication, brk, bag, bgt, bor, ingest TO diwi_webapp;

-- ingest writes only the registry schemas and its run log
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA brk, bag, bgt, bor, ingest TO diwi_ingest;

-- the API reader (pygeoapi) reads the publication schema and what its functions read; it never writes plans
GRANT SELECT ON ALL TABLES IN SCHEMA plan, publication, brk, bag, bgt, bor TO diwi_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pygeoapi TO diwi_reader, diwi_webapp;
REVOKE CREATE ON SCHEMA pygeoapi FROM diwi_reader;  -- jobs live in our own pygeoapi.job (ADR 0011)

GRANT USAGE ON ALL SEQUENCES IN SCHEMA auth, plan TO diwi_webapp;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA brk, bag, bgt, bor, ingest TO diwi_ingest;

-- the current-state cache is refreshed by whoever writes plans (triggers run as the writer)
GRANT INSERT, UPDATE, DELETE ON publication.project_cache, publication.houseblock_cache,
    publication.access_cache, publication.cache_state TO diwi_webapp;
