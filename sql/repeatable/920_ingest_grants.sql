-- Registry ingest: only diwi_ingest merges runs (the tables' grants are in 900_grants.sql).

REVOKE ALL ON FUNCTION ingest.feature_hash(jsonb, geometry), ingest.target_geometry_sql(regclass),
    ingest.record_changes(bigint, text, regclass, text, text, boolean),
    ingest.source_columns(regclass), ingest.apply_changes(bigint, text, regclass, text, text),
    ingest.resolve_pand_hrefs(), ingest.merge_run(bigint, numeric),
    ingest.check_removals(bigint, text, regclass, text, numeric) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ingest.feature_hash(jsonb, geometry), ingest.target_geometry_sql(regclass),
    ingest.record_changes(bigint, text, regclass, text, text, boolean),
    ingest.source_columns(regclass), ingest.apply_changes(bigint, text, regclass, text, text),
    ingest.resolve_pand_hrefs(), ingest.merge_run(bigint, numeric),
    ingest.check_removals(bigint, text, regclass, text, numeric) TO diwi_ingest;
