#pragma once
// Every customer a run can hold, as structure-of-arrays: 21 bytes per customer, 25 when a
// segment's customers carry their own churn probability (sbg). Customers are laid out segment by segment and,
// within a segment, cohort by cohort (the initial base, then each month's gross adds), so a shard of
// consecutive customers shares one segment and one cohort and a customer's random stream is keyed by its
// place in its cohort, or for an extract's customer by its keyed id hash (draw_place).
#include "engine/core/philox.hpp"
#include "engine/core/untouched_allocator.hpp"
#include "engine/sim/plan.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace offersim::sim {

// One value per customer (or per customer and slot). Its pages become resident only where
// written: a store built for part of its shards touches only theirs (CustomerStore).
template <typename T>
using Column = std::vector<T, UntouchedAllocator<T>>;

// Customers of one segment who joined in one month (0: the initial base).
struct Cohort {
    int segment = 0;
    int join_month = 0;  // 0 for the initial base, else 1..horizon
    std::int64_t begin = 0;
    std::int64_t end = 0;
};

// A slice of one cohort, the unit of parallel work.
struct Shard {
    int cohort = 0;
    std::int64_t begin = 0;
    std::int64_t end = 0;
};

inline constexpr std::int64_t kShardCustomers = 8192;

// Random streams of a customer: monthly draws, and the draws that create it.
enum class Stream : std::uint32_t {
    monthly = 0,
    creation = 1,
    creation_contract = 2,
    plan_choice = 3,
    retention = 4,
    churn_propensity = 5,
    group_follow = 6,     // whether a member follows its group's switch (docs/models.md §28)
    unified_payment = 7,  // whether its group pays a member's bill (docs/models.md §28.1)
    take_up = 16
};
// Offer k's take-up draws use stream take_up + k, so adding an offer leaves others' draws alone.

inline PhiloxCounter customer_counter(std::int64_t index_in_cohort, int join_month, int month,
                                      Stream stream) {
    return PhiloxCounter{static_cast<std::uint32_t>(index_in_cohort),
                         (static_cast<std::uint32_t>(join_month) << 16) | static_cast<std::uint32_t>(month),
                         static_cast<std::uint32_t>(stream),
                         static_cast<std::uint32_t>(index_in_cohort >> 32)};
}

// The rows of a cohort's customers where they are an operator's extract (its segment's
// initial base, docs/models.md §33), in store order; null for a drawn cohort. Taken once per
// shard, so that a drawn cohort's loop tests one pointer, not its customers.
inline const data::ExtractCustomer* extract_rows(const SegmentPlan& seg, int join_month) {
    const std::vector<data::ExtractCustomer>* rows = join_month == 0 ? seg.extract_customers() : nullptr;
    return rows ? rows->data() : nullptr;
}

// What keys the draws of the customer at `index_in_cohort` (customer_counter's first
// argument): an extract's customer's keyed id hash, so that its draws do not depend on the
// other rows; a drawn customer's place in its cohort.
inline std::int64_t draw_place(const data::ExtractCustomer* rows, std::int64_t index_in_cohort) {
    return rows ? static_cast<std::int64_t>(rows[index_in_cohort].key) : index_in_cohort;
}

// Shards first .. first + count - 1 of a store's layout: in a job of several ranks, the
// customers one rank steps (engine/sim/rank_split.hpp).
struct ShardRange {
    std::size_t first = 0;
    std::size_t count = 0;
};

// The customers of `range`'s shards, consecutive in the store: [first, last), empty for none.
struct CustomerSpan {
    std::int64_t first = 0;
    std::int64_t last = 0;
};
inline CustomerSpan customers_of(const std::vector<Shard>& shards, ShardRange range) {
    if (range.count == 0) return {};
    return {shards[range.first].begin, shards[range.first + range.count - 1].end};
}

// What keys the draws of a cohort's customers: an extract's rows (§33), a group joiners'
// cohort's blocks (§28.2), a won-back cohort's pool customers (§27), or none of them (drawn:
// the place in the cohort).
struct CohortDrawKeys {
    const data::ExtractCustomer* rows = nullptr;
    const JoinerCohortKeys* joiners = nullptr;
    const std::int64_t* places = nullptr;  // by place in the cohort
    bool by_place() const { return rows == nullptr && joiners == nullptr && places == nullptr; }
};

inline CohortDrawKeys cohort_draw_keys(const SegmentPlan& seg, int join_month) {
    return CohortDrawKeys{extract_rows(seg, join_month), seg.joiner_cohort_keys(join_month)};
}

inline std::int64_t draw_place(const CohortDrawKeys& keys, std::int64_t index_in_cohort) {
    if (keys.places) return keys.places[index_in_cohort];
    if (keys.joiners) return joiner_draw_place(*keys.joiners, index_in_cohort);
    return draw_place(keys.rows, index_in_cohort);
}

