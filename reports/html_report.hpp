#pragma once
// report.html: one self-contained page a director reads in five minutes. It holds an
// executive summary with P5-P95 bands, ECharts charts (the library and its licence
// inlined, rendered as SVG), the segment and headline tables, and an appendix with the
// scenario as run; it opens offline and prints on A4. Every word comes from the language
// tables (report_text.hpp), every number from number_format.hpp.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/report_context.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

// The whole page as UTF-8. Pure: the same results and context give the same bytes.
// Throws RunError when `results` is inconsistent (monthly lines or tier mix not of the
// documented shape).
std::string html_report(const sim::RunResults& results, const ReportContext& context);

// The report of `offersim compare`: the question and a recommendation derived from the
// figures (comparison_summary.hpp), the lead variant's headline changes with their bands,
// a sortable table of every variant, charts of the incremental margin and cost lines, each
// variant's figures and offers, and the assumptions. `variants[i]` is the run compared in
// `comparisons[i]`, with the baseline's horizon. Throws RunError when there is no variant or
// the shapes disagree.
std::string html_comparison_report(const sim::RunResults& baseline,
                                   const std::vector<const sim::RunResults*>& variants,
                                   const std::vector<sim::VariantComparison>& comparisons,
                                   const ReportContext& context);

}  // namespace offersim::reports
