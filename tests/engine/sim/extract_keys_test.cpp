// An extract's customers draw by their keyed id hashes (docs/models.md §33): with the
// operator's secret file, one more row leaves every other customer's draws and fate bit for bit
// the same, for any thread count; with the default secret (the sum over the ids) it moves them.
#include "engine/data/sample_extract.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

const fs::path kKeysExample = OFFERSIM_SOURCE_DIR "/docs/examples/customer_extract.yaml";

// A copy of the example in `dir` reading `csv`, with a secret file when `with_secret`.
fs::path keys_scenario(const fs::path& dir, const std::string& csv, bool with_secret) {
    fs::remove_all(dir);
    fs::create_directories(dir / "data");
    std::ofstream(dir / "data" / "customers.csv", std::ios::binary) << csv;
    std::ofstream(dir / "data" / "extract.key", std::ios::binary) << "k7#Qv2!mZ9pL0xR4tY8wB6nE";
    std::ifstream in(kKeysExample);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const std::string encoding = "  encoding: auto\n";
    if (with_secret)
        text.replace(text.find(encoding), encoding.size(), encoding + "  secret_file: data/extract.key\n");
    std::ofstream(dir / "scenario.yaml") << text;
    return dir / "scenario.yaml";
}

// Where a customer of the initial base stands after 12 months, and what it paid.
struct KeysFate {
    int alive = 0;
    int tenure = 0;
    int tier = 0;
    int offer = 0;
    double revenue_fen = 0.0;
    bool operator==(const KeysFate&) const = default;
};

// Every initial customer's fate after months 1..12 of replication 0, by its extract line:
// the store stepped shard by shard as a run steps it.
std::map<std::uint32_t, KeysFate> fates_by_line(const fs::path& file) {
    const scenario::Scenario sc = scenario::load_scenario(file);
    const SimulationPlan plan = compile_plan(sc);
    CustomerStore store(plan);
    const PhiloxKey key = replication_key(sc.seed, 0);
    std::vector<Shard> initial;
    for (const Shard& shard : store.shards())
        if (store.cohorts()[static_cast<std::size_t>(shard.cohort)].join_month == 0) {
            store.create_customers(plan, shard, key);
            initial.push_back(shard);
        }
    std::vector<double> paid(static_cast<std::size_t>(store.size()), 0.0);
    std::vector<double> month_revenue(static_cast<std::size_t>(kShardCustomers));
    ShardMonth out;
    for (int month = 1; month <= 12; ++month)
        for (const Shard& shard : initial) {
            out.reset(plan);
            step_shard(plan, store, shard, month, key, out, month_revenue.data());
            for (std::int64_t i = shard.begin; i < shard.end; ++i)
                paid[static_cast<std::size_t>(i)] += month_revenue[static_cast<std::size_t>(i - shard.begin)];
        }
    std::map<std::uint32_t, KeysFate> fates;
    for (const Cohort& c : store.cohorts()) {
        if (c.join_month != 0) continue;
        const auto& rows = *plan.segments[static_cast<std::size_t>(c.segment)].extract_customers();
        for (std::int64_t i = c.begin; i < c.end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            fates[rows[u - static_cast<std::size_t>(c.begin)].line] =
                KeysFate{store.alive[u], store.tenure_months[u], store.tier[u], store.offer[u], paid[u]};
        }
    }
    return fates;
}

// How many customers of `a` have another fate in `b` (every one of `a` must be in `b`).
std::size_t fates_moved(const std::map<std::uint32_t, KeysFate>& a,
                        const std::map<std::uint32_t, KeysFate>& b) {
    std::size_t moved = 0;
    for (const auto& [line, fate] : a) moved += b.at(line) == fate ? 0 : 1;
    return moved;
}

const std::string kExtraMassRow = "zz-new-customer,mass,plus_88,3,250,30,60,,,,x\n";
const std::string kExtraVipRow = "zz-new-vip,vip,plus_88,40,700,60,90,,,,x\n";

MetricCube keys_run(const fs::path& file, int threads) {
    const scenario::Scenario sc = scenario::load_scenario(file);
    return run_simulation(compile_plan(sc), RunConfig::of(3, sc.seed, threads));
}

// The figures of one segment (0: mass), every replication, month and metric.
std::vector<double> segment_figures(const MetricCube& cube, int segment) {
    std::vector<double> out;
    for (int r = 0; r < cube.replications; ++r)
        for (int m = 0; m < cube.months; ++m)
            for (int k = 0; k < kMetricCount; ++k)
                out.push_back(cube.at(r, m, segment, static_cast<Metric>(k)));
    return out;
}

}  // namespace

TEST(ExtractKeys, AnExtraRowLeavesTheOthersDrawsAlone) {
    const std::string csv = data::generate_customer_extract(3000, 5);
    const fs::path root = fs::temp_directory_path() / "offersim-extract-keys";
    const auto before = fates_by_line(keys_scenario(root / "a", csv, true));
    const auto after = fates_by_line(keys_scenario(root / "b", csv + kExtraMassRow, true));
    ASSERT_EQ(before.size(), 3000u);
    ASSERT_EQ(after.size(), 3001u);
    EXPECT_EQ(fates_moved(before, after), 0u);
    // Not a test that cannot fail: some customers did leave, and without the secret file the
    // same extra row moves most customers' fates (those who stay within their allowances on
    // the same tier pay the same either way).
    std::size_t left = 0;
    for (const auto& [line, fate] : before) left += fate.alive ? 0 : 1;
    EXPECT_GT(left, 100u);
    const auto before_default = fates_by_line(keys_scenario(root / "c", csv, false));
    const auto after_default = fates_by_line(keys_scenario(root / "d", csv + kExtraMassRow, false));
    fs::remove_all(root);
    EXPECT_GT(fates_moved(before_default, after_default), 1500u);
}

TEST(ExtractKeys, AnExtraVipLeavesTheMassSegmentsFiguresBitForBitForAnyThreadCount) {
    const std::string csv = data::generate_customer_extract(3000, 5);
    const fs::path root = fs::temp_directory_path() / "offersim-extract-keys-run";
    const MetricCube before = keys_run(keys_scenario(root / "a", csv, true), 1);
    const MetricCube after = keys_run(keys_scenario(root / "b", csv + kExtraVipRow, true), 3);
    const MetricCube before_default = keys_run(keys_scenario(root / "c", csv, false), 2);
    const MetricCube after_default = keys_run(keys_scenario(root / "d", csv + kExtraVipRow, false), 2);
    fs::remove_all(root);
    EXPECT_EQ(segment_figures(before, 0), segment_figures(after, 0));
    EXPECT_NE(segment_figures(before, 1), segment_figures(after, 1));  // the segment with the new row
    EXPECT_NE(segment_figures(before_default, 0), segment_figures(after_default, 0));
}

TEST(ExtractKeys, WithASecretFileTheThreadCountChangesNothing) {
    const fs::path root = fs::temp_directory_path() / "offersim-extract-keys-threads";
    const fs::path file = keys_scenario(root, data::generate_customer_extract(3000, 9), true);
    const MetricCube one = keys_run(file, 1);
    const MetricCube four = keys_run(file, 4);
    fs::remove_all(root);
    EXPECT_EQ(one.values, four.values);
    EXPECT_EQ(one.active_by_tier, four.active_by_tier);
}

}  // namespace offersim::sim
