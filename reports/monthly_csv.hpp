#pragma once
#include "engine/sim/results.hpp"

#include <string>

namespace offersim::reports {

// monthly.csv in long form, one row per month x segment x metric:
// month,segment,metric,mean,std_error,p5,p50,p95. Money in CNY, rates as fractions.
std::string monthly_csv(const sim::RunResults& results);

// offers.csv, one row per month x offer x metric (take_ups, holders, churners, revenue,
// cost, margin): month,offer,metric,mean,std_error,p5,p50,p95. Money in CNY.
std::string offers_csv(const sim::RunResults& results);

}  // namespace offersim::reports
