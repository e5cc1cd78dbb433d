#pragma once
// Internal to the report writers: the cell texts of the tables of figures that the HTML and
// Markdown reports share (segments, headline figures, a variant's changes), each numeric
// column in one unit for its counts and one for its amounts (figure_format.hpp,
// FigureColumn), so that 亿 and 万 never mix in a column and "¥7414万" never sits above "¥2,410".
#include "engine/sim/comparison.hpp"
#include "engine/sim/results.hpp"
#include "reports/monthly_lines.hpp"
#include "reports/report_text.hpp"

#include <array>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::reports {

// Each row of `lines` (segments, then the whole base): its figures of sim::kSegmentFigures.
using SegmentCells = std::array<std::string, sim::kSegmentFigures.size()>;
std::vector<SegmentCells> segment_cells(const MonthlyLines& lines, Language language);

// The headline figures that are not zero throughout: mean (revenue, cost and margin adding up
// as shown), standard error, P5, P50, P95.
struct HeadlineRow {
    std::string_view key;
    std::array<std::string, 5> cells;
};
std::vector<HeadlineRow> headline_rows(const sim::RunResults& results, Language language);

// A variant's figures that are not zero in both runs: baseline mean, variant mean, change
// (revenue, cost and margin adding up as shown), and the change's standard error, P5, P50, P95.
struct DeltaRow {
    std::string_view key;
    std::array<std::string, 7> cells;
};
std::vector<DeltaRow> delta_rows(const sim::RunResults& baseline, const sim::RunResults& variant,
                                 const sim::VariantComparison& comparison, Language language);

// A run's offers, one row each: take-ups, holders at the end, revenue, margin, the margin's
// P5 – P95, payback and the share of replications that pay back; each column of counts or
// amounts in one unit (the band's P5 and P95 together).
using OfferCells = std::array<std::string, 7>;
std::vector<OfferCells> offer_cells(const sim::RunResults& results, Language language);

// A run's offers' unit economics (docs/models.md, section 31), one row each: outlay per
// taker, margin per holder-month, payback per taker, launch cost, break-even take-up,
// take-ups, NPV and NPV per yuan spent; each ratio as its mean and P5 – P95, with the share
// of replications where it is defined when that is not all of them.
using UnitEconomicsCells = std::array<std::string, 8>;

// A per-replication ratio's mean and P5 – P95, each as `format` writes it; "never" where no
// replication defines it, and the share that does where only some do.
std::string unit_ratio_text(const sim::Band& band, int replications, Language language,
                            const std::function<std::string(double)>& format);
std::vector<UnitEconomicsCells> unit_economics_cells(const sim::RunResults& results, Language language);

// A comparison's table of variants: each variant's change of each of `keys`, its mean and its
// P5 – P95, each column of counts or amounts in one unit; revenue, cost and margin share one
// unit (their means and bands together), so that in each row revenue − cost is the margin
// as shown and 亿 and 万 never mix in a column.
struct VariantCell {
    std::string change;
    std::string band;
};
std::vector<std::vector<VariantCell>> variant_table_cells(
    const std::vector<sim::VariantComparison>& comparisons, std::span<const std::string_view> keys,
    Language language);

}  // namespace offersim::reports
