// Front-end assets embedded into the offersim binary at build time.
//
// ECharts comes from reports/web/node_modules (installed with
// `npm ci --prefix reports/web`, never committed); the reports' own style
// sheets and scripts are the committed files of reports/web. All are linked in
// with an assembler .incbin, so HTML reports can inline them and open offline.
#pragma once

#include <string_view>

namespace offersim::reports::assets {

// The minified Apache ECharts library (dist/echarts.min.js), UTF-8 JavaScript.
// Inline it in a <script> element of a page declared <meta charset="utf-8">.
std::string_view echarts_js() noexcept;

// The licence text that must travel with echarts_js(): echarts' LICENSE and
// NOTICE, followed by the licences of the third-party code bundled into
// echarts.min.js (d3 subcomponents, zrender, tslib), each part preceded by a
// header line naming its source file.
std::string_view echarts_license() noexcept;

// The echarts version that was embedded, e.g. "6.1.0" (from its package.json).
std::string_view echarts_version() noexcept;

// The reports' own files, byte for byte as in reports/web (UTF-8):
// report.css, the style sheet of every report (screen and A4 print);
std::string_view report_css() noexcept;
// report.js, the chart runtime of every report, with one marker line where a
// page's own script is placed, in its scope (reports/html_page.cpp);
std::string_view report_js() noexcept;
// comparison.css and comparison.js, what the comparison report adds.
std::string_view comparison_css() noexcept;
std::string_view comparison_js() noexcept;
// sweep.js, what the sweep report adds (a line over one parameter, a heat map over two).
std::string_view sweep_js() noexcept;

}  // namespace offersim::reports::assets
