// The memory estimate counts every buffer a run holds at its peak (the customers, every
// shard's month buffers, each thread's scratch, the cube, the summaries and the output
// files), and every one of them grows at most linearly in customers x months.
#include "engine/core/untouched_allocator.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/retention_ranking.hpp"
#include "engine/sim/run.hpp"
#include "tests/cli/small_scenario.hpp"
#include "tests/engine/sim/shard_columns.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <string>

namespace offersim::sim {

namespace {

// One segment of `size` customers joined by `adds` a month over `months` months, `offers` offers.
SimulationPlan plan_of(int size, int adds, int months, int offers) {
    return compile_plan(
        scenario::load_scenario_text(cli_test::sized_scenario(1, size, adds, months, offers), "sized.yaml"));
}

}  // namespace

TEST(MemoryEstimate, AddsUpEveryBufferOfASmallRun) {
    // 10,000 customers in two shards (8,192 and 1,808), 12 months, one tier, no offers, no
    // behaviour, 3 replications on one thread.
    const SimulationPlan plan = plan_of(10000, 0, 12, 0);
    const MemoryEstimate e = estimate_memory(plan, 3, 1);
    EXPECT_EQ(e.bytes_per_customer, 21u);
    EXPECT_EQ(e.store_bytes, 10000.0 * 21);
    EXPECT_EQ(e.shard_bytes, 2.0 * (sizeof(ShardMonth) + sizeof(Shard) + 8.0 * 1) + sizeof(Cohort) +
                                 static_cast<double>(kShardCustomers) *
                                     (48 + 54));  // 16: draw keys, places; 54: the scalar passes' lists
    // Per replication and month: 45 lines for the segment and the whole base, one tier.
    EXPECT_EQ(e.cube_bytes, 3.0 * 12 * 8 * (2 * 45 + 1));
    // Per month: 49 monthly lines (45 and 4 ratios) for each row, one tier's mix.
    EXPECT_EQ(e.output_bytes, 12.0 * (2 * 49 + 1) * 200);
    EXPECT_EQ(e.table_bytes, 0.0);
    const double peak = kProgramBytes + e.cube_bytes + std::max(e.simulation_bytes(), e.output_bytes);
    EXPECT_DOUBLE_EQ(e.gib, peak / (1u << 30));
}

TEST(MemoryEstimate, CountsALargeColumnInWholeHugePages) {
    // A million customers, 21 bytes each: the byte and uint16 columns (1 MB, 2 MB) stay below
    // a huge page and count as their bytes; each float column (4,000,000 bytes) becomes
    // resident in two huge pages (engine/core/untouched_allocator.hpp).
    const MemoryEstimate e = estimate_memory(plan_of(1'000'000, 0, 12, 0), 1, 1);
    EXPECT_EQ(e.bytes_per_customer, 21u);
    EXPECT_EQ(e.store_bytes, 3 * 1e6 + 3 * 2e6 + 3 * 2.0 * static_cast<double>(kHugePageBytes));
}

// The estimate's store is what the store allocates, column by column, each of a huge page or
// more in whole huge pages: the VIP window (6 months of bills) for the graded VIP segments'
// customers only, not for the mass market (docs/architecture.md, "The customer store").
TEST(MemoryEstimate, TheStoreIsWhatItAllocatesTheVipWindowForGradedCustomersOnly) {
    const SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml"));
    const CustomerStore store(plan);
    const auto huge_page = static_cast<double>(kHugePageBytes);
    double allocated = 0.0;
    test::for_each_column(store, [&](const auto& column) {
        const auto bytes = static_cast<double>(column.size() * sizeof(column[0]));
        allocated += bytes < huge_page ? bytes : std::ceil(bytes / huge_page) * huge_page;
    });
    const MemoryEstimate e = estimate_memory(plan, 1, 1);
    EXPECT_EQ(e.store_bytes, allocated);
    // 6 months of 4-byte bills for the 8.5% of customers in vip_grading's segments: 3 bytes a
    // customer on average, where every customer held 24 before.
    EXPECT_EQ(store.spend.size(), 6 * static_cast<std::size_t>(CustomerStore::vip_window_customers(plan)));
    EXPECT_EQ(e.bytes_per_customer, 44u);
}

TEST(MemoryEstimate, MonthlyCohortsOverALongHorizonGrowLinearlyNotAsMonthsSquared) {
    // A small base joined by one customer a month, with 20 offers: every month is a cohort
    // of its own, in a shard of its own. Doubling the months doubles the customers, the
    // shards and the months of figures: no buffer may grow fourfold.
    const MemoryEstimate half = estimate_memory(plan_of(1, 1, 300, 20), 10, 2);
    const MemoryEstimate full = estimate_memory(plan_of(1, 1, 600, 20), 10, 2);
    EXPECT_LT(full.shard_bytes, 2.1 * half.shard_bytes);
    EXPECT_LT(full.cube_bytes, 2.1 * half.cube_bytes);
    EXPECT_LT(full.output_bytes, 2.1 * half.output_bytes);
    // Each one-customer shard holds at most one take-up cohort's margin, however many offers.
    EXPECT_LE(full.shard_bytes, 601 * (sizeof(ShardMonth) + sizeof(Shard) + 8.0 * (1 + 20 * 6) + 16) +
                                    601 * sizeof(Cohort) + 20 * 600 * 8 +
                                    2 * (kShardCustomers * (48 + 54) + 20 * 600 * 9));
}

TEST(MemoryEstimate, RetentionCampaignsRankInAFewListsNotBytesPerCustomer) {
    // 100,000 customers (13 shards) and a campaign of 2,000 contacts a month, on 2 threads:
    // the ranking adds its lists to the shards' part and nothing to each customer; the
    // behaviour state adds its bytes a customer and a tier's plan changes (8 bytes) a shard.
    const std::string yaml = cli_test::sized_scenario(1, 100000, 0, 12, 0);
    const std::string campaign = R"(retention_campaigns:
  - { id: save, contacts_per_month: 2000, acceptance_probability: 0.5, hazard_multiplier: 0 }
)";
    const SimulationPlan plain = compile_plan(scenario::load_scenario_text(yaml, "sized.yaml"));
    const SimulationPlan ranked = compile_plan(scenario::load_scenario_text(yaml + campaign, "sized.yaml"));
    const MemoryEstimate without = estimate_memory(plain, 1, 2);
    const MemoryEstimate with = estimate_memory(ranked, 1, 2);
    EXPECT_EQ(with.bytes_per_customer, CustomerStore::bytes_per_customer(ranked));
    EXPECT_EQ(with.shard_bytes - without.shard_bytes,
              13 * 8.0 + (2 * 4 * 2 + 3) * 2000.0 * sizeof(RetentionCandidate));
}

