#pragma once
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

// comparison.json: the baseline's headline figures and each variant's paired differences.
std::string comparison_json(const sim::RunResults& baseline,
                            const std::vector<sim::VariantComparison>& variants,
                            const std::string& offersim_version);

// comparison.csv, one row per variant x figure: variant,figure,mean,std_error,p5,p50,p95.
std::string comparison_csv(const std::vector<sim::VariantComparison>& variants);

}  // namespace offersim::reports
