// The win-back campaign simulation: capacity is a hard limit, the success test confirms
// real switchers and rejects second SIMs at the rates the scenario's parameters imply,
// and results do not depend on the thread count. Converts join the customer base: in the month
// after the switch, every one and no dormant slot, with no churn in the assessment period
// and the rebound hazard after it, costing the interconnect income they no longer bring.
#include "engine/sim/win_back.hpp"

#include "engine/scenario/loader.hpp"
#include "engine/sim/comparison_run.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/run.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace offersim::sim {

namespace {

scenario::Scenario campaign_scenario() {
    scenario::Scenario sc;
    sc.horizon_months = 12;
    scenario::Tier tier;
    tier.id = "gotone_88";
    tier.monthly_fee = Money::from_fen(8800);
    sc.tiers.push_back(tier);
    scenario::WinBackSpec w;
    w.id = "test_campaign";
    w.pool_size = 20'000;
    for (auto& n : w.networks) {
        n.share = 0.5;
        n.outgoing_min_to_us = models::Distribution{models::DistributionKind::lognormal, 150.0, 0.4};
        n.tier = "gotone_88";
        n.conversion = 0.5;
    }
    w.regions.push_back(scenario::WinBackRegion{"north", "North", 0.6, {}, 1000});
    w.regions.push_back(scenario::WinBackRegion{"south", "South", 0.4, {70.0, 400.0}, 500});
    w.account_managers = 3;
    w.contacts_per_manager_per_month = 100;
    w.start_month = 2;
    w.end_month = 5;
    w.second_sim_share = 0.3;
    sc.win_back = w;
    return sc;
}

double standard_normal_cdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

// P(X < threshold) for X lognormal with mean `share` and CV `cv`.
double below(double threshold, double share, double cv) {
    const double sigma = std::sqrt(std::log1p(cv * cv));
    return standard_normal_cdf((std::log(threshold / share) + sigma * sigma / 2.0) / sigma);
}

// P(Binomial(n, p) >= k).
double binomial_at_least(int n, double p, int k) {
    double total = 0.0;
    for (int i = k; i <= n; ++i)
        total += std::tgamma(n + 1.0) / (std::tgamma(i + 1.0) * std::tgamma(n - i + 1.0)) * std::pow(p, i) *
                 std::pow(1.0 - p, n - i);
    return total;
}

// The shipped example with a base of a few customers, one month of contacts and every
// convert on a tariff (no handset contract, whose lock-in would change its hazard).
scenario::Scenario won_back_scenario() {
    scenario::Scenario sc =
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/win_back_competitor_pool.yaml");
    sc.horizon_months = 12;
    for (auto& s : sc.segments) {
        s.size = std::min<std::int64_t>(s.size, 50);
        s.acquisition.gross_adds_per_month = {0};
    }
    auto& w = *sc.win_back;
    w.pool_size = 30'000;
    w.start_month = 2;
    w.end_month = 2;
    w.rebound_churn_monthly = 0.1;
    for (auto& n : w.networks) {
        n.offer.clear();
        n.tier = "gotone_88";
    }
    return sc;
}

// N customers of segment `stay` and of segment `leave` (constant hazard h each, no gross
// adds) on one tier, calling our network 1,000 and 300 minutes a month (no off-net share);
// converts take the fees of `stay`, the first segment; a campaign
// whose pool is only the churners of `leave`, `share` of them joining `delay` months after
// they leave; 12 months. (docs/models.md section 30)
scenario::Scenario churner_pool_scenario(std::int64_t n, double h, double share, int delay) {
    return scenario::load_scenario_text(fmt::format(R"(name: churner_pool
horizon_months: 12
seed: 17
tiers:
  - id: t88
    monthly_fee_cny: 88
    included: {{ voice_min: 100000, data_mb: 100000, sms: 100000 }}
    overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: stay
    size: {0}
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ t88: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 1000, cv: 0.3 }}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: fixed, mean: 10 }}
    churn: {{ model: constant, monthly_hazard: {1} }}
  - id: leave
    size: {0}
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ t88: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 300, cv: 0.3 }}
      data_mb: {{ distribution: fixed, mean: 10 }}
      sms: {{ distribution: fixed, mean: 10 }}
    churn: {{ model: constant, monthly_hazard: {1} }}
