#include "engine/sim/price_response.hpp"

#include "engine/sim/usage_rating.hpp"
#include "models/price_response.hpp"

#include <algorithm>

namespace offersim::sim {

double held_bill_fen(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer,
                     bool in_contract, float voice, float data, float sms) {
    const auto t = static_cast<std::size_t>(tier);
    const auto o = static_cast<std::size_t>(offer);
    const double bundle_fee = seg.offers.bundle_fee_fen[o];
    const double fee = bundle_fee >= 0.0 ? bundle_fee : seg.fee_fen[t];
    const TierRates rates = TierRates::of(plan.tiers, seg);
    const double usual = seg.splits_voice
                             ? usual_bill_before_floors_fen<true>(rates, tier, fee, voice, data, sms)
                             : usual_bill_before_floors_fen<false>(rates, tier, fee, voice, data, sms);
    double bill = std::max(usual, plan.tiers.min_spend_fen[t]);
    if (in_contract && offer > 0) {
        const OfferPlan& held = plan.offers[o - 1];
        bill = std::max(bill, seg.offers.contract_floor_fen[o]);
        if (held.contract_months > 0) bill -= held.subsidy_fen / held.contract_months;
    }
    return bill;
}

void update_leave_odds(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                       const SegmentPlan& seg, int month) {
    const SimulationPlan& reference = *plan.reference;
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
    const double beta_per_cny = seg.price.beta_per_fen * 100.0;
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u]) continue;
        const int offer = store.offer[u];
        const bool in_contract = month <= store.contract_end[u];
        const std::uint32_t key = store.tier[u] | static_cast<std::uint32_t>(offer) << 8 |
                                  static_cast<std::uint32_t>(in_contract) << 16 | 1u << 24;
        if (store.price_odds_key[u] == key) continue;
        store.price_odds_key[u] = key;
        const float v = store.voice_propensity[u];
        const float d = store.data_propensity[u];
        const float s = store.sms_propensity[u];
        const double bill = held_bill_fen(plan, seg, store.tier[u], offer, in_contract, v, d, s);
        const double ref_bill =
            held_bill_fen(reference, ref_seg, store.reference_tier[u],
                          seg.price.reference_offer[static_cast<std::size_t>(offer)], in_contract, v, d, s);
        // Equal bills give exactly 1, so prices as at the reference change nothing.
        store.price_odds[u] =
            bill == ref_bill
                ? 1.0f
                : static_cast<float>(models::leave_odds_ratio(beta_per_cny, (bill - ref_bill) / 100.0));
    }
}

}  // namespace offersim::sim
