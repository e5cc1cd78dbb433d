#pragma once
// The one entry of a comparison: a baseline and its variants run with the same seed and
// replications (common random numbers), stepped in lockstep so that each offer's takers are
// followed into the baseline (docs/models.md, "Offer effects"). Each run is bit for bit what
// run_scenario gives it alone.
#include "engine/scenario/scenario.hpp"
#include "engine/sim/comparison.hpp"
#include "engine/sim/run.hpp"

#include <vector>

namespace offersim::sim {

struct ComparisonRuns {
    std::vector<ScenarioRun> runs;  // the baseline, then each variant
    std::vector<VariantComparison> comparisons;
};

// `scenarios`: the baseline, then the variants, with the same horizon. With `leave_one_out`,
// a variant with several offers is also run once without each of them (one more run each), so
// each offer's incremental margin and payback are its own; without, they are measured only for
// a variant's only offer.
ComparisonRuns run_comparison(const std::vector<scenario::Scenario>& scenarios, const RunConfig& config,
                              bool leave_one_out);

}  // namespace offersim::sim
