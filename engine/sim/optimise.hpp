#pragma once
// The optimiser: the values of 1 to 3 parameters, within bounds, that maximise (or minimise)
// a figure's mean over replications under constraints on other figures' means, by NLopt's
// derivative-free COBYLA or its augmented Lagrangian (AUGLAG) on the common-random-number
// objective; the optimum is then run again on fresh replications for an honest band
// (docs/models.md, "Sweeps and the solver" and "The optimiser").
#include "engine/core/error.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/band.hpp"
#include "engine/sim/simulation.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace offersim::sim {

struct OptimiseBound {
    std::string path;  // as written, for the outputs
    double lo = 0.0;
    double hi = 0.0;
    double tolerance = 0.0;  // on the value: values run are on its grid (solve_grid_value)
};

enum class ConstraintSense { at_most, at_least };

struct OptimiseConstraint {
    std::string written;  // as the user wrote it, e.g. "payback_month_delta<=18"
    std::string metric;   // what is evaluated, e.g. "cash_month_18_delta"
    ConstraintSense sense = ConstraintSense::at_most;
    double bound = 0.0;
    std::string relaxed_from;  // non-empty when a discontinuous constraint was relaxed to this one
    SourcePos where;
};

enum class OptimiseAlgorithm { cobyla, auglag };

struct OptimiseSpec {
    std::vector<OptimiseBound> parameters;  // 1 to 3
    std::string objective;                  // a metric, as metric_samples names it
    bool maximise = true;
    std::vector<OptimiseConstraint> constraints;
    OptimiseAlgorithm algorithm = OptimiseAlgorithm::cobyla;
    int max_runs = 60;  // evaluations of distinct points, at most
    SourcePos objective_where;
};

// A point run: its values, the objective's band and each constraint's band over replications.
struct OptimisePoint {
    std::vector<double> values;
    Band objective;
    std::vector<Band> constraints;  // in spec order
    bool feasible = false;          // every constraint's mean holds
};

struct OptimiseResult {
    std::vector<OptimisePoint> evaluations;  // in the order run, each distinct point once
    std::size_t optimum = 0;                 // index into evaluations: the best feasible point
    // The optimum run again on the next `replications` replications of the seed (fresh draws):
    // the objective and constraints without the optimiser's selection bias.
    OptimisePoint check;
    std::string stopped_by;  // NLopt's reason, in words
    int runs = 0;            // simulations, the baseline's and the check's included
};

// `at(values)` loads the scenario with the parameters at `values`. The base (the scenario as
// written, or --baseline) is run when a metric is a change against it ("_delta"), and again
// on the check's replications. Metrics: those of metric_samples, and "cash_month_N" (the
// whole base's cumulative margin to month N, CNY; 1 <= N <= horizon) with or without "_delta".
// InputError at the metric's position for an unknown metric, and at the first constraint
// when no point run meets every constraint (naming the least violated point).
OptimiseResult optimise(const scenario::Scenario& base,
                        const std::function<scenario::Scenario(const std::vector<double>&)>& at,
                        const OptimiseSpec& spec, const RunConfig& config);

// A constraint as written ("METRIC<=VALUE" or "METRIC>=VALUE") at `where`, with the
// discontinuous ones relaxed: "payback_month<=N" (and "payback_month_delta<=N") becomes
// "cash_month_N_delta>=0", cumulative incremental cash at month N not below zero.
OptimiseConstraint parse_constraint(const std::string& text, const SourcePos& where);

}  // namespace offersim::sim
