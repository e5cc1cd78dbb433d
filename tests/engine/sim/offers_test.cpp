// Every offer mechanism on one customer with fixed usage, against bills and cash flows
// computed by hand to the fen, month by month.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace offersim::sim {

namespace {

// One tier and one customer who joins in month 1 with fixed usage; `churn` fixes when
// it leaves, `extra` adds offers (and anything else) to the scenario.
std::string one_customer(const std::string& tier_extra, const std::string& usage_extra,
                         const std::string& churn, const std::string& extra, int minutes = 100) {
    return fmt::format(R"(
name: one_customer
horizon_months: 8
seed: 3
tiers:
  - id: t
    monthly_fee_cny: 58
    included: {{ voice_min: 260, data_mb: 30, sms: 60 }}
    overage: {{ voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }}
{}
segments:
  - id: s
    size: 0
    tenure_months: {{ distribution: fixed, mean: 0 }}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {{ distribution: fixed, mean: {} }}
      data_mb: {{ distribution: fixed, mean: 0 }}
      sms: {{ distribution: fixed, mean: 0 }}
      monthly_cv: 0
{}
    churn: {}
    acquisition: {{ gross_adds_per_month: [1, 0] }}
costs:
  commission_per_gross_add_cny: 50
{}
)",
                       tier_extra, minutes, usage_extra, churn, extra);
}

MetricCube run(const std::string& text) {
    const auto sc = scenario::load_scenario_text(text, "offer.yaml");
    RunConfig config;
    config.replications = 1;
    config.seed = sc.seed;
    return run_simulation(compile_plan(sc), config);
}

// A line of the whole base in month m (1-based), in fen.
double line(const MetricCube& cube, int month, Metric metric) {
    return cube.at(0, month - 1, cube.total_row(), metric);
}

const std::string kLeavesInMonth6 =
    "{ model: table, bands: [{ from_month: 1, monthly_hazard: 0 }, { from_month: 6, monthly_hazard: 1 }] }";
const std::string kStays = "{ model: constant, monthly_hazard: 0 }";

std::string handset(const std::string& guarantee) {
    return fmt::format(R"(
offers:
  - id: phone
    kind: device_subsidy
    device:
      device_cost_cny: 1650
      retail_price_cny: 1999
      subsidy_cny: 1200
      contract_months: 24
      min_monthly_spend_cny: "retail_price * 1.5 / contract_months"
      early_termination: unamortised_subsidy
      {}
    take_up: {{ segments: [s], new_share: 1 }}
)",
                       guarantee);
}

}  // namespace

TEST(Offers, HandsetIsBookedWhenTakenAndTheBillIsToppedUpToTheFormulaFloor) {
    // Floor 1999 x 1.5 / 24 = 124.9375 -> 124.94; fee 58.00, so a top-up of 66.94.
    const MetricCube cube = run(one_customer("", "", kLeavesInMonth6, handset("")));
    EXPECT_EQ(line(cube, 1, Metric::offer_take_ups), 1.0);
    EXPECT_EQ(line(cube, 1, Metric::revenue_device), 199900.0);
    EXPECT_EQ(line(cube, 1, Metric::cost_subsidy), 120000.0);
    EXPECT_EQ(line(cube, 1, Metric::cost_device), 165000.0);
    EXPECT_EQ(line(cube, 1, Metric::cost_commission), 5000.0);
    for (int m = 1; m <= 6; ++m) {
        EXPECT_EQ(line(cube, m, Metric::revenue_fee), 5800.0) << "month " << m;
        EXPECT_EQ(line(cube, m, Metric::revenue_min_spend_topup), 6694.0) << "month " << m;
    }
    EXPECT_EQ(line(cube, 2, Metric::revenue_device), 0.0);
}

TEST(Offers, AnEarlyLeaverPaysTheUnamortisedSubsidy) {
    // Leaves at the end of month 6 of 24: 1200 x 18 / 24 = 900.00.
    const MetricCube cube = run(one_customer("", "", kLeavesInMonth6, handset("")));
    EXPECT_EQ(line(cube, 5, Metric::revenue_termination_fee), 0.0);
    EXPECT_EQ(line(cube, 6, Metric::churners), 1.0);
    EXPECT_EQ(line(cube, 6, Metric::revenue_termination_fee), 90000.0);
    EXPECT_EQ(line(cube, 7, Metric::active), 0.0);
    EXPECT_EQ(line(cube, 7, Metric::revenue_total), 0.0);
}

