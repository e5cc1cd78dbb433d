// Who each customer is when it joins: an sbg customer's own churn probability theta is drawn
// from the law of theta given its tenure, from a stream of its own, and counted in its bytes.
#include "engine/sim/customer_store.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "models/churn_hazard.hpp"
#include "tests/engine/sim/shard_columns.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

constexpr int kCustomers = 50000;

// One segment of `kCustomers` with a fixed tenure and the given churn block.
SimulationPlan plan_with(const std::string& churn_yaml, int tenure_months) {
    const std::string text = fmt::format(R"(
name: store
horizon_months: 3
seed: 99
tiers:
  - id: t
    monthly_fee_cny: 50
    overage: {{ voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: s
    size: {}
    tenure_months: {{ distribution: fixed, mean: {} }}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 100, cv: 1 }}
      data_mb: {{ distribution: gamma, mean: 10, cv: 1 }}
      sms: {{ distribution: gamma, mean: 50, cv: 1 }}
    churn: {}
)",
                                         kCustomers, tenure_months, churn_yaml);
    return compile_plan(scenario::load_scenario_text(text, "store.yaml"));
}

CustomerStore created(const SimulationPlan& plan) {
    CustomerStore store(plan);
    for (const Shard& shard : store.shards()) store.create_customers(plan, shard, replication_key(99, 0));
    return store;
}

}  // namespace

TEST(CustomerStore, ThetaIsDrawnFromTheLawOfThetaGivenTheTenure) {
    // Tenure 24: theta ~ Beta(1.5, 12 + 24), mean h(25) = 1.5 / 37.5 = 0.04; the sample mean of
    // N draws has standard error sd / sqrt(N), sd^2 = a b / ((a + b)^2 (a + b + 1)).
    const SimulationPlan plan = plan_with("{ model: sbg, alpha: 1.5, beta: 12 }", 24);
    const CustomerStore store = created(plan);
    const SegmentPlan& seg = plan.segments[0];
    const auto row = seg.theta_atoms.begin() + seg.theta_row[24];
    const double a = 1.5;
    const double b = 36.0;
    double mean = 0.0;
    for (float theta : store.churn_theta) {
        ASSERT_TRUE(std::binary_search(row, row + kPropensityAtoms, theta))
            << theta << " is no atom of tenure 24";
        mean += theta / kCustomers;
    }
    const double expected = a / (a + b);
    const double std_error = std::sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)) / kCustomers);
    EXPECT_NEAR(mean, expected, 4 * std_error)
        << "mean theta, expected " << expected << " +- 4 x " << std_error;
}

TEST(CustomerStore, ThetaHasItsOwnStreamSoNoOtherDrawMoves) {
    // The same segment with a constant hazard draws the same tier, tenure and propensities.
    const SimulationPlan sbg = plan_with("{ model: sbg, alpha: 1.5, beta: 12 }", 24);
    const SimulationPlan constant = plan_with("{ model: constant, monthly_hazard: 0.03 }", 24);
    const CustomerStore with = created(sbg);
    const CustomerStore without = created(constant);
    EXPECT_EQ(with.tier, without.tier);
    EXPECT_EQ(with.tenure_months, without.tenure_months);
    EXPECT_EQ(with.voice_propensity, without.voice_propensity);
    EXPECT_EQ(with.data_propensity, without.data_propensity);
    EXPECT_EQ(with.sms_propensity, without.sms_propensity);
    EXPECT_EQ(with.churn_theta.size(), static_cast<std::size_t>(kCustomers));
    EXPECT_TRUE(without.churn_theta.empty());
}

TEST(CustomerStore, BytesPerCustomerCountTheOwnChurnProbability) {
    EXPECT_EQ(CustomerStore::bytes_per_customer(plan_with("{ model: constant, monthly_hazard: 0.03 }", 0)),
              21u);
    EXPECT_EQ(CustomerStore::bytes_per_customer(plan_with("{ model: sbg, alpha: 1.5, beta: 12 }", 0)), 25u);
}

