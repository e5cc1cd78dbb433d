  // What the comparison report (report.html of `offersim compare`) adds to report.js: it
  // is placed inside report.js's scope (its line "offersim:page-script") and uses its
  // builders, baseOption, horizontalBars, valueFormat, axisFormat, colour, marker and escapeHtml.
  // Sorts the variant table by a column when its heading is clicked (again: the other
  // way), and adds the horizontal bar chart of cost lines.

  function sortable(table) {
    var heads = table.querySelectorAll('thead th[data-column]');
    Array.prototype.forEach.call(heads, function (th) {
      var button = th.querySelector('button'), column = parseInt(th.getAttribute('data-column'), 10);
      button.addEventListener('click', function () {
        var ascending = th.getAttribute('aria-sort') !== 'ascending';
        var numeric = th.getAttribute('data-type') === 'number';
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[column].getAttribute('data-sort'), y = b.cells[column].getAttribute('data-sort');
          var order = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('table.sortable'), sortable);

  // Horizontal bars, one per category and series, with the P5-P95 band in the tooltip.
  builders.hbars = function (el, chart) {
    var f = valueFormat[chart.unit];
    var option = horizontalBars(el, chart);
    option.tooltip.formatter = function (params) {
      var i = params[0].dataIndex;
      var html = '<b>' + escapeHtml(chart.categories[i]) + '</b>';
      chart.series.forEach(function (s, k) {
        html += '<br>' + marker(colour(k)) + escapeHtml(s.name) +
          ' <b>' + escapeHtml(f(s.values[i])) + '</b> ' +
          escapeHtml(data.text.bandLabel + ' ' + f(s.p5[i]) + data.text.rangeSeparator + f(s.p95[i]));
      });
      return html;
    };
    option.series = chart.series.map(function (s, k) {
      return { name: s.name, type: 'bar', data: s.values, barMaxWidth: 16, barGap: '20%',
               itemStyle: { color: colour(k), borderRadius: 2 } };
    });
    return option;
  };

  // A variant's cumulative incremental cash on its own scale: the undiscounted mean line, the
  // discounted one dashed, the trough marked with its depth and the payback month with a rule.
  builders.cash = function (el, chart) {
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, false);
    option.xAxis.axisLine.onZero = false;
    option.series = chart.series.map(function (s, i) {
      var c = colour(i);
      return { name: s.name, type: 'line', data: s.values, symbol: 'none', z: 3 - i,
               lineStyle: { width: s.dashed ? 1.6 : 2.2, type: s.dashed ? 'dashed' : 'solid', color: c },
               itemStyle: { color: c } };
    });
    var main = option.series[0], c0 = colour(0);
    if (chart.trough) {
      main.markPoint = {
        symbol: 'circle', symbolSize: 8, silent: true, animation: false, itemStyle: { color: c0 },
        label: { formatter: chart.trough.label, position: 'bottom', color: ink, fontSize: 11, fontWeight: 600 },
        data: [{ coord: [chart.trough.index, chart.trough.value] }]
      };
    }
    if (chart.payback) main.markLine = monthMarker(chart.payback, c0);
    option.series.push({ type: 'line', data: [], silent: true, markLine: zeroMarker(chart.zeroLabel || '') });
    return option;
  };
