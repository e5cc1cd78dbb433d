#include "models/logit_fit.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::models {

LogitLikelihood logit_log_likelihood(const ChoiceData& data, std::span<const double> coefficients) {
    const auto k = static_cast<std::size_t>(data.features);
    LogitLikelihood ll;
    ll.gradient.assign(k, 0.0);
    ll.hessian.assign(k * k, 0.0);
    std::vector<double> utility;
    std::vector<double> mean(k);
    for (int s = 0; s < data.situations(); ++s) {
        const auto first = static_cast<std::size_t>(data.starts[static_cast<std::size_t>(s)]);
        const auto last = static_cast<std::size_t>(data.starts[static_cast<std::size_t>(s) + 1]);
        const auto row = [&](std::size_t r) { return data.attributes.data() + r * k; };
        utility.assign(last - first, 0.0);
        for (std::size_t r = first; r < last; ++r)
            for (std::size_t f = 0; f < k; ++f) utility[r - first] += row(r)[f] * coefficients[f];
        const double top = *std::max_element(utility.begin(), utility.end());
        double total = 0.0;
        for (double& u : utility) total += (u = std::exp(u - top));
        std::fill(mean.begin(), mean.end(), 0.0);
        for (std::size_t r = first; r < last; ++r) {
            utility[r - first] /= total;  // now the choice probability
            for (std::size_t f = 0; f < k; ++f) mean[f] += utility[r - first] * row(r)[f];
        }
        const auto chosen = static_cast<std::size_t>(data.chosen[static_cast<std::size_t>(s)]);
        ll.value += std::log(utility[chosen - first]);
        for (std::size_t f = 0; f < k; ++f) ll.gradient[f] += row(chosen)[f] - mean[f];
        for (std::size_t r = first; r < last; ++r) {
            const double p = utility[r - first];
            for (std::size_t f = 0; f < k; ++f)
                for (std::size_t g = 0; g < k; ++g)
                    ll.hessian[f * k + g] -= p * (row(r)[f] - mean[f]) * (row(r)[g] - mean[g]);
        }
    }
    return ll;
}

double logit_null_log_likelihood(const ChoiceData& data) {
    double value = 0.0;
    for (int s = 0; s < data.situations(); ++s) {
        const int n = data.starts[static_cast<std::size_t>(s) + 1] - data.starts[static_cast<std::size_t>(s)];
        value -= std::log(static_cast<double>(n));
    }
    return value;
}

}  // namespace offersim::models
