// The behaviour models in the engine, against what their equations imply: plan-choice
// shares equal the softmax of the utilities; VIP grading of a known bill series; retention
// capacity, acceptance and effect; bill shocks at the lognormal tail's rate. Statistical
// checks use fixed seeds and allow 4 binomial standard errors (a false alarm about once in
// 16,000 checks).
#include "engine/sim/behaviour.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"
#include "models/plan_choice.hpp"
#include "tests/engine/sim/random_rounding.hpp"
#include "tests/engine/sim/shard_columns.hpp"
#include "tests/engine/sim/three_tiers.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>

namespace offersim::sim {

namespace {

struct BehaviourRun {
    SimulationPlan plan;
    MetricCube cube;
};

BehaviourRun run(const std::string& yaml, int replications, int threads = 2) {
    const auto sc = scenario::load_scenario_text(yaml, "behaviour.yaml");
    RunConfig config;
    config.replications = replications;
    config.seed = sc.seed;
    config.threads = threads;
    SimulationPlan plan = compile_plan(sc);
    MetricCube cube = run_simulation(plan, config);
    return BehaviourRun{std::move(plan), std::move(cube)};
}

double four_standard_errors(double p, double n) {
    return 4.0 * std::sqrt(p * (1.0 - p) / n);
}

// Three tiers; with 300 minutes and 40 MB a month the bills at mean usage are 77, 76 and
// 88 CNY and the risks of overage differ, so all three utilities matter.
const std::string kChoiceScenario = R"(
name: choice
horizon_months: 1
seed: 7
tiers:
  - id: t19
    monthly_fee_cny: 19
    included: { voice_min: 60, data_mb: 30 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t88
    monthly_fee_cny: 88
    included: { voice_min: 480, data_mb: 50 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 0
    tenure_months: { distribution: fixed, mean: 0 }
    tier_mix: { t19: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 300 }
      data_mb: { distribution: fixed, mean: 40 }
      sms: { distribution: fixed, mean: 0 }
      monthly_cv: 0.3
    price_sensitivity: 2
    churn: { model: constant, monthly_hazard: 0 }
    acquisition: { gross_adds_per_month: 50000 }
    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5 }
)";

}  // namespace

TEST(PlanChoice, NewCustomersChooseAtTheSoftmaxOfTheirUtilities) {
    constexpr int kReplications = 8;
    const BehaviourRun r = run(kChoiceScenario, kReplications);
    // The utilities as docs/models.md writes them, computed by hand here.
    const double sigma = std::sqrt(std::log1p(0.3 * 0.3));
    const models::ChoiceCoefficients coef{0.05 * 2, 1.5, 0.0, 0.0, 0.0};
    const auto risk = [&](double voice_allowance, double data_allowance) {
        const double pv = models::exceed_probability(300, voice_allowance, sigma);
        const double pd = models::exceed_probability(40, data_allowance, sigma);
        return 1.0 - (1.0 - pv) * (1.0 - pd);
    };
    const std::array<double, 3> utilities{models::utility({77.0, risk(60, 30), 0.0, false}, coef),
                                          models::utility({76.0, risk(260, 30), 0.0, false}, coef),
                                          models::utility({88.0, risk(480, 50), 0.0, false}, coef)};
    std::array<double, 3> expected{};
    models::choice_probabilities(utilities, expected);
    const double n = 50000.0 * kReplications;
    for (int tier = 0; tier < 3; ++tier) {
        double chosen = 0.0;
        for (int rep = 0; rep < kReplications; ++rep) chosen += r.cube.tier_at(rep, 0, tier);
        const double p = expected[static_cast<std::size_t>(tier)];
        EXPECT_NEAR(chosen / n, p, four_standard_errors(p, n))
            << r.plan.tiers.ids[static_cast<std::size_t>(tier)];
    }
    // Arrivals choose; they do not change plan.
    EXPECT_EQ(r.cube.at(0, 0, 0, Metric::plan_changes), 0.0);
}

TEST(PlanChoice, ChoicesAreTheSameForAnyThreadCount) {
    const BehaviourRun one = run(kChoiceScenario, 2, 1);
    const BehaviourRun two = run(kChoiceScenario, 2, 2);
    EXPECT_EQ(one.cube.active_by_tier, two.cube.active_by_tier);
}

// 1000 customers whose bill is exactly 188 CNY in months 1-3 and 58 CNY from month 4 (a
// prepay offer taken by all moves them to the cheaper tier), graded every 3 months on the
// average of the last 6 bills: 188 (gold), then 123 (silver), then 58 (no level).
const std::string kGradingScenario = R"(
name: grading
horizon_months: 10
seed: 11
tiers:
  - id: t188
    monthly_fee_cny: 188
    included: { voice_min: 1200, data_mb: 150, sms: 200 }
    overage: { voice_per_min_cny: 0.15, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t58
    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30, sms: 60 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: sichuan
    kind: vip
    size: 1000
    tenure_months: { distribution: fixed, mean: 24 }
    tier_mix: { t188: 1 }
    usage: &usage
      voice_min: { distribution: fixed, mean: 100 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0 }
  - id: capital
    kind: vip
    size: 500
    tenure_months: { distribution: fixed, mean: 24 }
    tier_mix: { t188: 1 }
    usage: *usage
    churn: { model: constant, monthly_hazard: 0 }
offers:
  - id: downsell
    kind: prepay
    tier: t58
    prepay: { amount_cny: 1, release_months: 1 }
    take_up: { segments: [sichuan, capital], existing_share: 1, launch_month: 4 }
vip_grading:
  window_months: 6
  regrade_every_months: 3
  warning_months: 3
  levels:
    - { id: silver, min_avg_spend_cny: 70 }
    - { id: gold, min_avg_spend_cny: 150 }
    - { id: diamond, min_avg_spend_cny: 250 }
  regional_bands:
    - { id: capital, segments: [capital], min_avg_spend_cny: [100, 200, 300] }
)";

TEST(VipGrading, AKnownBillSeriesIsGradedOnItsSixMonthAverage) {
    const BehaviourRun r = run(kGradingScenario, 1);
    const auto at = [&](int month, int segment, Metric m) { return r.cube.at(0, month - 1, segment, m); };
    constexpr int sichuan = 0, capital = 1;
    for (int month = 1; month <= 10; ++month) {
        // Sichuan bands: gold at 188 from the start; month 6 (average 123) silver, month 9
        // (58) below silver: a downgrade each time, each raising a 3-month warning.
        const bool regraded_down = month == 6 || month == 9;
        EXPECT_EQ(at(month, sichuan, Metric::vip_downgrades), regraded_down ? 1000.0 : 0.0) << month;
        EXPECT_EQ(at(month, sichuan, Metric::vip_upgrades), 0.0) << month;
        EXPECT_EQ(at(month, sichuan, Metric::vip_warned), month >= 6 ? 1000.0 : 0.0) << month;
        // The capital's higher bands: 188 and 123 are both silver, 58 is below it.
        EXPECT_EQ(at(month, capital, Metric::vip_downgrades), month == 9 ? 500.0 : 0.0) << month;
        EXPECT_EQ(at(month, capital, Metric::vip_warned), month >= 9 ? 500.0 : 0.0) << month;
    }
}

// Two segments with the same bill: "risky" churns at 10% a month, "calm" at 1%.
const std::string kRetentionScenario = R"(
name: retention
horizon_months: 3
seed: 5
tiers:
  - id: t
    monthly_fee_cny: 50
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: risky
    size: 20000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t: 1 }
    usage: &usage
      voice_min: { distribution: fixed, mean: 0 }
      data_mb: { distribution: fixed, mean: 0 }
      sms: { distribution: fixed, mean: 0 }
    churn: { model: constant, monthly_hazard: 0.1 }
  - id: calm
    size: 20000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t: 1 }
    usage: *usage
    churn: { model: constant, monthly_hazard: 0.01 }
