#include "models/churn_fit.hpp"

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <map>
#include <tuple>

namespace offersim::models {

namespace {

double log_beta(double x, double y) {
    return std::lgamma(x) + std::lgamma(y) - std::lgamma(x + y);
}

double digamma(double x) {
    return boost::math::digamma(x);
}

// d/dx and d/dy of ln B(x, y).
struct LogBetaGradient {
    double dx = 0.0;
    double dy = 0.0;
};

LogBetaGradient log_beta_gradient(double x, double y) {
    const double common = digamma(x + y);
    return {digamma(x) - common, digamma(y) - common};
}

// H(t) = (t / scale)^shape, the Weibull cumulative hazard, and its partial derivatives.
struct CumulativeHazard {
    double value = 0.0;
    double d_scale = 0.0;
    double d_shape = 0.0;
};

CumulativeHazard weibull_cumulative(double t, double scale, double shape) {
    if (t <= 0.0) return {};
    const double log_ratio = std::log(t / scale);
    const double h = std::exp(shape * log_ratio);
    return {h, -shape * h / scale, h * log_ratio};
}

}  // namespace

LogLikelihood2 sbg_log_likelihood(double alpha, double beta, std::span<const SurvivalRecord> records) {
    LogLikelihood2 ll;
    for (const auto& r : records) {
        const double a = r.entry_months;
        const double d = r.exit_month;
        // Numerator: ln B(alpha + 1, beta + d - 1) or ln B(alpha, beta + d).
        const double x = r.churned ? alpha + 1.0 : alpha;
        const double y = r.churned ? beta + d - 1.0 : beta + d;
        const LogBetaGradient num = log_beta_gradient(x, y);
        const LogBetaGradient den = log_beta_gradient(alpha, beta + a);
        ll.value += r.count * (log_beta(x, y) - log_beta(alpha, beta + a));
        ll.d_first += r.count * (num.dx - den.dx);
        ll.d_second += r.count * (num.dy - den.dy);
    }
    return ll;
}

LogLikelihood2 weibull_log_likelihood(double scale, double shape, std::span<const SurvivalRecord> records) {
    LogLikelihood2 ll;
    for (const auto& r : records) {
        const CumulativeHazard entry = weibull_cumulative(r.entry_months, scale, shape);
        const CumulativeHazard last = weibull_cumulative(r.exit_month, scale, shape);
        // ln S(a) subtracted: + H(a).
        double value = entry.value;
        double d_scale = entry.d_scale;
        double d_shape = entry.d_shape;
        if (r.churned) {
            // ln[S(d-1) - S(d)] = -H(d-1) + ln(1 - exp(-D)), D = H(d) - H(d-1) > 0.
            const CumulativeHazard before = weibull_cumulative(r.exit_month - 1.0, scale, shape);
            const double gap = last.value - before.value;
            const double weight = 1.0 / std::expm1(gap);  // d ln(1 - e^-D) / dD
            value += -before.value + std::log(-std::expm1(-gap));
            d_scale += -before.d_scale + weight * (last.d_scale - before.d_scale);
            d_shape += -before.d_shape + weight * (last.d_shape - before.d_shape);
        } else {
            value -= last.value;
            d_scale -= last.d_scale;
            d_shape -= last.d_shape;
        }
        ll.value += r.count * value;
        ll.d_first += r.count * d_scale;
        ll.d_second += r.count * d_shape;
    }
    return ll;
}

std::vector<SurvivalRecord> merge_survival_records(std::vector<SurvivalRecord> records) {
    std::map<std::tuple<int, int, bool>, double> merged;
    for (const auto& r : records) merged[{r.entry_months, r.exit_month, r.churned}] += r.count;
    records.clear();
    for (const auto& [key, count] : merged)
        records.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
    return records;
}

std::vector<double> kaplan_meier(std::span<const SurvivalRecord> records, int months) {
    // at_risk[t]: entry < t <= exit; leaving[t]: churned with exit == t.
    std::vector<double> entering(static_cast<std::size_t>(months) + 2, 0.0);
    std::vector<double> exiting(entering.size(), 0.0);  // no longer at risk after month t
    std::vector<double> leaving(entering.size(), 0.0);
    for (const auto& r : records) {
        if (r.entry_months >= months) continue;
        entering[static_cast<std::size_t>(r.entry_months) + 1] += r.count;
        const auto last = static_cast<std::size_t>(std::min(r.exit_month, months));
        exiting[last] += r.count;
        if (r.churned && r.exit_month <= months) leaving[last] += r.count;
    }
    std::vector<double> survival(static_cast<std::size_t>(months), 0.0);
    double at_risk = 0.0;
    double s = 1.0;
    for (int t = 1; t <= months; ++t) {
        const auto i = static_cast<std::size_t>(t);
        at_risk += entering[i];
        if (at_risk > 0.0) s *= 1.0 - leaving[i] / at_risk;
        survival[i - 1] = s;
        at_risk -= exiting[i];
    }
    return survival;
}

}  // namespace offersim::models
