#pragma once
// The raw output of a run: replication x month x segment x metric, where segment index
// `segments` is the whole base (which alone carries the fixed monthly cost), and the
// same per offer.
#include "engine/sim/customer_view_cube.hpp"
#include "engine/sim/group_replication.hpp"
#include "engine/sim/win_back_tally.hpp"

#include <algorithm>
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
    churners_group_switch,  // of churners: members who followed their group's switch (§28)
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
    revenue_price_match,     // minus the cut on group members' bills matching a rival's quote (§29.1)
    revenue_total,
    cost_network_voice,
    cost_network_data,
    cost_network_sms,
    cost_interconnect,
    cost_interconnect_income_lost,  // inbound interconnect income won-back customers no longer bring
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
    inbound_min_lost,  // minutes won-back customers no longer call us from a rival's network
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

// What a line is in the accounts: revenue and cost lines add up to revenue_total and
// cost_total; totals and everything else are neither.
enum class LineRole { other, revenue_line, cost_line };
enum class Unit { customers, fen, minutes, megabytes, messages, events };

struct MetricDef {
    Metric id;
    std::string_view key;  // its name in outputs, with "_cny" appended for money
    Unit unit;
    LineRole role;
};

// The one definition of every monthly line, in the order of Metric. The cube, the
// summaries and the writers derive names, units and roles from it; the report text of each
// line is in reports/metric_labels.cpp.
inline constexpr std::array<MetricDef, kMetricCount> kMetricTable = {{
    {Metric::active, "active", Unit::customers, LineRole::other},
    {Metric::gross_adds, "gross_adds", Unit::customers, LineRole::other},
    {Metric::churners, "churners", Unit::customers, LineRole::other},
    {Metric::churners_group_switch, "churners_group_switch", Unit::customers, LineRole::other},
    {Metric::active_end, "active_end", Unit::customers, LineRole::other},
    {Metric::offer_take_ups, "offer_take_ups", Unit::customers, LineRole::other},
    {Metric::revenue_fee, "revenue_fee", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_bundle_components, "revenue_bundle_components", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_overage_voice, "revenue_overage_voice", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_intra_group, "revenue_intra_group", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_overage_data, "revenue_overage_data", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_overage_sms, "revenue_overage_sms", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_min_spend_topup, "revenue_min_spend_topup", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_device, "revenue_device", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_termination_fee, "revenue_termination_fee", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_prepay_forfeit, "revenue_prepay_forfeit", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_price_match, "revenue_price_match", Unit::fen, LineRole::revenue_line},
    {Metric::revenue_total, "revenue_total", Unit::fen, LineRole::other},
    {Metric::cost_network_voice, "cost_network_voice", Unit::fen, LineRole::cost_line},
    {Metric::cost_network_data, "cost_network_data", Unit::fen, LineRole::cost_line},
    {Metric::cost_network_sms, "cost_network_sms", Unit::fen, LineRole::cost_line},
    {Metric::cost_interconnect, "cost_interconnect", Unit::fen, LineRole::cost_line},
    {Metric::cost_interconnect_income_lost, "cost_interconnect_income_lost", Unit::fen, LineRole::cost_line},
    {Metric::cost_commission, "cost_commission", Unit::fen, LineRole::cost_line},
    {Metric::cost_subsidy, "cost_subsidy", Unit::fen, LineRole::cost_line},
    {Metric::cost_device, "cost_device", Unit::fen, LineRole::cost_line},
    {Metric::cost_gift, "cost_gift", Unit::fen, LineRole::cost_line},
    {Metric::cost_bundle_components, "cost_bundle_components", Unit::fen, LineRole::cost_line},
    {Metric::cost_bad_debt, "cost_bad_debt", Unit::fen, LineRole::cost_line},
    {Metric::cost_retention, "cost_retention", Unit::fen, LineRole::cost_line},
    {Metric::cost_fixed, "cost_fixed", Unit::fen, LineRole::cost_line},
    {Metric::cost_total, "cost_total", Unit::fen, LineRole::other},
    {Metric::margin, "margin", Unit::fen, LineRole::other},
    {Metric::voice_min, "voice_min", Unit::minutes, LineRole::other},
    {Metric::off_net_min, "off_net_min", Unit::minutes, LineRole::other},
    {Metric::inbound_min_lost, "inbound_min_lost", Unit::minutes, LineRole::other},
    {Metric::data_mb, "data_mb", Unit::megabytes, LineRole::other},
    {Metric::sms, "sms", Unit::messages, LineRole::other},
    {Metric::plan_changes, "plan_changes", Unit::events, LineRole::other},
    {Metric::bill_shocks, "bill_shocks", Unit::events, LineRole::other},
    {Metric::vip_upgrades, "vip_upgrades", Unit::events, LineRole::other},
    {Metric::vip_downgrades, "vip_downgrades", Unit::events, LineRole::other},
    {Metric::vip_warned, "vip_warned", Unit::customers, LineRole::other},
    {Metric::retention_contacts, "retention_contacts", Unit::events, LineRole::other},
    {Metric::retention_accepts, "retention_accepts", Unit::events, LineRole::other},
}};

