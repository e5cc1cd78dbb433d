// The initial base from a customer extract (docs/models.md §33), end to end from the YAML
// key to the simulated figures: the store holds the rows, and shuffling the rows leaves
// every result bit for bit the same.
#include "engine/data/sample_extract.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/engine/sim/shuffled_rows.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

const fs::path kExtractExample = OFFERSIM_SOURCE_DIR "/docs/examples/customer_extract.yaml";

// A copy of the example in `dir` whose extract is `csv`.
fs::path example_with_extract(const fs::path& dir, const std::string& csv) {
    fs::create_directories(dir / "data");
    std::ofstream(dir / "data" / "customers.csv", std::ios::binary) << csv;
    fs::copy_file(kExtractExample, dir / "scenario.yaml", fs::copy_options::overwrite_existing);
    return dir / "scenario.yaml";
}

MetricCube run_extract_scenario(const fs::path& file, int threads) {
    const scenario::Scenario sc = scenario::load_scenario(file);
    RunConfig config;
    config.replications = 4;
    config.seed = sc.seed;
    config.threads = threads;
    return run_simulation(compile_plan(sc), config);
}

}  // namespace

TEST(ExtractBase, TheStoreHoldsTheRowsOfTheExtract) {
    const fs::path dir = fs::temp_directory_path() / "offersim-extract-store";
    const fs::path file = example_with_extract(
        dir,
        "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n"
        "A,mass,plus_88,7,321.5,12,40,2009-12,,,x\n"
        "B,vip,plus_88,90,800,50,100,,gold,,y\n");
    const scenario::Scenario sc = scenario::load_scenario(file);
    fs::remove_all(dir);
    EXPECT_EQ(sc.segments[0].size, 1);
    EXPECT_EQ(sc.segments[1].size, 1);
    const SimulationPlan plan = compile_plan(sc);
    CustomerStore store(plan);
    for (const Shard& shard : store.shards())
        if (store.cohorts()[static_cast<std::size_t>(shard.cohort)].join_month == 0)
            store.create_customers(plan, shard, replication_key(1, 0));
    const std::size_t mass = 0;
    const auto vip_cohort = std::find_if(store.cohorts().begin(), store.cohorts().end(),
                                         [](const Cohort& c) { return c.segment == 1 && c.join_month == 0; });
    ASSERT_NE(vip_cohort, store.cohorts().end());
    const auto vip = static_cast<std::size_t>(vip_cohort->begin);
    EXPECT_EQ(plan.tiers.ids[store.tier[mass]], "plus_88");
    EXPECT_EQ(store.tenure_months[mass], 7);
    EXPECT_FLOAT_EQ(store.voice_propensity[mass], 321.5f);
    EXPECT_FLOAT_EQ(store.data_propensity[mass], 12.0f);
    EXPECT_FLOAT_EQ(store.sms_propensity[mass], 40.0f);
    EXPECT_EQ(store.contract_end[mass], 3);  // 2009-10 .. 2009-12: months 1 to 3
    EXPECT_EQ(store.tenure_months[vip], 90);
    EXPECT_EQ(store.vip_level[vip], 2);  // gold
    EXPECT_EQ(store.contract_end[vip], 0);
}

TEST(ExtractBase, ShuffledRowsGiveTheSameResultsBitForBit) {
    const std::string csv = data::generate_customer_extract(3000, 5);
    const fs::path a = example_with_extract(fs::temp_directory_path() / "offersim-extract-a", csv);
    const fs::path b =
        example_with_extract(fs::temp_directory_path() / "offersim-extract-b", test::shuffled_rows(csv, 17));
    const MetricCube ordered = run_extract_scenario(a, 1);
    const MetricCube shuffled = run_extract_scenario(b, 3);
    fs::remove_all(a.parent_path());
    fs::remove_all(b.parent_path());
    EXPECT_EQ(ordered.values, shuffled.values);
    EXPECT_EQ(ordered.active_by_tier, shuffled.active_by_tier);
}

TEST(ExtractBase, TheExtractMovesTheResults) {
    // Not a no-op: the same scenario with another extract gives other figures.
    const fs::path a = example_with_extract(fs::temp_directory_path() / "offersim-extract-c",
                                            data::generate_customer_extract(3000, 5));
    const fs::path b = example_with_extract(fs::temp_directory_path() / "offersim-extract-d",
                                            data::generate_customer_extract(3000, 6));
    const MetricCube one = run_extract_scenario(a, 2);
    const MetricCube other = run_extract_scenario(b, 2);
    fs::remove_all(a.parent_path());
    fs::remove_all(b.parent_path());
    EXPECT_NE(one.values, other.values);
}

// An sbg segment's theta | tenure table covers the extract's tenures, not only those its
// tenure distribution's atoms round to (here all 1). 2,000 customers at tenure 40 leave in
// month 1 with mean hazard alpha / (alpha + beta + 40) = 1.5 / 53.5 (section 4); over 4
// replications the 8,000 Bernoulli trials give 224.3 churners within 4 binomial standard
// errors. (Before, tenure 40 read past the table; a tenure-0 row would give 1.5 / 13.5.)
TEST(ExtractBase, AnSbgSegmentsThetaCoversTheExtractsTenures) {
    const fs::path dir = fs::temp_directory_path() / "offersim-extract-theta";
    fs::create_directories(dir);
    std::string csv =
        "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n";
    for (int i = 0; i < 2000; ++i) csv += "t" + std::to_string(i) + ",old,flat,40,100,10,10,,,,\n";
    std::ofstream(dir / "old.csv", std::ios::binary) << csv;
    std::ofstream(dir / "scenario.yaml", std::ios::binary)
        << "name: theta\nhorizon_months: 1\ninitial_base: { extract: old.csv, as_of: 2009-09 }\n"
           "tiers:\n  - id: flat\n    monthly_fee_cny: 10\n    included: { voice_min: 0, data_mb: 0, sms: 0 "
           "}\n"
           "    overage: { voice_per_min_cny: 0.1, data_per_mb_cny: 0.1, sms_each_cny: 0.1 }\n"
           "segments:\n  - id: old\n    tenure_months: { distribution: fixed, mean: 1 }\n"
           "    tier_mix: { flat: 1.0 }\n    usage:\n      voice_min: { distribution: fixed, mean: 100 }\n"
           "      data_mb: { distribution: fixed, mean: 10 }\n      sms: { distribution: fixed, mean: 10 }\n"
           "    churn: { model: sbg, alpha: 1.5, beta: 12 }\n";
    const MetricCube cube = run_extract_scenario(dir / "scenario.yaml", 1);
    fs::remove_all(dir);
    double churners = 0.0;
    for (int r = 0; r < cube.replications; ++r) churners += cube.at(r, 0, 0, Metric::churners);
    const double trials = 2000.0 * cube.replications;
    const double p = 1.5 / 53.5;
    EXPECT_NEAR(churners, trials * p, 4.0 * std::sqrt(trials * p * (1.0 - p)));
}

}  // namespace offersim::sim
