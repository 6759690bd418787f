"""Durable OGC API Processes jobs: recorded in PostgreSQL, queued with procrastinate, per owner."""
