#include "models/usage_response.hpp"

#include <cmath>

namespace offersim::models {

double usage_factor(double price, double price_ref, double elasticity) {
    if (price == price_ref || elasticity == 0.0 || !(price > 0.0) || !(price_ref > 0.0)) return 1.0;
    return std::pow(price / price_ref, elasticity);
}

double off_peak_share(double share_ref, double relative, double relative_ref, double elasticity) {
    if (relative == relative_ref || elasticity == 0.0 || !(share_ref > 0.0) || !(share_ref < 1.0) ||
        !(relative > 0.0) || !(relative_ref > 0.0))
        return share_ref;
    const double odds = share_ref / (1.0 - share_ref) * std::pow(relative / relative_ref, -elasticity);
    return odds / (1.0 + odds);
}

}  // namespace offersim::models
