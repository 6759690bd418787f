"""Local PDOK-shaped OGC API and WFS servers serving generated registry fixtures."""
