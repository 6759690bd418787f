"""Registries: bag_check pages (filled in by its owner)."""
