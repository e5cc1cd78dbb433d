#include "models/distribution.hpp"

#include <boost/math/distributions/gamma.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/special_functions/gamma.hpp>
#include <cmath>

namespace offersim::models {

double lognormal_sigma(double cv) {
    return std::sqrt(std::log1p(cv * cv));
}

namespace {

// E[X; X <= quantile(p)] / E[X] for each bin edge p, so the atoms telescope to the mean.
double partial_expectation_share(const Distribution& d, double p) {
    if (p <= 0.0) return 0.0;
    if (p >= 1.0) return 1.0;
    if (d.kind == DistributionKind::lognormal) {
        const boost::math::normal standard;
        return boost::math::cdf(standard, boost::math::quantile(standard, p) - lognormal_sigma(d.cv));
    }
    const double shape = 1.0 / (d.cv * d.cv);
    return boost::math::gamma_p(shape + 1.0, boost::math::gamma_p_inv(shape, p));
}

}  // namespace

std::vector<float> equal_probability_atoms(const Distribution& d, int n) {
    std::vector<float> atoms(static_cast<std::size_t>(n), static_cast<float>(d.mean));
    if (d.kind == DistributionKind::fixed || d.mean <= 0.0 || d.cv <= 0.0) return atoms;
    double lower = 0.0;
    for (int i = 0; i < n; ++i) {
        const double upper = partial_expectation_share(d, static_cast<double>(i + 1) / n);
        atoms[static_cast<std::size_t>(i)] = static_cast<float>(d.mean * n * (upper - lower));
        lower = upper;
    }
    return atoms;
}

double quantile(const Distribution& d, double u) {
    if (d.kind == DistributionKind::fixed || d.mean <= 0.0 || d.cv <= 0.0) return d.mean;
    if (d.kind == DistributionKind::lognormal) {
        const double sigma = lognormal_sigma(d.cv);
        const boost::math::lognormal law(std::log(d.mean) - sigma * sigma / 2.0, sigma);
        return boost::math::quantile(law, u);
    }
    const double shape = 1.0 / (d.cv * d.cv);
    const boost::math::gamma_distribution<> law(shape, d.mean / shape);
    return boost::math::quantile(law, u);
}

}  // namespace offersim::models
