#pragma once
// Maximum-likelihood fits of a usage distribution across customers (lognormal or gamma),
// reported in the scenario's own terms, mean and coefficient of variation, with standard
// errors from the Fisher information (docs/models.md, section 32).
#include "models/distribution.hpp"

#include <span>

namespace offersim::models {

struct UsageFit {
    DistributionKind kind = DistributionKind::lognormal;
    double mean = 0.0;
    double cv = 0.0;
    double mean_se = 0.0;
    double cv_se = 0.0;
    double log_likelihood = 0.0;
    int observations = 0;
};

// Lognormal: mu and sigma are the mean and (n-denominator) standard deviation of ln x;
// mean = exp(mu + sigma^2/2), cv = sqrt(exp(sigma^2) - 1), SEs by the delta method from
// Var mu = sigma^2/n, Var sigma = sigma^2/(2n). Every value must be above 0; at least 2.
UsageFit fit_lognormal(std::span<const double> values);

// Gamma: the shape k solves ln k - digamma(k) = ln(mean x) - mean(ln x) (Newton's method);
// mean = mean x, cv = 1/sqrt(k); in (k, mean) the information is diagonal,
// n (trigamma(k) - 1/k) and n k / mean^2.
UsageFit fit_gamma(std::span<const double> values);

}  // namespace offersim::models
