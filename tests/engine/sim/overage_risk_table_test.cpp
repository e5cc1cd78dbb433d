// The overage risk tables of choice events (engine/sim/overage_risk_table.hpp) hold what
// models::exceed_probability gives, bit for bit, for every mean and allowance, the edges
// included; a mean that is not one of the table's has no row; and a simulation reads them
// only where they hold its plan: with them, without them, and with a plan changed after
// compiling, every figure is the same.
#include "engine/sim/overage_risk_table.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "models/plan_choice.hpp"
#include "tests/engine/sim/random_atoms.hpp"
#include "tests/engine/sim/three_tiers.hpp"

#include <gtest/gtest.h>
#include <unistd.h>
#include <algorithm>
#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

std::uint64_t risk_bits(double x) {
    return std::bit_cast<std::uint64_t>(x);
}

// Means from a segment's atoms and from anywhere, with the edges: zero, tiny and huge.
std::vector<float> random_risk_means(std::mt19937_64& rng) {
    std::lognormal_distribution<float> usage(5.0f, 1.5f);
    std::vector<float> means{0.0f, 1e-30f, 1.0f, 260.0f, 1e12f};
    for (int k = 0; k < 2000; ++k) means.push_back(usage(rng));
    return means;
}

// Allowances as tiers hold them: none, the unlimited sentinel, a mean exactly, and others.
std::vector<double> random_risk_allowances(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> allowance(1.0, 5000.0);
    std::vector<double> allowances{0.0, 1e9, 260.0, -0.0};
    for (int k = 0; k < 8; ++k) allowances.push_back(allowance(rng));
    return allowances;
}

}  // namespace

TEST(OverageRiskTable, EveryEntryIsTheDirectRiskBitForBit) {
    std::mt19937_64 rng(20261204);
    for (const double sigma : {0.0, 0.1, 0.3853, 1.2}) {
        const std::vector<float> means = random_risk_means(rng);
        const std::vector<double> allowances = random_risk_allowances(rng);
        const OverageRiskTable table(means, allowances, sigma);
        ASSERT_EQ(table.columns(), allowances.size());
        for (const float mean : means) {
            const double* row = table.row(mean);
            ASSERT_NE(row, nullptr) << mean;
            for (std::size_t k = 0; k < allowances.size(); ++k)
                EXPECT_EQ(risk_bits(row[k]),
                          risk_bits(models::exceed_probability(mean, allowances[k], sigma)))
                    << "mean " << mean << ", allowance " << allowances[k] << ", sigma " << sigma;
        }
    }
}

TEST(OverageRiskTable, AMeanThatIsNotOneOfTheTablesHasNoRow) {
    const std::vector<float> means{300.0f, 40.0f, 300.0f, 0.0f};
    const OverageRiskTable table(means, std::vector<double>{260.0}, 0.3);
    EXPECT_NE(table.row(300.0f), nullptr);
    EXPECT_NE(table.row(0.0f), nullptr);
    EXPECT_EQ(table.row(std::nextafter(300.0f, 1e9f)), nullptr);
    EXPECT_EQ(table.row(-0.0f), nullptr);  // equal in value, not in bits
    EXPECT_EQ(table.row(1e9f), nullptr);
    EXPECT_EQ(OverageRiskTable().row(300.0f), nullptr);
}

namespace {

// The bits of `means`, sorted: is a float one of them, bit for bit.
std::vector<std::uint32_t> sorted_bits(const std::vector<float>& means) {
    std::vector<std::uint32_t> bits;
    for (const float m : means) bits.push_back(std::bit_cast<std::uint32_t>(m));
    std::sort(bits.begin(), bits.end());
    return bits;
}

}  // namespace

// The row is found by the mean's bits (AtomIndex's two slots): every mean of the table has its
// own row, and any other float (its neighbours, any bits at all) has none.
TEST(OverageRiskTable, EachMeanFindsItsOwnRowAndNoOtherFloatOne) {
    std::mt19937_64 rng(20261204);
    std::uniform_int_distribution<std::uint32_t> any_bits;
    const std::vector<double> allowances{0.0, 60.0, 1e9};
    for (int round = 0; round < 40; ++round) {
        const std::vector<float> means = test::random_atoms(rng, round % 4, false);
        const OverageRiskTable table(means, allowances, 0.3);
        const std::vector<std::uint32_t> members = sorted_bits(means);
        std::vector<float> probes;
        for (const float m : means) {
            probes.push_back(m);
            const std::uint32_t bits = std::bit_cast<std::uint32_t>(m);
            probes.push_back(std::bit_cast<float>(bits + 1));
            probes.push_back(std::bit_cast<float>(bits - 1));
        }
        for (int k = 0; k < 2000; ++k) probes.push_back(std::bit_cast<float>(any_bits(rng)));
        probes.push_back(std::bit_cast<float>(0u));
        probes.push_back(std::bit_cast<float>(~0u));
        for (const float probe : probes) {
            const double* row = table.row(probe);
            ASSERT_EQ(row != nullptr,
                      std::binary_search(members.begin(), members.end(), std::bit_cast<std::uint32_t>(probe)))
                << "round " << round << ", bits " << std::bit_cast<std::uint32_t>(probe);
            if (!row) continue;
            for (std::size_t k = 0; k < allowances.size(); ++k)
                ASSERT_EQ(risk_bits(row[k]), risk_bits(models::exceed_probability(probe, allowances[k], 0.3)))
                    << "round " << round << ", bits " << std::bit_cast<std::uint32_t>(probe);
        }
    }
}