constexpr bool table_follows_the_enum() {
    for (int m = 0; m < kMetricCount; ++m)
        if (kMetricTable[static_cast<std::size_t>(m)].id != static_cast<Metric>(m)) return false;
    return true;
}
static_assert(table_follows_the_enum(), "kMetricTable must list every Metric once, in the enum's order");

constexpr const MetricDef& metric_def(Metric m) {
    return kMetricTable[static_cast<std::size_t>(m)];
}

// True for lines in fen.
constexpr bool is_money(Metric m) {
    return metric_def(m).unit == Unit::fen;
}

// The lines of one role, in the table's order (the order of a bill).
template <LineRole role>
constexpr auto lines_of() {
    constexpr std::size_t n = [] {
        std::size_t count = 0;
        for (const auto& d : kMetricTable) count += d.role == role ? 1 : 0;
        return count;
    }();
    std::array<Metric, n> lines{};
    std::size_t i = 0;
    for (const auto& d : kMetricTable)
        if (d.role == role) lines[i++] = d.id;
    return lines;
}
inline constexpr auto kRevenueLines = lines_of<LineRole::revenue_line>();
inline constexpr auto kCostLines = lines_of<LineRole::cost_line>();

// Per offer and month: who holds it and what they bring. Money in fen.
enum class OfferMetric : int { take_ups, holders, churners, revenue, cost, margin, count };
inline constexpr int kOfferMetricCount = static_cast<int>(OfferMetric::count);
inline constexpr std::array<std::string_view, kOfferMetricCount> kOfferMetricNames = {
    "take_ups", "holders", "churners", "revenue", "cost", "margin"};

// Where one take-up cohort of an offer stands: its margin so far (fen) and the month of its
// series (1: the take-up month) from which that margin has stayed at or above zero, 0 while
// it has not (models::payback_month, kept as the months go so that no month x month table
// is held).
struct CohortPayback {
    double cumulative = 0.0;
    int month = 0;

    void add(double margin, int series_month) {
        cumulative += margin;
        if (cumulative < 0.0)
            month = 0;
        else if (month == 0)
            month = series_month;
    }
};

// Copies `part`, rows of `part_reps` replications laid out replication by replication, into
// `into` from replication `first` on: how a run's parts (parameter draws, ranks) are put together.
template <typename T>
void place_replication_rows(std::vector<T>& into, const std::vector<T>& part, int part_reps, int first) {
    const std::size_t per_rep = part.size() / static_cast<std::size_t>(part_reps);
    std::copy(part.begin(), part.end(), into.begin() + static_cast<std::ptrdiff_t>(per_rep * first));
}

struct MetricCube {
    int replications = 0;
    int months = 0;
    int segments = 0;  // not counting the whole-base row
    int tiers = 0;
    int offers = 0;
    std::vector<double> values;                 // [rep][month][segment + 1][metric]
    std::vector<double> active_by_tier;         // [rep][month][tier], at the end of the month
    std::vector<double> offer_values;           // [rep][month][offer][offer metric]
    std::vector<CohortPayback> cohort_payback;  // [rep][offer][take-up month]: that month's takers
    std::vector<double> migrations;             // [rep][month][from tier][to tier]: plan changes by choice
    CustomerViewCube views;                     // the per-customer views, when the scenario asks for them
    std::vector<WinBackTally> win_back;         // [rep], when the plan has a win-back campaign
    // Each replication's groups, when group members are customers (docs/models.md §28).
    std::vector<GroupReplication> group_runs;

    MetricCube() = default;
    MetricCube(int r, int m, int s, int t, int o)
        : replications(r),
          months(m),
          segments(s),
          tiers(t),
          offers(o),
          values(static_cast<std::size_t>(r) * m * (s + 1) * kMetricCount, 0.0),
          active_by_tier(static_cast<std::size_t>(r) * m * t, 0.0),
          offer_values(static_cast<std::size_t>(r) * m * o * kOfferMetricCount, 0.0),
          cohort_payback(static_cast<std::size_t>(r) * o * m),
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
    CohortPayback& cohort_at(int rep, int offer, int take_up_month) {
        return cohort_payback[cohort_index(rep, offer, take_up_month)];
    }
    const CohortPayback& cohort_at(int rep, int offer, int take_up_month) const {
        return cohort_payback[cohort_index(rep, offer, take_up_month)];
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
    std::size_t cohort_index(int rep, int offer, int take_up_month) const {
        return (static_cast<std::size_t>(rep) * offers + offer) * months + take_up_month;
    }
};

}  // namespace offersim::sim
