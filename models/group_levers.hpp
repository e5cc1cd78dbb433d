#pragma once
// The seeds' group levers (docs/models.md section 29): agreements with a term (已签协议),
// groups settling in a park (招商引资), member growth, unified payment (统一付费) and the
// margin and data-mix factors of the value score. Pure functions; draws and state belong to
// the caller (engine/sim/groups.cpp).

namespace offersim::models {

// Whole arrivals in the k-th month (k >= 1) of a steady flow of `per_month` a month:
//   floor(per_month * k) - floor(per_month * (k - 1)),
// so the first K months bring floor(per_month * K) in all, per_month * K exactly when it is whole.
int arrivals_in_month(double per_month, int k);

// A member's monthly churn when a share `unified_share` of on-net members have their bills
// paid by the group and so churn `unified_multiplier` times as often:
//   h' = h * (u * m_u + 1 - u), clamped to [0, 1].
double unified_payment_churn(double churn_monthly, double unified_share, double unified_multiplier);

// The data-mix factor of the value score: the data share of revenue over its target, in [0, 1];
// a non-positive target gives 0.
double data_mix_factor(double data_revenue, double revenue, double target_share);

// The probability that a group under an agreement for the whole of a W-month bid window is
// lost, the bid reaching it with probability a a month and a switch then having p * m:
//   1 - (1 - a p m)^W.
// The switch probability of a bid whose quote we match (docs/models.md §29, "Matching the
// price"): our members' price falls by `price_cut_cny` a member a month, which moves the
// switch's log-odds by -beta x cut, the price response's equation (models/price_response.hpp):
//   p' = p r / (1 - p + p r),  r = exp(-beta x cut),  p capped at 1 first.
double matched_switch_probability(double p, double beta_per_cny, double price_cut_cny);

double loss_under_agreement(double arrival, double switch_probability, double agreement_multiplier,
                            int window_months);

}  // namespace offersim::models
