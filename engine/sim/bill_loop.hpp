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
#include "models/rating.hpp"

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
// lock-in and contract-end terms, the VIP levels' and retention campaigns' factors;
// and the offer terms folded by offer and state (hazard_by_offer_state and the next two).
struct WideTables {
    std::vector<double> noise, hazard, offer_hazard, offer_fee, offer_floor, level, retention;
};

// What a customer who leaves in the month owes on leaving: the early-termination fee of the
// offer `o` held (fixed, or the subsidy not yet amortised, while in contract), and the part
// of it written off as bad debt, drawn from the 22 bits of the month's c1 the usage draw does
// not use. Charged after the month's loop to the few who left (about 2% a month), so that the
// loop gathers none of its four terms and divides for no one: each charge is a whole number of
// fen, as is every amount the loop adds, so its lines are the same sums in any order.
struct LeaverCharge {
    double termination_fee = 0.0;
    double written_off = 0.0;
};
inline LeaverCharge charge_leaver(const OfferTerms& terms, int o, double contract_end, int month,
                                  std::uint32_t c1) {
    const auto k = static_cast<std::size_t>(o);
    const double m = month;
    const double in_contract = m <= contract_end ? 1.0 : 0.0;
    const double fee =
        in_contract *
        (terms.etf_fixed_fen[k] +
         models::round_half_up(terms.etf_subsidy_fen[k] * (contract_end - m) / terms.contract_months[k]));
    const float u_debt = static_cast<float>(c1 & 0x3FFFFFu) * (1.0f / 4194304.0f);
    return {fee, fee * static_cast<double>(u_debt < terms.bad_debt_probability[k])};
}

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
