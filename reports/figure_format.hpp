#pragma once
// Internal to the report writers: how each headline figure (a key of RunResults::headlines
// or VariantComparison::deltas) is labelled and written in a language, shared by the HTML,
// Markdown and spreadsheet writers so the same figure reads the same everywhere.
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/number_format.hpp"
#include "reports/report_text.hpp"

#include <initializer_list>
#include <span>
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

// A difference in the figure's unit, a rate's in percentage points: "-0.04 个百分点".
std::string format_difference(double value, FigureKind kind, Language language,
                              Precision precision = Precision::figure);

// A change, with "+" before a positive value that shows a digit: "+¥1.23亿", "-0.04 个百分点";
// one that shows no digit but zeros reads "无差异" / "no difference".
std::string format_change(double value, FigureKind kind, Language language);

// "P5 – P95" of `band` in the figure's unit, with the language's range separator.
std::string format_band_range(const sim::Band& band, FigureKind kind, Language language);

// "P5 – P95" of a band of changes, as format_difference; "no difference" when both are zero.
std::string format_change_range(const sim::Band& band, FigureKind kind, Language language);

// A month number rounded to whole months ("第 13 个月"); past `horizon_months` (or not
// finite) the one wording for "not paid back within the horizon".
std::string format_payback_month(double month, int horizon_months, Language language);

// "not paid back within 36 months": the one wording every report uses.
std::string payback_never_text(int horizon_months, Language language);

// An offer's median payback month, or payback_never_text when fewer than half the
// replications pay back.
std::string offer_payback_text(const sim::OfferSummary& offer, int horizon_months, Language language);

// Revenue, cost and margin (= revenue - cost) written so that the shown sum holds: one unit
// and one number of places for the three, the margin the difference of the other two as
// shown (it differs from the margin rounded alone by at most the last place).
//   zh-CN, 1.0649e9, 3.51e8, 7.139e8: "¥10.65亿", "¥3.51亿", "¥7.14亿"
struct MoneySum {
    std::string revenue;
    std::string cost;
    std::string margin;
};
MoneySum format_money_sum(double revenue_cny, double cost_cny, double margin_cny, Language language);

// The same in a given unit: a table's column of them (figure_tables.hpp, variant_table_cells).
MoneySum format_money_sum_in(double revenue_cny, double cost_cny, double margin_cny, const ColumnUnit& unit,
                             Language language);

// The mean of a headline figure as a summary shows it: revenue, cost and margin as one
// format_money_sum, so that they add up as shown; every other figure as format_mean.
std::string format_summary_mean(const sim::RunResults& results, std::string_view key, Language language);

// A variant's change of a headline figure as a summary shows it: revenue, cost and margin
// as one format_change_sum, every other figure as format_change.
std::string format_delta_change(const sim::VariantComparison& comparison, std::string_view key,
                                Language language);

// One column of a table of headline figures, whose rows are of different kinds: its counts
// share one unit and so do its amounts (all but per-subscriber ones such as ARPU), each the
// unit of the largest of them (number_format.hpp, column_unit), so that 亿 and 万 never mix
// in the column. Rates, minutes and per-subscriber amounts are written as format_figure does.
struct FigureCell {
    std::string_view key;
    double value;
};
struct FigureColumn {
    ColumnUnit counts;
    ColumnUnit amounts;
};
FigureColumn figure_column(std::span<const FigureCell> cells, Language language);

// `value` of the figure `key` in the column: as format_figure, counts and amounts in the
// column's units.
std::string format_in_column(const FigureColumn& column, std::string_view key, double value,
                             Language language, Precision precision = Precision::figure);

// A difference in the column: as format_difference (a rate's in percentage points), counts
// and amounts in the column's units.
std::string format_difference_in_column(const FigureColumn& column, std::string_view key, double value,
                                        Language language, Precision precision = Precision::figure);

// A change in the column: as format_change ("+" before a gain, "no difference" for zeros),
// counts and amounts in the column's units.
std::string format_change_in_column(const FigureColumn& column, std::string_view key, double value,
                                    Language language);

// Amounts of one column of a table of offers, in its unit (number_format.hpp, column_unit):
// a change with "+" before a gain ("no difference" for zeros), and a band's "P5 – P95"
// (as changes when `change`; "no difference" when both are zero).
std::string format_cny_change_in(double cny, const ColumnUnit& unit, Language language);
std::string format_cny_range_in(const sim::Band& band, const ColumnUnit& unit, Language language,
                                bool change);

// A change (and a band of changes) of a figure of `kind` in a column's unit: counts and
// amounts in `unit`, rates and minutes as format_change (format_change_range).
std::string format_change_in(double value, FigureKind kind, const ColumnUnit& unit, Language language);
std::string format_change_range_in(const sim::Band& band, FigureKind kind, const ColumnUnit& unit,
                                   Language language);

// True for a band that is zero in every replication: its row says nothing and is left out.
bool is_all_zero(const sim::Band& band);

// Changes of revenue, cost and margin as format_money_sum, each as format_change: "+" before
// a gain, "no difference" for one that shows only zeros.
MoneySum format_change_sum(double revenue_cny, double cost_cny, double margin_cny, Language language);
MoneySum format_change_sum_in(double revenue_cny, double cost_cny, double margin_cny, const ColumnUnit& unit,
                              Language language);

// The start time of run.json (ISO 8601 in UTC, "2025-01-02T20:51:29Z") in Beijing time,
// UTC+8: "2025-01-03 04:51（北京时间）". Text that is not such a time is shown as it is.
std::string format_beijing_time(std::string_view iso8601_utc, Language language);

// An engine warning in the language.
std::string warning_text(const sim::RunWarning& warning, Language language);

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
