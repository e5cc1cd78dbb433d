// The enterprise-groups simulation: whole-group switching frequency against the model's
// probability, purity after adoption against its analytic expectation, the tier-drop
// warning, and the keying of draws. Statistical checks use fixed seeds and tolerances of
// 4 binomial standard errors, derived in each test.
#include "engine/sim/groups.hpp"

#include "models/group.hpp"

#include <gtest/gtest.h>
#include <cmath>

namespace offersim::sim {
namespace {

using scenario::GroupsSpec;

constexpr std::uint64_t kSeed = 20091;

scenario::GroupClass plain_class(const std::string& id, int count, double members, double purity) {
    scenario::GroupClass c;
    c.id = id;
    c.name = id;
    c.count = count;
    c.members = models::Distribution{models::DistributionKind::fixed, members, 0.0};
    c.purity = purity;
    c.member_revenue_monthly = Money::from_fen(8800);
    return c;
}

GroupsSpec spec_with_tiers() {
    GroupsSpec g;
    // Equal weights on section 18's eight factors, as a scenario without value_score has them.
    std::fill_n(std::begin(g.value.weights), 8, 1.0);
    g.value.revenue_full_score_monthly = Money::from_fen(100'000);
    g.value.tiers = {{"A", "A", 70.0, {}, 1.0}, {"B", "B", 50.0, {}, 1.0}, {"C", "C", 0.0, {}, 1.0}};
    return g;
}

// Whole-group switches over `replications`, and the number of bids that reached a group.
struct Tally {
    double switches = 0.0;
    double bids = 0.0;
    double expected = 0.0;
    double variance = 0.0;
};

Tally tally(const GroupsSpec& g, int horizon, int replications) {
    Tally t;
    for (int rep = 0; rep < replications; ++rep) {
        const GroupReplication r =
            simulate_groups_replication(g, horizon, kSeed, static_cast<std::uint32_t>(rep));
        for (int m = 0; m < horizon; ++m) {
            t.switches += r.switches[static_cast<std::size_t>(m)];
            t.bids += r.bids[static_cast<std::size_t>(m)];
        }
        t.expected += r.switches_expected;
        t.variance += r.switches_variance;
    }
    return t;
}

GroupsSpec bid_spec(double monthly_probability, int start, int end) {
    GroupsSpec g = spec_with_tiers();
    scenario::GroupClass c = plain_class("enterprise", 2000, 10, 1.0);
    c.key_persons = 4;
    c.bound_key_person_share = 0.5;  // 2 of 4 bound
    c.leader_loyal_probability = 0.3;
    c.bundles = 1;
    g.classes = {c};
    g.bids = {{"tender", "tender", {"enterprise"}, start, end, monthly_probability, 1.2, 0.0, {}}};
    g.switching = {.base_probability = 0.5,
                   .bundle_multiplier = 0.6,
                   .bound_key_person_multiplier = 0.3,
                   .loyal_leader_multiplier = 0.3};
    g.follow_share = 0.85;
    return g;
}

TEST(Groups, WholeGroupSwitchingFrequencyMatchesTheModelProbability) {
    // Every group gets one bid in month 1. A loyal leader (probability 0.3) gives
    // p_l = 0.5 x 1.2 x 0.6 x (1 - 0.5 x 0.7) x 0.3 = 0.0702, an open one p_o = 0.234; each
    // group switches independently with p = 0.3 p_l + 0.7 p_o = 0.18486, so the count over
    // n = 2,000 groups x 5 replications is binomial(n, p): |p_hat - p| < 4 sqrt(p (1 - p) / n).
    const GroupsSpec g = bid_spec(1.0, 1, 1);
    const double p_loyal = models::group_switch_probability(g.switching, {1, 0.5, true}, 1.2);
    const double p_open = models::group_switch_probability(g.switching, {1, 0.5, false}, 1.2);
    ASSERT_NEAR(p_loyal, 0.0702, 1e-12);
    ASSERT_NEAR(p_open, 0.234, 1e-12);
    const double p = 0.3 * p_loyal + 0.7 * p_open;
    const int replications = 5;
    const Tally t = tally(g, 1, replications);
    const double n = 2000.0 * replications;
    EXPECT_EQ(t.bids, n);
    const double p_hat = t.switches / n;
    const double tolerance = 4.0 * std::sqrt(p * (1.0 - p) / n);
    EXPECT_NEAR(p_hat, p, tolerance) << "switches " << t.switches << " of " << n << " groups";
    // Given the leaders drawn, the expectation the run records is a sum of p_l and p_o, whose
    // mean per group is p with binomial spread from the leader draws (p_o - p_l) sqrt(q(1-q)/n).
    EXPECT_NEAR(t.expected / n, p, 4.0 * (p_open - p_loyal) * std::sqrt(0.3 * 0.7 / n));
    // The switches given the recorded per-bid probabilities: Poisson-binomial, variance the
    // recorded sum of p (1 - p).
    EXPECT_NEAR(t.switches, t.expected, 4.0 * std::sqrt(t.variance));
}

TEST(Groups, SwitchingOverABidWindowCompoundsMonthlyBids) {
    // Bids reach a group with probability 0.1 a month over months 2-7; a switched group gets
    // no more bids. A group with switch probability p per bid is lost in the window with
    // P(p) = 1 - (1 - 0.1 p)^6; over the leader mixture P = 0.3 P(p_l) + 0.7 P(p_o). The lost
    // count over n groups is binomial(n, P): tolerance 4 sqrt(P (1 - P) / n).
    const GroupsSpec g = bid_spec(0.1, 2, 7);
    const double p_loyal = models::group_switch_probability(g.switching, {1, 0.5, true}, 1.2);
    const double p_open = models::group_switch_probability(g.switching, {1, 0.5, false}, 1.2);
    const auto lost = [](double p) { return 1.0 - std::pow(1.0 - 0.1 * p, 6); };
    const double expected = 0.3 * lost(p_loyal) + 0.7 * lost(p_open);
    const int replications = 10;
    const Tally t = tally(g, 8, replications);
    const double n = 2000.0 * replications;
    EXPECT_NEAR(t.switches / n, expected, 4.0 * std::sqrt(expected * (1.0 - expected) / n))
        << "switches " << t.switches << " of " << n;
}

TEST(Groups, PurityAfterAdoptionEqualsTheAnalyticExpectation) {
    // The V-net case: 424 members, 69.8% on net (296); every group adopts in month 1 and each
    // of the 128 off-net members joins with probability 0.75: 392 expected (92.45%). Joiners
    // over N groups are binomial(128 N, 0.75): the mean per group is within
    // 4 sqrt(128 x 0.75 x 0.25 / N) of 96.
    GroupsSpec g = spec_with_tiers();
    g.classes = {plain_class("gov", 500, 424, 0.698)};
    g.adoptions = {
        {"enterprise_sms", "enterprise_sms", "", {"gov"}, 1, 1.0, 0.75, 0.0, {}, {}, {}, std::nullopt, true}};
    const int replications = 4;
    double on_net = 0.0;
    for (int rep = 0; rep < replications; ++rep) {
        const GroupReplication r = simulate_groups_replication(g, 1, kSeed, static_cast<std::uint32_t>(rep));
        ASSERT_EQ(r.members_on_net_start, 500.0 * 296);
        on_net += r.members_on_net[0];
    }
    const double groups = 500.0 * replications;
    const double expected = models::expected_on_net_after_join(424, 296, 0.75);
    ASSERT_EQ(expected, 392.0);
    EXPECT_NEAR(on_net / groups, expected, 4.0 * std::sqrt(128 * 0.75 * 0.25 / groups));
    EXPECT_GT(on_net / groups / 424, 0.9);
}

TEST(Groups, ATierDropRaisesTheWarning) {
    // Every member leaves in month 1 (monthly churn 1): revenue and purity fall to zero, so
    // the re-score at month 1 moves every group down and each raises one warning.
    GroupsSpec g = spec_with_tiers();
    g.value.rescore_months = 1;
    scenario::GroupClass c = plain_class("firm", 7, 1000, 1.0);  // revenue 88,000 of 100,000
    c.credit_score = 1.0;
    c.industry_score = 1.0;
    g.classes = {c};
    const GroupResults steady = run_groups(g, 2, RunConfig::of(2, kSeed));
    EXPECT_EQ(steady.headline("tier_drop_warnings").mean, 0.0);
    g.classes[0].member_churn_monthly = 1.0;
    const GroupResults emptied = run_groups(g, 2, RunConfig::of(2, kSeed));
    EXPECT_EQ(emptied.monthly[0].tier_drops.mean, 7.0);
    EXPECT_EQ(emptied.monthly[1].tier_drops.mean, 0.0);  // already at its floor
    EXPECT_EQ(emptied.headline("tier_drop_warnings").mean, 7.0);
    EXPECT_EQ(emptied.classes[0].tier_drops.mean, 7.0);
}

TEST(Groups, DrawsAreKeyedByClassIdNotPosition) {
    GroupsSpec g = bid_spec(0.3, 1, 6);
    g.classes.push_back(plain_class("other", 50, 30, 0.5));
    g.classes[1].member_churn_monthly = 0.05;
    GroupsSpec reversed = g;
    std::swap(reversed.classes[0], reversed.classes[1]);
    const GroupReplication a = simulate_groups_replication(g, 6, kSeed, 3);
    const GroupReplication b = simulate_groups_replication(reversed, 6, kSeed, 3);
    EXPECT_EQ(a.switches, b.switches);
    EXPECT_EQ(a.members_on_net, b.members_on_net);
    EXPECT_EQ(a.classes[0].on_net_end, b.classes[1].on_net_end);
    const GroupReplication again = simulate_groups_replication(g, 6, kSeed, 3);
    EXPECT_EQ(a.members_on_net, again.members_on_net);
}

}  // namespace
}  // namespace offersim::sim
