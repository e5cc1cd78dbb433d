#include "reports/figure_format.hpp"

#include "reports/metric_labels.hpp"
#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
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

std::string format_difference(double value, FigureKind kind, Language language, Precision precision) {
    if (kind == FigureKind::rate)
        return format_points(value, precision == Precision::std_error ? 3 : 2, language);
    return format_figure(value, kind, language, precision);
}

namespace {

// `text`, the difference `value` as shown, as a change: "+" before a gain, "no difference"
// when it shows only zeros.
std::string as_change(const std::string& text, double value, Language language) {
    const bool shows_digit = text.find_first_of("123456789") != std::string::npos;
    if (!shows_digit && std::isfinite(value)) return std::string(report_text(language).no_difference);
    return value > 0.0 ? "+" + text : text;
}

}  // namespace

std::string format_change(double value, FigureKind kind, Language language) {
    return as_change(format_difference(value, kind, language), value, language);
}

std::string format_band_range(const sim::Band& band, FigureKind kind, Language language) {
    return format_figure(band.p5, kind, language) + std::string(report_text(language).range_separator) +
           format_figure(band.p95, kind, language);
}

std::string format_change_range(const sim::Band& band, FigureKind kind, Language language) {
    if (band.p5 == 0.0 && band.p95 == 0.0) return std::string(report_text(language).no_difference);
    return format_difference(band.p5, kind, language) + std::string(report_text(language).range_separator) +
           format_difference(band.p95, kind, language);
}

std::string payback_never_text(int horizon_months, Language language) {
    return fill(report_text(language).payback_never, {{"horizon", fmt::format("{}", horizon_months)}});
}

std::string format_payback_month(double month, int horizon_months, Language language) {
    if (!std::isfinite(month) || month > horizon_months + 1e-9)
        return payback_never_text(horizon_months, language);
    return fill(report_text(language).payback_month, {{"month", fmt::format("{:.0f}", month)}});
}

std::string offer_payback_text(const sim::OfferSummary& offer, int horizon_months, Language language) {
    if (offer.payback_share < 0.5) return payback_never_text(horizon_months, language);
    return format_payback_month(offer.payback_month.p50, horizon_months, language);
}

MoneySum format_money_sum(double revenue_cny, double cost_cny, double margin_cny, Language language) {
    // One unit for the three, as a column of them would have.
    const std::array amounts{revenue_cny, cost_cny, margin_cny};
    return format_money_sum_in(revenue_cny, cost_cny, margin_cny, column_unit(amounts, language), language);
}

MoneySum format_money_sum_in(double revenue_cny, double cost_cny, double margin_cny, const ColumnUnit& column,
                             Language language) {
    const MoneySum alone{format_cny_in(revenue_cny, column, language),
                         format_cny_in(cost_cny, column, language),
                         format_cny_in(margin_cny, column, language)};
    if (!std::isfinite(revenue_cny) || !std::isfinite(cost_cny) || !std::isfinite(margin_cny)) return alone;
    const NumberConventions& numbers = report_text(language).numbers;
    // Below the smallest unit, to the fen.
    const double unit = column.threshold;
    const std::string_view suffix = column.suffix;
    const int decimals = unit != 1.0 ? column.decimals : 2;
    const double step = std::pow(10.0, -decimals) * unit;  // the last place shown, in CNY
    const auto steps = [&](double cny) { return std::llround(cny / step); };
    const long long revenue = steps(revenue_cny);
    const long long cost = steps(cost_cny);
    // The margin as shown is the difference of the parts as shown; a margin that is not
    // revenue - cost (beyond rounding) is shown alone, as it is.
    if (std::llabs(revenue - cost - steps(margin_cny)) > 1) return alone;
    const auto text = [&](long long n) {
        const double magnitude = static_cast<double>(std::llabs(n)) * std::pow(10.0, -decimals);
        std::string digits = fmt::format("{:.{}f}", magnitude, decimals);
        if (unit == 1.0) digits = format_grouped(magnitude, decimals, language);
        return fmt::format("{}{}{}{}", n < 0 ? "-" : "", numbers.currency_symbol, digits, suffix);
    };
    return {text(revenue), text(cost), text(revenue - cost)};
}