TEST(Offers, AFinancialGuaranteeWritesOffUnpaidFeesAsBadDebt) {
    const MetricCube cube = run(one_customer("", "", kLeavesInMonth6,
                                             handset("guarantee: financial\n      bad_debt_probability: 1")));
    EXPECT_EQ(line(cube, 6, Metric::revenue_termination_fee), 90000.0);
    EXPECT_EQ(line(cube, 6, Metric::cost_bad_debt), 90000.0);
}

TEST(Offers, AFixedTerminationFeeIsChargedOnlyInsideTheContract) {
    const std::string offer = R"(
offers:
  - id: phone
    kind: device_subsidy
    device: { device_cost_cny: 1000, retail_price_cny: 1000, subsidy_cny: 500, contract_months: 6,
              early_termination: fixed, early_termination_fee_cny: 300 }
    take_up: { segments: [s], new_share: 1 }
)";
    const MetricCube in_contract = run(one_customer("", "", kLeavesInMonth6, offer));
    EXPECT_EQ(line(in_contract, 6, Metric::revenue_termination_fee), 30000.0)
        << "month 6 is the contract's last";
    const std::string leaves_in_7 =
        "{ model: table, bands: [{ from_month: 1, monthly_hazard: 0 }, { from_month: 7, monthly_hazard: 1 }] "
        "}";
    const MetricCube after = run(one_customer("", "", leaves_in_7, offer));
    EXPECT_EQ(line(after, 7, Metric::churners), 1.0);
    EXPECT_EQ(line(after, 7, Metric::revenue_termination_fee), 0.0);
}

TEST(Offers, LockInHoldsTheHazardAndTheContractEndRaisesIt) {
    // Hazard 0.5 x lock-in 0 = 0 for months 1-3, then 0.5 x 2 = 1 in month 4.
    const std::string offer = R"(
offers:
  - id: phone
    kind: device_subsidy
    device: { device_cost_cny: 1000, retail_price_cny: 1000, subsidy_cny: 500, contract_months: 3,
              lock_in_multiplier: 0, contract_end_multiplier: 2, contract_end_months: 1 }
    take_up: { segments: [s], new_share: 1 }
)";
    const MetricCube cube = run(one_customer("", "", "{ model: constant, monthly_hazard: 0.5 }", offer));
    for (int m = 1; m <= 3; ++m) EXPECT_EQ(line(cube, m, Metric::churners), 0.0) << "month " << m;
    EXPECT_EQ(line(cube, 4, Metric::churners), 1.0);
}

TEST(Offers, ABundleFeeIsSplitInProportionToListPrices) {
    // Tier 58 + broadband 60 + landline 20 = 138 list; bundle price 118.
    // Components: 118 x 80 / 138 = 68.4058 -> 68.41; the tier keeps 118 - 68.41 = 49.59.
    const std::string offer = R"(
offers:
  - id: home
    kind: bundle
    tier: t
    components:
      - { kind: home_broadband, list_price_monthly_cny: 60, cost_monthly_cny: 18 }
      - { kind: landline, list_price_monthly_cny: 20, cost_monthly_cny: 6 }
    bundle_price_monthly_cny: 118
    take_up: { segments: [s], existing_share: 1, launch_month: 2 }
)";
    const MetricCube cube = run(one_customer("", "", kStays, offer));
    EXPECT_EQ(line(cube, 1, Metric::revenue_fee), 5800.0) << "before launch the tier's own fee";
    EXPECT_EQ(line(cube, 1, Metric::revenue_bundle_components), 0.0);
    EXPECT_EQ(line(cube, 2, Metric::offer_take_ups), 1.0);
    EXPECT_EQ(line(cube, 2, Metric::revenue_bundle_components), 6841.0);
    EXPECT_EQ(line(cube, 2, Metric::revenue_fee), 4959.0);
    EXPECT_EQ(line(cube, 2, Metric::cost_bundle_components), 2400.0);
    EXPECT_EQ(line(cube, 8, Metric::revenue_fee) + line(cube, 8, Metric::revenue_bundle_components), 11800.0);
}

