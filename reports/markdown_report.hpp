#pragma once
// report.md: the executive summary and the tables of report.html as GitHub Markdown, to
// paste into an e-mail or a wiki. Same language tables and number formats as the HTML;
// no charts. Text from the scenario is escaped, so a title cannot break a table.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/report_context.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// Text from the scenario made to read literally in a Markdown line or table cell, for
// the report sections written elsewhere (reports/behaviour_section.cpp).
std::string markdown_escape(std::string_view text);

// The summary figures with their P5-P95 bands, the offers, segments and headline tables,
// and the run details. Pure; throws RunError when `results` is not of the documented shape.
//   std::string md = markdown_report(results, ReportContext{.language = Language::en});
std::string markdown_report(const sim::RunResults& results, const ReportContext& context);

// The comparison: question, recommendation, the lead variant's changes, every variant in
// one table, each variant's figures and offers, and the run details. Arguments as
// html_comparison_report's.
std::string markdown_comparison_report(const sim::RunResults& baseline,
                                       const std::vector<const sim::RunResults*>& variants,
                                       const std::vector<sim::VariantComparison>& comparisons,
                                       const ReportContext& context);

}  // namespace offersim::reports
