#pragma once
// Group members and key persons as customers in the store (docs/models.md §28): a group
// class with `members_from` takes its groups' on-net members from that segment's initial
// base; the group's purity follows their own churn, its switch probability falls with the
// share of them holding binding offers, and a whole-group switch churns those very customers
// with the reason "group switch". Every draw is keyed (the groups' by class, group and
// month; a member's follow draw by its place in its cohort and the month), so results do not
// depend on the thread count and variants share their random numbers.
#include "engine/core/philox.hpp"
#include "engine/scenario/group_joiners.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/groups.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/retention_ranking.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace offersim::sim {

// The groups section frozen for a run whose groups have members in the store.
struct GroupMembersPlan {
    scenario::GroupsSpec spec;
    std::vector<int> class_segment;     // per class: the segment its members come from; -1: none
    std::vector<std::uint8_t> binding;  // by a customer's offer value (0: none, k: offer k - 1): binds
    // Unified payment (§28.1): by a customer's group index (0: none, g: in-store group g - 1),
    // the factor on the monthly hazard of a member its group pays for (1 at index 0).
    std::vector<float> unified_hazard_factor;
    // Matching a rival's price (§29.1): by group index, the price response's beta (per fen) of
    // the segment its members come from, 0 where leaving does not answer prices.
    std::vector<double> match_beta_per_fen;
    // By segment: whether its shards take the month loop's group-member path
    // (engine/sim/bill_loop.hpp): its members may be under unified payment or have their bills
    // cut by a price match, or the unified-payment share needs their bills.
    std::vector<std::uint8_t> segment_member_path;
    bool member_path(int segment) const {
        return segment_member_path[static_cast<std::size_t>(segment)] != 0;
    }
    // Joiners (§28.2): the in-store groups and the slots they keep; by block, the plan segment
    // of its slots (the group joiners of its class's members_from) and its first slot's place
    // among that segment's slots (cohort by cohort, each cohort's blocks in layout order).
    scenario::JoinerLayout joiners;
    std::vector<int> block_segment;
    std::vector<std::int64_t> block_offset;
};

// The slots a joiner segment keeps, per block: one per (group, kind, month) block of
// members who may join (docs/models.md §28.2). Per slot the store's bytes of a customer of
// the plan, and 1 byte that says whether a joiner fills it this replication.
inline constexpr std::size_t kJoinerFillBytesPerSlot = 1;
// By group index (in-store groups + 1, index 0 for no group), the tables of §28.1 and §29.1:
// in the store the month's cut on the members' bills (fen) and the odds of leaving it gives
// (GroupsInStore::begin_month); in the plan the beta of the members' segment and the
// unified-payment hazard factor.
inline constexpr std::size_t kMatchTableBytesPerGroup = sizeof(double) + sizeof(float);
inline constexpr std::size_t kPlanGroupTableBytesPerGroup = sizeof(double) + sizeof(float);
// And per block: the block in the plan with its segment and offset, its place in the store
// and its index in its group's list (GroupsInStore), and its draws' key (JoinerKeyBlock).
inline constexpr std::size_t kJoinerBytesPerBlock =
    sizeof(scenario::JoinerBlock) + sizeof(int) + sizeof(std::int64_t) + 40 + sizeof(JoinerKeyBlock);

// Sets plan.group_members when a class of `sc.groups` takes its members from a segment.
void link_group_members(SimulationPlan& plan, const scenario::Scenario& sc);

// One replication's groups, stepped with the customer base, their members in `store`.
// Where the ranks of a job share the shards (docs/architecture.md, "Ranks"), every rank steps
// every group alike: each counts its own customers of each group (who is alive, holds a
// binding offer, would follow a switch), the ranks sum the counts, and each writes only its
// own customers (who follows, who joins).
class GroupsInStore final : public GroupMemberLink {
public:
    // `own`: the customers this process holds, which alone it reads and writes; all by default.
    GroupsInStore(const SimulationPlan& plan, CustomerStore& store,
                  std::optional<CustomerSpan> own = std::nullopt);

    // Before the first month's shards: every group set up and its on-net members taken from
    // its segment's initial base, in order (docs/models.md §28); key persons flagged.
    void start(PhiloxKey replication_key);
    // Before the shards of `month`: each group's cut on its members' bills and the odds of
    // leaving it gives, into the store's tables by group index (§29.1).
    void begin_month(int month);
    // After the shards of `month`, before step: the month's cut on members' bills, the members'
    // bills and those their group pays (fen, summed over the shards), for the group results.
    void add_member_bills(int month, double cut_fen, double member_bills_fen, double unified_bills_fen);
    // After the shards of `month`: the revenue of the joiners' shards (fen), for the group
    // results; their figures are in their source segment's row (§28.2).
    void add_joiners_revenue(int month, double revenue_fen);
    // After the shards of `month`: the groups' month (bids, switches, re-scores). Returns, by
    // segment, the members who followed a switch and left at the month's end. With `ranks`,
    // the ranks that share the shards sum their counts of the members before the groups step.
    const std::vector<double>& step(int month, const ShardShare* ranks = nullptr);
    // Of the month's followers, by offer (k: offer k), those who held the offer: they are
    // among its account's churners.
    const std::vector<double>& followers_by_offer() const { return followers_by_offer_; }
    // After the last month: the replication's group totals.
    GroupReplication finish();

