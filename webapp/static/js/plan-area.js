/* Plan-area editor: draw, edit and remove the project's polygons on a Leaflet map.
 * Reads the current area and the municipal boundary (GeoJSON, CRS84) from data attributes of
 * #plan-area-map, writes the result as a MultiPolygon into #plan-area-input and marks
 * #plan-area-changed, so the server only saves the area when the user changed it.
 * With data-readonly on the map element it only shows the area (the project page). */
(function () {
  "use strict";

  var NETHERLANDS = [[50.75, 3.2], [53.7, 7.22]];

  function parse(text) {
    if (!text) { return null; }
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  function dutchLabels() {
    var d = L.drawLocal;
    d.draw.toolbar.buttons.polygon = "Teken een vlak";
    d.draw.toolbar.buttons.rectangle = "Teken een rechthoek";
    d.draw.toolbar.actions = { title: "Tekenen afbreken", text: "Annuleren" };
    d.draw.toolbar.finish = { title: "Vlak afmaken", text: "Klaar" };
    d.draw.toolbar.undo = { title: "Laatste punt wissen", text: "Laatste punt wissen" };
    d.draw.handlers.polygon.tooltip = {
      start: "Klik om het eerste hoekpunt te zetten.",
      cont: "Klik om het volgende hoekpunt te zetten.",
      end: "Klik op het eerste hoekpunt om het vlak te sluiten."
    };
    d.draw.handlers.polygon.error = "<strong>Fout:</strong> randen mogen elkaar niet snijden.";
    d.draw.handlers.rectangle.tooltip.start = "Klik en sleep om een rechthoek te tekenen.";
    d.draw.handlers.simpleshape.tooltip.end = "Laat de muis los om te eindigen.";
    d.edit.toolbar.buttons = {
      edit: "Plangebied bewerken", editDisabled: "Er is nog geen plangebied",
      remove: "Vlakken wissen", removeDisabled: "Er is nog geen plangebied"
    };
    d.edit.toolbar.actions = {
      save: { title: "Wijzigingen bewaren", text: "Bewaren" },
      cancel: { title: "Wijzigingen ongedaan maken", text: "Annuleren" },
      clearAll: { title: "Alle vlakken wissen", text: "Alles wissen" }
    };
    d.edit.handlers.edit.tooltip = { text: "Versleep hoekpunten om het vlak te wijzigen.", subtext: "" };
    d.edit.handlers.remove.tooltip = { text: "Klik op een vlak om het te wissen." };
  }

  function addArea(group, geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (rings) {
      group.addLayer(L.polygon(L.GeoJSON.coordsToLatLngs(rings, 1)));
    });
  }

  function multiPolygon(group) {
    var coordinates = [];
    group.eachLayer(function (layer) { coordinates.push(layer.toGeoJSON().geometry.coordinates); });
    return coordinates.length ? { type: "MultiPolygon", coordinates: coordinates } : null;
  }

  function squareMetres(group) {
    var total = 0;
    group.eachLayer(function (layer) {
      var rings = layer.getLatLngs();
      total += L.GeometryUtil.geodesicArea(rings[0]);
      for (var i = 1; i < rings.length; i++) { total -= L.GeometryUtil.geodesicArea(rings[i]); }
    });
    return Math.round(total);
  }

  function showSize(group) {
    var size = document.getElementById("plan-area-size");
    var m2 = squareMetres(group);
    size.textContent = m2 > 0 ? m2.toLocaleString("nl-NL") + " m²" : "–";
  }

  function store(group) {
    var area = multiPolygon(group);
    document.getElementById("plan-area-input").value = area ? JSON.stringify(area) : "";
    document.getElementById("plan-area-changed").value = "1";
    showSize(group);
  }

  function init() {
    var element = document.getElementById("plan-area-map");
    if (!element || !window.L) { return; }
    var map = L.map(element, { attributionControl: false });
    var drawn = new L.FeatureGroup().addTo(map);
    var boundary = parse(element.dataset.boundary);
    var area = parse(element.dataset.area);
    var outline = boundary ? L.geoJSON(boundary, {
      interactive: false, style: { color: "#555", weight: 2, dashArray: "6 4", fill: false }
    }).addTo(map) : null;
    if (area) { addArea(drawn, area); }
    var size = document.getElementById("plan-area-size");
    if (area && size && size.textContent === "–") { showSize(drawn); }
    if (drawn.getLayers().length) { map.fitBounds(drawn.getBounds().pad(0.5)); }
    else if (outline) { map.fitBounds(outline.getBounds()); }
    else { map.fitBounds(NETHERLANDS); }
    L.control.scale({ imperial: false }).addTo(map);
    if (element.dataset.readonly === undefined) { addEditor(map, drawn); }
  }

  function addEditor(map, drawn) {
    dutchLabels();
    map.addControl(new L.Control.Draw({
      edit: { featureGroup: drawn },
      draw: {
        polyline: false, circle: false, marker: false, circlemarker: false,
        polygon: { allowIntersection: false, showArea: true, metric: true },
        rectangle: { showArea: true, metric: true }
      }
    }));
    map.on(L.Draw.Event.CREATED, function (event) { drawn.addLayer(event.layer); store(drawn); });
    map.on(L.Draw.Event.EDITED, function () { store(drawn); });
    map.on(L.Draw.Event.DELETED, function () { store(drawn); });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
