// The loader's checks of groups from an extract's rows (docs/models.md §33, "Groups from the
// rows"): a count that contradicts the rows, a group with more rows than its class allows on
// net, two classes on one segment's groups and a class left without a count are each refused
// at their position. (The CLI's exit 2 and empty output: the bad-input corpus.)
#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace offersim::scenario {

namespace {

namespace fs = std::filesystem;

// Staff of two firms (5 and 2 rows) and one of none; `classes` is the groups.classes list.
std::vector<std::string> extract_groups_problems(const std::string& name, const std::string& classes,
                                                 bool with_extract = true) {
    const fs::path dir = fs::temp_directory_path() / ("offersim-extract-groups-check-" + name);
    fs::create_directories(dir);
    std::ofstream(dir / "staff.csv", std::ios::binary)
        << "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n"
           "1,staff,flat,1,1,1,1,,,A,\n2,staff,flat,1,1,1,1,,,A,\n3,staff,flat,1,1,1,1,,,B,\n"
           "4,staff,flat,1,1,1,1,,,A,\n5,staff,flat,1,1,1,1,,,A,\n6,staff,flat,1,1,1,1,,,,\n"
           "7,staff,flat,1,1,1,1,,,B,\n8,staff,flat,1,1,1,1,,,A,\n";
    std::ofstream(dir / "scenario.yaml", std::ios::binary)
        << "name: firms\nhorizon_months: 3\n"
        << (with_extract ? "initial_base: { extract: staff.csv, as_of: 2009-09 }\n" : "")
        << "tiers:\n  - id: flat\n    monthly_fee_cny: 10\n    included: { voice_min: 0, data_mb: 0, sms: 0 "
           "}\n"
           "    overage: { voice_per_min_cny: 0.1, data_per_mb_cny: 0.1, sms_each_cny: 0.1 }\n"
           "segments:\n  - id: staff\n    size: 100\n    tenure_months: { distribution: fixed, mean: 12 }\n"
           "    tier_mix: { flat: 1.0 }\n    usage:\n      voice_min: { distribution: fixed, mean: 100 }\n"
           "      data_mb: { distribution: fixed, mean: 10 }\n      sms: { distribution: fixed, mean: 10 }\n"
           "    churn: { model: constant, monthly_hazard: 0.01 }\n"
           "groups:\n  classes:\n"
        << classes;
    std::vector<std::string> out;
    try {
        load_scenario(dir / "scenario.yaml");
    } catch (const InputError& e) {
        for (const auto& d : e.diagnostics())
            out.push_back(fmt::format("{}:{}:{}: {}", fs::path(d.pos.file).filename().string(), d.pos.line,
                                      d.pos.column, d.message));
    }
    fs::remove_all(dir);
    return out;
}

const std::string kFirmClass =
    "    - id: firm\n      members: { distribution: fixed, mean: 20 }\n      purity: 0.5\n"
    "      member_revenue_monthly_cny: 88\n      members_from: staff\n";

}  // namespace

TEST(ExtractGroupsCheck, TheRowsGroupsLoadWithTheirCountAndSizes) {
    EXPECT_TRUE(extract_groups_problems("ok", kFirmClass).empty());
}

TEST(ExtractGroupsCheck, ACountThatContradictsTheRowsIsRefusedAtTheCount) {
    const auto problems = extract_groups_problems("count", kFirmClass + "      count: 3\n");
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(
        problems[0],
        "scenario.yaml:26:14: groups.classes[0].count: 3 given, but the rows of segment 'staff' in " +
            (fs::temp_directory_path() / "offersim-extract-groups-check-count" / "staff.csv").string() +
            " carry 2 group ids, each one group of class 'firm'; leave count out (it is then 2) or give 2");
}

TEST(ExtractGroupsCheck, AGroupWithMoreRowsThanItsClassAllowsOnNetIsRefusedAtItsFirstRow) {
    // 20 staff at purity 0.2: at most 4 on net; firm A has 5 rows, the first on line 2.
    std::string small = kFirmClass;
    small.replace(small.find("purity: 0.5"), 11, "purity: 0.2");
    const auto problems = extract_groups_problems("larger", small);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0],
              "staff.csv:2:1: group_id: this row's group has 5 rows of segment 'staff', more on-net members "
              "than a group of class 'firm' may have (4: purity 0.2 of its largest size, 20); raise the "
              "class's members or purity (groups.classes[0])");
}

TEST(ExtractGroupsCheck, ASecondClassOnTheSameSegmentsGroupsIsRefusedAtItsMembersFrom) {
    std::string second = kFirmClass;
    second.replace(second.find("id: firm"), 8, "id: shop");
    const auto problems = extract_groups_problems("two", kFirmClass + second);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(
        problems[0].find("scenario.yaml:30:21: groups.classes[1]: segment 'staff' takes its groups from "
                         "its rows' group ids"),
        std::string::npos)
        << problems[0];
}

TEST(ExtractGroupsCheck, AClassWithoutCountNeedsAnExtractWhoseRowsCarryGroupIds) {
    const auto problems = extract_groups_problems("no-count", kFirmClass, false);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_NE(problems[0].find("scenario.yaml:20:7: groups.classes[0]: missing 'count'"), std::string::npos)
        << problems[0];
}

}  // namespace offersim::scenario