    // A group's row of counts of its members (count_members, count_followers), in bytes.
    static std::size_t count_bytes_per_group(const SimulationPlan& plan) {
        return sizeof(std::int64_t) * (count_fields + plan.segments.size() + plan.offers.size());
    }

    Standing standing(std::size_t group) const override;
    void follow(std::size_t group, int month, double share) override;
    void join(std::size_t group, scenario::JoinKind kind, std::uint32_t item, int month,
              std::int64_t joiners) override;

    // Brings the joiners of `shard` (a group joiners' cohort) to life for one replication in
    // their join month, as customers of their class's members_from segment with their group
    // index: tier and usage drawn by their identity, tenure 0; counts them as gross adds in
    // `out`. Slots nobody fills stay dormant (alive = 0).
    void activate_joiners(const Shard& shard, PhiloxKey replication_key, ShardMonth& out);

private:
    struct Slots {
        int segment = 0;
        std::int64_t begin = 0;  // store index of the group's first member
        std::int64_t end = 0;
        std::int64_t cohort_begin = 0;  // of the segment's initial cohort: the draws' key
    };
    // A block of joiner slots in the store (§28.2).
    struct JoinerSlots {
        const scenario::JoinerBlock* block = nullptr;
        int segment = 0;
        std::int64_t begin = 0;       // store index of its first slot
        std::int64_t fill_begin = 0;  // of its first slot's flag in filled_
    };
    // What a group's members give it, counted over this process's customers (exact in any
    // order, so the ranks' counts add up to one process's): a row per group of these fields,
    // then its followers by segment and by offer.
    enum Count : std::size_t {
        alive,           // members and joiners in the store, alive
        holders,         // of them, those holding a binding offer
        bound_keys,      // of those, key persons
        joined,          // of alive, joiners
        follow_members,  // members who follow a switch in the month
        follow_joiners,  // joiners in the store who follow it
        count_fields
    };
    std::size_t count_width() const { return count_bytes_per_group(plan_) / sizeof(std::int64_t); }
    std::int64_t* counts_of(std::size_t group) { return counts_.data() + group * count_width(); }
    // [begin, end) cut to the customers this process holds (empty: begin >= end).
    CustomerSpan own_part(std::int64_t begin, std::int64_t end) const {
        return {std::max(begin, own_.first), std::min(end, own_.last)};
    }
    // Each group's standing in `month` from its counts; with `ranks`, also who would follow a
    // switch, counted before the groups step and summed over the ranks, as follow needs
    // every rank's followers and only their own rank can tell who is alive.
    void refresh(int month, const ShardShare* ranks);
    void count_members(std::size_t group, int month);
    // This process's members and joiners in the store of `group` who follow its switch in
    // `month` (alive, by their own draws), counted into `row`; with `leave`, they leave and
    // their group pays no bill of theirs any more (§28.1).
    void count_followers(std::size_t group, int month, double share, bool leave, std::int64_t* row);
    // Of the joiners decided in `month` (not yet in the store), those who follow the switch
    // do not join (§28.2); returns how many. The same on every rank: it reads no customer.
    std::int64_t drop_pending_joiners(std::size_t group, int month, double share);
    void start_new_group(std::size_t group, const GroupsStepper::StoreGroup& at_settling);
    // The draws of slot `index` of joiner block `b` (its identity) for `purpose` in `month`.
    PhiloxCounter joiner_draw(const JoinerSlots& b, std::int64_t index, std::uint32_t purpose,
                              int month) const;

    const SimulationPlan& plan_;
    const GroupMembersPlan& members_;
    CustomerStore& store_;
    CustomerSpan own_;
    PhiloxKey replication_key_{};
    std::unique_ptr<GroupsStepper> groups_;
    std::vector<Slots> slots_;  // per in-store group
    std::vector<Standing> standing_;
    std::vector<JoinerSlots> joiner_slots_;               // by store index
    std::vector<std::vector<std::size_t>> group_blocks_;  // per in-store group: its joiner_slots_
    std::vector<std::uint8_t> filled_;                    // per joiner slot: a joiner fills it
    std::vector<std::uint8_t> switched_;                  // per in-store group: it left us
    std::vector<int> key_persons_;                        // per in-store group
    std::vector<double> followers_;                       // by segment, this month
    std::vector<double> followers_by_offer_;              // by offer, this month
    std::vector<std::int64_t> counts_;                    // per group, count_width() fields
    bool followers_counted_ = false;  // the month's would-be followers are in counts_ (ranks)
    // This replication's [month - 1]: the cut on members' bills, their bills and those their
    // group pays, in fen (§28.1, §29.1).
    std::vector<double> bill_cut_fen_, member_bills_fen_, unified_bills_fen_, joiners_revenue_fen_;
};

}  // namespace offersim::sim