retention_campaigns:
  - id: save
    start_month: 2
    end_month: 2
    contacts_per_month: 12000
    cost_per_contact_cny: 5
    acceptance_probability: 0.4
    offer_cost_cny: 20
    hazard_multiplier: 0
    effect_months: 6
)";

TEST(RetentionCampaigns, ContactTheRiskiestUpToCapacityAndCutTheAcceptersHazard) {
    constexpr int kReplications = 20;
    const BehaviourRun r = run(kRetentionScenario, kReplications);
    constexpr int risky = 0, calm = 1;
    double accepts = 0.0, contacts = 0.0, churn_month2 = 0.0, at_risk_month2 = 0.0;
    for (int rep = 0; rep < kReplications; ++rep) {
        const auto at = [&](int month, int segment, Metric m) {
            return r.cube.at(rep, month - 1, segment, m);
        };
        // Capacity exactly, all of it on the riskier segment (about 18,000 left after month 1).
        EXPECT_EQ(at(2, risky, Metric::retention_contacts), 12000.0);
        EXPECT_EQ(at(2, calm, Metric::retention_contacts), 0.0);
        EXPECT_EQ(at(1, risky, Metric::retention_contacts) + at(3, risky, Metric::retention_contacts), 0.0);
        const double a = at(2, risky, Metric::retention_accepts);
        EXPECT_EQ(at(2, risky, Metric::cost_retention), 12000.0 * 500 + a * 2000);  // fen
        accepts += a;
        contacts += at(2, risky, Metric::retention_contacts);
        churn_month2 += at(2, risky, Metric::churners);
        at_risk_month2 += at(2, risky, Metric::active) - a;  // accepters cannot churn
    }
    EXPECT_NEAR(accepts / contacts, 0.4, four_standard_errors(0.4, contacts));
    // Everyone else keeps the 10% hazard.
    EXPECT_NEAR(churn_month2 / at_risk_month2, 0.1, four_standard_errors(0.1, at_risk_month2));
}

