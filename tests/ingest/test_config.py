"""The sources configuration: PDOK defaults, overridable per file or environment variable."""

import pytest

from ingest.config import ConfigError
from ingest.config import http_policy
from ingest.config import load_config
from ingest.config import source_from


def test_defaults_are_the_real_pdok_endpoints():
    config = load_config()
    bag = source_from(config, "bag")
    assert bag.url == "https://api.pdok.nl/kadaster/bag/ogc/v2"
    assert [c.name for c in bag.collections] == ["pand", "verblijfsobject", "adres"]
    assert source_from(config, "brk").url.endswith("/kadaster/brk-kadastrale-kaart/ogc/v1")
    assert [c.name for c in source_from(config, "bgt").collections][:2] == ["wegdeel", "waterdeel"]
    wfs = source_from(config, "bag", "wfs")
    assert wfs.url == "https://service.pdok.nl/lv/bag/wfs/v2_0"
    assert [c.typename for c in wfs.collections] == ["bag:pand", "bag:verblijfsobject"]
    assert source_from(config, "brk", "wfs").collections[0].typename == "kadastralekaart:Perceel"
    assert http_policy(config, limit=5000).page_limit == 1000  # PDOK's cap


def test_a_municipality_file_adds_bor_and_keeps_the_pdok_defaults(tmp_path, monkeypatch):
    with pytest.raises(ConfigError, match="BOR has no national service"):
        source_from(load_config(), "bor")
    path = tmp_path / "apeldoorn.yml"
    path.write_text(
        "sources:\n"
        "  bor:\n"
        "    protocol: wfs\n"
        "    wfs: {url: 'https://geo.example.nl/wfs'}\n"
        "    table: bor.object\n"
        "    collections: [{name: boom, typename: 'bor:bomen', key: guid, properties: [soort]}]\n"
        "  bgt:\n"
        "    collections: [pand]\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DIWI_INGEST_CONFIG", str(path))
    config = load_config()
    bor = source_from(config, "bor")
    assert (bor.protocol, bor.url, bor.collections[0].typename) == (
        "wfs",
        "https://geo.example.nl/wfs",
        "bor:bomen",
    )
    assert (bor.collections[0].key_column, bor.collections[0].group_column) == (
        "source_id",
        "layer",
    )
    assert [c.name for c in source_from(config, "bgt").collections] == ["pand"]
    assert source_from(config, "bag").url == "https://api.pdok.nl/kadaster/bag/ogc/v2"
