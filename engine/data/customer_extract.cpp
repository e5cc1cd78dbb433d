#include "engine/data/customer_extract.hpp"

#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace offersim::data {

namespace {

enum Column : std::size_t {
    kId,
    kSegment,
    kTier,
    kTenure,
    kVoice,
    kData,
    kSms,
    kContractEnd,
    kVipLevel,
    kGroupId,
    kRegion
};

// Fixed keys: the first hashes an id to the word the secret then hashes again; the second
// sums the ids into the secret. Neither is a secret alone: what is secret is the sum over
// every id of the extract, which only someone holding the whole extract can form, or the
// operator's own secret file (extract_secret).
constexpr SipKey kIdKey{0x6f66666572736964ULL, 0x2d69642d68617368ULL};
constexpr SipKey kSecretKey{0x65787472616374ULL, 0x2d7365637265742dULL};
// Hashes a group id to the word the secret then hashes again, as kIdKey does an id.
constexpr SipKey kGroupIdKey{0x67726f75702d6964ULL, 0x2d69642d68617368ULL};

constexpr std::int64_t kMaxTenureMonths = 1200;

int index_of(const std::vector<std::string>& names, std::string_view text) {
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == text) return static_cast<int>(i);
    return -1;
}

std::string unknown_name(std::string_view what, std::string_view text,
                         const std::vector<std::string>& names) {
    const std::vector<std::string_view> candidates(names.begin(), names.end());
    const std::string_view near = scenario::nearest_name(text, candidates);
    if (!near.empty()) return fmt::format("unknown {} '{}'; did you mean '{}'?", what, text, near);
    std::string all;
    for (std::size_t i = 0; i < names.size() && i < 8; ++i) all += (i ? ", " : "") + names[i];
    return fmt::format("unknown {} '{}'; the scenario has: {}", what, text, all);
}

}  // namespace

std::optional<int> year_month(std::string_view text) {
    int year = 0;
    int month = 0;
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    const auto y = std::from_chars(text.data(), text.data() + 4, year);
    const auto m = std::from_chars(text.data() + 5, text.data() + 7, month);
    if (y.ec != std::errc() || y.ptr != text.data() + 4 || m.ec != std::errc() || m.ptr != text.data() + 7 ||
        year < 1900 || month < 1 || month > 12)
        return std::nullopt;
    return year * 12 + month - 1;
}

std::string year_month_text(int months) {
    return fmt::format("{:04}-{:02}", months / 12, months % 12 + 1);
}

TextEncoding read_extract_rows(const std::filesystem::path& file, const ExtractNames& names, int as_of,
                               TextEncoding encoding, const std::vector<std::string>& optional_columns,
                               const std::function<void(const ExtractRow&, calibration::CsvRow&)>& on_row) {
    calibration::CsvOptions options;
    options.encoding = encoding;
    options.optional_columns = optional_columns;
    ExtractRow r;
    return calibration::read_csv(
        file, kExtractColumns,
        [&](calibration::CsvRow& row) {
            r.id = row.text(kId);
            if (r.id.empty()) row.problem(kId, "id: empty; every customer needs its operator id");
            r.segment = index_of(names.segments, row.text(kSegment));
            if (r.segment < 0)
                row.problem(kSegment,
                            "segment: " + unknown_name("segment", row.text(kSegment), names.segments));
            const int tier = index_of(names.tiers, row.text(kTier));
            if (tier < 0) row.problem(kTier, "tier: " + unknown_name("tier", row.text(kTier), names.tiers));
            ExtractCustomer& c = r.customer;
            c.tier = static_cast<std::uint8_t>(std::max(tier, 0));
            const long long tenure = row.integer(kTenure, "tenure_months", 0);
            if (tenure > kMaxTenureMonths)
                row.problem(kTenure,
                            fmt::format("tenure_months: at most {}, found {}", kMaxTenureMonths, tenure));
            c.tenure_months =
                static_cast<std::uint16_t>(std::min(tenure, static_cast<long long>(kMaxTenureMonths)));
            c.voice_min = static_cast<float>(row.number(kVoice, "voice_min", 0.0));
            c.data_mb = static_cast<float>(row.number(kData, "data_mb", 0.0));
            c.sms = static_cast<float>(row.number(kSms, "sms", 0.0));
            c.contract_months_left = 0;
            if (const std::string_view end = row.text(kContractEnd); !end.empty()) {
                const std::optional<int> month = year_month(end);
                const int activated = as_of - static_cast<int>(c.tenure_months);
                if (!month)
                    row.problem(kContractEnd,
                                fmt::format("contract_end: expected a month as YYYY-MM, found '{}'", end));
                else if (*month < activated)
                    row.problem(
                        kContractEnd,
                        fmt::format("contract_end: {} is before the customer's activation in {} (as_of {} "
                                    "less {} months of tenure)",
                                    end, year_month_text(activated), year_month_text(as_of),
                                    c.tenure_months));
                else if (*month > as_of)
                    c.contract_months_left = static_cast<std::uint16_t>(std::min(*month - as_of, 65535));
            }
            c.vip_level = 0;
            if (const std::string_view level = row.text(kVipLevel); !level.empty()) {
                const int k = index_of(names.vip_levels, level);
                if (names.vip_levels.empty())
                    row.problem(kVipLevel,
                                fmt::format("vip_level: '{}' given, but the scenario grades no VIP levels "
                                            "(vip_grading); leave the column empty",
                                            level));
                else if (k < 0)
                    row.problem(kVipLevel,
                                "vip_level: " + unknown_name("VIP level", level, names.vip_levels));
                else
                    c.vip_level = static_cast<std::uint8_t>(k + 1);
            }
            r.group_id = row.text(kGroupId);
            r.region = row.text(kRegion);
            c.line = static_cast<std::uint32_t>(row.line());
            if (row.ok()) on_row(r, row);
        },
        options);
}