TEST(RetentionCampaigns, ACapacityAboveTheCandidatesContactsThemAll) {
    // Everyone alive in month 2 is a candidate: nobody joins later or is under an offer yet.
    std::string yaml = kRetentionScenario;
    yaml.replace(yaml.find("contacts_per_month: 12000"), 25, "contacts_per_month: 90000");
    const BehaviourRun r = run(yaml, 2);
    for (int rep = 0; rep < 2; ++rep)
        for (int segment : {0, 1}) {
            const double active = r.cube.at(rep, 1, segment, Metric::active);
            EXPECT_GT(active, 15000.0);
            EXPECT_EQ(r.cube.at(rep, 1, segment, Metric::retention_contacts), active)
                << "replication " << rep << ", segment " << segment;
        }
}

TEST(RetentionCampaigns, TiedScoresAcrossShardsSelectTheSameCustomersForAnyThreadCount) {
    // Every risky customer has the same score: the capacity cuts through ties that span seven
    // shards, more than one thread's four parts, so a part holds two of them; which customers
    // it takes shows in the accepts and the next month's churn.
    std::string yaml = kRetentionScenario;
    yaml.replace(yaml.find("size: 20000"), 11, "size: 50000");
    const BehaviourRun one = run(yaml, 2, 1);
    for (int threads : {2, 8}) {
        const BehaviourRun many = run(yaml, 2, threads);
        EXPECT_EQ(one.cube.values, many.cube.values) << threads << " threads";
    }
}

// A tier billed per minute from the first minute: the bill is 0.01 CNY x minutes, the usual
// bill 0.01 x 10,000, so a shock (bill > 1.5 x usual) is a month whose usage factor
// exceeds 1.5, which the lognormal factor with CV 0.5 does with probability P(X > 1.5).
const std::string kShockScenario = R"(
name: shock
horizon_months: 6
seed: 3
tiers:
  - id: per_minute
    monthly_fee_cny: 0
    overage: { voice_per_min_cny: 0.01, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 20000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { per_minute: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 10000 }
      data_mb: { distribution: fixed, mean: 0 }
      sms: { distribution: fixed, mean: 0 }
      monthly_cv: 0.5
    churn: { model: constant, monthly_hazard: 0 }
churn_drivers:
  bill_shock_ratio: 1.5
)";

namespace {

// Over two replications of six months, the share of bills that shock is P(X > 1.5) for the
// lognormal usage factor of CV 0.5. The factor is drawn from 1024 equal-probability atoms,
// which moves the tail by at most 1/1024.
void expect_shocks_at_the_tail_rate(const BehaviourRun& r) {
    const double sigma = std::sqrt(std::log1p(0.25));
    const double p = models::exceed_probability(1.0, 1.5, sigma);
    double shocks = 0.0, bills = 0.0;
    for (int rep = 0; rep < 2; ++rep)
        for (int m = 0; m < 6; ++m) {
            shocks += r.cube.at(rep, m, 0, Metric::bill_shocks);
            bills += r.cube.at(rep, m, 0, Metric::active);
        }
    EXPECT_NEAR(shocks / bills, p, four_standard_errors(p, bills) + 1.0 / 1024);
}

}  // namespace

