// Group members in the store (docs/models.md §28): a group bid's paired revenue delta is
// exactly the switched members' baseline bills after their switch, results are bit-identical
// for any thread count, purity follows the members' own churn, and members holding a binding
// offer cut the switch probability by the documented factor.
#include "engine/sim/group_members.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/simulation.hpp"
#include "tests/engine/sim/staff_groups_scenario.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace offersim::sim {
namespace group_members_test {

// A mass segment and a staff segment of 300 whose first customers are the members of
// `groups` firms of 100 staff at `purity`; `extra` adds to groups: (bids, switching) and
// `offers` to the scenario.
std::string scenario_text(int groups, double purity, const std::string& extra,
                          const std::string& offers = "") {
    return test::staff_groups_scenario("members", 12, 300, groups, std::to_string(purity), offers) + extra;
}

const std::string kBid = R"(  bids:
    - { id: tender, classes: [firm], start_month: 3, end_month: 8, monthly_probability: 0.3 }
  switching: { base_probability: 0.5, follow_share: 0.8 }
)";

// Every staff member takes the pack, a bundle on gotone_88, in month 1.
const std::string kPackForAllStaff = R"(offers:
  - id: pack
    kind: bundle
    tier: gotone_88
    components: [{ kind: value_added, name: family numbers, list_price_monthly_cny: 10, cost_monthly_cny: 1 }]
    discount_percent: 10
    take_up: { segments: [staff], existing_share: 1.0, launch_month: 1, end_month: 1 }
)";

double total_revenue(const MetricCube& cube, int rep) {
    double sum = 0.0;
    for (int m = 0; m < cube.months; ++m) sum += cube.at(rep, m, cube.total_row(), Metric::revenue_total);
    return sum;
}

}  // namespace group_members_test

using namespace group_members_test;

TEST(GroupMembers, PairedRevenueDeltaOfAGroupBidIsMinusTheSwitchedMembersBaselineBillsToTheFen) {
    const SimulationPlan base =
        test::plan_of(scenario_text(4, 0.7, "  switching: { base_probability: 0.5 }\n"));
    const SimulationPlan bid = test::plan_of(scenario_text(4, 0.7, kBid));
    constexpr int kReps = 4;
    PlanStepper b(base, kReps), v(bid, kReps);
    ASSERT_EQ(b.shards().size(), v.shards().size());
    const auto n = static_cast<std::size_t>(b.store().size());
    std::vector<double> expected(kReps, 0.0);
    double switchers = 0.0;
    for (int rep = 0; rep < kReps; ++rep) {
        const PhiloxKey key = replication_key(20091001u, static_cast<std::uint32_t>(rep));
        std::vector<int> switched_at(n, 0);
        for (int month = 1; month <= base.horizon_months; ++month) {
            b.start_month(rep, month, key);
            v.start_month(rep, month, key);
            std::vector<double> bills(n, 0.0), ignored(n, 0.0);
            for (std::size_t s = 0; s < b.shards().size(); ++s) {
                const Shard& shard = b.shards()[s];
                b.step(s, month, key, bills.data() + shard.begin);
                v.step(s, month, key, ignored.data() + shard.begin);
            }
            b.finish_month(rep, month);
            v.finish_month(rep, month);
            for (std::size_t u = 0; u < n; ++u) {
                if (switched_at[u] > 0) expected[static_cast<std::size_t>(rep)] -= bills[u];
                if (switched_at[u] == 0 && b.store().alive[u] && !v.store().alive[u]) {
                    switched_at[u] = month;  // the variant's group switch took it at the month's end
                    EXPECT_GT(v.store().group_index[u], 0) << u;
                    switchers += 1.0;
                }
            }
        }
    }
    double counted = 0.0;
    for (int rep = 0; rep < kReps; ++rep) {
        EXPECT_EQ(total_revenue(v.cube(), rep) - total_revenue(b.cube(), rep),
                  expected[static_cast<std::size_t>(rep)])
            << "replication " << rep;
        for (int m = 0; m < v.cube().months; ++m)
            counted += v.cube().at(rep, m, v.cube().total_row(), Metric::churners_group_switch);
    }
    EXPECT_GT(switchers, 0.0);  // the bid took some groups: the test tests something
    EXPECT_EQ(counted, switchers);
}

