// Groups from an extract's rows (docs/models.md §33, "Groups from the rows"): a class whose
// members_from segment's rows carry group ids takes those groups, each group's on-net members
// exactly its rows' customers, whatever the order of the rows and the thread count.
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/engine/sim/shuffled_rows.hpp"
#include "tests/engine/sim/staff_groups_scenario.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

const fs::path kExtractGroupsExample = OFFERSIM_SOURCE_DIR "/docs/examples/extract_groups.yaml";
const fs::path kExtractGroupsRows = OFFERSIM_SOURCE_DIR "/docs/examples/data/staff_extract.csv";

std::string read_extract_groups_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The example in `dir` with `csv` as its extract.
fs::path extract_groups_example_in(const fs::path& dir, const std::string& csv) {
    fs::create_directories(dir / "data");
    std::ofstream(dir / "data" / "staff_extract.csv", std::ios::binary) << csv;
    fs::copy_file(kExtractGroupsExample, dir / "scenario.yaml", fs::copy_options::overwrite_existing);
    return dir / "scenario.yaml";
}

// Three firms' staff (6, 4 and 2 rows; voice 101, 202 and 303 minutes) and 5 staff of no
// firm (voice 7); each row's sms is its own tag. Class `firm`: 20 staff a firm at purity 0.5,
// so at most 10 on net; 3 key persons.
std::string firm_rows() {
    std::string csv =
        "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n";
    int tag = 0;
    const auto add = [&](const std::string& group, int voice, int n) {
        for (int i = 0; i < n; ++i, ++tag)
            csv += "id" + std::to_string(tag) + ",staff,flat," + std::to_string(10 + tag) + "," +
                   std::to_string(voice) + ",10," + std::to_string(tag) + ",,," + group + ",\n";
    };
    add("FIRM-A", 101, 6);
    add("FIRM-B", 202, 4);
    add("", 7, 5);
    add("FIRM-C", 303, 2);
    return csv;
}

fs::path firm_scenario_in(const fs::path& dir, const std::string& csv) {
    fs::create_directories(dir);
    std::ofstream(dir / "staff.csv", std::ios::binary) << csv;
    std::ofstream(dir / "scenario.yaml", std::ios::binary)
        << "name: firms\nhorizon_months: 3\nseed: 7\ninitial_base: { extract: staff.csv, as_of: 2009-09 }\n"
           "tiers:\n  - id: flat\n    monthly_fee_cny: 10\n    included: { voice_min: 0, data_mb: 0, sms: 0 "
           "}\n"
           "    overage: { voice_per_min_cny: 0.1, data_per_mb_cny: 0.1, sms_each_cny: 0.1 }\n"
           "segments:\n  - id: staff\n    tenure_months: { distribution: fixed, mean: 12 }\n"
           "    tier_mix: { flat: 1.0 }\n    usage:\n      voice_min: { distribution: fixed, mean: 100 }\n"
           "      data_mb: { distribution: fixed, mean: 10 }\n      sms: { distribution: fixed, mean: 10 }\n"
           "    churn: { model: constant, monthly_hazard: 0.01 }\n"
           "groups:\n  classes:\n    - id: firm\n      members: { distribution: fixed, mean: 20 }\n"
           "      purity: 0.5\n      key_persons: 3\n      member_revenue_monthly_cny: 88\n"
           "      members_from: staff\n";
    return dir / "scenario.yaml";
}

// Each row's tag (sms) with its customer's group index and flags after month 0's placement.
struct FirmMember {
    int group = 0;
    int flags = 0;
    float voice = 0.0f;
    bool operator==(const FirmMember&) const = default;
};

std::map<int, FirmMember> firm_members(const fs::path& scenario_file) {
    const scenario::Scenario sc = scenario::load_scenario(scenario_file);
    const SimulationPlan plan = compile_plan(sc);
    CustomerStore store(plan);
    const PhiloxKey key = replication_key(sc.seed, 0);
    for (const Shard& shard : store.shards())
        if (store.cohorts()[static_cast<std::size_t>(shard.cohort)].join_month == 0)
            store.create_customers(plan, shard, key);
    GroupsInStore groups(plan, store);
    groups.start(key);
    std::map<int, FirmMember> out;
    for (std::int64_t i = 0; i < store.size(); ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u]) continue;
        out[static_cast<int>(store.sms_propensity[u])] =
            FirmMember{store.group_index[u], store.member_flags[u], store.voice_propensity[u]};
    }
    return out;
}

}  // namespace