TEST(ChurnDrivers, BillShocksComeAtTheLognormalTailRate) {
    expect_shocks_at_the_tail_rate(run(kShockScenario, 2));
}

// Half the minutes go off-net at nine times the on-net rate: the bill is 0.05 CNY x minutes
// on average and so is the usual bill, rated the same way, so shocks still come exactly when
// the usage factor exceeds 1.5. A usual bill at the on-net rate alone (0.01 x 10,000) would
// make almost every month a shock.
TEST(ChurnDrivers, TheUsualBillRatesOffNetMinutesAsTheBillDoes) {
    std::string yaml = kShockScenario;
    const auto replace = [&](const std::string& from, const std::string& to) {
        const auto at = yaml.find(from);
        ASSERT_NE(at, std::string::npos) << from;
        yaml.replace(at, from.size(), to);
    };
    replace("voice_per_min_cny: 0.01,", "voice_per_min_cny: 0.01, voice_off_net_per_min_cny: 0.09,");
    replace("monthly_cv: 0.5", "monthly_cv: 0.5\n      off_net_share: 0.5");
    const BehaviourRun r = run(yaml, 2);
    ASSERT_TRUE(r.plan.segments[0].splits_voice);
    expect_shocks_at_the_tail_rate(r);
}

namespace {

// A reference and variants of it that change one input of a menu's utilities each, or none;
// leaving answers prices, so a choice event rates the reference's menu as well as ours.
const std::string kMenuReference =
    "name: reference\nhorizon_months: 3\nseed: 5\n" + test::kThreeTiers + R"(segments:
  - id: s
    size: 100
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t28: 0.3, t58: 0.4, t128: 0.3 }
    usage:
      voice_min: { distribution: lognormal, mean: 350, cv: 0.9 }
      data_mb: { distribution: lognormal, mean: 45, cv: 1.3 }
      sms: { distribution: gamma, mean: 40, cv: 0.8 }
      monthly_cv: 0.4
    churn: { model: constant, monthly_hazard: 0.02 }
    price_response: { leave_per_cny: 0.02 }
    plan_choice: { price_per_cny: 0.05, overage_risk: 1.5, switching_cost_cny: 10, inertia: 0.5 }
)";

// extends the reference, with `tier` in place of its t58.
std::string menu_variant(const std::string& tier) {
    return "extends: reference.yaml\nname: variant\ntiers:\n  - id: t58\n" + tier;
}

const std::string kSameT58 = R"(    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)";

}  // namespace

// Where reference_menu_rates_as_ours holds, the reference's menu is worth what ours is to a
// customer who holds the same tier at both, bit for bit, for any usage; a variant that
// changes a fee, an allowance or a rate is not rated as ours.
TEST(PlanChoice, AReferenceMenuRatedAsOursIsWorthOursBitForBit) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("offersim-menu-alike-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "reference.yaml") << kMenuReference;
    const std::vector<std::pair<std::string, bool>> variants{{kSameT58, true},
                                                             {R"(    monthly_fee_cny: 59
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)",
                                                              false},
                                                             {R"(    monthly_fee_cny: 58
    included: { voice_min: 300, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)",
                                                              false},
                                                             {R"(    monthly_fee_cny: 58
    included: { voice_min: 260, data_mb: 30 }
    overage: { voice_per_min_cny: 0.19, data_per_mb_cny: 0.9, sms_each_cny: 0.1 }
)",
                                                              false}};
    std::mt19937_64 rng(20261204);
    std::lognormal_distribution<double> usage(4.0, 1.2);
    for (const auto& [tier, alike] : variants) {
        std::ofstream(dir / "variant.yaml") << menu_variant(tier);
        const SimulationPlan plan = compile_plan(scenario::load_scenario(dir / "variant.yaml"));
        ASSERT_NE(plan.reference, nullptr);
        const SegmentPlan& seg = plan.segments.front();
        ASSERT_TRUE(seg.weighs_reference_menu());
        const SimulationPlan& reference = *plan.reference;
        const SegmentPlan& ref_seg =
            reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
        const bool rated_as_ours = reference_menu_rates_as_ours(plan, seg, reference, ref_seg, 1);
        EXPECT_EQ(rated_as_ours, alike) << tier;
        int differing = 0;
        for (int k = 0; k < 500; ++k) {
            const Chooser who{
                static_cast<int>(rng() % 3), 0, k % 5 == 0, usage(rng), usage(rng) / 8.0, usage(rng) / 4.0};
            const double ours = menu_log_sum(plan, seg, seg.choice.alternatives, seg.choice, who, 1);
            const double theirs =
                menu_log_sum(reference, ref_seg, seg.price.reference_menu, seg.choice, who, 1);
            if (rated_as_ours) {
                ASSERT_EQ(std::bit_cast<std::uint64_t>(ours), std::bit_cast<std::uint64_t>(theirs)) << k;
            }
            differing += ours != theirs ? 1 : 0;
        }
        if (!alike) {
            EXPECT_GT(differing, 0) << tier;  // the variant's change reaches the worth
        }
    }
    std::filesystem::remove_all(dir);
}

}  // namespace offersim::sim

