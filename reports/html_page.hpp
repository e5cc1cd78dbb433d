#pragma once
// Internal to the HTML writers (html_report.cpp, html_comparison.cpp): the page skeleton,
// escaping, the shared style sheet and the chart runtime, so both reports look and behave
// alike. The style sheet and the runtime are reports/web/report.css and report.js, embedded
// at build time (reports/assets). The chart data travels as one inline JSON element read by
// the runtime.
#include "engine/sim/results.hpp"
#include "reports/report_text.hpp"

#include <iterator>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace offersim::reports::html {

using Json = nlohmann::ordered_json;
using Out = std::back_insert_iterator<std::string>;

// Text for an element's content or a quoted attribute value.
std::string escape(std::string_view text);

// JSON to place inside a <script> element, with "</" and "<!--" escaped.
std::string script_safe_json(const Json& json);

// The language's number conventions, for the runtime's formatters (the same rules as
// number_format.cpp).
Json number_conventions_json(const NumberConventions& numbers);

// The style sheet shared by every report, screen and A4 print: reports/web/report.css.
std::string_view base_css();

// "<!doctype html>" up to "</head>": the language, generator, title and style.
void write_head(Out out, std::string_view html_lang, std::string_view generator, std::string_view title,
                std::string_view css);

// One term and its value in a <dl>.
void write_definition(Out out, std::string_view term, std::string_view value);

// The page header in plain words: kicker, title, then the run's name (under `name_label`),
// horizon, the number of runs simulated and the start time in Beijing time (`generated_at`:
// ISO 8601 in UTC). The seed and other jargon stay in the appendix.
void write_header(Out out, Language language, std::string_view kicker, std::string_view title,
                  std::string_view name_label, const sim::RunResults& run, std::string_view generated_at);

// "Apache ECharts <version>", as the appendix and the licence name it.
std::string chart_library_name();

// The scenario as run, collapsed under `heading` and shown on screen only: a printed report
// refers to scenario.resolved.yaml instead of spending pages on it.
void write_scenario_yaml(Out out, std::string_view heading, std::string_view yaml);

// The collapsed licence text of the embedded chart library.
void write_licence(Out out, std::string_view licence_summary);

// The chart data as <script type="application/json" id="offersim-report-data">, then the
// embedded ECharts, then one script: the runtime (reports/web/report.js) with `page_js` in
// place of its line "/* offersim:page-script */", after the shared builders (fan, stack,
// lines) and before the charts are drawn. `page_js` may add builders
// (`builders.name = function (el, chart) { return option; }`) and wire up the page.
// `data` holds "numbers", "text" (monthAxis, bandLabel, rangeSeparator), "months" and
// "charts" (id to {kind, ...}); each chart is drawn into the element "chart-" + id.
void write_scripts(Out out, const Json& data, std::string_view page_js);

void write_footer(Out out, std::string_view footer, std::string_view version);

}  // namespace offersim::reports::html
