-- Map layers of the registries (BRK, BAG, BGT, BOR) as pygeoapi publishes them: one view per
-- collection with the source's attribute names, an `id` column (the source identifier, also kept
-- under its own name so it stays a property and a queryable), no ingest bookkeeping, geometry in
-- EPSG:28992. BGT and BOR keep their properties as jsonb; the views flatten the ones of the
-- default collections to typed columns, named as PDOK's BGT OGC API names them (functie,
-- fysiek_voorkomen, type, status), falling back to the IMGeo/WFS names with the bgt_ prefix
-- (bgt_functie, ...) when a source uses those. A missing property is NULL, a value of the wrong
-- type NULL too: a layer never fails on the data. Registry data is public: no viewer rule.

CREATE OR REPLACE FUNCTION publication.registry_integer(value text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^\s*-?\d{1,9}\s*$' THEN value::integer END
$$;
COMMENT ON FUNCTION publication.registry_integer(text) IS 'A source value as integer, NULL when it is not a whole number (registry layers never fail on a bad value).';

CREATE OR REPLACE FUNCTION publication.registry_number(value text) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^\s*-?\d+(\.\d+)?\s*$' THEN value::numeric END
$$;
COMMENT ON FUNCTION publication.registry_number(text) IS 'A source value as number, NULL when it is not a decimal number.';

CREATE VIEW publication.parcels AS
SELECT p.identificatie_lokaal_id AS id,
       p.identificatie_lokaal_id,
       p.identificatie_namespace,
       p.kadastrale_gemeente_code,
       p.kadastrale_gemeente_waarde,
       p.akr_kadastrale_gemeente_code_code,
       p.akr_kadastrale_gemeente_code_waarde,
       p.sectie,
       p.perceelnummer,
       p.kadastrale_grootte_waarde,
       p.soort_grootte_code,
       p.soort_grootte_waarde,
       p.begin_geldigheid,
       p.tijdstip_registratie,
       p.volgnummer,
       p.status_historie_code,
       p.status_historie_waarde,
       p.geometry
FROM brk.perceel p;
COMMENT ON VIEW publication.parcels IS 'BRK cadastral parcels (kadastrale percelen), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.parcels.id IS 'Parcel identifier (identificatie_lokaal_id).';
COMMENT ON COLUMN publication.parcels.identificatie_lokaal_id IS 'Parcel identifier of the Kadaster.';
COMMENT ON COLUMN publication.parcels.akr_kadastrale_gemeente_code_waarde IS 'AKR cadastral municipality code (e.g. APD01), first part of the kadastrale aanduiding.';
COMMENT ON COLUMN publication.parcels.sectie IS 'Section letter(s), second part of the kadastrale aanduiding.';
COMMENT ON COLUMN publication.parcels.perceelnummer IS 'Parcel number, third part of the kadastrale aanduiding.';
COMMENT ON COLUMN publication.parcels.kadastrale_grootte_waarde IS 'Registered area in m2.';

CREATE VIEW publication.buildings AS
SELECT b.identificatie AS id,
       b.identificatie,
       b.status,
       b.bouwjaar,
       b.gebruiksdoel,
       b.oppervlakte_min,
       b.oppervlakte_max,
       b.aantal_verblijfsobjecten,
       b.documentdatum,
       b.documentnummer,
       b.geconstateerd,
       b.rdf_seealso,
       b.geometry
FROM bag.pand b;
COMMENT ON VIEW publication.buildings IS 'BAG buildings (panden), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.buildings.id IS 'BAG pand identificatie.';
COMMENT ON COLUMN publication.buildings.identificatie IS 'BAG pand identificatie (16 digits).';
COMMENT ON COLUMN publication.buildings.status IS 'BAG pand status (e.g. Pand in gebruik, Bouw gestart, Pand gesloopt).';
COMMENT ON COLUMN publication.buildings.bouwjaar IS 'Original construction year.';

CREATE VIEW publication.accommodation_objects AS
SELECT v.identificatie AS id,
       v.identificatie,
       v.status,
       v.gebruiksdoel,
       v.oppervlakte,
       v.pandidentificatie,
       v.openbare_ruimte_naam,
       v.huisnummer,
       v.huisletter,
       v.toevoeging,
       v.postcode,
       v.woonplaats_naam,
       v.hoofdadres_identificatie,
       v.documentdatum,
       v.documentnummer,
       v.geconstateerd,
       v.rdf_seealso,
       v.geometry
FROM bag.verblijfsobject v;
COMMENT ON VIEW publication.accommodation_objects IS 'BAG accommodation objects (verblijfsobjecten), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.accommodation_objects.id IS 'BAG verblijfsobject identificatie.';
COMMENT ON COLUMN publication.accommodation_objects.status IS 'BAG verblijfsobject status (e.g. Verblijfsobject gevormd, Verblijfsobject in gebruik).';
COMMENT ON COLUMN publication.accommodation_objects.gebruiksdoel IS 'Use(s), comma-separated as in the source (e.g. woonfunctie,winkelfunctie).';
COMMENT ON COLUMN publication.accommodation_objects.pandidentificatie IS 'Identificatie of the buildings the object lies in.';

CREATE VIEW publication.addresses AS
SELECT a.identificatie AS id,
       a.identificatie,
       a.adresseerbaar_object_identificatie,
       a.adresseerbaar_object_type,
       a.openbare_ruimte_naam,
       a.huisnummer,
       a.huisletter,
       a.toevoeging,
       a.postcode,
       a.woonplaats_naam,
       a.geometry
FROM bag.adres a;
COMMENT ON VIEW publication.addresses IS 'BAG addresses (nummeraanduidingen), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.addresses.id IS 'BAG nummeraanduiding identificatie.';
COMMENT ON COLUMN publication.addresses.adresseerbaar_object_identificatie IS 'Identificatie of the verblijfsobject, standplaats or ligplaats.';

CREATE VIEW publication.bgt_wegdeel AS
SELECT o.lokaal_id AS id,
       o.lokaal_id,
       o.properties ->> 'bronhouder' AS bronhouder,
       coalesce(o.properties ->> 'functie', o.properties ->> 'bgt_functie') AS functie,
       o.properties ->> 'plus_functie' AS plus_functie,
       coalesce(o.properties ->> 'fysiek_voorkomen', o.properties ->> 'bgt_fysiek_voorkomen') AS fysiek_voorkomen,
       o.properties ->> 'plus_fysiek_voorkomen' AS plus_fysiek_voorkomen,
       publication.registry_integer(o.properties ->> 'relatieve_hoogteligging') AS relatieve_hoogteligging,
       o.properties ->> 'op_talud' AS op_talud,
       coalesce(o.properties ->> 'status', o.properties ->> 'bgt_status') AS status,
       o.properties ->> 'tijdstip_registratie' AS tijdstip_registratie,
       o.geometry
FROM bgt.object o
WHERE o.collection = 'wegdeel';
COMMENT ON VIEW publication.bgt_wegdeel IS 'BGT road parts (wegdeel), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.bgt_wegdeel.functie IS 'Road function (e.g. rijbaan lokale weg, fietspad, voetpad).';
COMMENT ON COLUMN publication.bgt_wegdeel.fysiek_voorkomen IS 'Surface (gesloten verharding, open verharding, half verhard, onverhard).';

CREATE VIEW publication.bgt_waterdeel AS
SELECT o.lokaal_id AS id,
       o.lokaal_id,
       o.properties ->> 'bronhouder' AS bronhouder,
       coalesce(o.properties ->> 'type', o.properties ->> 'bgt_type') AS type,
       o.properties ->> 'plus_type' AS plus_type,
       publication.registry_integer(o.properties ->> 'relatieve_hoogteligging') AS relatieve_hoogteligging,
       coalesce(o.properties ->> 'status', o.properties ->> 'bgt_status') AS status,
       o.properties ->> 'tijdstip_registratie' AS tijdstip_registratie,
       o.geometry
FROM bgt.object o
WHERE o.collection = 'waterdeel';
COMMENT ON VIEW publication.bgt_waterdeel IS 'BGT water parts (waterdeel), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.bgt_waterdeel.type IS 'Water type (waterloop, waterbassin, zee, greppel, droge sloot).';

CREATE VIEW publication.bgt_begroeidterreindeel AS
SELECT o.lokaal_id AS id,
       o.lokaal_id,
       o.properties ->> 'bronhouder' AS bronhouder,
       coalesce(o.properties ->> 'fysiek_voorkomen', o.properties ->> 'bgt_fysiek_voorkomen') AS fysiek_voorkomen,
       o.properties ->> 'plus_fysiek_voorkomen' AS plus_fysiek_voorkomen,
       publication.registry_integer(o.properties ->> 'relatieve_hoogteligging') AS relatieve_hoogteligging,
       o.properties ->> 'op_talud' AS op_talud,
       coalesce(o.properties ->> 'status', o.properties ->> 'bgt_status') AS status,
       o.properties ->> 'tijdstip_registratie' AS tijdstip_registratie,
       o.geometry
FROM bgt.object o
WHERE o.collection = 'begroeidterreindeel';
COMMENT ON VIEW publication.bgt_begroeidterreindeel IS 'BGT vegetated terrain (begroeidterreindeel), source names, geometry EPSG:28992.';
COMMENT ON COLUMN publication.bgt_begroeidterreindeel.fysiek_voorkomen IS 'Vegetation (e.g. groenvoorziening, grasland overig, loofbos, struiken).';

CREATE VIEW publication.bor_bomen AS
SELECT o.source_id AS id,
       o.source_id,
       o.properties ->> 'boomsoort' AS boomsoort,
       o.properties ->> 'boomsoort_nederlands' AS boomsoort_nederlands,
       publication.registry_integer(o.properties ->> 'plantjaar') AS plantjaar,
       o.properties ->> 'hoogteklasse' AS hoogteklasse,
       publication.registry_number(o.properties ->> 'stamdiameter') AS stamdiameter,
       o.properties ->> 'beheerder' AS beheerder,
       o.properties,
       o.geometry
FROM bor.object o
WHERE o.layer = 'bomen';
COMMENT ON VIEW publication.bor_bomen IS 'The municipality''s trees (BOR layer bomen): common fields as columns, all source properties in properties.';
COMMENT ON COLUMN publication.bor_bomen.properties IS 'All properties of the source object, with the source names.';
