"""OGC API processes (province exports, BAG address-count check)."""
