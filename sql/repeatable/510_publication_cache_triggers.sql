-- Refresh the cached current state of the projects a statement changed, right after it runs,
-- so a transaction reads its own writes and a bulk statement refreshes each project once.

CREATE OR REPLACE FUNCTION plan.project_of_change(tbl text, row_data jsonb) RETURNS uuid
LANGUAGE sql STABLE AS $$
    SELECT CASE tbl
        WHEN 'project' THEN (row_data->>'id')::uuid
        WHEN 'milestone_version' THEN (SELECT m.project_id FROM plan.milestone m
                                       WHERE m.id = (row_data->>'milestone_id')::uuid)
        WHEN 'houseblock_version' THEN (SELECT h.project_id FROM plan.houseblock h
                                        WHERE h.id = (row_data->>'houseblock_id')::uuid)
        WHEN 'houseblock_ownership_line' THEN (
            SELECT h.project_id FROM plan.houseblock_version v JOIN plan.houseblock h ON h.id = v.houseblock_id
            WHERE v.id = (row_data->>'houseblock_version_id')::uuid)
        WHEN 'houseblock_breakdown' THEN (
            SELECT h.project_id FROM plan.houseblock_version v JOIN plan.houseblock h ON h.id = v.houseblock_id
            WHERE v.id = (row_data->>'houseblock_version_id')::uuid)
        ELSE (row_data->>'project_id')::uuid END
$$;

CREATE OR REPLACE FUNCTION publication.refresh_projects(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM publication.project_cache WHERE id = ANY (ids);
    INSERT INTO publication.project_cache
        SELECT * FROM publication.projects_base(current_date) b WHERE b.id = ANY (ids);
    DELETE FROM publication.houseblock_cache WHERE project_id = ANY (ids);
    INSERT INTO publication.houseblock_cache
        SELECT * FROM publication.houseblocks_base(current_date) b WHERE b.project_id = ANY (ids);
    SELECT publication.refresh_access_cache(ids);
$$;

CREATE OR REPLACE FUNCTION plan.cache_refresh_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    SELECT array_agg(DISTINCT x) INTO ids
    FROM (SELECT plan.project_of_change(TG_TABLE_NAME, to_jsonb(c)) AS x FROM changed c) y
    WHERE x IS NOT NULL;
    IF ids IS NOT NULL THEN PERFORM publication.refresh_projects(ids); END IF;
    RETURN NULL;
END $$;

DO $$
DECLARE
    tbl text;
    ev text;
BEGIN
    FOREACH tbl IN ARRAY ARRAY['project', 'project_version', 'project_owner', 'milestone_version',
                                'houseblock', 'houseblock_version', 'houseblock_ownership_line',
                                'houseblock_breakdown'] LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS cache_refresh ON plan.%I', tbl);
        FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
            EXECUTE format('DROP TRIGGER IF EXISTS cache_refresh_%s ON plan.%I', ev, tbl);
            EXECUTE format('CREATE TRIGGER cache_refresh_%s AFTER %s ON plan.%I '
                           'REFERENCING %s TABLE AS changed FOR EACH STATEMENT '
                           'EXECUTE FUNCTION plan.cache_refresh_trigger()',
                           ev, ev, tbl, CASE ev WHEN 'delete' THEN 'OLD' ELSE 'NEW' END);
        END LOOP;
    END LOOP;
END $$;
