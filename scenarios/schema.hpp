#pragma once
#include <string>
#include <string_view>

namespace offersim::scenarios {

// scenarios/scenario.schema.json as written: the complete scenario, embedded at configure time.
std::string_view scenario_schema_source();

// The schema `offersim schema` prints: `source` plus the variant form of every definition a
// file with `extends` uses. A variant is merged into its parent key by key and list item by
// list item (by id), so in it a map needs none of its keys and a list item only its `id`;
// a list without ids replaces the parent's whole and keeps every requirement.
std::string schema_with_variants(std::string_view source);

// schema_with_variants(scenario_schema_source()), computed once.
std::string_view scenario_schema_json();

}  // namespace offersim::scenarios
