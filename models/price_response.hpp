#pragma once
// How leaving answers our prices (docs/models.md, "Price response"). The hazard a scenario
// states was observed at its reference prices; a customer whose usual bill moves from
// B_ref to B has the log-odds of leaving moved by beta x (B - B_ref), with beta in 1/CNY:
//   logit P = logit(h M) + beta (B - B_ref),
// so P = h M r / (1 - h M + h M r) with the odds ratio r = exp(beta (B - B_ref)). At the
// reference prices r = 1 and P = h M exactly. A rival's bill R enters with the opposite
// sign, beta (B - B_ref) - beta (R - R_ref), and the discount point adds its kink
// (docs/models.md, "Rivals").

#include <algorithm>

namespace offersim::models {

// The odds ratio of leaving for a usual bill `bill_change_cny` above the reference one
// (net of the rival's bill's change), with `kink_change` more log-odds from the discount point.
double leave_odds_ratio(double beta_per_cny, double bill_change_cny, double kink_change = 0.0);

// The discount point's log-odds, kappa x max(0, (b - r) / b - tau): once the rival's bill r
// lies more than the share tau (`threshold`) below ours b, each further unit of that share
// adds kappa (`strength`). 0 when either is 0 or our bill is not positive.
double discount_point_log_odds(double strength, double threshold, double our_bill, double rival_bill);

// The probability of leaving at hazard-with-multipliers `hm` (capped at 1 first, as the
// product of factors may pass it) and odds ratio `odds`; exactly `hm` when `odds` is 1.
inline float leave_probability(float hm, float odds) {
    const float h = std::min(hm, 1.0f);
    const float moved = h * odds / (1.0f - h + h * odds);
    return odds == 1.0f ? hm : moved;
}

// Joining, the mirror of leaving: the share of prospects who pick us when what they would
// pay us, net of the rival's bill, lies `change_cny` above the reference, where
// `reference_share` picked us: logit s = logit s_ref - beta x change.
double join_probability(double reference_share, double beta_per_cny, double change_cny);

// The beta that gives a churn price elasticity `elasticity` at bill `bill_cny` and
// hazard `hm`: d ln P / d ln B = beta B (1 - P) at the reference, for a change of the
// whole bill. Positive: churn rises with our price.
double beta_from_churn_elasticity(double elasticity, double bill_cny, double hm);

}  // namespace offersim::models
