"""One ingest run: fetch every page of every collection, stage it, then merge (or resume later)."""

import logging
import sys
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
from tqdm import tqdm

from ingest import staging
from ingest.config import Collection
from ingest.config import HttpPolicy
from ingest.config import Source
from ingest.http import PageError
from ingest.mapping import staged_row
from ingest.mapping import table_columns
from ingest.merge import merge_run
from ingest.ogcapi import OgcApiClient
from ingest.pages import Page
from ingest.staging import Area
from ingest.wfs import WfsClient

LOGGER = logging.getLogger(__name__)
PageHook = Callable[[int, str, Page], None]


@dataclass
class RunContext:
    """What the page loop needs: connection, run, source, HTTP policy, output and a test hook."""

    conn: psycopg.Connection
    run_id: int
    source: Source
    policy: HttpPolicy
    bbox: tuple[float, float, float, float]
    quiet: bool = False
    on_page: PageHook | None = None
    client: OgcApiClient | WfsClient | None = None
    max_removed_share: float | None = None

    def http(self) -> OgcApiClient | WfsClient:
        """One client per run (OWSLib reads the landing page or capabilities once)."""
        if self.client is None:
            kind = OgcApiClient if self.source.protocol == "ogcapi" else WfsClient
            self.client = kind(self.source.url, self.policy)
        return self.client


def ogcapi_pages(ctx: RunContext, collection: Collection, state: dict) -> Iterator[Page]:
    """Pages from where the state stands: the first by OWSLib, then each `next` href."""
    client = ctx.http()
    page = (
        client.next_page(state["next"])
        if state["next"]
        else client.first_page(collection.remote, ctx.bbox)
    )
    while True:
        following = page.next_url if page.features and page.next_url != page.url else None
        state["next"], state["done"] = following, following is None
        yield page
        if following is None:
            return
        page = client.next_page(following)


def wfs_pages(ctx: RunContext, collection: Collection, state: dict) -> Iterator[Page]:
    """Pages by startIndex until an empty page or one shorter than the largest page so far.

    The largest page seen is the server's effective count cap, which may be below our limit.
    """
    client = ctx.http()
    largest = state.get("largest", 0)
    while not state["done"]:
        page = client.page(collection.typename, ctx.bbox, state["start"])
        returned = len(page.features)
        largest = max(largest, returned)
        state["start"] += returned
        state["largest"] = largest
        state["done"] = returned == 0 or returned < largest
        yield page


def fetch_collection(ctx: RunContext, collection: Collection, state: dict) -> None:
    """Fetch and stage the remaining pages of one collection, one commit per page."""
    if state["done"]:
        return
    columns = table_columns(ctx.conn, collection.table)
    pages = ogcapi_pages if ctx.source.protocol == "ogcapi" else wfs_pages
    with progress_bar(ctx, collection, state) as bar:
        for page in pages(ctx, collection, state):
            rows = [
                row_of(feature, collection, columns, ctx, page.url) for feature in page.features
            ]
            state["pages"] += 1
            state["features"] += len(rows)
            stage(ctx, collection, rows, state, page.url)
            bar.update(len(rows))
            bar.set_postfix(pagina=state["pages"])
            if ctx.on_page is not None:
                ctx.on_page(ctx.run_id, collection.name, page)


def stage(ctx: RunContext, collection: Collection, rows: list, state: dict, url: str) -> None:
    """Stage a page; a geometry or value PostGIS refuses makes it a bad page (PageError)."""
    try:
        staging.stage_page(ctx.conn, ctx.run_id, collection.name, rows, state)
    except (psycopg.errors.DataError, psycopg.errors.InternalError_) as exc:
        ctx.conn.rollback()
        raise PageError(url, f"pagina niet op te slaan: {str(exc).strip()}") from exc


def row_of(
    feature: dict, collection: Collection, columns: dict, ctx: RunContext, url: str
) -> tuple:
    source_id, props = staged_row(
        feature, collection, columns, ctx.source.protocol == "ogcapi", url
    )
    return source_id, props, feature["geometry"]


def progress_bar(ctx: RunContext, collection: Collection, state: dict) -> tqdm:
    """Features and pages of a collection on the terminal; silent when quiet or not a TTY."""
    return tqdm(
        desc=f"{ctx.source.name} {collection.name}",
        initial=state["features"],
        unit=" obj",
        disable=ctx.quiet or not sys.stderr.isatty(),
        leave=True,
    )


def fetch_and_merge(ctx: RunContext, state: dict) -> dict:
    """Every collection, then the merge; the run ends failed or interrupted when that is so."""
    try:
        for collection in ctx.source.collections:
            fetch_collection(ctx, collection, state[collection.name])
        return merge_run(ctx.conn, ctx.run_id, ctx.max_removed_share)
    except PageError as exc:
        LOGGER.error("run %s failed at %s: %s", ctx.run_id, exc.url, exc.message)
        staging.mark_ended(ctx.conn, ctx.run_id, "failed", exc.message, exc.url)
    except psycopg.Error as exc:
        LOGGER.error("run %s failed: %s", ctx.run_id, exc)
        staging.mark_ended(ctx.conn, ctx.run_id, "failed", str(exc).strip(), None)
    except (KeyboardInterrupt, SystemExit):
        staging.mark_ended(ctx.conn, ctx.run_id, "interrupted", "onderbroken", None)
        raise
    return staging.load_run(ctx.conn, ctx.run_id)


def start_run(
    conn: psycopg.Connection, source: Source, mode: str, area: Area, resume_id: int | None
) -> dict:
    """The run to work on: the given one, the latest interrupted one like it, or a new one."""
    run_id = resume_id or staging.find_interrupted(conn, source, mode, area)
    if run_id is not None:
        LOGGER.info("resuming ingest run %s", run_id)
        return staging.reopen_run(conn, run_id)
    return staging.load_run(conn, staging.create_run(conn, source, mode, area))
