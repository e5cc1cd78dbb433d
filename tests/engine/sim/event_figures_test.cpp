// A choice event's memo (engine/sim/event_figures.hpp) gives every figure the direct
// computation gives, bit for bit: risks by allowance, usage bills once per slot and event,
// and tiers shared between our menu and the reference's only when they rate alike.
#include "engine/sim/event_figures.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/behaviour.hpp"
#include "engine/sim/plan.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

double direct_risk(double voice, double data, double sigma, double voice_allowance, double data_allowance) {
    const double pv = models::exceed_probability(voice, voice_allowance, sigma);
    const double pd = models::exceed_probability(data, data_allowance, sigma);
    return 1.0 - (1.0 - pv) * (1.0 - pd);
}

const std::string kTiers = R"(
name: figures
horizon_months: 1
seed: 3
tiers:
  - id: t58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t58_twin
    monthly_fee_cny: 68
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t58_dear_voice
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.25, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t88
    monthly_fee_cny: 88
    included: { voice_min: 480, data_mb: 50 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 10
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t58: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 300 }
      data_mb: { distribution: fixed, mean: 40 }
      sms: { distribution: fixed, mean: 20 }
      monthly_cv: 0.4
    churn: { model: constant, monthly_hazard: 0.01 }
    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5, switching_cost_cny: 10, inertia: 0.5 }
)";

}  // namespace

TEST(EventFigures, RisksAreTheDirectOnesBitForBitAcrossEvents) {
    EventFigures figures;
    const double sigma = std::sqrt(std::log1p(0.4 * 0.4));
    for (const auto& [voice, data] : std::vector<std::pair<double, double>>{{300.0, 40.0}, {120.5, 900.0}}) {
        figures.start(voice, data, sigma, 4);
        // Repeated allowances come from the memo, new ones are computed; 0 and -0 are apart.
        for (const auto& [v, d] : std::vector<std::pair<double, double>>{
                 {260.0, 30.0}, {480.0, 30.0}, {260.0, 50.0}, {260.0, 30.0}, {0.0, -0.0}, {-0.0, 1e9}}) {
            EXPECT_EQ(figures.risk(v, d), direct_risk(voice, data, sigma, v, d)) << v << " " << d;
        }
    }
}

TEST(EventFigures, EachUsageSlotIsComputedOnceAnEvent) {
    EventFigures figures;
    int calls = 0;
    const auto compute = [&] { return static_cast<double>(++calls); };
    figures.start(1.0, 1.0, 0.1, 3);
    EXPECT_EQ(figures.usage_fen(2, compute), 1.0);
    EXPECT_EQ(figures.usage_fen(2, compute), 1.0);
    EXPECT_EQ(figures.usage_fen(0, compute), 2.0);
    figures.start(1.0, 1.0, 0.1, 3);  // a new chooser: nothing is remembered
    EXPECT_EQ(figures.usage_fen(2, compute), 3.0);
    EXPECT_EQ(calls, 3);
}

TEST(EventFigures, AUsageKnownAheadIsReadForItsEventOnly) {
    EventFigures figures;
    int calls = 0;
    const auto compute = [&] { return static_cast<double>(++calls); };
    figures.start(1.0, 1.0, 0.1, 3);
    figures.know_usage(1, 7.5);
    EXPECT_EQ(figures.usage_fen(1, compute), 7.5);
    EXPECT_EQ(calls, 0);
    figures.start(1.0, 1.0, 0.1, 3);  // a new chooser: what was known is forgotten
    EXPECT_EQ(figures.usage_fen(1, compute), 1.0);
    EXPECT_EQ(calls, 1);
}

TEST(EventFigures, TiersRateAlikeOnlyWhenEveryRatingInputIsEqual) {
    const auto sc = scenario::load_scenario_text(kTiers, "figures.yaml");
    const SimulationPlan plan = compile_plan(sc);
    const SegmentPlan& seg = plan.segments.front();
    const TierRates rates = TierRates::of(plan.tiers, seg);
    EXPECT_TRUE(rates_alike(rates, 0, rates, 0));
    EXPECT_TRUE(rates_alike(rates, 0, rates, 1));   // only the fee differs: not a rating input
    EXPECT_FALSE(rates_alike(rates, 0, rates, 2));  // a dearer voice minute
    EXPECT_FALSE(rates_alike(rates, 0, rates, 3));  // larger allowances
    const std::vector<double> other_off_net(seg.off_net_fraction.size(), 0.5);
    const TierRates off_net =
        TierRates::of(plan.tiers, seg.intra_group_share.data(), other_off_net.data(), seg.off_peak_share);
    EXPECT_FALSE(rates_alike(rates, 0, off_net, 0));
    const TierRates off_peak =
        TierRates::of(plan.tiers, seg.intra_group_share.data(), seg.off_net_fraction.data(), 0.25);
    EXPECT_EQ(rates_alike(rates, 0, off_peak, 0), same_bits(seg.off_peak_share, 0.25));
}

// The memoised menu gives the log-sum of the utilities written out from usual_bill_fen and
// exceed_probability, bit for bit, for customers on each tier.
TEST(EventFigures, MenuLogSumIsTheDirectOneBitForBit) {
    const auto sc = scenario::load_scenario_text(kTiers, "figures.yaml");
    const SimulationPlan plan = compile_plan(sc);
    const SegmentPlan& seg = plan.segments.front();
    const ChoicePlan& c = seg.choice;
    ASSERT_EQ(c.alternatives.size(), 4u);
    const models::ChoiceCoefficients coef{c.price_per_cny, c.overage_risk, c.subsidy_per_cny,
                                          c.switching_cost_cny, c.inertia};
    for (int held = 0; held < 4; ++held) {
        const Chooser who{held, 0, false, 310.0, 45.5, 20.0};
        std::vector<double> utilities;
        for (const ChoiceAlternative& alt : c.alternatives) {
            const auto t = static_cast<std::size_t>(alt.tier);
            const models::AlternativeView view{
                usual_bill_fen(plan, seg, alt.tier, alt.offer, who.voice, who.data, who.sms) / 100.0,
                direct_risk(who.voice, who.data, c.usage_sigma, plan.tiers.included_voice_min[t],
                            plan.tiers.included_data_mb[t]),
                alt.subsidy_cny, alt.tier == held};
            utilities.push_back(models::utility(view, coef));
        }
        EXPECT_EQ(menu_log_sum(plan, seg, c.alternatives, c, who, 1), models::log_sum(utilities)) << held;
    }
}

}  // namespace offersim::sim