TEST(ExtractGroups, EachGroupsMembersAreExactlyTheRowsOfItsGroupId) {
    const fs::path dir = fs::temp_directory_path() / "offersim-extract-groups-members";
    const std::map<int, FirmMember> members = firm_members(firm_scenario_in(dir, firm_rows()));
    fs::remove_all(dir);
    ASSERT_EQ(members.size(), 17u);
    std::map<int, std::set<float>> voices;  // by group index: its members' voice (their firm)
    std::map<int, int> rows, key_persons;
    for (const auto& [tag, m] : members) {
        voices[m.group].insert(m.voice);
        rows[m.group] += 1;
        key_persons[m.group] += m.flags & CustomerStore::kKeyPersonBit;
    }
    ASSERT_EQ(voices.size(), 4u);  // no group, and the three firms
    EXPECT_EQ(voices[0], std::set<float>{7.0f});
    EXPECT_EQ(rows[0], 5);
    EXPECT_EQ(key_persons[0], 0);
    std::map<float, int> rows_by_firm, keys_by_firm;
    for (int g = 1; g <= 3; ++g) {
        ASSERT_EQ(voices[g].size(), 1u) << "group " << g << " holds staff of two firms";
        rows_by_firm[*voices[g].begin()] = rows[g];
        keys_by_firm[*voices[g].begin()] = key_persons[g];
    }
    EXPECT_EQ(rows_by_firm, (std::map<float, int>{{101.0f, 6}, {202.0f, 4}, {303.0f, 2}}));
    EXPECT_EQ(keys_by_firm, (std::map<float, int>{{101.0f, 3}, {202.0f, 3}, {303.0f, 2}}));  // min(3, rows)
}

TEST(ExtractGroups, ShuffledRowsPlaceTheSameCustomersInTheSameGroupsWithTheSameKeyPersons) {
    const fs::path a = fs::temp_directory_path() / "offersim-extract-groups-a";
    const fs::path b = fs::temp_directory_path() / "offersim-extract-groups-b";
    const std::map<int, FirmMember> ordered = firm_members(firm_scenario_in(a, firm_rows()));
    const std::map<int, FirmMember> shuffled =
        firm_members(firm_scenario_in(b, test::shuffled_rows(firm_rows(), 5)));
    fs::remove_all(a);
    fs::remove_all(b);
    EXPECT_EQ(ordered, shuffled);
}

TEST(ExtractGroups, TheExamplesGroupsAreItsRowsWithSizesFromThePurity) {
    const scenario::Scenario sc = scenario::load_scenario(kExtractGroupsExample);
    ASSERT_TRUE(sc.groups);
    const scenario::GroupClass& c = sc.groups->classes[0];
    EXPECT_EQ(c.count, 3);  // left out of the file: the rows' three group ids
    std::multiset<std::pair<std::int64_t, std::int64_t>> sizes;
    for (const auto& g : c.rows_groups) sizes.insert({g.on_net, g.members});
    // 48, 30 and 18 rows at purity 0.6: 80, 50 and 30 staff in all.
    EXPECT_EQ(sizes, (std::multiset<std::pair<std::int64_t, std::int64_t>>{{18, 30}, {30, 50}, {48, 80}}));
    const MetricCube cube = run_simulation(compile_plan(sc), RunConfig::of(2, sc.seed, 1));
    for (const GroupReplication& r : cube.group_runs) {
        EXPECT_EQ(r.members_on_net_start, 96.0);
        EXPECT_EQ(r.members_total_start, 160.0);
    }
}

