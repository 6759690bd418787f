"""The demo municipalities can download a valid delivery for every template (make run)."""

from collections.abc import Iterator

import psycopg
import pytest

from manage import demo
from manage.demo_delivery import relax_mandatory
from plugins.jobs.context import viewer_scope
from plugins.processes.delivery import DeliveryProcessor

pytestmark = pytest.mark.db
TEMPLATES = ["zuid-holland", "gelderland", "zeeland"]


@pytest.fixture(scope="module")
def demo_areas(owner_url: str) -> Iterator[dict[str, tuple]]:
    """The demo as `manage demo` loads it; afterwards its plusvelden are optional again, so that
    later tests in this database may create demo-municipality projects without their values."""
    demo.load_demo(owner_url, deliveries=True)
    with psycopg.connect(owner_url) as conn:
        rows = conn.execute(
            "SELECT code, region_code, province_code FROM ref.municipality WHERE code = ANY (%s)",
            (demo.DEMO_CODES,),
        ).fetchall()
    yield {code: (region, province) for code, region, province in rows}
    with psycopg.connect(owner_url) as conn:
        relax_mandatory(conn, demo.DEMO_CODES)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_demo_municipality_delivers(demo_areas, reader_url, template):
    processor = DeliveryProcessor({"name": "x", "template": template, "data": reader_url})
    for code, (region, province) in demo_areas.items():
        viewer = {
            "role": "user_plus",
            "municipality_code": code,
            "region_code": region,
            "province_code": province,
            "group_ids": [],
            "user_id": None,
        }
        with viewer_scope(viewer):
            media_type, payload = processor.execute({})
        assert media_type == processor.metadata["outputs"]["file"]["schema"]["contentMediaType"]
        assert len(payload) > 1000


def test_demo_mappings_are_complete(demo_areas, owner_url):
    with psycopg.connect(owner_url) as conn:
        for code in demo_areas:
            for template in TEMPLATES:
                problems = conn.execute(
                    "SELECT code, field_name FROM publication.delivery_mapping_problems(%s, %s)",
                    (code, template),
                ).fetchall()
                assert problems == [], (code, template)
