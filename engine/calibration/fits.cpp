#include "engine/calibration/fits.hpp"

#include "engine/calibration/maximise.hpp"

#include <cmath>
#include <limits>

namespace offersim::calibration {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The inverse of a symmetric positive-definite matrix (row-major, n x n) by Gauss-Jordan
// with partial pivoting; empty when singular.
std::vector<double> invert(std::vector<double> a, std::size_t n) {
    std::vector<double> inv(n * n, 0.0);
    for (std::size_t i = 0; i < n; ++i) inv[i * n + i] = 1.0;
    for (std::size_t col = 0; col < n; ++col) {
        std::size_t pivot = col;
        for (std::size_t r = col + 1; r < n; ++r)
            if (std::abs(a[r * n + col]) > std::abs(a[pivot * n + col])) pivot = r;
        if (!(std::abs(a[pivot * n + col]) > 1e-300)) return {};
        for (std::size_t c = 0; c < n; ++c) {
            std::swap(a[col * n + c], a[pivot * n + c]);
            std::swap(inv[col * n + c], inv[pivot * n + c]);
        }
        const double d = a[col * n + col];
        for (std::size_t c = 0; c < n; ++c) {
            a[col * n + c] /= d;
            inv[col * n + c] /= d;
        }
        for (std::size_t r = 0; r < n; ++r) {
            if (r == col) continue;
            const double factor = a[r * n + col];
            for (std::size_t c = 0; c < n; ++c) {
                a[r * n + c] -= factor * a[col * n + c];
                inv[r * n + c] -= factor * inv[col * n + c];
            }
        }
    }
    return inv;
}

// The estimates' covariance: the inverse of the negated Hessian (the observed information),
// empty when singular.
std::vector<double> covariance_of(const std::vector<double>& hessian, std::size_t n) {
    std::vector<double> information(hessian.size());
    for (std::size_t i = 0; i < hessian.size(); ++i) information[i] = -hessian[i];
    return invert(information, n);
}

// Standard errors from the covariance, NaN when singular or not positive definite.
std::vector<double> standard_errors(const std::vector<double>& hessian, std::size_t n) {
    const std::vector<double> covariance = covariance_of(hessian, n);
    std::vector<double> se(n, kNaN);
    if (covariance.empty()) return se;
    for (std::size_t i = 0; i < n; ++i)
        if (covariance[i * n + i] > 0.0) se[i] = std::sqrt(covariance[i * n + i]);
    return se;
}

using TwoParameterLikelihood = models::LogLikelihood2 (*)(double, double,
                                                          std::span<const models::SurvivalRecord>);

// Maximises over the logs of both (positive) parameters, then takes the Hessian in the
// natural parameters by central differences of the analytic gradient.
ModelFit fit_two_positive(TwoParameterLikelihood ll, std::span<const models::SurvivalRecord> records,
                          double first, double second, const char* first_name, const char* second_name) {
    const Objective objective = [&](std::span<const double> x, std::span<double> gradient) {
        const double p = std::exp(x[0]);
        const double q = std::exp(x[1]);
        const models::LogLikelihood2 value = ll(p, q, records);
        gradient[0] = value.d_first * p;
        gradient[1] = value.d_second * q;
        return value.value;
    };
    // Both parameters within e^-20 .. e^20: far beyond any churn, and digamma stays finite.
    const Maximum top = maximise(objective, {std::log(first), std::log(second)}, 20.0);
    const double p = std::exp(top.x[0]);
    const double q = std::exp(top.x[1]);
    std::vector<double> hessian(4);
    const double step_p = 1e-5 * p;
    const double step_q = 1e-5 * q;
    const auto up_p = ll(p + step_p, q, records), down_p = ll(p - step_p, q, records);
    const auto up_q = ll(p, q + step_q, records), down_q = ll(p, q - step_q, records);
    hessian[0] = (up_p.d_first - down_p.d_first) / (2.0 * step_p);
    hessian[3] = (up_q.d_second - down_q.d_second) / (2.0 * step_q);
    hessian[1] = hessian[2] = 0.5 * ((up_p.d_second - down_p.d_second) / (2.0 * step_p) +
                                     (up_q.d_first - down_q.d_first) / (2.0 * step_q));
    const std::vector<double> se = standard_errors(hessian, 2);
    ModelFit fit;
    fit.estimates = {{first_name, p, se[0]}, {second_name, q, se[1]}};
    if (!std::isnan(se[0]) && !std::isnan(se[1])) fit.covariance = covariance_of(hessian, 2);
    fit.log_likelihood = top.value;
    fit.converged = top.converged;
    fit.note = top.note;
    return fit;
}

// The mean monthly hazard (churners over months at risk), to start the search near.
double crude_hazard(std::span<const models::SurvivalRecord> records) {
    double churners = 0.0;
    double exposure = 0.0;
    for (const auto& r : records) {
        churners += r.churned ? r.count : 0.0;
        exposure += r.count * (r.exit_month - r.entry_months);
    }
    return std::clamp(exposure > 0.0 ? churners / exposure : 0.05, 1e-4, 0.5);
}

}  // namespace

