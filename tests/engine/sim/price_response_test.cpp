// Leaving answers our prices (docs/models.md, "Price response"): a price rise over the
// reference moves churn by exactly the leave equation's amount; prices as at the reference
// change nothing, bit for bit. Paired runs share every draw (common random numbers), so a
// customer leaves in the variant and not in the reference exactly when its uniform falls
// between the two probabilities: the paired difference is binomial, and the checks allow 4
// of its standard errors.
#include "models/price_response.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/price_response.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/usage_fen_table.hpp"
#include "tests/engine/sim/shard_columns.hpp"

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
#include <span>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

// 200,000 customers at 3% a month, usage well inside the allowance: the usual bill is the fee.
const std::string kReference = R"(name: reference
horizon_months: 1
seed: 11
tiers:
  - id: t50
    monthly_fee_cny: 50
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
  - id: t80
    monthly_fee_cny: 80
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 200000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t50: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 100 }
      data_mb: { distribution: fixed, mean: 10 }
      sms: { distribution: fixed, mean: 10 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0.03 }
    price_response: { leave_per_cny: 0.02 }
)";

class PriceResponse : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("offersim-price-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        write("reference.yaml", kReference);
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(const std::string& name, const std::string& text) const {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }

    static MetricCube run(const fs::path& file) {
        const auto sc = scenario::load_scenario(file);
        return run_simulation(compile_plan(sc), RunConfig::of(1, sc.seed, 2));
    }

    static double churners(const MetricCube& cube) { return cube.at(0, 0, 0, Metric::churners); }

    fs::path dir_;
};

// The paired change in churners against n (P(rise) - h), P from the leave equation with
// `kink` more log-odds from the discount point.
void expect_paired_rise(double reference, double variant, double n, double h, double beta, double rise,
                        double kink = 0.0) {
    const double odds = std::exp(beta * rise + kink);
    const double q = h * odds / (1.0 - h + h * odds) - h;
    const double se = std::sqrt(n * std::abs(q) * (1.0 - std::abs(q)));
    EXPECT_NEAR(variant - reference, n * q, 4.0 * se) << "expected " << n * q << " more churners";
    EXPECT_GT(se, 0.0);
}

}  // namespace

TEST_F(PriceResponse, AFeeRiseRaisesChurnByTheLeaveEquation) {
    const fs::path variant = write("variant.yaml", R"(extends: reference.yaml
name: variant
tiers:
  - id: t50
    monthly_fee_cny: 60
)");
    expect_paired_rise(churners(run(dir_ / "reference.yaml")), churners(run(variant)), 200000, 0.03, 0.02,
                       10.0);
}

// A tier that rates usage otherwise than the reference's (a smaller allowance: 50 of the
// 100 minutes over at 0.2 CNY) is rated apart, not shared with it: a 10 CNY rise.
TEST_F(PriceResponse, ASmallerAllowanceRaisesChurnByItsOverage) {
    const fs::path variant = write("variant.yaml", R"(extends: reference.yaml
name: variant
tiers:
  - id: t50
    included: { voice_min: 50, data_mb: 1000, sms: 1000 }
)");
    expect_paired_rise(churners(run(dir_ / "reference.yaml")), churners(run(variant)), 200000, 0.03, 0.02,
                       10.0);
}

TEST_F(PriceResponse, AMinimumSpendRaisesChurnAsAFeeWould) {
    const fs::path variant = write("variant.yaml", R"(extends: reference.yaml
name: variant
tiers:
  - id: t50
    min_monthly_spend_cny: 65
)");
    expect_paired_rise(churners(run(dir_ / "reference.yaml")), churners(run(variant)), 200000, 0.03, 0.02,
                       15.0);
}

// Moving everyone to a dearer new tier: each customer's reference is the tier the same
// draw gives them at the reference (t50), so the rise is 80 - 50.
TEST_F(PriceResponse, AForcedMoveToADearerTierIsAPriceRise) {
    const fs::path variant = write("variant.yaml", R"(extends: reference.yaml
name: variant
segments:
  - id: s
    tier_mix: { t80: 1 }
)");
    expect_paired_rise(churners(run(dir_ / "reference.yaml")), churners(run(variant)), 200000, 0.03, 0.02,
                       30.0);
}

