#include "reports/html_page.hpp"

#include "reports/assets/embedded_assets.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace offersim::reports::html {

namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

// The chart runtime, up to the shared builders; the page's own script follows it. It builds
// the charts from the inline data with ECharts' SVG renderer (sharp in print, and the
// rendered DOM can be checked by tests) and holds no text: labels come with the data.
std::string_view runtime_prelude() {
    return R"JS((function () {
  'use strict';
  var data = JSON.parse(document.getElementById('offersim-report-data').textContent);
  var palette = ['#1f4e79', '#2a9d8f', '#e0a030', '#7b5ea7', '#c8553d', '#5d7f9c', '#8aa04b', '#b5799f'];
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

  // A dashed vertical rule at month index `m.index` (0-based), labelled along its top end.
  function monthMarker(m, c) {
    return {
      symbol: 'none', silent: true, animation: false,
      lineStyle: { color: c, type: 'dashed', width: 1.4 },
      label: { formatter: m.label, position: 'insideEndTop', color: c, fontSize: 11, fontWeight: 600 },
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
    var series = [], legend = [];
    chart.bands.forEach(function (b, i) {
      var c = colour(i), stack = 'band' + i;
      var width = b.p95.map(function (v, k) { return v - b.p5[k]; });
      var band = { type: 'line', stack: stack, stackStrategy: 'all', symbol: 'none', silent: true };
      var mean = { name: b.name, type: 'line', data: b.mean, symbol: 'none', z: 3,
                   lineStyle: { width: 2.2, color: c }, itemStyle: { color: c } };
      if (b.marker) mean.markLine = monthMarker(b.marker, c);
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

  function lineChart(el, chart) {
    var names = chart.series.map(function (s) { return s.name; });
    var option = baseOption(el, chart.unit, names, false);
    option.series = chart.series.map(function (s, i) {
      var c = s.total ? ink : colour(i);
      return { name: s.name, type: 'line', data: s.values, symbol: 'none', z: s.total ? 3 : 2,
               lineStyle: { width: s.total ? 2.4 : 1.6, type: s.total ? 'dashed' : 'solid', color: c },
               itemStyle: { color: c } };
    });
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

  var builders = { fan: fanChart, stack: stackChart, lines: lineChart };
)JS";
}

// Draws every chart of the data and keeps them sized to their containers.
std::string_view runtime_epilogue() {
    return R"JS(  var charts = [];
  function render(id, chart) {
    var el = document.getElementById('chart-' + id);
    if (!el) throw new Error('no container #chart-' + id);
    var instance = echarts.init(el, null, { renderer: 'svg' });
    var option = builders[chart.kind](el, chart);
    if (data.events && data.events.length && chart.kind !== 'bars') option.series.push(eventSeries());
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
)JS";
}

}  // namespace

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// "</" would end the element early and "<!--" would switch the HTML parser into its
// escaped script state. Both escapes are valid JSON.
std::string script_safe_json(const Json& json) {
    std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
    replace_all(text, "</", "<\\/");
    replace_all(text, "<!--", "\\u003c!--");
    return text;
}

Json number_conventions_json(const NumberConventions& numbers) {
    Json scales = Json::array();
    for (const auto& scale : numbers.scales)
        scales.push_back(Json{{"threshold", scale.threshold}, {"suffix", scale.suffix}});
    return Json{{"currency", numbers.currency_symbol},
                {"separator", numbers.thousands_separator},
                {"scales", scales}};
}

void write_head(Out out, std::string_view html_lang, std::string_view generator, std::string_view title,
                std::string_view css) {
    fmt::format_to(
        out,
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"{}\">\n<title>{}</title>\n<style>\n{}</style>\n</head>\n",
        html_lang, escape(generator), escape(title), css);
}

void write_definition(Out out, std::string_view term, std::string_view value) {
    fmt::format_to(out, "<dt>{}</dt><dd>{}</dd>\n", escape(term), escape(value));
}

std::string chart_library_name() {
    return fmt::format("Apache ECharts {}", assets::echarts_version());
}

void write_licence(Out out, std::string_view licence_summary) {
    fmt::format_to(out, "<details class=\"licence\">\n<summary>{}{}</summary>\n<pre>{}</pre>\n</details>\n",
                   escape(licence_summary), escape(chart_library_name()), escape(assets::echarts_license()));
}

void write_scripts(Out out, const Json& data, std::string_view page_js) {
    fmt::format_to(out, "<script type=\"application/json\" id=\"offersim-report-data\">{}</script>\n",
                   script_safe_json(data));
    fmt::format_to(out, "<script>\n{}\n</script>\n<script>\n{}{}{}</script>\n", assets::echarts_js(),
                   runtime_prelude(), page_js, runtime_epilogue());
}

void write_footer(Out out, std::string_view footer, std::string_view version) {
    fmt::format_to(out, "<footer>{}<span class=\"footer-version\">{}</span></footer>\n", escape(footer),
                   escape(version));
}

// Style, the same for every language and both reports.
std::string_view base_css() {
    return R"CSS(:root {
  --ink: #1f2933; --muted: #5f6b7a; --line: #e3e7ed; --rule: #cdd4dd; --accent: #1f4e79;
  --paper: #ffffff; --ground: #f4f6f8; --warn-ground: #fff8e7; --warn-rule: #d9a21b; --warn-ink: #6b4a00;
  --good: #1a7f4b; --bad: #b42318;
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--ground); color: var(--ink); font-size: 15px; line-height: 1.55;
  font-family: "Inter", "Helvetica Neue", "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", "PingFang SC",
               "Microsoft YaHei", Arial, sans-serif;
}
html:lang(zh-CN) body {
  font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans",
               "Helvetica Neue", Arial, sans-serif;
}
.page { max-width: 1160px; margin: 0 auto; padding: 28px 32px 40px; }
.report-header { border-bottom: 3px solid var(--accent); padding-bottom: 14px; margin-bottom: 22px; }
.kicker { margin: 0; color: var(--accent); font-size: 12px; font-weight: 600; letter-spacing: .08em;
          text-transform: uppercase; }
h1 { margin: 4px 0 8px; font-size: 27px; line-height: 1.25; font-weight: 700; }
h2 { margin: 0 0 14px; padding-bottom: 6px; border-bottom: 1px solid var(--rule); font-size: 19px;
     font-weight: 650; }
h3 { font-size: 15px; font-weight: 650; }
.meta { margin: 0; color: var(--muted); font-size: 13px; }
.meta-item + .meta-item::before { content: "·"; margin: 0 10px; color: var(--rule); }
.meta-label { color: #8a95a3; }
section { margin-top: 34px; }
section:first-of-type { margin-top: 0; }
.warnings { margin: 0 0 16px; padding: 10px 16px; background: var(--warn-ground); color: var(--warn-ink);
            border: 1px solid #f1dca4; border-left: 4px solid var(--warn-rule); border-radius: 6px; }
.warnings h3 { margin: 0 0 2px; font-size: 14px; }
.warnings ul { margin: 0; padding-left: 20px; font-size: 13.5px; }
.cards { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 14px; }
.card { padding: 14px 18px 12px; background: var(--paper); border: 1px solid var(--line);
        border-top: 3px solid var(--accent); border-radius: 8px; }
.card-label { color: var(--muted); font-size: 13px; font-weight: 600; }
.card-value { margin: 2px 0 4px; font-size: 30px; font-weight: 700; line-height: 1.2; letter-spacing: -.01em;
              font-variant-numeric: tabular-nums; }
.card-band { font-size: 13px; font-variant-numeric: tabular-nums; }
.band-label { display: inline-block; margin-right: 8px; padding: 0 5px; color: var(--muted); font-size: 11px;
              border: 1px solid var(--line); border-radius: 3px; }
.card-note { margin-top: 4px; color: var(--muted); font-size: 12px; }
.chart-grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 16px; }
.chart-card { margin: 0; padding: 14px 16px 10px; background: var(--paper); border: 1px solid var(--line);
              border-radius: 8px; }
.chart-card h3 { margin: 0 0 6px; }
.chart { width: 100%; height: 330px; }
.chart svg { max-width: 100%; }
figcaption { margin-top: 4px; color: var(--muted); font-size: 12px; }
.noscript { color: var(--warn-ink); }
#tables h3, .appendix h3 { margin: 22px 0 8px; }
#tables h3:first-of-type { margin-top: 0; }
table { width: 100%; border-collapse: collapse; background: var(--paper); font-size: 13.5px;
        font-variant-numeric: tabular-nums; border: 1px solid var(--line); }
th, td { padding: 7px 12px; text-align: right; white-space: nowrap; border-bottom: 1px solid var(--line); }
th:first-child, td:first-child { text-align: left; }
thead th { color: var(--muted); font-size: 12px; font-weight: 600; background: #f8f9fb;
           border-bottom: 2px solid var(--rule); }
tbody tr:nth-child(even) td { background: #fbfcfd; }
tr.total td { font-weight: 700; border-top: 2px solid var(--rule); background: #f3f6fa; }
.id { margin-left: 6px; color: #8a95a3; font-size: 11.5px; font-weight: 400; }
.table-note { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
.offers-heading { margin: 20px 0 8px; }
.cell-band { display: block; color: var(--muted); font-size: 11.5px; }
.appendix dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 24px; margin: 0;
               font-size: 13.5px; }
.appendix dt { color: var(--muted); }
.appendix dd { margin: 0; }
pre { margin: 0; padding: 12px 14px; background: var(--paper); border: 1px solid var(--line); border-radius: 6px;
      font: 12px/1.5 "DejaVu Sans Mono", "Noto Sans Mono CJK SC", Menlo, Consolas, monospace;
      white-space: pre-wrap; overflow-wrap: anywhere; }
details.licence { margin-top: 14px; }
details.licence summary { color: var(--accent); font-size: 13px; cursor: pointer; }
details.licence pre { margin-top: 8px; max-height: 420px; overflow: auto; font-size: 11px; }
footer { margin-top: 36px; padding-top: 10px; color: var(--muted); font-size: 12px;
         border-top: 1px solid var(--line); }
.footer-version { float: right; }
@media (max-width: 900px) {
  .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); }
  .chart-grid { grid-template-columns: minmax(0, 1fr); }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10pt; }
  .page { max-width: none; padding: 0; }
  .page-break { break-before: page; }
  section { margin-top: 0; }
  .cards { grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 3mm; }
  .card { padding: 3mm 4mm; }
  .card-value { font-size: 20pt; }
  .card, .chart-card, .warnings, tr { break-inside: avoid; }
  .chart-grid { display: block; }
  .chart-card { margin: 0 0 5mm; padding: 0; border: none; }
  .chart { width: 186mm; height: 92mm; }
  thead { display: table-header-group; }
  pre { font-size: 8pt; }
  details.licence pre { max-height: none; overflow: visible; }
  footer { break-inside: avoid; }
}
)CSS";
}

// One "label value" item of a page header's meta line.
static void write_meta_item(Out out, std::string_view label, std::string_view value) {
    fmt::format_to(out, "<span class=\"meta-item\"><span class=\"meta-label\">{}</span> {}</span>",
                   escape(label), escape(value));
}

void write_header(Out out, const ReportText& text, std::string_view kicker, std::string_view title,
                  std::string_view name_label, const sim::RunResults& run, std::string_view generated_at) {
    fmt::format_to(
        out, "<header class=\"report-header\">\n<p class=\"kicker\">{}</p>\n<h1>{}</h1>\n<p class=\"meta\">",
        escape(kicker), escape(title));
    write_meta_item(out, name_label, run.scenario_name);
    write_meta_item(out, text.label_horizon, fmt::format("{}{}", run.horizon_months, text.months_unit));
    write_meta_item(out, text.label_replications, fmt::format("{}", run.replications));
    write_meta_item(out, text.label_seed, fmt::format("{}", run.seed));
    write_meta_item(out, text.label_generated_at, generated_at);
    fmt::format_to(out, "</p>\n</header>\n");
}

}  // namespace offersim::reports::html