TEST(GroupMembers, ResultsAreBitIdenticalForOneTwoAndEightThreads) {
    test::expect_group_figures_thread_invariant(test::plan_of(scenario_text(3, 1.0, kBid)));
}

TEST(GroupMembers, PurityFollowsTheMembersOwnChurnInTheStore) {
    // Three firms of 100 staff, all on our network: the staff segment's 300 customers.
    const SimulationPlan plan = test::plan_of(scenario_text(3, 1.0, ""));
    const MetricCube cube = run_simulation(plan, RunConfig::of(2, 5, 2));
    const int staff = 1;
    ASSERT_EQ(plan.segments[staff].id, "staff");
    for (int rep = 0; rep < 2; ++rep) {
        const auto& g = cube.group_runs[static_cast<std::size_t>(rep)];
        EXPECT_EQ(g.members_on_net_start, 300.0);
        for (int m = 0; m < cube.months; ++m)
            EXPECT_EQ(g.members_on_net[static_cast<std::size_t>(m)],
                      cube.at(rep, m, staff, Metric::active_end))
                << "month " << m + 1;
        EXPECT_LT(g.members_on_net.back(), 300.0);  // 2% a month leave
    }
}

TEST(GroupMembers, MembersHoldingABindingOfferCutTheSwitchProbabilityByTheDocumentedFactor) {
    // Every bid in month 1 meets groups whose members and key persons all took the bound
    // offer in month 1: p = 0.5 x (1 - 1 x (1 - 0.5)) x (1 - 1 x (1 - 0.2)) = 0.05 (§28).
    const std::string terms = R"(  bids:
    - { id: tender, classes: [firm], start_month: 1, end_month: 1, monthly_probability: 1.0 }
  switching:
    base_probability: 0.5
    bound_key_person_multiplier: 0.5
    member_bundle_multiplier: 0.2
)";
    const auto run_of = [&](const std::string& binding) {
        // Staff who never leave: every key person is still on net when the bid comes.
        std::string text = scenario_text(2, 0.7, terms + binding, kPackForAllStaff);
        text.replace(text.find("monthly_hazard: 0.02"), 20, "monthly_hazard: 0.00");
        scenario::Scenario sc = scenario::load_scenario_text(text, "members.yaml");
        return run_scenario(sc, RunConfig::of(3, 9, 2));
    };
    const ScenarioRun bound = run_of("    binding_offers: [pack]\n");
    const ScenarioRun open = run_of("");
    const auto p = [](const ScenarioRun& r) {
        return r.results.groups->headline("switches_expected").mean /
               r.results.groups->headline("bids_received").mean;
    };
    EXPECT_EQ(bound.results.groups->headline("bids_received").mean, 2.0);
    EXPECT_NEAR(p(bound), 0.5 * 0.5 * 0.2, 1e-12);
    EXPECT_NEAR(p(open), 0.5, 1e-12);
}

TEST(GroupMembers, TheStoreCarriesThreeBytesPerCustomerOnlyWhenAClassTakesItsMembersFromASegment) {
    const SimulationPlan with = test::plan_of(scenario_text(2, 0.5, ""));
    std::string beside = scenario_text(2, 0.5, "");
    beside.erase(beside.find("      members_from: staff\n"),
                 std::string("      members_from: staff\n").size());
    const SimulationPlan without = test::plan_of(beside);
    EXPECT_EQ(CustomerStore::group_bytes_per_customer(with), 3u);
    EXPECT_EQ(CustomerStore::group_bytes_per_customer(without), 0u);
    EXPECT_EQ(CustomerStore::bytes_per_customer(with) - CustomerStore::bytes_per_customer(without), 3u);
    const CustomerStore store(with);
    EXPECT_EQ(store.group_index.size(), static_cast<std::size_t>(store.size()));
    EXPECT_TRUE(CustomerStore(without).group_index.empty());
}