TEST_F(PriceResponse, AFeeCutLowersChurn) {
    const fs::path variant = write("variant.yaml", R"(extends: reference.yaml
name: variant
tiers:
  - id: t50
    monthly_fee_cny: 30
)");
    expect_paired_rise(churners(run(dir_ / "reference.yaml")), churners(run(variant)), 200000, 0.03, 0.02,
                       -20.0);
}

TEST_F(PriceResponse, PricesAsAtTheReferenceChangeNothingBitForBit) {
    const fs::path same = write("same.yaml", "extends: reference.yaml\nname: same\ntitle: renamed\n");
    std::string plain_text = kReference;
    plain_text.erase(plain_text.find("    price_response"));
    const fs::path plain = write("plain.yaml", plain_text);
    const MetricCube priced = run(same);
    const MetricCube unpriced = run(plain);
    ASSERT_TRUE(compile_plan(scenario::load_scenario(same)).answers_prices());
    EXPECT_EQ(priced.values, unpriced.values);
}

TEST_F(PriceResponse, AnElasticityCompilesToTheBetaThatGivesIt) {
    std::string text = kReference;
    text.replace(text.find("leave_per_cny: 0.02"), 19, "churn_elasticity: 0.8");
    write("reference.yaml", text);
    const fs::path variant = write("variant.yaml", "extends: reference.yaml\nname: variant\n");
    const SimulationPlan plan = compile_plan(scenario::load_scenario(variant));
    const PricePlan& p = plan.segments[0].price;
    EXPECT_DOUBLE_EQ(p.mean_bill_cny, 50.0);
    EXPECT_NEAR(p.mean_hazard, 0.03, 1e-7);
    EXPECT_NEAR(p.beta_per_fen * 100.0, 0.8 / (50.0 * (1.0 - 0.03)), 1e-7);
}

TEST_F(PriceResponse, AnExplicitReferenceReplacesTheRootOfTheChain) {
    write("dear.yaml", "extends: reference.yaml\nname: dear\ntiers:\n  - id: t50\n    monthly_fee_cny: 60\n");
    // At the dear prices' own reference, the dear scenario changes nothing.
    const fs::path self = write("self.yaml", "extends: dear.yaml\nname: self\nprice_reference: dear.yaml\n");
    const fs::path dear = write("dear_plain.yaml", "extends: dear.yaml\nname: dear_plain\n");
    const double at_dear_reference = churners(run(self));
    const double at_root_reference = churners(run(dear));
    EXPECT_LT(at_dear_reference, at_root_reference);
    expect_paired_rise(at_dear_reference, at_root_reference, 200000, 0.03, 0.02, 10.0);
}

namespace {

// The reference with 1,000 initial customers and 200,000 arrivals in its one month, then
// `segment_keys` (YAML, indented as the segment's keys).
std::string with_arrivals(const std::string& segment_keys = "") {
    std::string text = kReference;
    text.replace(text.find("    size: 200000"), 16, "    size: 1000");
    return text + "    acquisition: { gross_adds_per_month: 200000 }\n" + segment_keys;
}

}  // namespace

// At a choice event leaving weighs our whole menu, not the plan held, and so does joining:
// new customers choose on arrival, and a variant that adds a tier priced like t50 makes
// our menu worth the log-sum's gain, ln(2 e^U50 + e^U80) - ln(e^U50 + e^U80) over the
// price coefficient, in CNY. Gross adds rise by the mirror equation at that gain, exactly;
// the arrivals both runs share leave less by the leave equation, and the extra arrivals
// leave at the new probability. The initial customers, at no event, are untouched.
TEST_F(PriceResponse, AtAChoiceEventLeavingAndJoiningWeighTheLogSumOfOurMenu) {
    write("reference.yaml", with_arrivals("    plan_choice: { price_per_cny: 0.05 }\n"));
    const fs::path wider = write("wider.yaml", R"(extends: reference.yaml
name: wider
tiers:
  - id: t50_twin
    monthly_fee_cny: 50
    included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)");
    const double u50 = -0.05 * 50.0, u80 = -0.05 * 80.0;
    const double gain_cny =
        (std::log(2.0 * std::exp(u50) + std::exp(u80)) - std::log(std::exp(u50) + std::exp(u80))) / 0.05;
    const MetricCube reference = run(dir_ / "reference.yaml");
    const MetricCube variant = run(wider);
    const double n = 200000.0;
    const double adds = variant.at(0, 0, 0, Metric::gross_adds);
    EXPECT_EQ(reference.at(0, 0, 0, Metric::gross_adds), n);
    EXPECT_EQ(adds, std::llround(n * models::join_probability(0.3, 0.02, -gain_cny) / 0.3));

    const double h = 0.03, odds = std::exp(-0.02 * gain_cny);
    const double p = h * odds / (1.0 - h + h * odds);
    const double extra = adds - n;
    const double se = std::sqrt(n * (h - p) * (1.0 - (h - p)) + extra * p * (1.0 - p));
    EXPECT_NEAR(churners(variant) - churners(reference), n * (p - h) + extra * p, 4.0 * se);
    EXPECT_GT(extra, 0.0);
}

