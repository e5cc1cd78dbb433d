#include "models/group_levers.hpp"

#include "models/price_response.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::models {

int arrivals_in_month(double per_month, int k) {
    if (per_month <= 0.0 || k < 1) return 0;
    // The tolerance keeps a whole product (0.1 x 30) from falling just below its integer.
    const auto whole = [&](int months) { return static_cast<int>(std::floor(per_month * months + 1e-9)); };
    return whole(k) - whole(k - 1);
}

double unified_payment_churn(double churn_monthly, double unified_share, double unified_multiplier) {
    const double u = std::clamp(unified_share, 0.0, 1.0);
    return std::clamp(churn_monthly * (u * unified_multiplier + 1.0 - u), 0.0, 1.0);
}

double data_mix_factor(double data_revenue, double revenue, double target_share) {
    if (target_share <= 0.0 || revenue <= 0.0) return 0.0;
    return std::clamp(data_revenue / revenue / target_share, 0.0, 1.0);
}

double loss_under_agreement(double arrival, double switch_probability, double agreement_multiplier,
                            int window_months) {
    const double per_month = std::clamp(arrival * switch_probability * agreement_multiplier, 0.0, 1.0);
    return 1.0 - std::pow(1.0 - per_month, std::max(0, window_months));
}

double matched_switch_probability(double p, double beta_per_cny, double price_cut_cny) {
    const double h = std::min(p, 1.0);
    const double r = leave_odds_ratio(beta_per_cny, -price_cut_cny);
    return r == 1.0 ? h : h * r / (1.0 - h + h * r);
}

}  // namespace offersim::models
