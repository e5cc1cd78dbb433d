#pragma once
// Scenario files in, typed values out. The only code that knows the scenario format.
#include "engine/scenario/parameter_path.hpp"
#include "engine/scenario/scenario.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

// Loads a scenario, resolving its `extends` chain, and validates it. Throws InputError
// listing every problem found, each with file, line and column.
Scenario load_scenario(const std::filesystem::path& file);

// The same with `overrides` set in the merged document before it is decoded, so the loader's
// own checks (whole numbers, ranges) apply to each overridden value, reported at the position
// of the value it replaces. The record (resolved_yaml) holds the overridden values. The
// reference prices of a scenario that answers prices come from its files, never overridden.
Scenario load_scenario(const std::filesystem::path& file, const std::vector<ParameterOverride>& overrides);

// The same with its customer extract read in `extract_encoding` ("auto", "utf-8" or "gbk"; the
// command line's --encoding), whatever `initial_base.encoding` says; the record holds it.
// Empty: as the file says. A scenario without `initial_base` loads as it is.
Scenario load_scenario_in_encoding(const std::filesystem::path& file, std::string_view extract_encoding);

// A value for an uncertain input, by its parameter path: a parameter draw's or a
// sensitivity point's (docs/models.md, "Uncertain parameters").
struct DrawnValue {
    std::string path;
    double value = 0.0;
};

// The scenario with its uncertain inputs at `values` (those not named at their medians),
// each rounded to its field's precision; `sc.uncertain` still lists them all.
Scenario load_scenario_drawn(const std::filesystem::path& file, const std::vector<DrawnValue>& values);

// `sc` decoded again from the files it was loaded from, as parsed then (its `files`), with
// `overrides` set and its uncertain inputs at `drawn`: what load_scenario with them gives,
// bit for bit, without reading a file again (docs/performance.md, "sweep"). A scenario
// without parsed files is loaded from its first source file.
Scenario reload_scenario(const Scenario& sc, const std::vector<ParameterOverride>& overrides,
                         const std::vector<DrawnValue>& drawn = {});

// Loads from text already in memory (`file` names it in messages); `extends` paths are
// resolved against the directory of `file`.
Scenario load_scenario_text(std::string_view text, const std::filesystem::path& file);

// The file, beside scenario.resolved.yaml in an output folder, that records the reference
// prices of a scenario that answers prices; the record's `price_reference` names it, so
// the record re-runs alone.
inline constexpr std::string_view kPriceReferenceRecord = "price_reference.resolved.yaml";

// The largest seed a scenario or the command line may give.
inline constexpr std::int64_t kMaxSeed = std::numeric_limits<std::int64_t>::max();

// The keys the loader accepts at each place in the format, for the test that keeps the
// JSON Schema in step. `where` is a path of map keys, "*" for any sequence item or map
// key, "" for the top level, e.g. "segments/*/usage".
struct AcceptedKeys {
    std::string_view where;
    std::vector<std::string_view> keys;
};
const std::vector<AcceptedKeys>& accepted_keys();

// The closest of `candidates` to `name` when it is near enough to be a likely typo.
std::string_view nearest_name(std::string_view name, const std::vector<std::string_view>& candidates);

}  // namespace offersim::scenario
