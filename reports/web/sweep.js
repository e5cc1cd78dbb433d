  // What the sweep report (report.html of `offersim sweep`) adds to report.js: placed inside
  // report.js's scope (its line "offersim:page-script"), using its baseOption, valueFormat,
  // axisFormat, colour, escapeHtml, ink, muted and rule. A line with its P5-P95 band over one
  // swept parameter, and a heat map of the mean over two.

  builders.sweepline = function (el, chart) {
    var f = valueFormat[chart.unit];
    var option = baseOption(el, chart.unit, [chart.seriesName, chart.bandName], false);
    option.xAxis = {
      type: 'value', name: chart.xName, nameLocation: 'middle', nameGap: 26, scale: true,
      axisLabel: { color: muted }, splitLine: { show: false }
    };
    option.tooltip = {
      trigger: 'axis', confine: true,
      formatter: function (params) {
        var i = params[0].dataIndex;
        return escapeHtml(chart.xName + ' = ' + chart.x[i]) + '<br><b>' + escapeHtml(f(chart.mean[i])) + '</b> ' +
          escapeHtml(chart.bandName + ' ' + f(chart.p5[i]) + data.text.rangeSeparator + f(chart.p95[i]));
      }
    };
    var pairs = function (ys) { return ys.map(function (y, i) { return [chart.x[i], y]; }); };
    option.series = [
      { name: chart.bandName, type: 'line', data: pairs(chart.p5), symbol: 'none', stack: 'band',
        lineStyle: { opacity: 0 } },
      { name: chart.bandName, type: 'line', symbol: 'none', stack: 'band', lineStyle: { opacity: 0 },
        areaStyle: { color: colour(0), opacity: 0.18 },
        data: chart.p95.map(function (y, i) { return [chart.x[i], y - chart.p5[i]]; }) },
      { name: chart.seriesName, type: 'line', data: pairs(chart.mean), symbolSize: 6,
        lineStyle: { width: 2.2, color: colour(0) }, itemStyle: { color: colour(0) } }
    ];
    return option;
  };

  builders.heatmap = function (el, chart) {
    var f = valueFormat[chart.unit];
    var values = chart.cells.map(function (c) { return c[2]; });
    return {
      animation: false, textStyle: { fontFamily: font, color: ink },
      grid: { left: 70, right: 24, top: 28, bottom: 104 },
      tooltip: {
        confine: true,
        formatter: function (p) {
          return escapeHtml(chart.xName + ' = ' + chart.x[p.value[0]] + ', ' + chart.yName + ' = ' +
            chart.y[p.value[1]]) + '<br><b>' + escapeHtml(f(p.value[2])) + '</b>';
        }
      },
      xAxis: { type: 'category', data: chart.x, name: chart.xName, nameLocation: 'middle', nameGap: 30,
               axisLabel: { color: muted } },
      yAxis: { type: 'category', data: chart.y, name: chart.yName, axisLabel: { color: muted } },
      visualMap: { min: Math.min.apply(null, values), max: Math.max.apply(null, values), calculable: true,
                   orient: 'horizontal', left: 'center', bottom: 0,
                   formatter: function (v) { return axisFormat[chart.unit](v); },
                   inRange: { color: ['#c8553d', '#f4f1de', '#2a9d8f'] } },
      series: [{ type: 'heatmap', data: chart.cells, label: { show: chart.cells.length <= 64,
                 formatter: function (p) { return axisFormat[chart.unit](p.value[2]); }, fontSize: 10 } }]
    };
  };
