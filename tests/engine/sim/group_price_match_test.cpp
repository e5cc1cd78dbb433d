// Matching a rival's price on the bills of group members in the store (docs/models.md §29.1)
// and the unified-payment share from the flagged members' bills (§28.1): the paired revenue
// delta of a match is minus the cut on the members' bills to the fen, the group KPI is that
// cut (not booked twice), the members' own leaving answers the cut by the leave equation
// within 4 standard errors, and results are bit-identical for 1, 2 and 8 threads.
#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/engine/sim/module_delta.hpp"
#include "tests/engine/sim/staff_groups_scenario.hpp"

#include <gtest/gtest.h>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

namespace offersim::sim {
namespace group_price_match_test {

// Two firms of 100 staff at purity 0.7 (140 members of the 300 staff customers, hazard 0.02
// a month, tiers of 58 and 88 CNY). A tender reaches each firm in month 3 for sure and never
// switches it (base probability 0), so the groups' own draws are alike in both runs; `match`
// answers it with a 4-month match of the half-price quote, a cut of 44 CNY a member a month
// on the bills of months 4 to 7. `staff_price` gives the staff a price response.
std::string tender_text(bool match, const std::string& staff_price = "") {
    std::string text = test::staff_groups_scenario("match", 12, 300, 2, "0.7") + R"(  bids:
    - { id: tender, classes: [firm], start_month: 3, end_month: 3, monthly_probability: 1.0, quote_discount: 0.5 }
  switching: { base_probability: 0.0, leave_per_cny: 0.02 }
)";
    if (match) text += "  price_matches:\n    - { id: answer, bid: tender, term_months: 4 }\n";
    if (!staff_price.empty()) {
        const std::string churn = "    churn: { model: constant, monthly_hazard: 0.02 }\n";
        text.replace(text.find(churn), churn.size(), churn + "    price_response: " + staff_price + "\n");
    }
    return text;
}

// With the staff's price response, against the tender without the match as the reference
// prices (a scenario with no `extends` and no price_reference has none).
SimulationPlan priced_plan_of(bool match, const std::string& staff_price) {
    scenario::Scenario sc = scenario::load_scenario_text(tender_text(match, staff_price), "match.yaml");
    sc.price_reference = std::make_shared<const scenario::Scenario>(
        scenario::load_scenario_text(tender_text(false), "base.yaml"));
    return compile_plan(sc);
}

double line_total(const MetricCube& cube, int rep, int row, Metric line) {
    double sum = 0.0;
    for (int m = 0; m < cube.months; ++m) sum += cube.at(rep, m, row, line);
    return sum;
}

double sum_of(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

}  // namespace group_price_match_test

using namespace group_price_match_test;

TEST(GroupPriceMatch, PairedRevenueDeltaIsMinusTheCutOnMembersBillsToTheFen) {
    // The staff's leaving does not answer prices and no firm switches: with common random
    // numbers the two runs differ only by the cut, 4,400 fen on the bill of each member billed
    // in months 4-7, that is each member on net at the end of months 3-6.
    const SimulationPlan base = test::plan_of(tender_text(false));
    const SimulationPlan match = test::plan_of(tender_text(true));
    ASSERT_FALSE(base.group_members->member_path(1));
    ASSERT_TRUE(match.group_members->member_path(1));
    constexpr int kReps = 6;
    const MetricCube b = run_simulation(base, RunConfig::of(kReps, 7, 2));
    const MetricCube v = run_simulation(match, RunConfig::of(kReps, 7, 2));
    const int all = v.total_row();
    for (int rep = 0; rep < kReps; ++rep) {
        const GroupReplication& g = v.group_runs[static_cast<std::size_t>(rep)];
        double members_billed = 0.0;
        for (int month = 4; month <= 7; ++month) members_billed += g.members_on_net[month - 2];
        const double cut_fen = 4400.0 * members_billed;
        EXPECT_GT(cut_fen, 0.0);
        EXPECT_EQ(line_total(v, rep, all, Metric::revenue_price_match), -cut_fen) << rep;
        EXPECT_EQ(
            line_total(v, rep, all, Metric::revenue_total) - line_total(b, rep, all, Metric::revenue_total),
            -cut_fen)
            << rep;
        EXPECT_EQ(line_total(v, rep, all, Metric::churners), line_total(b, rep, all, Metric::churners))
            << rep;
        // The group KPI is the members' actual cut, month by month, and nothing more.
        EXPECT_EQ(std::llround(sum_of(g.price_match_cost_cny) * 100.0), std::llround(cut_fen)) << rep;
        EXPECT_EQ(g.price_match_cost_cny, g.price_match_in_bills_cny) << rep;
        EXPECT_EQ(g.price_match_cost_cny[2], 0.0);  // month 3: the bid's month is billed in full
        EXPECT_EQ(g.price_match_cost_cny[7], 0.0);  // month 8: the term is over
        EXPECT_GT(g.price_match_cost_cny[3], 0.0);
        EXPECT_EQ(g.price_matches, 2.0);
    }
    // In the comparison the cut is taken once: the headline revenue falls by the group KPI.
    const scenario::Scenario sb = scenario::load_scenario_text(tender_text(false), "base.yaml");
    const scenario::Scenario sv = scenario::load_scenario_text(tender_text(true), "match.yaml");
    const ComparisonRuns r = run_comparison({sb, sv}, RunConfig::of(kReps, 7, 2), false);
    const VariantComparison& c = r.comparisons[0];
    const double cut = test::module_delta(c, "group_price_match_cost_cny").mean;
    EXPECT_GT(cut, 0.0);
    EXPECT_NEAR(c.delta("revenue_total_cny").mean, -cut, 1e-6 * cut);
}

TEST(GroupPriceMatch, MembersOwnLeavingAnswersTheCutByTheLeaveEquationWithinFourStandardErrors) {
    // docs/models.md §29.1: in months 4-7 a member leaves with P' = h r / (1 - h + h r),
    // r = exp(-beta x 44), beta = 0.02 per CNY (the staff's price response), instead of h =
    // 0.02. The 140 members on net at month 0 (no switch, no joiner) then keep, at the end of
    // month 12, 140 (1 - h)^8 ((1 - P')^4 - (1 - h)^4) more of them; the other staff are alike.
    const std::string staff_price = "{ leave_per_cny: 0.02 }";
    const SimulationPlan base = priced_plan_of(false, staff_price);
    const SimulationPlan match = priced_plan_of(true, staff_price);
    ASSERT_TRUE(match.segments[1].price.leaving_answers());
    constexpr int kReps = 120;
    const MetricCube b = run_simulation(base, RunConfig::of(kReps, 5, 2));
    const MetricCube v = run_simulation(match, RunConfig::of(kReps, 5, 2));
    const double h = 0.02;
    const double r = std::exp(-0.02 * 44.0);
    const double matched = h * r / (1.0 - h + h * r);
    const double expected =
        140.0 * std::pow(1.0 - h, 8) * (std::pow(1.0 - matched, 4) - std::pow(1.0 - h, 4));
    EXPECT_NEAR(expected, 5.30, 0.01);
    const int staff = 1;
    double sum = 0.0, sum_sq = 0.0;
    for (int rep = 0; rep < kReps; ++rep) {
        const double d = v.at(rep, 11, staff, Metric::active_end) - b.at(rep, 11, staff, Metric::active_end);
        sum += d;
        sum_sq += d * d;
    }
    const double mean = sum / kReps;
    const double se = std::sqrt((sum_sq / kReps - mean * mean) / (kReps - 1));
    EXPECT_GT(se, 0.0);
    EXPECT_NEAR(mean, expected, 4.0 * se);
}

TEST(GroupPriceMatch, WithSwitchesSavedEachBillIsTheBaselinesLessTheCutAndTheRestIsMembersKept) {
    // The tender now switches firms (base probability 0.5, months 3-8), the match saves some
    // switches and the staff answer the cut. With common random numbers a customer
    // billed in both runs has the same bill but for the cut, min(c_g, bill), c_g its group's
    // cut that month; so the paired revenue change is exactly minus the cuts plus the bills of
    // those billed only in the variant, less those billed only in the baseline.
    const auto plan = [](bool match) {
        std::string text = tender_text(match, "{ leave_per_cny: 0.02 }");
        const std::string never = "{ base_probability: 0.0, leave_per_cny: 0.02 }";
        text.replace(text.find(never), never.size(), "{ base_probability: 0.5, leave_per_cny: 0.02 }");
        const std::string once = "start_month: 3, end_month: 3, monthly_probability: 1.0";
        text.replace(text.find(once), once.size(), "start_month: 3, end_month: 8, monthly_probability: 0.5");
        scenario::Scenario sc = scenario::load_scenario_text(text, "match.yaml");
        std::string reference = tender_text(false);
        reference.replace(reference.find(never), never.size(),
                          "{ base_probability: 0.5, leave_per_cny: 0.02 }");
        sc.price_reference =
            std::make_shared<const scenario::Scenario>(scenario::load_scenario_text(reference, "base.yaml"));
        return compile_plan(sc);
    };
    const SimulationPlan base = plan(false), match = plan(true);
    constexpr int kReps = 8;
    PlanStepper b(base, kReps), v(match, kReps);
    const auto n = static_cast<std::size_t>(v.store().size());
    double switches_saved = 0.0;
    for (int rep = 0; rep < kReps; ++rep) {
        const PhiloxKey key = replication_key(20091001u, static_cast<std::uint32_t>(rep));
        double cuts = 0.0, kept = 0.0, lost = 0.0, revenue_b = 0.0, revenue_v = 0.0, cuts_of_kept = 0.0;
        for (int month = 1; month <= match.horizon_months; ++month) {
            b.start_month(rep, month, key);
            v.start_month(rep, month, key);
            std::vector<double> bill_b(n, 0.0), bill_v(n, 0.0);
            std::vector<std::uint8_t> on_b(n, 0), on_v(n, 0);
            for (std::size_t s = 0; s < v.shards().size(); ++s) {
                const std::int64_t first = v.shards()[s].begin;
                b.step(s, month, key, bill_b.data() + first, on_b.data() + first);
                v.step(s, month, key, bill_v.data() + first, on_v.data() + first);
            }
            for (std::size_t u = 0; u < n; ++u) {
                revenue_b += bill_b[u];
                revenue_v += bill_v[u];
                if (on_b[u] && on_v[u]) {
                    const double cut =
                        std::min(v.store().group_bill_cut_fen[v.store().group_index[u]], bill_b[u]);
                    ASSERT_EQ(bill_v[u], bill_b[u] - cut) << "customer " << u << " month " << month;
                    cuts += cut;
                } else if (on_v[u]) {
                    kept += bill_v[u];  // after its cut: every bill here is above 44 CNY
                    cuts_of_kept += v.store().group_bill_cut_fen[v.store().group_index[u]];
                } else if (on_b[u]) {
                    lost += bill_b[u];
                }
            }
            b.finish_month(rep, month);
            v.finish_month(rep, month);
        }
        EXPECT_EQ(revenue_v - revenue_b, kept - lost - cuts) << rep;
        const GroupReplication& g = v.cube().group_runs[static_cast<std::size_t>(rep)];
        // The KPI is every cut in the variant: on those billed in both runs and on those kept.
        EXPECT_EQ(std::llround(sum_of(g.price_match_cost_cny) * 100.0), std::llround(cuts + cuts_of_kept))
            << rep;
        switches_saved +=
            sum_of(b.cube().group_runs[static_cast<std::size_t>(rep)].switches) - sum_of(g.switches);
    }
    EXPECT_GT(switches_saved, 0.0);  // the test covers members a saved switch keeps
}

TEST(GroupPriceMatch, IsBitIdenticalForOneTwoAndEightThreads) {
    const SimulationPlan match = priced_plan_of(true, "{ leave_per_cny: 0.02 }");
    test::expect_group_figures_thread_invariant(match);
    const MetricCube one = run_simulation(match, RunConfig::of(3, 11, 1));
    const MetricCube eight = run_simulation(match, RunConfig::of(3, 11, 8));
    for (std::size_t rep = 0; rep < one.group_runs.size(); ++rep)
        EXPECT_EQ(one.group_runs[rep].price_match_cost_cny, eight.group_runs[rep].price_match_cost_cny);
}

TEST(GroupPriceMatch, UnifiedPaymentShareIsTheFlaggedMembersBillsOverTheMembersBillsToTheFen) {
    // docs/models.md §28.1: each month, the bills of the members their intact group pays and
    // of all members, as the store bills them; a firm that switches stops paying.
    const std::string text = test::staff_groups_scenario("paid", 12, 300, 2, "0.7") +
                             R"(      unified_payment_share: 0.5
  bids:
    - { id: tender, classes: [firm], start_month: 3, end_month: 8, monthly_probability: 0.3 }
  switching: { base_probability: 0.5, follow_share: 0.5 }
)";
    const SimulationPlan plan = test::plan_of(text);
    ASSERT_TRUE(plan.group_members->member_path(1));
    constexpr int kReps = 3;
    PlanStepper stepper(plan, kReps);
    const auto n = static_cast<std::size_t>(stepper.store().size());
    double share_sum = 0.0;  // of each replication's paid over members' bills
    for (int rep = 0; rep < kReps; ++rep) {
        const PhiloxKey key = replication_key(20091001u, static_cast<std::uint32_t>(rep));
        std::vector<double> members(12, 0.0), paid(12, 0.0);
        for (int month = 1; month <= plan.horizon_months; ++month) {
            stepper.start_month(rep, month, key);
            std::vector<double> bills(n, 0.0);
            for (std::size_t s = 0; s < stepper.shards().size(); ++s)
                stepper.step(s, month, key, bills.data() + stepper.shards()[s].begin);
            const CustomerStore& store = stepper.store();
            for (std::size_t u = 0; u < n; ++u) {
                if (store.group_index[u] == 0) continue;
                members[static_cast<std::size_t>(month - 1)] += bills[u];
                if (store.member_flags[u] & CustomerStore::kUnifiedPaymentBit)
                    paid[static_cast<std::size_t>(month - 1)] += bills[u];
            }
            stepper.finish_month(rep, month);
        }
        const GroupReplication& g = stepper.cube().group_runs[static_cast<std::size_t>(rep)];
        for (std::size_t m = 0; m < 12; ++m) {
            EXPECT_EQ(std::llround(g.store_member_bills_cny[m] * 100.0), std::llround(members[m])) << m;
            EXPECT_EQ(std::llround(g.store_unified_bills_cny[m] * 100.0), std::llround(paid[m])) << m;
        }
        EXPECT_GT(sum_of(paid), 0.2 * sum_of(members));
        EXPECT_LT(sum_of(paid), 0.8 * sum_of(members));
        share_sum += sum_of(paid) / sum_of(members);
    }
    const scenario::Scenario sc = scenario::load_scenario_text(text, "paid.yaml");
    const GroupResults results = summarise_groups(*sc.groups, 12, stepper.cube().group_runs);
    EXPECT_NEAR(results.headline("unified_payment_share").mean, share_sum / kReps, 1e-12);
}

}  // namespace offersim::sim
