#pragma once
// An assumption the planner is unsure of: a model parameter written as a distribution over
// its value (docs/models.md, "Uncertain parameters"). Pure functions of the spec: each run's
// value is the quantile at a keyed uniform, so two scenarios sharing the uniform share the
// draw even when their distributions differ.
#include <vector>

namespace offersim::models {

enum class UncertainKind { triangular, normal, lognormal, uniform, beta, draws };

struct UncertainQuantity {
    UncertainKind kind = UncertainKind::uniform;
    double low = 0.0;    // triangular, uniform; beta's support (default 0)
    double mode = 0.0;   // triangular
    double high = 0.0;   // triangular, uniform; beta's support (default 1)
    double mean = 0.0;   // normal, lognormal
    double sd = 0.0;     // normal
    double cv = 0.0;     // lognormal: sigma^2 = ln(1 + cv^2), as the usage distributions
    double alpha = 1.0;  // beta's shapes
    double beta = 1.0;
    std::vector<double> draws;  // imported samples, ascending
};

// The value at probability u in (0, 1). A zero-width law (low == high, sd or cv 0, one
// draw) returns its one value exactly. Imported draws: the inverse of their empirical
// distribution, so every sample is equally likely.
double quantile(const UncertainQuantity& q, double u);

// The quantile at u of the law restricted to the field's bounds [lower, upper] (docs/models.md
// §36): F^-1(F(lower) + u (F(upper) - F(lower))), the law conditioned on lying within them, so
// a rate or a scale drawn from a normal is never at or below 0. Only normal and lognormal laws
// reach beyond what the planner wrote; any other law, or bounds that cut nothing, gives
// quantile(q, u) exactly.
double truncated_quantile(const UncertainQuantity& q, double u, double lower, double upper);

// The variance the law implies (imported draws: their population variance).
double variance(const UncertainQuantity& q);

// A one-way analysis of variance over parameter draws, each run `n_inner` times: the band's
// variance split into the part the parameters explain and the simulation noise.
struct VarianceSplit {
    int draws = 0;
    int n_inner = 0;
    double ms_between = 0.0;          // n_inner x the variance of the draws' means
    double ms_within = 0.0;           // the pooled variance within a draw
    double parameter_variance = 0.0;  // (ms_between - ms_within) / n_inner, at least 0
    double noise_variance = 0.0;      // ms_within
    bool floored = false;             // the estimate was negative and is shown as 0
};

// `values` holds draw 0's n_inner values, then draw 1's, ...; its size a multiple of
// n_inner >= 2 with at least two draws (otherwise every part is 0).
VarianceSplit split_variance(const std::vector<double>& values, int n_inner);

}  // namespace offersim::models
