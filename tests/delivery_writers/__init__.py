"""Tests of the province delivery file writers (File Geodatabase, Excel)."""
