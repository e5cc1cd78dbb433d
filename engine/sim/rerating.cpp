#include "engine/sim/rerating.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace offersim::sim {

namespace {

namespace fs = std::filesystem;

// Quantities are capped so that quantity x rate stays well inside int64.
constexpr std::int64_t kMaxQuantity = 1'000'000'000'000;
// An unlimited allowance, in whole units: beyond any quantity the cap allows.
constexpr std::int64_t kUnlimitedUnits = kMaxQuantity;

const std::vector<std::string_view> kMonthlyColumns = {"id",      "tier", "voice_sec",
                                                       "data_kb", "sms",  "billed_cny"};
const std::vector<std::string_view> kCallColumns = {"id",      "month",    "tier",
                                                    "service", "quantity", "billed_cny"};

// Collects the bad rows of one file: the first kMaxReportedRows in full, the rest counted.
class RowProblems {
public:
    explicit RowProblems(std::string file) : file_(std::move(file)) {}

    void add(std::int64_t line, std::string_view column, std::string_view problem) {
        if (diagnostics_.size() < kMaxReportedRows)
            diagnostics_.push_back(
                {SourcePos{fmt::format("{}:{}", file_, line), 0, 0}, fmt::format("{}: {}", column, problem)});
        else
            ++unlisted_;
    }
    bool any() const { return !diagnostics_.empty(); }
    void throw_if_any() {
        if (diagnostics_.empty()) return;
        if (unlisted_ > 0)
            diagnostics_.push_back(
                {SourcePos{file_, 0, 0},
                 fmt::format("{} more bad row{} not listed", unlisted_, unlisted_ == 1 ? "" : "s")});
        throw InputError(std::move(diagnostics_));
    }

private:
    std::string file_;
    std::vector<Diagnostic> diagnostics_;
    std::int64_t unlisted_ = 0;
};

// Splits one CSV line into `fields`: a field in double quotes may hold commas, and a doubled
// quote inside it stands for one. False when a quote is left open.
bool split_csv(std::string_view line, std::vector<std::string>& fields) {
    fields.clear();
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c != '"') {
                field += c;
            } else if (i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else {
                quoted = false;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.push_back(std::move(field));
            field.clear();
        } else {
            field += c;
        }
    }
    fields.push_back(std::move(field));
    return !quoted;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::optional<std::int64_t> whole_number(std::string_view text, std::int64_t lowest, std::int64_t highest) {
    text = trimmed(text);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    if (value < lowest || value > highest) return std::nullopt;
    return value;
}

std::string one_of(const std::vector<std::string>& ids) {
    std::string text;
    for (std::size_t i = 0; i < ids.size() && i < 8; ++i) text += (i ? ", '" : "'") + ids[i] + "'";
    return ids.size() > 8 ? text + ", ..." : text;
}

// One row's fields by the header's columns.
class RowReader {
public:
    RowReader(const std::vector<std::string>& fields, const std::vector<std::size_t>& index,
              const std::vector<std::string_view>& names, std::int64_t line, RowProblems& problems)
        : fields_(fields), index_(index), names_(names), line_(line), problems_(problems) {}

    std::string_view text(std::size_t column) const { return trimmed(fields_[index_[column]]); }

    std::optional<std::int64_t> quantity(std::size_t column, std::int64_t lowest = 0,
                                         std::int64_t highest = kMaxQuantity) {
        const auto value = whole_number(text(column), lowest, highest);
        if (!value)
            fail(column, fmt::format("expected a whole number from {} to {}, found '{}'", lowest, highest,
                                     text(column)));
        return value;
    }

    std::optional<Money> amount(std::size_t column) {
        const auto fen = parse_decimal_scaled(text(column), 2);
        if (!fen || *fen > kMaxQuantity || *fen < -kMaxQuantity) {
            fail(column,
                 fmt::format("expected an amount in CNY with at most 2 decimals, e.g. 45.07, found '{}'",
                             text(column)));
            return std::nullopt;
        }
        return Money{*fen};
    }

