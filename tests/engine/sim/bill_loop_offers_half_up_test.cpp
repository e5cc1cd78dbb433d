// The offers' loop at Rating::split_half_up bills, charges and draws leavers as the full
// rating does, bit for bit, on tiers that all round half up (engine/sim/bill_loop_offers_half_up.cpp),
// and each segment gets the cheapest rating that gives its bills (rating_of, bill_loop.hpp).
#include "engine/scenario/loader.hpp"
#include "engine/sim/bill_loop.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <random>
#include <vector>

namespace offersim::sim::detail {

namespace {

constexpr int kBilledMonth = 6;

bool same_doubles(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (std::bit_cast<std::uint64_t>(a[k]) != std::bit_cast<std::uint64_t>(b[k])) return false;
    return true;
}

// The first initial shard of a segment that splits voice.
Shard first_split_voice_shard(const SimulationPlan& plan, const CustomerStore& store) {
    for (const Shard& shard : store.shards()) {
        const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
        if (cohort.join_month == 0 && plan.segments[static_cast<std::size_t>(cohort.segment)].splits_voice)
            return shard;
    }
    return {};
}

// What one month's loop leaves: the shard's lines, and each customer's revenue, cost,
// leaving, alive flag and tenure.
struct Billed {
    std::vector<double> lines, revenue, cost, leaves, alive, tenure;
};

Billed bill_month(Rating rating, const SimulationPlan& plan, CustomerStore store, const Shard& shard) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const BillPath path{.rating = rating, .own_churn = seg.own_churn()};
    ShardMonth out;
    out.reset(plan);
    Scratch scratch;
    bill_with_offers(path, plan, store, shard, cohort, kBilledMonth, replication_key(5, 0), out, scratch);
    const auto n = static_cast<std::size_t>(shard.end - shard.begin);
    Billed b{{out.lines.begin(), out.lines.end()},
             {scratch.revenue.begin(), scratch.revenue.begin() + static_cast<std::ptrdiff_t>(n)},
             {scratch.cost.begin(), scratch.cost.begin() + static_cast<std::ptrdiff_t>(n)},
             {scratch.leaves.begin(), scratch.leaves.begin() + static_cast<std::ptrdiff_t>(n)},
             {},
             {}};
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        b.alive.push_back(store.alive[static_cast<std::size_t>(i)]);
        b.tenure.push_back(store.tenure_months[static_cast<std::size_t>(i)]);
    }
    return b;
}

}  // namespace

TEST(BillLoopOffersHalfUp, EachSegmentGetsTheCheapestRatingThatGivesItsBills) {
    EXPECT_EQ(rating_of(false, true), Rating::plain);
    EXPECT_EQ(rating_of(true, true), Rating::split_half_up);
    EXPECT_EQ(rating_of(true, false), Rating::full);
    EXPECT_EQ(rating_of(false, false), Rating::full);
    EXPECT_TRUE(splits_voice(Rating::split_half_up) && rounds_half_up(Rating::split_half_up));
    EXPECT_TRUE(splits_voice(Rating::full) && !rounds_half_up(Rating::full));
    EXPECT_TRUE(!splits_voice(Rating::plain) && rounds_half_up(Rating::plain));
}

TEST(BillLoopOffersHalfUp, BillsAsTheFullRatingBitForBit) {
    // all_offers' split-voice segment, every tier half up, with random holdings of every offer
    // slot, take-up months and contract ends (fixed seed), billed once at each rating.
    const SimulationPlan plan =
        compile_plan(scenario::load_scenario(OFFERSIM_SOURCE_DIR "/bench/scenarios/all_offers.yaml"));
    ASSERT_TRUE(plan.tiers.all_half_up);
    CustomerStore store(plan);
    const Shard shard = first_split_voice_shard(plan, store);
    ASSERT_GT(shard.end, shard.begin);
    store.create_customers(plan, shard, replication_key(5, 0));
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const auto slots = plan.segments[static_cast<std::size_t>(cohort.segment)].offers.bundle_fee_fen.size();
    ASSERT_GT(slots, 2U);
    std::mt19937_64 rng(20261204);
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        store.offer[u] = static_cast<std::uint8_t>(rng() % 2 == 0 ? rng() % slots : 0);
        store.offer_month[u] = static_cast<std::uint16_t>(1 + rng() % kBilledMonth);
        store.contract_end[u] = static_cast<std::uint16_t>(rng() % 3 == 0 ? 0 : rng() % 30);
    }
    const Billed full = bill_month(Rating::full, plan, store, shard);
    const Billed half_up = bill_month(Rating::split_half_up, plan, store, shard);
    EXPECT_TRUE(same_doubles(half_up.lines, full.lines));
    EXPECT_TRUE(same_doubles(half_up.revenue, full.revenue));
    EXPECT_TRUE(same_doubles(half_up.cost, full.cost));
    EXPECT_TRUE(same_doubles(half_up.leaves, full.leaves));
    EXPECT_TRUE(same_doubles(half_up.alive, full.alive));
    EXPECT_TRUE(same_doubles(half_up.tenure, full.tenure));
    // The month billed voice off-net and off-peak, and some customers left.
    EXPECT_GT(full.lines[static_cast<std::size_t>(Metric::off_net_min)], 0.0);
    EXPECT_GT(full.lines[static_cast<std::size_t>(Metric::churners)], 0.0);
}

}  // namespace offersim::sim::detail
