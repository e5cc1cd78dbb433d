#pragma once
// The run report's section on customers' behaviour, for the HTML and Markdown writers:
// horizon totals of plan changes, bill shocks, VIP re-grades and retention, their monthly
// lines as a chart, and the tier-to-tier flows of plan choice. Written only when the run
// has a behaviour summary.
#include "engine/sim/results.hpp"
#include "reports/html_page.hpp"
#include "reports/report_text.hpp"

#include <string>

namespace offersim::reports {

inline constexpr std::string_view kBehaviourChartId = "behaviour";

void write_behaviour_html(html::Out out, const sim::RunResults& results, const ReportText& text,
                          Language language);

// The monthly lines chart, drawn into the section's container by the page runtime.
html::Json behaviour_chart(const sim::RunResults& results, const ReportText& text);

std::string behaviour_markdown(const sim::RunResults& results, const ReportText& text, Language language);

}  // namespace offersim::reports
