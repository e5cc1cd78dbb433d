#pragma once
// Internal to the report writers: RunResults::monthly indexed by (month, row, line), its
// shape checked once, and the per-segment figures the tables show.
#include "engine/sim/results.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace offersim::reports {

// The monthly lines the reports read by name.
enum class Line { active, gross_adds, churners, active_end, revenue_total, margin, churn_rate, count };

// RunResults::monthly holds, for each month and each row (segments, then the whole base),
// one line per name of sim::monthly_metric_names() in that order.
class MonthlyLines {
public:
    // Throws RunError when the results are not of that shape: a bug upstream, and the
    // reports would show wrong figures.
    explicit MonthlyLines(const sim::RunResults& results);

    int months() const { return months_; }
    int rows() const { return rows_; }
    int whole_base() const { return rows_ - 1; }

    // The position of `metric` in each row, if the engine records it.
    std::optional<std::size_t> find_column(std::string_view metric) const;

    // `month` is 1-based.
    const sim::Band& band(int month, int row, std::size_t column) const;
    const sim::Band& band(int month, int row, Line line) const { return band(month, row, column(line)); }

    std::vector<double> series(int row, std::size_t column, double sim::Band::*field) const;
    std::vector<double> series(int row, Line line, double sim::Band::*field) const {
        return series(row, column(line), field);
    }

    double sum_of_means(int row, Line line) const;

private:
    static constexpr std::size_t kLineCount = static_cast<std::size_t>(Line::count);

    void check_shape() const;
    std::size_t column(Line line) const { return columns_[static_cast<std::size_t>(line)]; }

    const sim::RunResults& results_;
    int months_;
    int rows_;
    std::size_t metrics_per_row_;
    std::array<std::size_t, kLineCount> columns_{};
};

// A row of the segment table, from the monthly means: the month lines carry no per-segment
// headline figures, and sums of means are means of sums.
struct SegmentFigures {
    double start = 0.0;
    double end = 0.0;
    double revenue = 0.0;
    double arpu = 0.0;        // revenue per subscriber billed, per month; NaN when none billed
    double churn_rate = 0.0;  // churners per subscriber billed, per month; NaN when none billed
};

SegmentFigures segment_figures(const MonthlyLines& lines, int row);

}  // namespace offersim::reports
