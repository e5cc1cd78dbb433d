#include "models/price_response.hpp"

#include <cmath>

namespace offersim::models {

double leave_odds_ratio(double beta_per_cny, double bill_change_cny) {
    return std::exp(beta_per_cny * bill_change_cny);
}

double beta_from_churn_elasticity(double elasticity, double bill_cny, double hm) {
    return bill_cny > 0.0 && hm < 1.0 ? elasticity / (bill_cny * (1.0 - hm)) : 0.0;
}

}  // namespace offersim::models
