#pragma once
// Groups from an extract's rows (docs/models.md §33, "Groups from the rows"): a group class
// whose `members_from` segment comes from a customer extract whose rows carry group ids takes
// those groups: one group per distinct id, its on-net members exactly those rows' customers.
// Internal to the loader.
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <cstdint>
#include <vector>

namespace offersim::scenario {

// By segment: 1 where a group class takes its members from it, so that the extract reader
// keeps its rows' group ids as groups (data::ExtractNames::group_segments).
std::vector<std::uint8_t> group_member_segments(const Scenario& sc);

// Sets, for each class whose members_from segment's rows carry group ids, its count and
// rows_groups from the extract attached to `sc`. Reports a count that contradicts the rows, a
// group with more rows than the class allows on net, and a second class on such a segment.
void place_extract_groups(FieldReader& reader, const DocNode& root, Scenario& sc);

// The size of a group of `c` with `on_net` members in the extract: on_net over the class's
// purity, rounded, between on_net and the class's largest size (section 28's bound).
std::int64_t extract_group_size(const GroupClass& c, std::int64_t on_net);

}  // namespace offersim::scenario
