#include "engine/sim/monthly_step.hpp"

#include "engine/sim/behaviour.hpp"
#include "engine/sim/bill_loop.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/marked_places.hpp"
#include "engine/sim/price_response.hpp"
#include "engine/sim/usage_response.hpp"

#include <algorithm>
#include <span>

namespace offersim::sim {

using detail::Scratch;
using detail::Terms;

namespace {

// The first word of each customer's take-up draw for offer k (0-based) in `month`, for every
// customer of `shard` in order: a pass with no branch, which vectorises; who may take the
// offer is decided after. `places` holds what keys each customer's draws (draw_place).
void take_up_draws(const Cohort& cohort, const std::int64_t* places, std::int64_t n, int month, int k,
                   PhiloxKey key, std::uint32_t* out) {
    const auto stream =
        static_cast<Stream>(static_cast<std::uint32_t>(Stream::take_up) + static_cast<std::uint32_t>(k));
    const int join_month = cohort.join_month;
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) {
        const PhiloxCounter r = philox4x32(customer_counter(places[j], join_month, month, stream), key);
        out[j] = r.c0;
    }
}

// Offers taken at the start of the month: existing customers in an offer's launch month,
// new customers in their joining month while the offer runs. One draw per customer and
// offer from the offer's own stream.
void take_up(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, const Cohort& cohort,
             int month, PhiloxKey key, ShardMonth& out) {
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    thread_local std::vector<std::int64_t> places(kShardCustomers);
    thread_local std::vector<std::uint32_t> draws(kShardCustomers);
    const std::int64_t n = shard.end - shard.begin;
    bool placed = false;
    for (int k = 0; k < static_cast<int>(plan.offers.size()); ++k) {
        const OfferPlan& offer = plan.offers[static_cast<std::size_t>(k)];
        if (!offer.open_to_segment[static_cast<std::size_t>(cohort.segment)]) continue;
        const bool joins_now = cohort.join_month == month;
        const bool in_window = month >= offer.launch_month && month <= offer.end_month;
        const double share = joins_now ? (in_window ? offer.new_share : 0.0)
                                       : (month == offer.launch_month ? offer.existing_share : 0.0);
        if (share <= 0.0) continue;
        if (!placed) {
            fill_draw_places(store.draw_keys(seg, cohort), shard.begin - cohort.begin, n, places.data());
            placed = true;
        }
        take_up_draws(cohort, places.data(), n, month, k, key, draws.data());
        const auto held = static_cast<std::uint8_t>(offer.requires_offer);
        for (std::int64_t j = 0; j < n; ++j) {
            const auto u = static_cast<std::size_t>(shard.begin + j);
            if (!store.alive[u] || store.offer[u] != held) continue;
            if (to_unit_open(draws[static_cast<std::size_t>(j)]) < share)
                take_offer(plan, seg, store, u, k, month, joins_now, out);
        }
    }
}

}  // namespace

// Most customers hold no offer: a branch-free pass marks the holders, where a branch per
// customer mispredicted (10% of all_offers' time), and the marks are listed 64 at a time.
std::span<const std::int32_t> active_offer_holders(const CustomerStore& store, const Shard& shard,
                                                   const double* leaves) {
    thread_local std::vector<std::int32_t> holders(kShardCustomers);
    thread_local std::vector<std::uint8_t> holder_marks(kShardCustomers, 0);
    const std::uint8_t* const offer = store.offer.data() + shard.begin;
    const std::uint8_t* const alive = store.alive.data() + shard.begin;
    std::uint8_t* const marks = holder_marks.data();
    const std::int64_t n = shard.end - shard.begin;
    for (std::int64_t j = 0; j < n; ++j)
        marks[j] = static_cast<std::uint8_t>((offer[j] != 0) & ((alive[j] != 0) | (leaves[j] > 0.0)));
    std::fill(marks + n, marks + marks_rounded_up(n), std::uint8_t{0});
    return {holders.data(), list_marked(marks, n, std::int32_t{0}, holders.data())};
}

void take_offer(const SimulationPlan& plan, const SegmentPlan& seg, CustomerStore& store, std::size_t u,
                int k, int month, bool joins_now, ShardMonth& out) {
    const OfferPlan& offer = plan.offers[static_cast<std::size_t>(k)];
    store.offer[u] = static_cast<std::uint8_t>(k + 1);
    store.offer_month[u] = static_cast<std::uint16_t>(month);
    if (offer.tier >= 0) store.move_to_tier(seg, u, offer.tier);
    if (offer.contract_months > 0)
        store.contract_end[u] = static_cast<std::uint16_t>(month + offer.contract_months - 1);
    out.offer(k, ShardMonth::take_ups) += 1.0;
    if (joins_now) out.offer(k, ShardMonth::new_take_ups) += 1.0;
}

