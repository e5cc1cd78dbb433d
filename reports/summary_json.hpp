#pragma once
#include "engine/sim/results.hpp"

#include <string>

namespace offersim::reports {

// summary.json: the run's identity, its headline figures with bands, and its warnings.
std::string summary_json(const sim::RunResults& results, const std::string& offersim_version);

}  // namespace offersim::reports
