// The offer effects, cash chart and horizon note as the comparison reports show them: the
// chart's marks are comparison.json's numbers, and each format words the same figures.
#include "reports/offer_effects_text.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison_run.hpp"
#include "report_fixtures.hpp"
#include "reports/comparison_json.hpp"
#include "reports/html_page.hpp"
#include "reports/html_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace offersim::reports {
namespace {

// 1,000 customers on 80 CNY; the variant gives them a 50 CNY tier in month 3 (the trough
// deepens to month 5) and from month 6 a 12-month contract on a 200 CNY tier to all who took
// no offer (it pays back), so trough, payback and contracts past the horizon all show.
std::string scenario_text(const std::string& name, const std::string& offers) {
    return fmt::format(R"(name: {}
horizon_months: 10
seed: 3
discount_rate_annual: 0.08
tiers:
  - {{ id: t50, monthly_fee_cny: 50, included: {{ voice_min: 9999 }}, overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }} }}
  - {{ id: t80, monthly_fee_cny: 80, included: {{ voice_min: 9999 }}, overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }} }}
  - {{ id: t200, monthly_fee_cny: 200, included: {{ voice_min: 9999 }}, overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }} }}
segments:
  - id: s
    size: 1000
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ t80: 1 }}
    usage:
      voice_min: {{ distribution: fixed, mean: 10 }}
      data_mb: {{ distribution: fixed, mean: 0 }}
      sms: {{ distribution: fixed, mean: 0 }}
      monthly_cv: 0
    churn: {{ model: constant, monthly_hazard: 0.02 }}
{}
)",
                       name, offers);
}

const std::string kOffers = R"(offers:
  - id: cut
    name: "Cut to 50"
    kind: device_subsidy
    tier: t50
    device: { device_cost_cny: 0, retail_price_cny: 0, subsidy_cny: 0, contract_months: 1 }
    take_up: { segments: [s], existing_share: 0.5, launch_month: 3 }
  - id: up
    name: "Up to 120"
    kind: device_subsidy
    tier: t200
    device: { device_cost_cny: 0, retail_price_cny: 0, subsidy_cny: 0, contract_months: 12 }
    take_up: { segments: [s], existing_share: 1, launch_month: 6 }
)";

struct Compared {
    sim::ComparisonRuns runs;
    std::vector<const sim::RunResults*> variants;
};

const Compared& compared() {
    static const Compared c = [] {
        std::vector<scenario::Scenario> scenarios{
            scenario::load_scenario_text(scenario_text("baseline", ""), "baseline.yaml"),
            scenario::load_scenario_text(scenario_text("two_offers", kOffers), "variant.yaml")};
        Compared out{sim::run_comparison(scenarios, sim::RunConfig::of(3, 3, 2), true), {}};
        out.variants.push_back(&out.runs.runs[1].results);
        return out;
    }();
    return c;
}

std::string comparison_page(Language language) {
    const Compared& c = compared();
    return html_comparison_report(c.runs.runs[0].results, c.variants, c.runs.comparisons,
                                  fixtures::context(language));
}

}  // namespace

TEST(OfferEffectsReport, TheCashChartMarksComparisonJsonsTroughAndPayback) {
    const Compared& c = compared();
    const auto json = nlohmann::json::parse(comparison_json(c.runs.runs[0].results, c.runs.comparisons, "v"));
    const auto& cash = json["variants"][0]["cash"];
    ASSERT_TRUE(cash["trough_month"].is_number()) << "the cut dips the cumulative change below zero";
    ASSERT_TRUE(cash["payback_month"].is_number()) << "the dearer tier brings it back";
    const auto data = nlohmann::json::parse(fixtures::inline_json(comparison_page(Language::en)));
    const auto& chart = data["charts"]["cash-1"];
    EXPECT_EQ(chart["kind"], "cash");
    EXPECT_EQ(chart["trough"]["index"].get<int>() + 1, cash["trough_month"].get<int>());
    EXPECT_EQ(chart["trough"]["value"], cash["trough_cny"]);
    EXPECT_EQ(chart["payback"]["index"].get<int>() + 1, cash["payback_month"].get<int>());
    EXPECT_EQ(chart["series"][0]["values"], cash["cumulative_cny"]);
    EXPECT_EQ(chart["series"][1]["values"], cash["cumulative_discounted_cny"]);
    const double npv = json["variants"][0]["delta"]["npv_margin_cny"]["mean"];
    EXPECT_NEAR(cash["cumulative_discounted_cny"].back().get<double>(), npv, 1e-6 * std::abs(npv) + 1e-6)
        << "the discounted line ends at the NPV change";
    EXPECT_NE(chart["series"][1]["name"].get<std::string>().find("8%"), std::string::npos)
        << "the discount rate is stated";
}

TEST(OfferEffectsReport, TheOfferTableShowsIncrementalFiguresBeforeTheGrossOnes) {
    const Compared& c = compared();
    const auto json = nlohmann::json::parse(comparison_json(c.runs.runs[0].results, c.runs.comparisons, "v"));
    const auto& offers = json["variants"][0]["offers"];
    ASSERT_EQ(offers.size(), 2u);
    EXPECT_EQ(offers[0]["basis"], "leave_one_out");
    EXPECT_GT(offers[0]["cannibalised_revenue_cny"]["mean"].get<double>(), 0.0);
    EXPECT_GE(offers[1]["incremental_payback_month"]["p5"].get<double>(), 6.0) << "never before its launch";
    for (const Language language : {Language::en, Language::zh_cn}) {
        const ReportText& t = report_text(language);
        const std::string page = comparison_page(language);
        const auto table = page.find("offer-effects");
        ASSERT_NE(table, std::string::npos);
        EXPECT_LT(page.find(t.offer_effects.column_cannibalised, table),
                  page.find(t.offer_effects.column_gross_margin, table));
        const auto rows = offer_effect_rows(c.runs.comparisons[0], *c.variants[0], language);
        EXPECT_NE(page.find(rows[0].cannibalised, table), std::string::npos);
        EXPECT_NE(page.find(html::escape(leave_one_out_text(c.runs.comparisons[0], language))),
                  std::string::npos)
            << "the report says what leave-one-out cost";
        const std::string md = markdown_comparison_report(c.runs.runs[0].results, c.variants,
                                                          c.runs.comparisons, fixtures::context(language));
        EXPECT_NE(md.find(rows[1].incremental_margin), std::string::npos);
        EXPECT_NE(md.find(cash_summary_text(c.runs.comparisons[0], 10, language)), std::string::npos);
    }
}

TEST(OfferEffectsReport, TheHorizonNoteCountsTheContractsStillRunning) {
    const Compared& c = compared();
    const sim::HorizonTail& tail = *c.runs.comparisons[0].horizon_tail;
    EXPECT_GT(tail.customers.mean, 0.0) << "12-month contracts from month 6 run past month 10";
    EXPECT_GE(tail.months_left.mean, tail.customers.mean);
    const std::string en = horizon_tail_text(c.runs.comparisons[0], 10, Language::en);
    EXPECT_NE(en.find(format_count(tail.customers.mean, Language::en)), std::string::npos) << en;
    EXPECT_NE(
        comparison_page(Language::zh_cn).find(horizon_tail_text(c.runs.comparisons[0], 10, Language::zh_cn)),
        std::string::npos);
}

}  // namespace offersim::reports
