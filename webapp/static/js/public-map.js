/* Public map (/openbaar/<code>/kaart): the public OGC API feed of a municipality's projects on a
 * Leaflet map, coloured by phase, with popups (name, phase, dwellings, link to the project page)
 * and a table of the same projects. Signed out the feed holds public projects only.
 * Reads data-feed, data-municipality, data-project-url and data-boundary of #public-map. */
(function () {
  "use strict";

  var NETHERLANDS = [[50.75, 3.2], [53.7, 7.22]];
  // the dashboards' phase colours (publication.phase_colour, Okabe-Ito)
  var PHASES = [
    ["concept", "1 Concept", "#999999"], ["initiative", "2 Initiatief", "#E69F00"],
    ["definition", "3 Definitie", "#56B4E9"], ["design", "4 Ontwerp", "#009E73"],
    ["preparation", "5 Voorbereiding", "#F0E442"], ["realisation", "6 Realisatie", "#0072B2"],
    ["aftercare", "7 Nazorg", "#CC79A7"]
  ];
  var PAGE = 1000;

  function colourOf(phase) {
    for (var i = 0; i < PHASES.length; i++) { if (PHASES[i][0] === phase) { return PHASES[i][2]; } }
    return "#000000";
  }

  function parse(text) {
    if (!text) { return null; }
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  function element(tag, text, attributes) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }

  function dwellings(p) {
    var n = p.construction_amount !== undefined ? p.construction_amount : p.gross_plan_capacity;
    return n === null || n === undefined ? "–" : Number(n).toLocaleString("nl-NL");
  }

  function projectUrl(template, id) {
    return template.replace("00000000-0000-0000-0000-000000000000", encodeURIComponent(id));
  }

  function popup(feature, template) {
    var p = feature.properties || {};
    var box = element("div", null, { "class": "project-popup" });
    box.appendChild(element("h3", p.name));
    box.appendChild(element("p", "Fase: " + (p.phase_label || p.phase || "onbekend")));
    box.appendChild(element("p", "Woningen: " + dwellings(p)));
    var link = element("a", "Meer over dit project", { href: projectUrl(template, feature.id) });
    box.appendChild(link);
    return box;
  }

  function tableRow(feature, template) {
    var p = feature.properties || {};
    var row = element("tr");
    var name = element("td");
    name.appendChild(element("a", p.name, { href: projectUrl(template, feature.id) }));
    row.appendChild(name);
    row.appendChild(element("td", p.phase_label || p.phase || ""));
    row.appendChild(element("td", dwellings(p)));
    return row;
  }

  function fillLegend() {
    var legend = document.getElementById("public-map-legend");
    if (!legend) { return; }
    PHASES.forEach(function (phase) {
      var item = element("li");
      var swatch = document.createElementNS("http://www.w3.org/2000/svg", "svg");
      swatch.setAttribute("width", "12");
      swatch.setAttribute("height", "12");
      swatch.setAttribute("aria-hidden", "true");
      var rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
      rect.setAttribute("width", "12");
      rect.setAttribute("height", "12");
      rect.setAttribute("fill", phase[2]);
      swatch.appendChild(rect);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(" " + phase[1]));
      legend.appendChild(item);
    });
  }

  function nextLink(body) {
    var links = body.links || [];
    for (var i = 0; i < links.length; i++) {
      if (links[i].rel === "next" && (body.features || []).length) { return links[i].href; }
    }
    return null;
  }

  function fetchAll(url, collected) {
    return fetch(url, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.json();
      })
      .then(function (body) {
        var all = collected.concat(body.features || []);
        var next = nextLink(body);
        return next && all.length < 20000 ? fetchAll(next, all) : all;
      });
  }

  function firstUrl(element) {
    var query = "?f=json&limit=" + PAGE + "&municipality_code=" +
      encodeURIComponent(element.dataset.municipality);
    return element.dataset.feed + query;
  }

  function show(map, features, template, outline) {
    var status = document.getElementById("public-map-status");
    var body = document.querySelector("#public-map-table tbody");
    var layer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (f) {
        var c = colourOf(f.properties.phase);
        return { color: "#333", weight: 1, fillColor: c, fillOpacity: 0.7 };
      },
      pointToLayer: function (f, latlng) {
        return L.circleMarker(latlng, { radius: 7, fillColor: colourOf(f.properties.phase) });
      },
      onEachFeature: function (f, l) { l.bindPopup(function () { return popup(f, template); }); }
    }).addTo(map);
    features.forEach(function (f) { body.appendChild(tableRow(f, template)); });
    if (features.length) { map.fitBounds(layer.getBounds().pad(0.2)); }
    else if (outline) { map.fitBounds(outline.getBounds()); }
    status.textContent = features.length + " openbare projecten op de kaart.";
    document.getElementById("public-map").dataset.loaded = String(features.length);
  }

  function init() {
    var target = document.getElementById("public-map");
    if (!target || !window.L) { return; }
    var map = L.map(target, { attributionControl: false });
    var boundary = parse(target.dataset.boundary);
    var outline = boundary ? L.geoJSON(boundary, {
      interactive: false, style: { color: "#555", weight: 2, dashArray: "6 4", fill: false }
    }).addTo(map) : null;
    if (outline) { map.fitBounds(outline.getBounds()); } else { map.fitBounds(NETHERLANDS); }
    L.control.scale({ imperial: false }).addTo(map);
    fillLegend();
    fetchAll(firstUrl(target), [])
      .then(function (features) { show(map, features, target.dataset.projectUrl, outline); })
      .catch(function (error) {
        document.getElementById("public-map-status").textContent =
          "De projecten konden niet worden geladen (" + error.message + ").";
      });
  }

  document.addEventListener("DOMContentLoaded", init);
}());
