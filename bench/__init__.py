"""National-scale feed benchmark: DIWI's pygeoapi app against tipg and raw PostGIS."""
