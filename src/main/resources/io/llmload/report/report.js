// Draws the charts of llm-report.html from the JSON in #report-data with the inlined uPlot.
// Every value from the data is set as text (textContent / canvas text), never parsed as HTML.
(function () {
  'use strict';
  var COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = data.charts || [];
  var plots = [];
  var expected = 0;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  function fmt(v) {
    if (v == null || !isFinite(v)) return '—';
    if (Number.isInteger(v)) return String(v);
    var a = Math.abs(v);
    return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : v.toFixed(3).replace(/0+$/, '').replace(/\.$/, '');
  }

  function width(box) {
    return Math.max(320, box.clientWidth - 8);
  }

  function baseOpts(c, box) {
    return {
      width: width(box),
      height: 300,
      legend: { show: true },
      cursor: { drag: { x: true, y: false } },
      // every figure here is a count, a latency, a rate or a percentage: the y axis starts at zero
      scales: { x: { time: false }, y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } } },
      axes: [
        { label: c.xLabel, stroke: '#333', grid: { stroke: '#eee' } },
        { label: c.yLabel, stroke: '#333', grid: { stroke: '#eee' }, size: 60, values: function (u, vs) { return vs.map(fmt); } }
      ],
      series: [{ label: c.xLabel, value: function (u, v) { return fmt(v); } }],
      hooks: { draw: [function (u) { u.root.parentNode.setAttribute('data-drawn', 'true'); }] }
    };
  }

  function groupedBars(c, box) {
    var k = c.series.length, cats = c.categories, per = k + 1;
    var n = cats.length * per - 1;
    var x = [];
    for (var i = 0; i < n; i++) x.push(i);
    var opts = baseOpts(c, box);
    opts.scales.x.range = [-0.7, n - 0.3];
    opts.cursor.drag.x = false;
    opts.axes[0].splits = function () { return cats.map(function (_, j) { return j * per + (k - 1) / 2; }); };
    // agent_step_3 → "step 3" on the axis so eight categories fit; the legend shows the full name
    opts.axes[0].values = function () { return cats.map(function (c) { return c.replace(/^agent_step_/, 'step '); }); };
    opts.axes[0].grid = { show: false };
    opts.series[0].value = function (u, v) { return v == null ? '' : cats[Math.floor(Math.round(v) / per)] || ''; };
    var d = [x];
    c.series.forEach(function (s, si) {
      var ys = x.map(function () { return null; });
      s.values.forEach(function (v, j) { ys[j * per + si] = v; });
      d.push(ys);
      opts.series.push({
        label: s.label, stroke: COLORS[si % COLORS.length], fill: COLORS[si % COLORS.length] + 'cc', width: 0,
        paths: uPlot.paths.bars({ size: [0.9, 60], align: 0 }), points: { show: false },
        value: function (u, v) { return fmt(v); }
      });
    });
    return [opts, d];
  }

  function histogram(c, box) {
    var opts = baseOpts(c, box);
    var last = c.x[c.x.length - 1];
    opts.scales.x.range = [c.x[0], last + c.binWidth];
    var d = [c.x];
    c.series.forEach(function (s, si) {
      d.push(s.values);
      opts.series.push({
        label: s.label, stroke: COLORS[si], fill: COLORS[si] + 'aa', width: 0,
        paths: uPlot.paths.bars({ size: [1, Infinity], align: 1 }), points: { show: false },
        value: function (u, v) { return v == null ? '—' : fmt(v) + ' %'; }
      });
    });
    return [opts, d];
  }

  function scatter(c, box) {
    var opts = baseOpts(c, box);
    var d = [c.x];
    c.series.forEach(function (s, si) {
      d.push(s.values);
      opts.series.push({
        label: s.label, stroke: COLORS[si % COLORS.length], fill: COLORS[si % COLORS.length] + '88',
        paths: function () { return null; }, points: { show: true, size: 4, space: 0 },
        value: function (u, v) { return fmt(v); }
      });
    });
    return [opts, d];
  }

  function timeSeries(c, box) {
    var opts = baseOpts(c, box);
    var d = [c.x];
    c.series.forEach(function (s, si) {
      d.push(s.values);
      opts.series.push({
        label: s.label, stroke: COLORS[si % COLORS.length], width: 1.5, spanGaps: true,
        points: { show: false }, value: function (u, v) { return fmt(v); }
      });
    });
    return [opts, d];
  }

  var builders = { groupedBars: groupedBars, histogram: histogram, scatter: scatter, time: timeSeries };
  var container = document.getElementById('charts');

  charts.forEach(function (c) {
    var card = el('figure', 'chart');
    card.id = 'chart-' + c.id;
    card.appendChild(el('figcaption', null, c.title));
    container.appendChild(card);
    if (c.nodata != null) {
      card.classList.add('empty');
      card.appendChild(el('p', 'nodata', 'no data: ' + c.nodata));
      return;
    }
    expected++;
    var box = el('div', 'plot');
    card.appendChild(box);
    if (c.note) card.appendChild(el('p', 'note', c.note));
    try {
      var built = builders[c.kind](c, box);
      plots.push({ plot: new uPlot(built[0], built[1], box), box: box });
    } catch (e) {
      window.__reportError('chart ' + c.id, e && e.stack ? e.stack : String(e));
    }
  });
  document.documentElement.setAttribute('data-charts-expected', String(expected));

  var resizeTimer = null;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      plots.forEach(function (p) { p.plot.setSize({ width: width(p.box), height: 300 }); });
    }, 100);
  });

  // uPlot draws in a microtask after construction; count the charts whose draw hook ran.
  setTimeout(function () {
    var drawn = document.querySelectorAll('#charts [data-drawn="true"]').length;
    document.documentElement.setAttribute('data-report-status', 'charts-ok:' + drawn);
  }, 0);
})();
