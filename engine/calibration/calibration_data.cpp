#include "engine/calibration/calibration_data.hpp"

#include "engine/data/csv_table.hpp"

#include <algorithm>

namespace offersim::calibration {

namespace {

bool has_column(const std::vector<std::string>& header, std::string_view name) {
    return std::find(header.begin(), header.end(), name) != header.end();
}

std::map<std::string, std::vector<models::SurvivalRecord>> read_customer_records(
    const std::filesystem::path& file) {
    std::map<std::string, std::vector<models::SurvivalRecord>> histories;
    read_csv(file, {"segment", "entry_months", "exit_month", "churned"}, [&](CsvRow& row) {
        const CustomerHistoryRow h = read_customer_history_row(row);
        check_customer_history_row(row, h);
        if (row.ok())
            histories[h.segment].push_back(
                {static_cast<int>(h.entry), static_cast<int>(h.exit), h.churned == 1, 1.0});
    });
    for (auto& [segment, records] : histories) records = models::merge_survival_records(std::move(records));
    return histories;
}

// A cohort table's rows become records: those lost in month t churned at t, those still
// active at the last month censored there.
std::map<std::string, std::vector<models::SurvivalRecord>> read_cohort_table(
    const std::filesystem::path& file) {
    struct Cohort {
        int last_month = -1;
        double last_active = 0.0;
    };
    std::map<std::pair<std::string, std::string>, Cohort> cohorts;
    std::map<std::string, std::vector<models::SurvivalRecord>> histories;
    read_csv(file, {"segment", "cohort", "month", "active"}, [&](CsvRow& row) {
        const std::string segment(row.text(0));
        const auto month = row.integer(2, "month", 0);
        const auto active = row.integer(3, "active", 0);
        if (!row.ok()) return;
        Cohort& cohort = cohorts[{segment, std::string(row.text(1))}];
        if (month != cohort.last_month + 1) {
            row.problem(2, fmt::format("month: expected {} (a cohort's months in order from 0), found {}",
                                       cohort.last_month + 1, month));
            return;
        }
        if (month > 0 && static_cast<double>(active) > cohort.last_active) {
            row.problem(3,
                        fmt::format("active: a cohort cannot grow, {} after {}", active, cohort.last_active));
            return;
        }
        if (month > 0 && static_cast<double>(active) < cohort.last_active)
            histories[segment].push_back(
                {0, static_cast<int>(month), true, cohort.last_active - static_cast<double>(active)});
        cohort.last_month = static_cast<int>(month);
        cohort.last_active = static_cast<double>(active);
    });
    for (const auto& [key, cohort] : cohorts)
        if (cohort.last_active > 0.0)
            histories[key.first].push_back({0, cohort.last_month, false, cohort.last_active});
    for (auto& [segment, records] : histories) records = models::merge_survival_records(std::move(records));
    return histories;
}

}  // namespace

CustomerHistoryRow read_customer_history_row(CsvRow& row) {
    CustomerHistoryRow h;
    h.segment = std::string(row.text(0));
    if (h.segment.empty()) row.problem(0, "segment: empty");
    h.entry = row.integer(1, "entry_months", 0);
    h.exit = row.integer(2, "exit_month", 0);
    h.churned = row.integer(3, "churned", 0);
    return h;
}

void check_customer_history_row(CsvRow& row, const CustomerHistoryRow& h) {
    if (row.ok() && h.churned > 1)
        row.problem(3, fmt::format("churned: expected 0 or 1, found {}", h.churned));
    if (row.ok() && h.churned == 1 && h.exit <= h.entry)
        row.problem(2,
                    fmt::format("exit_month: a churner leaves after entry ({}), found {}", h.entry, h.exit));
    if (row.ok() && h.churned == 0 && h.exit < h.entry)
        row.problem(2,
                    fmt::format("exit_month: must be at least entry_months ({}), found {}", h.entry, h.exit));
}

std::map<std::string, std::vector<models::SurvivalRecord>> read_history(const std::filesystem::path& file) {
    return has_column(csv_header(file), "cohort") ? read_cohort_table(file) : read_customer_records(file);
}

std::map<std::string, models::ChoiceData> read_choices(const std::filesystem::path& file) {
    std::vector<std::string> columns{"situation", "segment", "chosen"};
    columns.insert(columns.end(), kChoiceAttributes.begin(), kChoiceAttributes.end());
    std::map<std::string, models::ChoiceData> choices;
    std::string current_situation;
    std::string current_segment;
    int chosen_in_situation = 0;
    int chosen_row = -1;
    int last_line = 0;
    std::vector<Diagnostic> problems;
    std::map<std::string, int> first_lines;  // each situation's first line
    const auto close_situation = [&](int line) {
        if (current_situation.empty()) return;
        models::ChoiceData& data = choices[current_segment];
        if (chosen_in_situation != 1) {
            problems.push_back(
                {SourcePos{file.string(), line, 1},
                 fmt::format("situation '{}': expected exactly one chosen alternative, found {}",
                             current_situation, chosen_in_situation)});
            // Drop the situation's rows so the data stay consistent.
            data.attributes.resize(static_cast<std::size_t>(data.starts.back()) * kChoiceAttributes.size());
            return;
        }
        data.chosen.push_back(chosen_row);
        data.starts.push_back(static_cast<int>(data.attributes.size() / kChoiceAttributes.size()));
    };
    read_csv(file, columns, [&](CsvRow& row) {
        const std::string situation(row.text(0));
        const std::string segment(row.text(1));
        const auto chosen = row.integer(2, "chosen", 0);
        std::vector<double> values;
        for (std::size_t i = 0; i < kChoiceAttributes.size(); ++i)
            values.push_back(row.number(3 + i, kChoiceAttributes[i], -1e12));
        if (row.ok() && chosen > 1) row.problem(2, fmt::format("chosen: expected 0 or 1, found {}", chosen));
        if (!row.ok()) return;
        if (situation != current_situation) {
            // A situation's rows must be together: one seen before would be fitted as two.
            if (const auto seen = first_lines.find(situation); seen != first_lines.end()) {
                row.problem(0, fmt::format("situation '{}' began at line {} and its rows must be together, "
                                           "but other situations' rows came between",
                                           situation, seen->second));
                return;
            }
            first_lines.emplace(situation, row.line());
            close_situation(last_line);
            current_situation = situation;
            current_segment = segment;
            chosen_in_situation = 0;
            choices[segment].features = static_cast<int>(kChoiceAttributes.size());
        } else if (segment != current_segment) {
            row.problem(
                1, fmt::format("segment: situation '{}' began in segment '{}'", situation, current_segment));
            return;
        }
        models::ChoiceData& data = choices[segment];
        if (chosen == 1) {
            ++chosen_in_situation;
            chosen_row = static_cast<int>(data.attributes.size() / kChoiceAttributes.size());
        }
        data.attributes.insert(data.attributes.end(), values.begin(), values.end());
        last_line = row.line();
    });
    close_situation(last_line);
    if (!problems.empty()) throw InputError(std::move(problems));
    return choices;
}

std::map<std::string, std::map<std::string, std::vector<double>>> read_usage(
    const std::filesystem::path& file) {
    const std::vector<std::string> header = csv_header(file);
    std::vector<std::string> columns{"segment"};
    for (const auto& service : kUsageServices)
        if (has_column(header, service)) columns.push_back(service);
    if (columns.size() == 1)
        throw InputError({{SourcePos{file.string(), 1, 1},
                           "expected at least one of the columns voice_min, "
                           "data_mb, sms"}});
    std::map<std::string, std::map<std::string, std::vector<double>>> usage;
    read_csv(file, columns, [&](CsvRow& row) {
        const std::string segment(row.text(0));
        std::vector<double> values;
        for (std::size_t i = 1; i < columns.size(); ++i) {
            values.push_back(row.number(i, columns[i], 0.0));
            if (row.ok() && values.back() <= 0.0)
                row.problem(i, fmt::format("{}: must be above 0", columns[i]));
        }
        if (!row.ok()) return;
        for (std::size_t i = 1; i < columns.size(); ++i) usage[segment][columns[i]].push_back(values[i - 1]);
    });
    return usage;
}

}  // namespace offersim::calibration
