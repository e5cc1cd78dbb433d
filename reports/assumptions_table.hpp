#pragma once
// Internal to the report writers: the printed report's table of assumptions, which takes the
// place of the scenario's YAML on paper. One row per value of the scenario as run (a small
// map of values with one note, such as a tier's included allowances, is one row), with its
// unit, whether it comes from data or is an assumption (engine/scenario/value_notes.hpp) and
// the note it carries in the scenario file.
#include "engine/scenario/value_notes.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct AssumptionRow {
    std::string key;    // "segments[mass].churn"
    std::string value;  // "0.8", or the parts of a small map: "alpha 1.5 · beta 12"
    std::string unit;   // empty for a value without one, or a map whose parts differ (each part says it)
    scenario::ValueSource source = scenario::ValueSource::not_stated;
    std::string note;
};

// The unit of the value at `path`, by the format's naming: "_cny" amounts, "_per_min_cny"
// prices a minute, "_months" durations, "_share" and tier mixes shares, "monthly_hazard" a
// monthly rate; a distribution's mean has the unit of the value it describes (usage
// voice_min: minutes). Empty for a value without a unit (a cv, a model's name).
std::string_view unit_of(const std::vector<std::string>& path, const AssumptionText& text);

// The rows of `values` in file order; consecutive values of one map (not a list item) with
// one note, at most kMaxMapParts of them, make one row.
inline constexpr std::size_t kMaxMapParts = 6;
std::vector<AssumptionRow> assumption_rows(const std::vector<scenario::ScenarioValue>& values,
                                           Language language);

// The table as an HTML section shown only in print (report.css), each note written once in a
// numbered list below it; nothing without rows.
std::string assumptions_table_html(const std::vector<AssumptionRow>& rows, Language language);

}  // namespace offersim::reports