TEST(OverageRiskTable, HoldsOnlyTheSigmaAndAllowancesItWasBuiltFor) {
    const OverageRiskTable table(std::vector<float>{300.0f}, std::vector<double>{260.0, 480.0}, 0.3);
    EXPECT_TRUE(table.holds(0.3, 1, 480.0));
    EXPECT_FALSE(table.holds(0.3, 0, 480.0));
    EXPECT_FALSE(table.holds(std::nextafter(0.3, 1.0), 1, 480.0));
    EXPECT_FALSE(table.holds(0.3, 2, 480.0));
    EXPECT_FALSE(table.holds(0.3, -1, 480.0));
}

TEST(OverageRiskTable, DistinctValuesKeepEachValuesColumn) {
    std::vector<int> column;
    const std::vector<double> values{260.0, 480.0, 260.0, 0.0, -0.0, 480.0};
    EXPECT_EQ(distinct_values(values, column), (std::vector<double>{260.0, 480.0, 0.0, -0.0}));
    EXPECT_EQ(column, (std::vector<int>{0, 1, 0, 2, 3, 1}));
}

namespace {

// Customers of lognormal usage under contracts that end and a retention campaign that
// makes them re-choose, on tiers with no allowance, unlimited ones and a shared one; leaving
// answers prices, so each event weighs the reference's menu too (tiers of other allowances).
const std::string kRiskReference =
    "name: reference\nhorizon_months: 8\nseed: 5\n" + test::kThreeTiers + R"(segments:
  - id: s
    size: 20000
    tenure_months: { distribution: gamma, mean: 30, cv: 0.8 }
    tier_mix: { t28: 0.3, t58: 0.4, t128: 0.3 }
    usage:
      voice_min: { distribution: lognormal, mean: 350, cv: 0.9 }
      data_mb: { distribution: lognormal, mean: 45, cv: 1.3 }
      sms: { distribution: gamma, mean: 40, cv: 0.8 }
      monthly_cv: 0.4
    contract: { share: 0.6, remaining_months_max: 6 }
    churn: { model: constant, monthly_hazard: 0.02 }
    price_response: { leave_per_cny: 0.02 }
    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5, switching_cost_cny: 10, inertia: 0.5 }
  - id: idle
    size: 5000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t58: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 0 }
      data_mb: { distribution: lognormal, mean: 20, cv: 0.5 }
      sms: { distribution: fixed, mean: 0 }
      monthly_cv: 0.3
    contract: { share: 1, remaining_months_max: 4 }
    churn: { model: constant, monthly_hazard: 0.01 }
    price_response: { leave_per_cny: 0.02 }
    plan_choice: { price_per_cny: 0.05, overage_risk: 2 }
retention_campaigns:
  - id: keep
    segments: [s]
    start_month: 2
    contacts_per_month: 500
    cost_per_contact_cny: 5
    acceptance_probability: 0.4
    offer_cost_cny: 20
    hazard_multiplier: 0.5
    effect_months: 3
    rechoose_plan: true
)";

const std::string kRiskVariant = R"(extends: reference.yaml
name: variant
tiers:
  - id: t58
    monthly_fee_cny: 58
    included: { voice_min: 300, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t188
    monthly_fee_cny: 188
    included: { voice_min: unlimited, data_mb: unlimited }
    overage: { voice_per_min_cny: 0.1, data_per_mb_cny: 0.3, sms_each_cny: 0.1 }
)";

class ChoiceRiskTablesRun : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("offersim-risk-tables-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        write("reference.yaml", kRiskReference);
        write("variant.yaml", kRiskVariant);
    }
    void TearDown() override { fs::remove_all(dir_); }

    void write(const std::string& name, const std::string& text) const { std::ofstream(dir_ / name) << text; }

    SimulationPlan plan_of(const std::string& name) const {
        return compile_plan(scenario::load_scenario(dir_ / name));
    }

    static MetricCube run(const SimulationPlan& plan) { return run_simulation(plan, RunConfig::of(1, 5, 2)); }

    static SimulationPlan without_tables(SimulationPlan plan) {
        for (SegmentPlan& s : plan.segments) s.choice.risk_tables = nullptr;
        return plan;
    }

    static void expect_same(const MetricCube& a, const MetricCube& b) {
        EXPECT_EQ(a.values, b.values);
        EXPECT_EQ(a.active_by_tier, b.active_by_tier);
        EXPECT_EQ(a.migrations, b.migrations);
    }

    fs::path dir_;
};

}  // namespace

TEST_F(ChoiceRiskTablesRun, ATabulatedRunEqualsTheDirectOneBitForBit) {
    for (const std::string name : {"reference.yaml", "variant.yaml"}) {
        const SimulationPlan plan = plan_of(name);
        for (const SegmentPlan& s : plan.segments) ASSERT_NE(s.choice.risk_tables, nullptr) << name;
        const MetricCube tabulated = run(plan);
        expect_same(tabulated, run(without_tables(plan)));
        EXPECT_GT(tabulated.at(0, 7, tabulated.total_row(), Metric::plan_changes), 0.0) << name;
    }
}

// A plan changed after compiling (another sigma, another allowance) no longer matches its
// tables: its events compute every risk directly.
TEST_F(ChoiceRiskTablesRun, APlanChangedAfterCompilingComputesItsRisksDirectly) {
    SimulationPlan other_sigma = plan_of("variant.yaml");
    for (SegmentPlan& s : other_sigma.segments) s.choice.usage_sigma *= 1.5;
    expect_same(run(other_sigma), run(without_tables(other_sigma)));
    SimulationPlan other_allowance = plan_of("variant.yaml");
    other_allowance.tiers.included_voice_min[0] += 50.0;
    expect_same(run(other_allowance), run(without_tables(other_allowance)));
}

}  // namespace offersim::sim
