"""DIWI web application: editing, users and dashboards around the mounted pygeoapi."""