    std::optional<std::size_t> tier(std::size_t column,
                                    const std::unordered_map<std::string, std::size_t>& tiers,
                                    const RatingTariff& tariff) {
        const std::string id(text(column));
        if (const auto found = tiers.find(id); found != tiers.end()) return found->second;
        fail(column, fmt::format("unknown tier '{}'; the scenario's tiers are {}", id, one_of(tariff.ids)));
        return std::nullopt;
    }

    void fail(std::size_t column, std::string_view problem) { problems_.add(line_, names_[column], problem); }

private:
    const std::vector<std::string>& fields_;
    const std::vector<std::size_t>& index_;
    const std::vector<std::string_view>& names_;
    std::int64_t line_;
    RowProblems& problems_;
};

struct CustomerMonth {
    std::int64_t first_line = 0;
    std::int64_t month = 0;
    std::size_t tier = 0;
    models::UsageUnits use;
    Money billed;
};

void append_compared(RatedRecords& out, Money rated, Money billed) {
    ++out.compared;
    out.rated += rated;
    out.billed += billed;
    if (rated != billed) ++out.mismatches;
    out.csv += fmt::format(",{},{},{}\n", rated, billed, rated - billed);
}

}  // namespace

RatingTariff RatingTariff::of(const std::vector<scenario::Tier>& tiers) {
    RatingTariff t;
    for (const auto& tier : tiers) {
        t.ids.push_back(tier.id);
        models::TierTerms terms;
        terms.monthly_fee = tier.monthly_fee;
        terms.included_voice_min = tier.unlimited_voice ? kUnlimitedUnits : tier.included_voice_min;
        terms.included_data_mb = tier.unlimited_data ? kUnlimitedUnits : tier.included_data_mb;
        terms.included_sms = tier.unlimited_sms ? kUnlimitedUnits : tier.included_sms;
        terms.voice_per_min = tier.voice_per_min;
        terms.data_per_mb = tier.data_per_mb;
        terms.sms_each = tier.sms_each;
        terms.voice_rounding = tier.voice_rounding;
        terms.data_rounding = tier.data_rounding;
        terms.sms_rounding = tier.sms_rounding;
        t.terms.push_back(terms);
        t.min_spend.push_back(tier.min_monthly_spend);
        t.per_started_minute.push_back(tier.per_started_minute);
    }
    return t;
}