// The reference's menu is its tiers open to the segment, whether or not it has plan_choice:
// a variant that only lets new customers choose changes no one's worth of staying, so
// leaving and joining are as stated.
TEST_F(PriceResponse, AddingPlanChoiceAloneMovesNoOne) {
    write("reference.yaml", with_arrivals());
    const fs::path choosing = write("choosing.yaml", R"(extends: reference.yaml
name: choosing
segments:
  - id: s
    plan_choice: { price_per_cny: 0.05 }
)");
    const MetricCube reference = run(dir_ / "reference.yaml");
    const MetricCube variant = run(choosing);
    EXPECT_EQ(variant.at(0, 0, 0, Metric::gross_adds), reference.at(0, 0, 0, Metric::gross_adds));
    EXPECT_EQ(churners(variant), churners(reference));
}

// A rival whose tiers copy ours: each customer's best rival bill is the lowest of our own
// tiers open to them, as at the reference, which names no rival: nothing changes.
TEST_F(PriceResponse, ARivalIdenticalToUsChangesNothingBitForBit) {
    const fs::path twin = write("twin.yaml", R"(extends: reference.yaml
name: twin
competitors:
  - id: twin
    reaches: [s]
    tiers:
      - id: r50
        monthly_fee_cny: 50
        included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
        overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
      - id: r80
        monthly_fee_cny: 80
        included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
        overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)");
    const SimulationPlan plan = compile_plan(scenario::load_scenario(twin));
    ASSERT_TRUE(plan.segments[0].price.weighs_rivals());
    EXPECT_TRUE(plan.segments[0].price.reference_at_parity);
    EXPECT_EQ(run(twin).values, run(dir_ / "reference.yaml").values);
}

namespace {

// The reference with a rival at our price of 50 CNY, its gross adds `adds` a month, and
// `discount_point` (YAML) in the segment's price response.
std::string with_rival(std::int64_t adds, const std::string& discount_point = "") {
    std::string text = kReference;
    text.replace(text.find("price_response: { leave_per_cny: 0.02 }"), 39,
                 "price_response: { leave_per_cny: 0.02" + discount_point +
                     " }\n    acquisition: " + "{ gross_adds_per_month: " + std::to_string(adds) + " }");
    return text + R"(competitors:
  - id: rival
    reaches: [s]
    tiers:
      - id: r50
        monthly_fee_cny: 50
        included: { voice_min: 1000, data_mb: 1000, sms: 1000 }
        overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
)";
}

// The variant of reference.yaml whose rival cuts its fee by `cut` from month 1.
const std::string kRivalCut = R"(extends: reference.yaml
name: rival_cut
competitors:
  - id: rival
    moves:
      - { id: cut, start_month: 1, fee_cut: CUT }
)";

std::string rival_cut(double cut) {
    std::string text = kRivalCut;
    return text.replace(text.find("CUT"), 3, std::to_string(cut));
}

}  // namespace

// A rival's price cut is our price rise by as much: 20% off its 50 CNY is 10 CNY.
TEST_F(PriceResponse, ARivalsPriceCutRaisesChurnAsOurOwnRiseWould) {
    write("reference.yaml", with_rival(0));
    const fs::path variant = write("variant.yaml", rival_cut(0.2));
    const double reference = churners(run(dir_ / "reference.yaml"));
    expect_paired_rise(reference, churners(run(variant)), 200000, 0.03, 0.02, 10.0);
    // A scenario that is its own reference: its rival's prices before any move are the reference.
    const fs::path own =
        write("own.yaml", with_rival(0) + "    moves:\n      - { id: cut, start_month: 1, fee_cut: 0.2 }\n");
    EXPECT_EQ(churners(run(own)), churners(run(variant)));
}

