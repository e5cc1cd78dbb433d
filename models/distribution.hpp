#pragma once
// Non-negative quantities across customers (usage propensities, tenure) and their
// discretisation into equal-probability atoms for table-driven sampling in the hot loop.
#include <vector>

namespace offersim::models {

enum class DistributionKind { fixed, lognormal, gamma };

// Given by mean and coefficient of variation, the parameters planners know. Lognormal:
// sigma^2 = ln(1 + cv^2), mu = ln(mean) - sigma^2 / 2. Gamma: shape 1/cv^2, scale mean cv^2.
struct Distribution {
    DistributionKind kind = DistributionKind::fixed;
    double mean = 0.0;
    double cv = 0.0;
};

// `n` atoms, atom i being the conditional mean of the distribution on its i-th quantile
// bin [i/n, (i+1)/n). Drawing an atom uniformly reproduces the distribution's mean exactly
// and its shape to within one bin; computed from closed-form partial expectations.
std::vector<float> equal_probability_atoms(const Distribution& d, int n);

// The distribution's quantile at probability u in (0, 1).
double quantile(const Distribution& d, double u);

// The sigma of a lognormal with coefficient of variation `cv`: sqrt(ln(1 + cv^2)).
double lognormal_sigma(double cv);

}  // namespace offersim::models
