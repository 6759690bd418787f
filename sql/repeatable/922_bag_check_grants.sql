-- The BAG address-count check (560_bag_address_check.sql): read by the web app and the API reader.
-- bag_ingested_area reads the ingest run log as its owner and answers only the covered area.

REVOKE ALL ON FUNCTION publication.bag_ingested_area() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION publication.bag_ingested_area() TO diwi_webapp, diwi_reader;
GRANT EXECUTE ON FUNCTION publication.bag_href_ids(text[]),
    publication.bag_address_counts(date, uuid[], text),
    publication.bag_check_registered(integer, integer),
    publication.bag_check_findings(boolean, boolean, integer, integer, integer, integer, integer),
    publication.bag_address_check(date, uuid[], text)
    TO diwi_webapp, diwi_reader;
