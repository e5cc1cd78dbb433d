#include "models/uncertain_quantity.hpp"

#include "models/distribution.hpp"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <numeric>

namespace offersim::models {

double quantile(const UncertainQuantity& q, double u) {
    switch (q.kind) {
        case UncertainKind::triangular: {
            const double width = q.high - q.low;
            if (width <= 0.0) return q.low;
            const double split = (q.mode - q.low) / width;
            return u < split ? q.low + std::sqrt(u * width * (q.mode - q.low))
                             : q.high - std::sqrt((1.0 - u) * width * (q.high - q.mode));
        }
        case UncertainKind::uniform:
            return q.high <= q.low ? q.low : q.low + u * (q.high - q.low);
        case UncertainKind::normal:
            return q.sd <= 0.0 ? q.mean : boost::math::quantile(boost::math::normal(q.mean, q.sd), u);
        case UncertainKind::lognormal: {
            if (q.cv <= 0.0) return q.mean;
            const double sigma = lognormal_sigma(q.cv);
            return boost::math::quantile(
                boost::math::lognormal(std::log(q.mean) - sigma * sigma / 2.0, sigma), u);
        }
        case UncertainKind::beta:
            if (q.high <= q.low) return q.low;
            return q.low + (q.high - q.low) *
                               boost::math::quantile(boost::math::beta_distribution<>(q.alpha, q.beta), u);
        case UncertainKind::draws: {
            const auto n = q.draws.size();
            const auto i = std::min(n - 1, static_cast<std::size_t>(std::floor(u * static_cast<double>(n))));
            return q.draws[i];
        }
    }
    return q.low;
}

double truncated_quantile(const UncertainQuantity& q, double u, double lower, double upper) {
    const auto cut = [&](const auto& law) {
        const double below = std::isfinite(lower) && lower > support(law).first ? cdf(law, lower) : 0.0;
        const double within =
            (std::isfinite(upper) && upper < support(law).second ? cdf(law, upper) : 1.0) - below;
        if (below == 0.0 && within == 1.0) return quantile(q, u);
        if (!(within > 0.0)) return std::clamp(quantile(q, u), lower, upper);
        return std::clamp(boost::math::quantile(law, below + u * within), lower, upper);
    };
    if (q.kind == UncertainKind::normal && q.sd > 0.0) return cut(boost::math::normal(q.mean, q.sd));
    if (q.kind == UncertainKind::lognormal && q.cv > 0.0) {
        const double sigma = lognormal_sigma(q.cv);
        return cut(boost::math::lognormal(std::log(q.mean) - sigma * sigma / 2.0, sigma));
    }
    return quantile(q, u);
}

double variance(const UncertainQuantity& q) {
    switch (q.kind) {
        case UncertainKind::triangular: {
            const double a = q.low, b = q.high, c = q.mode;
            return (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0;
        }
        case UncertainKind::uniform:
            return (q.high - q.low) * (q.high - q.low) / 12.0;
        case UncertainKind::normal:
            return q.sd * q.sd;
        case UncertainKind::lognormal:
            return q.mean * q.mean * q.cv * q.cv;
        case UncertainKind::beta: {
            const double s = q.alpha + q.beta;
            return (q.high - q.low) * (q.high - q.low) * q.alpha * q.beta / (s * s * (s + 1.0));
        }
        case UncertainKind::draws: {
            const double n = static_cast<double>(q.draws.size());
            const double m = std::accumulate(q.draws.begin(), q.draws.end(), 0.0) / n;
            double ss = 0.0;
            for (const double x : q.draws) ss += (x - m) * (x - m);
            return ss / n;
        }
    }
    return 0.0;
}

VarianceSplit split_variance(const std::vector<double>& values, int n_inner) {
    VarianceSplit s;
    s.n_inner = n_inner;
    if (n_inner < 2 || values.size() % static_cast<std::size_t>(n_inner) != 0) return s;
    s.draws = static_cast<int>(values.size() / static_cast<std::size_t>(n_inner));
    if (s.draws < 2) return s;
    const double n = n_inner;
    const double grand =
        std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
    double between = 0.0;
    double within = 0.0;
    for (int d = 0; d < s.draws; ++d) {
        const auto first = values.begin() + static_cast<std::ptrdiff_t>(d) * n_inner;
        const double mean = std::accumulate(first, first + n_inner, 0.0) / n;
        between += (mean - grand) * (mean - grand);
        for (auto it = first; it != first + n_inner; ++it) within += (*it - mean) * (*it - mean);
    }
    s.ms_between = n * between / (s.draws - 1);
    s.ms_within = within / (s.draws * (n - 1.0));
    const double parameter = (s.ms_between - s.ms_within) / n;
    s.floored = parameter < 0.0;
    s.parameter_variance = std::max(parameter, 0.0);
    s.noise_variance = s.ms_within;
    return s;
}

}  // namespace offersim::models
