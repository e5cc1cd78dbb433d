#pragma once
// The win-back campaign's part of every report: summary.json's "win_back" object, the HTML
// section with its chart and regional scoring table, and the Markdown section. Internal to
// the report writers; each writes only when the run has a win-back campaign.
#include "engine/sim/results.hpp"
#include "reports/report_text.hpp"

#include <nlohmann/json_fwd.hpp>
#include <string>

namespace offersim::reports {

nlohmann::ordered_json win_back_json(const sim::WinBackResults& w);

// <section id="win-back">: the figures, a chart container "chart-win-back" and the table.
void write_win_back_html(std::string& html, const sim::WinBackResults& w, const ReportText& text,
                         Language language);

// The data of the chart "win-back" (a "lines" chart of the shared runtime).
nlohmann::ordered_json win_back_chart(const sim::WinBackResults& w, const ReportText& text);

void write_win_back_markdown(std::string& md, const sim::WinBackResults& w, const ReportText& text,
                             Language language);

}  // namespace offersim::reports
