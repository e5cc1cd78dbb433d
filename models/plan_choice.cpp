#include "models/plan_choice.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace offersim::models {

double exceed_probability(double mean_units, double allowance, double sigma) {
    if (mean_units <= 0.0) return 0.0;
    if (allowance <= 0.0) return 1.0;
    if (sigma <= 0.0) return mean_units > allowance ? 1.0 : 0.0;
    // ln X ~ N(-sigma^2 / 2, sigma^2), so P(m X > a) = 1 - Phi((ln(a / m) + sigma^2 / 2) / sigma).
    const double z = (std::log(allowance / mean_units) + 0.5 * sigma * sigma) / sigma;
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

double choice_probabilities(std::span<const double> utilities, std::span<double> probabilities) {
    if (utilities.empty()) return -std::numeric_limits<double>::infinity();
    const double top = *std::max_element(utilities.begin(), utilities.end());
    double sum = 0.0;
    for (std::size_t k = 0; k < utilities.size(); ++k) sum += probabilities[k] = std::exp(utilities[k] - top);
    for (double& p : probabilities) p /= sum;
    return top + std::log(sum);
}

double log_sum(std::span<const double> utilities) {
    if (utilities.empty()) return -std::numeric_limits<double>::infinity();
    const double top = *std::max_element(utilities.begin(), utilities.end());
    double sum = 0.0;
    for (const double u : utilities) sum += std::exp(u - top);
    return top + std::log(sum);
}

int pick_alternative(std::span<const double> probabilities, double u) {
    double running = 0.0;
    for (std::size_t k = 0; k + 1 < probabilities.size(); ++k) {
        running += probabilities[k];
        if (u < running) return static_cast<int>(k);
    }
    return static_cast<int>(probabilities.size()) - 1;
}

}  // namespace offersim::models
