// A shard's retention scores as a column equal the scores computed one customer at a time as
// the ranking did before (the hazard, UsualBills::fen, the warning weight), bit for bit, for
// each of the column's four ratings (voice split or not, every line half up or not).
#include "engine/sim/revenue_at_risk.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/behaviour.hpp"
#include "engine/sim/simulation.hpp"
#include "models/rating.hpp"
#include "tests/engine/sim/random_rounding.hpp"
#include "tests/engine/sim/shard_columns.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace offersim::sim {

namespace {

// The score select_shard_candidates computed for customer `u`, one customer at a time.
double direct_score(const SimulationPlan& plan, const SegmentPlan& seg, const CustomerStore& store,
                    std::size_t u, const CampaignPlan& campaign, int month) {
    const double competitor = seg.competitor_factor[static_cast<std::size_t>(month - 1)];
    const int completed = std::min<int>(store.tenure_months[u], kHazardMonths - 1);
    const double hazard = seg.hazard[static_cast<std::size_t>(completed)] * competitor *
                          plan.behaviour.level_multiplier[store.vip_level[u]];
    const double value = UsualBills(plan, seg).fen(store.tier[u], store.offer[u], store.voice_propensity[u],
                                                   store.data_propensity[u], store.sms_propensity[u]);
    const double warning = store.warning_until[u] >= month ? campaign.warning_weight : 1.0;
    return hazard * value * warning;
}

}  // namespace

TEST(RevenueAtRisk, EveryScoreIsTheDirectComputationsBitForBit) {
    SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml"));
    ASSERT_FALSE(plan.behaviour.campaigns.empty());
    CampaignPlan& campaign = plan.behaviour.campaigns.front();
    campaign.warning_weight = 2.5;
    CustomerStore store(plan);
    const auto open = std::find_if(store.shards().begin(), store.shards().end(), [&](const Shard& s) {
        const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(s.cohort)];
        return campaign.open_to_segment[static_cast<std::size_t>(cohort.segment)] != 0;
    });
    ASSERT_NE(open, store.shards().end());
    const Shard shard = *open;
    SegmentPlan& seg = plan.segments[static_cast<std::size_t>(
        store.cohorts()[static_cast<std::size_t>(shard.cohort)].segment)];
    test::cover_shard(shard, store.tier, store.offer, store.tenure_months, store.vip_level,
                      store.warning_until, store.voice_propensity, store.data_propensity,
                      store.sms_propensity);
    std::mt19937_64 rng(20261205);
    std::lognormal_distribution<float> usage(4.0f, 1.5f);
    std::uniform_real_distribution<double> share(0.0, 1.0);
    const float odd_usage[] = {std::numeric_limits<float>::infinity(), 3e38f, 0.0f,
                               std::numeric_limits<float>::quiet_NaN()};
    const auto some_usage = [&] { return rng() % 50 == 0 ? odd_usage[rng() % 4] : usage(rng); };
    const auto tiers = plan.tiers.size();
    const auto offers = seg.offers.bundle_fee_fen.size();
    const auto levels = plan.behaviour.level_multiplier.size();
    std::vector<double> scores;
    for (const bool split_voice : {false, true})
        for (const bool half_up : {true, false}) {
            seg.splits_voice = split_voice;
            for (std::size_t t = 0; t < tiers; ++t) {
                seg.intra_group_share[t] = split_voice ? share(rng) * 0.3 : 0.0;
                seg.off_net_fraction[t] = split_voice ? share(rng) : 0.0;
            }
            seg.off_peak_share = split_voice ? share(rng) : 0.0;
            // Floors that sometimes exceed the usual bill, so that each of the three can win.
            for (std::size_t t = 0; t < tiers; ++t) plan.tiers.min_spend_fen[t] = share(rng) * 60000.0;
            for (double& floor : seg.offers.contract_floor_fen) floor = share(rng) * 60000.0;
            if (!half_up) test::round_lines_at_random(plan.tiers, rng);
            const int month = 2 + static_cast<int>(rng() % 35);
            for (std::int64_t i = shard.begin; i < shard.end; ++i) {
                const auto u = static_cast<std::size_t>(i);
                store.tier[u] = static_cast<std::uint8_t>(rng() % tiers);
                store.offer[u] = static_cast<std::uint8_t>(rng() % offers);
                store.tenure_months[u] = static_cast<std::uint16_t>(rng() % (kHazardMonths + 100));
                store.vip_level[u] = static_cast<std::uint8_t>(rng() % levels);
                store.warning_until[u] = static_cast<std::uint16_t>(rng() % 40);
                store.voice_propensity[u] = some_usage() * 4.0f;
                store.data_propensity[u] = some_usage();
                store.sms_propensity[u] = some_usage();
            }
            revenue_at_risk(plan, store, shard, campaign, month, scores);
            ASSERT_EQ(scores.size(), static_cast<std::size_t>(shard.end - shard.begin));
            for (std::int64_t i = shard.begin; i < shard.end; ++i) {
                const auto u = static_cast<std::size_t>(i);
                const double expected = direct_score(plan, seg, store, u, campaign, month);
                ASSERT_EQ(std::bit_cast<std::uint64_t>(scores[static_cast<std::size_t>(i - shard.begin)]),
                          std::bit_cast<std::uint64_t>(expected))
                    << "voice split " << split_voice << ", half up " << half_up << ", customer " << i
                    << ": tier " << int{store.tier[u]} << ", offer " << int{store.offer[u]};
            }
        }
}

}  // namespace offersim::sim