win_back:
  id: own
  pool:
    from_churners: {{ segments: [leave], share: {2}, delay_months: {3} }}
    networks:
      gsm: {{ share: 1, outgoing_min_to_us: {{ distribution: fixed, mean: 150 }}, tier: t88, conversion: 0.3 }}
  regions:
    - {{ id: all, share: 1, target: 100 }}
  targeting: {{ min_each_month_min: 100, min_total_min: 600 }}
  capacity: {{ account_managers: 1, contacts_per_manager_per_month: 100000 }}
  after_switch: {{ second_sim_share: 0.2 }}
)",
                                                    n, h, share, delay),
                                        "churner_pool.yaml");
}

// The rows of the won-back segments in a compiled plan.
std::vector<int> won_back_rows(const SimulationPlan& plan) {
    std::vector<int> rows;
    for (std::size_t s = 0; s < plan.segments.size(); ++s)
        if (plan.segments[s].won_back()) rows.push_back(static_cast<int>(s));
    return rows;
}

}  // namespace

TEST(WonBackCustomers, JoinTheBaseInTheMonthAfterTheSwitchAsTheCampaignReportsThem) {
    const scenario::Scenario sc = won_back_scenario();
    const ScenarioRun run = run_scenario(sc, RunConfig::of(3, 7, 2));
    const std::vector<int> rows = won_back_rows(run.plan);
    ASSERT_EQ(rows.size(), 2u) << "switchers and second SIMs";
    const std::vector<double>& reported = *run.modules.figure("win_back_reported");
    for (int rep = 0; rep < 3; ++rep) {
        double joined = 0.0;
        for (int row : rows) {
            EXPECT_EQ(run.cube.at(rep, 1, row, Metric::active), 0.0)
                << "nobody before the month after the switch";
            joined += run.cube.at(rep, 2, row, Metric::gross_adds);
            EXPECT_EQ(run.cube.at(rep, 2, row, Metric::gross_adds), run.cube.at(rep, 2, row, Metric::active));
        }
        EXPECT_EQ(joined, reported[static_cast<std::size_t>(rep)]) << "every convert, no dormant slot";
        EXPECT_GT(joined, 0.0);
    }
}

TEST(WonBackCustomers, SurviveTheAssessmentPeriodAndThenFollowTheReboundHazard) {
    const scenario::Scenario sc = won_back_scenario();
    const int replications = 4;
    const ScenarioRun run = run_scenario(sc, RunConfig::of(replications, 3, 2));
    // Joined in month 3; the success test decides in month 2 + 3 = 5, so months 3-5 see no
    // churn, and each of months 6-12 a convert leaves with probability h.
    const double h = sc.win_back->rebound_churn_monthly;
    double joined = 0.0, left_in_assessment = 0.0, alive_at_end = 0.0;
    for (int rep = 0; rep < replications; ++rep)
        for (int row : won_back_rows(run.plan)) {
            joined += run.cube.at(rep, 2, row, Metric::gross_adds);
            for (int m = 2; m < 5; ++m) left_in_assessment += run.cube.at(rep, m, row, Metric::churners);
            alive_at_end += run.cube.at(rep, 11, row, Metric::active_end);
        }
    EXPECT_EQ(left_in_assessment, 0.0);
    // Each convert is alive at the end with probability (1 - h)^7, independently: binomial.
    const double p = std::pow(1.0 - h, 7);
    const double se = std::sqrt(joined * p * (1.0 - p));
    ASSERT_GT(joined, 1000.0);
    EXPECT_NEAR(alive_at_end, joined * p, 4.0 * se);
}