TEST(Offers, ABundleDiscountInPercentRoundsTheFeeToTheFen) {
    // (58 + 20) x 0.85 = 66.30; components 66.30 x 20 / 78 = 17.0 -> 17.00.
    const std::string offer = R"(
offers:
  - id: sms_pack
    kind: bundle
    tier: t
    components: [{ kind: value_added, list_price_monthly_cny: 20, cost_monthly_cny: 4 }]
    discount_percent: 15
    take_up: { segments: [s], new_share: 1 }
)";
    const MetricCube cube = run(one_customer("", "", kStays, offer));
    EXPECT_EQ(line(cube, 1, Metric::revenue_fee) + line(cube, 1, Metric::revenue_bundle_components), 6630.0);
    EXPECT_EQ(line(cube, 1, Metric::revenue_bundle_components), 1700.0);
}

TEST(Offers, PrepayReleasesAFloorGivesAGiftAndForfeitsTheRestOnLeaving) {
    // 600 over 12 months = 50.00 a month as the floor: fee 58 is above it, so no top-up
    // with 58; with a fee of 19 the top-up is 31.00. Leaving after month 6 forfeits
    // 600 - 6 x 50 = 300.00. The gift costs 18.00 a month for 4 months.
    const std::string tier = R"(
  - id: cheap
    monthly_fee_cny: 19
    included: { voice_min: 300 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
)";
    const std::string offer = R"(
offers:
  - id: prepay
    kind: prepay
    tier: cheap
    prepay: { amount_cny: 600, release_months: 12 }
    gift: { name: broadband, cost_cny: 100, monthly_cost_cny: 18, months: 4 }
    take_up: { segments: [s], new_share: 1 }
)";
    const MetricCube cube = run(one_customer(tier, "", kLeavesInMonth6, offer));
    EXPECT_EQ(line(cube, 1, Metric::cost_gift), 10000.0 + 1800.0);
    EXPECT_EQ(line(cube, 4, Metric::cost_gift), 1800.0);
    EXPECT_EQ(line(cube, 5, Metric::cost_gift), 0.0);
    for (int m = 1; m <= 6; ++m)
        EXPECT_EQ(line(cube, m, Metric::revenue_min_spend_topup), 3100.0) << "month " << m;
    EXPECT_EQ(line(cube, 6, Metric::revenue_prepay_forfeit), 30000.0);
}

TEST(Offers, APrepayThatDoesNotDivideReleasesTheRestInItsLastMonth) {
    // 100 over 3 months: 33.33, 33.33, 33.34; a 10.00 fee is topped up by the difference.
    const std::string tier = R"(
  - id: ten
    monthly_fee_cny: 10
    included: { voice_min: 300 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1.00, sms_each_cny: 0.10 }
)";
    const std::string offer = R"(
offers:
  - id: prepay
    kind: prepay
    tier: ten
    prepay: { amount_cny: 100, release_months: 3 }
    take_up: { segments: [s], new_share: 1 }
)";
    const MetricCube cube = run(one_customer(tier, "", kStays, offer));
    EXPECT_EQ(line(cube, 1, Metric::revenue_min_spend_topup), 2333.0);
    EXPECT_EQ(line(cube, 2, Metric::revenue_min_spend_topup), 2333.0);
    EXPECT_EQ(line(cube, 3, Metric::revenue_min_spend_topup), 2334.0);
    EXPECT_EQ(line(cube, 4, Metric::revenue_min_spend_topup), 0.0);
}

TEST(Offers, VoiceSplitsIntoVnetOnNetOffNetPeakAndOffPeakLines) {
    // 300 min: V-net round(300 x 0.2) = 60 at 0.06 = 3.60. The other 240 against 80
    // included: 160 over, off-net round(160 x 0.25) = 40, on-net 120. Off-peak 30%:
    // on-net 36 at 0.10 = 3.60 and 84 at 0.20 = 16.80; off-net 12 at 0.125 = 1.50 and
    // 28 at 0.25 = 7.00. Voice overage 28.90. Off-net minutes round(240 x 0.25) = 60,
    // interconnect 60 x 0.06 = 3.60.
    const std::string tier = R"(
  - id: vnet
    monthly_fee_cny: 18
    included: { voice_min: 80 }
    overage: { voice_per_min_cny: 0.20, voice_off_net_per_min_cny: 0.25, off_peak_discount: 0.5,
               intra_group_per_min_cny: 0.06, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)";
    std::string text = one_customer(
        tier, "      intra_group_share: 0.2\n      off_net_share: 0.2\n      off_peak_share: 0.3", kStays,
        "  interconnect_per_off_net_min_cny: 0.06", 300);
    text.replace(text.find("tier_mix: { t: 1 }"), 18, "tier_mix: { vnet: 1 }");
    const MetricCube cube = run(text);
    EXPECT_EQ(line(cube, 1, Metric::revenue_intra_group), 360.0);
    EXPECT_EQ(line(cube, 1, Metric::revenue_overage_voice), 2890.0);
    EXPECT_EQ(line(cube, 1, Metric::off_net_min), 60.0);
    EXPECT_EQ(line(cube, 1, Metric::cost_interconnect), 360.0);
    EXPECT_EQ(line(cube, 1, Metric::revenue_total), 1800.0 + 2890.0 + 360.0);
}

