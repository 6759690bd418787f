"""Tests of the SQL schema: rules, history, access and database roles."""
