-- Registry copies (BRK, BAG, BGT, BOR) with the source's attribute names, and the ingest run log.
-- Every registry row carries three bookkeeping columns, prefixed so they never clash with a source
-- name: ingest_run_id (the run that last added or changed it), ingest_hash (md5 of its properties and
-- geometry, to tell a change from a repeat) and ingested_at.

CREATE TABLE ingest.run (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source text NOT NULL CHECK (source IN ('brk', 'bag', 'bgt', 'bor')),
    protocol text NOT NULL CHECK (protocol IN ('ogcapi', 'wfs')),
    mode text NOT NULL CHECK (mode IN ('full', 'incremental')),
    area text NOT NULL,
    area_geometry geometry(Polygon, 28992) NOT NULL,
    collections text[] NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    pages integer NOT NULL DEFAULT 0,
    rows_added integer NOT NULL DEFAULT 0,
    rows_changed integer NOT NULL DEFAULT 0,
    rows_removed integer NOT NULL DEFAULT 0,
    status text NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted', 'rolled_back')),
    error text,
    error_url text,
    resume_state jsonb NOT NULL DEFAULT '{}',
    run_by text NOT NULL DEFAULT current_user,
    CONSTRAINT run_finished_invalid CHECK ((status = 'running') = (finished_at IS NULL) OR status = 'interrupted')
);
COMMENT ON TABLE ingest.run IS 'One ingest run of a registry source over an area: when, how many pages and rows, and how it ended.';
COMMENT ON COLUMN ingest.run.area IS 'What the run covered: a CBS municipality code (GM0200) or bbox:minx,miny,maxx,maxy (EPSG:28992).';
COMMENT ON COLUMN ingest.run.resume_state IS 'Per collection: the next page URL still to fetch and whether it is complete, so an interrupted run resumes.';
CREATE INDEX ON ingest.run (source, started_at DESC);

CREATE TABLE ingest.staged_feature (
    run_id bigint NOT NULL REFERENCES ingest.run ON DELETE CASCADE,
    collection text NOT NULL,
    source_id text NOT NULL,
    properties jsonb NOT NULL,
    geometry geometry NOT NULL,
    PRIMARY KEY (run_id, collection, source_id)
);
COMMENT ON TABLE ingest.staged_feature IS 'Features fetched by a run that has not been merged yet; kept so an interrupted run resumes instead of starting over.';

CREATE TABLE ingest.run_change (
    run_id bigint NOT NULL REFERENCES ingest.run ON DELETE CASCADE,
    collection text NOT NULL,
    source_id text NOT NULL,
    change text NOT NULL CHECK (change IN ('added', 'changed', 'removed')),
    PRIMARY KEY (run_id, collection, source_id)
);
COMMENT ON TABLE ingest.run_change IS 'What a merged run added, changed or removed, per source identifier (read by the plan-area follow-up).';