namespace offersim::sim {

namespace {

// VIP grading one customer at a time, as grade_vip graded before its passes became columns:
// the level the search over the edges stops at, the counts added as doubles.
void grade_vip_directly(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                        const Cohort& cohort, int month, ShardMonth& out) {
    const BehaviourPlan& b = plan.behaviour;
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const auto level_of = [&](double spend) {
        int level = 0;
        while (level < static_cast<int>(seg.vip_edges_fen.size()) &&
               spend >= seg.vip_edges_fen[static_cast<std::size_t>(level)])
            ++level;
        return level;
    };
    const bool arrived = cohort.join_month == month || (cohort.join_month == 0 && month == 1);
    const bool regrade = month % b.regrade_every_months == 0;
    const int observed = std::min(b.window_months, month - std::max(cohort.join_month, 1) + 1);
    const UsualBills usual_bills(plan, seg);
    double upgrades = 0.0, downgrades = 0.0, warned = 0.0;
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u]) continue;
        if (regrade) {
            double total = 0.0;
            for (int slot = 0; slot < b.window_months; ++slot)
                total += store.vip_window(shard, slot)[i - shard.begin];
            const int level = level_of(std::floor(total / observed + 0.5));
            const int before = store.vip_level[u];
            if (level > before) upgrades += 1.0;
            if (level < before) {
                downgrades += 1.0;
                store.warning_until[u] = static_cast<std::uint16_t>(month + b.warning_months);
            }
            store.vip_level[u] = static_cast<std::uint8_t>(level);
        } else if (arrived) {
            store.vip_level[u] = static_cast<std::uint8_t>(
                level_of(usual_bills.fen(store.tier[u], store.offer[u], store.voice_propensity[u],
                                         store.data_propensity[u], store.sms_propensity[u])));
        }
        warned += store.warning_until[u] >= month ? 1.0 : 0.0;
    }
    out.lines[static_cast<std::size_t>(Metric::vip_upgrades)] += upgrades;
    out.lines[static_cast<std::size_t>(Metric::vip_downgrades)] += downgrades;
    out.lines[static_cast<std::size_t>(Metric::vip_warned)] += warned;
}

}  // namespace

