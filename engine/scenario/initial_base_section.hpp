#pragma once
// `initial_base: { extract, as_of, encoding }`: the initial base of the segments an
// operator's customer extract names (docs/scenario-reference.md "Initial base from an
// extract"). The extract itself is read by engine/data/customer_extract.
#include "engine/scenario/document.hpp"
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <optional>

namespace offersim::scenario {

extern const Keys kInitialBaseKeys;

std::optional<InitialBaseSpec> read_initial_base(FieldReader& in, const DocNode& node);

// Reads the extract of `sc.initial_base` against the scenario's names and gives each segment
// it names its row count as `size`. Throws InputError with every bad row.
void attach_initial_base(Scenario& sc);

}  // namespace offersim::scenario
