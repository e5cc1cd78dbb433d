#include "models/usage_fit.hpp"

#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/trigamma.hpp>
#include <cmath>
#include <numbers>

namespace offersim::models {

namespace {

struct LogMoments {
    double mean = 0.0;      // of x
    double log_mean = 0.0;  // of ln x
    double log_var = 0.0;   // of ln x, n denominator
    double log_sum = 0.0;
};

LogMoments log_moments(std::span<const double> values) {
    LogMoments m;
    const double n = static_cast<double>(values.size());
    for (double x : values) {
        m.mean += x;
        m.log_sum += std::log(x);
    }
    m.mean /= n;
    m.log_mean = m.log_sum / n;
    for (double x : values) m.log_var += (std::log(x) - m.log_mean) * (std::log(x) - m.log_mean);
    m.log_var /= n;
    return m;
}

}  // namespace

UsageFit fit_lognormal(std::span<const double> values) {
    const LogMoments m = log_moments(values);
    const double n = static_cast<double>(values.size());
    const double sigma2 = m.log_var;
    const double sigma = std::sqrt(sigma2);
    UsageFit fit;
    fit.kind = DistributionKind::lognormal;
    fit.observations = static_cast<int>(values.size());
    fit.mean = std::exp(m.log_mean + sigma2 / 2.0);
    fit.cv = std::sqrt(std::expm1(sigma2));
    fit.mean_se = fit.mean * std::sqrt(sigma2 / n + sigma2 * sigma2 / (2.0 * n));
    fit.cv_se = sigma * std::exp(sigma2) / fit.cv * sigma / std::sqrt(2.0 * n);
    // sum ln f = -sum ln x - n ln(sigma sqrt(2 pi)) - n/2 at the maximum.
    fit.log_likelihood = -m.log_sum - n * std::log(sigma * std::sqrt(2.0 * std::numbers::pi)) - n / 2.0;
    return fit;
}

UsageFit fit_gamma(std::span<const double> values) {
    const LogMoments m = log_moments(values);
    const double n = static_cast<double>(values.size());
    const double target = std::log(m.mean) - m.log_mean;  // > 0 unless all values are equal
    // Minka's start, then Newton on g(k) = ln k - digamma(k) - target, decreasing in k.
    double k = (3.0 - target + std::sqrt((target - 3.0) * (target - 3.0) + 24.0 * target)) / (12.0 * target);
    for (int i = 0; i < 50; ++i) {
        const double g = std::log(k) - boost::math::digamma(k) - target;
        const double slope = 1.0 / k - boost::math::trigamma(k);
        const double next = k - g / slope;
        k = next > 0.0 ? next : k / 2.0;
        if (std::abs(g) < 1e-14) break;
    }
    UsageFit fit;
    fit.kind = DistributionKind::gamma;
    fit.observations = static_cast<int>(values.size());
    fit.mean = m.mean;
    fit.cv = 1.0 / std::sqrt(k);
    const double shape_se = 1.0 / std::sqrt(n * (boost::math::trigamma(k) - 1.0 / k));
    fit.mean_se = m.mean / std::sqrt(n * k);
    fit.cv_se = 0.5 * std::pow(k, -1.5) * shape_se;
    const double scale = m.mean / k;
    fit.log_likelihood =
        (k - 1.0) * m.log_sum - n * m.mean / scale - n * std::lgamma(k) - n * k * std::log(scale);
    return fit;
}

}  // namespace offersim::models