// The places of the n customers from `first` (in the cohort) on, into `out`.
inline void fill_draw_places(const CohortDrawKeys& keys, std::int64_t first, std::int64_t n,
                             std::int64_t* out) {
    if (keys.places) {
        std::copy_n(keys.places + first, n, out);
        return;
    }
    if (keys.joiners) return fill_joiner_draw_places(*keys.joiners, first, n, out);
    for (std::int64_t j = 0; j < n; ++j) out[j] = draw_place(keys.rows, first + j);
}

// Where every customer lies: cohorts segment by segment, each cut into shards.
struct StoreLayout {
    std::vector<Cohort> cohorts;
    std::vector<Shard> shards;
};

class CustomerStore {
public:
    // With `touched`, a store of which only those shards' customers are ever created, stepped
    // or read: every column spans the whole layout, but only their pages are written, so only
    // theirs become resident (a rank's share of a run, engine/sim/rank_split.hpp).
    explicit CustomerStore(const SimulationPlan& plan, std::optional<ShardRange> touched = std::nullopt);

    // The cohorts and shards a store of `plan` has, without its customers.
    static StoreLayout layout(const SimulationPlan& plan);

    // What keys the draws of `cohort`'s customers (of segment `seg`) this replication.
    CohortDrawKeys draw_keys(const SegmentPlan& seg, const Cohort& cohort) const {
        CohortDrawKeys keys = cohort_draw_keys(seg, cohort.join_month);
        if (seg.won_back()) keys.places = won_back_place.data() + cohort.begin;
        return keys;
    }

    // Draws the customers of `shard` for one replication, as they are when they join:
    // tier, tenure, usage propensities and, in an sbg segment, their own churn probability.
    void create_customers(const SimulationPlan& plan, const Shard& shard, PhiloxKey replication_key);

    // Empties the slots of `shard` for one replication: nobody alive, no tier, offer, tenure,
    // usage or behaviour state. Won-back cohorts (engine/sim/win_back.hpp) fill them then.
    void clear_customers(const SimulationPlan& plan, const Shard& shard);

    const std::vector<Cohort>& cohorts() const { return cohorts_; }
    const std::vector<Shard>& shards() const { return shards_; }
    std::int64_t size() const { return static_cast<std::int64_t>(tier.size()); }
    // The state every customer has: tier, alive, offer; offer month, contract end, tenure;
    // three usage propensities.
    static constexpr std::size_t kCoreBytesPerCustomer =
        sizeof(std::uint8_t) * 3 + sizeof(std::uint16_t) * 3 + sizeof(float) * 3;
    // What a customer of `plan` holds on average: the core, its own churn probability when
    // any segment has one (a float for every customer, as the store is one array), the
    // behaviours' and the other responses' state, and the VIP window of the graded
    // customers spread over the whole base, rounded up to a byte.
    static std::size_t bytes_per_customer(const SimulationPlan& plan);
    // The bytes per customer of each column that spans every customer: with the VIP window's
    // (vip_window_bytes for each of vip_window_customers) they add up to the store.
    static std::vector<std::size_t> column_widths(const SimulationPlan& plan);
    // The state behaviours add for every customer (docs/models.md), without the VIP window: 0
    // when the plan uses none of them.
    static std::size_t behaviour_bytes_per_customer(const SimulationPlan& plan);
    // Whether VIP grading grades the customers of `seg`, who then hold a window of bills.
    static bool holds_vip_window(const SimulationPlan& plan, const SegmentPlan& seg);
    // How many customers of `plan` hold a VIP window, and its bytes for each: a float bill for
    // each month of the window (0 without VIP grading).
    static std::int64_t vip_window_customers(const SimulationPlan& plan);
    static std::size_t vip_window_bytes(const SimulationPlan& plan);
    // The state price response adds: the reference tier (1 byte, when leaving or usage answers
    // prices) and the cached odds with their key (8 more, when leaving answers); 0 when no
    // segment answers.
    static std::size_t price_bytes_per_customer(const SimulationPlan& plan);
    // The state usage response adds: three usage scales, the off-peak share and their key,
    // 20 bytes; 0 when no segment's usage answers prices.
    static std::size_t usage_bytes_per_customer(const SimulationPlan& plan);
    // The state group members in the store add: the group index (2 bytes) and the key-person
    // flag (1), 3 bytes; 0 when no group class takes its members from a segment (§28).
    static std::size_t group_bytes_per_customer(const SimulationPlan& plan);

    // Moves customer `u` of segment `seg` to `tier` (a choice or an offer). Where the
    // reference has the same tier, their reference follows: they would have moved there too.
    void move_to_tier(const SegmentPlan& seg, std::size_t u, int tier);

    // The VIP window's month slot `slot` for the customers of `shard`, from its first; null where
    // its segment is not graded. Only graded customers hold one: a mass market graded by no
    // one needs none, and the window is most of a graded customer's bytes.
    float* vip_window(const Shard& shard, int slot) {
        const std::int64_t at = window_place(shard, slot);
        return at < 0 ? nullptr : spend.data() + at;
    }
    const float* vip_window(const Shard& shard, int slot) const {
        const std::int64_t at = window_place(shard, slot);
        return at < 0 ? nullptr : spend.data() + at;
    }

