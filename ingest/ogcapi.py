"""OGC API Features through OWSLib: the first page by collection_items, then each `next` link."""

import logging
from typing import Any
from urllib.parse import urljoin

import requests
from owslib.ogcapi.features import Features
from owslib.util import Authentication

from ingest.config import HttpPolicy
from ingest.http import PageError
from ingest.http import StatusRecorder
from ingest.http import TransientError
from ingest.http import call_with_timeout
from ingest.http import classify
from ingest.http import with_retries
from ingest.pages import Page
from ingest.pages import checked_features
from ingest.pages import next_link
from ingest.pages import parse_json

LOGGER = logging.getLogger(__name__)
CRS_28992 = "http://www.opengis.net/def/crs/EPSG/0/28992"
USER_AGENT = "DIWI ingest (OWSLib)"


class OgcApiClient:
    """Pages of one OGC API Features endpoint in EPSG:28992 (PDOK: cursor paging, no offset)."""

    def __init__(self, url: str, policy: HttpPolicy) -> None:
        self.url = url.rstrip("/")
        self.policy = policy
        self.recorder = StatusRecorder()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._features: Features | None = None

    def features(self) -> Features:
        """OWSLib's client (it reads the landing page when created)."""
        if self._features is None:
            auth = Authentication(auth_delegate=self.recorder)

            def connect() -> Features:
                return self.guarded(lambda: Features(self.url, auth=auth), self.url)

            self._features = with_retries(connect, self.url, self.policy)
        return self._features

    def guarded(self, function: Any, url: str) -> Any:
        """function() with a timeout; its failures classified (TransientError or PageError)."""
        try:
            return call_with_timeout(function, self.policy.timeout_seconds)
        except (TransientError, PageError):
            raise
        except ValueError as exc:  # requests' JSONDecodeError too
            raise PageError(url, f"geen geldige JSON ({exc})") from exc
        except Exception as exc:
            raise classify(exc, self.recorder, url) from exc

    def params(self, bbox: tuple[float, ...]) -> dict:
        return {
            "bbox": list(bbox),
            "limit": self.policy.page_limit,
            "crs": CRS_28992,
            "bbox-crs": CRS_28992,
        }

    def first_url(self, collection: str, bbox: tuple[float, ...]) -> str:
        params = self.params(bbox) | {"bbox": ",".join(map(str, bbox))}
        target = f"{self.url}/collections/{collection}/items"
        return requests.Request("GET", target, params=params).prepare().url or target

    def first_page(self, collection: str, bbox: tuple[float, ...]) -> Page:
        url = self.first_url(collection, bbox)

        def fetch() -> Page:
            features = self.features()
            params = self.params(bbox)
            document = self.guarded(lambda: features.collection_items(collection, **params), url)
            self.check_crs(features.response_headers or {}, url)
            return page_of(document, url)

        return with_retries(fetch, url, self.policy)

    def next_page(self, url: str) -> Page:
        """The page behind a `next` href, requested exactly as the server wrote it."""

        def fetch() -> Page:
            try:
                response = self.session.get(url, timeout=self.policy.timeout_seconds)
                response.raise_for_status()
            except requests.RequestException as exc:
                raise classify(exc, None, url) from exc
            self.check_crs(response.headers, url)
            return page_of(parse_json(response.content, url), url)

        return with_retries(fetch, url, self.policy)

    @staticmethod
    def check_crs(headers: Any, url: str) -> None:
        crs = headers.get("Content-Crs") if headers else None
        if crs and "28992" not in crs:
            raise PageError(url, f"antwoord in {crs} in plaats van EPSG:28992")


def page_of(document: Any, url: str) -> Page:
    features = checked_features(document, url, require_id=True)
    following = next_link(document)
    return Page(url, features, urljoin(url, following) if following else None)
