#pragma once
// Decodes the scenario's `competitors:` block: rivals with tiers, the segments they reach
// and their priced moves. Internal to the loader (it knows the document).
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <functional>
#include <string>
#include <vector>

namespace offersim::scenario {

extern const Keys kMoveKinds;  // also of the hazard-multiplier `competitor_moves`
extern const Keys kCompetitorKeys;
extern const Keys kRivalMoveKeys;

// Reads one tier as the scenario's own tiers are read.
using TierReader = std::function<Tier(const DocNode&, const std::string&)>;

// The rivals of `node` (the `competitors` list).
std::vector<Competitor> read_competitors(FieldReader& in, const DocNode& node, int horizon,
                                         const TierReader& tier);

// Every segment a rival reaches or a move targets exists and answers prices; `known`
// reports a name that is not a segment. Needs the segments decoded.
void check_competitor_references(
    FieldReader& in, const DocNode& root, const Scenario& sc,
    const std::function<bool(const std::string&, const SourcePos&)>& known_segment);

}  // namespace offersim::scenario