TEST(Offers, MinimumSpendTopsUpTheBillAsItsOwnLine) {
    std::string text = one_customer("", "", kStays, "");
    text.replace(text.find("    overage: { voice_per_min_cny: 0.19"), 0, "    min_monthly_spend_cny: 80\n");
    const MetricCube cube = run(text);
    EXPECT_EQ(line(cube, 1, Metric::revenue_min_spend_topup), 2200.0);
    EXPECT_EQ(line(cube, 1, Metric::revenue_total), 8000.0);
}

TEST(Offers, ASegmentPriceReplacesTheListFee) {
    std::string text = one_customer("", "", kStays, "");
    text.replace(text.find("    overage: { voice_per_min_cny: 0.19"), 0, "    segment_fees_cny: { s: 48 }\n");
    EXPECT_EQ(line(run(text), 1, Metric::revenue_fee), 4800.0);
}

TEST(Offers, AFullFlatRateHasNoVoiceOverageAndATieredOneChargesBeyondItsBand) {
    const std::string flat = R"(
  - id: flat
    monthly_fee_cny: 398
    included: { voice_min: unlimited }
    overage: { voice_per_min_cny: 0, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: band
    monthly_fee_cny: 328
    included: { voice_min: 2000 }
    overage: { voice_per_min_cny: 0.10, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)";
    for (const auto& [tier, minutes, expected_overage] :
         {std::tuple{"flat", 5000, 0.0}, std::tuple{"band", 2000, 0.0}, std::tuple{"band", 2001, 10.0},
          std::tuple{"band", 2500, 5000.0}}) {
        std::string text = one_customer(flat, "", kStays, "", minutes);
        text.replace(text.find("tier_mix: { t: 1 }"), 18, fmt::format("tier_mix: {{ {}: 1 }}", tier));
        EXPECT_EQ(line(run(text), 1, Metric::revenue_overage_voice), expected_overage)
            << tier << " at " << minutes;
    }
}

TEST(Offers, AnOfferNobodyTakesChangesNothing) {
    const std::string offer = R"(
offers:
  - id: home
    kind: bundle
    tier: t
    components: [{ kind: landline, list_price_monthly_cny: 20 }]
    discount_monthly_cny: 10
    take_up: { segments: [s], existing_share: 0, new_share: 0 }
)";
    const std::string churn = "{ model: constant, monthly_hazard: 0.2 }";
    EXPECT_EQ(run(one_customer("", "", churn, "")).values, run(one_customer("", "", churn, offer)).values);
}

TEST(Offers, KeyPersonAddOnsReplaceTheBundleTheyRequire) {
    // Only holders of `first` can take `second`; taking it replaces `first`.
    const std::string offers = R"(
offers:
  - id: first
    kind: bundle
    tier: t
    components: [{ kind: value_added, list_price_monthly_cny: 20 }]
    bundle_price_monthly_cny: 70
    take_up: { segments: [s], new_share: 1 }
  - id: second
    kind: bundle
    tier: t
    components: [{ kind: value_added, list_price_monthly_cny: 20 }, { kind: wireless_landline, list_price_monthly_cny: 15 }]
    bundle_price_monthly_cny: 80
    prepay: { amount_cny: 100, release_months: 10 }
    take_up: { segments: [s], existing_share: 1, launch_month: 3, requires_offer: first }
)";
    const MetricCube cube = run(one_customer("", "", kStays, offers));
    EXPECT_EQ(cube.offer_at(0, 0, 0, OfferMetric::take_ups), 1.0);
    EXPECT_EQ(cube.offer_at(0, 2, 1, OfferMetric::take_ups), 1.0);
    EXPECT_EQ(cube.offer_at(0, 1, 0, OfferMetric::holders), 1.0);
    EXPECT_EQ(cube.offer_at(0, 2, 0, OfferMetric::holders), 0.0) << "replaced in month 3";
    EXPECT_EQ(line(cube, 3, Metric::revenue_fee) + line(cube, 3, Metric::revenue_bundle_components), 8000.0);
}

}  // namespace offersim::sim
