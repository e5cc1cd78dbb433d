#include "reports/number_format.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

namespace offersim::reports {

namespace {

constexpr std::string_view kNotFinite = "—";

double round_to(double x, int decimals) {
    const double factor = std::pow(10.0, decimals);
    return std::round(x * factor) / factor;
}

// Places that keep three significant figures for a scaled value; none from 100 up.
int decimals_for(double magnitude) {
    if (magnitude >= 100.0) return 0;
    if (magnitude >= 10.0) return 1;
    return 2;
}

// `magnitude` (not negative) with `decimals` places and `separator` between groups of three
// integer digits.
std::string grouped_magnitude(double magnitude, int decimals, std::string_view separator) {
    const std::string plain = fmt::format("{:.{}f}", magnitude, decimals);
    const std::size_t point = plain.find('.');
    const std::size_t integer_digits = point == std::string::npos ? plain.size() : point;
    std::string out;
    for (std::size_t i = 0; i < integer_digits; ++i) {
        if (i > 0 && (integer_digits - i) % 3 == 0) out += separator;
        out += plain[i];
    }
    out.append(plain, integer_digits);
    return out;
}

// The largest unit in which `magnitude` rounds to at least 1 (so 9,999.6 becomes 1.00万,
// not 10,000), else a whole number with separators. A scaled value is not grouped: 4346万
// is how it is written.
std::string scaled_magnitude(double magnitude, const NumberConventions& conventions) {
    for (const NumberScale& scale : conventions.scales) {
        const double scaled = magnitude / scale.threshold;
        const int decimals = decimals_for(round_to(scaled, decimals_for(scaled)));
        const double rounded = round_to(scaled, decimals);
        if (rounded >= 1.0) {
            return fmt::format("{:.{}f}{}", rounded, decimals, scale.suffix);
        }
    }
    return grouped_magnitude(magnitude, 0, conventions.thousands_separator);
}

// A minus sign only when the shown digits are not all zero: -0.3 people is "0".
std::string signed_text(double value, std::string_view prefix, const std::string& magnitude_text) {
    const bool shows_nonzero = magnitude_text.find_first_of("123456789") != std::string::npos;
    const std::string_view sign = value < 0.0 && shows_nonzero ? "-" : "";
    return fmt::format("{}{}{}", sign, prefix, magnitude_text);
}

}  // namespace

std::string format_count(double value, Language language) {
    if (!std::isfinite(value)) return std::string(kNotFinite);
    const NumberConventions& conventions = report_text(language).numbers;
    return signed_text(value, "", scaled_magnitude(std::fabs(value), conventions));
}

std::string format_cny(double cny, Language language) {
    if (!std::isfinite(cny)) return std::string(kNotFinite);
    const NumberConventions& conventions = report_text(language).numbers;
    const double magnitude = std::fabs(cny);
    const std::string text = round_to(magnitude, 2) < 1000.0
                                 ? grouped_magnitude(magnitude, 2, conventions.thousands_separator)
                                 : scaled_magnitude(magnitude, conventions);
    return signed_text(cny, conventions.currency_symbol, text);
}

std::string format_percent(double fraction, int decimals) {
    if (!std::isfinite(fraction)) return std::string(kNotFinite);
    const std::string text = fmt::format("{:.{}f}%", std::fabs(fraction) * 100.0, decimals);
    return signed_text(fraction, "", text);
}

std::string format_points(double fraction, int decimals, Language language) {
    if (!std::isfinite(fraction)) return std::string(kNotFinite);
    const std::string text = fmt::format("{:.{}f}{}", std::fabs(fraction) * 100.0, decimals,
                                         report_text(language).rate_change_unit);
    return signed_text(fraction, "", text);
}

ColumnUnit column_unit(std::span<const double> values, Language language) {
    double largest = 0.0;
    for (const double value : values)
        if (std::isfinite(value)) largest = std::max(largest, std::fabs(value));
    for (const NumberScale& scale : report_text(language).numbers.scales)
        if (largest >= scale.threshold)
            return {scale.threshold, scale.suffix, largest / scale.threshold >= 100.0 ? 0 : 2};
    return {};
}

std::string format_count_in(double value, const ColumnUnit& unit, Language language) {
    if (unit.threshold == 1.0 || !std::isfinite(value)) return format_grouped(value, 0, language);
    return signed_text(
        value, "", fmt::format("{:.{}f}{}", std::fabs(value) / unit.threshold, unit.decimals, unit.suffix));
}

std::string format_cny_in(double cny, const ColumnUnit& unit, Language language) {
    if (unit.threshold == 1.0 || !std::isfinite(cny)) return format_cny(cny, language);
    return signed_text(cny, report_text(language).numbers.currency_symbol,
                       fmt::format("{:.{}f}{}", std::fabs(cny) / unit.threshold, unit.decimals, unit.suffix));
}

std::string format_grouped(double value, int decimals, Language language) {
    if (!std::isfinite(value)) return std::string(kNotFinite);
    const NumberConventions& conventions = report_text(language).numbers;
    return signed_text(value, "",
                       grouped_magnitude(std::fabs(value), decimals, conventions.thousands_separator));
}

std::string value_text(double v) {
    return fmt::format("{}", v);
}

std::string value_to_tolerance(double v, double tolerance) {
    if (!(tolerance > 0.0) || !std::isfinite(tolerance) || !std::isfinite(v)) return value_text(v);
    const int places = std::clamp(static_cast<int>(-std::floor(std::log10(tolerance))), 0, 15);
    return fmt::format("{:.{}f}", v, places);
}

bool names_an_amount(std::string_view metric) {
    return metric.find("_cny") != std::string_view::npos || metric.starts_with("cash_month_");
}

std::string figure_text(double value, std::string_view metric) {
    if (names_an_amount(metric)) return fmt::format("{:.2f}", value);
    return fmt::format("{:.6g}", value);
}

}  // namespace offersim::reports