// grade_vip's column passes leave every level and warning, and add every count, as grading
// one customer at a time does: random bills (some NaN, infinite, exactly on an edge), levels,
// warnings and deaths over a VIP shard, in regrade months, arrival months and others, with
// edges in order and out of it.
TEST(VipGrading, ColumnPassesGradeAsTheCustomerLoopBitForBit) {
    SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml"));
    CustomerStore store(plan);
    const auto graded = std::find_if(store.shards().begin(), store.shards().end(), [&](const Shard& s) {
        const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(s.cohort)];
        return !plan.segments[static_cast<std::size_t>(cohort.segment)].vip_edges_fen.empty();
    });
    ASSERT_NE(graded, store.shards().end());
    const Shard shard = *graded;
    Cohort cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const int window = plan.behaviour.window_months;
    test::cover_shard(shard, store.alive, store.tier, store.offer, store.vip_level, store.warning_until,
                      store.voice_propensity, store.data_propensity, store.sms_propensity);
    std::mt19937_64 rng(20261205);
    std::lognormal_distribution<float> bill(9.5f, 0.8f);
    const std::vector<double> edges = seg.vip_edges_fen;
    const float odd[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                         static_cast<float>(edges.front()), static_cast<float>(edges.back())};
    int changed = 0;
    for (int round = 0; round < 12; ++round) {
        const int month = 1 + static_cast<int>(rng() % 36);
        cohort.join_month = round % 4 == 0 ? month : static_cast<int>(rng() % 2);
        seg.vip_edges_fen = edges;
        if (round % 3 == 2) std::shuffle(seg.vip_edges_fen.begin(), seg.vip_edges_fen.end(), rng);
        for (int slot = 0; slot < window; ++slot)
            for (std::int64_t j = 0; j < shard.end - shard.begin; ++j)
                store.vip_window(shard, slot)[j] = rng() % 40 == 0 ? odd[rng() % 4] : bill(rng);
        for (std::int64_t i = shard.begin; i < shard.end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            store.alive[u] = static_cast<std::uint8_t>(rng() % 8 != 0);
            store.tier[u] = static_cast<std::uint8_t>(rng() % plan.tiers.size());
            store.offer[u] = 0;
            store.vip_level[u] = static_cast<std::uint8_t>(rng() % (edges.size() + 1));
            store.warning_until[u] = static_cast<std::uint16_t>(rng() % 40);
            store.voice_propensity[u] = bill(rng) / 20.0f;
            store.data_propensity[u] = bill(rng) / 10.0f;
            store.sms_propensity[u] = bill(rng) / 100.0f;
        }
        CustomerStore expected_store = store;
        ShardMonth ours, expected;
        grade_vip(plan, store, shard, cohort, month, ours);
        grade_vip_directly(plan, expected_store, shard, cohort, month, expected);
        for (const Metric m : {Metric::vip_upgrades, Metric::vip_downgrades, Metric::vip_warned})
            EXPECT_EQ(ours.lines[static_cast<std::size_t>(m)], expected.lines[static_cast<std::size_t>(m)])
                << "round " << round << ", month " << month;
        for (std::int64_t i = shard.begin; i < shard.end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            ASSERT_EQ(store.vip_level[u], expected_store.vip_level[u])
                << "round " << round << ", customer " << i;
            ASSERT_EQ(store.warning_until[u], expected_store.warning_until[u])
                << "round " << round << ", customer " << i;
        }
        changed += expected.lines[static_cast<std::size_t>(Metric::vip_downgrades)] > 0.0 ? 1 : 0;
    }
    EXPECT_GT(changed, 0);  // some rounds regrade, and downgrade someone
}

namespace {

// Mean usages for the choosers' column: lognormal, whole units (which tie where a line's rate
// divides evenly), and 1 in 50 infinite, huge, zero or NaN.
float chooser_mean_at_random(std::mt19937_64& rng, float scale) {
    std::lognormal_distribution<float> usage(4.0f, 1.5f);
    const float odd[] = {std::numeric_limits<float>::infinity(), 3e38f, 0.0f,
                         std::numeric_limits<float>::quiet_NaN()};
    switch (rng() % 50) {
        case 0:
            return odd[rng() % 4];
        case 1:
        case 2:
        case 3:
            return static_cast<float>(rng() % 2000);
        default:
            return usage(rng) * scale;
    }
}

}  // namespace

