#pragma once
// The files of `offersim optimise`: optimise.json (the optimum, its band in the search and on
// fresh replications, each constraint's margin, every point run), optimise.csv (one row per
// point run, then the optimum on fresh replications), report.md and report.html.
#include "engine/sim/optimise.hpp"
#include "reports/report_context.hpp"

#include <cstdint>
#include <string>

namespace offersim::reports {

struct OptimiseReport {
    std::string scenario;  // the file, as given
    std::string scenario_title;
    std::string baseline;  // what a *_delta metric is measured against, a file name
    sim::OptimiseSpec spec;
    int replications = 0;
    std::uint64_t seed = 0;
    const sim::OptimiseResult& result;
};

// A constraint's slack: how far its mean is inside the bound (negative: violated).
double constraint_margin(const sim::OptimiseConstraint& c, double mean);

std::string optimise_json(const OptimiseReport& report, const std::string& offersim_version);
std::string optimise_csv(const OptimiseReport& report);
std::string optimise_markdown(const OptimiseReport& report, const ReportContext& context);
std::string optimise_html(const OptimiseReport& report, const ReportContext& context);

}  // namespace offersim::reports
