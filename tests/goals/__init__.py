"""Tests of programmable goals: SQL progress, validation, pages."""
