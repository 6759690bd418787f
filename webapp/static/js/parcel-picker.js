/* Parcel picker: the plan area from BRK parcels (with optional sub-selections) and BAG buildings.
 * A mode of the plan-area fieldset ("Percelen kiezen"): loads the parcels (or buildings) in view from
 * #parcel-picker's data-parcels-url / data-buildings-url (GeoJSON, CRS84, ?bbox=minlon,minlat,maxlon,maxlat),
 * a click toggles one, the chosen ones are listed, and a sub-selection can be drawn per parcel.
 * The choice goes as JSON into #parcel-selection-input and #parcels-changed is set; the server looks the
 * parcels and buildings up in its registry copies and derives the plan area when the form is saved. */
(function () {
  "use strict";

  var NETHERLANDS = [[50.75, 3.2], [53.7, 7.22]];
  var MIN_ZOOM = 16;
  var STYLE = {
    parcel: { color: "#555", weight: 1, fillOpacity: 0.05 },
    chosenParcel: { color: "#1f4e9c", weight: 2, fillColor: "#1f77b4", fillOpacity: 0.35 },
    building: { color: "#8a5a00", weight: 1, fillColor: "#e0a030", fillOpacity: 0.3 },
    chosenBuilding: { color: "#8a3000", weight: 2, fillColor: "#d95f02", fillOpacity: 0.6 },
    subselection: { color: "#0b2d5c", weight: 2, dashArray: "4 3", fillColor: "#0b2d5c", fillOpacity: 0.35, interactive: false }
  };
  var el = {};
  var state = { parcels: [], buildings: [] };
  var map = null;
  var layers = {};
  var loadToken = 0;
  var drawing = false;  // while a sub-selection is drawn, loading does not overwrite its instruction

  function parse(text) {
    if (!text) { return null; }
    try { return JSON.parse(text); } catch (e) { return null; }
  }

  function byId(id) { return document.getElementById(id); }

  function status(text) { el.status.textContent = text || ""; }

  function loadStatus(text) { if (!drawing) { status(text); } }

  function m2(value) { return Math.round(value).toLocaleString("nl-NL") + " m²"; }

  function target() {
    var checked = document.querySelector("input[name=pick_target]:checked");
    return checked ? checked.value : "parcels";
  }

  function parcelOf(feature) {
    var p = feature.properties || {};
    var code = p.cadastral_municipality_code || p.akr_kadastrale_gemeente_code_waarde;
    var section = p.section || p.sectie;
    var number = p.parcel_number || p.perceelnummer;
    return {
      designation: p.designation || [code, section, number].join(" "),
      cadastral_municipality_code: code, section: section, parcel_number: number,
      area_m2: p.area_m2 || p.kadastrale_grootte_waarde || null,
      geometry: feature.geometry, subselection: null
    };
  }

  function buildingOf(feature) {
    var p = feature.properties || {};
    return { identificatie: p.identificatie || String(feature.id), area_m2: p.area_m2 || null, geometry: feature.geometry };
  }

  function indexOf(list, field, value) {
    for (var i = 0; i < list.length; i++) { if (list[i][field] === value) { return i; } }
    return -1;
  }

  function toggle(list, field, item) {
    var at = indexOf(list, field, item[field]);
    if (at >= 0) { list.splice(at, 1); } else { list.push(item); }
    save();
  }

  function save() {
    el.input.value = JSON.stringify(state);
    el.changed.value = "1";
    render();
  }

  function geodesicArea(geometry) {
    if (!geometry || !L.GeometryUtil) { return 0; }
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    var total = 0;
    polygons.forEach(function (rings) {
      rings.forEach(function (ring, i) {
        var area = L.GeometryUtil.geodesicArea(L.GeoJSON.coordsToLatLngs(ring));
        total += i === 0 ? area : -area;
      });
    });
    return total;
  }

  function button(text, label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.addEventListener("click", action);
    return b;
  }

  function row(cells, actions) {
    var tr = document.createElement("tr");
    cells.forEach(function (text) {
      var td = document.createElement("td");
      td.textContent = text;
      tr.appendChild(td);
    });
    var td = document.createElement("td");
    actions.forEach(function (b) { td.appendChild(b); });
    tr.appendChild(td);
    return tr;
  }

  function renderParcels() {
    var body = el.parcelList.querySelector("tbody");
    body.textContent = "";
    state.parcels.forEach(function (p) {
      var sub = p.subselection ? m2(geodesicArea(p.subselection)) : "heel perceel";
      var actions = [button("Deelselectie tekenen", "Deelselectie tekenen voor " + p.designation, function () { drawSubselection(p); })];
      if (p.subselection) {
        actions.push(button("Deelselectie wissen", "Deelselectie wissen van " + p.designation, function () { p.subselection = null; save(); }));
      }
      actions.push(button("Verwijderen", "Perceel " + p.designation + " verwijderen", function () { toggle(state.parcels, "designation", p); }));
      body.appendChild(row([p.designation, p.area_m2 ? m2(p.area_m2) : "–", sub], actions));
    });
    if (!state.parcels.length) { body.appendChild(row(["Nog geen percelen gekozen.", "", ""], [])); }
  }

  function renderBuildings() {
    var body = el.buildingList.querySelector("tbody");
    body.textContent = "";
    state.buildings.forEach(function (b) {
      var remove = button("Verwijderen", "Pand " + b.identificatie + " verwijderen", function () { toggle(state.buildings, "identificatie", b); });
      body.appendChild(row([b.identificatie, b.area_m2 ? m2(b.area_m2) : "–"], [remove]));
    });
    el.buildingList.hidden = !state.buildings.length;
  }

  function renderChosen() {
    if (!map) { return; }
    layers.chosen.clearLayers();
    state.parcels.forEach(function (p) {
      if (p.geometry) { layers.chosen.addLayer(L.geoJSON(p.geometry, { style: STYLE.chosenParcel, interactive: false })); }
      if (p.subselection) { layers.chosen.addLayer(L.geoJSON(p.subselection, { style: STYLE.subselection, interactive: false })); }
    });
    state.buildings.forEach(function (b) {
      if (b.geometry) { layers.chosen.addLayer(L.geoJSON(b.geometry, { style: STYLE.chosenBuilding, interactive: false })); }
    });
  }

  function render() {
    renderParcels();
    renderBuildings();
    renderChosen();
    var total = 0;
    state.parcels.forEach(function (p) { total += p.subselection ? geodesicArea(p.subselection) : (p.area_m2 || 0); });
    state.buildings.forEach(function (b) { total += b.area_m2 || 0; });
    el.size.textContent = total > 0 ? m2(total) + " (som van de keuze; bij opslaan exact berekend)" : "–";
  }

  function bboxParam() {
    var b = map.getBounds();
    return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(function (v) { return v.toFixed(6); }).join(",");
  }

  function showFeatures(layer, data, onClick) {
    layer.clearLayers();
    layer.addData(data);
    layer.eachLayer(function (shape) { shape.on("click", function () { onClick(shape.feature); }); });
  }

  function load() {
    var token = ++loadToken;
    var wanted = target();
    if (map.getZoom() < MIN_ZOOM) {
      layers.parcels.clearLayers();
      layers.buildings.clearLayers();
      loadStatus("Zoom verder in om " + (wanted === "buildings" ? "panden" : "percelen") + " op de kaart te kiezen.");
      return;
    }
    var url = wanted === "buildings" ? el.picker.dataset.buildingsUrl : el.picker.dataset.parcelsUrl;
    loadStatus("Laden…");
    fetch(url + "?bbox=" + bboxParam(), { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        if (token !== loadToken) { return; }
        if (wanted === "buildings") {
          layers.parcels.clearLayers();
          showFeatures(layers.buildings, data, function (f) { toggle(state.buildings, "identificatie", buildingOf(f)); });
        } else {
          layers.buildings.clearLayers();
          showFeatures(layers.parcels, data, function (f) { toggle(state.parcels, "designation", parcelOf(f)); });
        }
        var what = wanted === "buildings" ? " panden" : " percelen";
        loadStatus(data.limited ? "Niet alle" + what + " getoond: zoom verder in." : data.features.length + what + " in beeld.");
      })
      .catch(function () { if (token === loadToken) { loadStatus("De kaartgegevens konden niet worden geladen."); } });
  }

  function drawSubselection(parcel) {
    if (!map || !L.Draw) { return; }
    drawing = true;
    if (parcel.geometry) { map.fitBounds(L.geoJSON(parcel.geometry).getBounds().pad(0.3), { animate: false }); }
    status("Teken de deelselectie van " + parcel.designation + ": klik de hoekpunten en sluit het vlak op het eerste punt.");
    var handler = new L.Draw.Polygon(map, { allowIntersection: false, showArea: true, metric: true });
    function created(event) {
      parcel.subselection = event.layer.toGeoJSON().geometry;
      status("Deelselectie van " + parcel.designation + " getekend.");
      save();
    }
    map.once(L.Draw.Event.CREATED, created);
    map.once(L.Draw.Event.DRAWSTOP, function () {
      drawing = false;
      setTimeout(function () { map.off(L.Draw.Event.CREATED, created); }, 0);  // cancelled: forget it
    });
    handler.enable();
  }

  function search() {
    var text = el.search.value.trim();
    if (!text) { return; }
    fetch(el.picker.dataset.searchUrl + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 404) { throw new Error("Perceel " + text + " staat niet in de BRK-kopie."); }
        if (!response.ok) { throw new Error("Schrijf de aanduiding als APD01 A 123."); }
        return response.json();
      })
      .then(function (data) {
        var parcel = parcelOf(data.features[0]);
        if (indexOf(state.parcels, "designation", parcel.designation) < 0) { toggle(state.parcels, "designation", parcel); }
        if (map) { map.fitBounds(L.geoJSON(parcel.geometry).getBounds().pad(0.5)); }
        status("Perceel " + parcel.designation + " gekozen.");
        el.search.value = "";
      })
      .catch(function (error) { status(error.message); });
  }

  function startView() {
    var bounds = null;
    state.parcels.concat(state.buildings).forEach(function (item) {
      if (!item.geometry) { return; }
      var b = L.geoJSON(item.geometry).getBounds();
      bounds = bounds ? bounds.extend(b) : b;
    });
    var drawn = parse(byId("plan-area-map") && byId("plan-area-map").dataset.area);
    var boundary = parse(el.map.dataset.boundary);
    if (!bounds && drawn) { bounds = L.geoJSON(drawn).getBounds(); }
    if (bounds) { map.fitBounds(bounds.pad(0.3)); } else if (boundary) { map.fitBounds(L.geoJSON(boundary).getBounds()); } else { map.fitBounds(NETHERLANDS); }
  }

  function initMap() {
    if (map) { return; }
    map = L.map(el.map, { attributionControl: false });
    layers.parcels = L.geoJSON(null, { style: STYLE.parcel }).addTo(map);
    layers.buildings = L.geoJSON(null, { style: STYLE.building }).addTo(map);
    layers.chosen = L.featureGroup().addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    startView();
    map.on("moveend", load);
    load();
    renderChosen();
  }

  function show(element, visible) {  // style too: a CSS display rule (e.g. .hint) outranks [hidden]
    if (!element) { return; }
    element.hidden = !visible;
    element.style.display = visible ? "" : "none";
  }

  function setMode(mode) {
    var parcels = mode === "parcels";
    show(el.picker, parcels);
    show(byId("plan-area-map"), !parcels);
    show(byId("plan-area-help"), !parcels);
    if (byId("plan-area-size")) { show(byId("plan-area-size").parentElement, !parcels); }
    if (parcels) { initMap(); map.invalidateSize(); }
  }

  function init() {
    el.picker = byId("parcel-picker");
    if (!el.picker || !window.L) { return; }
    ["map", "status", "search", "size", "input", "changed"].forEach(function (name) {
      el[name] = byId({ map: "parcel-map", status: "parcel-status", search: "parcel-search", size: "parcel-size",
                        input: "parcel-selection-input", changed: "parcels-changed" }[name]);
    });
    el.parcelList = byId("parcel-list");
    el.buildingList = byId("building-list");
    var saved = parse(el.input.value) || {};
    state.parcels = Array.isArray(saved.parcels) ? saved.parcels : [];
    state.buildings = Array.isArray(saved.buildings) ? saved.buildings : [];
    render();
    document.querySelectorAll("input[name=area_mode]").forEach(function (radio) {
      radio.addEventListener("change", function () { if (radio.checked) { setMode(radio.value); } });
    });
    document.querySelectorAll("input[name=pick_target]").forEach(function (radio) {
      radio.addEventListener("change", function () { if (map) { load(); } });
    });
    byId("parcel-search-button").addEventListener("click", search);
    el.search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); search(); }
    });
    var checked = document.querySelector("input[name=area_mode]:checked");
    setMode(checked ? checked.value : "drawn");
  }

  document.addEventListener("DOMContentLoaded", init);
}());
