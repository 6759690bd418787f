"""pygeoapi plugins (providers and processes) loaded by dotted path from pygeoapi-config.yml."""
