"""HTML to PDF with WeasyPrint, fetching nothing from outside (charts are inline SVG)."""

import logging
from typing import Any

LOGGER = logging.getLogger(__name__)


def refuse(url: str, *args: Any, **kwargs: Any) -> dict:
    """A report is self-contained: any fetch is refused (WeasyPrint logs it and goes on)."""
    raise ValueError(f"report resources are inline only, refused {url[:80]!r}")


def inline_only_fetcher() -> Any:
    """WeasyPrint's URL fetcher refusing every URL (a URLFetcher from WeasyPrint 66 on)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover - WeasyPrint < 66 takes a plain function
        return refuse

    class InlineOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> Any:
            return refuse(url)

    return InlineOnly()


def render(html: str) -> bytes:
    """The PDF of a self-contained HTML document (styles inline, charts as inline SVG)."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=inline_only_fetcher(), base_url=".").write_pdf()
