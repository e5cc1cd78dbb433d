#pragma once
// Every line of every tier rounded by a rule drawn at random (half up, half even or
// truncated), so that the tests of columns rated as each customer alone (behaviour_test,
// revenue_at_risk_test) meet ties and truncation as well as the usual half up.
#include "engine/sim/plan.hpp"
#include "models/rating.hpp"

#include <cstddef>
#include <random>

namespace offersim::sim::test {

inline void round_lines_at_random(TierTable& tiers, std::mt19937_64& rng) {
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        const auto set = [&](double divisor, double& half, double& even) {
            const models::LineRounding r =
                models::LineRounding::of(static_cast<Rounding>(rng() % 3), divisor);
            half = r.half;
            even = r.even;
        };
        set(models::kVoiceDivisor, tiers.voice_half[t], tiers.voice_even[t]);
        set(models::kDataDivisor, tiers.data_half[t], tiers.data_even[t]);
        set(models::kSmsDivisor, tiers.sms_half[t], tiers.sms_even[t]);
    }
    tiers.all_half_up = false;
}

}  // namespace offersim::sim::test
