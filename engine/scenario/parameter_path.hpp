#pragma once
// Parameter paths: the name of one value of a resolved scenario document (after `extends`,
// before decoding), e.g. `tiers[gotone_58].monthly_fee_cny` or `segments[mass].churn.alpha`.
// Map keys are separated by `.`; `[name]` selects the item of a list whose `id` is `name`
// (or, in a list whose items have no ids, the item at that 0-based index). Sweeps, the
// solver and uncertain inputs name what they change by these paths, so a baseline and its
// variants agree on them.
#include "engine/core/error.hpp"
#include "engine/scenario/document.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

// One step of a path: a map key, or a list item named by its id (or index).
struct PathStep {
    std::string name;
    bool item = false;  // `[name]` rather than `.name`

    bool operator==(const PathStep&) const = default;
};

struct ParameterPath {
    std::string text;             // as written, e.g. "tiers[gotone_58].monthly_fee_cny"
    std::vector<PathStep> steps;  // "tiers", [gotone_58], "monthly_fee_cny"
    SourcePos pos;                // where the path was written, for messages (may be empty)
};

// Parses `text`; InputError at `pos` on bad syntax (an empty name, an unclosed bracket, a
// path that does not start with a key).
ParameterPath parse_parameter_path(std::string_view text, const SourcePos& pos = {});

// The path of `steps` in the syntax parse_parameter_path reads (it parses back to them).
std::string format_parameter_path(const std::vector<PathStep>& steps);

// The step that names item `index` of `sequence`: its id when every item has one, else the
// index; for walking a document and keying what is found by its path.
PathStep item_step(const DocNode& sequence, std::size_t index);

// The node `path` names in `root`. InputError at path.pos when the path names no value,
// with the nearest valid key or id at the step that failed.
const DocNode& find_parameter(const DocNode& root, const ParameterPath& path);

// Sets the scalar `path` names to `value`, written as the shortest text that reads back to
// it exactly, keeping the position of the value it replaces (so the loader's checks report
// where the value was). InputError when the path names no value or names a map or list.
void set_parameter(DocNode& root, const ParameterPath& path, double value);

// The value to give a parameter in place of what the file says.
struct ParameterOverride {
    ParameterPath path;
    double value = 0.0;
};

}  // namespace offersim::scenario
