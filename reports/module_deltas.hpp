#pragma once
// Internal to the report writers: a comparison's group and win-back rows
// (sim::VariantComparison::module_deltas) as a text table in a language, shared by the HTML
// and Markdown reports, and the sentence saying which modules' money the headline includes.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/figure_format.hpp"
#include "reports/group_section.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <string_view>

namespace offersim::reports {

// Money ("_cny") in CNY, purity and retention as rates, counts and points otherwise.
FigureKind module_figure_kind(std::string_view key);

// The figure's label; a win-back region's points are named by the region's name in either run.
std::string module_label(std::string_view key, const sim::RunResults& baseline,
                         const sim::RunResults& variant, const ReportText& text);

// Figure, change (mean), standard error, P5, P50, P95; no rows when neither run has a module.
TextTable module_delta_table(const sim::VariantComparison& comparison, const sim::RunResults& baseline,
                             const sim::RunResults& variant, Language language);

// "The headline ... include(s) <parts>"; empty when neither run has groups or win-back.
std::string headline_includes_text(const sim::RunResults& baseline, const sim::RunResults& variant,
                                   Language language);

}  // namespace offersim::reports
