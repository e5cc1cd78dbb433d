#include "reports/module_deltas.hpp"

#include "reports/number_format.hpp"

#include <fmt/format.h>

namespace offersim::reports {

namespace {

constexpr std::string_view kPointsPrefix = "win_back_confirmed_points.";
constexpr std::string_view kLevelRevenuePrefix = "view_revenue_vip.";
constexpr std::string_view kBandRevenuePrefix = "view_revenue_arpu.";
constexpr std::string_view kCnySuffix = "_cny";

std::string_view region_name(std::string_view id, const sim::RunResults& run) {
    if (run.win_back)
        for (const auto& region : run.win_back->regions)
            if (region.id == id && !region.name.empty()) return region.name;
    return {};
}

// Counts and points are means over replications, so they keep one decimal place.
std::string format_module(double value, FigureKind kind, Language language,
                          Precision precision = Precision::figure) {
    if (kind == FigureKind::count)
        return format_grouped(value, precision == Precision::std_error ? 2 : 1, language);
    return format_difference(value, kind, language, precision);
}

std::string format_module_change(double value, FigureKind kind, Language language) {
    const std::string text = format_module(value, kind, language);
    if (text.find_first_of("123456789") == std::string::npos)
        return std::string(report_text(language).no_difference);
    return value > 0.0 ? "+" + text : text;
}

}  // namespace

FigureKind module_figure_kind(std::string_view key) {
    if (key.ends_with("_cny")) return FigureKind::cny;
    if (key == "group_purity_end" || key == "group_target_market_retention_end" ||
        key == "group_unified_payment_share" || key == "view_top_fifth_margin_share")
        return FigureKind::rate;
    return FigureKind::count;
}

std::string module_label(std::string_view key, const sim::RunResults& baseline,
                         const sim::RunResults& variant, const ReportText& text) {
    const ModuleDeltaText& m = text.module_deltas;
    if (key.starts_with(kPointsPrefix)) {
        const std::string_view id = key.substr(kPointsPrefix.size());
        std::string_view name = region_name(id, variant);
        if (name.empty()) name = region_name(id, baseline);
        return fill(m.win_back_points, {{"region", name.empty() ? id : name}});
    }
    // A view's row id sits between its prefix and "_cny".
    const auto row_id = [&](std::string_view prefix) {
        return key.substr(prefix.size(), key.size() - prefix.size() - kCnySuffix.size());
    };
    if (key.starts_with(kLevelRevenuePrefix) && key.ends_with(kCnySuffix)) {
        const std::string_view id = row_id(kLevelRevenuePrefix);
        return fill(m.view_revenue_level, {{"level", id == "none" ? text.customer_views.no_level : id}});
    }
    if (key.starts_with(kBandRevenuePrefix) && key.ends_with(kCnySuffix))
        return fill(m.view_revenue_band, {{"band", row_id(kBandRevenuePrefix)}});
    const std::pair<std::string_view, std::string_view> labels[] = {
        {"group_switches", m.group_switches},
        {"group_purity_end", m.group_purity_end},
        {"group_target_market_retention_end", m.group_target_market_retention_end},
        {"group_informatization_revenue_cny", m.group_informatization_revenue},
        {"group_member_revenue_cny", m.group_member_revenue},
        {"group_marketing_cost_cny", m.group_marketing_cost},
        {"win_back_reported", m.win_back_reported},
        {"win_back_confirmed", m.win_back_confirmed},
        {"win_back_revenue_cny", m.win_back_revenue},
        {"win_back_subsidy_cost_cny", m.win_back_subsidy_cost},
        {"win_back_margin_cny", m.win_back_margin},
        {"group_new_groups", m.group_new_groups},
        {"group_under_agreement_end", m.group_under_agreement_end},
        {"group_early_exit_fees_cny", m.group_early_exit_fees},
        {"group_reward_cost_cny", m.group_reward_cost},
        {"group_member_cost_cny", m.group_member_cost},
        {"group_unified_payment_share", m.group_unified_payment_share},
        {"group_price_match_cost_cny", m.group_price_match_cost},
        {"group_margin_cny", m.group_margin},
        {"win_back_churners_joined", m.win_back_churners_joined},
        {"group_members_joined", m.group_members_joined},
        {"group_joiners_revenue_cny", m.group_joiners_revenue},
        {"view_top_fifth_margin_share", m.view_top_fifth_margin_share},
    };
    for (const auto& [k, label] : labels)
        if (k == key) return std::string(label);
    return std::string(key);
}

TextTable module_delta_table(const sim::VariantComparison& comparison, const sim::RunResults& baseline,
                             const sim::RunResults& variant, Language language) {
    const ReportText& t = report_text(language);
    TextTable table{{std::string(t.column_figure), std::string(t.comparison.column_change),
                     std::string(t.column_std_error), std::string(t.column_p5), std::string(t.column_p50),
                     std::string(t.column_p95)},
                    {}};
    for (const auto& d : comparison.module_deltas) {
        const FigureKind kind = module_figure_kind(d.key);
        const sim::Band& b = d.band;
        table.rows.push_back({module_label(d.key, baseline, variant, t),
                              format_module_change(b.mean, kind, language),
                              format_module(b.std_error, kind, language, Precision::std_error),
                              format_module(b.p5, kind, language), format_module(b.p50, kind, language),
                              format_module(b.p95, kind, language)});
    }
    return table;
}

std::string headline_includes_text(const sim::RunResults& baseline, const sim::RunResults& variant,
                                   Language language) {
    const ReportText& t = report_text(language);
    std::string parts;
    const auto add = [&](std::string_view part) {
        if (!parts.empty()) parts += t.module_deltas.parts_separator;
        parts += part;
    };
    if (baseline.groups || variant.groups) add(t.module_deltas.part_groups);
    if (baseline.win_back || variant.win_back) add(t.module_deltas.part_win_back);
    if (parts.empty()) return {};
    return fill(t.module_deltas.headline_includes, {{"parts", parts}});
}

}  // namespace offersim::reports
