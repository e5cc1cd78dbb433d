#pragma once
// Checks of group classes whose members are customers in the store (`members_from`,
// docs/models.md §28) against the segments. Internal to the loader.
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

namespace offersim::scenario {

// Every `members_from` names a segment (with the nearest valid name); the groups taken from
// a segment fit in its initial base even at the largest size a draw can give; in-store
// groups, new groups of such classes included, number at most kMaxGroupsInStore; the slots
// kept for members who may join them (§28.2) number at most kMaxGroupJoinerSlots.
void check_group_members(FieldReader& reader, const DocNode& root, const Scenario& sc);

// The most groups whose members are in the store: the store's group index is 16 bits.
inline constexpr int kMaxGroupsInStore = 65535;

// The most on-net members a group of class `c` can have: its purity of the largest size a
// draw can give (the distribution's quantile at the largest uniform the draws produce).
std::int64_t max_on_net_members(const GroupClass& c);

}  // namespace offersim::scenario
