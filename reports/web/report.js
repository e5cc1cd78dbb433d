// The chart runtime of every offersim report (report.html of `run` and of `compare`),
// embedded into the binary at build time (reports/assets) and inlined by
// reports/html_page.cpp. It draws the charts from the page's inline JSON element
// "offersim-report-data" with ECharts' SVG renderer (sharp in print, and the rendered DOM
// can be checked by tests) and holds no text: labels come with the data. A page's own
// script (comparison.js) is placed at the line "offersim:page-script", in this scope.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('offersim-report-data').textContent);
  // Twelve series colours, each pair at least 20 CIE76 ΔE apart and apart from `ink`, the colour
  // of total lines (tests/reports/palette_test.cjs), so nine tiers never share one.
  var palette = ['#1f4e79', '#2a9d8f', '#e0a030', '#7b5ea7', '#c8553d', '#5d7f9c', '#8aa04b', '#b5799f',
                 '#4fa3e0', '#8c5a2b', '#e377c2', '#bcbd22'];
  var ink = '#1f2933', muted = '#5f6b7a', rule = '#e3e7ed', axis = '#9aa5b1';
  var font = window.getComputedStyle(document.body).fontFamily;

  // The same rules as number_format.cpp, so axes and tooltips read like the tables.
  function makeNumbers(n) {
    function grouped(m, decimals) {
      var text = m.toFixed(decimals), point = text.indexOf('.');
      var whole = point < 0 ? text : text.slice(0, point), out = '';
      for (var i = 0; i < whole.length; i++) {
        if (i > 0 && (whole.length - i) % 3 === 0) out += n.separator;
        out += whole[i];
      }
      return out + (point < 0 ? '' : text.slice(point));
    }
    function decimalsFor(m) { return m >= 100 ? 0 : m >= 10 ? 1 : 2; }
    function roundTo(x, d) { var f = Math.pow(10, d); return Math.round(x * f) / f; }
    function scaled(m) {
      for (var i = 0; i < n.scales.length; i++) {
        var s = m / n.scales[i].threshold, d = decimalsFor(roundTo(s, decimalsFor(s))), r = roundTo(s, d);
        if (r >= 1) return r.toFixed(d) + n.scales[i].suffix;
      }
      return grouped(m, 0);
    }
    function trimZeros(text) { return text.replace(/\.0+(?=\D*$)|(\.\d*?)0+(?=\D*$)/, '$1'); }
    function signed(v, prefix, text) { return (v < 0 && /[1-9]/.test(text) ? '-' : '') + prefix + text; }
    function finite(f) { return function (v) { return typeof v === 'number' && isFinite(v) ? f(v) : '\u2014'; }; }
    return {
      count: finite(function (v) { return signed(v, '', scaled(Math.abs(v))); }),
      cny: finite(function (v) {
        var m = Math.abs(v);
        return signed(v, n.currency, roundTo(m, 2) < 1000 ? grouped(m, 2) : scaled(m));
      }),
      // Axis ticks are round numbers: 42万 and ¥1.5亿 rather than 42.0万 and ¥1.50亿.
      countAxis: finite(function (v) { return signed(v, '', trimZeros(scaled(Math.abs(v)))); }),
      cnyAxis: finite(function (v) { return signed(v, n.currency, trimZeros(scaled(Math.abs(v)))); }),
      percent: function (decimals) {
        return finite(function (v) { return signed(v, '', (Math.abs(v) * 100).toFixed(decimals) + '%'); });
      }
    };
  }
  var numbers = makeNumbers(data.numbers);
  var valueFormat = { count: numbers.count, cny: numbers.cny, percent: numbers.percent(2) };
  var axisFormat = { count: numbers.countAxis, cny: numbers.cnyAxis, percent: numbers.percent(1) };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function colour(i) { return palette[i % palette.length]; }
  function withAlpha(hex, alpha) {
    var v = parseInt(hex.slice(1), 16);
    return 'rgba(' + (v >> 16) + ',' + ((v >> 8) & 255) + ',' + (v & 255) + ',' + alpha + ')';
  }
  function marker(c) {
    return '<span style="display:inline-block;width:9px;height:9px;margin-right:6px;border-radius:2px;background:' +
      c + '"></span>';
  }

  // Rows the legend wraps into, so the plot starts below it (ECharts does not reserve it).
  function legendRows(names, width) {
    var rows = 1, used = 0;
    names.forEach(function (name) {
      var w = 14 + 5 + 14;
      for (var i = 0; i < name.length; i++) w += name.charCodeAt(i) > 0x2e80 ? 12 : 6.6;
      if (used > 0 && used + w > width) { rows += 1; used = 0; }
      used += w;
    });
    return rows;
  }

  function baseOption(el, unit, legendNames, bars) {
    return {
      animation: false,
      color: palette,
      textStyle: { fontFamily: font, color: ink },
      legend: {
        data: legendNames, top: 0, left: 0, right: 0, icon: 'roundRect', itemWidth: 14, itemHeight: 8,
        itemGap: 14, textStyle: { color: ink, fontSize: 12 }
      },
      grid: { left: 8, right: 18, top: 14 + 22 * legendRows(legendNames, el.clientWidth), bottom: 4 },
      tooltip: { trigger: 'axis', confine: true, valueFormatter: valueFormat[unit] },
      xAxis: {
        type: 'category', data: data.months, boundaryGap: bars, name: data.text.monthAxis,
        nameLocation: 'middle', nameGap: 26, nameTextStyle: { color: muted },
        axisLine: { lineStyle: { color: axis } }, axisTick: { alignWithLabel: true, lineStyle: { color: axis } },
        axisLabel: { color: muted }
      },
      yAxis: {
        type: 'value', axisLabel: { color: muted, formatter: axisFormat[unit] },
        splitLine: { lineStyle: { color: rule } }
      }
    };
  }

  // A dashed vertical rule at month index `m.index` (0-based), labelled level above its top
  // end, in the room markerRoom leaves over the plot: from the rule rightwards in the first
  // third of the months, leftwards in the last, so the label never covers the y-axis ticks.
  var markerRoom = 18;
  function monthMarker(m, c) {
    var third = data.months.length / 3;
    var align = m.index < third ? 'left' : m.index >= 2 * third ? 'right' : 'center';
    return {
      symbol: 'none', silent: true, animation: false,
      lineStyle: { color: c, type: 'dashed', width: 1.4 },
      label: { formatter: m.label, position: 'end', align: align, distance: 4, color: c, fontSize: 11,
               fontWeight: 600 },
      data: [{ xAxis: m.index }]
    };
  }
  function zeroMarker(label) {
    return {
      symbol: 'none', silent: true, animation: false,
      lineStyle: { color: '#7b8794', type: 'solid', width: 1 },
      label: { formatter: label, position: 'insideStartTop', color: muted, fontSize: 11 },
      data: [{ yAxis: 0 }]
    };
  }

  // Mean lines over P5-P95 bands: each band is the P5 line (invisible) with P95 - P5
  // stacked on it and shaded.
  // A band named as its mean shares the mean's legend entry (the legend shows the first
  // series of a name, so the mean goes first).
  function fanChart(el, chart) {
    var series = [], legend = [], marked = false;
    chart.bands.forEach(function (b, i) {
      var c = colour(i), stack = 'band' + i;
      var width = b.p95.map(function (v, k) { return v - b.p5[k]; });
      var band = { type: 'line', stack: stack, stackStrategy: 'all', symbol: 'none', silent: true };
      var mean = { name: b.name, type: 'line', data: b.mean, symbol: 'none', z: 3,
                   lineStyle: { width: 2.2, color: c }, itemStyle: { color: c } };
      if (b.marker) {
        mean.markLine = monthMarker(b.marker, c);
        marked = true;
      }
      series.push(mean);
      series.push(Object.assign({ name: b.bandName, data: b.p5, lineStyle: { width: 0 },
                                  itemStyle: { color: withAlpha(c, 0.25) } }, band));
      series.push(Object.assign({ name: b.bandName, data: width, lineStyle: { width: 0 },
                                  itemStyle: { color: withAlpha(c, 0.25) },
                                  areaStyle: { color: c, opacity: 0.18 } }, band));
      legend.push(b.name);
      if (b.bandName !== b.name) legend.push(b.bandName);
    });
    var option = baseOption(el, chart.unit, legend, false);
    if (marked) option.grid.top += markerRoom;
    option.yAxis.scale = !chart.zeroBased;
    if (chart.zeroLine) {
      // The months stay at the bottom; a rule marks zero when the band crosses it.
      option.xAxis.axisLine.onZero = false;
      series.push({ type: 'line', data: [], silent: true, markLine: zeroMarker(chart.zeroLabel || '') });
    }
    option.series = series;
    var f = valueFormat[chart.unit];
    option.tooltip.formatter = function (params) {
      var i = params[0].dataIndex;
      var html = escapeHtml(data.text.monthAxis + ' ' + data.months[i]);
      chart.bands.forEach(function (b, k) {
        html += '<br>' + marker(colour(k)) + escapeHtml(b.name) + ' <b>' + escapeHtml(f(b.mean[i])) + '</b> ' +
          escapeHtml(data.text.bandLabel + ' ' + f(b.p5[i]) + data.text.rangeSeparator + f(b.p95[i]));
      });
      return html;
    };
    return option;
  }

  function stackChart(el, chart) {
    var bars = chart.type === 'bar';
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, bars);
    option.series = chart.series.map(function (s) {
      var one = { name: s.name, type: bars ? 'bar' : 'line', stack: 'total', data: s.values, symbol: 'none',
                  emphasis: { focus: 'series' } };
      if (bars) one.barMaxWidth = 20;
      else { one.lineStyle = { width: 1 }; one.areaStyle = { opacity: 0.82 }; }
      return one;
    });
    return option;
  }

  // Mean lines, one per series; a series with "p5" and "p95" shows its band in the tooltip.
  function lineChart(el, chart) {
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, false);
    option.series = chart.series.map(function (s, i) {
      var c = s.total ? ink : colour(i);
      return { name: s.name, type: 'line', data: s.values, symbol: 'none', z: s.total ? 3 : 2,
               lineStyle: { width: s.total ? 2.4 : 1.6, type: s.total ? 'dashed' : 'solid', color: c },
               itemStyle: { color: c } };
    });
    var f = valueFormat[chart.unit];
    option.tooltip.formatter = function (params) {
      var i = params[0].dataIndex;
      var html = escapeHtml(data.text.monthAxis + ' ' + data.months[i]);
      params.forEach(function (p) {
        var s = chart.series[p.seriesIndex];
        if (!s) return;
        html += '<br>' + marker(p.color) + escapeHtml(s.name) + ' <b>' + escapeHtml(f(s.values[i])) + '</b>';
        if (s.p5 && s.p95)
          html += ' ' + escapeHtml(data.text.bandLabel + ' ' + f(s.p5[i]) + data.text.rangeSeparator + f(s.p95[i]));
      });
      return html;
    };
    return option;
  }

  // Competitor moves and campaign windows as shaded spans on the month axis, named at the top.
  function eventSeries() {
    return {
      type: 'line', data: [], silent: true,
      markArea: {
        silent: true, itemStyle: { color: 'rgba(192, 86, 33, 0.09)' },
        label: { color: '#a0461c', fontSize: 10, position: 'insideTopLeft' },
        // Each name on a line of its own, so overlapping moves stay readable.
        data: data.events.map(function (e, k) {
          return [{ name: e.name, xAxis: e.start - 1, label: { offset: [0, 12 * k] } }, { xAxis: e.end - 1 }];
        })
      }
    };
  }

  // A tornado: one row per uncertain input, widest first, its change in the figure with the
  // input at its P5 and at its P95 drawn from zero on the same row.
  // The frame of a horizontal bar chart: values across, the categories down in their order.
  function horizontalBars(el, chart) {
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, true);
    option.xAxis = {
      type: 'value', axisLabel: { color: muted, formatter: axisFormat[chart.unit] },
      splitLine: { lineStyle: { color: rule } }
    };
    option.yAxis = {
      type: 'category', data: chart.categories, inverse: true, axisLabel: { color: ink },
      axisLine: { lineStyle: { color: axis } }, axisTick: { show: false }
    };
    option.grid.right = 28;
    option.tooltip.axisPointer = { type: 'shadow' };
    return option;
  }

  function tornadoChart(el, chart) {
    var option = horizontalBars(el, chart);
    option.grid.containLabel = true;
    option.series = chart.series.map(function (s, k) {
      return { name: s.name, type: 'bar', data: s.values, barMaxWidth: 16, barGap: '-100%',
               itemStyle: { color: palette[k], opacity: 0.85, borderRadius: 2 } };
    });
    return option;
  }

  var builders = { fan: fanChart, stack: stackChart, lines: lineChart, tornado: tornadoChart };
  /* offersim:page-script */

  // Draws every chart of the data and keeps them sized to their containers.
  var charts = [];
  function render(id, chart) {
    var el = document.getElementById('chart-' + id);
    if (!el) throw new Error('no container #chart-' + id);
    var instance = echarts.init(el, null, { renderer: 'svg' });
    var option = builders[chart.kind](el, chart);
    if (data.events && data.events.length && chart.kind !== 'bars' && chart.kind !== 'tornado') option.series.push(eventSeries());
    instance.setOption(option);
    charts.push(instance);
  }
  Object.keys(data.charts).forEach(function (id) {
    try { render(id, data.charts[id]); } catch (e) { console.error('Error: offersim chart ' + id + ': ' + e); }
  });

  // Charts are drawn at their container's size: redraw when it changes, e.g. for print.
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener('resize', resizeAll);
  window.addEventListener('beforeprint', resizeAll);
  window.addEventListener('afterprint', resizeAll);
  if (window.matchMedia) {
    var print = window.matchMedia('print');
    if (print.addEventListener) print.addEventListener('change', resizeAll);
  }
})();
