#include "engine/scenario/estimates_file.hpp"

#include "models/estimates.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

namespace offersim::scenario {

namespace {

// A small CSV file: the header, then each row with its line and each field's column.
struct CsvFile {
    std::string file;
    std::vector<std::string> header;
    struct Row {
        int line = 0;
        std::vector<std::string> fields;
        std::vector<int> columns;  // 1-based character column of each field
    };
    std::vector<Row> rows;
};

// Splits one line at commas outside double quotes ("" inside quotes is a quote).
CsvFile::Row split_line(const std::string& text, int line) {
    CsvFile::Row row;
    row.line = line;
    std::string field;
    bool quoted = false;
    int start = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            row.fields.push_back(field);
            row.columns.push_back(start);
            field.clear();
            start = static_cast<int>(i) + 2;
        } else {
            field += c;
        }
    }
    row.fields.push_back(field);
    row.columns.push_back(start);
    return row;
}

// The file read whole, every row the header's width; a ragged row or an unreadable file is
// reported (at `pos` for the file itself) and nullopt returned.
std::optional<CsvFile> read_csv_file(FieldReader& r, const std::filesystem::path& path,
                                     const SourcePos& pos) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        r.error(pos, fmt::format("cannot read the estimates file '{}'", path.string()));
        return std::nullopt;
    }
    CsvFile csv;
    csv.file = path.string();
    std::string text;
    int line = 0;
    const std::size_t before = r.error_count();
    while (std::getline(in, text)) {
        ++line;
        if (!text.empty() && text.back() == '\r') text.pop_back();
        if (text.empty()) continue;
        CsvFile::Row row = split_line(text, line);
        if (csv.header.empty()) {
            csv.header = std::move(row.fields);
            continue;
        }
        if (row.fields.size() != csv.header.size()) {
            r.error({csv.file, line, 1}, fmt::format("expected {} fields as the header has, found {}",
                                                     csv.header.size(), row.fields.size()));
            continue;
        }
        csv.rows.push_back(std::move(row));
    }
    if (csv.header.empty()) r.error({csv.file, 1, 1}, "expected a header row; the file is empty");
    if (r.error_count() != before) return std::nullopt;
    return csv;
}

int column_of(const CsvFile& csv, std::string_view name) {
    const auto it = std::find(csv.header.begin(), csv.header.end(), name);
    return it == csv.header.end() ? -1 : static_cast<int>(it - csv.header.begin());
}

// Field `col` of `row` as a finite number, or a positioned problem.
std::optional<double> number_at(FieldReader& r, const CsvFile& csv, const CsvFile::Row& row, int col) {
    const std::string& f = row.fields[static_cast<std::size_t>(col)];
    const std::size_t begin = f.find_first_not_of(' ');
    const std::size_t end = f.find_last_not_of(' ');
    double v = 0.0;
    if (begin != std::string::npos) {
        const auto [ptr, ec] = std::from_chars(f.data() + begin, f.data() + end + 1, v);
        if (ec == std::errc() && ptr == f.data() + end + 1 && std::isfinite(v)) return v;
    }
    r.error({csv.file, row.line, row.columns[static_cast<std::size_t>(col)]},
            fmt::format("{}: expected a number, found '{}'", csv.header[static_cast<std::size_t>(col)], f));
    return std::nullopt;
}

bool has_columns(FieldReader& r, const CsvFile& csv, const std::vector<std::string_view>& names) {
    bool ok = true;
    for (const auto name : names)
        if (column_of(csv, name) < 0) {
            r.error({csv.file, 1, 1}, fmt::format("missing column '{}'", name));
            ok = false;
        }
    return ok;
}

// The covariance's rows and columns in the order of `names`: a header row naming the
// coefficients after a first cell, and a row per coefficient led by its name.
std::optional<std::vector<double>> read_covariance(FieldReader& r, const EstimateRef& ref,
                                                   const std::vector<std::string>& names) {
    const auto csv = read_csv_file(r, *ref.covariance, ref.covariance_pos);
    if (!csv) return std::nullopt;
    const std::size_t n = names.size();
    std::vector<double> cov(n * n, 0.0);
    std::vector<bool> seen_row(n, false);
    const std::size_t before = r.error_count();
    for (const auto& name : names)
        if (std::find(csv->header.begin() + 1, csv->header.end(), name) == csv->header.end())
            r.error({csv->file, 1, 1},
                    fmt::format("the covariance has no column for coefficient '{}'", name));
    if (r.error_count() != before) return std::nullopt;
    for (const auto& row : csv->rows) {
        const auto at = std::find(names.begin(), names.end(), row.fields[0]);
        if (at == names.end()) continue;  // a coefficient the table does not hold
        const std::size_t i = static_cast<std::size_t>(at - names.begin());
        seen_row[i] = true;
        for (std::size_t j = 0; j < n; ++j)
            if (const auto v = number_at(r, *csv, row, column_of(*csv, names[j]))) cov[i * n + j] = *v;
    }
    for (std::size_t i = 0; i < n; ++i)
        if (!seen_row[i])
            r.error({csv->file, 1, 1},
                    fmt::format("the covariance has no row for coefficient '{}'", names[i]));
    if (r.error_count() != before) return std::nullopt;
    return cov;
}