MoneySum format_change_sum(double revenue_cny, double cost_cny, double margin_cny, Language language) {
    const std::array amounts{revenue_cny, cost_cny, margin_cny};
    return format_change_sum_in(revenue_cny, cost_cny, margin_cny, column_unit(amounts, language), language);
}

MoneySum format_change_sum_in(double revenue_cny, double cost_cny, double margin_cny, const ColumnUnit& unit,
                              Language language) {
    const MoneySum sum = format_money_sum_in(revenue_cny, cost_cny, margin_cny, unit, language);
    const auto signed_change = [&](const std::string& text) {
        if (text.find_first_of("123456789") == std::string::npos)
            return std::string(report_text(language).no_difference);
        return text.starts_with("-") ? text : "+" + text;
    };
    return {signed_change(sum.revenue), signed_change(sum.cost), signed_change(sum.margin)};
}

std::string format_summary_mean(const sim::RunResults& results, std::string_view key, Language language) {
    const sim::Band* revenue = find_band(results, "revenue_total_cny");
    const sim::Band* cost = find_band(results, "cost_total_cny");
    const sim::Band* margin = find_band(results, "margin_total_cny");
    if (revenue != nullptr && cost != nullptr && margin != nullptr) {
        const MoneySum sum = format_money_sum(revenue->mean, cost->mean, margin->mean, language);
        if (key == "revenue_total_cny") return sum.revenue;
        if (key == "cost_total_cny") return sum.cost;
        if (key == "margin_total_cny") return sum.margin;
    }
    return format_mean(results, key, language);
}

std::string format_delta_change(const sim::VariantComparison& c, std::string_view key, Language language) {
    if (key == "revenue_total_cny" || key == "cost_total_cny" || key == "margin_total_cny") {
        const MoneySum sum =
            format_change_sum(c.delta("revenue_total_cny").mean, c.delta("cost_total_cny").mean,
                              c.delta("margin_total_cny").mean, language);
        return key == "revenue_total_cny" ? sum.revenue : key == "cost_total_cny" ? sum.cost : sum.margin;
    }
    return format_change(c.delta(key).mean, figure_kind(key), language);
}

namespace {

// Amounts per subscriber (ARPU) are prices, not totals: they keep their own places.
bool is_per_subscriber(std::string_view key) {
    return key == "arpu_cny";
}

}  // namespace

FigureColumn figure_column(std::span<const FigureCell> cells, Language language) {
    std::vector<double> counts, amounts;
    for (const FigureCell& cell : cells) {
        const FigureKind kind = figure_kind(cell.key);
        if (kind == FigureKind::count) counts.push_back(cell.value);
        if (kind == FigureKind::cny && !is_per_subscriber(cell.key)) amounts.push_back(cell.value);
    }
    return {column_unit(counts, language), column_unit(amounts, language)};
}

std::string format_in_column(const FigureColumn& column, std::string_view key, double value,
                             Language language, Precision precision) {
    const FigureKind kind = figure_kind(key);
    if (kind == FigureKind::count) return format_count_in(value, column.counts, language);
    if (kind == FigureKind::cny && !is_per_subscriber(key))
        return format_cny_in(value, column.amounts, language);
    return format_figure(value, kind, language, precision);
}

std::string format_difference_in_column(const FigureColumn& column, std::string_view key, double value,
                                        Language language, Precision precision) {
    const FigureKind kind = figure_kind(key);
    if (kind == FigureKind::rate) return format_difference(value, kind, language, precision);
    return format_in_column(column, key, value, language, precision);
}

std::string format_change_in_column(const FigureColumn& column, std::string_view key, double value,
                                    Language language) {
    return as_change(format_difference_in_column(column, key, value, language), value, language);
}

std::string format_cny_change_in(double cny, const ColumnUnit& unit, Language language) {
    return as_change(format_cny_in(cny, unit, language), cny, language);
}

