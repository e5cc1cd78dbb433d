#include "models/estimates.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::models {

CholeskyResult cholesky(const std::vector<double>& covariance, int n) {
    const auto at = [n](const std::vector<double>& m, int r, int c) -> double {
        return m[static_cast<std::size_t>(r) * n + c];
    };
    CholeskyResult out;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < r; ++c) {
            const double scale = std::sqrt(std::abs(at(covariance, r, r) * at(covariance, c, c)));
            if (std::abs(at(covariance, r, c) - at(covariance, c, r)) > 1e-9 * std::max(scale, 1e-300)) {
                out.failed_at = r;
                return out;
            }
        }
    std::vector<double> lower(static_cast<std::size_t>(n) * n, 0.0);
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c <= r; ++c) {
            double sum = at(covariance, r, c);
            for (int k = 0; k < c; ++k) sum -= at(lower, r, k) * at(lower, c, k);
            if (r == c) {
                if (!(sum > 0.0)) {
                    out.failed_at = r;
                    return out;
                }
                lower[static_cast<std::size_t>(r) * n + c] = std::sqrt(sum);
            } else {
                lower[static_cast<std::size_t>(r) * n + c] = sum / at(lower, c, c);
            }
        }
    }
    out.lower = std::move(lower);
    return out;
}

double correlated_normal(const std::vector<double>& mean, const std::vector<double>& lower, int i,
                         const std::vector<double>& z) {
    const std::size_t n = mean.size();
    double v = mean[static_cast<std::size_t>(i)];
    for (int k = 0; k <= i; ++k)
        v += lower[static_cast<std::size_t>(i) * n + k] * z[static_cast<std::size_t>(k)];
    return v;
}

int drawn_row(int rows, double u) {
    return std::min(rows - 1, static_cast<int>(u * rows));
}

}  // namespace offersim::models
