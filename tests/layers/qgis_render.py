"""Run by /usr/bin/python3 (python3-qgis): load OGC API collections in QGIS, style, render."""

# Usage: qgis_render.py BASE_URL STYLES_DIR OUT_PNG MINX MINY MAXX MAXY COLLECTION...
# (the box in EPSG:28992). Prints one JSON object: per collection whether the layer is valid, its
# feature count, its fields, the features inside the box, the renderer the QML gave it; and the
# colours of the PNG, which shows the box with all collections drawn in their styles (first
# collection at the bottom).

import json
import os
import sys

from qgis.core import QgsApplication
from qgis.core import QgsCoordinateReferenceSystem
from qgis.core import QgsCoordinateTransform
from qgis.core import QgsFeatureRequest
from qgis.core import QgsMapRendererSequentialJob
from qgis.core import QgsMapSettings
from qgis.core import QgsProject
from qgis.core import QgsRectangle
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

RD = QgsCoordinateReferenceSystem("EPSG:28992")


def load(base: str, collection: str, styles: str, box: QgsRectangle) -> tuple[QgsVectorLayer, dict]:
    """The OAPIF layer of a collection with its QML applied, and what was found out about it."""
    uri = f"url='{base}/api' typename='{collection}' pagingEnabled='true'"
    layer = QgsVectorLayer(uri, collection, "OAPIF")
    report: dict = {"valid": layer.isValid()}
    if not layer.isValid():
        return layer, report
    to_layer = QgsCoordinateTransform(RD, layer.crs(), QgsProject.instance())
    request = QgsFeatureRequest().setFilterRect(to_layer.transformBoundingBox(box))
    inside = list(layer.getFeatures(request))
    message, loaded = layer.loadNamedStyle(f"{styles}/{collection}.qml")
    renderer = layer.renderer()
    report.update(
        crs=layer.crs().authid(),
        feature_count=layer.featureCount(),
        fields=[f.name() for f in layer.fields()],
        inside=sorted(str(f["id"] if "id" in f.fields().names() else f.id()) for f in inside),
        inside_count=len(inside),
        style_loaded=bool(loaded),
        style_message=message,
        renderer=renderer.type() if renderer else None,
        categories=len(renderer.categories()) if hasattr(renderer, "categories") else None,
        labels=bool(layer.labelsEnabled()),
    )
    return layer, report


def render(layers: list[QgsVectorLayer], box: QgsRectangle, out_png: str) -> list[list[int]]:
    """Draw the layers into the PNG; its colours on 10 pixels or more, as [r, g, b, count]."""
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # first listed is drawn first (bottom)
    settings.setDestinationCrs(RD)
    settings.setExtent(box)
    settings.setOutputSize(QSize(800, 800))
    settings.setOutputDpi(96)
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(out_png, "PNG")
    counts: dict[int, int] = {}
    for y in range(image.height()):
        for x in range(image.width()):
            rgb = image.pixel(x, y) & 0xFFFFFF
            counts[rgb] = counts.get(rgb, 0) + 1
    return [[c >> 16, (c >> 8) & 255, c & 255, n] for c, n in counts.items() if n >= 10]


def main(argv: list[str]) -> int:
    base, styles, out_png = argv[1], argv[2], argv[3]
    box = QgsRectangle(*map(float, argv[4:8]))
    app = QgsApplication([], False)
    app.initQgis()
    layers, reports = [], {}
    for collection in argv[8:]:
        layer, reports[collection] = load(base, collection, styles, box)
        if layer.isValid():
            layers.append(layer)
    colours = render(layers, box, out_png) if layers else []
    print(json.dumps({"layers": reports, "colours": colours}), flush=True)
    return 0


if __name__ == "__main__":
    # exitQgis() after OAPIF layers segfaults in QGIS 3.22 headless: leave without teardown
    os._exit(main(sys.argv))
