"""Registries: parcels pages (filled in by its owner)."""
