#include "models/finance.hpp"

#include <cmath>

namespace offersim::models {

double net_present_value(std::span<const double> flows, double annual_rate) {
    const double monthly_factor = std::pow(1.0 + annual_rate, -1.0 / 12.0);
    double discount = 1.0;
    double npv = 0.0;
    for (double cf : flows) {
        discount *= monthly_factor;
        npv += cf * discount;
    }
    return npv;
}

std::optional<int> payback_month(std::span<const double> flows) {
    double cumulative = 0.0;
    std::optional<int> month;
    for (std::size_t t = 0; t < flows.size(); ++t) {
        cumulative += flows[t];
        if (cumulative < 0.0) {
            month.reset();
        } else if (!month) {
            month = static_cast<int>(t) + 1;
        }
    }
    return month;
}

}  // namespace offersim::models
