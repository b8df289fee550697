/* hvdesk map page without internet: tiles that fail are reported with a way to the
 * offline map; the offline layer's district (county) outlines and the name of the
 * place shown. Loaded after hvmap.js, which defines window.HV and calls
 * HV.offline.setup from its boundary layer and HV.offline.watchTiles on a tile layer.
 */
(function () {
  'use strict';

  var HV = window.HV;

  /* A plain message across the top of the map; ``action`` (optional) is a button
   * text and what it does. HV.notice holds the text shown (tests, tools). */
  function showNotice(text, action, onAction) {
    var box = document.getElementById('hv-notice');
    if (!box) {
      box = L.DomUtil.create('div', 'hv-notice', HV.map.getContainer());
      box.id = 'hv-notice';
      L.DomEvent.disableClickPropagation(box);
    }
    box.innerHTML = '<span>' + text + '</span>';
    if (action) {
      var button = L.DomUtil.create('button', 'hv-notice-action', box);
      button.type = 'button';
      button.innerHTML = action;
      button.onclick = onAction;
    }
    HV.notice = box.textContent;
    return true;
  }
  window.hvNotice = function (text) { return showNotice(text); };

  /* Tiles that do not load (no network, a blocked server) leave a blank map and
   * nothing else: after a few failures with none loaded, say so and offer the
   * offline map. */
  function watchTiles(layer, labels) {
    var failed = 0;
    var loaded = 0;
    var told = false;
    layer.on('tileload', function () { loaded += 1; });
    layer.on('tileerror', function () {
      failed += 1;
      HV.tileErrors = failed;
      if (told || failed < 3 || loaded > failed) { return; }
      told = true;
      showNotice(labels.tilesFailed, HV.bridge ? labels.useOffline : null, function () {
        HV.send('useOffline', []);
      });
    });
  }

  /* --- outlines projected near the view only ---
   * Leaflet projects every point of every outline to pixels on each zoom, all of
   * China's included, although at street zoom nearly all lie far off screen. An
   * outline far from the view (more than a screen away) is left unprojected until a
   * pan brings it near (the renderer updates each outline after every move). */
  var Poly = L.Polyline.prototype;

  function near(layer) {
    if (!layer._hvBounds) { layer._hvBounds = layer.getBounds(); }
    // The renderers draw half a screen around the view (padding 0.5).
    return layer._map.getBounds().pad(0.5).intersects(layer._hvBounds);
  }

  /* Polyline._projectLatlngs with each point's spherical Mercator position kept from
   * the first zoom (the sine and logarithm per point per zoom were most of the cost);
   * the pixels are the same as map.latLngToLayerPoint's. */
  var MERCATOR = L.Projection.SphericalMercator;
  var UNIT = 0.5 / (Math.PI * MERCATOR.R);

  function projectKept(latlngs, result, pxBounds) {
    var map = this._map;
    if (map.options.crs !== L.CRS.EPSG3857) {
      Poly._projectLatlngs.call(this, latlngs, result, pxBounds);
      return;
    }
    if (!(latlngs[0] instanceof L.LatLng)) {
      for (var k = 0; k < latlngs.length; k++) { projectKept.call(this, latlngs[k], result, pxBounds); }
      return;
    }
    var scale = map.options.crs.scale(map.getZoom());
    var origin = map.getPixelOrigin();
    var ring = new Array(latlngs.length);
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (var i = 0; i < latlngs.length; i++) {
      var ll = latlngs[i];
      var m = ll._hvM || (ll._hvM = MERCATOR.project(ll));
      var x = Math.round(scale * (UNIT * m.x + 0.5)) - origin.x;
      var y = Math.round(scale * (0.5 - UNIT * m.y)) - origin.y;
      ring[i] = new L.Point(x, y);
      if (x < minX) { minX = x; }
      if (x > maxX) { maxX = x; }
      if (y < minY) { minY = y; }
      if (y > maxY) { maxY = y; }
    }
    if (latlngs.length) {
      pxBounds.extend(new L.Point(minX, minY));
      pxBounds.extend(new L.Point(maxX, maxY));
    }
    result.push(ring);
  }

  function projectNear() {
    if (near(this)) {
      this._hvFar = false;
      Poly._project.call(this);
      return;
    }
    this._hvFar = true;
    this._rings = [];
    this._parts = [];
    this._pxBounds = null;
    this._rawPxBounds = null;
  }

  function updateNear() {
    if (this._hvFar && this._map && near(this)) {
      this._hvFar = false;
      Poly._project.call(this);
    }
    Poly._update.call(this);
  }

  function projectedNearView(group) {
    group.eachLayer(function (layer) {
      if (layer instanceof L.Polyline) {
        layer._projectLatlngs = projectKept;
        layer._project = projectNear;
        layer._update = updateNear;
      } else if (layer.eachLayer) {
        projectedNearView(layer);
      }
    });
    return group;
  }

  /* --- district (county) outlines: coarse from DISTRICT_ZOOM, fine from FINE_ZOOM ---
   * The page holds the coarse outlines of the branch's provinces; in the application
   * the others, and the fine ones, are asked of the bridge for the provinces in view
   * (bridge.outlines out, bridge.deliverOutlines back). */
  var DISTRICT_ZOOM = 8;
  var FINE_ZOOM = 12;
  var districts = { data: {}, layers: {}, asked: {}, shown: {}, group: null, renderer: null };

  function addDistricts(pp, detail, fc) {
    if (!fc || !fc.features) { return; }
    districts.data[pp + '-' + detail] = fc;
    var fine = detail === 'fine';
    districts.layers[pp + '-' + detail] = projectedNearView(L.geoJSON(fc, {
      interactive: false,
      renderer: districts.renderer,
      style: { color: fine ? '#868e96' : '#adb5bd', weight: fine ? 1.4 : 0.8, fill: false }
    }));
    if (!districts.data[pp + '-labelled'] && districts.renderer) {
      districts.data[pp + '-labelled'] = true;
      districts.renderer.add(fc.features.filter(function (f) { return f.properties.label; })
        .map(function (f) { return [f.properties.label[0], f.properties.label[1], f.properties.name, 2]; }));
    }
  }

  function provincesInView() {
    var B = window.HV_BOUNDARIES;
    var view = HV.map.getBounds();
    var out = [];
    (B && B.provinces ? B.provinces.features : []).forEach(function (f) {
      if (!f.hvBounds) { f.hvBounds = L.geoJSON(f).getBounds(); }
      if (f.hvBounds.intersects(view)) { out.push(String(f.properties.code).slice(0, 2)); }
    });
    return out;
  }

  function updateDistricts() {
    if (!districts.group) { return; }
    var z = HV.map.getZoom();
    var want = {};
    if (z >= DISTRICT_ZOOM) {
      provincesInView().forEach(function (pp) {
        var detail = z >= FINE_ZOOM ? 'fine' : 'coarse';
        var key = pp + '-' + detail;
        if (!districts.data[key] && HV.bridge && HV.bridge.outlines && !districts.asked[key]) {
          districts.asked[key] = true;
          HV.send('outlines', [pp, detail]);
        }
        // Until the fine outlines arrive the coarse ones stand in.
        if (!districts.data[key]) { key = pp + '-coarse'; }
        if (districts.layers[key]) { want[key] = true; }
      });
    }
    Object.keys(districts.shown).forEach(function (key) {
      if (!want[key]) { districts.group.removeLayer(districts.layers[key]); delete districts.shown[key]; }
    });
    Object.keys(want).forEach(function (key) {
      if (!districts.shown[key]) { districts.group.addLayer(districts.layers[key]); districts.shown[key] = true; }
    });
    HV.districtLayers = Object.keys(districts.shown).sort();
    showPlace();
  }

  window.hvOutlines = function (pp, detail, text) {
    if (text) { addDistricts(pp, detail, JSON.parse(text)); }
    updateDistricts();
    return true;
  };

  /* --- where the map is: province, city and district of its centre (any zoom) --- */

  function inRing(x, y, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }

  function contains(feature, lat, lon) {
    var g = feature.geometry;
    var polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (var p = 0; p < polys.length; p++) {
      var inside = false;
      for (var r = 0; r < polys[p].length; r++) { if (inRing(lon, lat, polys[p][r])) { inside = !inside; } }
      if (inside) { return true; }
    }
    return false;
  }

  function nameAt(fc, lat, lon) {
    var features = fc ? fc.features : [];
    for (var i = 0; i < features.length; i++) {
      var f = features[i];
      if (!f.hvBounds) { f.hvBounds = L.geoJSON(f).getBounds(); }
      if (f.hvBounds.contains([lat, lon]) && contains(f, lat, lon)) { return f.properties; }
    }
    return null;
  }

  function showPlace() {
    var B = window.HV_BOUNDARIES;
    if (!B || !HV.placeBox) { return; }
    var c = HV.map.getCenter();
    var names = [];
    var province = nameAt(B.provinces, c.lat, c.lng);
    if (province) {
      names.push(province.name);
      var city = nameAt(B.cities, c.lat, c.lng);
      if (city && city.name !== province.name) { names.push(city.name); }
      var pp = String(province.code).slice(0, 2);
      var district = nameAt(districts.data[pp + '-fine'] || districts.data[pp + '-coarse'], c.lat, c.lng);
      if (district) { names.push(district.name); }
    }
    HV.place = names.join(' · ');
    HV.placeBox.textContent = HV.place;
    HV.placeBox.style.display = HV.place ? '' : 'none';
  }

  function addPlaceControl(map) {
    var control = L.control({ position: 'bottomleft' });
    control.onAdd = function () {
      HV.placeBox = L.DomUtil.create('div', 'hv-where');
      return HV.placeBox;
    };
    control.addTo(map);
  }

  HV.offline = {
    showNotice: showNotice,
    watchTiles: watchTiles,
    projectedNearView: projectedNearView,
    /* The boundary layer's canvas renderer (L.HvBase: outlines and place names) and
     * group, and the coarse outlines a page carries ({province: GeoJSON}). */
    setup: function (map, renderer, group, carried) {
      districts.renderer = renderer;
      districts.group = group;
      Object.keys(carried || {}).forEach(function (pp) { addDistricts(pp, 'coarse', carried[pp]); });
      map.on('moveend', updateDistricts);
      addPlaceControl(map);
      updateDistricts();
    },
    update: function () { updateDistricts(); }
  };
})();
