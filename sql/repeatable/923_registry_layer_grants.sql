-- Registry map layers (570_registry_layers.sql): public data, read by pygeoapi and the web app, written by nobody.

GRANT SELECT ON publication.parcels, publication.buildings, publication.accommodation_objects,
    publication.addresses, publication.bgt_wegdeel, publication.bgt_waterdeel,
    publication.bgt_begroeidterreindeel, publication.bor_bomen TO diwi_reader, diwi_webapp;
GRANT EXECUTE ON FUNCTION publication.registry_integer(text), publication.registry_number(text)
    TO diwi_reader, diwi_webapp;
