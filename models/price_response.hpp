#pragma once
// How leaving answers our prices (docs/models.md, "Price response"). The hazard a scenario
// states was observed at its reference prices; a customer whose usual bill moves from
// B_ref to B has the log-odds of leaving moved by beta x (B - B_ref), with beta in 1/CNY:
//   logit P = logit(h M) + beta (B - B_ref),
// so P = h M r / (1 - h M + h M r) with the odds ratio r = exp(beta (B - B_ref)). At the
// reference prices r = 1 and P = h M exactly.

#include <algorithm>

namespace offersim::models {

// The odds ratio of leaving for a usual bill `bill_change_cny` above the reference one.
double leave_odds_ratio(double beta_per_cny, double bill_change_cny);

// The probability of leaving at hazard-with-multipliers `hm` (capped at 1 first, as the
// product of factors may pass it) and odds ratio `odds`; exactly `hm` when `odds` is 1.
inline float leave_probability(float hm, float odds) {
    const float h = std::min(hm, 1.0f);
    const float moved = h * odds / (1.0f - h + h * odds);
    return odds == 1.0f ? hm : moved;
}

// The beta that gives a churn price elasticity `elasticity` at bill `bill_cny` and
// hazard `hm`: d ln P / d ln B = beta B (1 - P) at the reference, for a change of the
// whole bill. Positive: churn rises with our price.
double beta_from_churn_elasticity(double elasticity, double bill_cny, double hm);

}  // namespace offersim::models
