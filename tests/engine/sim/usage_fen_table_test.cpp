// The usage bills the leave odds read by mean usage (engine/sim/usage_fen_table.hpp): for any
// customer whose three means are among its segment's atoms, on any tier of ours or the
// reference's, the table gives usage_fen_at_mean bit for bit (the voice, data and SMS lines
// tabulated apart and added in the rating's order); a plan changed after the table was built is
// seen, and rated directly.
#include "engine/sim/usage_fen_table.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/event_figures.hpp"
#include "engine/sim/plan.hpp"

#include <gtest/gtest.h>
#include <bit>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

std::uint64_t fen_bits(double x) {
    return std::bit_cast<std::uint64_t>(x);
}

SimulationPlan all_offers_plan() {
    return compile_plan(scenario::load_scenario(OFFERSIM_SOURCE_DIR "/bench/scenarios/all_offers.yaml"));
}

// Every tier of one view of the tables (ours or the reference's) against the direct rating,
// for `draws` customers whose means are random atoms of the segment, every atom of each
// service among them.
void expect_direct_rating(const MeanUsageIndex& index, const UsageFenTable& table, bool split_voice,
                          const TierRates& rates, std::size_t tiers, const SegmentPlan& seg,
                          std::mt19937_64& rng, const std::string& what) {
    const auto atom = [&](const std::vector<float>& atoms, std::size_t k) { return atoms[k % atoms.size()]; };
    for (std::size_t k = 0; k < 3 * seg.voice_atoms.size(); ++k) {
        // The first pass walks each service's atoms in order; the rest pair them at random.
        const bool walk = k < seg.voice_atoms.size();
        const float v = atom(seg.voice_atoms, walk ? k : rng());
        const float d = atom(seg.data_atoms, walk ? k : rng());
        const float s = atom(seg.sms_atoms, walk ? k : rng());
        const MeanUsageRows rows = index.rows(v, d, s);
        ASSERT_TRUE(rows.found()) << what;
        for (std::size_t t = 0; t < tiers; ++t) {
            const int tier = static_cast<int>(t);
            ASSERT_EQ(fen_bits(table.usage_fen(tier, rows)),
                      fen_bits(usage_fen_at_mean(split_voice, rates, tier, v, d, s)))
                << what << ", tier " << t << ": voice " << v << ", data " << d << ", sms " << s;
        }
    }
}

}  // namespace

// all_offers splits voice (off-peak, off-net, V-net) where its reference, base.yaml, does not:
// every segment that answers prices and splits voice, on both sides. A segment that splits voice
// neither here nor at the reference has no tables: it is rated directly, which costs less.
TEST(UsageFenTable, EveryAtomOnEveryTierOursAndTheReferencesIsTheDirectRatingBitForBit) {
    const SimulationPlan plan = all_offers_plan();
    ASSERT_NE(plan.reference, nullptr);
    const SimulationPlan& reference = *plan.reference;
    std::mt19937_64 rng(20261205);
    int tabulated = 0, direct = 0;
    for (const SegmentPlan& seg : plan.segments) {
        if (!seg.price.leaving_answers()) continue;
        const SegmentPlan& ref_seg =
            reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
        if (!seg.splits_voice && !ref_seg.splits_voice) {
            EXPECT_EQ(seg.price.usage_tables, nullptr) << seg.id;
            ++direct;
            continue;
        }
        ASSERT_NE(seg.price.usage_tables, nullptr) << seg.id;
        const LeaveOddsUsage& tables = *seg.price.usage_tables;
        expect_direct_rating(tables.index, tables.ours, seg.splits_voice, TierRates::of(plan.tiers, seg),
                             plan.tiers.size(), seg, rng, seg.id + " here");
        expect_direct_rating(tables.index, tables.reference, ref_seg.splits_voice,
                             TierRates::of(reference.tiers, ref_seg), reference.tiers.size(), seg, rng,
                             seg.id + " at the reference");
        ++tabulated;
    }
    EXPECT_EQ(tabulated, 2);  // the mass market (off-peak, off-net) and group members (V-net)
    EXPECT_GE(direct, 3);
}

// Tiers that round lines half even and truncate take the rating's general path.
TEST(UsageFenTable, LinesRoundedOtherwiseThanHalfUpAreTheDirectRatingBitForBit) {
    SimulationPlan plan = all_offers_plan();
    for (std::size_t t = 0; t < plan.tiers.size(); t += 2) {
        plan.tiers.voice_even[t] = 1.0;
        plan.tiers.data_half[t] = 0.0;  // truncated
    }
    plan.tiers.all_half_up = false;
    const SegmentPlan& seg = plan.segments.front();
    ASSERT_TRUE(seg.splits_voice);
    const SegmentPlan& ref_seg =
        plan.reference->segments[static_cast<std::size_t>(seg.price.reference_segment)];
    const auto tables = leave_odds_usage(seg, plan.tiers, *plan.reference, ref_seg);
    std::mt19937_64 rng(20261205);
    expect_direct_rating(tables->index, tables->ours, true, TierRates::of(plan.tiers, seg), plan.tiers.size(),
                         seg, rng, seg.id);
}

// A table holds only the rating it was built for: any input of any tier changed by one ulp, the
// off-peak share, the rounding rule, the split of voice or the number of tiers.
TEST(UsageFenTable, RatesAsOnlyTheRatingItWasBuiltFor) {
    SimulationPlan plan = all_offers_plan();
    const SegmentPlan& seg = plan.segments.front();
    const auto tables =
        leave_odds_usage(seg, plan.tiers, *plan.reference,
                         plan.reference->segments[static_cast<std::size_t>(seg.price.reference_segment)]);
    const UsageFenTable& ours = tables->ours;
    const std::size_t tiers = plan.tiers.size();
    EXPECT_TRUE(ours.rates_as(true, TierRates::of(plan.tiers, seg), tiers));
    EXPECT_FALSE(ours.rates_as(false, TierRates::of(plan.tiers, seg), tiers));
    EXPECT_FALSE(ours.rates_as(true, TierRates::of(plan.tiers, seg), tiers - 1));
    for (std::size_t t = 0; t < tiers; ++t)
        for (const auto field : kTierRateColumns) {
            std::vector<double> changed(tiers);
            TierRates rates = TierRates::of(plan.tiers, seg);
            for (std::size_t k = 0; k < tiers; ++k) changed[k] = (rates.*field)[k];
            changed[t] = std::nextafter(changed[t], 1e300);
            rates.*field = changed.data();
            EXPECT_FALSE(ours.rates_as(true, rates, tiers)) << "tier " << t;
        }
    TierRates off_peak = TierRates::of(plan.tiers, seg);
    off_peak.off_peak_share = std::nextafter(off_peak.off_peak_share, 1.0);
    EXPECT_FALSE(ours.rates_as(true, off_peak, tiers));
    TierRates rounding = TierRates::of(plan.tiers, seg);
    rounding.all_half_up = !rounding.all_half_up;
    EXPECT_FALSE(ours.rates_as(true, rounding, tiers));
}

}  // namespace offersim::sim
