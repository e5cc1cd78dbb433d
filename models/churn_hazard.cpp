#include "models/churn_hazard.hpp"

#include <algorithm>
#include <boost/math/special_functions/beta.hpp>
#include <cmath>
#include <cstddef>

namespace offersim::models {

double hazard_at(const HazardCurve& curve, int t) {
    switch (curve.model) {
        case HazardModel::constant:
            return curve.monthly_hazard;
        case HazardModel::table: {
            double h = curve.bands.empty() ? 0.0 : curve.bands.front().monthly_hazard;
            for (const auto& band : curve.bands)
                if (band.from_month <= t) h = band.monthly_hazard;
            return h;
        }
        case HazardModel::weibull: {
            const double k = curve.weibull_shape;
            const double s = curve.weibull_scale_months;
            const double cumulative_before = std::pow((t - 1) / s, k);
            const double cumulative_now = std::pow(t / s, k);
            return -std::expm1(cumulative_before - cumulative_now);
        }
        case HazardModel::sbg:
            return curve.sbg_alpha / (curve.sbg_alpha + curve.sbg_beta + t - 1);
    }
    return 0.0;
}

double survival_at(const HazardCurve& curve, int t) {
    double s = 1.0;
    for (int u = 1; u <= t; ++u) s *= 1.0 - hazard_at(curve, u);
    return s;
}

std::vector<float> hazard_table(const HazardCurve& curve, int months) {
    std::vector<float> table(static_cast<std::size_t>(months));
    for (int t = 1; t <= months; ++t)
        table[static_cast<std::size_t>(t - 1)] =
            static_cast<float>(std::clamp(hazard_at(curve, t), 0.0, 1.0));
    return table;
}

bool has_own_propensity(const HazardCurve& curve) {
    return curve.model == HazardModel::sbg;
}

// With b = beta + tau, F(x) = I_x(alpha, b) the CDF of theta | tau and
// T(x) = x^alpha (1 - x)^b / B(alpha, b):
//   - the partial mean is E[theta; theta <= x] = alpha / (alpha + b) * (F(x) - T(x) / alpha),
//     so, with q_i the edge of probability i/n (F(q_i) = i/n), atom i is
//         n * (E[theta; theta <= q_(i+1)] - E[theta; theta <= q_i])
//       = alpha / (alpha + b) * (1 - n * (T(q_(i+1)) - T(q_i)) / alpha),
//     and the atoms telescope to the mean (T(0) = T(1) = 0) whatever the edges;
//   - one more month is one step of the standard recurrences
//         I_x(a, b + 1) = I_x(a, b) + T(x) / b,
//         T at b + 1    = T(x) (1 - x) (a + b) / b        (B(a, b + 1) = B(a, b) b / (a + b)),
//     so F and T on a grid cost one incomplete beta per point, once, and then a multiply-add
//     per point and month: a tenure's atoms cost microseconds where inverting the incomplete
//     beta for each bin costs about 0.1 s (4096 calls of boost::math::ibeta_inv).
// The grid is x_k = (k / 4096)^4: fine near 0, where long-tenure customers' theta lies.
std::vector<float> propensity_atoms(const HazardCurve& curve, const std::vector<int>& completed_months,
                                    int n) {
    constexpr int cells = 4096;
    const double a = curve.sbg_alpha;
    const double beta = curve.sbg_beta;
    std::vector<double> shrink(cells + 1);  // 1 - x_k
    std::vector<double> cdf(cells + 1);     // F(x_k)
    std::vector<double> term(cells + 1);    // T(x_k)
    const double log_beta_fn = std::lgamma(a) + std::lgamma(beta) - std::lgamma(a + beta);
    for (int k = 0; k <= cells; ++k) {
        const double s = static_cast<double>(k) / cells;
        const double x = s * s * s * s;
        const auto u = static_cast<std::size_t>(k);
        shrink[u] = 1.0 - x;
        const bool inside = k > 0 && k < cells;
        cdf[u] = inside ? boost::math::ibeta(a, beta, x) : (k == cells ? 1.0 : 0.0);
        term[u] = inside ? std::exp(a * std::log(x) + beta * std::log1p(-x) - log_beta_fn) : 0.0;
    }
    std::vector<float> atoms;
    atoms.reserve(completed_months.size() * static_cast<std::size_t>(n));
    int tau = 0;
    for (const int wanted : completed_months) {
        for (; tau < wanted; ++tau) {
            const double b = beta + tau;
            const double inv_b = 1.0 / b;
            const double grow = (a + b) / b;
            for (std::size_t k = 0; k <= cells; ++k) {
                cdf[k] += term[k] * inv_b;
                term[k] *= shrink[k] * grow;
            }
        }
        const double mean = a / (a + beta + tau);
        std::size_t k = 0;
        double t_lower = 0.0;  // T at the bin's lower edge
        for (int i = 0; i < n; ++i) {
            double t_upper = 0.0;  // T(1) = 0 for the last bin
            if (i + 1 < n) {
                // The cell holding the edge of probability (i + 1) / n, and T there, linear in F.
                const double p = static_cast<double>(i + 1) / n;
                while (k + 1 < cells && cdf[k + 1] <= p) ++k;
                const double width = cdf[k + 1] - cdf[k];
                const double w = width > 0.0 ? std::clamp((p - cdf[k]) / width, 0.0, 1.0) : 0.0;
                t_upper = (1.0 - w) * term[k] + w * term[k + 1];
            }
            atoms.push_back(
                static_cast<float>(std::clamp(mean * (1.0 - n * (t_upper - t_lower) / a), 0.0, 1.0)));
            t_lower = t_upper;
        }
    }
    return atoms;
}

}  // namespace offersim::models
