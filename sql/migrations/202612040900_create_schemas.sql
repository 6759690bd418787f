-- Schemas of the system of record, and the time-ordered UUID generator used for every id.

CREATE SCHEMA IF NOT EXISTS meta;
COMMENT ON SCHEMA meta IS 'Bookkeeping: applied migrations and shared helper functions.';
CREATE SCHEMA ref;
COMMENT ON SCHEMA ref IS 'Code lists and the area hierarchy (province, region, municipality, district, neighbourhood), with CBS codes and official Dutch labels.';
CREATE SCHEMA auth;
COMMENT ON SCHEMA auth IS 'Users, roles, user groups and sign-in data (flask-security-too), per municipality.';
CREATE SCHEMA plan;
COMMENT ON SCHEMA plan IS 'Housing plans: projects, houseblocks, milestones and custom properties, one versioned row per entity version.';
CREATE SCHEMA brk;
COMMENT ON SCHEMA brk IS 'Kadaster BRK cadastral parcels, with the source attribute names.';
CREATE SCHEMA bag;
COMMENT ON SCHEMA bag IS 'BAG buildings, accommodation objects and addresses, with the source attribute names.';
CREATE SCHEMA bgt;
COMMENT ON SCHEMA bgt IS 'BGT large-scale topography, with the source attribute names.';
CREATE SCHEMA bor;
COMMENT ON SCHEMA bor IS 'The municipality''s public-space management (BOR) layers, with the source attribute names.';
CREATE SCHEMA ingest;
COMMENT ON SCHEMA ingest IS 'Registry ingest bookkeeping: runs and their counts.';
CREATE SCHEMA pygeoapi;
COMMENT ON SCHEMA pygeoapi IS 'Job records of pygeoapi''s process manager.';

-- UUID version 7 (RFC 9562): 48-bit Unix milliseconds, then random bits, so ids sort by creation time.
CREATE FUNCTION meta.uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;
COMMENT ON FUNCTION meta.uuid_v7() IS 'A time-ordered UUID (version 7), the default id of every DIWI entity.';
