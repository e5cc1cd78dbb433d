#pragma once
// What a report shows beside the figures: its language and how the run was made. Given by
// the caller so that every writer stays pure (the same input gives the same bytes).
#include "reports/report_text.hpp"

#include <string>

namespace offersim::reports {

struct ReportContext {
    Language language = Language::zh_cn;
    std::string offersim_version;
    std::string generated_at;  // ISO 8601, from the caller (keeps the writer pure)
    double run_seconds = 0.0;
    std::string resolved_scenario_yaml;  // of the run, or of the baseline in a comparison
};

}  // namespace offersim::reports
