#pragma once
// Internal to the report writers: the text of each monthly line of sim::kMetricTable.
#include "engine/sim/metric_cube.hpp"
#include "reports/report_text.hpp"

#include <string_view>

namespace offersim::reports {

// The label of `metric` in the language of `text`; every metric has one.
std::string_view metric_label(sim::Metric metric, const ReportText& text);

}  // namespace offersim::reports
