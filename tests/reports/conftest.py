"""Report fixtures: the public test municipalities (tests/public/fixture.py)."""

from tests.public.conftest import public_dashboard  # noqa: F401
from tests.public.fixture import public_town  # noqa: F401
