#include "engine/calibration/maximise.hpp"

#include <nlopt.h>

#include <cmath>
#include <exception>

namespace offersim::calibration {

namespace {

double call_objective(unsigned n, const double* x, double* gradient, void* data) {
    const auto& f = *static_cast<const Objective*>(data);
    std::vector<double> unused;
    std::span<double> g;
    if (gradient != nullptr) {
        g = std::span<double>(gradient, n);
    } else {
        unused.assign(n, 0.0);
        g = unused;
    }
    // No exception may cross NLopt's C frames.
    try {
        const double value = f(std::span<const double>(x, n), g);
        return std::isfinite(value) ? value : -HUGE_VAL;
    } catch (const std::exception&) {
        return -HUGE_VAL;
    }
}

}  // namespace

Maximum maximise(const Objective& f, std::vector<double> start, double bound) {
    const auto n = static_cast<unsigned>(start.size());
    nlopt_opt opt = nlopt_create(NLOPT_LD_LBFGS, n);
    if (bound > 0.0) {
        nlopt_set_lower_bounds1(opt, -bound);
        nlopt_set_upper_bounds1(opt, bound);
    }
    nlopt_set_max_objective(opt, call_objective, const_cast<Objective*>(&f));
    nlopt_set_xtol_rel(opt, 1e-12);
    nlopt_set_ftol_rel(opt, 1e-15);
    nlopt_set_maxeval(opt, 2000);
    Maximum result;
    result.x = std::move(start);
    const nlopt_result status = nlopt_optimize(opt, result.x.data(), &result.value);
    nlopt_destroy(opt);
    // A round-off stop at the top is a converged fit for our purpose: the gradient is ~0.
    result.converged = status > 0 || status == NLOPT_ROUNDOFF_LIMITED;
    if (!result.converged) result.note = nlopt_result_to_string(status);
    return result;
}

}  // namespace offersim::calibration
