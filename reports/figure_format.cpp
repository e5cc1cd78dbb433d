#include "reports/figure_format.hpp"

#include "reports/metric_labels.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

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

// Lines computed from the recorded ones, named as their headline figures.
struct DerivedLineSpec {
    std::string_view metric;
    FigureKind kind;
    std::string_view FigureLabels::*label;
};

constexpr std::array kDerivedLines = {
    DerivedLineSpec{"churn_rate", FigureKind::rate, &FigureLabels::churn_rate_monthly},
    DerivedLineSpec{"arpu_cny", FigureKind::cny, &FigureLabels::arpu},
    DerivedLineSpec{"mou_min", FigureKind::minutes, &FigureLabels::mou},
    DerivedLineSpec{"survival", FigureKind::rate, &FigureLabels::survival},
};

const FigureSpec* find_figure(std::string_view key) {
    for (const auto& spec : kFigures)
        if (spec.key == key) return &spec;
    return nullptr;
}

// The cost line (sim::kCostLines) whose output name is `key`.
std::optional<sim::Metric> find_cost_line(std::string_view key) {
    for (const sim::Metric line : sim::kCostLines)
        if (sim::output_name(line) == key) return line;
    return std::nullopt;
}

}  // namespace

FigureKind figure_kind(std::string_view key) {
    if (const FigureSpec* spec = find_figure(key)) return spec->kind;
    if (find_cost_line(key)) return FigureKind::cny;
    return FigureKind::count;
}

std::string_view figure_label(std::string_view key, const ReportText& text) {
    if (const FigureSpec* spec = find_figure(key)) return text.figures.*spec->label;
    if (const auto line = find_cost_line(key)) return metric_label(*line, text);
    return key;
}

bool is_cost_line(std::string_view key) {
    return find_cost_line(key).has_value();
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
    for (const auto& def : sim::kMetricTable)
        if (sim::output_name(def.id) == metric) return metric_label(def.id, text);
    for (const auto& spec : kDerivedLines)
        if (spec.metric == metric) return text.figures.*spec.label;
    return metric;
}

FigureKind monthly_line_kind(std::string_view metric) {
    for (const auto& spec : kDerivedLines)
        if (spec.metric == metric) return spec.kind;
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
