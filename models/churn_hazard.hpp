#pragma once
// The base monthly churn hazard by tenure month: the probability that a customer who has
// completed t-1 months leaves during month t, and, for the sBG mixture, the distribution of
// each customer's own churn probability. The engine scales either by multipliers.
#include <vector>

namespace offersim::models {

enum class HazardModel { constant, table, weibull, sbg };

struct HazardBand {
    int from_month = 1;  // 1-based tenure month where the band starts
    double monthly_hazard = 0.0;
};

struct HazardCurve {
    HazardModel model = HazardModel::constant;
    double monthly_hazard = 0.0;        // constant
    std::vector<HazardBand> bands;      // table: first band from month 1, ascending
    double weibull_scale_months = 1.0;  // weibull: S(t) = exp(-(t / scale)^shape)
    double weibull_shape = 1.0;
    double sbg_alpha = 1.0;  // shifted-beta-geometric (Fader & Hardie 2007)
    double sbg_beta = 1.0;
};

// h(t) for tenure month t >= 1:
//   constant: h;  table: the band containing t;
//   weibull:  1 - exp((t-1)^k / s^k - t^k / s^k);
//   sbg:      alpha / (alpha + beta + t - 1), whose survival is B(alpha, beta + t) / B(alpha, beta).
double hazard_at(const HazardCurve& curve, int tenure_month);

// Survival to the end of tenure month t, S(t) = prod_{u <= t} (1 - h(u)).
double survival_at(const HazardCurve& curve, int tenure_month);

// h(1) .. h(months), for lookup in the monthly step.
std::vector<float> hazard_table(const HazardCurve& curve, int months);

// Whether customers differ in their own churn probability theta, so that h(t) is only the
// population's average: true for sbg, a mixture of geometric lifetimes. constant, table and
// weibull give every customer the same h(t) (docs/models.md, section 4).
bool has_own_propensity(const HazardCurve& curve);

// sbg: the distribution of theta among customers who completed tau months with no multiplier,
// theta | tau ~ Beta(alpha, beta + tau), as `n` equal-probability atoms: atom i is the
// conditional mean of theta on the quantile bin [i/n, (i+1)/n). One row of n atoms per entry
// of `completed_months` (ascending, distinct, >= 0), rows one after another. Each row's mean
// is alpha / (alpha + beta + tau) = h(tau + 1) to rounding. Bin edges are found on a fixed
// grid of cells in theta, exact at the cell edges and linear inside a cell, so an atom is off
// by less than the width of the cells its bin touches (about 0.1% of it for the sbg
// parameters shipped).
std::vector<float> propensity_atoms(const HazardCurve& curve, const std::vector<int>& completed_months,
                                    int n);

}  // namespace offersim::models
