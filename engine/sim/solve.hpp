#pragma once
// The solver: the value of one parameter at which a figure's mean over replications reaches
// a target, by bisection (Boost.Math) on the common-random-number objective, with a band
// from a bootstrap over replications (docs/models.md, "Sweeps and the solver").
#include "engine/core/error.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/band.hpp"
#include "engine/sim/simulation.hpp"

#include <functional>
#include <string>
#include <vector>

namespace offersim::sim {

struct SolveSpec {
    std::string metric;  // as metric_samples names it, e.g. "npv_margin_cny_delta"
    double target = 0.0;
    double lo = 0.0;  // the bracket of the parameter
    double hi = 0.0;
    double tolerance = 0.0;  // on the parameter: the final bracket is at most this wide
    SourcePos where;         // for messages: where the target was given
};

struct SolveEvaluation {
    double value = 0.0;  // of the parameter
    Band figure;         // the metric over replications there
};

struct SolveResult {
    double root = 0.0;        // where the mean figure, linear between the values run, meets the target
    double bracket_lo = 0.0;  // the final bracket, as the values run at its ends
    double bracket_hi = 0.0;
    // The root over bootstrap resamples of the replications: p5, p50, p95, and its standard
    // error (the resampled roots' standard deviation) in std_error.
    Band band;
    int resamples_outside = 0;                 // resamples whose root lies beyond the values run (clamped)
    std::vector<SolveEvaluation> evaluations;  // in the order run
    int runs = 0;                              // simulations, the base's included
};

inline constexpr int kBootstrapResamples = 2000;

// Where the solver runs the scenario for `x`: x rounded to the largest power of ten at most a
// quarter of `tolerance` (0.1 for a tolerance of 0.5), so every value run is a short decimal,
// as a planner would write it (an amount in CNY takes at most 2 decimals), and the answer
// stays within the tolerance and an eighth.
double solve_grid_value(double x, double tolerance);

// `at(x)` loads the scenario with the parameter at x. The base (`base`, the scenario as
// written) is run once when the metric is a change against it. InputError at spec.where,
// before any answer, when the target is not bracketed: it names the range and the figure
// at both ends.
SolveResult solve(const scenario::Scenario& base, const std::function<scenario::Scenario(double)>& at,
                  const SolveSpec& spec, const RunConfig& config);

}  // namespace offersim::sim
