#pragma once
// A sweep: many versions of one scenario (its points, each with some parameters changed) run
// against the scenario at its file values with common random numbers, through the lockstep
// comparison, so each point's change is a paired difference and each point's run is bit for
// bit the single run of that point (docs/models.md, "Sweeps and the solver").
#include "engine/scenario/scenario.hpp"
#include "engine/sim/comparison.hpp"
#include "engine/sim/run.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace offersim::sim {

// A run's figures in every replication: the headline figures keyed as RunResults::headlines,
// then "win_back_confirmed" when the scenario runs a win-back campaign.
using FigureSamples = std::vector<std::pair<std::string, std::vector<double>>>;

FigureSamples figure_samples(const ScenarioRun& run);

// The names metric_samples accepts: each figure, and each with "_delta" (the paired change).
std::vector<std::string> metric_names(const FigureSamples& figures);

// `metric` in each replication of a point: a figure of its own (e.g. "churn_rate_monthly"), or
// the paired change against the base with "_delta" (e.g. "npv_margin_cny_delta"). InputError
// at `where` naming the nearest metric when there is no such figure.
std::vector<double> metric_samples(const FigureSamples& point, const FigureSamples& base,
                                   std::string_view metric, const SourcePos& where = {});

struct SweepPointRun {
    FigureSamples figures;         // the point's own
    VariantComparison comparison;  // the point against the base
};

struct SweepRuns {
    RunResults base;
    FigureSamples base_figures;
    std::vector<SweepPointRun> points;  // in the order given
    int stepped = 0;                    // runs stepped: each distinct point once, the base once per chunk
    int chunks = 0;                     // how many lockstep runs the memory limit split the points into
};

// Runs `points` against `base` (all with base's seed, replications and horizon). Points
// that resolve to the same document share one run, and one that is the base is not run
// again. The points are stepped together with the base, as many at once as
// config.max_memory_gib allows; the base is stepped again for each further chunk.
SweepRuns run_sweep(const scenario::Scenario& base, const std::vector<scenario::Scenario>& points,
                    const RunConfig& config);

}  // namespace offersim::sim