TEST(GroupMembers, FollowersOfAGroupSwitchNeverEnterTheWinBackChurnerPool) {
    // Every churner of the staff segment joins the pool in its month (share 1, no delay),
    // except those who followed their group's switch: they leave at the month's end, after
    // the pool has taken the month's churners, and went with their group, not to be won
    // back one by one (docs/models.md §28, §30). So each replication's pool entries are
    // exactly the staff segment's churners less its group-switch churners.
    const std::string pool = R"(win_back:
  id: own
  pool:
    from_churners: { segments: [staff], share: 1, delay_months: 0 }
    networks:
      gsm: { share: 1, outgoing_min_to_us: { distribution: fixed, mean: 150 }, tier: gotone_88, conversion: 0.3 }
  regions:
    - { id: all, share: 1, target: 10 }
  targeting: { min_each_month_min: 100, min_total_min: 600 }
  capacity: { account_managers: 1, contacts_per_manager_per_month: 1000 }
  after_switch: { second_sim_share: 0.2 }
)";
    const scenario::Scenario sc =
        scenario::load_scenario_text(scenario_text(3, 1.0, kBid + pool), "members.yaml");
    constexpr int kReps = 4;
    const ScenarioRun run = run_scenario(sc, RunConfig::of(kReps, 13, 2));
    const int staff = 1;
    ASSERT_EQ(run.plan.segments[staff].id, "staff");
    ASSERT_EQ(run.cube.win_back.size(), static_cast<std::size_t>(kReps));
    double followers = 0.0;
    for (int rep = 0; rep < kReps; ++rep) {
        double churners = 0.0, switched = 0.0;
        for (int m = 0; m < run.cube.months; ++m) {
            churners += run.cube.at(rep, m, staff, Metric::churners);
            switched += run.cube.at(rep, m, staff, Metric::churners_group_switch);
        }
        EXPECT_EQ(run.cube.win_back[static_cast<std::size_t>(rep)].churners_joined, churners - switched)
            << "replication " << rep;
        followers += switched;
    }
    EXPECT_GT(followers, 0.0);  // some groups switched: the test tests something
}

TEST(GroupMembers, FollowersWhoHoldAnOfferAreAmongItsAccountsChurners) {
    // Every staff member takes the pack in month 1 and no one leaves on their own: the pack's
    // churners are exactly the members who followed their group's switch (§28).
    std::string text = scenario_text(3, 1.0, kBid, kPackForAllStaff);
    text.replace(text.find("monthly_hazard: 0.02"), 20, "monthly_hazard: 0.00");
    const ScenarioRun run =
        run_scenario(scenario::load_scenario_text(text, "members.yaml"), RunConfig::of(3, 21, 2));
    const int staff = 1;
    double followers = 0.0;
    for (int rep = 0; rep < 3; ++rep) {
        double switched = 0.0, pack_churners = 0.0;
        for (int m = 0; m < run.cube.months; ++m) {
            switched += run.cube.at(rep, m, staff, Metric::churners_group_switch);
            pack_churners += run.cube.offer_at(rep, m, 0, OfferMetric::churners);
        }
        EXPECT_EQ(pack_churners, switched) << "replication " << rep;
        followers += switched;
    }
    EXPECT_GT(followers, 0.0);
}

// Unified payment (§28.1): half the staff members are paid for by their firm, and their
// monthly hazard is 0.02 x 0.25. Each member's flag is its own keyed draw.
const std::string kUnifiedPayment = R"(      unified_payment_share: 0.5
      unified_payment_churn_multiplier: 0.25
)";

