#include "reports/html_report.hpp"

#include "reports/assets/embedded_assets.hpp"

#include <fmt/format.h>

namespace offersim::reports {

std::string html_report(const sim::RunResults& results, const ReportContext&) {
    // Placeholder until the full report lands.
    return fmt::format("<!doctype html><html><head><meta charset=\"utf-8\"><title>{}</title></head><body></body></html>\n",
                       results.scenario_title);
}

}  // namespace offersim::reports