TEST(PlanChoice, UsageColumnsRateAsEachChooserAloneBitForBit) {
    SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/customer_behaviour.yaml"));
    SegmentPlan& seg = plan.segments.front();
    std::mt19937_64 rng(20261205);
    std::uniform_real_distribution<double> share(0.0, 1.0);
    // Not a multiple of any vector's width, so that the loops' remainders count.
    constexpr std::size_t kChoosers = 1003;
    std::vector<float> voice(kChoosers), data(kChoosers), sms(kChoosers);
    std::vector<double> usage(kChoosers);
    for (int round = 0; round < 8; ++round) {
        const bool split_voice = round % 2 == 1;
        const bool half_up = round % 4 < 2;
        seg.splits_voice = split_voice;
        for (std::size_t t = 0; t < plan.tiers.size(); ++t) {
            seg.intra_group_share[t] = split_voice ? share(rng) * 0.3 : 0.0;
            seg.off_net_fraction[t] = split_voice ? share(rng) : 0.0;
        }
        seg.off_peak_share = split_voice ? share(rng) : 0.0;
        if (!half_up) test::round_lines_at_random(plan.tiers, rng);
        for (std::size_t k = 0; k < kChoosers; ++k) {
            voice[k] = chooser_mean_at_random(rng, 4.0f);
            data[k] = chooser_mean_at_random(rng, 1.0f);
            sms[k] = chooser_mean_at_random(rng, 1.0f);
        }
        const TierRates rates = TierRates::of(plan.tiers, seg);
        for (int t = 0; t < static_cast<int>(plan.tiers.size()); ++t) {
            usage_fen_column(split_voice, rates, t, voice, data, sms, usage);
            for (std::size_t k = 0; k < kChoosers; ++k)
                ASSERT_EQ(std::bit_cast<std::uint64_t>(usage[k]),
                          std::bit_cast<std::uint64_t>(
                              usage_fen_at_mean(split_voice, rates, t, voice[k], data[k], sms[k])))
                    << "round " << round << ", tier " << t << ", chooser " << k << ": " << voice[k]
                    << " min, " << data[k] << " MB, " << sms[k] << " messages";
        }
    }
}

TEST(PlanChoice, BillColumnsFloorAndDivideAsEachChooserAloneBitForBit) {
    std::mt19937_64 rng(20261206);
    std::uniform_real_distribution<double> fen(0.0, 40000.0);
    const double odd[] = {std::numeric_limits<double>::quiet_NaN(),
                          std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(),
                          0.0,
                          -0.0,
                          1e308};
    // Now and then an odd value, or one equal to another input, so that ties and NaNs count.
    const auto some_fen = [&] { return rng() % 8 == 0 ? odd[rng() % 6] : std::round(fen(rng)); };
    constexpr std::size_t kChoosers = 1003;
    std::vector<double> usage(kChoosers), bills(kChoosers);
    for (int round = 0; round < 200; ++round) {
        const double fee = some_fen();
        const double min_spend = rng() % 4 == 0 ? fee : some_fen();
        const double floor = some_fen();
        for (double& u : usage) u = rng() % 10 == 0 ? min_spend - fee : some_fen();
        bill_cny_column(fee, min_spend, floor, usage, bills);
        for (std::size_t k = 0; k < kChoosers; ++k)
            ASSERT_EQ(std::bit_cast<std::uint64_t>(bills[k]),
                      std::bit_cast<std::uint64_t>(std::max({fee + usage[k], min_spend, floor}) / 100.0))
                << "round " << round << ": fee " << fee << ", usage " << usage[k] << ", minimum spend "
                << min_spend << ", floor " << floor;
    }
}

TEST(PlanChoice, UtilityColumnsAreEachChoosersUtilityBitForBit) {
    std::mt19937_64 rng(20261207);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double odd[] = {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                          0.0, -0.0, 1e308};
    const auto some = [&](double scale) { return rng() % 10 == 0 ? odd[rng() % 5] : unit(rng) * scale; };
    constexpr std::size_t kChoosers = 1003;
    std::vector<double> bills(kChoosers), risks(kChoosers), utilities(kChoosers);
    for (int round = 0; round < 200; ++round) {
        const models::ChoiceCoefficients coef{some(0.2), some(3.0), some(0.01), some(50.0), some(2.0)};
        const double subsidy = rng() % 2 == 0 ? 0.0 : some(2000.0);
        for (std::size_t k = 0; k < kChoosers; ++k) {
            bills[k] = some(400.0);
            risks[k] = some(1.0);
        }
        utility_column(coef, subsidy, bills, risks, utilities);
        for (std::size_t k = 0; k < kChoosers; ++k)
            ASSERT_EQ(
                std::bit_cast<std::uint64_t>(utilities[k]),
                std::bit_cast<std::uint64_t>(models::utility({bills[k], risks[k], subsidy, false}, coef)))
                << "round " << round << ", chooser " << k << ": bill " << bills[k] << ", risk " << risks[k];
    }
}

}  // namespace offersim::sim
