#pragma once
// The raw output of a run: replication x month x segment x metric, where segment index
// `segments` is the whole base (which alone carries the fixed monthly cost).
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace offersim::sim {

// Lines recorded each month. Money in fen, usage in minutes / MB / messages.
enum class Metric : int {
    active,             // customers billed in the month
    gross_adds,
    churners,
    active_end,
    revenue_fee,
    revenue_overage_voice,
    revenue_overage_data,
    revenue_overage_sms,
    revenue_total,
    cost_network_voice,
    cost_network_data,
    cost_network_sms,
    cost_commission,
    cost_fixed,
    cost_total,
    margin,
    voice_min,
    data_mb,
    sms,
    count
};

inline constexpr int kMetricCount = static_cast<int>(Metric::count);

inline constexpr std::array<std::string_view, kMetricCount> kMetricNames = {
    "active",          "gross_adds",         "churners",           "active_end",
    "revenue_fee",     "revenue_overage_voice", "revenue_overage_data", "revenue_overage_sms",
    "revenue_total",   "cost_network_voice", "cost_network_data",  "cost_network_sms",
    "cost_commission", "cost_fixed",         "cost_total",         "margin",
    "voice_min",       "data_mb",            "sms"};

// True for lines in fen.
constexpr bool is_money(Metric m) {
    return m >= Metric::revenue_fee && m <= Metric::margin;
}

struct MetricCube {
    int replications = 0;
    int months = 0;
    int segments = 0;  // not counting the whole-base row
    int tiers = 0;
    std::vector<double> values;          // [rep][month][segment + 1][metric]
    std::vector<double> active_by_tier;  // [rep][month][tier], at the end of the month

    MetricCube(int r, int m, int s, int t)
        : replications(r), months(m), segments(s), tiers(t),
          values(static_cast<std::size_t>(r) * m * (s + 1) * kMetricCount, 0.0),
          active_by_tier(static_cast<std::size_t>(r) * m * t, 0.0) {}

    int total_row() const { return segments; }
    double& at(int rep, int month, int segment, Metric metric) {
        return values[index(rep, month, segment, metric)];
    }
    double at(int rep, int month, int segment, Metric metric) const {
        return values[index(rep, month, segment, metric)];
    }
    double& tier_at(int rep, int month, int tier) {
        return active_by_tier[(static_cast<std::size_t>(rep) * months + month) * tiers + tier];
    }
    double tier_at(int rep, int month, int tier) const {
        return active_by_tier[(static_cast<std::size_t>(rep) * months + month) * tiers + tier];
    }

private:
    std::size_t index(int rep, int month, int segment, Metric metric) const {
        return ((static_cast<std::size_t>(rep) * months + month) * (segments + 1) + segment) * kMetricCount +
               static_cast<std::size_t>(metric);
    }
};

}  // namespace offersim::sim
