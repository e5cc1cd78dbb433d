#pragma once
// The raw output of a run: replication x month x segment x metric, where segment index
// `segments` is the whole base (which alone carries the fixed monthly cost), and the
// same per offer.
#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace offersim::sim {

// Lines recorded each month. Money in fen, usage in minutes / MB / messages.
enum class Metric : int {
    active,  // customers billed in the month
    gross_adds,
    churners,
    active_end,
    offer_take_ups,
    revenue_fee,                // monthly fees (a bundle's share allocated to the mobile tier)
    revenue_bundle_components,  // a bundle's share allocated to broadband, landline, ...
    revenue_overage_voice,
    revenue_intra_group,  // V-net minutes
    revenue_overage_data,
    revenue_overage_sms,
    revenue_min_spend_topup,  // bills topped up to a floor
    revenue_device,           // handsets at retail price
    revenue_termination_fee,
    revenue_prepay_forfeit,  // unreleased prepaid credit of customers who leave
    revenue_total,
    cost_network_voice,
    cost_network_data,
    cost_network_sms,
    cost_interconnect,
    cost_commission,
    cost_subsidy,
    cost_device,
    cost_gift,
    cost_bundle_components,
    cost_bad_debt,
    cost_retention,  // contacts and accepted offers of retention campaigns
    cost_fixed,
    cost_total,
    margin,
    voice_min,
    off_net_min,
    data_mb,
    sms,
    plan_changes,  // customers who moved to another tier or offer by their own choice
    bill_shocks,   // bills above the shock ratio times the usual bill
    vip_upgrades,
    vip_downgrades,
    vip_warned,  // active customers under a downgrade warning at the month's end
    retention_contacts,
    retention_accepts,
    count
};

inline constexpr int kMetricCount = static_cast<int>(Metric::count);

inline constexpr std::array<std::string_view, kMetricCount> kMetricNames = {"active",
                                                                            "gross_adds",
                                                                            "churners",
                                                                            "active_end",
                                                                            "offer_take_ups",
                                                                            "revenue_fee",
                                                                            "revenue_bundle_components",
                                                                            "revenue_overage_voice",
                                                                            "revenue_intra_group",
                                                                            "revenue_overage_data",
                                                                            "revenue_overage_sms",
                                                                            "revenue_min_spend_topup",
                                                                            "revenue_device",
                                                                            "revenue_termination_fee",
                                                                            "revenue_prepay_forfeit",
                                                                            "revenue_total",
                                                                            "cost_network_voice",
                                                                            "cost_network_data",
                                                                            "cost_network_sms",
                                                                            "cost_interconnect",
                                                                            "cost_commission",
                                                                            "cost_subsidy",
                                                                            "cost_device",
                                                                            "cost_gift",
                                                                            "cost_bundle_components",
                                                                            "cost_bad_debt",
                                                                            "cost_retention",
                                                                            "cost_fixed",
                                                                            "cost_total",
                                                                            "margin",
                                                                            "voice_min",
                                                                            "off_net_min",
                                                                            "data_mb",
                                                                            "sms",
                                                                            "plan_changes",
                                                                            "bill_shocks",
                                                                            "vip_upgrades",
                                                                            "vip_downgrades",
                                                                            "vip_warned",
                                                                            "retention_contacts",
                                                                            "retention_accepts"};

inline constexpr Metric kRevenueLines[] = {Metric::revenue_fee,
                                           Metric::revenue_bundle_components,
                                           Metric::revenue_overage_voice,
                                           Metric::revenue_intra_group,
                                           Metric::revenue_overage_data,
                                           Metric::revenue_overage_sms,
                                           Metric::revenue_min_spend_topup,
                                           Metric::revenue_device,
                                           Metric::revenue_termination_fee,
                                           Metric::revenue_prepay_forfeit};
inline constexpr Metric kCostLines[] = {
    Metric::cost_network_voice, Metric::cost_network_data, Metric::cost_network_sms,
    Metric::cost_interconnect,  Metric::cost_commission,   Metric::cost_subsidy,
    Metric::cost_device,        Metric::cost_gift,         Metric::cost_bundle_components,
    Metric::cost_bad_debt,      Metric::cost_retention,    Metric::cost_fixed};

// True for lines in fen.
constexpr bool is_money(Metric m) {
    return m >= Metric::revenue_fee && m <= Metric::margin;
}

// Per offer and month: who holds it and what they bring. Money in fen.
enum class OfferMetric : int { take_ups, holders, churners, revenue, cost, margin, count };
inline constexpr int kOfferMetricCount = static_cast<int>(OfferMetric::count);
inline constexpr std::array<std::string_view, kOfferMetricCount> kOfferMetricNames = {
    "take_ups", "holders", "churners", "revenue", "cost", "margin"};

struct MetricCube {
    int replications = 0;
    int months = 0;
    int segments = 0;  // not counting the whole-base row
    int tiers = 0;
    int offers = 0;
    std::vector<double> values;          // [rep][month][segment + 1][metric]
    std::vector<double> active_by_tier;  // [rep][month][tier], at the end of the month
    std::vector<double> offer_values;    // [rep][month][offer][offer metric]
    std::vector<double> cohort_margin;   // [rep][offer][take-up month][month]: margin of that month's takers
    std::vector<double> migrations;      // [rep][month][from tier][to tier]: plan changes by choice

    MetricCube(int r, int m, int s, int t, int o)
        : replications(r),
          months(m),
          segments(s),
          tiers(t),
          offers(o),
          values(static_cast<std::size_t>(r) * m * (s + 1) * kMetricCount, 0.0),
          active_by_tier(static_cast<std::size_t>(r) * m * t, 0.0),
          offer_values(static_cast<std::size_t>(r) * m * o * kOfferMetricCount, 0.0),
          cohort_margin(static_cast<std::size_t>(r) * o * m * m, 0.0),
          migrations(static_cast<std::size_t>(r) * m * t * t, 0.0) {}

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
    double& offer_at(int rep, int month, int offer, OfferMetric metric) {
        return offer_values[offer_index(rep, month, offer, metric)];
    }
    double offer_at(int rep, int month, int offer, OfferMetric metric) const {
        return offer_values[offer_index(rep, month, offer, metric)];
    }
    double& migration_at(int rep, int month, int from, int to) {
        return migrations[((static_cast<std::size_t>(rep) * months + month) * tiers + from) * tiers + to];
    }
    double migration_at(int rep, int month, int from, int to) const {
        return migrations[((static_cast<std::size_t>(rep) * months + month) * tiers + from) * tiers + to];
    }
    double& cohort_at(int rep, int offer, int take_up_month, int month) {
        return cohort_margin[cohort_index(rep, offer, take_up_month, month)];
    }
    double cohort_at(int rep, int offer, int take_up_month, int month) const {
        return cohort_margin[cohort_index(rep, offer, take_up_month, month)];
    }

private:
    std::size_t index(int rep, int month, int segment, Metric metric) const {
        return ((static_cast<std::size_t>(rep) * months + month) * (segments + 1) + segment) * kMetricCount +
               static_cast<std::size_t>(metric);
    }
    std::size_t offer_index(int rep, int month, int offer, OfferMetric metric) const {
        return ((static_cast<std::size_t>(rep) * months + month) * offers + offer) * kOfferMetricCount +
               static_cast<std::size_t>(metric);
    }
    std::size_t cohort_index(int rep, int offer, int take_up_month, int month) const {
        return ((static_cast<std::size_t>(rep) * offers + offer) * months + take_up_month) * months + month;
    }
};

}  // namespace offersim::sim
