// The group levers of docs/models.md section 29 in the groups simulation: switches under an
// agreement against 1 - (1 - a p m)^W, the early-exit fees, new groups and member growth
// counted exactly, unified payment's churn against its survival, tier rewards and the
// margin and data-mix factors. Statistical checks use fixed seeds and 4 binomial standard
// errors, derived in each test.
#include "engine/sim/groups.hpp"

#include "models/group.hpp"
#include "models/group_levers.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>

namespace offersim::sim {
namespace group_levers_test {

using scenario::GroupsSpec;

constexpr std::uint64_t kLeverSeed = 20092;

scenario::GroupClass lever_class(const std::string& id, int count, double members, double purity) {
    scenario::GroupClass c;
    c.id = id;
    c.name = id;
    c.count = count;
    c.members = models::Distribution{models::DistributionKind::fixed, members, 0.0};
    c.purity = purity;
    c.member_revenue_monthly = Money::from_fen(8800);
    return c;
}

GroupsSpec one_tier_spec() {
    GroupsSpec g;
    std::fill_n(std::begin(g.value.weights), 8, 1.0);
    g.value.tiers = {{"all", "all", 0.0, {}, 1.0}};
    return g;
}

scenario::GroupAgreement agreement(int term_months, double bid_multiplier) {
    scenario::GroupAgreement a;
    a.term_months = term_months;
    a.bid_multiplier = bid_multiplier;
    return a;
}

// A bare class (no bundles, nobody bound, leader never loyal) bid for at `arrival` a month
// over months 1 to `window`, each bid switching it with p = 0.5.
GroupsSpec tender_spec(int groups, double arrival, int window) {
    GroupsSpec g = one_tier_spec();
    g.classes = {lever_class("park", groups, 50, 1.0)};
    g.bids = {{"tender", "tender", {"park"}, 1, window, arrival, 1.0, 0.0, {}}};
    g.switching.base_probability = 0.5;
    return g;
}

double total(const std::vector<double>& v) {
    double s = 0.0;
    for (double x : v) s += x;
    return s;
}

TEST(GroupLevers, AgreementScalesSwitchesToTheClosedForm) {
    // Half the groups hold a 24-month agreement (m_a = 0.4) over a 13-month window, a = 0.2:
    // P_a = 1 - (1 - 0.2 x 0.5 x 0.4)^13, P_0 = 1 - (1 - 0.1)^13. Which groups signed is a
    // draw, so each group is lost with P = (P_a + P_0) / 2 independently: the count over n
    // groups is binomial(n, P), tolerance 4 sqrt(n P (1 - P)). Switches under agreement are
    // binomial(n, P_a / 2), and each pays the fee, exactly.
    GroupsSpec g = tender_spec(3000, 0.2, 13);
    g.classes[0].agreement = agreement(24, 0.4);
    g.classes[0].agreement->signed_share = 0.5;
    g.classes[0].agreement->early_exit_fee = Money::from_fen(500'000);
    const double p_agreement = models::loss_under_agreement(0.2, 0.5, 0.4, 13);
    const double p_open = models::loss_under_agreement(0.2, 0.5, 1.0, 13);
    ASSERT_NEAR(p_agreement, 1.0 - std::pow(0.96, 13), 1e-12);
    const double p = 0.5 * (p_agreement + p_open);
    double switches = 0.0, early_exits = 0.0;
    const int replications = 2;
    for (int rep = 0; rep < replications; ++rep) {
        const GroupReplication r =
            simulate_groups_replication(g, 13, kLeverSeed, static_cast<std::uint32_t>(rep));
        switches += total(r.switches);
        early_exits += r.early_exits;
        EXPECT_EQ(total(r.early_exit_fee_cny), 5000.0 * r.early_exits);
    }
    const double n = 3000.0 * replications;
    EXPECT_NEAR(switches, n * p, 4.0 * std::sqrt(n * p * (1.0 - p)));
    const double q = 0.5 * p_agreement;
    EXPECT_NEAR(early_exits, n * q, 4.0 * std::sqrt(n * q * (1.0 - q)));
}

TEST(GroupLevers, AnAgreementThatLapsesCoversOnlyItsTerm) {
    // A 6-month agreement signed by every group at month 0, never renewed, over a 12-month
    // window: lost with P = 1 - (1 - a p m)^6 (1 - a p)^6. With certain renewal it covers
    // the whole window: P = 1 - (1 - a p m)^12, and every group still ours renews at month 6.
    GroupsSpec g = tender_spec(3000, 0.2, 12);
    g.classes[0].agreement = agreement(6, 0.4);
    const double lapsed = 1.0 - std::pow(1.0 - 0.04, 6) * std::pow(1.0 - 0.1, 6);
    const GroupReplication r = simulate_groups_replication(g, 12, kLeverSeed, 0);
    EXPECT_NEAR(total(r.switches), 3000.0 * lapsed, 4.0 * std::sqrt(3000.0 * lapsed * (1.0 - lapsed)));
    EXPECT_EQ(total(r.renewals), 0.0);
    EXPECT_EQ(r.groups_under_agreement[11], 0.0);

    g.classes[0].agreement->renewal_probability = 1.0;
    const double renewed = models::loss_under_agreement(0.2, 0.5, 0.4, 12);
    const GroupReplication k = simulate_groups_replication(g, 12, kLeverSeed, 0);
    EXPECT_NEAR(total(k.switches), 3000.0 * renewed, 4.0 * std::sqrt(3000.0 * renewed * (1.0 - renewed)));
    EXPECT_EQ(k.renewals[5], k.groups_intact[5]);
    EXPECT_EQ(k.groups_under_agreement[11], k.groups_intact[11]);
}

TEST(GroupLevers, AnAdoptionSignsAnAgreementWithoutABundle) {
    // A signing in month 1 by every group, adds_bundle false: the bundle count stays 0 (with
    // m_b = 0 a bundle would stop every switch), and the agreement's factor applies.
    GroupsSpec g = tender_spec(3000, 0.2, 10);
    g.switching.bundle_multiplier = 0.0;
    scenario::GroupAdoption sign;
    sign.id = "sign";
    sign.classes = {"park"};
    sign.agreement = agreement(24, 0.4);
    sign.adds_bundle = false;
    g.adoptions = {sign};
    const double p = models::loss_under_agreement(0.2, 0.5, 0.4, 10);
    const GroupReplication r = simulate_groups_replication(g, 10, kLeverSeed, 0);
    EXPECT_NEAR(total(r.switches), 3000.0 * p, 4.0 * std::sqrt(3000.0 * p * (1.0 - p)));
    EXPECT_EQ(r.groups_under_agreement[9], r.groups_intact[9]);
}

TEST(GroupLevers, NewGroupsSettleExactlyPerMonthTimesMonthsAndLeaveOtherDrawsAlone) {
    // 0.5 a month over months 3-22: 10 groups of 100 members, 30 of them on our network.
    GroupsSpec g = one_tier_spec();
    g.classes = {lever_class("park", 40, 100, 0.6)};
    g.classes[0].member_churn_monthly = 0.05;
    const GroupReplication before = simulate_groups_replication(g, 24, kLeverSeed, 3);
    g.new_groups = {{"settlers", "park", 0.5, 3, 22, 0.3, {}}};
    const std::vector<int> months = settling_months(g.new_groups[0]);
    ASSERT_EQ(months.size(), 10u);
    EXPECT_EQ(months.front(), 4);  // floor(0.5 x 2) in the window's second month
    const GroupReplication after = simulate_groups_replication(g, 24, kLeverSeed, 3);
    EXPECT_EQ(after.groups_new, 10.0);
    EXPECT_EQ(after.members_total[23], before.members_total[23] + 1000.0);
    EXPECT_EQ(after.members_on_net_start, before.members_on_net_start);
    EXPECT_EQ(after.retained_original, before.retained_original);  // settlers are joiners
    ASSERT_EQ(after.groups.size(), 50u);
    for (std::size_t i = 0; i < 40; ++i) EXPECT_EQ(after.groups[i].score, before.groups[i].score);
    // The month a settler arrives, its 30 on-net members are there after that month's churn
    // draws: at month 4 exactly 30 more than without it, less its churn.
    EXPECT_LE(after.members_on_net[3] - before.members_on_net[3], 30.0);
    EXPECT_GE(after.members_on_net[3] - before.members_on_net[3], 20.0);

    const GroupResults results = run_groups(g, 24, RunConfig::of(2, kLeverSeed));
    EXPECT_EQ(results.headline("groups_new").mean, 10.0);
    EXPECT_EQ(results.headline("groups_total").mean, 50.0);
    ASSERT_EQ(results.scores.size(), 50u);
    EXPECT_EQ(results.scores.back().class_id, "park");
    EXPECT_EQ(results.scores.back().index, 50);
}

TEST(GroupLevers, MemberGrowthAddsWholeHiresWhoJoinWithTheStatedShare) {
    // 1.5 hires a month for 12 months: 18 a group, exactly; each joins with s = 0.4, so the
    // joiners over G groups are binomial(18 G, 0.4).
    GroupsSpec g = one_tier_spec();
    g.classes = {lever_class("park", 1000, 40, 0.5)};
    g.classes[0].member_growth_monthly = 1.5;
    g.classes[0].member_growth_on_net_share = 0.4;
    const GroupReplication r = simulate_groups_replication(g, 12, kLeverSeed, 0);
    EXPECT_EQ(r.members_total[11], 1000.0 * (40 + 18));
    const double n = 18.0 * 1000;
    EXPECT_NEAR(r.members_on_net[11] - 1000.0 * 20, 0.4 * n, 4.0 * std::sqrt(n * 0.4 * 0.6));
}

TEST(GroupLevers, MemberGrowthWithoutAShareJoinsAtThePurity) {
    // Purity 0.25, no churn, one hire a month: the first hire joins with 0.25, so after one
    // month on-net over G groups is 10 G + binomial(G, 0.25).
    GroupsSpec g = one_tier_spec();
    g.classes = {lever_class("park", 4000, 40, 0.25)};
    g.classes[0].member_growth_monthly = 1.0;
    const GroupReplication r = simulate_groups_replication(g, 1, kLeverSeed, 0);
    EXPECT_NEAR(r.members_on_net[0] - 40000.0, 1000.0, 4.0 * std::sqrt(4000 * 0.25 * 0.75));
}

TEST(GroupLevers, UnifiedPaymentLowersChurnToTheMixture) {
    // h = 0.05, u = 0.6, m_u = 0.5: h' = 0.05 (0.3 + 0.4) = 0.035. Over 12 months each of the
    // 50 x 400 month-0 members survives with S = (1 - h')^12: binomial, 4 sqrt(n S (1 - S)).
    GroupsSpec g = one_tier_spec();
    g.classes = {lever_class("gov", 400, 50, 1.0)};
    g.classes[0].member_churn_monthly = 0.05;
    g.classes[0].unified_payment_share = 0.6;
    g.classes[0].unified_payment_churn_multiplier = 0.5;
    const double h = models::unified_payment_churn(0.05, 0.6, 0.5);
    ASSERT_NEAR(h, 0.035, 1e-15);
    const double s = std::pow(1.0 - h, 12);
    const GroupReplication r = simulate_groups_replication(g, 12, kLeverSeed, 0);
    const double n = 400.0 * 50;
    EXPECT_NEAR(r.members_on_net[11], n * s, 4.0 * std::sqrt(n * s * (1.0 - s)));
    // No group switches, so every month's paid share is u.
    EXPECT_NEAR(total(r.unified_revenue_cny) / total(r.member_revenue_cny), 0.6, 1e-12);
    const GroupResults results = run_groups(g, 12, RunConfig::of(2, kLeverSeed));
    EXPECT_NEAR(results.headline("unified_payment_share").mean, 0.6, 1e-12);
}

TEST(GroupLevers, TierRewardsAreACostAndTheMarginCountsThem) {
    // One tier with a 500 CNY reward, 30 groups of 10 members at 88 CNY each and a cost to
    // serve of 28, 6 months, nobody leaves: rewards 30 x 500 x 6, cost 30 x 10 x 28 x 6,
    // margin 30 x 10 x 60 x 6 - 90,000, all exact; the module money carries them.
    GroupsSpec g = one_tier_spec();
    g.value.tiers[0].reward_monthly = Money::from_fen(50'000);
    g.classes = {lever_class("gov", 30, 10, 1.0)};
    g.classes[0].member_cost_monthly = Money::from_fen(2800);
    ModuleSamples samples;
    const GroupResults results = run_groups(g, 6, RunConfig::of(2, kLeverSeed), &samples);
    EXPECT_EQ(results.headline("reward_cost_total_cny").mean, 90'000.0);
    EXPECT_EQ(results.headline("member_cost_total_cny").mean, 50'400.0);
    EXPECT_EQ(results.headline("margin_total_cny").mean, 108'000.0 - 90'000.0);
    EXPECT_EQ(samples.cost(0, 2), 15'000.0 + 8'400.0);
    EXPECT_EQ(samples.revenue(1, 5), 26'400.0);
    ASSERT_NE(samples.figure("group_margin_cny"), nullptr);
    EXPECT_EQ(samples.figure("group_margin_cny")->at(0), 18'000.0);
}

TEST(GroupLevers, ATiersBidMultiplierScalesItsSwitches) {
    // One tier with bid_multiplier 0.5: as an agreement of factor 0.5 for the whole window.
    GroupsSpec g = tender_spec(3000, 0.2, 10);
    g.value.tiers[0].bid_multiplier = 0.5;
    const double p = models::loss_under_agreement(0.2, 0.5, 0.5, 10);
    const GroupReplication r = simulate_groups_replication(g, 10, kLeverSeed, 1);
    EXPECT_NEAR(total(r.switches), 3000.0 * p, 4.0 * std::sqrt(3000.0 * p * (1.0 - p)));
}

TEST(GroupLevers, MarginAndDataMixEnterTheValueScore) {
    // 100 members, 50 on net at 88 CNY with 28 to serve: M = 50 x 60 = 3,000 of 6,000 full,
    // so a score on margin alone is 50. Data: 50 x 88 x 0.2 = 880 of 4,400 revenue, a share
    // of 0.2 over a target of 0.4: 50 as well.
    GroupsSpec g = one_tier_spec();
    g.classes = {lever_class("gov", 1, 100, 0.5)};
    g.classes[0].member_cost_monthly = Money::from_fen(2800);
    g.classes[0].data_revenue_share = 0.2;
    g.value.margin_full_score_monthly = Money::from_fen(600'000);
    g.value.data_mix_target = 0.4;
    std::fill(std::begin(g.value.weights), std::end(g.value.weights), 0.0);
    g.value.weights[static_cast<int>(models::ValueFactor::margin)] = 1.0;
    EXPECT_NEAR(simulate_groups_replication(g, 3, kLeverSeed, 0).groups[0].score, 50.0, 1e-9);
    g.value.weights[static_cast<int>(models::ValueFactor::margin)] = 0.0;
    g.value.weights[static_cast<int>(models::ValueFactor::data_mix)] = 1.0;
    EXPECT_NEAR(simulate_groups_replication(g, 3, kLeverSeed, 0).groups[0].score, 50.0, 1e-9);
}

TEST(GroupLevers, MatchingTheRivalsPriceMovesTheSwitchOddsAsThePriceResponseAndForgoesTheCut) {
    // Every one of 3000 groups of 50 members is bid for in month 1 at half price (f = 88 CNY,
    // cut 44 CNY a member a month); we match for 6 months. With beta = 0.02 the switch
    // probability is p' = p r / (1 - p + p r), r = exp(-0.02 x 44), p = 0.5 (docs/models.md
    // §29): switches are binomial(3000, p'). Each group still ours forgoes 50 x 44 CNY in each
    // of the 6 matched months, exactly; one that switches in month 1 pays nothing.
    GroupsSpec g = tender_spec(3000, 1.0, 1);
    g.bids[0].quote_discount = 0.5;
    g.switching.leave_per_cny = 0.02;
    g.price_matches = {{"match", "match", "tender", 6, {}}};
    const double r = std::exp(-0.02 * 44.0);
    const double p = 0.5 * r / (0.5 + 0.5 * r);
    ASSERT_NEAR(models::matched_switch_probability(0.5, 0.02, 44.0), p, 1e-15);
    const GroupReplication k = simulate_groups_replication(g, 12, kLeverSeed, 0);
    EXPECT_EQ(k.price_matches, 3000.0);
    EXPECT_NEAR(k.switches_expected, 3000.0 * p, 1e-9);
    const double switches = total(k.switches);
    EXPECT_NEAR(switches, 3000.0 * p, 4.0 * std::sqrt(3000.0 * p * (1.0 - p)));
    EXPECT_EQ(total(k.price_match_cost_cny), (3000.0 - switches) * 50.0 * 44.0 * 6.0);
    EXPECT_EQ(k.price_match_cost_cny[6], 0.0);  // the term is over: the price returns
    // The forgone revenue is a headline and leaves the group margin.
    const GroupResults matched = run_groups(g, 12, RunConfig::of(1, kLeverSeed));
    EXPECT_EQ(matched.headline("price_matches").mean, 3000.0);
    EXPECT_EQ(matched.headline("price_match_cost_total_cny").mean, total(k.price_match_cost_cny));
    EXPECT_NEAR(matched.headline("margin_total_cny").mean,
                total(k.member_revenue_cny) - total(k.price_match_cost_cny), 1e-6);
    // Without a match the same bid switches with p = 0.5 and forgoes nothing.
    g.price_matches.clear();
    const GroupReplication open = simulate_groups_replication(g, 12, kLeverSeed, 0);
    EXPECT_NEAR(open.switches_expected, 1500.0, 1e-9);
    EXPECT_EQ(total(open.price_match_cost_cny), 0.0);
}

}  // namespace group_levers_test
}  // namespace offersim::sim
