#include "models/group.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::models {

double group_switch_probability(const SwitchTerms& terms, const GroupStanding& group, double bid_strength) {
    const double k = std::clamp(group.bound_key_person_share, 0.0, 1.0);
    double p = terms.base_probability * std::max(0.0, bid_strength);
    p *= std::pow(terms.bundle_multiplier, std::max(0, group.bundles));
    p *= 1.0 - k * (1.0 - terms.bound_key_person_multiplier);
    // Skipped at b = 0 so that groups beside the base keep their probabilities bit for bit.
    if (const double b = std::clamp(group.member_bundle_share, 0.0, 1.0); b > 0.0)
        p *= 1.0 - b * (1.0 - terms.member_bundle_multiplier);
    if (group.leader_loyal) p *= terms.loyal_leader_multiplier;
    return std::clamp(p, 0.0, 1.0);
}

double expected_on_net_after_join(double members, double on_net, double join_probability) {
    return on_net + (members - on_net) * join_probability;
}

double group_value_score(const ValueFactors& factors, const double (&weights)[kValueFactorCount]) {
    double weighted = 0.0;
    double total = 0.0;
    for (int f = 0; f < kValueFactorCount; ++f) {
        weighted += weights[f] * std::clamp(factors.value[f], 0.0, 1.0);
        total += weights[f];
    }
    return total > 0.0 ? 100.0 * weighted / total : 0.0;
}

int group_value_tier(double score, const std::vector<double>& min_scores_high_to_low) {
    const auto n = static_cast<int>(min_scores_high_to_low.size());
    for (int t = 0; t < n; ++t)
        if (score >= min_scores_high_to_low[static_cast<std::size_t>(t)]) return t;
    return std::max(0, n - 1);
}

double scaled_factor(double x, double full) {
    return full > 0.0 ? std::clamp(x / full, 0.0, 1.0) : 0.0;
}

double growth_factor(double revenue_now, double revenue_before, double full_growth) {
    if (revenue_before <= 0.0 || full_growth <= 0.0) return 0.5;
    const double growth = revenue_now / revenue_before - 1.0;
    return std::clamp(0.5 + 0.5 * growth / full_growth, 0.0, 1.0);
}

}  // namespace offersim::models
