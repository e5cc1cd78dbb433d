// `offersim targets`: the win-back rule (with a region's own thresholds), the retention
// list by risk score, VIP grading from the bill, counts per region and account manager
// against capacity, the operator's ids in the list, and nothing written on a bad row.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

namespace offersim::cli_test {

namespace {

// The Jilin win-back example, with VIP bands and a retention campaign of 2 contacts a month.
fs::path write_targets_scenario(const fs::path& dir) {
    write(dir / "rules.yaml", "extends: " OFFERSIM_SOURCE_DIR
                              "/scenarios/examples/win_back_competitor_pool.yaml\n"
                              R"(name: targets-test
vip_grading:
  segments: [vip_silver]
  levels:
    - { id: silver, min_avg_spend_cny: 70 }
    - { id: gold, min_avg_spend_cny: 150, hazard_multiplier: 0.5 }
retention_campaigns:
  - id: keep_vip
    segments: [vip_silver]
    contacts_per_month: 2
    cost_per_contact_cny: 5
    acceptance_probability: 0.3
    hazard_multiplier: 0.5
)");
    return dir / "rules.yaml";
}

const std::string kTargetsHeader =
    "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region,manager,"
    "min_to_us_1,min_to_us_2,min_to_us_3,min_to_us_4,min_to_us_5\n";

}  // namespace

TEST(TargetsCommand, AppliesTheWinBackRuleRiskAndGradesAndCountsAgainstCapacity) {
    const fs::path dir = fresh_dir("targets");
    const fs::path scenario = write_targets_scenario(dir);
    write(
        dir / "extract.csv",
        kTargetsHeader +
            // Competitors' callers: each month > 100 and in all > 600 (Changchun), > 70 and > 400 (Baishan).
            "13800000001,mass,gotone_58,0,0,0,0,,,,changchun,m1,120,110,130,150,101\n"
            "13800000002,mass,gotone_58,0,0,0,0,,,,changchun,m1,120,99,130,150,101\n"
            "13800000003,mass,gotone_58,0,0,0,0,,,,baishan,m2,80,75,90,71,100\n"
            "13800000004,mass,gotone_58,0,0,0,0,,,,changchun,m2,80,75,90,71,100\n"
            // Our VIPs: no minutes to us; graded by their bill at mean use, ranked by risk.
            "13900000001,vip_silver,gotone_88,12,300,100,50,,,,changchun,m3,,,,,\n"
            "13900000002,vip_silver,gotone_188,12,800,500,100,,,,jilin,m3,,,,,\n"
            "13900000003,vip_silver,gotone_58,240,100,10,10,,,,jilin,m3,,,,,\n");
    const Outcome o = sh(kOffersim + " targets " + scenario.string() + " " + (dir / "extract.csv").string() +
                         " --as-of 2009-03 --out " + (dir / "out").string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("7 customers read (utf-8): 2 on the win-back list, 2 on the retention list"),
              std::string::npos)
        << o.out;
    const std::string list = read(dir / "out" / "targets.csv");
    EXPECT_NE(list.find("13800000001,win_back,mass,changchun,m1,"), std::string::npos) << list;
    EXPECT_NE(list.find("13800000003,win_back,mass,baishan,m2,"), std::string::npos) << list;
    EXPECT_EQ(list.find("13800000002"), std::string::npos) << list;
    EXPECT_EQ(list.find("13800000004"), std::string::npos) << list;
    // gotone_188's fee alone is 188 CNY: gold; the 240-month customer on gotone_58 has the
    // lowest hazard and bill, so the two others take the campaign's 2 contacts.
    EXPECT_NE(list.find("13900000002,retention,vip_silver,jilin,m3,gold,"), std::string::npos) << list;
    EXPECT_NE(list.find("13900000001,retention,vip_silver,changchun,m3,"), std::string::npos) << list;
    EXPECT_EQ(list.find("13900000003"), std::string::npos) << list;
    const std::string counts = read(dir / "out" / "target_counts.csv");
    EXPECT_NE(counts.find("region,changchun,1,1,13500\n"), std::string::npos) << counts;
    EXPECT_NE(counts.find("region,baishan,1,0,720\n"), std::string::npos) << counts;
    EXPECT_NE(counts.find("manager,m1,1,0,1320\n"), std::string::npos) << counts;  // 220 a month x 6 months
    fs::remove_all(dir);
}

TEST(TargetsCommand, ABadRowIsPositionedAndNothingIsWritten) {
    const fs::path dir = fresh_dir("targets-bad");
    const fs::path scenario = write_targets_scenario(dir);
    write(dir / "extract.csv", kTargetsHeader +
                                   "1,mass,gotone_58,0,0,0,0,,,,changchun,m1,120,x,130,150,101\n"
                                   "2,mass,gotone_888,0,0,0,0,,,,changchun,m1,1,1,1,1,1\n");
    const Outcome o = sh(kOffersim + " targets " + scenario.string() + " " + (dir / "extract.csv").string() +
                         " --as-of 2009-03 --out " + (dir / "out").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("extract.csv:2:"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("min_to_us_2: expected a number, found 'x'"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("extract.csv:3:8: tier: unknown tier 'gotone_888'; did you mean 'gotone_88'?"),
              std::string::npos)
        << o.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

}  // namespace offersim::cli_test
