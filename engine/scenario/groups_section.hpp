#pragma once
// Decoding of the `groups:` section (enterprise groups as wholes). Internal to the loader.
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::scenario {

// The section's groups, or nothing when the scenario has no `groups:`. `offer_ids` are the
// scenario's offers, which an adoption may name.
std::optional<GroupsSpec> read_groups(FieldReader& reader, const DocNode& root, int horizon_months,
                                      const Ids& offer_ids);

// The keys accepted at each place of the section, as loader.hpp's accepted_keys() lists them.
const std::vector<std::pair<std::string_view, Keys>>& groups_accepted_keys();

}  // namespace offersim::scenario