Keys views_of(const std::vector<std::string>& names) {
    return Keys(names.begin(), names.end());
}

// The file's name, which keys its draws: the same file reached by two relative paths draws alike.
std::string draw_key(const std::filesystem::path& file) {
    return file.filename().string();
}

}  // namespace

std::optional<JointEstimate> read_coefficient(FieldReader& r, const EstimateRef& ref,
                                              models::UncertainQuantity& quantity) {
    const auto csv = read_csv_file(r, ref.file, ref.file_pos);
    if (!csv || !has_columns(r, *csv, {"name", "value", "std_err"})) return std::nullopt;
    const int name_col = column_of(*csv, "name");
    const int value_col = column_of(*csv, "value");
    const int se_col = column_of(*csv, "std_err");
    JointEstimate est;
    est.key = "estimate:" + draw_key(ref.file);
    std::vector<double> std_errs;
    const std::size_t before = r.error_count();
    for (const auto& row : csv->rows) {
        est.names.push_back(row.fields[static_cast<std::size_t>(name_col)]);
        est.mean.push_back(number_at(r, *csv, row, value_col).value_or(0.0));
        std_errs.push_back(number_at(r, *csv, row, se_col).value_or(0.0));
        if (std_errs.back() < 0.0)
            r.error({csv->file, row.line, row.columns[static_cast<std::size_t>(se_col)]},
                    fmt::format("std_err: must not be negative, found {}", std_errs.back()));
    }
    if (r.error_count() != before) return std::nullopt;
    const auto at = std::find(est.names.begin(), est.names.end(), ref.name);
    if (at == est.names.end()) {
        r.unknown(ref.name_pos, "coefficient", ref.name, fmt::format(" in '{}'", csv->file),
                  views_of(est.names));
        return std::nullopt;
    }
    est.index = static_cast<int>(at - est.names.begin());
    const int n = static_cast<int>(est.names.size());
    std::vector<double> cov(static_cast<std::size_t>(n) * n, 0.0);
    if (ref.covariance) {
        auto read = read_covariance(r, ref, est.names);
        if (!read) return std::nullopt;
        cov = std::move(*read);
    } else {
        for (std::size_t i = 0; i < std_errs.size(); ++i)
            cov[i * std_errs.size() + i] = std_errs[i] * std_errs[i];
    }
    const models::CholeskyResult chol = models::cholesky(cov, n);
    if (chol.lower.empty()) {
        r.error(ref.covariance ? ref.covariance_pos : ref.file_pos,
                fmt::format("{}: the covariance of '{}' is not {} at coefficient '{}'; a multivariate normal "
                            "needs a symmetric, positive definite covariance (a coefficient fixed in the "
                            "estimation, with no spread, belongs out of the table)",
                            ref.path, ref.covariance ? ref.covariance->string() : ref.file.string(),
                            ref.covariance ? "symmetric and positive definite" : "positive (std_err 0)",
                            est.names[static_cast<std::size_t>(chol.failed_at)]));
        return std::nullopt;
    }
    est.lower = chol.lower;
    quantity.kind = models::UncertainKind::normal;
    quantity.mean = est.mean[static_cast<std::size_t>(est.index)];
    quantity.sd = std::sqrt(cov[static_cast<std::size_t>(est.index) * n + est.index]);
    return est;
}

std::optional<JointEstimate> read_posterior(FieldReader& r, const EstimateRef& ref,
                                            models::UncertainQuantity& quantity) {
    const auto csv = read_csv_file(r, ref.file, ref.file_pos);
    if (!csv) return std::nullopt;
    const int col = column_of(*csv, ref.name);
    if (col < 0) {
        r.unknown(ref.name_pos, "column", ref.name, fmt::format(" in '{}'", csv->file),
                  views_of(csv->header));
        return std::nullopt;
    }
    if (csv->rows.empty()) {
        r.error({csv->file, 1, 1}, "expected at least one row of draws after the header");
        return std::nullopt;
    }
    JointEstimate est;
    est.kind = JointEstimate::Kind::posterior_rows;
    est.key = "posterior:" + draw_key(ref.file);
    const std::size_t before = r.error_count();
    for (const auto& row : csv->rows) est.column.push_back(number_at(r, *csv, row, col).value_or(0.0));
    if (r.error_count() != before) return std::nullopt;
    quantity.kind = models::UncertainKind::draws;
    quantity.draws = est.column;
    std::sort(quantity.draws.begin(), quantity.draws.end());
    return est;
}

}  // namespace offersim::scenario
