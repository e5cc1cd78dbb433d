#include "reports/monthly_lines.hpp"

#include "engine/core/error.hpp"

#include <algorithm>

namespace offersim::reports {

namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(Line::count)> kLineMetrics = {
    "active", "active_end", "revenue_total_cny", "margin_cny", "churn_rate", "survival",
};

}  // namespace

MonthlyLines::MonthlyLines(const sim::RunResults& results)
    : results_(results),
      months_(results.horizon_months),
      rows_(static_cast<int>(results.segment_ids.size())),
      metrics_per_row_(sim::monthly_metric_names().size()) {
    check_shape();
    for (std::size_t line = 0; line < kLineCount; ++line) {
        const auto found = find_column(kLineMetrics[line]);
        require(found.has_value(), "the results have no monthly line '{}'", kLineMetrics[line]);
        columns_[line] = *found;
    }
}

std::optional<std::size_t> MonthlyLines::find_column(std::string_view metric) const {
    const auto& names = sim::monthly_metric_names();
    const auto it = std::find(names.begin(), names.end(), metric);
    if (it == names.end()) return std::nullopt;
    return static_cast<std::size_t>(it - names.begin());
}

const sim::Band& MonthlyLines::band(int month, int row, std::size_t column) const {
    const auto index = static_cast<std::size_t>((month - 1) * rows_ + row) * metrics_per_row_ + column;
    return results_.monthly[index].band;
}

std::vector<double> MonthlyLines::series(int row, std::size_t column, double sim::Band::*field) const {
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(months_));
    for (int month = 1; month <= months_; ++month) values.push_back(band(month, row, column).*field);
    return values;
}

void MonthlyLines::check_shape() const {
    require(months_ >= 1 && rows_ >= 1, "the report needs at least one month and one row, got {} and {}",
            months_, rows_);
    require(results_.monthly.size() == static_cast<std::size_t>(months_ * rows_) * metrics_per_row_,
            "the results hold {} monthly lines, not {} months x {} rows x {} metrics",
            results_.monthly.size(), months_, rows_, metrics_per_row_);
    require(results_.segments.size() == static_cast<std::size_t>(rows_),
            "the results hold figures of {} segments, not {} (the segments and the whole base)",
            results_.segments.size(), rows_);
    const auto& names = sim::monthly_metric_names();
    for (std::size_t column = 0; column < metrics_per_row_; ++column)
        require(results_.monthly[column].metric == names[column], "monthly line {} is '{}', expected '{}'",
                column, results_.monthly[column].metric, names[column]);
}

}  // namespace offersim::reports
