"""Opt-in: a tiny area fetched from the real PDOK (DIWI_LIVE_PDOK=1 or DIWI_LIVE_TESTS=1)."""

import os

import pytest

from ingest.cli import main
from tests.ingest.conftest import counts
from tests.ingest.conftest import runs

LIVE = os.environ.get("DIWI_LIVE_PDOK") == "1" or os.environ.get("DIWI_LIVE_TESTS") == "1"
pytestmark = [
    pytest.mark.db,
    pytest.mark.live,
    pytest.mark.skipif(not LIVE, reason="talks to PDOK: set DIWI_LIVE_PDOK=1"),
]
TINY_BBOX = "193950,468950,194050,469050"  # 100 m around the centre of Apeldoorn


@pytest.mark.parametrize("protocol", ["ogcapi", "wfs"])
def test_pdok_brk_and_bag_for_a_tiny_area(ingest_url, owner_url, clean_registry, protocol):
    for source in ("brk", "bag"):
        argv = [source, "--bbox", TINY_BBOX, "--protocol", protocol, "--limit", "100", "--quiet"]
        assert main(argv, db_url=ingest_url) == 0, runs(owner_url)[-1]
    found = counts(owner_url)
    assert found["perceel"] > 0 and found["pand"] > 0 and found["verblijfsobject"] > 0
