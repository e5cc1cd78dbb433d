#pragma once
// The values of a resolved scenario with their notes (document.hpp says which comment is a
// value's note) and whether each comes from data or is an assumption: what the printed
// report's table of assumptions lists.
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

// A note that begins with "assumption" or "assumed" (any case) marks an assumption; any
// other note cites where the value comes from; a value without a note states neither.
enum class ValueSource { data, assumption, not_stated };
ValueSource source_of(std::string_view note);

struct ScenarioValue {
    // Keys from the top; an item of a list is "[its id]", or "[its index]" when it has none.
    std::vector<std::string> path;
    std::string value;  // as written; a list of plain values joined by ", "
    std::string note;
    ValueSource source = ValueSource::not_stated;
};

// "segments[mass].churn.alpha"
std::string path_text(const std::vector<std::string>& path);

// Every value of `resolved_yaml` (Scenario::resolved_yaml) in file order, but the names
// that label things (id, name, title); throws InputError when it is not valid YAML.
std::vector<ScenarioValue> scenario_values(std::string_view resolved_yaml);

}  // namespace offersim::scenario
