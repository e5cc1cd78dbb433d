#pragma once
// The dormant store slots a scenario's in-store groups keep for the members who may join them
// (docs/models.md §28.2): off-net members who join when their group adopts a product, hires
// who join us (member growth) and the members of new groups. A pure function of the groups
// section and the horizon, so the loader can bound it and the run can lay the slots out; a
// slot's place in the layout is its identity (group, kind, month, index), which keys its draws.
#include "engine/scenario/group_spec.hpp"

#include <cstdint>
#include <vector>

namespace offersim::scenario {

// Why a joiner joins.
enum class JoinKind : std::uint8_t {
    new_group = 0,  // one of a new group's on-net members, from its settling month
    growth = 1,     // a hire who joins us (member_growth_monthly)
    adoption = 2,   // an off-net member who joins when the group adopts (off_net_join_probability)
};

// A group whose members are customers in the store: one of a `members_from` class's own
// groups, or a new group (new_groups) of such a class. Groups are placed class by class, group
// by group, then new group by new group: that place + 1 is a member's group index.
struct StoreGroupPlace {
    std::size_t class_index = 0;
    std::uint32_t identity = 0;  // the class's id hash, or the new_groups entry's
    std::uint32_t index = 0;     // within its class, or its arrival index within the entry
    int settle_month = 0;        // 0: there at month 0
    double purity = 0.0;         // on-net share when it settles
};

// The slots of one group for one kind of joiner decided in one month, who are billed from
// join_month on (decided_month + 1; a new group's members join in its settling month).
struct JoinerBlock {
    std::uint32_t group = 0;  // place among the in-store groups
    JoinKind kind = JoinKind::growth;
    std::uint32_t item = 0;      // adoption: its place in groups.adoptions; else 0
    std::uint32_t item_key = 0;  // adoption: its id's hash (keys the draws); else 0
    int join_month = 1;
    std::int64_t capacity = 0;
};

struct JoinerLayout {
    std::vector<StoreGroupPlace> groups;
    std::vector<JoinerBlock> blocks;  // group by group, month by month
    std::int64_t slots() const;
};

// The layout for `spec` over `horizon_months`. Bounds (§28.2): a new group, its purity of the
// largest size a draw can give; growth, the whole hires of the month (models::arrivals_in_month);
// an adoption, the largest size plus every hire up to its month (its off-net members cannot
// outnumber its members). Joins decided in the horizon's last month have no slots.
JoinerLayout joiner_layout(const GroupsSpec& spec, int horizon_months);

// The most joiner slots a scenario may keep (about 30 bytes each in the store).
inline constexpr std::int64_t kMaxGroupJoinerSlots = 20'000'000;

// The months in which the groups of a new_groups entry settle, one entry per group, in order.
std::vector<int> new_group_settling_months(const NewGroups& n);

}  // namespace offersim::scenario

namespace offersim::scenario {

// The most members a group of class `c` can have at month 0: the size at the largest uniform
// the draws produce, rounded, at least 1.
std::int64_t largest_group_size(const GroupClass& c);

}  // namespace offersim::scenario
