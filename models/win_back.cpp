#include "models/win_back.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace offersim::models {

bool meets_traffic_rule(std::span<const double> base_months_min, const TrafficRule& rule) {
    if (base_months_min.empty()) return false;
    double total = 0.0;
    for (double minutes : base_months_min) {
        if (!(minutes > rule.min_each_month_min)) return false;
        total += minutes;
    }
    return total > rule.min_total_min;
}

bool old_number_went_quiet(double base_average_min, std::span<const double> old_minutes_after_switch,
                           const SuccessTest& test) {
    const double limit = test.quiet_share * base_average_min;
    const auto decision = static_cast<std::size_t>(test.decision_month());
    if (old_minutes_after_switch.size() < decision) return false;
    for (int m = test.first_quiet_month; m <= test.decision_month(); ++m)
        if (!(old_minutes_after_switch[static_cast<std::size_t>(m - 1)] < limit)) return false;
    return true;
}

int fingerprint_overlap(std::span<const int> old_top, std::span<const int> new_top) {
    return static_cast<int>(std::count_if(old_top.begin(), old_top.end(), [&](int number) {
        return std::find(new_top.begin(), new_top.end(), number) != new_top.end();
    }));
}

WinBackVerdict judge_win_back(double base_average_min, std::span<const double> old_minutes_after_switch,
                              std::span<const int> old_top, std::span<const int> new_top,
                              const SuccessTest& test) {
    WinBackVerdict v;
    v.went_quiet = old_number_went_quiet(base_average_min, old_minutes_after_switch, test);
    v.overlap = fingerprint_overlap(old_top, new_top);
    v.fingerprint_matches = v.overlap >= test.fingerprint_min_overlap;
    v.confirmed = v.went_quiet && v.fingerprint_matches;
    return v;
}

std::vector<int> top_contacts(std::span<const int> calls, int k) {
    std::vector<int> order(calls.size());
    std::iota(order.begin(), order.end(), 0);
    const auto by_calls = [&](int a, int b) {
        const auto ua = static_cast<std::size_t>(a), ub = static_cast<std::size_t>(b);
        return calls[ua] != calls[ub] ? calls[ua] > calls[ub] : a < b;
    };
    const auto keep = std::min<std::size_t>(order.size(), static_cast<std::size_t>(std::max(k, 0)));
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep), order.end(),
                      by_calls);
    order.resize(keep);
    std::erase_if(order, [&](int i) { return calls[static_cast<std::size_t>(i)] <= 0; });
    return order;
}

PoissonTable::PoissonTable(double lambda) {
    if (!(lambda > 0.0)) {
        cumulative_.push_back(1.0);
        return;
    }
    const int last = static_cast<int>(lambda + 40.0 * std::sqrt(lambda) + 40.0);
    const double log_lambda = std::log(lambda);
    double total = 0.0;
    cumulative_.reserve(static_cast<std::size_t>(last) + 1);
    for (int n = 0; n <= last; ++n) {
        total += std::exp(-lambda + n * log_lambda - std::lgamma(n + 1.0));
        cumulative_.push_back(total);
    }
}

int PoissonTable::quantile(double u) const {
    const auto it = std::lower_bound(cumulative_.begin(), cumulative_.end(), u);
    return static_cast<int>(
        std::min(it - cumulative_.begin(), static_cast<std::ptrdiff_t>(cumulative_.size()) - 1));
}

double regional_score(double actual, double target, double full_points, double zero_below) {
    const double share = actual / target;
    if (share >= 1.0) return full_points;
    if (share < zero_below) return 0.0;
    return full_points * (share - zero_below) / (1.0 - zero_below);
}

}  // namespace offersim::models