namespace {

// The bytes each allocated column of `store` that spans every customer holds per customer.
std::vector<std::size_t> allocated_widths(const CustomerStore& store) {
    const auto n = static_cast<std::size_t>(store.size());
    std::vector<std::size_t> widths;
    test::for_each_column(store, [&](const auto& column) {
        if (!column.empty() && static_cast<const void*>(&column) != static_cast<const void*>(&store.spend))
            widths.push_back(column.size() / n * sizeof(column[0]));
    });
    return widths;
}

}  // namespace

TEST(CustomerStore, ColumnWidthsAreTheColumnsItAllocatesAndAddUpToItsBytes) {
    // Examples between them with every optional column: prices answered (baseline), behaviours
    // with VIP spend, usage answering prices, group members, an sbg segment.
    for (const char* name :
         {"baseline.yaml", "examples/customer_behaviour.yaml", "examples/mass_peak_load_pricing.yaml",
          "examples/group_tender.yaml", "examples/vip_flat_rate_abuse.yaml"}) {
        const SimulationPlan plan =
            compile_plan(scenario::load_scenario(std::string(OFFERSIM_SOURCE_DIR "/scenarios/") + name));
        const CustomerStore store(plan);
        std::vector<std::size_t> widths = CustomerStore::column_widths(plan);
        std::vector<std::size_t> allocated = allocated_widths(store);
        std::sort(widths.begin(), widths.end());
        std::sort(allocated.begin(), allocated.end());
        EXPECT_EQ(widths, allocated) << name;
        // The VIP window, held by the graded customers only, spread over the whole base.
        const auto window_bytes = static_cast<std::int64_t>(CustomerStore::vip_window_bytes(plan));
        const std::int64_t graded = CustomerStore::vip_window_customers(plan);
        EXPECT_EQ(static_cast<std::int64_t>(store.spend.size() * sizeof(float)), window_bytes * graded)
            << name;
        const std::int64_t customers = store.size();
        EXPECT_EQ(std::accumulate(widths.begin(), widths.end(), std::size_t{0}) +
                      static_cast<std::size_t>((window_bytes * graded + customers - 1) / customers),
                  CustomerStore::bytes_per_customer(plan))
            << name;
    }
}

// Only the customers VIP grading grades hold a window of bills: each graded shard's slots lie
// apart from every other shard's, in the store's order, and the others have none. The mass
// market of customer_behaviour.yaml is not graded, so its customers hold 41 bytes, not 65.
TEST(CustomerStore, OnlyGradedCustomersHoldAVipWindow) {
    const SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml"));
    CustomerStore store(plan);
    const int window = plan.behaviour.window_months;
    ASSERT_GT(window, 1);
    const std::int64_t graded = CustomerStore::vip_window_customers(plan);
    ASSERT_GT(graded, 0);
    ASSERT_LT(graded, store.size());
    std::int64_t held = 0;
    const float* next = store.spend.data();  // where the next graded shard's first slot starts
    for (const Shard& shard : store.shards()) {
        const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
        const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
        const float* const first = store.vip_window(shard, 0);
        ASSERT_EQ(first != nullptr, CustomerStore::holds_vip_window(plan, seg)) << seg.id;
        if (first == nullptr) continue;
        EXPECT_EQ(first, next) << seg.id;
        for (int slot = 1; slot < window; ++slot)
            EXPECT_EQ(store.vip_window(shard, slot), first + slot * graded) << seg.id << ", slot " << slot;
        next = first + (shard.end - shard.begin);
        held += shard.end - shard.begin;
    }
    EXPECT_EQ(held, graded);
    const std::vector<std::size_t> widths = CustomerStore::column_widths(plan);
    EXPECT_EQ(std::accumulate(widths.begin(), widths.end(), std::size_t{0}), 41u);
    EXPECT_EQ(CustomerStore::vip_window_bytes(plan), 24u);
}

}  // namespace offersim::sim
