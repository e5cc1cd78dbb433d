// From YAML to summary.json: a rival's price matched on the bills of group members in the
// store (docs/models.md §29.1) is the revenue line revenue_price_match_cny of monthly.csv and
// the group KPI price_match_cost_total_cny, the same money, and the report names the line.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace offersim::cli_test {
namespace group_price_match_cli_test {

// One firm of 100 staff, 70 of them customers of `staff`, tendered for sure in month 2 and
// matched for 3 months at half its 88 CNY member price: the bills of months 3-5 are cut.
const char* const kMatchScenario = R"(name: match_cli
horizon_months: 6
replications: 2
seed: 5
tiers:
  - id: t88
    monthly_fee_cny: 88
    included: { voice_min: 480, data_mb: 50, sms: 100 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.0, sms_each_cny: 0.1 }
segments:
  - id: staff
    size: 200
    tenure_months: { distribution: gamma, mean: 48, cv: 0.6 }
    tier_mix: { t88: 1.0 }
    usage:
      voice_min: { distribution: lognormal, mean: 380, cv: 0.5 }
      data_mb: { distribution: fixed, mean: 30 }
      sms: { distribution: fixed, mean: 90 }
    churn: { model: constant, monthly_hazard: 0.02 }
groups:
  classes:
    - id: firm
      count: 1
      members: { distribution: fixed, mean: 100 }
      purity: 0.7
      key_persons: 5
      member_revenue_monthly_cny: 88
      members_from: staff
  bids:
    - { id: tender, classes: [firm], start_month: 2, end_month: 2, monthly_probability: 1.0, quote_discount: 0.5 }
  switching: { base_probability: 0.0, leave_per_cny: 0.02 }
  price_matches:
    - { id: answer, bid: tender, term_months: 3 }
)";

// The sum over months of `metric`'s mean in the `all` rows of a monthly.csv.
double all_rows_total(const std::string& csv, const std::string& metric) {
    std::istringstream lines(csv);
    std::string line;
    double total = 0.0;
    const std::string key = ",all," + metric + ",";
    while (std::getline(lines, line)) {
        const auto at = line.find(key);
        if (at == std::string::npos) continue;
        total += std::stod(line.substr(at + key.size()));
    }
    return total;
}

}  // namespace group_price_match_cli_test

using namespace group_price_match_cli_test;

TEST(GroupPriceMatchCli, TheCutOnMembersBillsIsARevenueLineAndTheGroupKpiInSummaryJson) {
    const fs::path dir = fresh_dir("price-match");
    write(dir / "match.yaml", kMatchScenario);
    const Outcome r = sh(kOffersim + " run " + (dir / "match.yaml").string() +
                         " --lang en --threads 1 --out " + (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(read(dir / "out" / "summary.json"));
    const double kpi = summary["groups"]["headline"]["price_match_cost_total_cny"]["mean"].get<double>();
    // 44 CNY on each of at most 70 members' bills for 3 months.
    EXPECT_GT(kpi, 44.0 * 60.0 * 3.0);
    EXPECT_LE(kpi, 44.0 * 70.0 * 3.0);
    EXPECT_NEAR(all_rows_total(read(dir / "out" / "monthly.csv"), "revenue_price_match_cny"), -kpi, 0.005);
    EXPECT_NE(read(dir / "out" / "report.html").find("Rival's price matched (cut on members' bills)"),
              std::string::npos);
    fs::remove_all(dir);
}

}  // namespace offersim::cli_test
