#pragma once
// The per-customer views (sim::CustomerViewResults) as JSON, for summary.json. Internal to
// the report writers.
#include "engine/sim/customer_view_results.hpp"

#include <nlohmann/json.hpp>

namespace offersim::reports {

nlohmann::ordered_json customer_views_json(const sim::CustomerViewResults& views);

}  // namespace offersim::reports
