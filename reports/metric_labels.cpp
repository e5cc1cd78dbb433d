#include "reports/metric_labels.hpp"

#include <array>

namespace offersim::reports {

namespace {

using Label = std::string_view (*)(const ReportText&);
using sim::Metric;

struct MetricLabel {
    Metric metric;
    Label label;
};

// One row per metric, in the order of sim::kMetricTable (checked below). Totals are named
// as their headline figures, revenue and cost lines as in the bill and the cost table.
constexpr std::array<MetricLabel, sim::kMetricCount> kLabels = {{
    {Metric::active, [](const ReportText& t) { return t.monthly_lines.active; }},
    {Metric::gross_adds, [](const ReportText& t) { return t.monthly_lines.gross_adds; }},
    {Metric::churners, [](const ReportText& t) { return t.monthly_lines.churners; }},
    {Metric::churners_group_switch,
     [](const ReportText& t) { return t.monthly_lines.churners_group_switch; }},
    {Metric::active_end, [](const ReportText& t) { return t.monthly_lines.active_end; }},
    {Metric::offer_take_ups, [](const ReportText& t) { return t.monthly_lines.offer_take_ups; }},
    {Metric::revenue_fee, [](const ReportText& t) { return t.revenue_lines.fee; }},
    {Metric::revenue_bundle_components,
     [](const ReportText& t) { return t.revenue_lines.bundle_components; }},
    {Metric::revenue_overage_voice, [](const ReportText& t) { return t.revenue_lines.overage_voice; }},
    {Metric::revenue_intra_group, [](const ReportText& t) { return t.revenue_lines.intra_group; }},
    {Metric::revenue_overage_data, [](const ReportText& t) { return t.revenue_lines.overage_data; }},
    {Metric::revenue_overage_sms, [](const ReportText& t) { return t.revenue_lines.overage_sms; }},
    {Metric::revenue_min_spend_topup, [](const ReportText& t) { return t.revenue_lines.min_spend_topup; }},
    {Metric::revenue_device, [](const ReportText& t) { return t.revenue_lines.device; }},
    {Metric::revenue_termination_fee, [](const ReportText& t) { return t.revenue_lines.termination_fee; }},
    {Metric::revenue_prepay_forfeit, [](const ReportText& t) { return t.revenue_lines.prepay_forfeit; }},
    {Metric::revenue_price_match, [](const ReportText& t) { return t.revenue_lines.price_match; }},
    {Metric::revenue_total, [](const ReportText& t) { return t.figures.revenue_total; }},
    {Metric::cost_network_voice, [](const ReportText& t) { return t.cost_lines.network_voice; }},
    {Metric::cost_network_data, [](const ReportText& t) { return t.cost_lines.network_data; }},
    {Metric::cost_network_sms, [](const ReportText& t) { return t.cost_lines.network_sms; }},
    {Metric::cost_interconnect, [](const ReportText& t) { return t.cost_lines.interconnect; }},
    {Metric::cost_interconnect_income_lost,
     [](const ReportText& t) { return t.cost_lines.interconnect_income_lost; }},
    {Metric::cost_commission, [](const ReportText& t) { return t.cost_lines.commission; }},
    {Metric::cost_subsidy, [](const ReportText& t) { return t.cost_lines.subsidy; }},
    {Metric::cost_device, [](const ReportText& t) { return t.cost_lines.device; }},
    {Metric::cost_gift, [](const ReportText& t) { return t.cost_lines.gift; }},
    {Metric::cost_bundle_components, [](const ReportText& t) { return t.cost_lines.bundle_components; }},
    {Metric::cost_bad_debt, [](const ReportText& t) { return t.cost_lines.bad_debt; }},
    {Metric::cost_retention, [](const ReportText& t) { return t.cost_lines.retention; }},
    {Metric::cost_fixed, [](const ReportText& t) { return t.cost_lines.fixed; }},
    {Metric::cost_total, [](const ReportText& t) { return t.figures.cost_total; }},
    {Metric::margin, [](const ReportText& t) { return t.figures.margin_total; }},
    {Metric::voice_min, [](const ReportText& t) { return t.monthly_lines.voice_min; }},
    {Metric::off_net_min, [](const ReportText& t) { return t.monthly_lines.off_net_min; }},
    {Metric::inbound_min_lost, [](const ReportText& t) { return t.monthly_lines.inbound_min_lost; }},
    {Metric::data_mb, [](const ReportText& t) { return t.monthly_lines.data_mb; }},
    {Metric::sms, [](const ReportText& t) { return t.monthly_lines.sms; }},
    {Metric::plan_changes, [](const ReportText& t) { return t.monthly_lines.plan_changes; }},
    {Metric::bill_shocks, [](const ReportText& t) { return t.monthly_lines.bill_shocks; }},
    {Metric::vip_upgrades, [](const ReportText& t) { return t.monthly_lines.vip_upgrades; }},
    {Metric::vip_downgrades, [](const ReportText& t) { return t.monthly_lines.vip_downgrades; }},
    {Metric::vip_warned, [](const ReportText& t) { return t.monthly_lines.vip_warned; }},
    {Metric::retention_contacts, [](const ReportText& t) { return t.monthly_lines.retention_contacts; }},
    {Metric::retention_accepts, [](const ReportText& t) { return t.monthly_lines.retention_accepts; }},
}};

constexpr bool labels_follow_the_table() {
    for (std::size_t m = 0; m < kLabels.size(); ++m)
        if (kLabels[m].metric != sim::kMetricTable[m].id) return false;
    return true;
}
static_assert(labels_follow_the_table(), "every metric of sim::kMetricTable needs its label, in order");

}  // namespace

std::string_view metric_label(sim::Metric metric, const ReportText& text) {
    return kLabels[static_cast<std::size_t>(metric)].label(text);
}

}  // namespace offersim::reports
