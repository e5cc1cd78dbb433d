#pragma once
// A small reader for the operator's comma-separated files (calibrate, extracts, targets): a header row
// naming the columns, then one record a line. Problems are collected as positioned
// diagnostics (file:line:column), every bad row up to a limit.
#include "engine/core/error.hpp"
#include "engine/data/text_encoding.hpp"

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::calibration {

inline constexpr std::size_t kMaxReportedRows = 20;

// One data row while it is read: fields by column name, and a way to report a problem in
// one of them with its position.
class CsvRow {
public:
    CsvRow(const std::vector<std::string_view>& fields, const std::vector<int>& columns_of_names,
           const std::vector<int>& offsets, const std::string& file, int line,
           std::vector<Diagnostic>& problems)
        : fields_(fields),
          columns_(columns_of_names),
          offsets_(offsets),
          file_(file),
          line_(line),
          problems_(problems) {}

    // The text of column `index` (its place in the names given to read_csv, the optional
    // columns after the required ones); empty for an optional column the file lacks.
    std::string_view text(std::size_t index) const;
    // Whether the file has column `index` (always, for a required one).
    bool has(std::size_t index) const { return columns_[index] >= 0; }
    // A whole number, or a problem reported (and `fallback` returned).
    long long integer(std::size_t index, std::string_view name, long long lowest);
    // A finite number at least `lowest`, or a problem reported.
    double number(std::size_t index, std::string_view name, double lowest);
    void problem(std::size_t index, std::string message);
    bool ok() const { return ok_; }
    int line() const { return line_; }

private:
    const std::vector<std::string_view>& fields_;
    const std::vector<int>& columns_;
    const std::vector<int>& offsets_;
    const std::string& file_;
    int line_;
    std::vector<Diagnostic>& problems_;
    bool ok_ = true;
};

// The header row of `file`, or an InputError when it cannot be read.
std::vector<std::string> csv_header(const std::filesystem::path& file);

struct CsvOptions {
    // The file's encoding: each row is checked (utf8) or converted to UTF-8 (gbk) before it is
    // read, and a row invalid in it is a problem at its line; detect: UTF-8 when the whole file
    // is, else GBK. Nothing: the bytes are read as they are.
    std::optional<data::TextEncoding> encoding;
    // Columns the header may hold; CsvRow indices place them after the required ones.
    std::vector<std::string> optional_columns;
};

// Reads `file`, whose header must hold every name in `columns` (in any order, others
// ignored), calling `on_row` for each data row. Throws InputError with every problem
// (a missing column, a short row, what on_row reported) up to kMaxReportedRows rows.
// Streams the file in blocks; returns the encoding it was read in.
data::TextEncoding read_csv(const std::filesystem::path& file, const std::vector<std::string>& columns,
                            const std::function<void(CsvRow&)>& on_row, const CsvOptions& options = {});

}  // namespace offersim::calibration
