// The month's loop (engine/sim/bill_loop.hpp): what a leaver owes, charged after the loop, and
// the whole fen of every amount the loop adds up, which lets its lines be added in any order.
#include "engine/sim/bill_loop.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/scaled_base.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/simulation.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>

namespace offersim::sim::detail {

namespace {

// A segment's offer terms with no offer (index 0) and one handset offer (index 1): a fixed
// fee of 300 CNY plus the unamortised part of a subsidy of `subsidy_fen`, over 24 months.
OfferTerms handset_terms(double subsidy_fen, float bad_debt) {
    OfferTerms terms;
    terms.etf_fixed_fen = {0.0, 30000.0};
    terms.etf_subsidy_fen = {0.0, subsidy_fen};
    terms.contract_months = {1.0, 24.0};
    terms.bad_debt_probability = {0.0f, bad_debt};
    return terms;
}

constexpr std::uint32_t kNoDebtDraw = 0x3FFFFFu;  // the highest 22 bits: u just below 1

// The loop's lines in a run of `file` scaled to about `customers` (0: as it is), every month
// and segment of its first year.
void expect_whole_lines(const std::string& file, std::int64_t customers) {
    scenario::Scenario sc = scenario::load_scenario(OFFERSIM_SOURCE_DIR "/" + file);
    if (customers > 0) scenario::scale_base(sc, customers);
    sc.horizon_months = std::min(sc.horizon_months, 12);
    RunConfig config;
    config.replications = 1;
    config.seed = sc.seed;
    const MetricCube cube = run_simulation(compile_plan(sc), config);
    for (const Metric metric : {Metric::active,
                                Metric::churners,
                                Metric::revenue_fee,
                                Metric::revenue_bundle_components,
                                Metric::revenue_overage_voice,
                                Metric::revenue_intra_group,
                                Metric::revenue_overage_data,
                                Metric::revenue_overage_sms,
                                Metric::revenue_min_spend_topup,
                                Metric::revenue_termination_fee,
                                Metric::revenue_prepay_forfeit,
                                Metric::cost_bundle_components,
                                Metric::cost_gift,
                                Metric::cost_bad_debt,
                                Metric::voice_min,
                                Metric::off_net_min,
                                Metric::data_mb,
                                Metric::sms,
                                Metric::bill_shocks,
                                Metric::revenue_price_match})
        for (int rep = 0; rep < config.replications; ++rep)
            for (int month = 0; month < cube.months; ++month)
                for (int row = 0; row <= cube.total_row(); ++row) {
                    const double x = cube.at(rep, month, row, metric);
                    ASSERT_EQ(std::floor(x), x) << file << ": metric " << static_cast<int>(metric)
                                                << ", month " << month + 1 << ", row " << row;
                }
}

}  // namespace

TEST(LeaverCharge, InContractOwesTheFixedFeeAndTheSubsidyNotYetAmortisedToTheFen) {
    // 6 of 24 months left: 300 CNY + 1,200 CNY x 6 / 24.
    EXPECT_EQ(charge_leaver(handset_terms(120000.0, 0.0f), 1, 10.0, 4, kNoDebtDraw).termination_fee, 60000.0);
    // 100,002 fen x 6 / 24 = 25,000.5 fen: half up.
    EXPECT_EQ(charge_leaver(handset_terms(100002.0, 0.0f), 1, 10.0, 4, kNoDebtDraw).termination_fee, 55001.0);
    // In the contract's last month nothing of the subsidy is left.
    EXPECT_EQ(charge_leaver(handset_terms(120000.0, 0.0f), 1, 10.0, 10, kNoDebtDraw).termination_fee,
              30000.0);
    // After it, and without an offer, nothing is owed.
    EXPECT_EQ(charge_leaver(handset_terms(120000.0, 0.0f), 1, 10.0, 11, kNoDebtDraw).termination_fee, 0.0);
    EXPECT_EQ(charge_leaver(handset_terms(120000.0, 0.0f), 0, 0.0, 4, 0).termination_fee, 0.0);
}

TEST(LeaverCharge, WritesOffTheFeeWhenThe22LowBitsOfC1FallBelowTheBadDebtProbability) {
    const OfferTerms terms = handset_terms(120000.0, 0.05f);
    EXPECT_EQ(charge_leaver(terms, 1, 10.0, 4, 0).written_off, 60000.0);
    // Only the 22 low bits count: the usage draw uses the others.
    EXPECT_EQ(charge_leaver(terms, 1, 10.0, 4, 0xFFC00000u).written_off, 60000.0);
    EXPECT_EQ(charge_leaver(terms, 1, 10.0, 4, kNoDebtDraw).written_off, 0.0);
    // u = 0.05 - 2^-22 is below 0.05f; u = 0.0500001 is not.
    EXPECT_EQ(charge_leaver(terms, 1, 10.0, 4, 209715u).written_off, 60000.0);
    EXPECT_EQ(charge_leaver(terms, 1, 10.0, 4, 209716u).written_off, 0.0);
    EXPECT_EQ(charge_leaver(handset_terms(120000.0, 0.0f), 1, 10.0, 4, 0).written_off, 0.0);
}

// The loop's lines are sums of whole fen and whole units, exact in any order below 2^53, so
// the lines of a leaver's charges, added after the loop, are the bits they were inside it
// (and the vectorised sums are the same on every instruction set).
TEST(BillLoop, EveryLineTheLoopAddsIsAWholeNumberSoItsOrderOfAdditionDoesNotMatter) {
    // Every offer family, split voice and contracts; behaviours; prepay releases and gifts; group
    // members under a matched price.
    expect_whole_lines("bench/scenarios/all_offers.yaml", 5000);
    expect_whole_lines("scenarios/examples/customer_behaviour.yaml", 5000);
    expect_whole_lines("scenarios/examples/household_prepay_broadband.yaml", 5000);
    expect_whole_lines("scenarios/examples/group_tender_match.yaml", 0);
}

}  // namespace offersim::sim::detail