// The discount point: a 40% cut passes the 25% threshold by 0.15, which at strength 10 adds
// 1.5 to the log-odds beside the 20 CNY the cut is worth.
TEST_F(PriceResponse, ARivalDiscountPastTheDiscountPointAddsItsKink) {
    write("reference.yaml", with_rival(0, ", discount_point: { threshold: 0.25, strength: 10 }"));
    const double reference = churners(run(dir_ / "reference.yaml"));
    expect_paired_rise(reference, churners(run(write("deep.yaml", rival_cut(0.4)))), 200000, 0.03, 0.02, 20.0,
                       10.0 * (0.4 - 0.25));
    // Short of the threshold, no kink.
    expect_paired_rise(reference, churners(run(write("shallow.yaml", rival_cut(0.2)))), 200000, 0.03, 0.02,
                       10.0);
}

// Joining mirrors leaving: 30% of the prospects picked us at the reference; a rival 10 CNY
// cheaper moves the log-odds of picking us by -0.02 x 10, and the month's adds with them.
TEST_F(PriceResponse, GrossAddsAnswerTheRivalsPriceByTheMirrorEquation) {
    write("reference.yaml", with_rival(10000));
    const fs::path variant = write("variant.yaml", rival_cut(0.2));
    const double odds = 0.3 / 0.7 * std::exp(-0.02 * 10.0);
    const auto expected = std::llround(10000.0 * (odds / (1.0 + odds)) / 0.3);
    ASSERT_LT(expected, 10000);
    EXPECT_EQ(compile_plan(scenario::load_scenario(variant)).segments[0].gross_adds[0], expected);
    EXPECT_EQ(run(variant).at(0, 0, 0, Metric::gross_adds), static_cast<double>(expected));
    EXPECT_EQ(run(dir_ / "reference.yaml").at(0, 0, 0, Metric::gross_adds), 10000.0);
}

}  // namespace offersim::sim

