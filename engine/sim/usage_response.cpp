#include "engine/sim/usage_response.hpp"

#include "engine/sim/usage_rating.hpp"
#include "models/rating.hpp"
#include "models/usage_response.hpp"

namespace offersim::sim {

UnitPrices unit_prices(const SimulationPlan& plan, const SegmentPlan& seg, int tier, int offer, float voice,
                       float data, float sms, double off_peak) {
    const auto t = static_cast<std::size_t>(tier);
    const auto o = static_cast<std::size_t>(offer);
    const TierTable& tiers = plan.tiers;
    const double bundle_fee = seg.offers.bundle_fee_fen[o];
    const double fee = bundle_fee >= 0.0 ? bundle_fee - seg.offers.components_revenue_fen[o] : seg.fee_fen[t];
    const double minutes = models::billable_units(voice);
    const double mb = models::billable_units(data);
    const double messages = models::billable_units(sms);
    UnitPrices p;
    p.flat_voice = tiers.included_voice_min[t] >= kUnlimited;
    p.flat_data = tiers.included_data_mb[t] >= kUnlimited;
    p.flat_sms = tiers.included_sms[t] >= kUnlimited;
    // The allowances' worth at the tier's own rates, which shares the fee among the services.
    const double worth_voice =
        (p.flat_voice ? minutes : tiers.included_voice_min[t]) * tiers.voice_on_net_centifen[t];
    const double worth_data = (p.flat_data ? mb : tiers.included_data_mb[t]) * tiers.data_centifen[t];
    const double worth_sms = (p.flat_sms ? messages : tiers.included_sms[t]) * tiers.sms_centifen[t];
    const double worth = worth_voice + worth_data + worth_sms;
    const auto fee_share = [&](double w) { return worth > 0.0 ? fee * w / worth : fee / 3.0; };
    const TierRates rates = TierRates::of(tiers, seg);
    const UsageFen over = rate_usage_drawn(seg.splits_voice, rates, tier, voice, data, sms, off_peak);
    const auto per_unit = [](double fen, double units) { return units > 0.0 ? fen / units : 0.0; };
    p.voice = per_unit(fee_share(worth_voice) + over.voice + over.intra_group, minutes);
    p.data = per_unit(fee_share(worth_data) + over.data, mb);
    p.sms = per_unit(fee_share(worth_sms) + over.sms, messages);
    const double peak = tiers.voice_on_net_centifen[t];
    p.off_peak_relative = peak > 0.0 && !p.flat_voice ? tiers.voice_on_net_off_peak_centifen[t] / peak : 1.0;
    return p;
}

double usage_scale(double price, bool flat, double price_ref, bool flat_ref, double elasticity,
                   double flat_rate_uplift) {
    if (flat != flat_ref) return flat ? 1.0 + flat_rate_uplift : 1.0 / (1.0 + flat_rate_uplift);
    if (flat) return 1.0;
    return models::usage_factor(price, price_ref, elasticity);
}

void update_usage(const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                  const SegmentPlan& seg) {
    const SimulationPlan& reference = *plan.reference;
    const SegmentPlan& ref_seg = reference.segments[static_cast<std::size_t>(seg.price.reference_segment)];
    const UsagePlan& usage = seg.usage;
    const double stated_off_peak = seg.off_peak_share;  // at the reference prices
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const auto u = static_cast<std::size_t>(i);
        if (!store.alive[u]) continue;
        const int offer = store.offer[u];
        const std::uint32_t key = store.tier[u] | static_cast<std::uint32_t>(offer) << 8 | 1u << 16;
        if (store.usage_key[u] == key) continue;
        store.usage_key[u] = key;
        const float v = store.voice_propensity[u];
        const float d = store.data_propensity[u];
        const float s = store.sms_propensity[u];
        const int ref_offer = seg.price.reference_offer[static_cast<std::size_t>(offer)];
        const UnitPrices ref =
            unit_prices(reference, ref_seg, store.reference_tier[u], ref_offer, v, d, s, stated_off_peak);
        // The off-peak share first: the voice price is then rated at the customer's own.
        const UnitPrices first = unit_prices(plan, seg, store.tier[u], offer, v, d, s, stated_off_peak);
        const double off_peak = models::off_peak_share(stated_off_peak, first.off_peak_relative,
                                                       ref.off_peak_relative, usage.off_peak_elasticity);
        const bool shifted = off_peak != stated_off_peak;
        const UnitPrices now =
            shifted ? unit_prices(plan, seg, store.tier[u], offer, v, d, s, off_peak) : first;
        store.off_peak_share[u] = shifted ? static_cast<float>(off_peak) : -1.0f;
        store.voice_scale[u] =
            static_cast<float>(usage_scale(now.voice, now.flat_voice, ref.voice, ref.flat_voice,
                                           usage.voice_elasticity, usage.flat_rate_uplift));
        store.data_scale[u] = static_cast<float>(usage_scale(now.data, now.flat_data, ref.data, ref.flat_data,
                                                             usage.data_elasticity, usage.flat_rate_uplift));
        store.sms_scale[u] = static_cast<float>(usage_scale(now.sms, now.flat_sms, ref.sms, ref.flat_sms,
                                                            usage.sms_elasticity, usage.flat_rate_uplift));
    }
}

}  // namespace offersim::sim
