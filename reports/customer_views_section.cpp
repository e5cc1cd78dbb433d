#include "reports/customer_views_section.hpp"

#include "reports/figure_format.hpp"
#include "reports/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace offersim::reports {

namespace {

std::string amount(double cny) {
    return fmt::format("{}", cny);
}

TextTable view_table(const std::vector<sim::CustomerViewRow>& rows, bool is_band, const ReportText& text,
                     Language language) {
    const CustomerViewText& t = text.customer_views;
    TextTable table;
    table.headings = {std::string(is_band ? t.column_band : t.column_level),
                      std::string(t.column_customers),
                      std::string(t.column_range),
                      std::string(t.column_revenue),
                      std::string(t.column_range),
                      std::string(t.column_arpu)};
    for (const auto& row : rows) {
        if (row.headcount_mean.mean == 0.0 && row.revenue_total_cny.mean == 0.0) continue;
        table.rows.push_back({view_row_label(row, is_band, text),
                              format_figure(row.headcount_mean.mean, FigureKind::count, language),
                              format_band_range(row.headcount_mean, FigureKind::count, language),
                              format_figure(row.revenue_total_cny.mean, FigureKind::cny, language),
                              format_band_range(row.revenue_total_cny, FigureKind::cny, language),
                              format_figure(row.arpu_cny.mean, FigureKind::cny, language)});
    }
    return table;
}

TextTable margin_table(const sim::CustomerViewResults& v, const ReportText& text, Language language) {
    const CustomerViewText& t = text.customer_views;
    TextTable table;
    table.headings = {std::string(t.column_period), std::string(text.column_mean),
                      std::string(t.column_range)};
    const auto add = [&](std::string label, const sim::Band& band) {
        if (band.n == 0) return;
        table.rows.push_back({std::move(label), format_figure(band.mean, FigureKind::rate, language),
                              format_band_range(band, FigureKind::rate, language)});
    };
    add(fill(t.margin_last, {{"months", fmt::format("{}", v.last_months)}}),
        v.top_fifth_margin_share_last_12);
    const auto months = v.top_fifth_margin_share.size();
    for (std::size_t m : {std::size_t{0}, months - 1})
        if (m < months && (m == 0 || months > 1))
            add(fill(t.margin_month, {{"month", fmt::format("{}", m + 1)}}), v.top_fifth_margin_share[m]);
    return table;
}

std::string tier_name(const sim::GroupResults& g, double rank) {
    const auto tiers = g.tier_ids.size();
    if (tiers == 0 || !std::isfinite(rank)) return "";
    const auto i =
        static_cast<std::size_t>(std::clamp<long>(std::lround(rank) - 1, 0, static_cast<long>(tiers) - 1));
    return g.tier_names[i].empty() ? g.tier_ids[i] : g.tier_names[i];
}

TextTable group_table(const sim::GroupResults& g, const ReportText& text, Language language) {
    const CustomerViewText& t = text.customer_views;
    TextTable table;
    table.headings = {std::string(t.column_group),    std::string(t.column_score),
                      std::string(t.column_range),    std::string(t.column_tier),
                      std::string(t.column_warnings), std::string(t.column_switched)};
    const std::vector<std::size_t> order = groups_by_risk(g);
    for (std::size_t k = 0; k < std::min(order.size(), kGroupsListed); ++k) {
        const sim::GroupScore& s = g.scores[order[k]];
        std::string tier = tier_name(g, s.tier.p50);
        if (tier_name(g, s.tier.p5) != tier || tier_name(g, s.tier.p95) != tier)
            tier += fmt::format(" ({}{}{})", tier_name(g, s.tier.p5), text.range_separator,
                                tier_name(g, s.tier.p95));
        table.rows.push_back(
            {fill(t.group_label, {{"class", s.class_id}, {"index", fmt::format("{}", s.index)}}),
             format_grouped(s.score.mean, 1, language),
             format_grouped(s.score.p5, 1, language) + std::string(text.range_separator) +
                 format_grouped(s.score.p95, 1, language),
             tier, format_grouped(s.warnings.mean, 2, language), format_percent(s.switched.mean, 0)});
    }
    return table;
}

}  // namespace

std::string view_row_label(const sim::CustomerViewRow& row, bool is_band, const ReportText& text) {
    const CustomerViewText& t = text.customer_views;
    if (!is_band) return row.id == "none" ? std::string(t.no_level) : row.id;
    if (row.lower_cny == 0.0 && row.upper_cny > 0.0)
        return fill(t.band_below, {{"upper", amount(row.upper_cny)}});
    if (row.upper_cny == 0.0) return fill(t.band_above, {{"lower", amount(row.lower_cny)}});
    return fill(t.band_between, {{"lower", amount(row.lower_cny)}, {"upper", amount(row.upper_cny)}});
}

std::vector<std::size_t> groups_by_risk(const sim::GroupResults& g) {
    std::vector<std::size_t> order(g.scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const sim::GroupScore& x = g.scores[a];
        const sim::GroupScore& y = g.scores[b];
        if (x.switched.mean != y.switched.mean) return x.switched.mean > y.switched.mean;
        return x.score.mean < y.score.mean;
    });
    return order;
}

std::vector<CustomerViewTable> customer_view_tables(const sim::RunResults& r, const ReportText& text,
                                                    Language language) {
    const CustomerViewText& t = text.customer_views;
    std::vector<CustomerViewTable> tables;
    if (r.customer_views) {
        const sim::CustomerViewResults& v = *r.customer_views;
        tables.push_back(
            {t.vip_heading, view_table(v.vip_levels, false, text, language), std::string(t.vip_note)});
        tables.push_back(
            {t.band_heading, view_table(v.arpu_bands, true, text, language), std::string(t.band_note)});
        tables.push_back({t.margin_heading, margin_table(v, text, language), std::string(t.margin_note)});
    }
    if (r.groups && !r.groups->scores.empty())
        tables.push_back(
            {t.group_heading, group_table(*r.groups, text, language),
             fill(t.group_note,
                  {{"shown", fmt::format("{}", std::min(r.groups->scores.size(), kGroupsListed))},
                   {"total", fmt::format("{}", r.groups->scores.size())}})});
    return tables;
}

}  // namespace offersim::reports