TEST(WonBackCustomers, ResultsAreBitIdenticalForOneTwoAndEightThreads) {
    scenario::Scenario sc = won_back_scenario();
    sc.win_back->end_month = 4;
    sc.win_back->networks[1].offer = "cdma_handset_win_back";  // a handset contract too
    sc.win_back->networks[1].tier = "gotone_128";
    const ScenarioRun one = run_scenario(sc, RunConfig::of(2, 9, 1));
    for (int threads : {2, 8}) {
        const ScenarioRun many = run_scenario(sc, RunConfig::of(2, 9, threads));
        ASSERT_EQ(one.cube.values.size(), many.cube.values.size());
        EXPECT_TRUE(one.cube.values == many.cube.values) << threads << " threads";
        EXPECT_EQ(one.results.headline("revenue_total_cny").mean,
                  many.results.headline("revenue_total_cny").mean);
    }
}

TEST(WonBackCustomers, CostTheInboundInterconnectIncomeTheirOldNumbersNoLongerBring) {
    scenario::Scenario sc = won_back_scenario();
    sc.costs.interconnect_per_off_net_min = Rate{600};  // 0.06 CNY a minute
    const ScenarioRun run = run_scenario(sc, RunConfig::of(2, 5, 2));
    double lost = 0.0;
    for (int rep = 0; rep < 2; ++rep)
        for (int m = 0; m < 12; ++m)
            for (int row : won_back_rows(run.plan)) {
                const double minutes = run.cube.at(rep, m, row, Metric::inbound_min_lost);
                EXPECT_EQ(run.cube.at(rep, m, row, Metric::cost_interconnect_income_lost),
                          std::floor((minutes * 600.0 + 50.0) / 100.0));
                EXPECT_EQ(minutes > 0.0, run.cube.at(rep, m, row, Metric::active) > 0.0);
                lost += minutes;
            }
    EXPECT_GT(lost, 0.0);
    // The base's own customers lose nothing, and the whole base counts the converts'.
    EXPECT_EQ(run.cube.at(0, 5, 0, Metric::inbound_min_lost), 0.0);
    EXPECT_GT(run.results.headline("cost_interconnect_income_lost_cny").mean, 0.0);
    // An old number that keeps calling us as before loses us nothing.
    sc.win_back->switcher_residual_share = 1.0;
    sc.win_back->second_sim_keep_share = 1.0;
    const ScenarioRun kept = run_scenario(sc, RunConfig::of(2, 5, 2));
    EXPECT_EQ(kept.results.headline("cost_interconnect_income_lost_cny").mean, 0.0);
}