TEST(MemoryEstimate, ChoiceEventsCountTheirChoosersScratchPerThread) {
    // 100,000 customers (13 shards) on 2 threads: a segment that chooses plans adds, per thread,
    // a shard's worth of choosers' scratch (marks, places, risk rows, means: 37 bytes, and a
    // usage bill for each of its 1 tier) and, with the behaviours, a tier's plan changes (8
    // bytes) a shard; nothing a customer beyond the behaviour state.
    const std::string yaml = cli_test::sized_scenario(1, 100000, 0, 12, 0);
    std::string choosing = yaml;
    const std::string churn = "    churn: { model: constant, monthly_hazard: 0.03 }\n";
    ASSERT_NE(choosing.find(churn), std::string::npos);
    choosing.replace(choosing.find(churn), churn.size(),
                     churn + "    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5 }\n");
    const SimulationPlan plain = compile_plan(scenario::load_scenario_text(yaml, "sized.yaml"));
    const SimulationPlan chooses = compile_plan(scenario::load_scenario_text(choosing, "sized.yaml"));
    ASSERT_TRUE(chooses.segments.front().choice.enabled);
    const MemoryEstimate without = estimate_memory(plain, 1, 2);
    const MemoryEstimate with = estimate_memory(chooses, 1, 2);
    EXPECT_EQ(with.bytes_per_customer, CustomerStore::bytes_per_customer(chooses));
    EXPECT_EQ(with.shard_bytes - without.shard_bytes, 13 * 8.0 + 2.0 * kShardCustomers * (37 + 8 * 1));
}

}  // namespace offersim::sim
