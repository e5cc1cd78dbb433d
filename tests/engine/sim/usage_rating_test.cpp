// Rating without loading a rule (kHalfUp) gives every line the rule-loading rating gives when
// every tier rounds half up, bit for bit, with voice split or not; the rating chosen at run
// time takes it only then (engine/sim/usage_rating.hpp).
#include "engine/sim/usage_rating.hpp"
#include "engine/sim/plan.hpp"
#include "models/rating.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <random>
#include <vector>

namespace offersim::sim {

namespace {

constexpr int kRandomTiers = 5;
constexpr int kRandomDraws = 20000;

bool same_line(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool same_lines(const UsageFen& a, const UsageFen& b) {
    return same_line(a.voice, b.voice) && same_line(a.intra_group, b.intra_group) &&
           same_line(a.data, b.data) && same_line(a.sms, b.sms) && same_line(a.off_net_min, b.off_net_min);
}

// Tiers of random allowances and sub-fen rates (ties at half a fen are common), every line
// rounded by `rule`; shares of minutes by tier for a segment that splits voice.
struct RandomTiers {
    TierTable table;
    std::vector<double> intra_share;
    std::vector<double> off_net_share;

    RandomTiers(std::mt19937_64& rng, Rounding rule) {
        std::uniform_int_distribution<int> allowance(0, 600);
        std::uniform_int_distribution<int> rate(0, 400);  // centi-fen a unit
        std::uniform_real_distribution<double> share(0.0, 0.6);
        TierTable& t = table;
        for (int k = 0; k < kRandomTiers; ++k) {
            t.included_voice_sec.push_back(allowance(rng) * models::kSecondsPerMinute);
            t.included_data_kb.push_back(allowance(rng) * models::kKbPerMb);
            t.included_sms.push_back(allowance(rng));
            for (auto* rates : {&t.voice_on_net_centifen, &t.voice_off_net_centifen,
                                &t.voice_on_net_off_peak_centifen, &t.voice_off_net_off_peak_centifen,
                                &t.intra_group_centifen, &t.data_centifen, &t.sms_centifen})
                rates->push_back(rate(rng));
            t.add_rounding(rule, rule, rule);
            intra_share.push_back(share(rng));
            off_net_share.push_back(share(rng));
        }
    }

    TierRates rates(double off_peak_share) const {
        return TierRates::of(table, intra_share.data(), off_net_share.data(), off_peak_share);
    }
};

// A month's use in minutes, MB and messages, up to a few allowances' worth.
struct RandomUse {
    float voice;
    float data;
    float sms;
    double off_peak;
};

RandomUse random_use(std::mt19937_64& rng) {
    std::uniform_real_distribution<float> units(0.0f, 1500.0f);
    std::uniform_real_distribution<double> share(0.0, 1.0);
    return {units(rng), units(rng), units(rng), share(rng)};
}

}  // namespace

TEST(UsageRating, HalfUpRatingEqualsTheRuleLoadingOneWhenEveryTierRoundsHalfUp) {
    std::mt19937_64 rng(20261204);
    const RandomTiers tiers(rng, Rounding::half_up);
    const TierRates r = tiers.rates(0.3);
    for (int i = 0; i < kRandomDraws; ++i) {
        const int t = i % kRandomTiers;
        const RandomUse u = random_use(rng);
        EXPECT_TRUE(same_lines(rate_usage_drawn<true, true>(r, t, u.voice, u.data, u.sms, u.off_peak),
                               rate_usage_drawn<true, false>(r, t, u.voice, u.data, u.sms, u.off_peak)))
            << "split voice, draw " << i;
        EXPECT_TRUE(same_lines(rate_usage_drawn<false, true>(r, t, u.voice, u.data, u.sms, u.off_peak),
                               rate_usage_drawn<false, false>(r, t, u.voice, u.data, u.sms, u.off_peak)))
            << "voice on-net, draw " << i;
    }
}

TEST(UsageRating, TheRatingChosenAtRunTimeFollowsEachTiersRule) {
    // Half up, half even and truncate: each gives the rule-loading rating's lines, so a table
    // that rounds other than half up is never rated half up.
    std::mt19937_64 rng(7);
    int differs_from_half_up = 0;
    for (const Rounding rule : {Rounding::half_up, Rounding::half_even, Rounding::truncate}) {
        const RandomTiers tiers(rng, rule);
        const TierRates r = tiers.rates(0.25);
        for (int i = 0; i < kRandomDraws; ++i) {
            const int t = i % kRandomTiers;
            const RandomUse u = random_use(rng);
            for (const bool split : {true, false}) {
                const UsageFen chosen = rate_usage_drawn(split, r, t, u.voice, u.data, u.sms, u.off_peak);
                const UsageFen by_rule =
                    split ? rate_usage_drawn<true>(r, t, u.voice, u.data, u.sms, u.off_peak)
                          : rate_usage_drawn<false>(r, t, u.voice, u.data, u.sms, u.off_peak);
                const UsageFen half_up =
                    split ? rate_usage_drawn<true, true>(r, t, u.voice, u.data, u.sms, u.off_peak)
                          : rate_usage_drawn<false, true>(r, t, u.voice, u.data, u.sms, u.off_peak);
                EXPECT_TRUE(same_lines(chosen, by_rule))
                    << "rule " << static_cast<int>(rule) << ", draw " << i;
                differs_from_half_up += same_lines(by_rule, half_up) ? 0 : 1;
            }
        }
    }
    EXPECT_GT(differs_from_half_up, 0);  // the draws reach lines where the rules differ
}

}  // namespace offersim::sim
