#pragma once
// The enterprise-groups results (sim::GroupResults) as JSON, for summary.json. Internal to
// the report writers.
#include "engine/sim/group_results.hpp"

#include <nlohmann/json.hpp>

namespace offersim::reports {

nlohmann::ordered_json group_results_json(const sim::GroupResults& groups);

}  // namespace offersim::reports
