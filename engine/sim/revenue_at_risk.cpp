#include "engine/sim/revenue_at_risk.hpp"

#include "engine/sim/usage_rating.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace offersim::sim {

namespace {

// What one shard's scores read: plain pointers, so the vectoriser sees no aliasing.
struct RiskColumns {
    const std::uint8_t* tier;
    const std::uint8_t* offer;
    const std::uint16_t* tenure;
    const std::uint8_t* vip_level;
    const std::uint16_t* warning_until;
    const float* voice;
    const float* data;
    const float* sms;
    const float* hazard;            // the segment's, by completed tenure months
    const float* level_multiplier;  // by VIP level
    const double* fee;              // the segment's, by tier
    const double* bundle_fee;       // by offer; negative: the tier's fee
    const double* min_spend;        // by tier
    const double* contract_floor;   // by offer
};

// As select_shard_candidates computed each score: the hazard, then UsualBills::fen's bill
// (fee or bundle fee plus the usage at the means, then the tier's minimum spend and the
// offer's floor, as std::max of the three takes them), then the warning weight.
template <bool kSplitVoice, bool kHalfUp>
void score_columns(const RiskColumns& c, const TierRates& rates, double competitor, int month,
                   double warning_weight, std::int64_t n, double* out) {
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) {
        const int t = c.tier[j];
        const int o = c.offer[j];
        const int completed = std::min<int>(c.tenure[j], kHazardMonths - 1);
        const double hazard = c.hazard[completed] * competitor * c.level_multiplier[c.vip_level[j]];
        const double bundle_fee = c.bundle_fee[o];
        const double fee = bundle_fee >= 0.0 ? bundle_fee : c.fee[t];
        // usual_bill_before_floors_fen's bill, spelled out so that the full rating (split
        // voice, rounding rules) is inlined: GCC left rate_usage_drawn a call there, which keeps
        // the loop from vectorising.
        const double bill =
            fee + rate_usage<kSplitVoice, kHalfUp>(
                      rates, t, models::billable_sub_units(c.voice[j], models::kSecondsPerMinute),
                      models::billable_sub_units(c.data[j], models::kKbPerMb),
                      models::billable_units(c.sms[j]), rates.off_peak_share)
                      .total();
        const double value = std::max(std::max(bill, c.min_spend[t]), c.contract_floor[o]);
        const double warning = c.warning_until[j] >= month ? warning_weight : 1.0;
        out[j] = hazard * value * warning;
    }
}

}  // namespace

void revenue_at_risk(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                     const CampaignPlan& campaign, int month, std::vector<double>& scores) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const auto first = static_cast<std::size_t>(shard.begin);
    const RiskColumns columns{store.tier.data() + first,
                              store.offer.data() + first,
                              store.tenure_months.data() + first,
                              store.vip_level.data() + first,
                              store.warning_until.data() + first,
                              store.voice_propensity.data() + first,
                              store.data_propensity.data() + first,
                              store.sms_propensity.data() + first,
                              seg.hazard.data(),
                              plan.behaviour.level_multiplier.data(),
                              seg.fee_fen.data(),
                              seg.offers.bundle_fee_fen.data(),
                              plan.tiers.min_spend_fen.data(),
                              seg.offers.contract_floor_fen.data()};
    const TierRates rates = TierRates::of(plan.tiers, seg);
    const double competitor = seg.competitor_factor[static_cast<std::size_t>(month - 1)];
    const std::int64_t n = shard.end - shard.begin;
    scores.resize(static_cast<std::size_t>(n));
    const auto score = [&](auto split_voice, auto half_up) {
        score_columns<decltype(split_voice)::value, decltype(half_up)::value>(
            columns, rates, competitor, month, campaign.warning_weight, n, scores.data());
    };
    using Yes = std::true_type;
    using No = std::false_type;
    if (rates.all_half_up)
        seg.splits_voice ? score(Yes{}, Yes{}) : score(No{}, Yes{});
    else
        seg.splits_voice ? score(Yes{}, No{}) : score(No{}, No{});
}

}  // namespace offersim::sim
