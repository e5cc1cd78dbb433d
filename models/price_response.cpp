#include "models/price_response.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::models {

double leave_odds_ratio(double beta_per_cny, double bill_change_cny, double kink_change) {
    return std::exp(beta_per_cny * bill_change_cny + kink_change);
}

double discount_point_log_odds(double strength, double threshold, double our_bill, double rival_bill) {
    if (strength <= 0.0 || our_bill <= 0.0) return 0.0;
    return strength * std::max(0.0, (our_bill - rival_bill) / our_bill - threshold);
}

double join_probability(double reference_share, double beta_per_cny, double change_cny) {
    const double odds = reference_share / (1.0 - reference_share) * std::exp(-beta_per_cny * change_cny);
    return odds / (1.0 + odds);
}

double beta_from_churn_elasticity(double elasticity, double bill_cny, double hm) {
    return bill_cny > 0.0 && hm < 1.0 ? elasticity / (bill_cny * (1.0 - hm)) : 0.0;
}

}  // namespace offersim::models
