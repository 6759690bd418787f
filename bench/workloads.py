"""The three workloads (1000-item page, municipality bbox, single item) as drivers per target."""

import json
from dataclasses import dataclass

from bench import raw
from bench.client import Driver
from bench.client import HttpDriver
from bench.client import RawDriver

WORKLOADS = ("page", "bbox", "item")
FORMAT_PARAM = {"ours": "f=json", "tipg": "f=geojson"}


@dataclass(frozen=True)
class Context:
    """Inputs shared by all targets so that every system answers the same question."""

    limit: int
    bbox: tuple[float, float, float, float]
    ids: list[str]


def http_paths(workload: str, collection: str, target: str, ctx: Context) -> list[str]:
    fmt = FORMAT_PARAM[target]
    items = f"/collections/{collection}/items"
    if workload == "page":
        return [f"{items}?limit={ctx.limit}&{fmt}"]
    if workload == "bbox":
        bbox = ",".join(str(v) for v in ctx.bbox)
        return [f"{items}?bbox={bbox}&limit={ctx.limit}&{fmt}"]
    return [f"{items}/{i}?{fmt}" for i in ctx.ids]


def raw_driver(workload: str, url: str, ctx: Context) -> RawDriver:
    if workload == "page":
        return RawDriver(url, raw.page_query(), [{"limit": ctx.limit}])
    if workload == "bbox":
        return RawDriver(url, raw.bbox_query(), [raw.bbox_params(ctx.bbox, ctx.limit)])
    return RawDriver(url, raw.item_query(), [{"id": i} for i in ctx.ids])


def http_driver(
    workload: str, base_url: str, collection: str, target: str, ctx: Context, timeout: float
) -> HttpDriver:
    return HttpDriver(base_url, http_paths(workload, collection, target, ctx), timeout)


def feature_count(body: bytes) -> int:
    """Features in a FeatureCollection (1 for a single Feature); -1 when not GeoJSON."""
    try:
        doc = json.loads(body)
    except ValueError:
        return -1
    if doc.get("type") == "Feature":
        return 1
    return len(doc.get("features", [])) if doc.get("type") == "FeatureCollection" else -1


def first_ids(body: bytes, count: int = 5) -> list[str]:
    """The first feature ids of an answer, to show whether systems agree on order."""
    try:
        doc = json.loads(body)
    except ValueError:
        return []
    features = doc.get("features") or ([doc] if doc.get("type") == "Feature" else [])
    return [str(f.get("id")) for f in features[:count]]


def requests_for(workload: str, page_requests: int, item_requests: int) -> int:
    return item_requests if workload == "item" else page_requests


__all__ = ["WORKLOADS", "Context", "Driver", "feature_count", "http_driver", "raw_driver"]
