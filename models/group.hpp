#pragma once
// Enterprise groups (集团客户) as wholes: whether a group switches operator when a competitor
// bids for it, how its purity (纯净度) moves, and its value score and tier. Pure functions;
// draws and state belong to the caller (engine/sim/groups.cpp). docs/models.md gives the
// equations and where each coefficient comes from.
#include <string>
#include <vector>

namespace offersim::models {

// How a competitor's group bid turns into a whole-group switch (集团整体转网). Every
// multiplier is a scenario input; the source material names the levers (bundles held, key
// persons bound by bundles, the top leader's choice) but publishes no coefficients.
struct SwitchTerms {
    double base_probability = 0.0;             // a standard bid, no bundles, nobody bound, leader open
    double bundle_multiplier = 1.0;            // per group bundle held (V-net, enterprise SMS, ...)
    double bound_key_person_multiplier = 1.0;  // when every key person is bound; pro rata below
    double loyal_leader_multiplier = 1.0;      // when the top leader (一把手) sides with us
    // When every on-net member holds a binding offer (docs/models.md §28); pro rata below.
    double member_bundle_multiplier = 1.0;
    // The log-odds of a whole-group switch per CNY of the members' monthly price above the
    // rival's quote, as the price response's beta (docs/models.md §29, "Matching the price").
    double leave_per_cny = 0.0;
};

// The group's side of a bid.
struct GroupStanding {
    int bundles = 0;                      // group products held
    double bound_key_person_share = 0.0;  // of its key persons, bound by bundles (关键人捆绑)
    bool leader_loyal = false;
    double member_bundle_share = 0.0;  // of on-net members, holding a binding offer (§28)
};

// Probability that a group switches as a whole when a bid of `bid_strength` (1 = a standard
// bid) reaches it:
//   p = min(1, p0 * s * m_b^bundles * (1 - k * (1 - m_k)) * (1 - b * (1 - m_mb)) * (leader loyal ? m_l : 1))
// with p0 base_probability, s bid_strength, k the bound key-person share, b the share of
// on-net members holding a binding offer (0 unless the members are customers, §28).
double group_switch_probability(const SwitchTerms& terms, const GroupStanding& group, double bid_strength);

// Expected on-net members after off-net members each join with probability `join_probability`:
//   on' = on + (members - on) * q. Purity is on / members.
double expected_on_net_after_join(double members, double on_net, double join_probability);

// The factors of the group value evaluation (集团客户价值评估), each scaled to [0, 1].
// margin and data_mix are the levers of docs/models.md section 29.
enum class ValueFactor {
    revenue,
    stickiness,
    new_business,
    growth,
    industry,
    purity,
    tenure,
    credit,
    margin,
    data_mix
};
inline constexpr int kValueFactorCount = 10;

struct ValueFactors {
    double value[kValueFactorCount] = {};
    double& operator[](ValueFactor f) { return value[static_cast<int>(f)]; }
    double operator[](ValueFactor f) const { return value[static_cast<int>(f)]; }
};

// Score in [0, 100]: 100 * sum_f w_f x_f / sum_f w_f, each x_f clamped to [0, 1]. Weights are
// non-negative; all zero gives 0.
double group_value_score(const ValueFactors& factors, const double (&weights)[kValueFactorCount]);

// The tier of a score: the index of the first threshold (sorted high to low) the score
// reaches; the last tier takes the rest. Lower index = higher tier.
int group_value_tier(double score, const std::vector<double>& min_scores_high_to_low);

// x / full, clamped to [0, 1]; a non-positive `full` gives 0.
double scaled_factor(double x, double full);

// Revenue growth between two scores as a factor: 0.5 at no change, 1 at +full_growth or
// more, 0 at -full_growth or less, linear between. No previous revenue gives 0.5.
double growth_factor(double revenue_now, double revenue_before, double full_growth);

}  // namespace offersim::models