ModelFit fit_sbg(std::span<const models::SurvivalRecord> records) {
    const double h = crude_hazard(records);
    return fit_two_positive(models::sbg_log_likelihood, records, 1.0, 1.0 / h, "alpha", "beta");
}

ModelFit fit_weibull(std::span<const models::SurvivalRecord> records) {
    const double h = crude_hazard(records);
    return fit_two_positive(models::weibull_log_likelihood, records, 1.0 / h, 1.0, "scale_months", "shape");
}

models::HazardCurve ChurnFit::best_curve() const {
    models::HazardCurve curve;
    if (sbg_is_better()) {
        curve.model = models::HazardModel::sbg;
        curve.sbg_alpha = sbg.estimates[0].value;
        curve.sbg_beta = sbg.estimates[1].value;
    } else {
        curve.model = models::HazardModel::weibull;
        curve.weibull_scale_months = weibull.estimates[0].value;
        curve.weibull_shape = weibull.estimates[1].value;
    }
    return curve;
}

ChurnFit fit_churn(const std::string& segment, std::span<const models::SurvivalRecord> records) {
    ChurnFit fit;
    fit.segment = segment;
    for (const auto& r : records) {
        fit.customers += r.count;
        fit.churners += r.churned ? r.count : 0.0;
        fit.months = std::max(fit.months, r.exit_month);
    }
    fit.sbg = fit_sbg(records);
    fit.weibull = fit_weibull(records);
    fit.observed_survival = models::kaplan_meier(records, fit.months);
    models::HazardCurve sbg;
    sbg.model = models::HazardModel::sbg;
    sbg.sbg_alpha = fit.sbg.estimates[0].value;
    sbg.sbg_beta = fit.sbg.estimates[1].value;
    models::HazardCurve weibull;
    weibull.model = models::HazardModel::weibull;
    weibull.weibull_scale_months = fit.weibull.estimates[0].value;
    weibull.weibull_shape = fit.weibull.estimates[1].value;
    for (int t = 1; t <= fit.months; ++t) {
        fit.sbg_survival.push_back(models::survival_at(sbg, t));
        fit.weibull_survival.push_back(models::survival_at(weibull, t));
    }
    return fit;
}

