"""Feature providers that publish DIWI publication views through pygeoapi."""
