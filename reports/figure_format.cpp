#include "reports/figure_format.hpp"

#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>

namespace offersim::reports {

namespace {

struct FigureSpec {
    std::string_view key;
    FigureKind kind;
    std::string_view FigureLabels::*label;
};

constexpr std::array kFigures = {
    FigureSpec{"subscribers_start", FigureKind::count, &FigureLabels::subscribers_start},
    FigureSpec{"subscribers_end", FigureKind::count, &FigureLabels::subscribers_end},
    FigureSpec{"gross_adds", FigureKind::count, &FigureLabels::gross_adds},
    FigureSpec{"churners", FigureKind::count, &FigureLabels::churners},
    FigureSpec{"churn_rate_monthly", FigureKind::rate, &FigureLabels::churn_rate_monthly},
    FigureSpec{"revenue_total_cny", FigureKind::cny, &FigureLabels::revenue_total},
    FigureSpec{"cost_total_cny", FigureKind::cny, &FigureLabels::cost_total},
    FigureSpec{"margin_total_cny", FigureKind::cny, &FigureLabels::margin_total},
    FigureSpec{"npv_margin_cny", FigureKind::cny, &FigureLabels::npv_margin},
    FigureSpec{"arpu_cny", FigureKind::cny, &FigureLabels::arpu},
    FigureSpec{"mou_min", FigureKind::minutes, &FigureLabels::mou},
};

struct CostLineSpec {
    std::string_view key;
    std::string_view CostLineText::*label;
};

constexpr std::array kCostLines = {
    CostLineSpec{"cost_network_voice_cny", &CostLineText::network_voice},
    CostLineSpec{"cost_network_data_cny", &CostLineText::network_data},
    CostLineSpec{"cost_network_sms_cny", &CostLineText::network_sms},
    CostLineSpec{"cost_interconnect_cny", &CostLineText::interconnect},
    CostLineSpec{"cost_commission_cny", &CostLineText::commission},
    CostLineSpec{"cost_subsidy_cny", &CostLineText::subsidy},
    CostLineSpec{"cost_device_cny", &CostLineText::device},
    CostLineSpec{"cost_gift_cny", &CostLineText::gift},
    CostLineSpec{"cost_bundle_components_cny", &CostLineText::bundle_components},
    CostLineSpec{"cost_bad_debt_cny", &CostLineText::bad_debt},
    CostLineSpec{"cost_retention_cny", &CostLineText::retention},
    CostLineSpec{"cost_fixed_cny", &CostLineText::fixed},
};

// Monthly lines named after a headline figure or a revenue line, else by MonthlyLineText.
struct MonthlyLabelSpec {
    std::string_view metric;
    std::string_view (*label)(const ReportText&);
};

constexpr std::array kMonthlyLabels = {
    MonthlyLabelSpec{"active", [](const ReportText& t) { return t.monthly_lines.active; }},
    MonthlyLabelSpec{"gross_adds", [](const ReportText& t) { return t.monthly_lines.gross_adds; }},
    MonthlyLabelSpec{"churners", [](const ReportText& t) { return t.monthly_lines.churners; }},
    MonthlyLabelSpec{"active_end", [](const ReportText& t) { return t.monthly_lines.active_end; }},
    MonthlyLabelSpec{"offer_take_ups", [](const ReportText& t) { return t.monthly_lines.offer_take_ups; }},
    MonthlyLabelSpec{"revenue_fee_cny", [](const ReportText& t) { return t.revenue_lines.fee; }},
    MonthlyLabelSpec{"revenue_bundle_components_cny",
                     [](const ReportText& t) { return t.revenue_lines.bundle_components; }},
    MonthlyLabelSpec{"revenue_overage_voice_cny",
                     [](const ReportText& t) { return t.revenue_lines.overage_voice; }},
    MonthlyLabelSpec{"revenue_intra_group_cny",
                     [](const ReportText& t) { return t.revenue_lines.intra_group; }},
    MonthlyLabelSpec{"revenue_overage_data_cny",
                     [](const ReportText& t) { return t.revenue_lines.overage_data; }},
    MonthlyLabelSpec{"revenue_overage_sms_cny",
                     [](const ReportText& t) { return t.revenue_lines.overage_sms; }},
    MonthlyLabelSpec{"revenue_min_spend_topup_cny",
                     [](const ReportText& t) { return t.revenue_lines.min_spend_topup; }},
    MonthlyLabelSpec{"revenue_device_cny", [](const ReportText& t) { return t.revenue_lines.device; }},
    MonthlyLabelSpec{"revenue_termination_fee_cny",
                     [](const ReportText& t) { return t.revenue_lines.termination_fee; }},
    MonthlyLabelSpec{"revenue_prepay_forfeit_cny",
                     [](const ReportText& t) { return t.revenue_lines.prepay_forfeit; }},
    MonthlyLabelSpec{"revenue_total_cny", [](const ReportText& t) { return t.figures.revenue_total; }},
    MonthlyLabelSpec{"cost_total_cny", [](const ReportText& t) { return t.figures.cost_total; }},
    MonthlyLabelSpec{"margin_cny", [](const ReportText& t) { return t.figures.margin_total; }},
    MonthlyLabelSpec{"voice_min", [](const ReportText& t) { return t.monthly_lines.voice_min; }},
    MonthlyLabelSpec{"off_net_min", [](const ReportText& t) { return t.monthly_lines.off_net_min; }},
    MonthlyLabelSpec{"data_mb", [](const ReportText& t) { return t.monthly_lines.data_mb; }},
    MonthlyLabelSpec{"sms", [](const ReportText& t) { return t.monthly_lines.sms; }},
    MonthlyLabelSpec{"plan_changes", [](const ReportText& t) { return t.monthly_lines.plan_changes; }},
    MonthlyLabelSpec{"bill_shocks", [](const ReportText& t) { return t.monthly_lines.bill_shocks; }},
    MonthlyLabelSpec{"vip_upgrades", [](const ReportText& t) { return t.monthly_lines.vip_upgrades; }},
    MonthlyLabelSpec{"vip_downgrades", [](const ReportText& t) { return t.monthly_lines.vip_downgrades; }},
    MonthlyLabelSpec{"vip_warned", [](const ReportText& t) { return t.monthly_lines.vip_warned; }},
    MonthlyLabelSpec{"retention_contacts",
                     [](const ReportText& t) { return t.monthly_lines.retention_contacts; }},
    MonthlyLabelSpec{"retention_accepts",
                     [](const ReportText& t) { return t.monthly_lines.retention_accepts; }},
    MonthlyLabelSpec{"churn_rate", [](const ReportText& t) { return t.figures.churn_rate_monthly; }},
    MonthlyLabelSpec{"arpu_cny", [](const ReportText& t) { return t.figures.arpu; }},
    MonthlyLabelSpec{"mou_min", [](const ReportText& t) { return t.figures.mou; }},
};

const FigureSpec* find_figure(std::string_view key) {
    for (const auto& spec : kFigures)
        if (spec.key == key) return &spec;
    return nullptr;
}

const CostLineSpec* find_cost_line(std::string_view key) {
    for (const auto& spec : kCostLines)
        if (spec.key == key) return &spec;
    return nullptr;
}

}  // namespace

FigureKind figure_kind(std::string_view key) {
    if (const FigureSpec* spec = find_figure(key)) return spec->kind;
    if (find_cost_line(key) != nullptr) return FigureKind::cny;
    return FigureKind::count;
}

std::string_view figure_label(std::string_view key, const ReportText& text) {
    if (const FigureSpec* spec = find_figure(key)) return text.figures.*spec->label;
    if (const CostLineSpec* spec = find_cost_line(key)) return text.cost_lines.*spec->label;
    return key;
}

bool is_cost_line(std::string_view key) {
    return find_cost_line(key) != nullptr;
}

std::string format_figure(double value, FigureKind kind, Language language, Precision precision) {
    const int extra = precision == Precision::std_error ? 1 : 0;
    switch (kind) {
        case FigureKind::cny:
            return format_cny(value, language);
        case FigureKind::rate:
            return format_percent(value, 2 + extra);
        case FigureKind::minutes:
            return format_grouped(value, extra, language) + std::string(report_text(language).minutes_unit);
        case FigureKind::count:
            break;
    }
    return format_count(value, language);
}

std::string format_change(double value, FigureKind kind, Language language) {
    const std::string text = format_figure(value, kind, language);
    const bool shows_digit = text.find_first_of("123456789") != std::string::npos;
    return value > 0.0 && shows_digit ? "+" + text : text;
}

std::string format_band_range(const sim::Band& band, FigureKind kind, Language language) {
    return format_figure(band.p5, kind, language) + std::string(report_text(language).range_separator) +
           format_figure(band.p95, kind, language);
}

std::string format_payback_month(double month, int horizon_months, std::string_view month_template,
                                 std::string_view beyond_template) {
    if (!std::isfinite(month)) return "—";
    if (month > horizon_months + 1e-9)
        return fill(beyond_template, {{"horizon", fmt::format("{}", horizon_months)}});
    return fill(month_template, {{"month", fmt::format("{:.0f}", month)}});
}

std::string offer_payback_text(const sim::OfferSummary& offer, const OfferTableText& text) {
    if (offer.payback_share < 0.5) return std::string(text.payback_never);
    return fmt::format("{}{:.0f}{}", text.payback_prefix, offer.payback_month.p50, text.payback_suffix);
}

const sim::Band* find_band(const sim::RunResults& results, std::string_view key) {
    for (const auto& headline : results.headlines)
        if (headline.key == key) return &headline.band;
    return nullptr;
}

std::string format_mean(const sim::RunResults& results, std::string_view key, Language language) {
    const sim::Band* band = find_band(results, key);
    return band != nullptr ? format_figure(band->mean, figure_kind(key), language) : std::string("—");
}

std::string_view offer_name(const sim::OfferSummary& offer) {
    return offer.name.empty() ? std::string_view(offer.id) : std::string_view(offer.name);
}

std::string_view scenario_label(const sim::RunResults& results) {
    return results.scenario_title.empty() ? std::string_view(results.scenario_name)
                                          : std::string_view(results.scenario_title);
}

std::string_view monthly_line_label(std::string_view metric, const ReportText& text) {
    for (const auto& spec : kMonthlyLabels)
        if (spec.metric == metric) return spec.label(text);
    // The monthly cost lines are named as their headline totals.
    for (const auto& spec : kCostLines)
        if (spec.key == metric) return text.cost_lines.*spec.label;
    return metric;
}

FigureKind monthly_line_kind(std::string_view metric) {
    if (metric == "churn_rate") return FigureKind::rate;
    if (metric.ends_with("_cny")) return FigureKind::cny;
    if (metric.ends_with("_min")) return FigureKind::minutes;
    return FigureKind::count;
}

std::string fill(std::string_view pattern, TemplateArgs args) {
    std::string out;
    out.reserve(pattern.size() + 32);
    std::size_t at = 0;
    while (at < pattern.size()) {
        const std::size_t open = pattern.find('{', at);
        const std::size_t close = open == std::string_view::npos ? open : pattern.find('}', open);
        if (close == std::string_view::npos) break;
        out.append(pattern, at, open - at);
        const std::string_view name = pattern.substr(open + 1, close - open - 1);
        const auto* arg =
            std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
        if (arg != args.end())
            out += arg->second;
        else
            out.append(pattern, open, close - open + 1);
        at = close + 1;
    }
    out.append(pattern, at);
    return out;
}

}  // namespace offersim::reports