namespace {

// The logit's log-likelihood is concave with an analytic Hessian, so Newton's method with
// step halving converges from zero in a few steps, where L-BFGS stalls on attributes whose
// scales differ by orders of magnitude (CNY of bill against a 0-1 risk).
struct NewtonResult {
    std::vector<double> x;
    bool converged = false;
    std::string note;
};

NewtonResult newton_logit(const models::ChoiceData& data) {
    const auto k = static_cast<std::size_t>(data.features);
    NewtonResult result{std::vector<double>(k, 0.0), false, ""};
    models::LogitLikelihood at = models::logit_log_likelihood(data, result.x);
    for (int iteration = 0; iteration < 100; ++iteration) {
        std::vector<double> negated(at.hessian.size());
        for (std::size_t i = 0; i < negated.size(); ++i) negated[i] = -at.hessian[i];
        const std::vector<double> inverse = invert(negated, k);
        if (inverse.empty()) {
            result.note = "the attributes do not vary enough to identify every weight";
            return result;
        }
        std::vector<double> step(k, 0.0);
        double decrement = 0.0;  // g' H^-1 g: twice the expected gain
        for (std::size_t i = 0; i < k; ++i)
            for (std::size_t j = 0; j < k; ++j) step[i] += inverse[i * k + j] * at.gradient[j];
        for (std::size_t i = 0; i < k; ++i) decrement += step[i] * at.gradient[i];
        // The Newton decrement: half of it is the gain the next step would bring.
        if (decrement < 1e-12 * (1.0 + std::abs(at.value))) {
            result.converged = true;
            return result;
        }
        double scale = 1.0;
        bool improved = false;
        for (int halving = 0; halving < 60 && !improved; ++halving, scale /= 2.0) {
            std::vector<double> trial = result.x;
            for (std::size_t i = 0; i < k; ++i) trial[i] += scale * step[i];
            models::LogitLikelihood next = models::logit_log_likelihood(data, trial);
            if (next.value >= at.value) {
                result.x = std::move(trial);
                at = std::move(next);
                improved = true;
            }
        }
        if (!improved) {  // round-off at the top: converged when the expected gain is negligible
            result.converged = decrement < 1e-6 * (1.0 + std::abs(at.value));
            if (!result.converged) result.note = "no step improves the log-likelihood";
            return result;
        }
    }
    result.note = "no convergence in 100 Newton steps";
    return result;
}

}  // namespace

ChoiceFit fit_choices(const std::string& segment, const models::ChoiceData& data) {
    const auto k = static_cast<std::size_t>(data.features);
    const NewtonResult top = newton_logit(data);
    const models::LogitLikelihood at_top = models::logit_log_likelihood(data, top.x);
    const std::vector<double> se = standard_errors(at_top.hessian, k);
    ChoiceFit fit;
    fit.segment = segment;
    fit.situations = data.situations();
    for (std::size_t i = 0; i < k; ++i)
        fit.logit.estimates.push_back({kChoiceAttributes[i], top.x[i], se[i]});
    fit.logit.log_likelihood = at_top.value;
    fit.logit.converged = top.converged;
    fit.logit.note = top.note;
    fit.null_log_likelihood = models::logit_null_log_likelihood(data);
    fit.rho_squared = 1.0 - fit.logit.log_likelihood / fit.null_log_likelihood;
    return fit;
}

CalibrationResult calibrate(
    const CalibrationData& data,
    const std::map<std::string, std::map<std::string, models::DistributionKind>>& kinds) {
    CalibrationResult result;
    for (const auto& [segment, records] : data.histories)
        if (!records.empty()) result.churn.push_back(fit_churn(segment, records));
    for (const auto& [segment, choices] : data.choices)
        if (choices.situations() > 0) result.choices.push_back(fit_choices(segment, choices));
    for (const auto& [segment, services] : data.usage) {
        for (const auto& [service, values] : services) {
            models::DistributionKind kind = models::DistributionKind::lognormal;
            if (const auto s = kinds.find(segment); s != kinds.end())
                if (const auto k = s->second.find(service);
                    k != s->second.end() && k->second == models::DistributionKind::gamma)
                    kind = models::DistributionKind::gamma;
            result.usage.push_back({segment, service,
                                    kind == models::DistributionKind::gamma ? models::fit_gamma(values)
                                                                            : models::fit_lognormal(values)});
        }
    }
    return result;
}

}  // namespace offersim::calibration
