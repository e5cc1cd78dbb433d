// offersim optimise through the binary: the files it writes, the relaxed payback constraint
// said in the output, and bad input refused with nothing written.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace offersim::cli_test {

namespace {

TEST(OptimiseCommand, WritesTheOptimumItsFreshBandAndEachConstraintsMargin) {
    const fs::path dir = fresh_dir("optimise-fee");
    const fs::path scenario = write_small_scenario(dir);
    const Outcome r = sh(kOffersim + " optimise " + scenario.string() +
                         " --parameter 'tiers[t50].monthly_fee_cny=30:90:0.5' --maximise npv_margin_cny_delta"
                         " --constraint 'churn_rate_monthly<=0.05' --constraint 'payback_month<=6'"
                         " --max-runs 12 --lang en --out " +
                         (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("note: payback_month<=6 is relaxed to cash_month_6_delta >= 0"), std::string::npos)
        << r.out;
    const auto j = nlohmann::json::parse(read(dir / "out" / "optimise.json"));
    EXPECT_EQ(j["algorithm"], "COBYLA");
    const double fee = j["parameters"][0]["optimum"].get<double>();
    EXPECT_GE(fee, 30.0);
    EXPECT_LE(fee, 90.0);
    // Printed to the fee's tolerance (0.5: one place) and the objective, an amount, to the fen.
    const double objective = j["optimum"]["search"]["mean"].get<double>();
    EXPECT_NE(
        r.out.find(fmt::format("tiers[t50].monthly_fee_cny = {:.1f} gives npv_margin_cny_delta = {:.2f} (",
                               fee, objective)),
        std::string::npos)
        << r.out;
    ASSERT_EQ(j["constraints"].size(), 2u);
    EXPECT_EQ(j["constraints"][1]["metric"], "cash_month_6_delta");
    EXPECT_EQ(j["constraints"][1]["relaxed_from"], "payback_month<=6");
    EXPECT_GE(j["constraints"][0]["margin"].get<double>(), 0.0);
    EXPECT_GE(j["constraints"][1]["margin"].get<double>(), 0.0);
    EXPECT_EQ(j["optimum"]["fresh_replications"][0], 2);  // the scenario's 2, then 2 fresh
    EXPECT_LE(j["evaluations"].size(), 12u);
    const std::string csv = read(dir / "out" / "optimise.csv");
    EXPECT_EQ(csv.rfind("point,replications,tiers[t50].monthly_fee_cny,objective", 0), 0u) << csv;
    EXPECT_NE(csv.find(",fresh,"), std::string::npos);
    const std::string md = read(dir / "out" / "report.md");
    EXPECT_NE(md.find("## Constraints at the optimum"), std::string::npos);
    EXPECT_NE(md.find("payback_month<=6 is relaxed to cash_month_6_delta >= 0"), std::string::npos);
    EXPECT_TRUE(fs::exists(dir / "out" / "report.html"));
    fs::remove_all(dir);
}

TEST(OptimiseCommand, BadInputIsRefusedWithNothingWritten) {
    const fs::path dir = fresh_dir("optimise-bad");
    const fs::path scenario = write_small_scenario(dir);
    const auto refused = [&](const std::string& options, const std::string& message) {
        const Outcome r = sh(kOffersim + " optimise " + scenario.string() + " " + options +
                             " --max-runs 3 --out " + (dir / "out").string());
        EXPECT_EQ(r.exit_code, 2) << options;
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(dir / "out")) << options;
    };
    refused("--parameter 'tiers[t5].monthly_fee_cny=40:60' --maximise npv_margin_cny",
            "tiers has no item with id 't5'; did you mean 't50'?");
    refused("--parameter 'tiers[t50].monthly_fee_cny=60:40' --maximise npv_margin_cny",
            "tiers[t50].monthly_fee_cny: the low bound 60 must be below the high bound 40");
    refused("--parameter 'tiers[t50].monthly_fee_cny=40:60' --maximise npv_margn_cny",
            "--maximise: unknown figure 'npv_margn_cny'; did you mean 'npv_margin_cny'?");
    refused(
        "--parameter 'tiers[t50].monthly_fee_cny=40:60' --maximise npv_margin_cny --constraint "
        "'churn_rate<0.03'",
        "--constraint: expected METRIC<=VALUE or METRIC>=VALUE");
    refused(
        "--parameter 'tiers[t50].monthly_fee_cny=40:60' --maximise npv_margin_cny --constraint "
        "'cash_month_7>=0'",
        "cash_month_7 names month 7, outside the horizon 1 .. 6");
    refused("--parameter 'tiers[t50].monthly_fee_cny=40:60'", "give one objective");
    fs::remove_all(dir);
}

}  // namespace

}  // namespace offersim::cli_test