namespace offersim::sim {

TEST(LeaveOddsScan, ListsTheActiveCustomersWhoseKeyChangedOrWhoAreAtAnEvent) {
    // Random tiers, offers, contracts, stored keys and choice events over the first shard of
    // the baseline's store (fixed seed), against the direct test of each customer: active, and
    // its key differs from the stored one or it is at an event.
    const SimulationPlan plan =
        compile_plan(scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml"));
    CustomerStore store(plan);
    const Shard shard = store.shards().front();
    test::cover_shard(shard, store.alive, store.tier, store.offer, store.contract_end, store.price_odds_key);
    std::mt19937_64 rng(20261204);
    for (int round = 0; round < 20; ++round) {
        const int month = 1 + static_cast<int>(rng() % 36);
        const auto state = static_cast<std::uint32_t>(rng() % 4);
        std::vector<ChoiceEvent> events;
        std::vector<std::int64_t> expected;
        for (std::int64_t i = shard.begin; i < shard.end; ++i) {
            const auto u = static_cast<std::size_t>(i);
            store.alive[u] = static_cast<std::uint8_t>(rng() % 4 != 0);
            store.tier[u] = static_cast<std::uint8_t>(rng() % 6);
            store.offer[u] = static_cast<std::uint8_t>(rng() % 5);
            store.contract_end[u] = static_cast<std::uint16_t>(rng() % 40);
            const std::uint32_t key =
                leave_odds_key(store.tier[u], store.offer[u], month <= store.contract_end[u], state);
            // Most keep their key; some hold another, some were last computed at an event (0).
            // Every other round as a settled shard: so few stale that most words of marks are 0.
            const std::uint64_t spread = round % 2 == 0 ? 10 : 400;
            const auto draw = rng() % spread;
            store.price_odds_key[u] = draw < spread - 2    ? key
                                      : draw == spread - 2 ? key ^ (1u << static_cast<int>(rng() % 32))
                                                           : 0u;
            const bool at_event = rng() % (spread * 2) == 0;
            if (at_event) events.push_back({i, 1.0});
            if (store.alive[u] != 0 && (store.price_odds_key[u] != key || at_event)) expected.push_back(i);
        }
        const std::span<const std::int64_t> listed =
            customers_with_stale_odds(store, shard, month, state, events);
        ASSERT_EQ(std::vector<std::int64_t>(listed.begin(), listed.end()), expected) << "round " << round;
    }
}

TEST(LeaveOddsScan, KeysTellEveryTierOfferContractAndRivalStateApartAndAreNeverZero) {
    std::vector<std::uint32_t> keys;
    for (std::uint32_t tier = 0; tier < 256; tier += 51)
        for (std::uint32_t offer = 0; offer < 256; offer += 85)
            for (const bool in_contract : {false, true})
                for (std::uint32_t state = 0; state < 8; ++state)
                    keys.push_back(leave_odds_key(tier, offer, in_contract, state));
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(std::adjacent_find(keys.begin(), keys.end()), keys.end());
    EXPECT_NE(keys.front(), 0u);
}

namespace {

// Every customer of `shard` at random: about one in eight dead, a random tier (the reference's
// the same half the time), offer and contract end, mean usages from `mean(atoms)` (each
// service's atoms), and stale odds, so that update_leave_odds recomputes every active one.
template <typename Mean>
void randomise_customers(CustomerStore& store, const Shard& shard, const SimulationPlan& plan,
                         const SegmentPlan& seg, std::mt19937_64& rng, Mean&& mean) {
    const auto tiers = static_cast<std::uint64_t>(plan.tiers.size());
    const auto offers = static_cast<std::uint64_t>(plan.offers.size()) + 1;
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        store.alive[u] = static_cast<std::uint8_t>(rng() % 8 != 0);
        store.tier[u] = static_cast<std::uint8_t>(rng() % tiers);
        store.reference_tier[u] =
            rng() % 2 == 0 ? store.tier[u] : static_cast<std::uint8_t>(rng() % plan.reference->tiers.size());
        store.offer[u] = static_cast<std::uint8_t>(rng() % offers);
        store.contract_end[u] = static_cast<std::uint16_t>(rng() % 40);
        store.price_odds_key[u] = 0;  // stale: every active customer is recomputed
        store.voice_propensity[u] = mean(seg.voice_atoms);
        store.data_propensity[u] = mean(seg.data_atoms);
        store.sms_propensity[u] = mean(seg.sms_atoms);
        store.price_odds[u] = -1.0f;
    }
}

// Asserts that every active customer's leave odds in `month` are the direct computation's, bit
// for bit: our held bill less the reference's, each rated from the customer's means, odds 1
// where they are equal. Calls `each(customer, gap)` for every customer checked.
template <typename Each>
void expect_direct_odds(const SimulationPlan& plan, const SegmentPlan& seg, const CustomerStore& store,
                        const Shard& shard, int month, Each&& each) {
    const SimulationPlan& reference = *plan.reference;
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (store.alive[u] == 0) continue;
        const bool in_contract = month <= store.contract_end[u];
        const float v = store.voice_propensity[u], d = store.data_propensity[u], s = store.sms_propensity[u];
        const double bill = held_bill_fen(plan, seg, store.tier[u], store.offer[u], in_contract, v, d, s);
        const double ref_bill =
            held_bill_fen(reference, ref_seg, store.reference_tier[u],
                          seg.price.reference_offer[store.offer[u]], in_contract, v, d, s);
        const double gap = bill - ref_bill;
        const float expected =
            gap == 0.0
                ? 1.0f
                : static_cast<float>(models::leave_odds_ratio(seg.price.beta_per_fen * 100.0, gap / 100.0));
        ASSERT_EQ(std::bit_cast<std::uint32_t>(store.price_odds[u]), std::bit_cast<std::uint32_t>(expected))
            << "month " << month << ", customer " << i << ": tier " << int{store.tier[u]} << " at "
            << int{store.reference_tier[u]} << ", offer " << int{store.offer[u]} << ", means " << v << ", "
            << d << ", " << s;
        each(u, gap);
    }
}

}  // namespace

