"""DIWI's own exchange formats (Excel template, GeoJSON template): layout and value labels."""