TEST(ExtractGroups, ShuffledRowsGiveTheSameResultsBitForBit) {
    const std::string csv = read_extract_groups_file(kExtractGroupsRows);
    const fs::path a =
        extract_groups_example_in(fs::temp_directory_path() / "offersim-extract-groups-c", csv);
    const fs::path b = extract_groups_example_in(fs::temp_directory_path() / "offersim-extract-groups-d",
                                                 test::shuffled_rows(csv, 17));
    const scenario::Scenario sa = scenario::load_scenario(a);
    const scenario::Scenario sb = scenario::load_scenario(b);
    const MetricCube ordered = run_simulation(compile_plan(sa), RunConfig::of(4, sa.seed, 1));
    const MetricCube shuffled = run_simulation(compile_plan(sb), RunConfig::of(4, sb.seed, 3));
    fs::remove_all(a.parent_path());
    fs::remove_all(b.parent_path());
    EXPECT_EQ(ordered.values, shuffled.values);
    ASSERT_EQ(ordered.group_runs.size(), shuffled.group_runs.size());
    for (std::size_t r = 0; r < ordered.group_runs.size(); ++r) {
        EXPECT_EQ(ordered.group_runs[r].members_on_net, shuffled.group_runs[r].members_on_net);
        EXPECT_EQ(ordered.group_runs[r].switches, shuffled.group_runs[r].switches);
    }
}

TEST(ExtractGroups, ResultsAreBitIdenticalForOneTwoAndEightThreads) {
    test::expect_group_figures_thread_invariant(compile_plan(scenario::load_scenario(kExtractGroupsExample)));
}

// Group ids on rows of a segment no class takes members from are ignored: the customers,
// their order in the store and every figure are those of the same rows without the ids.
TEST(ExtractGroups, GroupIdsOfASegmentNoClassTakesChangeNothing) {
    std::string csv = firm_rows();
    std::string blank = csv;
    for (const std::string id : {"FIRM-A", "FIRM-B", "FIRM-C"})
        for (std::size_t at = blank.find(id); at != std::string::npos; at = blank.find(id))
            blank.erase(at, id.size());
    const auto without_groups = [](const fs::path& file) {
        std::string text = read_extract_groups_file(file);
        text.erase(text.find("groups:"));
        std::ofstream(file, std::ios::binary) << text;
        const scenario::Scenario sc = scenario::load_scenario(file);
        return run_simulation(compile_plan(sc), RunConfig::of(3, sc.seed, 2));
    };
    const fs::path a = fs::temp_directory_path() / "offersim-extract-groups-e";
    const fs::path b = fs::temp_directory_path() / "offersim-extract-groups-f";
    const MetricCube with_ids = without_groups(firm_scenario_in(a, csv));
    const MetricCube without_ids = without_groups(firm_scenario_in(b, blank));
    fs::remove_all(a);
    fs::remove_all(b);
    EXPECT_EQ(with_ids.values, without_ids.values);
}

// In a run with in-store groups, a segment whose rows carry group ids that no class takes
// is named in the run's warnings; the segment whose ids are the class's groups is not.
TEST(ExtractGroups, GroupIdsOfASegmentNoClassTakesAreNamedInTheWarningsOfAGroupRun) {
    const fs::path dir = fs::temp_directory_path() / "offersim-extract-groups-warning";
    const fs::path file = firm_scenario_in(dir, firm_rows() + "m1,mass,flat,5,50,1,90,,,FIRM-Z,\n");
    std::string text = read_extract_groups_file(file);
    text.insert(
        text.find("groups:"),
        "  - id: mass\n    tenure_months: { distribution: fixed, mean: 12 }\n    tier_mix: { flat: 1.0 }\n"
        "    usage:\n      voice_min: { distribution: fixed, mean: 100 }\n"
        "      data_mb: { distribution: fixed, mean: 10 }\n      sms: { distribution: fixed, mean: 10 }\n"
        "    churn: { model: constant, monthly_hazard: 0.01 }\n");
    std::ofstream(file, std::ios::binary) << text;
    const SimulationPlan plan = compile_plan(scenario::load_scenario(file));
    fs::remove_all(dir);
    const RunResults r = summarise_run(plan, run_simulation(plan, RunConfig::of(2, 7, 1)), "firms", "", 7);
    std::vector<std::string> ignored;
    for (const RunWarning& w : r.warnings)
        if (w.kind == WarningKind::group_ids_ignored) ignored.push_back(w.segment);
    EXPECT_EQ(ignored, std::vector<std::string>{"mass"});
}

}  // namespace offersim::sim
