#pragma once
// How usage answers prices (docs/models.md, "Usage response"). A customer's mean use of a
// service is the stated one at the reference prices; at an average price per unit p
// against p_ref at the reference it is scaled by (p / p_ref)^e, e <= 0 the service's
// demand elasticity. The off-peak share q of minutes moves with the relative price r of an
// off-peak minute to a peak one:
//   q / (1 - q) = q_ref / (1 - q_ref) x (r / r_ref)^(-s),   s >= 0,
// and total minutes do not change: minutes move between peak and off-peak.

namespace offersim::models {

// (p / p_ref)^e; exactly 1 when the prices are equal, e is 0, or either price is not
// positive (an elasticity says nothing about a free service).
double usage_factor(double price, double price_ref, double elasticity);

// The off-peak share at relative price `relative` (off-peak over peak rate) when it is
// `share_ref` at `relative_ref`; exactly `share_ref` when the relative prices are equal,
// `elasticity` is 0, or the share is 0 or 1 (no minute to move).
double off_peak_share(double share_ref, double relative, double relative_ref, double elasticity);

}  // namespace offersim::models
