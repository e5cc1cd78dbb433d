#pragma once
// report.html: one self-contained file (ECharts embedded) that opens offline.
#include "engine/sim/results.hpp"

#include <string>

namespace offersim::reports {

enum class Language { zh_cn, en };

struct ReportContext {
    Language language = Language::zh_cn;
    std::string offersim_version;
    std::string generated_at;   // ISO 8601, from the caller (keeps the writer pure)
    double run_seconds = 0.0;
    std::string resolved_scenario_yaml;
};

std::string html_report(const sim::RunResults& results, const ReportContext& context);

}  // namespace offersim::reports
