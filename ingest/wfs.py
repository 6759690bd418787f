"""WFS 2.0 through OWSLib's WebFeatureService: GeoJSON pages in EPSG:28992 by startIndex."""

import logging
from typing import Any

from owslib.util import Authentication
from owslib.util import ServiceException
from owslib.wfs import WebFeatureService

from ingest.config import HttpPolicy
from ingest.http import PageError
from ingest.http import StatusRecorder
from ingest.http import TransientError
from ingest.http import classify
from ingest.http import short
from ingest.http import with_retries
from ingest.pages import Page
from ingest.pages import checked_features
from ingest.pages import parse_json

LOGGER = logging.getLogger(__name__)
SRS_28992 = "urn:ogc:def:crs:EPSG::28992"
OUTPUT_FORMAT = "application/json"


class WfsClient:
    """Pages of one WFS 2.0 endpoint (OWSLib >= 0.32 sends srsName for 2.0.0 GET requests)."""

    def __init__(self, url: str, policy: HttpPolicy) -> None:
        self.url = url
        self.policy = policy
        self.recorder = StatusRecorder()
        self._service: Any = None

    def service(self) -> Any:
        """OWSLib's wfs200 client (it reads the capabilities when created)."""
        if self._service is None:
            auth = Authentication(auth_delegate=self.recorder)

            def connect() -> Any:
                return self.guarded(
                    lambda: WebFeatureService(
                        self.url, version="2.0.0", timeout=self.policy.timeout_seconds, auth=auth
                    ),
                    self.url,
                )

            self._service = with_retries(connect, self.url, self.policy)
        return self._service

    def guarded(self, function: Any, url: str) -> Any:
        try:
            return function()
        except (TransientError, PageError):
            raise
        except ServiceException as exc:
            raise PageError(url, f"WFS-fout: {short(str(exc))}") from exc
        except Exception as exc:
            raise classify(exc, self.recorder, url) from exc

    def query(self, typename: str, bbox: tuple[float, ...], start: int) -> dict:
        return {
            "typename": [typename],
            "bbox": (*bbox, SRS_28992),
            "srsname": SRS_28992,
            "outputFormat": OUTPUT_FORMAT,
            "maxfeatures": self.policy.page_limit,
            "startindex": start,
        }

    def page_url(self, typename: str, bbox: tuple[float, ...], start: int) -> str:
        """The GetFeature URL OWSLib will request (for messages and the run log)."""
        service = self.service()
        q = self.query(typename, bbox, start)
        return service.getGETGetFeatureRequest(
            q["typename"], None, q["bbox"], None, None, None, q["maxfeatures"], q["srsname"],
            None, {}, q["outputFormat"], "Get", q["startindex"], None,
        )  # fmt: skip

    def page(self, typename: str, bbox: tuple[float, ...], start: int) -> Page:
        """The features from startIndex `start` on (at most page_limit of them)."""
        url = self.page_url(typename, bbox, start)

        def fetch() -> Page:
            service = self.service()
            body = self.guarded(
                lambda: service.getfeature(**self.query(typename, bbox, start)).read(), url
            )
            if self.recorder.status in (429,) or (self.recorder.status or 0) >= 500:
                raise TransientError(f"HTTP {self.recorder.status}")
            features = checked_features(parse_json(body, url), url, require_id=False)
            return Page(url, features)

        return with_retries(fetch, url, self.policy)
