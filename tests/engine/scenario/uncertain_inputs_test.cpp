// Uncertain quantities in a scenario: found where one value is expected, recorded by path,
// their medians decoded; structural whole numbers and bad ranges refused with positions.
#include "engine/scenario/loader.hpp"
#include "tests/engine/scenario/compact_scenario.hpp"

#include <gtest/gtest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace {

using namespace offersim;
using namespace offersim::scenario;

// The compact scenario, its data usage fixed, with arrivals and an uncertain network cost;
// `fee`, `hazard`, `adds`, `horizon` and `top` (a line of top-level keys) are as given.
std::string scenario_text(std::string_view fee, std::string_view hazard = "0.03",
                          std::string_view adds = "100", std::string_view horizon = "12",
                          std::string_view top = "") {
    using namespace std::string_literals;
    std::string text = test::compact_scenario(
        "name: uncertain\nhorizon_months: "s + std::string(horizon) + "\nreplications: 10\n" +
            std::string(top) + "\n",
        "    acquisition: { gross_adds_per_month: "s + std::string(adds) + " }\n",
        "costs:\n  network_per_min_cny: { distribution: triangular, low: 0.01, mode: 0.04, high: 0.09, "
        "source: \"domain.md 5\" }\n");
    text = test::replaced(text, "monthly_fee_cny: 58", "monthly_fee_cny: "s + std::string(fee));
    text = test::replaced(text, "monthly_hazard: 0.03", "monthly_hazard: "s + std::string(hazard));
    return test::replaced(text, "data_mb: { distribution: lognormal, mean: 18, cv: 1.5 }",
                          "data_mb: { distribution: fixed, mean: 18 }");
}

std::string messages(std::string_view text) {
    try {
        load_scenario_text(text, "uncertain.yaml");
    } catch (const InputError& e) {
        std::string all;
        for (const auto& d : e.diagnostics()) all += format_diagnostic(d) + "\n";
        return all;
    }
    return "";
}

TEST(UncertainInputs, AreRecordedByPathAndDecodedAtTheirMedians) {
    const Scenario sc = load_scenario_text(
        scenario_text("{ distribution: uniform, low: 50, high: 66 }",
                      "{ distribution: normal, mean: 0.03, sd: 0.005, source: \"churn study 2004\" }",
                      "{ distribution: triangular, low: 600, mode: 800, high: 1000 }"),
        "uncertain.yaml");
    ASSERT_EQ(sc.uncertain.size(), 4u);
    EXPECT_EQ(sc.uncertain[0].path, "tiers[gotone_58].monthly_fee_cny");
    EXPECT_EQ(sc.uncertain[0].decimals, 2);
    EXPECT_EQ(sc.uncertain[1].path, "segments[mass].churn.monthly_hazard");
    EXPECT_EQ(sc.uncertain[1].source, "churn study 2004");
    EXPECT_EQ(sc.uncertain[2].path, "segments[mass].acquisition.gross_adds_per_month");
    EXPECT_EQ(sc.uncertain[2].decimals, 0);
    EXPECT_EQ(sc.uncertain[3].path, "costs.network_per_min_cny");
    EXPECT_EQ(sc.uncertain[3].decimals, 4);
    EXPECT_EQ(sc.uncertain[3].pos.line, 22);
    // The medians, rounded to each field's precision.
    EXPECT_EQ(sc.tiers[0].monthly_fee.fen, 5800);
    EXPECT_DOUBLE_EQ(sc.segments[0].churn.monthly_hazard, 0.03);
    EXPECT_EQ(sc.segments[0].acquisition.gross_adds_per_month.front(), 800);
    // The triangular median: 0.09 - sqrt(0.5 * 0.08 * 0.05) = 0.04528, to 4 decimals.
    EXPECT_EQ(sc.costs.network_per_min.centifen, 453);
    // The usage distributions are customers' heterogeneity, not uncertain inputs.
    EXPECT_EQ(sc.segments[0].usage.voice_min.kind, models::DistributionKind::lognormal);
}

TEST(UncertainInputs, DrawnValuesAreSetAndRoundedToTheFieldsPrecision) {
    const std::string text = scenario_text("58");
    const Scenario sc = load_scenario_text(text, "uncertain.yaml");
    ASSERT_EQ(sc.uncertain.size(), 1u);
    EXPECT_EQ(drawn_value(sc.uncertain[0], 0.5), 0.0453);
    EXPECT_EQ(drawn_value(sc.uncertain[0], 0.0), 0.01);
}