namespace {

// An id on rows of two segments: one customer cannot start in both (each segment's own
// repeats are found as its rows are sorted).
void report_ids_in_two_segments(const CustomerExtract& extract, std::vector<Diagnostic>& problems) {
    struct Seen {
        std::uint64_t key;
        std::uint32_t line;
        std::size_t segment;
    };
    std::vector<Seen> all;
    all.reserve(static_cast<std::size_t>(extract.rows));
    for (std::size_t s = 0; s < extract.by_segment.size(); ++s)
        for (const auto& c : extract.by_segment[s]) all.push_back({c.key, c.line, s});
    std::sort(all.begin(), all.end(),
              [](const Seen& a, const Seen& b) { return a.key != b.key ? a.key < b.key : a.line < b.line; });
    for (std::size_t i = 1; i < all.size() && problems.size() < calibration::kMaxReportedRows; ++i)
        if (all[i].key == all[i - 1].key && all[i].segment != all[i - 1].segment)
            problems.push_back({SourcePos{extract.file, static_cast<int>(all[i].line), 1},
                                fmt::format("id: the same id as line {}, in another segment; each customer "
                                            "appears once, in one segment",
                                            all[i - 1].line)});
}

// The group ids of the segments that feed groups while the rows are read: each distinct id
// once (its hash, rows and first line), each row holding its id's place in the reading order
// until the secret orders the groups. Nothing here outlives read_customer_extract.
class GroupsWhileReading {
public:
    explicit GroupsWhileReading(const ExtractNames& names)
        : feeds_(names.group_segments), seen_(names.segments.size()), groups_(names.segments.size()) {}

    // Sets `c.group` to the place of `group_id` among its segment's ids so far.
    void add(std::size_t segment, std::string_view group_id, ExtractCustomer& c, calibration::CsvRow& row) {
        c.group = 0;
        if (group_id.empty() || segment >= feeds_.size() || !feeds_[segment]) return;
        const std::uint64_t hash = siphash24(kGroupIdKey, group_id);
        auto& groups = groups_[segment];
        const auto [at, added] = seen_[segment].try_emplace(hash, groups.size());
        if (added) {
            if (groups.size() == kMaxExtractGroupsPerSegment) {
                seen_[segment].erase(at);
                row.problem(kGroupId,
                            fmt::format("group_id: the segment's rows carry more than {} group ids, "
                                        "the most in-store groups the store holds",
                                        kMaxExtractGroupsPerSegment));
                return;
            }
            groups.push_back({hash, {0, c.line}});
        }
        groups[at->second].second.rows += 1;
        c.group = static_cast<std::uint16_t>(at->second + 1);
    }