std::string format_change_in(double value, FigureKind kind, const ColumnUnit& unit, Language language) {
    if (kind == FigureKind::cny) return format_cny_change_in(value, unit, language);
    if (kind == FigureKind::count) return as_change(format_count_in(value, unit, language), value, language);
    return format_change(value, kind, language);
}

std::string format_change_range_in(const sim::Band& band, FigureKind kind, const ColumnUnit& unit,
                                   Language language) {
    if (kind == FigureKind::cny) return format_cny_range_in(band, unit, language, true);
    if (kind != FigureKind::count) return format_change_range(band, kind, language);
    const ReportText& t = report_text(language);
    if (band.p5 == 0.0 && band.p95 == 0.0) return std::string(t.no_difference);
    return format_count_in(band.p5, unit, language) + std::string(t.range_separator) +
           format_count_in(band.p95, unit, language);
}

std::string format_cny_range_in(const sim::Band& band, const ColumnUnit& unit, Language language,
                                bool change) {
    const ReportText& t = report_text(language);
    if (change && band.p5 == 0.0 && band.p95 == 0.0) return std::string(t.no_difference);
    return format_cny_in(band.p5, unit, language) + std::string(t.range_separator) +
           format_cny_in(band.p95, unit, language);
}

bool is_all_zero(const sim::Band& band) {
    return band.mean == 0.0 && band.p5 == 0.0 && band.p95 == 0.0;
}

std::string format_beijing_time(std::string_view iso, Language language) {
    // YYYY-MM-DDTHH:MM:SSZ
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    const bool shaped = iso.size() == 20 && iso[4] == '-' && iso[7] == '-' && iso[10] == 'T' &&
                        iso[13] == ':' && iso[16] == ':' && iso[19] == 'Z';
    const auto field = [&](std::size_t at, std::size_t length, int& out) {
        const auto [ptr, ec] = std::from_chars(iso.data() + at, iso.data() + at + length, out);
        return ec == std::errc() && ptr == iso.data() + at + length;
    };
    if (!shaped || !field(0, 4, y) || !field(5, 2, mo) || !field(8, 2, d) || !field(11, 2, h) ||
        !field(14, 2, mi) || !field(17, 2, s))
        return std::string(iso);
    const std::chrono::year_month_day date{std::chrono::year(y),
                                           std::chrono::month(static_cast<unsigned>(mo)),
                                           std::chrono::day(static_cast<unsigned>(d))};
    if (!date.ok()) return std::string(iso);
    const auto utc = std::chrono::sys_days(date) + std::chrono::hours(h) + std::chrono::minutes(mi);
    const auto beijing = utc + std::chrono::hours(8);
    const auto day = std::chrono::floor<std::chrono::days>(beijing);
    const std::chrono::year_month_day local(day);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(beijing - day).count();
    return fill(
        report_text(language).beijing_time,
        {{"date", fmt::format("{:04}-{:02}-{:02}", static_cast<int>(local.year()),
                              static_cast<unsigned>(local.month()), static_cast<unsigned>(local.day()))},
         {"time", fmt::format("{:02}:{:02}", minutes / 60, minutes % 60)}});
}

std::string warning_text(const sim::RunWarning& warning, Language language) {
    const ReportText& t = report_text(language);
    switch (warning.kind) {
        case sim::WarningKind::segment_emptied:
            return fill(t.warning_segment_emptied, {{"segment", warning.segment}});
        case sim::WarningKind::move_replaced_by_prices:
            return fill(t.warning_move_replaced_by_prices,
                        {{"move", warning.move}, {"rival", warning.rival}});
        case sim::WarningKind::group_ids_ignored:
            return fill(t.warning_group_ids_ignored, {{"segment", warning.segment}});
        case sim::WarningKind::few_replications:
            break;
    }
    return fill(t.warning_few_replications, {{"replications", fmt::format("{}", warning.replications)},
                                             {"minimum", fmt::format("{}", warning.minimum)}});
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