TEST(UncertainInputs, StructuralWholeNumbersCannotBeUncertain) {
    const std::string m =
        messages(scenario_text("58", "0.03", "100", "{ distribution: uniform, low: 10, high: 14 }"));
    EXPECT_NE(m.find("uncertain.yaml:2:17: horizon_months is a structural whole number"), std::string::npos)
        << m;
}

TEST(UncertainInputs, LowAboveHighIsRefusedWhereItIsWritten) {
    const std::string m =
        messages(scenario_text("{ distribution: triangular, low: 70, mode: 60, high: 50 }"));
    EXPECT_NE(
        m.find("uncertain.yaml:7:22: tiers[gotone_58].monthly_fee_cny: a triangular range needs low <= mode "
               "<= high"),
        std::string::npos)
        << m;
    const std::string u = messages(scenario_text("{ distribution: uniform, low: 70, high: 50 }"));
    EXPECT_NE(u.find("low 70 is above high 50"), std::string::npos) << u;
}

TEST(UncertainInputs, ABadLawAndTheFilesOtherProblemsAreReportedInOneRound) {
    const std::string m = messages(scenario_text("{ distribution: uniform, low: 70, high: 50 }", "0.03",
                                                 "100", "12", "horizn_months: 12"));
    EXPECT_NE(m.find("low 70 is above high 50"), std::string::npos) << m;
    EXPECT_NE(m.find("horizon_months"), std::string::npos) << m;  // the unknown key, with its nearest name
    // The bad law is reported once, not again as "expected a number" where it stands.
    std::size_t at_law = 0;
    for (std::size_t p = m.find("uncertain.yaml:7:22:"); p != std::string::npos;
         p = m.find("uncertain.yaml:7:22:", p + 1))
        ++at_law;
    EXPECT_EQ(at_law, 1u) << m;
}

TEST(UncertainInputs, ADrawnPriceIsMeasuredAgainstTheFilesPriceNotAgainstItself) {
    std::string text = scenario_text("{ distribution: triangular, low: 50, mode: 58, high: 66 }");
    text.replace(text.find("    acquisition:"), 0, "    price_response: { churn_elasticity: 0.5 }\n");
    const auto file = std::filesystem::temp_directory_path() / "offersim_uncertain_price_reference.yaml";
    std::ofstream(file) << text;
    // At its median the file is its own reference; a drawn price is observed against the median.
    EXPECT_EQ(load_scenario_drawn(file, {}).price_reference, nullptr);
    const Scenario drawn = load_scenario_drawn(file, {{"tiers[gotone_58].monthly_fee_cny", 66.0}});
    EXPECT_EQ(drawn.tiers[0].monthly_fee.fen, 6600);
    ASSERT_NE(drawn.price_reference, nullptr);
    EXPECT_EQ(drawn.price_reference->tiers[0].monthly_fee.fen, 5800);
    std::filesystem::remove(file);
}

TEST(UncertainInputs, BadShapesAndNamesAreRefusedWithTheNearestName) {
    EXPECT_NE(
        messages(scenario_text("{ distribution: triangle, low: 50, mode: 58, high: 66 }")).find("triangular"),
        std::string::npos);
    EXPECT_NE(messages(scenario_text("{ distribution: beta, alpha: 0, beta: 2, low: 50, high: 66 }"))
                  .find("alpha and beta must be above 0"),
              std::string::npos);
    EXPECT_NE(
        messages(scenario_text("{ distribution: normal, mean: 58, sd: -1 }")).find("sd must not be negative"),
        std::string::npos);
    EXPECT_NE(messages(scenario_text("{ draws: [] }")).find("non-empty list of numbers"), std::string::npos);
}

TEST(UncertainInputs, ReplicationsMustSplitIntoDrawsOfNInner) {
    const std::string m = messages(scenario_text("58", "0.03", "100", "12", "uncertainty: { n_inner: 3 }"));
    EXPECT_NE(m.find("uncertain.yaml:3:15: replications (10) must be a multiple of uncertainty.n_inner (3)"),
              std::string::npos)
        << m;
}

TEST(UncertainInputs, ImportedDrawsAreSortedAndDrawnEquallyOften) {
    const Scenario sc =
        load_scenario_text(scenario_text("{ draws: [62, 50, 58], source: \"posterior\" }"), "uncertain.yaml");
    ASSERT_EQ(sc.uncertain.size(), 2u);
    EXPECT_EQ(sc.uncertain[0].quantity.draws, (std::vector<double>{50, 58, 62}));
    EXPECT_EQ(sc.tiers[0].monthly_fee.fen, 5800);
}

}  // namespace