RatedRecords rate_records(const fs::path& file, const RatingTariff& tariff) {
    const std::string name = file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in) throw InputError({{SourcePos{name, 0, 0}, "cannot read the usage file"}});
    RowProblems problems(name);
    std::string line;
    std::vector<std::string> fields;
    if (!std::getline(in, line))
        throw InputError({{SourcePos{name + ":1", 0, 0},
                           "header: the file is empty; expected id,tier,voice_sec,data_kb,sms,billed_cny or "
                           "id,month,tier,service,quantity,billed_cny"}});
    if (line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // a UTF-8 mark
    if (!line.empty() && line.back() == '\r') line.pop_back();
    split_csv(line, fields);

    RatedRecords out;
    const bool calls = std::any_of(fields.begin(), fields.end(),
                                   [](const std::string& f) { return trimmed(f) == "service"; });
    out.form = calls ? RecordForm::call_level : RecordForm::monthly_totals;
    const auto& columns = calls ? kCallColumns : kMonthlyColumns;
    std::vector<std::size_t> index(columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) {
        const auto found = std::find_if(fields.begin(), fields.end(),
                                        [&](const std::string& f) { return trimmed(f) == columns[c]; });
        if (found == fields.end())
            problems.add(1, "header",
                         fmt::format("missing column '{}'; a {} file has the columns {}", columns[c],
                                     calls ? "call-level" : "monthly-totals",
                                     calls ? "id,month,tier,service,quantity,billed_cny"
                                           : "id,tier,voice_sec,data_kb,sms,billed_cny"));
        index[c] = static_cast<std::size_t>(found - fields.begin());
    }
    problems.throw_if_any();
    const std::size_t width = fields.size();
    std::unordered_map<std::string, std::size_t> tiers;
    for (std::size_t t = 0; t < tariff.ids.size(); ++t) tiers.emplace(tariff.ids[t], t);

    out.csv = calls ? "line,month,tier,voice_sec,data_kb,sms,rated_cny,billed_cny,difference_cny\n"
                    : "line,tier,voice_sec,data_kb,sms,rated_cny,billed_cny,difference_cny\n";
    std::vector<CustomerMonth> months;  // call-level: in the order first seen
    std::unordered_map<std::string, std::size_t> month_of;
    for (std::int64_t number = 2; std::getline(in, line); ++number) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trimmed(line).empty()) continue;
        ++out.records;
        if (!split_csv(line, fields)) {
            problems.add(number, "row", "a quoted field is not closed");
            continue;
        }
        if (fields.size() != width) {
            problems.add(number, "row",
                         fmt::format("expected {} fields as in the header, found {}", width, fields.size()));
            continue;
        }
        RowReader row(fields, index, columns, number, problems);
        if (!calls) {
            const auto tier = row.tier(1, tiers, tariff);
            const auto voice = row.quantity(2);
            const auto data = row.quantity(3);
            const auto sms = row.quantity(4);
            const auto billed = row.amount(5);
            if (!tier || !voice || !data || !sms || !billed || problems.any()) continue;
            const models::Bill bill = models::rate_bill(tariff.terms[*tier], {*voice, *data, *sms});
            const Money rated = std::max(bill.total(), tariff.min_spend[*tier]);
            out.csv += fmt::format("{},{},{},{},{}", number, tariff.ids[*tier], *voice, *data, *sms);
            append_compared(out, rated, *billed);
            continue;
        }
        const auto month = row.quantity(1, 1, 100000);
        const auto tier = row.tier(2, tiers, tariff);
        const std::string_view service = row.text(3);
        const bool known_service = service == "voice" || service == "data" || service == "sms";
        if (!known_service) row.fail(3, fmt::format("expected voice, data or sms, found '{}'", service));
        const auto quantity = row.quantity(4);
        const auto billed = row.amount(5);
        if (!month || !tier || !known_service || !quantity || !billed) continue;
        const std::string key = fmt::format("{}\x1f{}", row.text(0), *month);
        const auto [at, added] = month_of.emplace(key, months.size());
        if (added) months.push_back({number, *month, *tier, {}, {}});
        CustomerMonth& cm = months[at->second];
        if (cm.tier != *tier) {
            row.fail(2, fmt::format("tier '{}' differs from '{}' on line {} for the same customer and month",
                                    tariff.ids[*tier], tariff.ids[cm.tier], cm.first_line));
            continue;
        }
        std::int64_t q = *quantity;
        if (service == "voice" && tariff.per_started_minute[*tier])
            q = (q + models::kSecondsPerMinute - 1) / models::kSecondsPerMinute * models::kSecondsPerMinute;
        auto& total = service == "voice" ? cm.use.voice_sec : service == "data" ? cm.use.data_kb : cm.use.sms;
        if (total > kMaxQuantity - q) {
            row.fail(4, fmt::format("the customer-month's {} use passes {}", service, kMaxQuantity));
            continue;
        }
        total += q;
        cm.billed += *billed;
    }
    if (in.bad()) problems.add(out.records + 1, "row", "the file could not be read to its end");
    problems.throw_if_any();
    for (const auto& cm : months) {
        const models::Bill bill = models::rate_bill(tariff.terms[cm.tier], cm.use);
        out.csv += fmt::format("{},{},{},{},{},{}", cm.first_line, cm.month, tariff.ids[cm.tier],
                               cm.use.voice_sec, cm.use.data_kb, cm.use.sms);
        append_compared(out, bill.total() - bill.fee, cm.billed);
    }
    return out;
}

}  // namespace offersim::sim
