/* Dashboards: draws each panel's chart (Chart.js) from its data-chart attribute, the project map
 * (Leaflet) from data-features, switches a chart to its table ("Tabel tonen") and downloads a chart
 * as PNG. All numbers come from the server; without JavaScript the tables stay visible. */
(function () {
  "use strict";

  var PALETTE = ["#154273", "#E17000", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#0072B2", "#999999", "#6A3D9A"];
  // deliveries: realised dark, planned medium, forecast light; construction blue, demolition red
  var SERIES = {
    construction_realised: "#154273", construction_planned: "#4A78B0", construction_forecast: "#A9C1DE",
    demolition_realised: "#8E1B1B", demolition_planned: "#C85050", demolition_forecast: "#EBB0B0"
  };
  var NETHERLANDS = [[50.75, 3.2], [53.7, 7.22]];

  function parse(text) {
    if (!text) { return null; }
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  // paint a white background so a downloaded PNG is not transparent
  var whiteBackground = {
    id: "whiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.ctx;
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  };

  function datasetColours(spec) {
    spec.datasets.forEach(function (set, i) {
      var colour = SERIES[set.key] || PALETTE[i % PALETTE.length];
      set.backgroundColor = colour;
      set.borderWidth = 0;
    });
  }

  function drawChart(canvas) {
    var spec = parse(canvas.getAttribute("data-chart"));
    if (!spec || typeof Chart === "undefined") { return; }
    datasetColours(spec);
    var valueAxis = spec.horizontal ? "x" : "y";
    var scales = { x: { stacked: spec.stacked }, y: { stacked: spec.stacked } };
    scales[valueAxis].beginAtZero = true;
    scales[valueAxis].ticks = { precision: 0 };
    if (spec.datasets.length === 1) {
      scales[valueAxis].title = { display: true, text: spec.datasets[0].label };
    }
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: spec.datasets },
      plugins: [whiteBackground],
      options: {
        locale: "nl-NL",
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        indexAxis: spec.horizontal ? "y" : "x",
        scales: scales,
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          title: { display: false, text: spec.title }
        }
      }
    });
  }

  function setupToggle(button) {
    var table = document.getElementById(button.getAttribute("aria-controls"));
    if (!table) { return; }
    table.classList.add("visually-hidden");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      table.classList.toggle("visually-hidden", open);
      button.setAttribute("aria-expanded", open ? "false" : "true");
      button.textContent = open ? "Tabel tonen" : "Tabel verbergen";
    });
  }

  function setupPng(button) {
    var canvas = document.getElementById(button.getAttribute("data-target"));
    if (!canvas || typeof Chart === "undefined") { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var link = document.createElement("a");
      link.href = canvas.toDataURL("image/png");
      link.download = button.getAttribute("data-filename") || "grafiek.png";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }

  function drawMap(element) {
    if (typeof L === "undefined") { return; }
    var data = parse(element.getAttribute("data-features")) || { type: "FeatureCollection", features: [] };
    var boundary = parse(element.getAttribute("data-boundary"));
    var map = L.map(element, { attributionControl: false });
    var outline = boundary ? L.geoJSON(boundary, {
      style: { color: "#555", weight: 2, fill: false }, interactive: false
    }).addTo(map) : null;
    var projects = L.geoJSON(data, {
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {
          radius: 8, color: "#222", weight: 1, fillColor: feature.properties.colour, fillOpacity: 0.9
        });
      },
      style: function (feature) {
        return { color: feature.properties.colour, weight: 2, fillOpacity: 0.5 };
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        var box = document.createElement("div");
        var name = document.createElement(p.url ? "a" : "strong");
        name.textContent = p.name || "";
        if (p.url) { name.href = p.url; }
        box.appendChild(name);
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(p.phase || ""));
        layer.bindPopup(box);
      }
    }).addTo(map);
    if (projects.getLayers().length) { map.fitBounds(projects.getBounds().pad(0.2)); }
    else if (outline) { map.fitBounds(outline.getBounds()); }
    else { map.fitBounds(NETHERLANDS); }
  }

  function init() {
    document.querySelectorAll("canvas[data-chart]").forEach(drawChart);
    document.querySelectorAll(".dash-toggle").forEach(setupToggle);
    document.querySelectorAll(".dash-png").forEach(setupPng);
    document.querySelectorAll(".dash-map[data-features]").forEach(drawMap);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
