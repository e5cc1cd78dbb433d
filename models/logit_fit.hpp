#pragma once
// The multinomial logit's log-likelihood on observed choices, linear in its coefficients,
// with analytic gradient and Hessian, for `offersim calibrate` (docs/models.md, section 32).
#include <span>
#include <vector>

namespace offersim::models {

// Choice situations one after another: situation s offers the alternatives in rows
// [starts[s], starts[s+1]) of `attributes` (row-major, `features` columns each), and its
// customer chose row `chosen[s]` (an absolute row index inside that range).
struct ChoiceData {
    int features = 0;
    std::vector<double> attributes;
    std::vector<int> starts{0};  // one more than situations; the last is the row count
    std::vector<int> chosen;

    int situations() const { return static_cast<int>(chosen.size()); }
    int rows() const { return starts.back(); }
};

struct LogitLikelihood {
    double value = 0.0;
    std::vector<double> gradient;  // features
    std::vector<double> hessian;   // features x features, row-major; negative semi-definite
};

// LL(b) = sum_s [ x_chosen . b - ln sum_j exp(x_j . b) ]; gradient sum_s (x_chosen - xbar_s),
// Hessian -sum_s sum_j p_j (x_j - xbar_s)(x_j - xbar_s)^T, xbar_s = sum_j p_j x_j.
LogitLikelihood logit_log_likelihood(const ChoiceData& data, std::span<const double> coefficients);

// LL at all coefficients zero (every alternative equally likely), for rho^2 = 1 - LL / LL0.
double logit_null_log_likelihood(const ChoiceData& data);

}  // namespace offersim::models
