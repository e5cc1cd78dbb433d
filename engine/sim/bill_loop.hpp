#pragma once
// The month's bill-and-churn loop of one shard (engine/sim/monthly_step.cpp calls it),
// compiled once for each path a shard can take: what its customers can hold, its rating and
// four flags. The 112 paths are split over four translation units by what customers can
// hold and, for offers, the rating (bill_loop_*.cpp), so that they build in parallel and a
// change rebuilds what it touches; a fifth (bill_loop_groups.cpp) holds the 32 offers' paths
// of a segment whose group members may be under unified payment (docs/models.md §28.1).
#include "engine/core/philox.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"

#include <cstdint>
#include <vector>

namespace offersim::sim::detail {

// What a shard's customers can hold beyond their tier, from the cheapest path to the fullest.
enum class Terms { none, contracts, offers };

// How the month's loop rates usage, from the cheapest to the fullest.
enum class Rating {
    plain,          // every second on-net at peak, every line rounded half up
    split_half_up,  // voice split into V-net, off-net and off-peak, every line rounded half up
    full,           // voice split, each line rounded by its tier's rule
};

constexpr bool splits_voice(Rating rating) {
    return rating != Rating::plain;
}
constexpr bool rounds_half_up(Rating rating) {
    return rating != Rating::full;
}

// The cheapest rating that gives a segment's bills: whether it splits voice, and whether
// every line of every tier rounds half up (TierTable::all_half_up).
constexpr Rating rating_of(bool segment_splits_voice, bool all_half_up) {
    if (!all_half_up) return Rating::full;
    return segment_splits_voice ? Rating::split_half_up : Rating::plain;
}

// The flags that pick a shard's loop; each becomes a template argument of its own.
struct BillPath {
    Rating rating = Rating::plain;  // rating_of the segment and the tiers
    bool behave = false;            // behaviours add hazard factors and record bills
    bool own_churn = false;         // customers carry their own churn probability
    bool priced = false;            // leaving answers prices
    bool usage = false;             // usage answers prices
};

// The float tables the month's loop looks up by customer, widened to doubles per shard
// (bill_loop_impl.hpp, `widened`): the noise atoms, the hazard by tenure, the offers' hazard,
// lock-in, contract-end and bad-debt terms, the VIP levels' and retention campaigns' factors;
// and the offer terms folded by offer and state (hazard_by_offer_state and the next two).
struct WideTables {
    std::vector<double> noise, hazard, offer_hazard, offer_fee, offer_floor, bad_debt, level, retention;
};

// Per-customer results kept for the offer accounts; one set per thread, reused.
// 0, 1, ..., kShardCustomers - 1: the offsets of a shard's customers from its first, read by
// the month's loop where an extract's shard reads its keys (bill_and_churn).
inline const std::vector<std::int64_t>& shard_offsets() {
    static const std::vector<std::int64_t> offsets = [] {
        std::vector<std::int64_t> v(kShardCustomers);
        for (std::size_t j = 0; j < v.size(); ++j) v[j] = static_cast<std::int64_t>(j);
        return v;
    }();
    return offsets;
}

struct Scratch {
    std::vector<double> revenue = std::vector<double>(kShardCustomers);
    std::vector<double> cost = std::vector<double>(kShardCustomers);
    std::vector<double> leaves = std::vector<double>(kShardCustomers);
    std::vector<float> retention_multiplier;  // by retained_by: 1, then each campaign's factor
    std::vector<float> spend_sink = std::vector<float>(kShardCustomers);
    WideTables wide;
    // What each customer of the shard draws by (draw_place: its place, or an extract's keyed id
    // hash, docs/models.md §33), contiguous.
    std::vector<std::int64_t> draw_keys = std::vector<std::int64_t>(kShardCustomers);
    // Offer holders' margin by offer and take-up month (offer x horizon + month - 1), the
    // entries touched in first-touch order; all zero between shards.
    std::vector<double> cohort_sum;
    std::vector<std::uint8_t> cohort_seen;
    std::vector<std::uint32_t> cohort_touched;
};

// Bills every customer of `shard` for `month` and draws who leaves, on the path `path`
// names, for a shard whose customers can hold offers, only contracts, or neither.
void bill_with_offers(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                      const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                      Scratch& scratch);
// The same for a path whose rating is Rating::split_half_up (bill_loop_offers_half_up.cpp):
// the offers' paths of all_offers and of most segments that split voice. Only the offers'
// loop has this rating: the others rate such a shard fully, which gives the same bills.
void bill_with_offers_half_up(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                              const Shard& shard, const Cohort& cohort, int month, PhiloxKey key,
                              ShardMonth& out, Scratch& scratch);
void bill_with_contracts(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                         const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                         Scratch& scratch);
void bill_plain(const BillPath& path, const SimulationPlan& plan, CustomerStore& store, const Shard& shard,
                const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out, Scratch& scratch);
// The offers' loop for a shard of a segment whose group members may be under unified
// payment (docs/models.md §28.1): their hazard takes their group's factor. A path of its
// own, so that every other shard's loop reads nothing of groups.
void bill_group_members(const BillPath& path, const SimulationPlan& plan, CustomerStore& store,
                        const Shard& shard, const Cohort& cohort, int month, PhiloxKey key, ShardMonth& out,
                        Scratch& scratch);

}  // namespace offersim::sim::detail
