"""Registries: runs pages (filled in by its owner)."""