    Column<std::uint8_t> tier;
    Column<std::uint8_t> alive;
    Column<std::uint8_t> offer;           // 0: none, k: the plan's offer k - 1
    Column<std::uint16_t> offer_month;    // month the offer was taken
    Column<std::uint16_t> contract_end;   // last month under contract; 0: none
    Column<std::uint16_t> tenure_months;  // completed months at the start of the month
    Column<float> voice_propensity;       // mean monthly minutes
    Column<float> data_propensity;        // mean monthly MB
    Column<float> sms_propensity;         // mean monthly messages
    // Own monthly churn probability theta of an sbg segment's customer (docs/models.md,
    // section 4); allocated only when the plan has such a segment.
    Column<float> churn_theta;

    // Behaviour state, allocated only when the plan uses behaviours.
    Column<std::uint8_t> rechoose;         // re-chooses its plan at the start of next month
    Column<std::uint8_t> vip_level;        // 0: none, k: level k - 1
    Column<std::uint16_t> warning_until;   // last month of a downgrade warning; 0: none
    Column<std::uint16_t> retained_until;  // last month of an accepted retention offer
    Column<std::uint8_t> retained_by;      // 0: none, k: campaign k - 1
    Column<float> spend;  // VIP window: [month slot][graded customer] bills in fen (vip_window)

    // Price response, allocated only when a segment answers prices: the customer's tier at
    // the reference prices (an index into SimulationPlan::reference's tiers), and the odds
    // of leaving for what it holds, with the key of what they were computed for (tier,
    // offer, whether a contract runs; 0: not yet), so a month recomputes only what changed.
    Column<std::uint8_t> reference_tier;
    Column<float> price_odds;
    Column<std::uint32_t> price_odds_key;

    // Usage response, allocated only when a segment's usage answers prices: the factors on
    // the stated propensities and the customer's off-peak share of minutes for the tier and
    // offer it holds, with their key (tier, offer; 0: not yet), so a month recomputes only
    // what changed (docs/models.md, "Usage response").
    Column<float> voice_scale;
    Column<float> data_scale;
    Column<float> sms_scale;
    Column<float> off_peak_share;
    Column<std::uint32_t> usage_key;

    // Group members in the store (docs/models.md §28), allocated only when a group class
    // takes its members from a segment: the customer's group (0: none, g: in-store group
    // g - 1; 16 bits, as the loader allows at most 65535 such groups) and a byte of flags:
    // kKeyPersonBit, one of its group's key persons; kUnifiedPaymentBit, its group pays its
    // bill (§28.1). Set each replication by GroupsInStore.
    Column<std::uint16_t> group_index;
    Column<std::uint8_t> member_flags;
    // A won-back slot's pool customer (docs/models.md §27), which keys its draws in place of
    // its slot: set when the slot's cohort joins (join_won_back). Spans the store but is
    // written only at won-back slots, so only their pages are resident (8 bytes a slot).
    Column<std::int64_t> won_back_place;
    static constexpr std::uint8_t kKeyPersonBit = 1;
    static constexpr std::uint8_t kUnifiedPaymentBit = 2;
    // By group index (0 bytes a customer): the cut on each member's bill of the month in fen
    // when its group matches a rival's quote, and the odds ratio of leaving it gives, exp(-beta
    // x cut) for its segment's price response (1 at index 0 and with no match; §29.1). Set
    // before each month by GroupsInStore::begin_month.
    std::vector<double> group_bill_cut_fen;
    std::vector<float> group_leave_odds;

private:
    void reset_behaviour(const SimulationPlan& plan, const Shard& shard);
    // The initial base of an extract's segment: customers first .. first + n - 1 of the
    // extract into slots begin ..; their tier, tenure and usage are the rows', not draws.
    void fill_from_extract(const std::vector<data::ExtractCustomer>& extract, std::int64_t begin,
                           std::int64_t first, std::int64_t n);

    // Where vip_window's slot `slot` for `shard` starts in `spend`; -1 where it holds none.
    std::int64_t window_place(const Shard& shard, int slot) const {
        if (window_first_.empty()) return -1;
        const auto c = static_cast<std::size_t>(shard.cohort);
        const std::int64_t first = window_first_[c];
        return first < 0 ? -1 : slot * window_customers_ + first + (shard.begin - cohorts_[c].begin);
    }

    std::vector<Cohort> cohorts_;
    std::vector<Shard> shards_;
    // By cohort: where its customers start in each slot of the VIP window, -1 where its
    // segment is not graded; and how many customers a slot holds.
    std::vector<std::int64_t> window_first_;
    std::int64_t window_customers_ = 0;
};

// The key of one segment's streams within a replication.
inline PhiloxKey segment_key(PhiloxKey replication, std::uint32_t segment_stream) {
    return PhiloxKey{replication.k0 ^ segment_stream, replication.k1};
}

}  // namespace offersim::sim
