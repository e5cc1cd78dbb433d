#pragma once
// Numbers as a reader of each language expects them: zh-CN groups large numbers by 万 and
// 亿 (1.23亿, 45.6万), en by thousands with M and B (1.23M, 456,789); money is CNY with the
// ¥ symbol. The units and separators come from the language tables (report_text.hpp).
// A value that is not finite is shown as an em dash.
#include "reports/report_text.hpp"

#include <span>
#include <string>
#include <string_view>

namespace offersim::reports {

// A count in the language's large-number units, to three significant figures once scaled;
// below the smallest unit a whole number with separators.
//   format_count(123456789, Language::zh_cn) == "1.23亿"
//   format_count(456789, Language::en) == "456,789"
std::string format_count(double value, Language language);

// An amount in CNY: below ¥1,000 to the fen (¥68.40), above as format_count (¥1.23亿, ¥1.23B).
std::string format_cny(double cny, Language language);

// A fraction as a percentage with `decimals` places: format_percent(0.0345, 2) == "3.45%".
std::string format_percent(double fraction, int decimals);

// A change of a rate in percentage points, with the language's unit and `decimals` places:
//   format_points(-0.0004, 2, Language::zh_cn) == "-0.04 个百分点"
std::string format_points(double fraction, int decimals, Language language);

// A number with thousands separators and `decimals` places, no units:
//   format_grouped(1234567.891, 2, Language::en) == "1,234,567.89"
std::string format_grouped(double value, int decimals, Language language);

// The one unit of a column of counts or amounts, so that 亿 and 万 (B and M) never mix in a
// column: the largest unit its largest magnitude reaches, with 2 places below 100 of that
// unit and none from 100 up. A column below the smallest unit has none (threshold 1).
//   column_unit({6.42e8, 7.392e7, 3.725e7}, Language::zh_cn): 亿, 2 places
struct ColumnUnit {
    double threshold = 1.0;
    std::string_view suffix;
    int decimals = 0;
};
ColumnUnit column_unit(std::span<const double> values, Language language);

// A count in its column's unit: format_count_in(4000, 万 with 2 places) == "0.40万"; a column
// without a unit writes whole numbers with separators.
std::string format_count_in(double value, const ColumnUnit& unit, Language language);

// An amount in its column's unit: format_cny_in(7.392e7, 亿 with 2 places) == "¥0.74亿"; a
// column without a unit writes each amount as format_cny.
std::string format_cny_in(double cny, const ColumnUnit& unit, Language language);

// A parameter's value as a planner would write it: the shortest text that reads back as the
// same double (48, 0.035, 1e-06).
std::string value_text(double v);

// A value found by a search to within `tolerance`, with the places the tolerance shows and no
// more (the digits beyond it are the search's noise); value_text where no tolerance is given:
//   value_to_tolerance(1460.3515625, 5) == "1460", value_to_tolerance(162.734375, 0.5) == "162.7"
std::string value_to_tolerance(double v, double tolerance);

// Whether a headline figure's name names an amount in CNY: `..._cny...` and `cash_month_N`.
bool names_an_amount(std::string_view metric);

// A figure as the command line prints it: an amount in CNY to the fen (names_an_amount), any
// other figure to six significant digits, with no units or separators:
//   figure_text(20001234.567, "npv_margin_cny_delta") == "20001234.57"
//   figure_text(0.0326512, "churn_rate_monthly") == "0.0326512"
std::string figure_text(double value, std::string_view metric);

}  // namespace offersim::reports
