// The group-levers example against the groups it extends, through the comparison `compare`
// uses: the new groups are paired exactly, and the headline margin moves by the group
// margin (docs/models.md sections 23 and 29), early-exit fees, tier rewards and cost to
// serve included.
#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison.hpp"
#include "engine/sim/comparison_run.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <string>

namespace offersim::sim {
namespace group_levers_comparison_test {

// The example with its customer base cut to a few customers and no gross adds: the base is
// the same in both runs, so every change is the groups'.
scenario::Scenario small_example(const std::string& name, int horizon) {
    scenario::Scenario sc =
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/" + name + ".yaml");
    sc.horizon_months = horizon;
    for (auto& s : sc.segments) {
        s.size = std::min<std::int64_t>(s.size, 50);
        s.acquisition.gross_adds_per_month = {0};
    }
    for (auto& o : sc.offers) o.take_up.end_month = std::min(o.take_up.end_month, horizon);
    return sc;
}

const Band& lever_delta(const VariantComparison& c, std::string_view key) {
    for (const auto& d : c.module_deltas)
        if (d.key == key) return d.band;
    ADD_FAILURE() << "no module delta " << key;
    static const Band none{};
    return none;
}

TEST(GroupLeversComparison, NewGroupsAndTheGroupMarginReachTheComparison) {
    const scenario::Scenario base = small_example("group_bid_and_vnet", 24);
    const scenario::Scenario levers = small_example("group_levers", 24);
    ComparisonRuns r = run_comparison({base, levers}, RunConfig::of(20, base.seed, 2), false);
    const VariantComparison& c = r.comparisons[0];
    // 0.5 a month over months 1-24: 12 new groups in every replication, the baseline none.
    EXPECT_EQ(lever_delta(c, "group_new_groups").mean, 12.0);
    EXPECT_EQ(lever_delta(c, "group_new_groups").p5, 12.0);
    EXPECT_EQ(lever_delta(c, "group_new_groups").p95, 12.0);
    EXPECT_GT(lever_delta(c, "group_reward_cost_cny").p5, 0.0);
    EXPECT_GT(lever_delta(c, "group_member_cost_cny").p5, 0.0);
    EXPECT_GT(lever_delta(c, "group_under_agreement_end").mean, 0.0);
    // The unified-payment share lies between the classes' shares, 0.3 and 0.8.
    EXPECT_GT(lever_delta(c, "group_unified_payment_share").p5, 0.3);
    EXPECT_LT(lever_delta(c, "group_unified_payment_share").p95, 0.8);
    // Agreements and the tiers' factors cut the whole-group switches.
    EXPECT_LT(lever_delta(c, "group_switches").mean, 0.0);
    // The customer base is the same in both runs, so the headline margin moves by exactly the
    // group margin's change: members' and informatization revenue and early-exit fees, less
    // marketing, tier rewards and the cost to serve.
    const double group_margin = lever_delta(c, "group_margin_cny").mean;
    EXPECT_NEAR(c.delta("margin_total_cny").mean, group_margin, 1e-6 * std::abs(group_margin));
}

TEST(GroupLeversComparison, TwoYearAgreementsSaveTheSwitchesOfTheClosedForm) {
    const scenario::Scenario base = small_example("group_bid_and_vnet", 18);
    const scenario::Scenario agreement = small_example("group_tender_agreement", 18);
    ComparisonRuns r = run_comparison({base, agreement}, RunConfig::of(40, base.seed, 2), false);
    const VariantComparison& c = r.comparisons[0];
    // docs/models.md, section 29: a park enterprise is lost over the tender's 13 months at 5%
    // a month with L(p) = 1 - (1 - 0.05 p)^13; p = 0.5, or 0.15 with a loyal leader (0.4);
    // 80% sign in month 3 and then meet p x 0.4 for the whole tender.
    const auto lost = [](double p) { return 1.0 - std::pow(1.0 - 0.05 * p, 13); };
    const double before = 0.4 * lost(0.15) + 0.6 * lost(0.5);
    const double after = 0.8 * (0.4 * lost(0.06) + 0.6 * lost(0.2)) + 0.2 * before;
    const Band& switches = lever_delta(c, "group_switches");
    EXPECT_GT(switches.std_error, 0.0);
    EXPECT_NEAR(switches.mean, 45.0 * (after - before), 4.0 * switches.std_error);
    // Every switch under agreement pays 5,000 CNY; the baseline has no agreements, so the
    // paired change is the variant's fees.
    const std::vector<double>* fees = r.runs[1].modules.figure("group_early_exit_fees_cny");
    ASSERT_NE(fees, nullptr);
    double fees_total = 0.0;
    for (double f : *fees) {
        EXPECT_EQ(std::fmod(f, 5000.0), 0.0) << f;
        fees_total += f;
    }
    EXPECT_GT(fees_total, 0.0);
    const double fees_mean = fees_total / static_cast<double>(fees->size());
    EXPECT_NEAR(lever_delta(c, "group_early_exit_fees_cny").mean, fees_mean, 1e-9 * fees_mean);
}

TEST(GroupLeversComparison, MatchingTheTendersPriceSavesTheSwitchesOfTheClosedForm) {
    // group_tender.yaml's one enterprise, its 600 on-net staff customers in the store (the
    // other segments cut to 50 customers), against group_tender_match.yaml. docs/models.md
    // §29: the bid reaches it with a = 0.5 a month over months 4-9 (W = 6) and switches it
    // with p = 0.3 x 2 x 0.7 = 0.42, or 0.21 with a loyal leader (probability 0.5). Matched
    // from the first arrival on (the 12-month term covers the rest of the window), each
    // arrival meets p' = p r / (1 - p + p r), r = exp(-0.02 x 44).
    const auto example = [](const std::string& name) {
        scenario::Scenario sc =
            scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/" + name + ".yaml");
        sc.horizon_months = 12;
        for (auto& s : sc.segments) {
            if (s.id != "tender_staff") s.size = std::min<std::int64_t>(s.size, 50);
            s.acquisition.gross_adds_per_month = {0};
        }
        for (auto& o : sc.offers) o.take_up.end_month = std::min(o.take_up.end_month, 12);
        return sc;
    };
    const scenario::Scenario tender = example("group_tender");
    const scenario::Scenario match = example("group_tender_match");
    ComparisonRuns r = run_comparison({tender, match}, RunConfig::of(400, tender.seed, 2), false);
    const VariantComparison& c = r.comparisons[0];
    const auto lost = [](double p) { return 1.0 - std::pow(1.0 - 0.5 * p, 6); };
    const auto matched = [](double p) {
        const double odds = std::exp(-0.02 * 44.0);
        return p * odds / (1.0 - p + p * odds);
    };
    const double before = 0.5 * lost(0.42) + 0.5 * lost(0.21);
    const double after = 0.5 * lost(matched(0.42)) + 0.5 * lost(matched(0.21));
    const Band& switches = lever_delta(c, "group_switches");
    EXPECT_GT(switches.std_error, 0.0);
    EXPECT_NEAR(switches.mean, after - before, 4.0 * switches.std_error);
    // The cut is revenue forgone: 44 CNY a month for each on-net member while it runs, at
    // most 600 members x 12 months, and it leaves the group margin.
    const Band& cost = lever_delta(c, "group_price_match_cost_cny");
    EXPECT_GT(cost.mean, 0.0);
    EXPECT_LE(cost.p95, 600.0 * 44.0 * 9.0);  // the earliest arrival is month 4: 9 months to 12
}

}  // namespace group_levers_comparison_test
}  // namespace offersim::sim
