"""Public-side fixtures: the test municipalities and publication.dashboard as the public sees it."""

from collections.abc import Callable
from datetime import date

import psycopg
import pytest
from psycopg.types.json import Jsonb

from tests.public.fixture import public_town  # noqa: F401  (session fixture)


@pytest.fixture
def public_dashboard(owner_url: str) -> Callable[..., dict]:
    """publication.dashboard(component, day, {municipality_code}) with the viewer anonymous."""

    def run(component: str, municipality: str, day: date | None = None) -> dict:
        with psycopg.connect(owner_url) as conn:
            conn.execute("SELECT plan.set_viewer(NULL)")
            return conn.execute(
                "SELECT publication.dashboard(%s, %s, %s)",
                (component, day or date.today(), Jsonb({"municipality_code": municipality})),
            ).fetchone()[0]

    return run
