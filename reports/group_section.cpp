#include "reports/group_section.hpp"

#include "reports/figure_format.hpp"
#include "reports/number_format.hpp"

#include <array>
#include <string_view>

namespace offersim::reports {

namespace {

struct KpiSpec {
    std::string_view key;
    std::string_view GroupText::*label;
    GroupFigure kind;
    bool shown_when_zero = true;  // false: a lever's row, left out when the scenario has no such lever
};

// The two KPIs of 2009 first (retention, informatization revenue), then what explains them.
constexpr std::array kKpis = {
    KpiSpec{"target_market_retention_end", &GroupText::target_market_retention_end, GroupFigure::share, true},
    KpiSpec{"informatization_revenue_total_cny", &GroupText::informatization_revenue_total, GroupFigure::cny,
            true},
    KpiSpec{"purity_start", &GroupText::purity_start, GroupFigure::share, true},
    KpiSpec{"purity_end", &GroupText::purity_end, GroupFigure::share, true},
    KpiSpec{"member_revenue_total_cny", &GroupText::member_revenue_total, GroupFigure::cny, true},
    KpiSpec{"marketing_cost_total_cny", &GroupText::marketing_cost_total, GroupFigure::cny, true},
    KpiSpec{"groups_total", &GroupText::groups_total, GroupFigure::count, true},
    KpiSpec{"bids_received", &GroupText::bids_received, GroupFigure::count, true},
    KpiSpec{"groups_switched", &GroupText::groups_switched, GroupFigure::count, true},
    KpiSpec{"switches_expected", &GroupText::switches_expected, GroupFigure::count, true},
    KpiSpec{"tier_drop_warnings", &GroupText::tier_drop_warnings, GroupFigure::count, true},
    // The levers of docs/models.md section 29.
    KpiSpec{"groups_new", &GroupText::groups_new, GroupFigure::count, false},
    KpiSpec{"groups_under_agreement_end", &GroupText::groups_under_agreement_end, GroupFigure::count, false},
    KpiSpec{"agreement_renewals", &GroupText::agreement_renewals, GroupFigure::count, false},
    KpiSpec{"early_exits", &GroupText::early_exits, GroupFigure::count, false},
    KpiSpec{"early_exit_fees_total_cny", &GroupText::early_exit_fees_total, GroupFigure::cny, false},
    KpiSpec{"reward_cost_total_cny", &GroupText::reward_cost_total, GroupFigure::cny, false},
    KpiSpec{"member_cost_total_cny", &GroupText::member_cost_total, GroupFigure::cny, false},
    KpiSpec{"unified_payment_share", &GroupText::unified_payment_share, GroupFigure::share, false},
    KpiSpec{"price_matches", &GroupText::price_matches, GroupFigure::count, false},
    KpiSpec{"price_match_cost_total_cny", &GroupText::price_match_cost_total, GroupFigure::cny, false},
    KpiSpec{"margin_total_cny", &GroupText::margin_total, GroupFigure::cny, true},
    KpiSpec{"members_joined", &GroupText::members_joined, GroupFigure::count, false},
    KpiSpec{"joiners_revenue_total_cny", &GroupText::joiners_revenue_total, GroupFigure::cny, false},
};

std::string format(double value, GroupFigure kind, Language language) {
    switch (kind) {
        case GroupFigure::share:
            return format_percent(value, 1);
        case GroupFigure::cny:
            return format_cny(value, language);
        case GroupFigure::count:
            break;
    }
    return format_grouped(value, 1, language);
}

}  // namespace

std::vector<GroupKpi> group_kpis(const sim::GroupResults& g, const ReportText& text) {
    std::vector<GroupKpi> out;
    for (const auto& kpi : kKpis)
        for (const auto& h : g.headlines)
            if (h.key == kpi.key && (kpi.shown_when_zero || h.band.mean != 0.0 || h.band.p95 != 0.0))
                out.push_back(GroupKpi{kpi.key, text.groups.*kpi.label, kpi.kind, &h.band});
    return out;
}

GroupSection group_section(const sim::GroupResults& g, const ReportText& text, Language language) {
    const GroupText& t = text.groups;
    GroupSection s;
    for (const auto& h : g.headlines)
        if (h.key == "tier_drop_warnings" && h.band.mean > 0.0)
            s.warning = fill(t.warning, {{"count", format_grouped(h.band.mean, 1, language)}});

    s.kpi_note = std::string(t.kpi_note);
    s.kpis.headings = {std::string(text.column_figure), std::string(text.column_mean),
                       std::string(text.column_p5), std::string(text.column_p95)};
    for (const GroupKpi& kpi : group_kpis(g, text))
        s.kpis.rows.push_back({std::string(kpi.label), format(kpi.band->mean, kpi.kind, language),
                               format(kpi.band->p5, kpi.kind, language),
                               format(kpi.band->p95, kpi.kind, language)});

    s.classes.headings = {std::string(t.column_class),      std::string(t.column_industry),
                          std::string(t.column_groups),     std::string(t.column_purity_start),
                          std::string(t.column_purity_end), std::string(t.column_retention),
                          std::string(t.column_switched),   std::string(t.column_informatization),
                          std::string(t.column_tier_drops)};
    for (const auto& c : g.classes)
        s.classes.rows.push_back(
            {c.name.empty() ? c.id : c.name, c.industry, format_grouped(c.groups, 0, language),
             format_percent(c.purity_start.mean, 1), format_percent(c.purity_end.mean, 1),
             format_percent(c.target_market_retention_end.mean, 1),
             format_grouped(c.switched.mean, 1, language),
             format_cny(c.informatization_revenue_cny.mean, language),
             format_grouped(c.tier_drops.mean, 1, language)});

    s.tiers.headings = {std::string(t.column_tier), std::string(t.column_groups_first_month),
                        std::string(t.column_groups_end)};
    if (!g.monthly.empty())
        for (std::size_t tier = 0; tier < g.tier_ids.size(); ++tier) {
            const auto& name = g.tier_names[tier].empty() ? g.tier_ids[tier] : g.tier_names[tier];
            s.tiers.rows.push_back({name,
                                    format_grouped(g.monthly.front().groups_by_tier[tier].mean, 1, language),
                                    format_grouped(g.monthly.back().groups_by_tier[tier].mean, 1, language)});
        }
    return s;
}

}  // namespace offersim::reports
