#pragma once
#include <string_view>

namespace offersim::scenarios {

// scenarios/scenario.schema.json, built into the binary for `offersim schema`.
std::string_view scenario_schema_json();

}  // namespace offersim::scenarios
