#pragma once
// For the tests that fill a shard's columns by hand: a store creates its customers only as a
// run steps them, so each column the test writes is first sized to cover the shard. And the
// store's columns, for the tests of its bytes.
#include "engine/sim/customer_store.hpp"

#include <algorithm>
#include <cstddef>

namespace offersim::sim::test {

template <class... Columns>
void cover_shard(const Shard& shard, Columns&... columns) {
    const auto end = static_cast<std::size_t>(shard.end);
    (columns.resize(std::max(columns.size(), end)), ...);
}

// Calls f(column) for every column of `store` that may be allocated, but the won-back slots'
// pool places (won_back_place), which the memory estimate counts apart.
template <class F>
void for_each_column(const CustomerStore& store, F&& f) {
    const auto each = [&](const auto&... columns) { (f(columns), ...); };
    each(store.tier, store.alive, store.offer, store.offer_month, store.contract_end, store.tenure_months,
         store.voice_propensity, store.data_propensity, store.sms_propensity, store.churn_theta,
         store.rechoose, store.vip_level, store.warning_until, store.retained_until, store.retained_by,
         store.spend, store.reference_tier, store.price_odds, store.price_odds_key, store.voice_scale,
         store.data_scale, store.sms_scale, store.off_peak_share, store.usage_key, store.group_index,
         store.member_flags);
}

}  // namespace offersim::sim::test
