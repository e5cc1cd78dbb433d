#pragma once
// The files of `offersim sweep`: sweep.csv (one row per point, every number at full
// precision, names as in summary.json), report.md and report.html (the table of points, a
// line chart over one swept parameter or a heat map over two); sweep.xlsx is xlsx_report's.
#include "engine/sim/sweep.hpp"
#include "reports/report_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace offersim::reports {

struct SweepTable {
    std::vector<std::string> parameters;      // the paths swept, as written
    std::vector<std::vector<double>> values;  // per point, one per parameter
    const sim::SweepRuns& runs;
};

// The figures the sweep's files show for one point: paired changes against the scenario as
// written, and the point's own churn, NPV and (when run) confirmed win-backs.
struct SweepPointFigures {
    sim::Band npv_delta, margin_delta, churn, churn_delta, npv;
    double payback_median = 0.0;  // horizon + 1: not paid back
    double payback_share = 0.0;
    std::optional<sim::Band> win_back;
};

SweepPointFigures sweep_point_figures(const sim::SweepPointRun& point);

// point, each parameter, then per figure its mean, P5 and P95: npv_margin_cny_delta,
// margin_total_cny_delta, churn_rate_monthly, churn_rate_monthly_delta, npv_margin_cny, the
// median payback month and the share paying back, and win_back_confirmed when run.
std::string sweep_csv(const SweepTable& table);

std::string sweep_markdown(const SweepTable& table, const ReportContext& context);

std::string sweep_html(const SweepTable& table, const ReportContext& context);

}  // namespace offersim::reports
