#pragma once
// What a variant changes against its baseline, read from the two resolved scenarios
// (Scenario::resolved_yaml): every value that differs, by its path in the format, list
// items named by their id. `offersim compare` lists them above each variant's figures;
// the reports get these plain values and never see YAML.
#include "engine/scenario/scenario.hpp"

#include <string>
#include <vector>

namespace offersim::scenario {

// What a change touches: the customer base (a segment added or removed, a segment's `size`
// or `acquisition`), the cost assumptions (`costs:`) or anything else (prices, offers, ...).
// A variant that changes the first two is not like for like: its difference from the
// baseline is not only what the offer does.
enum class ChangeArea { customer_base, costs, other };

struct ScenarioChange {
    std::string path;      // "segments[mass].acquisition.gross_adds_per_month"
    std::string baseline;  // the baseline's value, one line (flow style); empty: it has none
    std::string variant;   // the variant's value; empty: the variant removes it
    ChangeArea area = ChangeArea::other;
};

// The changes from `baseline` to `variant`: values compared as numbers where both are
// numbers (13000 and 13000.0 are the same), maps key by key, lists of items with an `id`
// item by item (an item added or removed is one change), other lists whole. In the
// variant's order, then what it removes. What `compare` sets for every run (seed,
// replications) and the names (name, title, price_reference's record) are not changes.
std::vector<ScenarioChange> diff_scenarios(const Scenario& baseline, const Scenario& variant);

// True when no change touches the customer base or the cost assumptions.
bool like_for_like(const std::vector<ScenarioChange>& changes);

}  // namespace offersim::scenario
