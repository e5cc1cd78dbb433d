#pragma once
// Internal to the report writers: RunResults::monthly indexed by (month, row, line), its
// shape (and that of RunResults::segments) checked once.
#include "engine/sim/results.hpp"

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace offersim::reports {

// The monthly lines the reports read by name. `active` counts the subscribers billed in the
// month, `active_end` those active at its end (the count of the subscribers_end figure).
enum class Line { active, active_end, revenue_total, margin, churn_rate, survival, count };

// RunResults::monthly holds, for each month and each row (segments, then the whole base),
// one line per name of sim::monthly_metric_names() in that order.
class MonthlyLines {
public:
    // Throws RunError when the results are not of that shape, or do not hold one
    // SegmentSummary per row: a bug upstream, and the reports would show wrong figures.
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

    // The row's horizon figures: a segment's, or the whole base's.
    const sim::SegmentSummary& segment(int row) const {
        return results_.segments[static_cast<std::size_t>(row)];
    }

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

}  // namespace offersim::reports