namespace {

// Offer holders' accounts, from the per-customer results of the month, added in customer order.
void account_offers(const CustomerStore& store, const Shard& shard, int offers, int horizon, Scratch& scratch,
                    ShardMonth& out) {
    const std::size_t cells = static_cast<std::size_t>(offers) * static_cast<std::size_t>(horizon);
    if (scratch.cohort_sum.size() < cells) {
        scratch.cohort_sum.resize(cells, 0.0);
        scratch.cohort_seen.resize(cells, 0);
    }
    for (const std::int32_t offset : active_offer_holders(store, shard, scratch.leaves.data())) {
        const auto u = static_cast<std::size_t>(shard.begin + offset);
        const auto j = static_cast<std::size_t>(offset);
        const int k = store.offer[u] - 1;
        out.offer(k, ShardMonth::holders) += 1.0;
        out.offer(k, ShardMonth::churners) += scratch.leaves[j];
        out.offer(k, ShardMonth::revenue) += scratch.revenue[j];
        out.offer(k, ShardMonth::cost) += scratch.cost[j];
        const std::size_t cell =
            static_cast<std::size_t>(k) * static_cast<std::size_t>(horizon) + store.offer_month[u] - 1;
        if (!scratch.cohort_seen[cell]) {
            scratch.cohort_seen[cell] = 1;
            scratch.cohort_touched.push_back(static_cast<std::uint32_t>(cell));
        }
        scratch.cohort_sum[cell] += scratch.revenue[j] - scratch.cost[j];
    }
    for (const std::uint32_t cell : scratch.cohort_touched) {
        out.cohort_margin.push_back({cell, scratch.cohort_sum[cell]});
        scratch.cohort_sum[cell] = 0.0;
        scratch.cohort_seen[cell] = 0;
    }
    scratch.cohort_touched.clear();
}

// Active customers by tier at the month's end: one vectorised pass per tier over two
// bytes a customer, cheaper than a scattered count when tiers are few.
void count_by_tier(const CustomerStore& store, const Shard& shard, std::vector<double>& counts) {
    const std::uint8_t* const tier = store.tier.data() + shard.begin;
    const std::uint8_t* const alive = store.alive.data() + shard.begin;
    const std::int64_t n = shard.end - shard.begin;
    for (std::size_t k = 0; k < counts.size(); ++k) {
        const auto wanted = static_cast<std::uint8_t>(k);
        std::int32_t count = 0;
#pragma omp simd reduction(+ : count)
        for (std::int64_t j = 0; j < n; ++j) count += (tier[j] == wanted) & alive[j];
        counts[k] += count;
    }
}

}  // namespace

void ShardMonth::reset(const SimulationPlan& plan) {
    lines.fill(0.0);
    active_by_tier.assign(plan.tiers.size(), 0.0);
    offers.assign(plan.offers.size() * line_count, 0.0);
    cohort_margin.clear();
    migrations.assign(plan.behaviour.enabled ? plan.tiers.size() * plan.tiers.size() : 0, 0.0);
    member_bills_fen = 0.0;
    unified_bills_fen = 0.0;
}

void step_shard(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, int month,
                PhiloxKey replication_key, ShardMonth& out, double* revenue, double* cost) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const PhiloxKey key = segment_key(replication_key, seg.stream_key);
    thread_local Scratch scratch;
    // The per-customer views read each customer's cost, which only the offers' path computes
    // (with no offer, index 0, it bills as the others do); so does the group-member path.
    const bool members = plan.group_members && plan.group_members->member_path(cohort.segment);
    const Terms terms = plan.has_offers() || cost != nullptr || members ? Terms::offers
                        : seg.contract_share > 0.0                      ? Terms::contracts
                                                                        : Terms::none;
    if (plan.has_offers()) take_up(plan, store, shard, cohort, month, key, out);
    const bool behave = plan.behaviour.enabled;
    thread_local std::vector<ChoiceEvent> events;
    events.clear();
    if (behave) {
        scratch.retention_multiplier.assign(1, 1.0f);
        for (const auto& c : plan.behaviour.campaigns)
            scratch.retention_multiplier.push_back(c.hazard_multiplier);
        choose_plans(plan, store, shard, cohort, month, key, out, events);
    }
    const bool priced = seg.price.leaving_answers();
    if (priced) update_leave_odds(plan, store, shard, seg, month, events);
    const bool usage = seg.usage.enabled;
    if (usage) update_usage(plan, store, shard, seg);
    // The month's loop for this shard's path: what its customers can hold, and each flag.
    const detail::BillPath path{.rating = detail::rating_of(seg.splits_voice, plan.tiers.all_half_up),
                                .behave = behave,
                                .own_churn = seg.own_churn(),
                                .priced = priced,
                                .usage = usage};
    switch (terms) {
        case Terms::offers:
            if (members) {
                detail::bill_group_members(path, plan, store, shard, cohort, month, key, out, scratch);
                break;
            }
            detail::bill_with_offers(path, plan, store, shard, cohort, month, key, out, scratch);
            break;
        case Terms::contracts:
            detail::bill_with_contracts(path, plan, store, shard, cohort, month, key, out, scratch);
            break;
        case Terms::none:
            detail::bill_plain(path, plan, store, shard, cohort, month, key, out, scratch);
            break;
    }
    if (revenue) std::copy_n(scratch.revenue.begin(), shard.end - shard.begin, revenue);
    if (cost) std::copy_n(scratch.cost.begin(), shard.end - shard.begin, cost);
    if (plan.has_offers())
        account_offers(store, shard, static_cast<int>(plan.offers.size()), plan.horizon_months, scratch, out);
    if (behave) grade_vip(plan, store, shard, cohort, month, out);
    count_by_tier(store, shard, out.active_by_tier);
}

}  // namespace offersim::sim
