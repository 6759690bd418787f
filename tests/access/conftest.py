"""The access matrices' fixture: 21 sample projects, removed after the module."""

from collections.abc import Iterator

import pytest

from tests.access.matrix import Sample
from tests.access.matrix import make_samples


@pytest.fixture(scope="module")
def samples(owner_url: str, demo_municipality: str) -> Iterator[list[Sample]]:
    yield from make_samples(owner_url, demo_municipality)