    // Orders each feeding segment's groups by their keyed hash under `secret` (so the order of
    // the rows changes nothing), renumbers its rows and sorts them by (group, key), the
    // customers of no group last.
    void order(const SipKey& secret, CustomerExtract& out) {
        out.groups_by_segment.assign(groups_.size(), {});
        for (std::size_t s = 0; s < groups_.size(); ++s) {
            auto& groups = groups_[s];
            if (groups.empty()) continue;
            std::vector<std::pair<std::uint64_t, std::size_t>> keyed;  // (key, place while reading)
            for (std::size_t k = 0; k < groups.size(); ++k)
                keyed.emplace_back(siphash24(secret, groups[k].first), k);
            std::sort(keyed.begin(), keyed.end());
            std::vector<std::uint16_t> index(groups.size());
            for (std::size_t k = 0; k < keyed.size(); ++k) {
                index[keyed[k].second] = static_cast<std::uint16_t>(k + 1);
                out.groups_by_segment[s].push_back(groups[keyed[k].second].second);
            }
            auto& customers = out.by_segment[s];
            for (auto& c : customers)
                if (c.group != 0) c.group = index[c.group - 1u];
            // Keys are distinct (repeats were refused), so the order is total: no stable sort's
            // buffer is needed.
            std::sort(customers.begin(), customers.end(),
                      [](const ExtractCustomer& a, const ExtractCustomer& b) {
                          const unsigned ga = a.group == 0 ? 0x10000u : a.group;
                          const unsigned gb = b.group == 0 ? 0x10000u : b.group;
                          return ga != gb ? ga < gb : a.key < b.key;
                      });
        }
    }

private:
    std::vector<std::uint8_t> feeds_;
    std::vector<std::unordered_map<std::uint64_t, std::size_t>> seen_;
    std::vector<std::vector<std::pair<std::uint64_t, ExtractGroup>>> groups_;
};

}  // namespace

SipKey extract_secret(std::string_view bytes) {
    // Two fixed keys fold a secret of any length into SipHash's 128-bit key.
    constexpr SipKey kFoldLow{0x7365637265742d30ULL, 0x6f6666657273696dULL};
    constexpr SipKey kFoldHigh{0x7365637265742d31ULL, 0x6f6666657273696dULL};
    return SipKey{siphash24(kFoldLow, bytes), siphash24(kFoldHigh, bytes)};
}

CustomerExtract read_customer_extract(const std::filesystem::path& file, const ExtractNames& names, int as_of,
                                      TextEncoding encoding, const SipKey* operator_secret) {
    CustomerExtract out;
    out.file = file.string();
    out.by_segment.resize(names.segments.size());
    out.rows_with_group_id.assign(names.segments.size(), 0);
    std::uint64_t id_sum = 0;
    GroupsWhileReading groups(names);
    out.encoding = read_extract_rows(
        file, names, as_of, encoding, {}, [&](const ExtractRow& r, calibration::CsvRow& row) {
            ExtractCustomer c = r.customer;
            groups.add(static_cast<std::size_t>(r.segment), r.group_id, c, row);
            out.rows_with_group_id[static_cast<std::size_t>(r.segment)] += r.group_id.empty() ? 0 : 1;
            c.key = siphash24(kIdKey, r.id);
            id_sum += siphash24(kSecretKey, r.id);
            out.by_segment[static_cast<std::size_t>(r.segment)].push_back(c);
            ++out.rows;
        });
    // The secret: the operator's, or else the sum over the extract's ids (so any order of its
    // rows gives the same), with the row count. Never written; the same extract (and secret
    // file) gives it again on every run.
    const SipKey secret =
        operator_secret
            ? *operator_secret
            : SipKey{id_sum, id_sum ^ (static_cast<std::uint64_t>(out.rows) * 0x9E3779B97F4A7C15ULL)};
    std::vector<Diagnostic> problems;
    for (auto& customers : out.by_segment) {
        for (auto& c : customers) c.key = siphash24(secret, c.key);
        std::sort(customers.begin(), customers.end(),
                  [](const ExtractCustomer& a, const ExtractCustomer& b) { return a.key < b.key; });
        for (std::size_t i = 1; i < customers.size(); ++i)
            if (customers[i].key == customers[i - 1].key && problems.size() < calibration::kMaxReportedRows) {
                const auto [first, second] = std::minmax(customers[i - 1].line, customers[i].line);
                problems.push_back(
                    {SourcePos{out.file, static_cast<int>(second), 1},
                     fmt::format("id: the same id as line {}; each customer appears once", first)});
            }
    }
    report_ids_in_two_segments(out, problems);
    if (!problems.empty()) throw InputError(std::move(problems));
    groups.order(secret, out);
    return out;
}

}  // namespace offersim::data
