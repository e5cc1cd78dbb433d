#pragma once
// The files of `offersim sweep`: sweep.csv (one row per point, every number at full
// precision, names as in summary.json), report.md and report.html (the table of points, a
// line chart over one swept parameter or a heat map over two).
#include "engine/sim/sweep.hpp"
#include "reports/report_context.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct SweepTable {
    std::vector<std::string> parameters;      // the paths swept, as written
    std::vector<std::vector<double>> values;  // per point, one per parameter
    const sim::SweepRuns& runs;
};

// point, each parameter, then per figure its mean, P5 and P95: npv_margin_cny_delta,
// margin_total_cny_delta, churn_rate_monthly, churn_rate_monthly_delta, npv_margin_cny, the
// median payback month and the share paying back, and win_back_confirmed when run.
std::string sweep_csv(const SweepTable& table);

std::string sweep_markdown(const SweepTable& table, const ReportContext& context);

std::string sweep_html(const SweepTable& table, const ReportContext& context);

}  // namespace offersim::reports
