#include "engine/sim/customer_store.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::sim {

CustomerStore::CustomerStore(const SimulationPlan& plan) {
    std::int64_t offset = 0;
    for (int s = 0; s < static_cast<int>(plan.segments.size()); ++s) {
        const auto& seg = plan.segments[static_cast<std::size_t>(s)];
        for (int m = 0; m <= plan.horizon_months; ++m) {
            const std::int64_t n = m == 0 ? seg.initial_size : seg.gross_adds[static_cast<std::size_t>(m - 1)];
            if (n == 0) continue;
            const int c = static_cast<int>(cohorts_.size());
            cohorts_.push_back(Cohort{s, m, offset, offset + n});
            for (std::int64_t b = offset; b < offset + n; b += kShardCustomers)
                shards_.push_back(Shard{c, b, std::min(b + kShardCustomers, offset + n)});
            offset += n;
        }
    }
    const auto n = static_cast<std::size_t>(offset);
    tier.assign(n, 0);
    alive.assign(n, 0);
    offer.assign(n, 0);
    offer_month.assign(n, 0);
    contract_end.assign(n, 0);
    tenure_months.assign(n, 0);
    voice_propensity.assign(n, 0.0f);
    data_propensity.assign(n, 0.0f);
    sms_propensity.assign(n, 0.0f);
}

void CustomerStore::create_customers(const SimulationPlan& plan, const Shard& shard, PhiloxKey replication_key) {
    const Cohort& c = cohorts_[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(c.segment)];
    const PhiloxKey key = segment_key(replication_key, seg.stream_key);
    const auto& mix = c.join_month == 0 ? seg.tier_cumulative : seg.new_tier_cumulative;
    constexpr int atom_shift = 32 - 12;  // 4096 atoms
    static_assert(kPropensityAtoms == 1 << 12);
    for (std::int64_t i = shard.begin; i < shard.end; ++i) {
        const std::int64_t k = i - c.begin;
        const PhiloxCounter r = philox4x32(customer_counter(k, c.join_month, 0xFFFF, Stream::creation), key);
        const auto at = [](const std::vector<float>& atoms, std::uint32_t bits) { return atoms[bits >> atom_shift]; };
        const auto u = static_cast<std::size_t>(i);
        // The voice propensity's quantile also picks the tier, in fee order (comonotone).
        const int rank = pick_category(mix, to_unit_open(r.c1));
        tier[u] = static_cast<std::uint8_t>(plan.tiers.by_fee[static_cast<std::size_t>(rank)]);
        alive[u] = 1;
        tenure_months[u] = c.join_month == 0
                               ? static_cast<std::uint16_t>(std::min(60000.0f, std::nearbyint(at(seg.tenure_atoms, r.c0))))
                               : 0;
        offer[u] = 0;
        offer_month[u] = 0;
        contract_end[u] = 0;
        if (c.join_month == 0 && seg.contract_share > 0.0) {
            // Part of the base is under an earlier contract with 1..max months left.
            const PhiloxCounter k2 = philox4x32(customer_counter(k, 0, 0xFFFF, Stream::creation_contract), key);
            if (to_unit_open(k2.c0) < seg.contract_share)
                contract_end[u] = static_cast<std::uint16_t>(1 + k2.c1 % static_cast<std::uint32_t>(seg.contract_remaining_max));
        }
        voice_propensity[u] = at(seg.voice_atoms, r.c1);
        data_propensity[u] = at(seg.data_atoms, r.c2);
        sms_propensity[u] = at(seg.sms_atoms, r.c3);
    }
}

}  // namespace offersim::sim
