#pragma once
// Internal to the report writers: how each headline figure (a key of RunResults::headlines
// or VariantComparison::deltas) is labelled and written in a language, shared by the HTML,
// Markdown and spreadsheet writers so the same figure reads the same everywhere.
#include "engine/sim/results.hpp"
#include "reports/report_text.hpp"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace offersim::reports {

enum class FigureKind { count, cny, rate, minutes };

// A standard error is far smaller than its figure and needs a place more to show at all.
enum class Precision { figure, std_error };

// The figure's unit; a key the reports do not know is a count.
FigureKind figure_kind(std::string_view key);

// The figure's label in `text`; a key the reports do not know is shown as is.
std::string_view figure_label(std::string_view key, const ReportText& text);

// True for the keys of the cost lines (cost_network_voice_cny, ...), not cost_total_cny.
bool is_cost_line(std::string_view key);

// `value` in the figure's unit: format_figure(0.0345, FigureKind::rate, ...) == "3.45%".
std::string format_figure(double value, FigureKind kind, Language language,
                          Precision precision = Precision::figure);

// A change, with "+" before a positive value that shows a digit: "+¥1.23亿", "-3.45%", "0".
std::string format_change(double value, FigureKind kind, Language language);

// "P5 – P95" of `band` in the figure's unit, with the language's range separator.
std::string format_band_range(const sim::Band& band, FigureKind kind, Language language);

// A month number rounded to whole months, in the text of `month_template` ({month}); values
// past `horizon_months` read as `beyond_template` ({horizon}).
std::string format_payback_month(double month, int horizon_months, std::string_view month_template,
                                 std::string_view beyond_template);

// An offer's median payback month, or "never" when fewer than half the replications pay back.
std::string offer_payback_text(const sim::OfferSummary& offer, const OfferTableText& text);

// The band of a headline figure of `results`, or null when it has none.
const sim::Band* find_band(const sim::RunResults& results, std::string_view key);

// The mean of a headline figure of `results` in its unit, or an em dash when it has none.
std::string format_mean(const sim::RunResults& results, std::string_view key, Language language);

// The offer's name, or its id when it has none.
std::string_view offer_name(const sim::OfferSummary& offer);

// The scenario's title, or its name when it has none.
std::string_view scenario_label(const sim::RunResults& results);

// The text for a monthly line name (sim::monthly_metric_names()), or the name itself.
std::string_view monthly_line_label(std::string_view metric, const ReportText& text);

// The unit of a monthly line: money lines end in _cny, minutes in _min, the churn rate is a rate.
FigureKind monthly_line_kind(std::string_view metric);

// `pattern` with each "{name}" replaced by its value; a name not given stays as written.
//   fill("month {month}", {{"month", "13"}}) == "month 13"
using TemplateArgs = std::initializer_list<std::pair<std::string_view, std::string_view>>;
std::string fill(std::string_view pattern, TemplateArgs args);

}  // namespace offersim::reports
