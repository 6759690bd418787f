"""Registry ingest jobs (BRK, BAG, BGT, BOR) through OWSLib."""
