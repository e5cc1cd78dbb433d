#include "models/churn_hazard.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::models {

double hazard_at(const HazardCurve& curve, int t) {
    switch (curve.model) {
        case HazardModel::constant:
            return curve.monthly_hazard;
        case HazardModel::table: {
            double h = curve.bands.empty() ? 0.0 : curve.bands.front().monthly_hazard;
            for (const auto& band : curve.bands)
                if (band.from_month <= t) h = band.monthly_hazard;
            return h;
        }
        case HazardModel::weibull: {
            const double k = curve.weibull_shape;
            const double s = curve.weibull_scale_months;
            const double cumulative_before = std::pow((t - 1) / s, k);
            const double cumulative_now = std::pow(t / s, k);
            return -std::expm1(cumulative_before - cumulative_now);
        }
        case HazardModel::sbg:
            return curve.sbg_alpha / (curve.sbg_alpha + curve.sbg_beta + t - 1);
    }
    return 0.0;
}

double survival_at(const HazardCurve& curve, int t) {
    double s = 1.0;
    for (int u = 1; u <= t; ++u) s *= 1.0 - hazard_at(curve, u);
    return s;
}

std::vector<float> hazard_table(const HazardCurve& curve, int months) {
    std::vector<float> table(static_cast<std::size_t>(months));
    for (int t = 1; t <= months; ++t)
        table[static_cast<std::size_t>(t - 1)] =
            static_cast<float>(std::clamp(hazard_at(curve, t), 0.0, 1.0));
    return table;
}

}  // namespace offersim::models
