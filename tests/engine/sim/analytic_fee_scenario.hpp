#pragma once
// A scenario whose expected figures are known in closed form, for the tests of the solver and
// the optimiser: constant churn, fixed usage inside the allowance, no costs, no acquisition, no
// discounting. Each month's margin is the fee times the customers billed, so revenue and NPV
// are both linear in the fee: fee x E[Σ_t active_t] = fee x N (1 - (1 - h)^H) / h.
#include "engine/core/money.hpp"
#include "engine/scenario/scenario.hpp"

#include <cmath>

namespace offersim::sim::test {

inline constexpr int kAnalyticCustomers = 2000;
inline constexpr int kAnalyticMonths = 12;
inline constexpr double kAnalyticHazard = 0.04;

inline constexpr const char* kAnalyticFeeScenario = R"(name: analytic
horizon_months: 12
seed: 21
replications: 40
tiers:
  - id: t
    monthly_fee_cny: 50
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 2000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 100 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0.04 }
)";

// E[Σ_t active_t]: what the revenue and the NPV are the fee times.
inline double billed_customer_months() {
    return kAnalyticCustomers * (1.0 - std::pow(1.0 - kAnalyticHazard, kAnalyticMonths)) / kAnalyticHazard;
}

// `base` with its tier's fee at `fee` CNY, to the fen.
inline scenario::Scenario with_fee(const scenario::Scenario& base, double fee) {
    scenario::Scenario sc = base;
    sc.tiers.front().monthly_fee = Money::from_fen(std::llround(fee * 100.0));
    return sc;
}

}  // namespace offersim::sim::test
