/* hvdesk map page: customers as clustered circle markers, branch, routes,
 * offline boundary layer, rectangle selection (shift + drag) and the bridge
 * to the desktop application (QWebChannel) when there is one.
 *
 * Data come from globals written beside the page by hvdesk.mapping:
 *   HV_POINTS      flat array, STRIDE values per customer:
 *                  id, lat, lon, state, days past due, approximate (0/1), label
 *   HV_CELLS       [lat, lon, count, overdue, south, west, north, east] per grid cell
 *                  (an exported page of more customers than it may hold one by one)
 *   HV_BOUNDARIES  {provinces, cities, sea, districts} GeoJSON (offline layer only;
 *                  the district outlines and place names are hvoffline.js's)
 * In the application (cfg.dynamic) there are no such globals: the page asks the
 * bridge for the area it shows (bridge.viewport) after every pan and zoom that
 * leaves the area it has, and the answer arrives on bridge.deliver as customers
 * (few in the area) or counts per grid cell (many).
 * Labels arrive HTML-escaped from Python; nothing here builds HTML from raw text.
 */
(function () {
  'use strict';

  var STRIDE = 7;
  var COLORS = ['#868e96', '#1c7ed6', '#f08c00', '#2f9e44', '#e03131'];
  var LABEL_ZOOM = [4, 7, 10]; // provinces, cities, districts
  var CLUSTER_UNTIL_ZOOM = 15;
  var SPREAD_M = 20;
  var ROUTE_COLORS = ['#5f3dc4', '#d6336c', '#0c8599', '#e8590c', '#5c940d'];
  var HV = (window.HV = {
    ready: false,
    count: 0,
    highlighted: [],
    lastSelection: [],
    lastClicked: [],
    lastPlaced: null,
    step: {},
    bridge: null,
    map: null
  });
  var P = [];
  var index = {}; // customer id -> offset in P
  var markers = []; // offset / STRIDE -> marker
  var cluster = null;
  var cellLayer = null;
  var pointsRenderer = null;
  var highlightLayer = null;
  // The area the page holds data for, and the newest request (older answers are dropped).
  var have = { seq: 0, bounds: null, zoom: null, mode: null };
  var asked = 0;
  var placeMarker = null;
  var adding = false;
  var cfg = null;

  function bucket(dpd) {
    return dpd <= 0 ? 0 : dpd <= 30 ? 1 : dpd <= 60 ? 2 : dpd <= 90 ? 3 : 4;
  }

  function style(state, dpd, approx) {
    var color = COLORS[state] || COLORS[0];
    var b = bucket(dpd);
    if (approx) {
      // A district or city centre: hollow, so nobody takes it for the house.
      return { radius: 5 + b, color: color, weight: 2 + b * 0.4, opacity: 0.95,
               fill: true, fillColor: '#ffffff', fillOpacity: 0.25, dashArray: '3 2' };
    }
    return { radius: 5 + b, color: b === 0 ? '#ffffff' : '#212529', weight: b === 0 ? 1 : 1 + b * 0.5,
             opacity: 1, fill: true, fillColor: color, fillOpacity: 0.9 };
  }

  function send(name, args) {
    var b = HV.bridge;
    if (b && typeof b[name] === 'function') {
      b[name].apply(b, args);
    }
    document.dispatchEvent(new CustomEvent('hv-' + name, { detail: args }));
  }

  HV.send = send;

  function connectBridge() {
    if (typeof QWebChannel === 'undefined' || typeof qt === 'undefined' || !qt.webChannelTransport) {
      return;
    }
    new QWebChannel(qt.webChannelTransport, function (channel) {
      HV.bridge = channel.objects.bridge;
      if (HV.bridge.deliverOutlines) {
        HV.bridge.deliverOutlines.connect(function (pp, detail, text) {
          whenShown(function () { window.hvOutlines(pp, detail, text); });
        });
        HV.offline.update();
      }
      if (cfg.dynamic && HV.bridge.deliver) {
        HV.bridge.deliver.connect(function (seq, text) {
          if (seq === asked) { HV.step.got = performance.now(); HV.step.chars = text.length; }
          window.hvShow(seq, JSON.parse(text));
        });
        request(true);
      } else if (HV.ready) { send('loaded', [HV.count]); }
    });
  }

  function popupHtml(o) {
    var L_ = cfg.labels;
    var approx = P[o + 5] === 1;
    return '<div class="hv-popup"><b>' + P[o + 6] + '</b><br>' +
      '<span class="hv-dot" style="background:' + COLORS[P[o + 3]] + '"></span>' +
      L_.states[P[o + 3]] + '<br>' + L_.dpd + ': ' + P[o + 4] +
      (approx ? '<br><i>' + L_.approx + '</i>' : '') + '</div>';
  }

  /* Customers at one point (a district centre, one building) are laid out in a
   * small sunflower disc around it, SPREAD_M apart, so that each can be seen and
   * clicked once clustering stops (at CLUSTER_UNTIL_ZOOM), without spiderfying. */
  function spreadCoincident() {
    var seen = new Map();
    for (var o = 0; o < P.length; o += STRIDE) {
      // Coordinates have 5 decimals: one exact number per point.
      var key = Math.round(P[o + 1] * 1e5) * 1e8 + Math.round(P[o + 2] * 1e5);
      var n = seen.get(key) || 0;
      seen.set(key, n + 1);
      if (n === 0) { continue; }
      var r = (SPREAD_M * Math.sqrt(n)) / 111320;
      var a = n * 2.399963; // the golden angle
      P[o + 1] += r * Math.cos(a);
      P[o + 2] += (r * Math.sin(a)) / Math.cos((P[o + 1] * Math.PI) / 180);
    }
  }

  function buildMarkers() {
    spreadCoincident();
    // One canvas for all customers (a renderer per area left a canvas behind each time).
    var renderer = pointsRenderer || (pointsRenderer = L.canvas({ padding: 0.5 }));
    var list = new Array(P.length / STRIDE);
    for (var o = 0, k = 0; o < P.length; o += STRIDE, k++) {
      var m = L.circleMarker([P[o + 1], P[o + 2]], style(P[o + 3], P[o + 4], P[o + 5] === 1));
      m.options.renderer = renderer;
      m.hvOffset = o;
      index[P[o]] = o;
      list[k] = m;
    }
    markers = list;
    return list;
  }

  function markerOf(id) {
    var o = index[id];
    return o === undefined ? null : markers[o / STRIDE];
  }

  /* A cluster is a ring of its customers' states (shares as in the legend). */
  function clusterIcon(c) {
    var kids = c.getAllChildMarkers();
    var n = kids.length;
    var counts = [0, 0, 0, 0, 0];
    for (var i = 0; i < n; i++) { counts[P[kids[i].hvOffset + 3]]++; }
    var stops = [];
    var acc = 0;
    for (var s = 0; s < counts.length; s++) {
      if (!counts[s]) { continue; }
      var from = (acc / n) * 360;
      acc += counts[s];
      stops.push(COLORS[s] + ' ' + from.toFixed(1) + 'deg ' + ((acc / n) * 360).toFixed(1) + 'deg');
    }
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 50;
    return L.divIcon({
      html: '<div style="background:conic-gradient(' + stops.join(',') + ')"><span>' + n + '</span></div>',
      className: 'hv-cluster',
      iconSize: L.point(size, size)
    });
  }

  function finishLoading() {
    var first = !HV.ready;
    HV.ready = true;
    HV.count = markers.length;
    document.body.setAttribute('data-hv-ready', '1');
    // The application hears of each area painted ('shown'), not of the first alone.
    if (first && !cfg.dynamic) { send('loaded', [HV.count]); }
  }

  /* --- areas asked of the application (cfg.dynamic) --- */

  function covered() {
    if (have.all) { return true; } // every customer of the filter is on the page
    if (!have.bounds) { return false; }
    var z = HV.map.getZoom();
    if (!have.bounds.contains(HV.map.getBounds())) { return false; }
    // Zooming into customers shown one by one adds none; cells are cut per zoom.
    return have.mode === 'points' ? z >= have.zoom : z === have.zoom;
  }

  function request(force) {
    if (!cfg.dynamic || !HV.bridge || !HV.bridge.viewport) { return; }
    if (!force && covered()) { return; }
    var b = HV.map.getBounds().pad(cfg.margin || 0.5);
    asked += 1;
    HV.asked = asked;
    // When each step of the newest request happened (performance.now()), for the bench.
    HV.step = { seq: asked, asked: performance.now() };
    send('viewport', [asked, b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), HV.map.getZoom()]);
  }

  /* Counts per grid cell, drawn on one canvas (hvcells.js). */
  function setCells(cells) {
    cellLayer.setCells(cells || []);
    HV.cells = cellLayer.count();
    // Each canvas is a bitmap shared with the renderer, even when empty: only one in use stays.
    if (HV.cells && !HV.map.hasLayer(cellLayer)) { cellLayer.addTo(HV.map); }
    if (!HV.cells && HV.map.hasLayer(cellLayer)) { HV.map.removeLayer(cellLayer); }
  }

  function setPoints(flat) {
    P = flat || [];
    index = {};
    cluster.clearLayers();
    var list = buildMarkers();
    if (list.length) {
      cluster.addLayers(list, true); // adds the customers' canvas again if it was taken away
    } else if (pointsRenderer && HV.map.hasLayer(pointsRenderer)) {
      HV.map.removeLayer(pointsRenderer);
    }
  }

  /* fn once the frame with what was just drawn is on the screen (the application hears
   * 'shown' when the user sees the area); a hidden page gets no frames: after a wait. */
  function afterPaint(fn) {
    var done = false;
    var once = function () { if (!done) { done = true; fn(); } };
    requestAnimationFrame(function () { setTimeout(once, 0); });
    setTimeout(once, 250);
  }

  /* Outlines that arrive while the customers of an area are awaited are drawn after
   * them (parsing a province's street-level outlines takes longer than the cells). */
  var waiting = [];

  function whenShown(fn) {
    if (cfg.dynamic && HV.bridge && HV.bridge.viewport && have.seq !== asked) { waiting.push(fn); } else { fn(); }
  }

  function runWaiting() {
    waiting.splice(0).forEach(function (fn) { setTimeout(fn, 0); });
  }

  /* An answer to request(): customers or cells for an area. Older answers are dropped. */
  window.hvShow = function (seq, d) {
    if (seq !== asked) { return false; }
    var started = performance.now();
    HV.step.parsed = started;
    have = { seq: seq, bounds: L.latLngBounds(d.bounds), zoom: d.zoom, mode: d.mode, all: d.all };
    if (d.mode === 'points') {
      setCells([]);
      setPoints(d.points);
    } else {
      setPoints([]);
      setCells(d.cells);
    }
    HV.mode = d.mode;
    HV.total = d.total;
    highlight(HV.wanted || [], true);
    finishLoading();
    document.body.setAttribute('data-hv-seq', String(seq));
    HV.lastShowMs = performance.now() - started;
    HV.step.drawn = performance.now();
    afterPaint(function () {
      HV.step.painted = performance.now();
      send('shown', [seq, d.mode === 'cells' ? 1 : 0, d.total]);
      runWaiting();
    });
    return true;
  };

  function addCustomers(map) {
    cluster = L.markerClusterGroup({
      chunkedLoading: true,
      chunkInterval: 300,
      chunkDelay: 1,
      showCoverageOnHover: false,
      maxClusterRadius: 55,
      // Each zoom level clustered costs markercluster time for every point at
      // load; from this zoom on markers stand alone (coincident ones spread).
      disableClusteringAtZoom: CLUSTER_UNTIL_ZOOM,
      iconCreateFunction: clusterIcon,
      spiderfyOnMaxZoom: true,
      chunkProgress: function (done, total) {
        // Adding the group to the map reports an empty batch first: wait for ours.
        if (adding && done >= total && total === markers.length) {
          adding = false;
          finishLoading();
        }
      }
    });
    // markercluster draws the clusters of three screens by three around the view;
    // a third of a screen around it is enough, and draws a tenth as many icons.
    cluster._getExpandedVisibleBounds = function () {
      return this._map ? this._map.getBounds().pad(0.33) : null;
    };
    cluster.on('click', function (e) {
      var m = e.layer;
      if (m.hvOffset === undefined) { return; }
      var id = P[m.hvOffset];
      HV.lastClicked = [id];
      m.bindPopup(popupHtml(m.hvOffset), { autoPan: false }).openPopup();
      send('clicked', [[id]]);
    });
    cluster.addTo(map);
    HV.cluster = cluster;
    HV.markerOf = markerOf;
    // Above the customers' canvas (overlay pane 400), under the branch and names (600, 650).
    map.createPane('hvCells').style.zIndex = 450;
    cellLayer = L.hvCells().addTo(map);
    cellLayer.on('cellclick', function (e) { HV.map.fitBounds([e.cell.slice(4, 6), e.cell.slice(6, 8)]); });
    HV.cellLayer = cellLayer;
    if (cfg.dynamic) {
      map.on('moveend', function () { request(false); });
      return cluster;
    }
    if (window.HV_CELLS) {
      setCells(window.HV_CELLS);
      HV.mode = 'cells';
      finishLoading();
      return cluster;
    }
    var list = buildMarkers();
    if (list.length === 0) {
      finishLoading();
    } else {
      adding = true;
      cluster.addLayers(list, true); // no 'layeradd' event per marker
    }
    return cluster;
  }

  function addBoundaries(map) {
    var B = window.HV_BOUNDARIES;
    if (!B) { return null; }
    // Outlines and names in their own pane under the customers (overlay pane 400).
    map.createPane('hvBase').style.zIndex = 250;
    var base = L.hvBase({ pane: 'hvBase', padding: 0.5, zooms: LABEL_ZOOM });
    var group = L.featureGroup();
    var nearView = HV.offline.projectedNearView;
    nearView(L.geoJSON(B.provinces, {
      interactive: false,
      renderer: base,
      style: { color: '#868e96', weight: 1.1, fillColor: '#fbfaf6', fillOpacity: 1 }
    })).addTo(group);
    if (B.cities) {
      nearView(L.geoJSON(B.cities, {
        interactive: false,
        renderer: base,
        style: { color: '#adb5bd', weight: 0.7, dashArray: '4 3', fill: false }
      })).addTo(group);
    }
    if (B.sea) {
      L.geoJSON(B.sea, { interactive: false, renderer: base, style: { color: '#4dabf7', weight: 1.5 } }).addTo(group);
    }
    group.addTo(map);
    base.add(cfg.placeLabels || []);
    HV.labels = base;
    // District outlines and the name of the place shown (hvoffline.js).
    HV.offline.setup(map, base, L.layerGroup().addTo(group), B.districts);
    return group;
  }

  function addBranch(map) {
    var b = cfg.branch;
    if (!b) { return; }
    var icon = L.divIcon({
      className: 'hv-branch',
      html: '<svg viewBox="0 0 24 24" width="26" height="26"><path d="M3 21V9l9-6 9 6v12h-6v-7H9v7z" ' +
            'fill="#343a40" stroke="#fff" stroke-width="1.5"/></svg>',
      iconSize: [26, 26],
      iconAnchor: [13, 22]
    });
    L.marker([b.lat, b.lon], { icon: icon, zIndexOffset: 2000, keyboard: false, title: b.name })
      .bindTooltip(b.name, { direction: 'right', offset: [10, -8], className: 'hv-branch-label', permanent: true })
      .bindPopup('<b>' + b.name + '</b><br>' + b.address)
      .addTo(map);
  }

  function addRoutes(map) {
    var group = L.featureGroup();
    (cfg.routes || []).forEach(function (route, r) {
      var color = ROUTE_COLORS[r % ROUTE_COLORS.length];
      var line = [];
      if (cfg.branch) { line.push([cfg.branch.lat, cfg.branch.lon]); }
      route.stops.forEach(function (s) {
        line.push([s.lat, s.lon]);
        L.marker([s.lat, s.lon], {
          icon: L.divIcon({ className: 'hv-stop', html: '<div style="background:' + color + '">' + s.n + '</div>',
                            iconSize: [22, 22], iconAnchor: [11, 11] }),
          zIndexOffset: 1500
        }).bindPopup('<b>' + s.n + '. ' + s.label + '</b><br>' + s.time + ' · ' + route.team)
          .on('click', function () { send('clicked', [[s.id]]); })
          .addTo(group);
      });
      L.polyline(line, { color: color, weight: 4, opacity: 0.8, dashArray: '8 6' }).addTo(group);
    });
    group.addTo(map);
    return group;
  }

  function addLegend(map) {
    var legend = L.control({ position: 'bottomright' });
    legend.onAdd = function () {
      var div = L.DomUtil.create('div', 'hv-legend');
      var rows = cfg.labels.states.map(function (s, i) {
        return '<div><span class="hv-dot" style="background:' + COLORS[i] + '"></span>' + s + '</div>';
      });
      rows.push('<div><span class="hv-dot hv-hollow"></span>' + cfg.labels.approx + '</div>');
      rows.push('<div><span class="hv-dot hv-ring"></span>' + cfg.labels.ring + '</div>');
      if (cfg.labels.cells) {
        rows.push('<div><span class="hv-dot hv-cellring"></span>' + cfg.labels.cells + '</div>');
      }
      rows.push('<div class="hv-hint">' + cfg.labels.hint + '</div>');
      div.innerHTML = '<b>' + cfg.labels.title + '</b>' + rows.join('');
      L.DomEvent.disableClickPropagation(div);
      return div;
    };
    legend.addTo(map);
  }

  function idsInside(bounds) {
    var out = [];
    for (var o = 0; o < P.length; o += STRIDE) {
      if (bounds.contains([P[o + 1], P[o + 2]])) { out.push(P[o]); }
    }
    return out;
  }

  function enableRectangleSelect(map) {
    map.boxZoom.disable();
    var start = null;
    var rect = null;
    map.on('mousedown', function (e) {
      if (!e.originalEvent.shiftKey) { return; }
      start = e.latlng;
      map.dragging.disable();
      rect = L.rectangle([start, start], { color: '#1971c2', weight: 1.5, dashArray: '5 4',
                                           fillOpacity: 0.08, interactive: false }).addTo(map);
    });
    map.on('mousemove', function (e) {
      if (rect) { rect.setBounds(L.latLngBounds(start, e.latlng)); }
    });
    map.on('mouseup', function (e) {
      if (!rect) { return; }
      var bounds = L.latLngBounds(start, e.latlng);
      map.removeLayer(rect);
      rect = null;
      map.dragging.enable();
      window.hvSelectArea(bounds.getSouth(), bounds.getWest(), bounds.getNorth(), bounds.getEast());
    });
  }

  /* --- called from Python (runJavaScript): every function ends with a plain value --- */

  window.hvSelect = function (ids, noPan) {
    HV.wanted = ids || [];
    return highlight(HV.wanted, noPan);
  };

  function highlight(ids, noPan) {
    highlightLayer.clearLayers();
    var found = [];
    var latlngs = [];
    (ids || []).forEach(function (id) {
      var o = index[id];
      if (o === undefined) { return; }
      found.push(id);
      latlngs.push([P[o + 1], P[o + 2]]);
      L.circleMarker([P[o + 1], P[o + 2]], { radius: 13, color: '#f59f00', weight: 3, fill: false,
                                             interactive: false }).addTo(highlightLayer);
    });
    HV.highlighted = found;
    if (!noPan && found.length === 1) {
      var m = markerOf(found[0]);
      reveal(m, function () { HV.map.panTo(m.getLatLng()); });
    } else if (!noPan && found.length > 1) {
      HV.map.fitBounds(L.latLngBounds(latlngs), { padding: [40, 40], maxZoom: 15 });
    }
    send('highlighted', [found]);
    return found.length;
  }

  /* Ask again for the area shown (the filter changed, a customer moved). */
  window.hvRefresh = function () {
    have = { seq: 0, bounds: null, zoom: null, mode: null };
    request(true);
    return asked;
  };

  /* Show an area (customers picked in the list that the page has no data for yet). */
  window.hvFocus = function (south, west, north, east) {
    HV.map.fitBounds([[south, west], [north, east]], { padding: [40, 40], maxZoom: 16 });
    return true;
  };

  window.hvSelectArea = function (south, west, north, east) {
    if (HV.mode === 'cells') {
      // Counts only on the page: the application finds the customers of the area.
      HV.lastSelection = null;
      send('area', [south, west, north, east]);
      return -1;
    }
    var ids = idsInside(L.latLngBounds([south, west], [north, east]));
    HV.lastSelection = ids;
    window.hvSelect(ids, true);
    send('selected', [ids]);
    return ids.length;
  };

  /* Bring a marker into view: zoom in until its cluster splits, spiderfy a cluster
   * of points at one place (district centres), then call done(). Paths (circle
   * markers) have no icon, so markercluster's zoomToShowLayer cannot be used. */
  function reveal(m, done, tries) {
    var map = HV.map;
    var n = tries || 0;
    // markercluster's getVisibleParent looks for an icon; a path is shown when on the map.
    var vis = m;
    if (!m._map) {
      vis = m.__parent;
      while (vis && !vis._icon) { vis = vis.__parent; }
    }
    if (vis === m) {
      if (!map.getBounds().contains(m.getLatLng())) { map.panTo(m.getLatLng(), { animate: false }); }
      done();
      return;
    }
    if (n > 40) { done(); return; }
    var target = Math.min(map.getMaxZoom(), m.__parent._zoom + 1);
    if (vis && vis.spiderfy && map.getZoom() >= target) {
      cluster.once('spiderfied', function () { setTimeout(done, 0); });
      vis.spiderfy();
      return;
    }
    map.setView(m.getLatLng(), Math.max(target, map.getZoom()), { animate: false });
    setTimeout(function () { reveal(m, done, n + 1); }, 60);
  }

  /* A user's click on the customer's marker, for tests and tools: bring the marker
   * into view, then click its pixel on the canvas it is drawn on. */
  window.hvClickCustomer = function (id) {
    var m = markerOf(id);
    if (!m) { return false; }
    reveal(m, function () {
      var canvas = m._renderer && m._renderer._container;
      if (!canvas || !m._map) { return; }
      var r = canvas.getBoundingClientRect();
      var pt = HV.map.latLngToLayerPoint(m.getLatLng()).subtract(m._renderer._bounds.min);
      canvas.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true,
        clientX: r.left + pt.x, clientY: r.top + pt.y, view: window }));
    });
    return true;
  };

  window.hvBeginPlace = function (id, lat, lon) {
    window.hvEndPlace();
    var o = index[id];
    var at = lat !== undefined && lat !== null ? [lat, lon] : o !== undefined ? [P[o + 1], P[o + 2]] : HV.map.getCenter();
    placeMarker = L.marker(at, {
      draggable: true, autoPan: true, zIndexOffset: 3000,
      icon: L.divIcon({ className: 'hv-place', html: '<div></div>', iconSize: [22, 22], iconAnchor: [11, 22] })
    }).addTo(HV.map);
    HV.placing = placeMarker;
    placeMarker.bindTooltip(cfg.labels.drag, { direction: 'top', offset: [0, -22] }).openTooltip();
    placeMarker.on('dragend', function () {
      var p = placeMarker.getLatLng();
      HV.lastPlaced = [id, p.lat, p.lng];
      send('placed', [id, p.lat, p.lng]);
    });
    HV.map.panTo(at);
    return true;
  };

  window.hvEndPlace = function () {
    if (placeMarker) { HV.map.removeLayer(placeMarker); placeMarker = null; HV.placing = null; }
    return true;
  };

  HV.init = function (map, config) {
    cfg = config;
    HV.map = map;
    P = window.HV_POINTS || [];
    if (!map.options.maxZoom) { map.setMaxZoom(cfg.maxZoom); }
    var overlays = {};
    if (cfg.tiles) {
      var tiles = L.tileLayer(cfg.tiles.url, { attribution: cfg.tiles.attribution,
                                               maxZoom: cfg.tiles.maxZoom, subdomains: cfg.tiles.subdomains });
      HV.offline.watchTiles(tiles, cfg.labels);
      tiles.addTo(map);
    } else {
      map.getContainer().classList.add('hv-offline');
      var boundaries = addBoundaries(map);
      if (boundaries) { overlays[cfg.labels.boundaries] = boundaries; }
    }
    if (cfg.view) { map.fitBounds(cfg.view, { padding: [20, 20] }); }
    overlays[cfg.labels.customers] = addCustomers(map);
    highlightLayer = L.layerGroup().addTo(map);
    if (cfg.routes && cfg.routes.length) { overlays[cfg.labels.route] = addRoutes(map); }
    addBranch(map);
    addLegend(map);
    L.control.layers(null, overlays, { collapsed: true, position: 'topright' }).addTo(map);
    enableRectangleSelect(map);
    if (cfg.notice) { HV.offline.showNotice(cfg.notice); }
    connectBridge();
    return true;
  };
})();
