-- Dashboards (580_dashboards.sql): the web app (signed-in and public pages) and the API reader call
-- the security-definer entry points; the helpers they use stay the owner's.

REVOKE ALL ON FUNCTION publication.dashboard(text, date, jsonb, jsonb),
    publication.dashboard_components(),
    publication.dashboard_capacity_cells(date, jsonb, double precision),
    publication.dashboard_capacity_points(date, jsonb, double precision)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION publication.dashboard(text, date, jsonb, jsonb),
    publication.dashboard_components(),
    publication.dashboard_capacity_cells(date, jsonb, double precision),
    publication.dashboard_capacity_points(date, jsonb, double precision)
    TO diwi_webapp, diwi_reader;

DO $$
DECLARE
    fn regprocedure;
BEGIN
    -- every other dashboard_* function reads rows the caller may not see: owner only (also
    -- against the blanket grant on the schema's functions in 700_delivery.sql)
    FOR fn IN SELECT p.oid::regprocedure FROM pg_proc p
              WHERE p.pronamespace = 'publication'::regnamespace
                AND (p.proname LIKE 'dashboard\_%' OR p.proname = 'phase_colour')
                AND p.proname NOT IN ('dashboard_components', 'dashboard_capacity_cells',
                                    'dashboard_capacity_points')
    LOOP
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC, diwi_webapp, diwi_reader, diwi_ingest', fn);
    END LOOP;
END $$;
GRANT EXECUTE ON FUNCTION publication.phase_colour(text) TO diwi_webapp, diwi_reader;
