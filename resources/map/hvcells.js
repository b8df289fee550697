/* hvdesk map page: what is drawn on a canvas instead of as DOM elements:
 * counts per grid cell (L.HvCells) and, with the offline outlines, place names
 * (L.HvBase).
 *
 * A busy screen holds a few hundred cells. As DOM markers (a divIcon each, with a
 * CSS conic-gradient ring) every pan or zoom cost the page a few hundred element
 * inserts, style recalculations and gradient paints; here they are circles and
 * text on the one canvas of a Leaflet renderer, which already follows pans, zooms
 * and zoom animations. Each cell is drawn as before: a ring whose orange share is
 * the share of its customers overdue (clockwise from the top, the rest grey), a
 * white disc inside and the count ("12k" from ten thousand).
 *
 * A cell is [lat, lon, count, overdue, south, west, north, east] (hvdesk.mapping.viewport
 * cells_json). A click on a cell fires 'cellclick' with the cell; the page zooms to
 * its square.
 */
(function () {
  'use strict';

  var LATE = '#f08c00';
  var REST = '#868e96';

  function size(n) {
    return n < 100 ? 34 : n < 1000 ? 40 : n < 10000 ? 48 : 56;
  }

  function text(n) {
    return n < 10000 ? String(n) : Math.round(n / 1000) + 'k';
  }

  function within(value, low, high) {
    return high < low ? (low + high) / 2 : Math.max(low, Math.min(high, value));
  }

  /* Where a cell is drawn: at its customers' mean position, kept inside its own square
   * by its radius. Customers at one spot on a cell's edge (a district centre) split
   * into two cells whose means nearly coincide: drawn there they covered each other;
   * kept inside their squares (64 pixels, discs of at most 56) two discs never overlap. */
  function place(map, c) {
    var r = size(c[2]) / 2;
    var p = map.latLngToLayerPoint([c[0], c[1]]);
    var nw = map.latLngToLayerPoint([c[6], c[5]]);
    var se = map.latLngToLayerPoint([c[4], c[7]]);
    return L.point(within(p.x, nw.x + r, se.x - r), within(p.y, nw.y + r, se.y - r));
  }

  L.HvCells = L.Canvas.extend({
    // A smaller margin than the outlines' (0.5): each canvas is a bitmap the size of
    // the screen grown by it on both sides, kept in shared memory with the renderer.
    options: { padding: 0.2, pane: 'hvCells' },

    initialize: function (options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._cells = [];
      this._points = []; // layer points of the cells, in drawing order
      this._order = [];
    },

    /* Replace the cells and draw them now (the caller times the drawing). */
    setCells: function (cells) {
      // The biggest underneath: a small cell beside a big one stays readable.
      this._cells = (cells || []).slice().sort(function (a, b) { return b[2] - a[2]; });
      if (this._map) { this._updatePaths(); }
      return this;
    },

    count: function () { return this._cells.length; },

    /* The cell drawn at a container point (the top one), or null. */
    cellAt: function (containerPoint) {
      if (!this._map) { return null; }
      var p = this._map.containerPointToLayerPoint(containerPoint);
      for (var i = this._cells.length - 1; i >= 0; i--) {
        var q = this._points[i];
        var r = size(this._cells[i][2]) / 2;
        if (q && (q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y) <= r * r) { return this._cells[i]; }
      }
      return null;
    },

    /* How many pairs of discs drawn overlap (tests and tools). */
    overlaps: function () {
      var n = 0;
      for (var i = 0; i < this._cells.length; i++) {
        for (var j = i + 1; j < this._cells.length; j++) {
          var a = this._points[i], b = this._points[j];
          var r = (size(this._cells[i][2]) + size(this._cells[j][2])) / 2;
          if (a && b && (a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) < r * r - 1) { n += 1; }
        }
      }
      return n;
    },

    /* The container point a cell is drawn at (tests and tools click it there). */
    pointOf: function (cell) {
      var i = this._cells.indexOf(cell);
      return i < 0 || !this._points[i] ? null : this._map.layerPointToContainerPoint(this._points[i]);
    },

    // L.Canvas calls this after each pan and zoom (its 'update'): project and draw.
    _updatePaths: function () {
      if (this._postponeUpdatePaths || !this._map) { return; }
      var map = this._map;
      this._points = this._cells.map(function (c) { return place(map, c); });
      this._redraw();
    },

    _redraw: function () {
      this._redrawRequest = null;
      this._redrawBounds = null;
      this._clear();
      this._draw();
    },

    _draw: function () {
      var ctx = this._ctx;
      var b = this._bounds;
      if (!ctx || !b) { return; }
      ctx.save();
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.font = 'bold 12px sans-serif';
      for (var i = 0; i < this._cells.length; i++) {
        var c = this._cells[i];
        var p = this._points[i];
        var r = size(c[2]) / 2;
        if (!p || p.x + r < b.min.x || p.x - r > b.max.x || p.y + r < b.min.y || p.y - r > b.max.y) {
          continue;
        }
        var late = c[2] ? c[3] / c[2] : 0;
        ctx.shadowColor = 'rgba(0, 0, 0, 0.35)';
        ctx.shadowBlur = 5;
        ctx.shadowOffsetY = 1;
        ctx.beginPath();
        ctx.arc(p.x, p.y, r, 0, Math.PI * 2);
        ctx.fillStyle = REST;
        ctx.fill();
        ctx.shadowColor = 'transparent';
        if (late > 0) {
          var top = -Math.PI / 2;
          ctx.beginPath();
          ctx.moveTo(p.x, p.y);
          ctx.arc(p.x, p.y, r, top, top + Math.PI * 2 * Math.min(1, late));
          ctx.closePath();
          ctx.fillStyle = LATE;
          ctx.fill();
        }
        ctx.beginPath();
        ctx.arc(p.x, p.y, r * 0.66, 0, Math.PI * 2);
        ctx.fillStyle = 'rgba(255, 255, 255, 0.95)';
        ctx.fill();
        ctx.fillStyle = '#212529';
        ctx.fillText(text(c[2]), p.x, p.y + 0.5);
      }
      ctx.restore();
    },

    // No path layers on this canvas: a click on a cell is the cell's; every other mouse
    // event goes on to the map as L.Canvas passes it (the map ignores events whose
    // target is a renderer's canvas), so drags and shift + drag selections still work.
    _onClick: function (e) {
      var map = this._map;
      if (e.type === 'click' && !map._draggableMoved(map)) {
        var cell = this.cellAt(map.mouseEventToContainerPoint(e));
        if (cell) {
          L.DomEvent.stop(e);
          this.fire('cellclick', { cell: cell });
          return;
        }
      }
      this._fireEvent(false, e);
    },

    _onMouseMove: function (e) {
      var map = this._map;
      if (!map || map.dragging.moving() || map._animatingZoom) { return; }
      var over = !!this.cellAt(map.mouseEventToContainerPoint(e));
      this._container.style.cursor = over ? 'pointer' : '';
      this._fireEvent(false, e);
    },

    _handleMouseOut: function () {
      if (this._container) { this._container.style.cursor = ''; }
    }
  });

  L.hvCells = function (options) { return new L.HvCells(options); };

  /* A user's click on the index-th cell drawn (biggest first), for tests and tools:
   * a mouse click at its pixel on the cells' canvas. Returns the cell's square as
   * JSON text "[south, west, north, east]" (arrays do not come back to Python), or
   * false when there is no such cell. */
  window.hvClickCell = function (index) {
    var cellLayer = window.HV && HV.cellLayer;
    var cells = cellLayer ? cellLayer._cells : [];
    var cell = cells[index || 0];
    var at = cell && cellLayer.pointOf(cell);
    if (!at) { return false; }
    var r = HV.map.getContainer().getBoundingClientRect();
    cellLayer._container.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true,
      clientX: r.left + at.x, clientY: r.top + at.y, view: window }));
    return JSON.stringify([cell[4], cell[5], cell[6], cell[7]]);
  };

  /* The offline layer's canvas: the outlines (Leaflet paths, as on any canvas
   * renderer) and over them the place names, [lat, lon, name, level] each, a level
   * shown from its zoom in options.zooms on (provinces, cities, districts). As
   * permanent tooltips each name was an element that Leaflet moved, and measured, on
   * every zoom: a few hundred forced layouts per step. Drawn as the tooltips were:
   * centred, grey, with a white halo, under the customers; not interactive. */
  var LABEL_STYLE = [
    { font: '12px', color: '#495057' },
    { font: '11px', color: '#868e96' },
    { font: '11px', color: '#adb5bd' }
  ];
  var FAMILY = ' "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';

  L.HvBase = L.Canvas.extend({
    options: { padding: 0.5, zooms: [4, 7, 10] },

    initialize: function (options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._labels = [];
      this.drawn = []; // the names drawn last (tests and tools)
    },

    /* Add names ([lat, lon, name, level] each) and draw them. */
    add: function (labels) {
      this._labels = this._labels.concat(labels || []);
      if (this._map && this._bounds) {
        this._redrawBounds = null;
        this._redraw();
      }
      return this;
    },

    count: function () { return this._labels.length; },

    // The outlines, then the names, both within the area being redrawn.
    _draw: function () {
      L.Canvas.prototype._draw.call(this);
      var ctx = this._ctx;
      var b = this._bounds;
      var map = this._map;
      if (!ctx || !b || !map) { return; }
      var clip = this._redrawBounds;
      var z = map.getZoom();
      var zooms = this.options.zooms;
      var drawn = [];
      ctx.save();
      if (clip) {
        var size = clip.getSize();
        ctx.beginPath();
        ctx.rect(clip.min.x, clip.min.y, size.x, size.y);
        ctx.clip();
      }
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.lineJoin = 'round';
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
      for (var level = 0; level < LABEL_STYLE.length; level++) {
        if (z < zooms[level]) { continue; }
        ctx.font = LABEL_STYLE[level].font + FAMILY;
        ctx.fillStyle = LABEL_STYLE[level].color;
        for (var i = 0; i < this._labels.length; i++) {
          var l = this._labels[i];
          if (l[3] !== level) { continue; }
          var p = map.latLngToLayerPoint([l[0], l[1]]);
          if (p.x < b.min.x - 60 || p.x > b.max.x + 60 || p.y < b.min.y - 10 || p.y > b.max.y + 10) {
            continue;
          }
          ctx.strokeText(l[2], p.x, p.y);
          ctx.fillText(l[2], p.x, p.y);
          drawn.push(l[2]);
        }
      }
      ctx.restore();
      if (!clip) { this.drawn = drawn; }
    }
  });

  L.hvBase = function (options) { return new L.HvBase(options); };
})();
