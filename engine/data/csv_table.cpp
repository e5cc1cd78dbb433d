#include "engine/data/csv_table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
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
    return columns_[index] < 0 ? std::string_view() : fields_[static_cast<std::size_t>(columns_[index])];
}

void CsvRow::problem(std::size_t index, std::string message) {
    const int column = columns_[index];
    problems_.push_back({SourcePos{file_, line_, column < 0 ? 1 : offsets_[static_cast<std::size_t>(column)]},
                         std::move(message)});
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

namespace {

// The lines of a file, read in blocks of 4 MiB: a line is a view into the block, valid until
// the next call. Much faster than std::getline on a large extract.
class LineBlocks {
public:
    explicit LineBlocks(const std::filesystem::path& file) : in_(file, std::ios::binary), block_(1 << 22) {}
    bool open() const { return static_cast<bool>(in_); }

    bool next(std::string_view& line) {
        while (true) {
            const char* begin = block_.data() + start_;
            const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', filled_ - start_));
            if (newline) {
                line = std::string_view(begin, static_cast<std::size_t>(newline - begin));
                start_ = static_cast<std::size_t>(newline - block_.data()) + 1;
                return true;
            }
            if (ended_) {
                if (start_ == filled_) return false;
                line = std::string_view(begin, filled_ - start_);  // a last line without a newline
                start_ = filled_;
                return true;
            }
            // Move the unfinished line to the front and read more after it.
            const std::size_t kept = filled_ - start_;
            std::memmove(block_.data(), begin, kept);
            if (kept == block_.size()) block_.resize(block_.size() * 2);  // a line longer than the block
            start_ = 0;
            in_.read(block_.data() + kept, static_cast<std::streamsize>(block_.size() - kept));
            filled_ = kept + static_cast<std::size_t>(in_.gcount());
            ended_ = !in_;
        }
    }

private:
    std::ifstream in_;
    std::vector<char> block_;
    std::size_t start_ = 0;
    std::size_t filled_ = 0;
    bool ended_ = false;
};

// A row's text in UTF-8 (converted from GBK where needed), or a problem at its line.
class RowText {
public:
    explicit RowText(std::optional<data::TextEncoding> encoding) : encoding_(encoding) {
        if (encoding_ == data::TextEncoding::gbk) gbk_.emplace();
    }
    bool decode(std::string_view& line, std::string& problem) {
        if (!encoding_) return true;
        const bool ascii = std::all_of(line.begin(), line.end(), [](char c) { return (c & 0x80) == 0; });
        if (ascii) return true;  // ASCII is the same text in both encodings
        std::size_t bad = 0;
        if (encoding_ == data::TextEncoding::utf8) {
            bad = data::invalid_utf8_at(line);
            if (bad == std::string_view::npos) return true;
            problem = fmt::format(
                "not valid UTF-8 at byte {} of the row (give --encoding gbk for a GBK file)", bad + 1);
            return false;
        }
        if (gbk_->convert(line, converted_, bad)) {
            line = converted_;
            return true;
        }
        problem = fmt::format("not valid GBK at byte {} of the row", bad + 1);
        return false;
    }

private:
    std::optional<data::TextEncoding> encoding_;
    std::optional<data::GbkToUtf8> gbk_;
    std::string converted_;
};

std::string_view without_mark(std::string_view line) {
    if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // a byte-order mark from a spreadsheet
    return line;
}

}  // namespace

std::vector<std::string> csv_header(const std::filesystem::path& file) {
    LineBlocks lines(file);
    std::string_view line;
    if (!lines.open() || !lines.next(line))
        throw InputError({{SourcePos{file.string(), 0, 0}, "cannot read the file, or it is empty"}});
    std::vector<std::string_view> fields;
    std::vector<int> offsets;
    split(without_mark(line), fields, offsets);
    return {fields.begin(), fields.end()};
}

data::TextEncoding read_csv(const std::filesystem::path& file, const std::vector<std::string>& columns,
                            const std::function<void(CsvRow&)>& on_row, const CsvOptions& options) {
    const std::string name = file.string();
    const std::vector<std::string> header = csv_header(file);
    std::optional<data::TextEncoding> encoding = options.encoding;
    if (encoding == data::TextEncoding::detect) encoding = data::detect_encoding(file);
    std::vector<Diagnostic> problems;
    const std::size_t required = columns.size();
    std::vector<std::string> wanted = columns;
    wanted.insert(wanted.end(), options.optional_columns.begin(), options.optional_columns.end());
    std::vector<int> column_of(wanted.size(), -1);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        const auto found = std::find(header.begin(), header.end(), wanted[i]);
        if (found != header.end())
            column_of[i] = static_cast<int>(found - header.begin());
        else if (i < required)
            problems.push_back({SourcePos{name, 1, 1}, fmt::format("missing column '{}' (the header has: {})",
                                                                   wanted[i], nearest_hint(header))});
    }
    if (!problems.empty()) throw InputError(std::move(problems));

    LineBlocks lines(file);
    RowText decoder(encoding);
    std::string_view line;
    lines.next(line);  // the header
    std::vector<std::string_view> fields;
    std::vector<int> offsets;
    std::size_t bad_rows = 0;
    std::string problem;
    for (int number = 2; lines.next(line); ++number) {
        if (line.empty() || line == "\r") continue;
        const std::size_t before = problems.size();
        if (!decoder.decode(line, problem)) {
            problems.push_back({SourcePos{name, number, 1}, problem});
        } else {
            split(line, fields, offsets);
            if (fields.size() != header.size()) {
                problems.push_back(
                    {SourcePos{name, number, 1}, fmt::format("expected {} fields as the header has, found {}",
                                                             header.size(), fields.size())});
            } else {
                CsvRow row(fields, column_of, offsets, name, number, problems);
                on_row(row);
            }
        }
        if (problems.size() > before && ++bad_rows >= kMaxReportedRows) {
            problems.push_back(
                {SourcePos{name, number, 0},
                 fmt::format("stopped after {} bad rows; later rows were not checked", bad_rows)});
            break;
        }
    }
    if (!problems.empty()) throw InputError(std::move(problems));
    return encoding.value_or(data::TextEncoding::utf8);
}

}  // namespace offersim::calibration