TEST(GroupMembers, AMemberUnderUnifiedPaymentSurvivesGeometricallyWithTheMultipliedHazard) {
    // Three firms of 100 staff, all on net: every staff customer is a member. Of those the
    // firm pays for, the share alive after month t is (1 - 0.005)^t; of the others (1 - 0.02)^t.
    const SimulationPlan plan = test::plan_of(scenario_text(3, 1.0, kUnifiedPayment));
    constexpr int kReps = 12;
    PlanStepper stepper(plan, kReps);
    const auto n = static_cast<std::size_t>(stepper.store().size());
    double paid = 0.0, members = 0.0;
    std::vector<double> paid_alive(static_cast<std::size_t>(plan.horizon_months), 0.0);
    std::vector<double> others_alive(paid_alive.size(), 0.0);
    for (int rep = 0; rep < kReps; ++rep) {
        const PhiloxKey key = replication_key(20091001u, static_cast<std::uint32_t>(rep));
        std::vector<std::uint8_t> flagged(n, 0);
        for (int month = 1; month <= plan.horizon_months; ++month) {
            stepper.start_month(rep, month, key);
            if (month == 1)
                for (std::size_t u = 0; u < n; ++u) {
                    if (stepper.store().group_index[u] == 0) continue;
                    flagged[u] = stepper.store().member_flags[u] & CustomerStore::kUnifiedPaymentBit ? 1 : 2;
                    members += 1.0;
                    paid += flagged[u] == 1 ? 1.0 : 0.0;
                }
            for (std::size_t s = 0; s < stepper.shards().size(); ++s) stepper.step(s, month, key);
            stepper.finish_month(rep, month);
            for (std::size_t u = 0; u < n; ++u) {
                if (flagged[u] == 1)
                    paid_alive[static_cast<std::size_t>(month - 1)] += stepper.store().alive[u];
                if (flagged[u] == 2)
                    others_alive[static_cast<std::size_t>(month - 1)] += stepper.store().alive[u];
            }
        }
    }
    ASSERT_EQ(members, 300.0 * kReps);
    // The flags: Binomial(members, 0.5).
    EXPECT_NEAR(paid / members, 0.5, 4.0 * std::sqrt(0.25 / members));
    const auto survival_within_4_se = [](double alive, double at_start, double hazard, int months) {
        const double p = std::pow(1.0 - hazard, months);
        EXPECT_NEAR(alive / at_start, p, 4.0 * std::sqrt(p * (1.0 - p) / at_start))
            << "hazard " << hazard << ", month " << months;
    };
    for (int months : {3, 6, 12}) {
        survival_within_4_se(paid_alive[static_cast<std::size_t>(months - 1)], paid, 0.02 * 0.25, months);
        survival_within_4_se(others_alive[static_cast<std::size_t>(months - 1)], members - paid, 0.02,
                             months);
    }
}

TEST(GroupMembers, UnifiedPaymentLeavesCustomersOutsideItsGroupsAndItsUnpaidMembersAsTheyWere) {
    // Common random numbers: the mass segment, and every staff member the firm does not pay
    // for, live exactly as without unified payment; only the paid-for members churn less.
    const SimulationPlan without = test::plan_of(scenario_text(2, 0.5, ""));
    const SimulationPlan with = test::plan_of(scenario_text(2, 0.5, kUnifiedPayment));
    ASSERT_TRUE(with.group_members->member_path(1));
    ASSERT_FALSE(with.group_members->member_path(0));
    ASSERT_FALSE(without.group_members->member_path(1));
    PlanStepper a(without, 1), b(with, 1);
    const PhiloxKey key = replication_key(20091001u, 0);
    const auto n = static_cast<std::size_t>(a.store().size());
    double differ = 0.0;
    for (int month = 1; month <= with.horizon_months; ++month) {
        a.start_month(0, month, key);
        b.start_month(0, month, key);
        for (std::size_t s = 0; s < a.shards().size(); ++s) {
            a.step(s, month, key);
            b.step(s, month, key);
        }
        a.finish_month(0, month);
        b.finish_month(0, month);
        for (std::size_t u = 0; u < n; ++u) {
            if (b.store().member_flags[u] & CustomerStore::kUnifiedPaymentBit) {
                EXPECT_GE(b.store().alive[u], a.store().alive[u]) << u;  // a smaller hazard, the same draw
                differ += b.store().alive[u] != a.store().alive[u] ? 1.0 : 0.0;
                continue;
            }
            ASSERT_EQ(a.store().alive[u], b.store().alive[u]) << "customer " << u << ", month " << month;
        }
    }
    EXPECT_GT(differ, 0.0);  // some paid-for member stayed who would have left: the test tests something
}

