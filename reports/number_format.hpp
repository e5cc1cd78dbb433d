#pragma once
// Numbers as a reader of each language expects them: zh-CN groups large numbers by 万 and
// 亿 (1.23亿, 45.6万), en by thousands with M and B (1.23M, 456,789); money is CNY with the
// ¥ symbol. The units and separators come from the language tables (report_text.hpp).
// A value that is not finite is shown as an em dash.
#include "reports/report_text.hpp"

#include <string>

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

}  // namespace offersim::reports
