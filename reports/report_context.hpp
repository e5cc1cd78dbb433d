#pragma once
// What a report shows beside the figures: its language and how the run was made. Given by
// the caller so that every writer stays pure (the same input gives the same bytes).
#include "engine/scenario/value_notes.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct ReportContext {
    Language language = Language::zh_cn;
    std::string offersim_version;
    // ISO 8601: when the run started, as recorded in run.json, so that a re-run with the
    // same record writes the same bytes. How long it took is in run.json only.
    std::string generated_at;
    std::string resolved_scenario_yaml;  // of the run, or of the baseline in a comparison
    // Its values with their notes (scenario::scenario_values): the printed table of assumptions.
    std::vector<scenario::ScenarioValue> scenario_values;
};

}  // namespace offersim::reports