TEST(WonBackCustomers, DormantSlotsAreCountedInTheMemoryEstimate) {
    scenario::Scenario sc = won_back_scenario();
    const SimulationPlan plan = compile_plan(sc);
    scenario::Scenario plain = sc;
    plain.win_back.reset();
    const SimulationPlan without = compile_plan(plain);
    // One slot per customer the managers can contact in month 2: the pool of 30,000, which
    // is less than their capacity of 200 x 220; for switchers and for second SIMs.
    EXPECT_EQ(plan.total_customers() - without.total_customers(), 2 * 30'000);
    const MemoryEstimate with_slots = estimate_memory(plan, 1);
    const MemoryEstimate base = estimate_memory(without, 1);
    EXPECT_EQ(with_slots.bytes_per_customer, base.bytes_per_customer);
    EXPECT_EQ(with_slots.customers - base.customers, 2 * 30'000.0);
    EXPECT_GE(with_slots.shard_bytes - base.shard_bytes, 30'000.0 * sizeof(WinBackContact));
}

namespace {

// Each won-back convert of one replication, by its join month and pool customer: its slot in
// its cohort, and month by month from its join its bill (fen) and whether it is still ours.
struct ConvertMonths {
    std::int64_t slot = 0;
    std::vector<double> figures;
};

std::map<std::pair<int, std::int64_t>, ConvertMonths> won_back_convert_months(const SimulationPlan& plan) {
    PlanStepper stepper(plan, 1);
    const CustomerStore& store = stepper.store();
    const auto n = static_cast<std::size_t>(store.size());
    const PhiloxKey key = replication_key(5u, 0u);
    std::map<std::pair<int, std::int64_t>, ConvertMonths> converts;
    for (int month = 1; month <= plan.horizon_months; ++month) {
        stepper.start_month(0, month, key);
        std::vector<double> bills(n, 0.0);
        for (std::size_t s = 0; s < stepper.shards().size(); ++s)
            stepper.step(s, month, key, bills.data() + stepper.shards()[s].begin);
        stepper.finish_month(0, month);
        for (const Cohort& c : store.cohorts()) {
            if (!plan.segments[static_cast<std::size_t>(c.segment)].won_back() || c.join_month > month)
                continue;
            for (std::int64_t i = c.begin; i < c.end; ++i) {
                const auto u = static_cast<std::size_t>(i);
                if (bills[u] == 0.0 && !store.alive[u]) continue;  // dormant, or gone
                ConvertMonths& m = converts[{c.join_month, store.won_back_place[u]}];
                m.slot = i - c.begin;
                m.figures.insert(m.figures.end(),
                                 {static_cast<double>(month), bills[u], static_cast<double>(store.alive[u])});
            }
        }
    }
    return converts;
}

}  // namespace

// A convert's months draw by the pool customer it is (docs/models.md §27), not by its slot: one
// more contact a month moves the converts of later months down a slot in their cohorts, and
// leaves each one's bills and rebound churn bit for bit.
TEST(WonBackCustomers, OneMoreContactAMonthLeavesEachConvertsMonthsBitForBit) {
    scenario::Scenario sc = won_back_scenario();
    auto& w = *sc.win_back;
    w.end_month = 4;
    w.account_managers = 1;
    w.contacts_per_manager_per_month = 4000;
    const auto base = won_back_convert_months(compile_plan(sc));
    w.contacts_per_manager_per_month = 4001;
    const auto variant = won_back_convert_months(compile_plan(sc));
    int compared = 0, moved = 0;
    for (const auto& [who, months] : base) {
        const auto there = variant.find(who);
        if (there == variant.end()) continue;  // contacted in another month there
        moved += there->second.slot != months.slot;
        EXPECT_EQ(there->second.figures, months.figures) << "joined in month " << who.first;
        ++compared;
    }
    EXPECT_GT(compared, 1000);
    EXPECT_GT(moved, 500);  // keyed by their slots, these would draw anew
}

TEST(WinBackCampaign, ContactsExactlyTheCapacityEachMonthWhileTargetsRemain) {
    const scenario::Scenario sc = campaign_scenario();
    const WinBackResults r = run_win_back(sc, RunConfig::of(3, 7, 1));
    ASSERT_GT(r.total.eligible.p5, 4 * 300.0) << "the test needs more targets than capacity reaches";
    for (int month = 1; month <= 12; ++month) {
        const Band& c = r.contacted_monthly[static_cast<std::size_t>(month - 1)];
        const double expected = month >= 2 && month <= 5 ? 300.0 : 0.0;
        EXPECT_EQ(c.p5, expected) << "month " << month;
        EXPECT_EQ(c.p95, expected) << "month " << month;
    }
    EXPECT_EQ(r.total.contacted.mean, 1200.0);
    // With more capacity than targets, every target is contacted once and no more.
    scenario::Scenario wide = sc;
    wide.win_back->account_managers = 1000;
    const WinBackResults all = run_win_back(wide, RunConfig::of(3, 7, 1));
    EXPECT_EQ(all.total.contacted.mean, all.total.eligible.mean);
    EXPECT_EQ(all.contacted_monthly[1].mean, all.total.eligible.mean);
}

TEST(WinBackCampaign, SuccessTestRejectsSecondSimsAndAcceptsRealSwitchersAtTheImpliedRates) {
    scenario::Scenario sc = campaign_scenario();
    scenario::WinBackSpec& w = *sc.win_back;
    w.pool_size = 60'000;
    w.account_managers = 1'000'000;  // every target contacted in month 2, judged by month 5
    for (auto& n : w.networks) n.conversion = 1.0;
    w.second_sim_share = 0.5;
    // Parameters chosen so that both acceptance rates are far from 0 and 1.
    w.switcher_residual_share = 0.2;
    w.second_sim_keep_share = 0.5;
    w.post_switch_cv = 0.5;
    w.contact_retention = 0.7;
    w.second_sim_contact_retention = 0.4;
    // 200 calls a month: a top-five contact expects 72 calls in the 3-month window, another
    // 16; P(Poisson(16) >= Poisson(72)) <= exp(-(sqrt(72) - sqrt(16))^2) = 1.8e-9 (Chernoff),
    // so the computed top five are the top-five slots but for a bias below 1e-6.
    w.contacts = 20;
    w.top5_share = 0.6;
    w.calls_per_month = 200;
    const WinBackResults r = run_win_back(sc, RunConfig::of(1, 20091001, 2));
    // Theory: each quiet month is an independent lognormal draw below 0.3 / share, two in a
    // row; the fingerprint keeps each of the five numbers with the retention probability.
    const auto implied = [&](double share, double retention) {
        const double quiet = below(w.success.quiet_share, share, w.post_switch_cv);
        return quiet * quiet * binomial_at_least(5, retention, 3);
    };
    const double p_real = implied(w.switcher_residual_share, w.contact_retention);
    const double p_second = implied(w.second_sim_keep_share, w.second_sim_contact_retention);
    const double n_real = r.judged_switchers.mean;
    const double n_second = r.judged_second_sims.mean;
    ASSERT_GT(n_real, 3000.0);
    ASSERT_GT(n_second, 3000.0);
    // Binomial standard error, 4 sigma.
    const double tol_real = 4.0 * std::sqrt(p_real * (1 - p_real) / n_real);
    const double tol_second = 4.0 * std::sqrt(p_second * (1 - p_second) / n_second);
    const double real_rate = r.confirmed_switchers.mean / n_real;
    const double second_rate = r.confirmed_second_sims.mean / n_second;
    EXPECT_NEAR(real_rate, p_real, tol_real) << "n " << n_real;
    EXPECT_NEAR(second_rate, p_second, tol_second) << "n " << n_second;
    EXPECT_GT(p_real, 0.5);
    EXPECT_LT(p_second, 0.05);
    // Confirmed win-backs are what the test lets through, by region and in all.
    EXPECT_EQ(r.total.confirmed.mean, r.confirmed_switchers.mean + r.confirmed_second_sims.mean);
    EXPECT_EQ(r.total.reported.mean, n_real + n_second);
}

TEST(WinBackCampaign, ResultsDoNotDependOnTheThreadCount) {
    const scenario::Scenario sc = campaign_scenario();
    const WinBackResults one = run_win_back(sc, RunConfig::of(4, 11, 1));
    const WinBackResults two = run_win_back(sc, RunConfig::of(4, 11, 2));
    EXPECT_EQ(one.total.confirmed.mean, two.total.confirmed.mean);
    EXPECT_EQ(one.total.reported.p95, two.total.reported.p95);
    EXPECT_GT(one.total.confirmed.mean, 0.0);
}

TEST(WinBackFromChurners, ChurnersJoinThePoolAtTheClosedFormRate) {
    // N customers with hazard h: each churns within months 1 .. H - d with probability
    // 1 - (1 - h)^(H - d) and then joins with probability s, so the joiners of a replication
    // are Binomial(N, p), p = s (1 - (1 - h)^(H - d)) (docs/models.md section 30).
    const std::int64_t n = 20'000;
    const double h = 0.03, share = 0.6;
    const int delay = 2, replications = 6;
    const ScenarioRun run =
        run_scenario(churner_pool_scenario(n, h, share, delay), RunConfig::of(replications, 5, 2));
    ASSERT_TRUE(run.results.win_back.has_value());
    const WinBackResults& w = *run.results.win_back;
    EXPECT_TRUE(w.fed_by_churners);
    const double p = share * (1.0 - std::pow(1.0 - h, 12 - delay));
    const double se = std::sqrt(n * p * (1.0 - p) / replications);
    EXPECT_NEAR(w.churners_joined.mean, n * p, 4.0 * se);
    // Only the named segment feeds the pool: the pool holds about half the base's churners.
    double churners = 0.0;
    for (int rep = 0; rep < replications; ++rep)
        for (int m = 0; m < 12 - delay; ++m)
            churners += run.cube.at(rep, m, run.cube.total_row(), Metric::churners);
    EXPECT_NEAR(w.churners_joined.mean, share * churners / replications / 2.0, 4.0 * se + 0.05 * n * p);
    // Each is targeted by its own minutes to us (300 a month, CV 0.3, over the 100 / 600
    // rule: nearly all), contacted (capacity is ample) and converts at 30%.
    EXPECT_GT(w.total.contacted.mean, 0.9 * w.churners_joined.mean);
    EXPECT_NEAR(w.total.reported.mean / w.total.contacted.mean, 0.3, 0.03);
    EXPECT_GT(w.total.confirmed.mean, 0.0);
}

TEST(WinBackFromChurners, ConvertsRejoinWithTheUsageTheyHadWithUs) {
    const ScenarioRun run = run_scenario(churner_pool_scenario(5'000, 0.05, 1.0, 1), RunConfig::of(2, 3, 2));
    double minutes = 0.0, active = 0.0;
    for (int row : won_back_rows(run.plan)) {
        if (run.plan.segments[static_cast<std::size_t>(row)].joiners != Joiners::won_back_switchers) continue;
        for (int m = 0; m < 12; ++m) {
            minutes += run.cube.at(0, m, row, Metric::voice_min);
            active += run.cube.at(0, m, row, Metric::active);
        }
    }
    ASSERT_GT(active, 100.0);
    // Their own 300 minutes a month (a little more: the rule drops the lightest callers),
    // not the 1,000 of the usage_of segment (stay) that a rival's customer would draw.
    EXPECT_GT(minutes / active, 280.0);
    EXPECT_LT(minutes / active, 400.0);
}

TEST(WinBackFromChurners, ResultsAreBitIdenticalForOneTwoAndEightThreads) {
    const scenario::Scenario sc = churner_pool_scenario(3'000, 0.05, 0.7, 0);
    const ScenarioRun one = run_scenario(sc, RunConfig::of(2, 9, 1));
    ASSERT_GT(one.results.win_back->total.confirmed.mean, 0.0);
    for (int threads : {2, 8}) {
        const ScenarioRun many = run_scenario(sc, RunConfig::of(2, 9, threads));
        EXPECT_TRUE(one.cube.values == many.cube.values) << threads << " threads";
        EXPECT_EQ(one.results.win_back->churners_joined.mean, many.results.win_back->churners_joined.mean);
        EXPECT_EQ(one.results.win_back->confirmed_by_replication,
                  many.results.win_back->confirmed_by_replication);
    }
}

TEST(WinBackFromChurners, AHigherShareGivesMoreConfirmedWinBacksInCompare) {
    // Common random numbers: each churner's draws are keyed by its identity, so a higher
    // share only adds churners to the pool, and every replication's pool holds more.
    const ComparisonRuns c = run_comparison(
        {churner_pool_scenario(4'000, 0.04, 0.4, 1), churner_pool_scenario(4'000, 0.04, 0.9, 1)},
        RunConfig::of(3, 21, 2), false);
    ASSERT_EQ(c.comparisons.size(), 1u);
    const auto delta = [&](std::string_view key) -> const Band& {
        for (const auto& d : c.comparisons[0].module_deltas)
            if (d.key == key) return d.band;
        ADD_FAILURE() << "no module delta " << key;
        static const Band none;
        return none;
    };
    EXPECT_GT(delta("win_back_churners_joined").p5, 0.0);
    EXPECT_GT(delta("win_back_confirmed").mean, 0.0);
    EXPECT_GT(delta("win_back_confirmed").p5, 0.0);
    EXPECT_GT(delta("win_back_revenue_cny").mean, 0.0);
}

}  // namespace offersim::sim