TEST(GroupMembers, UnifiedPaymentExampleKeepsTheStaffOfTheClosedFormInTheComparison) {
    // group_tender_unified_payment.yaml against group_tender.yaml, the other segments cut to a
    // few customers without gross adds (they are identical in both runs). docs/models.md §28.1:
    // E[change in churners] = -N_on u (S(h m_u) - S(h)) over the 36 months.
    const auto load = [](const std::string& name) {
        scenario::Scenario sc =
            scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/" + name + ".yaml");
        for (auto& seg : sc.segments) {
            if (seg.id == "tender_staff") continue;
            seg.size = std::min<std::int64_t>(seg.size, 20);
            seg.acquisition.gross_adds_per_month = {0};
        }
        return sc;
    };
    const scenario::Scenario base = load("group_tender");
    const scenario::Scenario unified = load("group_tender_unified_payment");
    ASSERT_EQ(base.horizon_months, 36);
    ComparisonRuns r = run_comparison({base, unified}, RunConfig::of(200, base.seed, 2), false);
    const VariantComparison& c = r.comparisons[0];
    const double h = 0.006, m_u = 0.5, u = 0.6, follow = 0.9, a = 0.5;
    const auto alive_at_end = [&](double hazard) {  // S(x): a member alive after month 36
        double total = 0.0;
        for (const double p : {0.42, 0.21}) {  // the leader not loyal, or loyal: probability 0.5 each
            double intact = 1.0;
            for (int k = 4; k <= 9; ++k) {
                total += 0.5 * intact * a * p * std::pow(1.0 - hazard, k) * (1.0 - follow) *
                         std::pow(1.0 - h, 36 - k);
                intact *= 1.0 - a * p;
            }
            total += 0.5 * intact * std::pow(1.0 - hazard, 36);
        }
        return total;
    };
    const double expected = -600.0 * u * (alive_at_end(h * m_u) - alive_at_end(h));
    EXPECT_NEAR(expected, -12.90, 0.01);
    const Band& churners = c.delta("churners");
    EXPECT_GT(churners.std_error, 0.0);
    EXPECT_NEAR(churners.mean, expected, 4.0 * churners.std_error);
    EXPECT_GT(c.delta("revenue_total_cny").mean, 0.0);  // the kept members' bills
}

TEST(GroupMembers, UnifiedPaymentIsBitIdenticalForOneTwoAndEightThreadsAndAddsNoBytes) {
    const SimulationPlan plan = test::plan_of(scenario_text(3, 1.0, kUnifiedPayment + kBid));
    ASSERT_TRUE(plan.group_members->member_path(1));
    EXPECT_EQ(CustomerStore::group_bytes_per_customer(plan), 3u);  // the flag is a bit of the key-person byte
    const MetricCube one = run_simulation(plan, RunConfig::of(3, 11, 1));
    for (int threads : {2, 8}) {
        const MetricCube many = run_simulation(plan, RunConfig::of(3, 11, threads));
        EXPECT_EQ(one.values, many.values) << threads;
        ASSERT_EQ(one.group_runs.size(), many.group_runs.size());
        for (std::size_t r = 0; r < one.group_runs.size(); ++r)
            EXPECT_EQ(one.group_runs[r].members_on_net, many.group_runs[r].members_on_net) << threads;
    }
}

TEST(GroupMembers, AGroupThatSwitchedNoLongerPaysItsMembersBills) {
    // Every firm switches in month 3 (a bid that reaches each with certainty and takes it);
    // half its members stay, and from then on pay their own bills (§28.1).
    const std::string sure_bid = R"(  bids:
    - { id: tender, classes: [firm], start_month: 3, end_month: 3, monthly_probability: 1.0 }
  switching: { base_probability: 1.0, follow_share: 0.5 }
)";
    const SimulationPlan plan = test::plan_of(scenario_text(3, 1.0, kUnifiedPayment + sure_bid));
    PlanStepper stepper(plan, 1);
    const PhiloxKey key = replication_key(20091001u, 0);
    const auto paid = [&] {
        double n = 0.0;
        for (std::size_t u = 0; u < static_cast<std::size_t>(stepper.store().size()); ++u)
            n += stepper.store().member_flags[u] & CustomerStore::kUnifiedPaymentBit ? 1.0 : 0.0;
        return n;
    };
    for (int month = 1; month <= 3; ++month) {
        stepper.start_month(0, month, key);
        if (month == 1) {
            EXPECT_GT(paid(), 100.0);  // about 150 of the 300 members
        }
        for (std::size_t s = 0; s < stepper.shards().size(); ++s) stepper.step(s, month, key);
        stepper.finish_month(0, month);
    }
    EXPECT_EQ(paid(), 0.0);
}

TEST(GroupMembers, AScenarioWithoutUnifiedPaymentOrAPriceMatchPutsNoShardOnTheGroupMemberPath) {
    // A share with a factor of 1 still needs the members' bills for the unified-payment share.
    std::string factor_one = kUnifiedPayment;
    factor_one.replace(factor_one.find("0.25"), 4, "1.00");
    EXPECT_TRUE(test::plan_of(scenario_text(2, 0.5, factor_one)).group_members->member_path(1));
    EXPECT_FALSE(test::plan_of(scenario_text(2, 0.5, "")).group_members->member_path(1));
}

}  // namespace offersim::sim