CREATE TABLE brk.perceel (
    identificatie_lokaal_id text PRIMARY KEY,
    identificatie_namespace text,
    kadastrale_gemeente_code text,
    kadastrale_gemeente_waarde text,
    akr_kadastrale_gemeente_code_code text,
    akr_kadastrale_gemeente_code_waarde text NOT NULL,
    sectie text NOT NULL,
    perceelnummer integer NOT NULL,
    kadastrale_grootte_waarde numeric,
    soort_grootte_code text,
    soort_grootte_waarde text,
    begin_geldigheid timestamptz,
    tijdstip_registratie timestamptz,
    volgnummer integer,
    status_historie_code text,
    status_historie_waarde text,
    geometry geometry(MultiPolygon, 28992) NOT NULL,
    ingest_run_id bigint NOT NULL REFERENCES ingest.run,
    ingest_hash text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE brk.perceel IS 'BRK Kadastrale Kaart parcels (PDOK collection perceel / kadastralekaart:Perceel), source names.';
COMMENT ON COLUMN brk.perceel.akr_kadastrale_gemeente_code_waarde IS 'AKR cadastral municipality code (e.g. GVH03): the first part of the kadastrale aanduiding.';
CREATE UNIQUE INDEX perceel_aanduiding ON brk.perceel (akr_kadastrale_gemeente_code_waarde, sectie, perceelnummer);
CREATE INDEX ON brk.perceel USING gist (geometry);

CREATE TABLE bag.pand (
    identificatie text PRIMARY KEY,
    feature_id text,
    bouwjaar integer,
    status text,
    gebruiksdoel text,
    oppervlakte_min integer,
    oppervlakte_max integer,
    aantal_verblijfsobjecten integer,
    documentdatum date,
    documentnummer text,
    geconstateerd text,
    rdf_seealso text,
    geometry geometry(MultiPolygon, 28992) NOT NULL,
    ingest_run_id bigint NOT NULL REFERENCES ingest.run,
    ingest_hash text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE bag.pand IS 'BAG buildings (pand), source names; feature_id is the OGC API feature id (a UUID) that pand.href links use.';
CREATE INDEX ON bag.pand USING gist (geometry);
CREATE INDEX ON bag.pand (feature_id);

CREATE TABLE bag.verblijfsobject (
    identificatie text PRIMARY KEY,
    feature_id text,
    status text,
    gebruiksdoel text,
    oppervlakte integer,
    pand_href text[],
    pandidentificatie text[],
    openbare_ruimte_naam text,
    huisnummer integer,
    huisletter text,
    toevoeging text,
    postcode text,
    woonplaats_naam text,
    hoofdadres_identificatie text,
    documentdatum date,
    documentnummer text,
    geconstateerd text,
    rdf_seealso text,
    geometry geometry(Point, 28992) NOT NULL,
    ingest_run_id bigint NOT NULL REFERENCES ingest.run,
    ingest_hash text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE bag.verblijfsobject IS 'BAG accommodation objects (verblijfsobject), source names; gebruiksdoel is the comma-separated source string.';
COMMENT ON COLUMN bag.verblijfsobject.pand_href IS 'OGC API v2 pand.href: URLs of the buildings this object lies in.';
COMMENT ON COLUMN bag.verblijfsobject.pandidentificatie IS 'Identificatie of the buildings (WFS pandidentificatie; resolved from pand_href after an OGC API run).';
CREATE INDEX ON bag.verblijfsobject USING gist (geometry);
CREATE INDEX ON bag.verblijfsobject USING gin (pandidentificatie);

CREATE TABLE bag.adres (
    identificatie text PRIMARY KEY,
    feature_id text,
    adresseerbaar_object_identificatie text,
    adresseerbaar_object_type text,
    openbare_ruimte_naam text,
    huisnummer integer,
    huisletter text,
    toevoeging text,
    postcode text,
    woonplaats_naam text,
    geometry geometry(Point, 28992) NOT NULL,
    ingest_run_id bigint NOT NULL REFERENCES ingest.run,
    ingest_hash text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE bag.adres IS 'BAG addresses (nummeraanduiding, OGC API collection adres), source names.';
CREATE INDEX ON bag.adres USING gist (geometry);
CREATE INDEX ON bag.adres (adresseerbaar_object_identificatie);

CREATE TABLE bgt.object (
    collection text NOT NULL,
    lokaal_id text NOT NULL,
    properties jsonb NOT NULL,
    geometry geometry(Geometry, 28992) NOT NULL,
    ingest_run_id bigint NOT NULL REFERENCES ingest.run,
    ingest_hash text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection, lokaal_id)
);
COMMENT ON TABLE bgt.object IS 'BGT objects of the configured collections (wegdeel, waterdeel, ...): properties keep the source names.';
CREATE INDEX ON bgt.object USING gist (geometry);

CREATE TABLE bor.object (
    layer text NOT NULL,
    source_id text NOT NULL,
    properties jsonb NOT NULL,
    geometry geometry(Geometry, 28992) NOT NULL,
    ingest_run_id bigint NOT NULL REFERENCES ingest.run,
    ingest_hash text NOT NULL,
    ingested_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (layer, source_id)
);
COMMENT ON TABLE bor.object IS 'The municipality''s public-space management (BOR) objects per configured layer, properties with the source names.';
CREATE INDEX ON bor.object USING gist (geometry);