// Every active customer's leave odds after update_leave_odds are the direct computation's,
// bit for bit: our held bill less the reference's, each rated from the customer's mean usage,
// odds 1 where they are equal. Random tiers, reference tiers, offers, contracts and usage
// (some not finite, some huge) over a plan with an offer under contract where one tier's fee
// and another's data rate differ from the reference's, so that customers whose bills are the
// reference's (odds 1 without rating) and customers whose bills differ are both many.
TEST(LeaveOddsUpdate, EveryCustomersOddsAreTheDirectComputationsBitForBit) {
    SimulationPlan plan = compile_plan(
        scenario::load_scenario(OFFERSIM_SOURCE_DIR "/scenarios/examples/handset_cdma_winback.yaml"));
    ASSERT_NE(plan.reference, nullptr);
    ASSERT_GT(plan.offers.size(), 0u);
    CustomerStore store(plan);
    const Shard shard = store.shards().front();
    SegmentPlan& seg = plan.segments[static_cast<std::size_t>(
        store.cohorts()[static_cast<std::size_t>(shard.cohort)].segment)];
    ASSERT_TRUE(seg.price.answers());
    ASSERT_FALSE(seg.price.weighs_rivals());
    seg.fee_fen[1] += 100.0;
    plan.tiers.data_centifen[2] += 1.0;
    test::cover_shard(shard, store.alive, store.tier, store.offer, store.contract_end, store.price_odds_key,
                      store.voice_propensity, store.data_propensity, store.sms_propensity,
                      store.reference_tier, store.price_odds);
    std::mt19937_64 rng(20261204);
    std::lognormal_distribution<float> usage(4.0f, 1.5f);
    const float odd_usage[] = {std::numeric_limits<float>::infinity(),
                               std::numeric_limits<float>::quiet_NaN(), 3e38f, 0.0f};
    const auto some_usage = [&](const std::vector<float>&) {
        return rng() % 50 == 0 ? odd_usage[rng() % 4] : usage(rng);
    };
    int alike = 0, differing = 0;
    for (int round = 0; round < 4; ++round) {
        const int month = 1 + static_cast<int>(rng() % 36);
        randomise_customers(store, shard, plan, seg, rng, some_usage);
        update_leave_odds(plan, store, shard, seg, month, {});
        expect_direct_odds(plan, seg, store, shard, month,
                           [&](std::size_t, double gap) { (gap == 0.0 ? alike : differing) += 1; });
        ASSERT_FALSE(HasFatalFailure()) << "round " << round;
    }
    EXPECT_GT(alike, 1000);
    EXPECT_GT(differing, 1000);
}

// The same where mean usages are the segment's atoms, whose usage bills the leave odds read from
// tables (engine/sim/usage_fen_table.hpp): all_offers' mass market splits voice where its
// reference, base.yaml, does not, so no tier rates alike and every customer's bills differ.
// Random tiers, reference tiers, offers and contracts; each mean an atom but for 1 in 20 (a
// neighbouring float, or 0), rated directly.
TEST(LeaveOddsUpdate, OddsFromTabulatedUsageAreTheDirectComputationsBitForBit) {
    const SimulationPlan plan =
        compile_plan(scenario::load_scenario(OFFERSIM_SOURCE_DIR "/bench/scenarios/all_offers.yaml"));
    ASSERT_NE(plan.reference, nullptr);
    CustomerStore store(plan);
    const Shard shard = store.shards().front();
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(
        store.cohorts()[static_cast<std::size_t>(shard.cohort)].segment)];
    ASSERT_TRUE(seg.price.leaving_answers());
    ASSERT_TRUE(seg.splits_voice);
    ASSERT_NE(seg.price.usage_tables, nullptr);
    test::cover_shard(shard, store.alive, store.tier, store.offer, store.contract_end, store.price_odds_key,
                      store.voice_propensity, store.data_propensity, store.sms_propensity,
                      store.reference_tier, store.price_odds);
    std::mt19937_64 rng(20261205);
    const auto some_mean = [&](const std::vector<float>& atoms) {
        const float atom = atoms[rng() % atoms.size()];
        if (rng() % 20 != 0) return atom;
        return rng() % 2 == 0 ? std::nextafter(atom, 1e30f) : 0.0f;
    };
    int tabulated = 0, direct = 0;
    for (int round = 0; round < 4; ++round) {
        const int month = 1 + static_cast<int>(rng() % 36);
        randomise_customers(store, shard, plan, seg, rng, some_mean);
        update_leave_odds(plan, store, shard, seg, month, {});
        expect_direct_odds(plan, seg, store, shard, month, [&](std::size_t u, double) {
            const MeanUsageRows rows = seg.price.usage_tables->index.rows(
                store.voice_propensity[u], store.data_propensity[u], store.sms_propensity[u]);
            (rows.found() ? tabulated : direct) += 1;
        });
        ASSERT_FALSE(HasFatalFailure()) << "round " << round;
    }
    EXPECT_GT(tabulated, 10000);
    EXPECT_GT(direct, 500);
}

}  // namespace offersim::sim
