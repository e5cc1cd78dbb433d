#include "engine/calibration/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

namespace offersim::calibration {

namespace {

void split(std::string_view line, std::vector<std::string_view>& fields, std::vector<int>& offsets) {
    fields.clear();
    offsets.clear();
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        std::string_view field = line.substr(start, comma == std::string_view::npos ? comma : comma - start);
        while (!field.empty() && (field.back() == ' ' || field.back() == '\r')) field.remove_suffix(1);
        fields.push_back(field);
        offsets.push_back(static_cast<int>(start) + 1);
        if (comma == std::string_view::npos) return;
        start = comma + 1;
    }
}

std::string nearest_hint(const std::vector<std::string>& header) {
    std::string text;
    for (const auto& name : header) text += (text.empty() ? "" : ", ") + name;
    return text;
}

}  // namespace

std::string_view CsvRow::text(std::size_t index) const {
    return fields_[static_cast<std::size_t>(columns_[index])];
}

void CsvRow::problem(std::size_t index, std::string message) {
    const auto column = static_cast<std::size_t>(columns_[index]);
    problems_.push_back({SourcePos{file_, line_, offsets_[column]}, std::move(message)});
    ok_ = false;
}

long long CsvRow::integer(std::size_t index, std::string_view name, long long lowest) {
    const std::string_view field = text(index);
    long long value = 0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size()) {
        problem(index, fmt::format("{}: expected a whole number, found '{}'", name, field));
        return lowest;
    }
    if (value < lowest) {
        problem(index, fmt::format("{}: must be at least {}, found {}", name, lowest, value));
        return lowest;
    }
    return value;
}

double CsvRow::number(std::size_t index, std::string_view name, double lowest) {
    const std::string_view field = text(index);
    double value = 0.0;
    const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), value);
    if (ec != std::errc() || end != field.data() + field.size() || !std::isfinite(value)) {
        problem(index, fmt::format("{}: expected a number, found '{}'", name, field));
        return lowest;
    }
    if (value < lowest) {
        problem(index, fmt::format("{}: must be at least {}, found {}", name, lowest, field));
        return lowest;
    }
    return value;
}

std::vector<std::string> csv_header(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string line;
    if (!in || !std::getline(in, line))
        throw InputError({{SourcePos{file.string(), 0, 0}, "cannot read the file, or it is empty"}});
    std::vector<std::string_view> fields;
    std::vector<int> offsets;
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a byte-order mark from a spreadsheet
    split(line, fields, offsets);
    return {fields.begin(), fields.end()};
}

void read_csv(const std::filesystem::path& file, const std::vector<std::string>& columns,
              const std::function<void(CsvRow&)>& on_row) {
    const std::string name = file.string();
    const std::vector<std::string> header = csv_header(file);
    std::vector<Diagnostic> problems;
    std::vector<int> column_of(columns.size(), -1);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const auto found = std::find(header.begin(), header.end(), columns[i]);
        if (found == header.end())
            problems.push_back({SourcePos{name, 1, 1}, fmt::format("missing column '{}' (the header has: {})",
                                                                   columns[i], nearest_hint(header))});
        else
            column_of[i] = static_cast<int>(found - header.begin());
    }
    if (!problems.empty()) throw InputError(std::move(problems));

    std::ifstream in(file, std::ios::binary);
    std::string line;
    std::getline(in, line);  // the header
    std::vector<std::string_view> fields;
    std::vector<int> offsets;
    std::size_t bad_rows = 0;
    for (int number = 2; std::getline(in, line); ++number) {
        if (line.empty() || line == "\r") continue;
        split(line, fields, offsets);
        const std::size_t before = problems.size();
        if (fields.size() != header.size()) {
            problems.push_back(
                {SourcePos{name, number, 1}, fmt::format("expected {} fields as the header has, found {}",
                                                         header.size(), fields.size())});
        } else {
            CsvRow row(fields, column_of, offsets, name, number, problems);
            on_row(row);
        }
        if (problems.size() > before && ++bad_rows >= kMaxReportedRows) {
            problems.push_back(
                {SourcePos{name, number, 0},
                 fmt::format("stopped after {} bad rows; later rows were not checked", bad_rows)});
            break;
        }
    }
    if (!problems.empty()) throw InputError(std::move(problems));
}

}  // namespace offersim::calibration
