#pragma once
// The reports of `offersim solve` (report.md, report.html): the answer, its bootstrap band,
// the bracket searched and the final one, and every value tried with the figure there.
// solve.json stays the command's own (engine/cli/solve.cpp).
#include "engine/sim/solve.hpp"
#include "reports/report_context.hpp"

#include <cstdint>
#include <string>

namespace offersim::reports {

struct SolveReport {
    std::string scenario_name;
    std::string scenario_title;
    std::string parameter;  // the path, as written
    std::string baseline;   // what a *_delta metric is measured against, a file name
    sim::SolveSpec spec;
    int replications = 0;
    std::uint64_t seed = 0;
    const sim::SolveResult& result;
};

std::string solve_markdown(const SolveReport& report, const ReportContext& context);
std::string solve_html(const SolveReport& report, const ReportContext& context);

// A value of `metric` as the reports show it: money ("_cny", "cash_month_N") as CNY, rates ("rate") as a
// percentage, anything else to 2 decimals. Shared with the optimiser's report.
std::string metric_value_text(double value, std::string_view metric, Language language);

}  // namespace offersim::reports
