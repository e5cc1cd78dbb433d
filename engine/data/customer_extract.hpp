#pragma once
// An operator's customer extract (docs/models.md §33, docs/scenario-reference.md "Initial
// base from an extract"): one CSV row per customer, read in streaming fashion. The ids are
// hashed with a per-extract secret as they are read and never kept, so no simulation output
// can hold them; only `offersim targets` passes them through.
#include "engine/core/siphash.hpp"
#include "engine/data/csv_table.hpp"
#include "engine/data/text_encoding.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::data {

// The columns every extract has, in this order in the CSV-schema documentation.
inline const std::vector<std::string> kExtractColumns = {"id",        "segment",  "tier",  "tenure_months",
                                                         "voice_min", "data_mb",  "sms",   "contract_end",
                                                         "vip_level", "group_id", "region"};

// A year-month "YYYY-MM" as a month count (year * 12 + month - 1), or nothing.
std::optional<int> year_month(std::string_view text);
std::string year_month_text(int months);

// The names the rows must use: the scenario's segment, tier and VIP level ids.
struct ExtractNames {
    std::vector<std::string> segments;
    std::vector<std::string> tiers;
    std::vector<std::string> vip_levels;  // empty: the scenario grades no VIP levels
    // By segment: 1 where a group class takes its members from the segment, so that its rows'
    // group ids are its groups (docs/models.md §33, "Groups from the rows"); elsewhere group
    // ids are read and ignored. Empty: none.
    std::vector<std::uint8_t> group_segments;
};

// One customer as the simulation needs it: 32 bytes while the run lasts.
struct ExtractCustomer {
    std::uint64_t key = 0;  // SipHash of the id under the extract's secret: its draws' place
    float voice_min = 0.0f;
    float data_mb = 0.0f;
    float sms = 0.0f;
    std::uint32_t line = 0;
    std::uint16_t tenure_months = 0;
    std::uint16_t contract_months_left = 0;  // months 1..n of the run are under contract; 0: none
    std::uint8_t tier = 0;                   // index into the scenario's tiers
    std::uint8_t vip_level = 0;              // 0: none, k: level k - 1
    // 0: no group; g: the g-th group of its segment in the order of the groups' keys (set only
    // for ExtractNames::group_segments). Fills bytes that were padding: still 32 a row.
    std::uint16_t group = 0;
};
static_assert(sizeof(ExtractCustomer) == 32, "an extract's row stays 32 bytes");

// The rows of one group id of a segment that feeds groups, in the groups' key order.
struct ExtractGroup {
    std::uint32_t rows = 0;        // its on-net members
    std::uint32_t first_line = 0;  // the line of its first row, for messages (ids are not kept)
};

// The most group ids a segment's rows may carry: the store's group index is 16 bits.
inline constexpr std::size_t kMaxExtractGroupsPerSegment = 65535;

// One row while it is read, with the text fields only `offersim targets` uses.
struct ExtractRow {
    std::string_view id;
    int segment = 0;
    std::string_view group_id;
    std::string_view region;
    ExtractCustomer customer;  // key not yet set
};

// Calls `on_row` for every good row of `file`; `as_of` is the extract's month (the month
// before the run's month 1). Throws InputError with every bad row (file:line:column: column:
// problem), up to calibration::kMaxReportedRows. `optional_columns` come after
// kExtractColumns in the CsvRow. Returns the encoding read.
TextEncoding read_extract_rows(const std::filesystem::path& file, const ExtractNames& names, int as_of,
                               TextEncoding encoding, const std::vector<std::string>& optional_columns,
                               const std::function<void(const ExtractRow&, calibration::CsvRow&)>& on_row);

// The extract as the customer store's initial base: customers by segment, each segment's in
// the order of their keys, so the order of the file's rows changes nothing.
struct CustomerExtract {
    std::string file;
    TextEncoding encoding = TextEncoding::utf8;
    std::int64_t rows = 0;
    std::vector<std::vector<ExtractCustomer>> by_segment;
    // By segment of ExtractNames::group_segments: its groups in key order (group g at g - 1),
    // its customers sorted by (group, key), the customers of no group last. Empty elsewhere.
    std::vector<std::vector<ExtractGroup>> groups_by_segment;
    std::vector<std::int64_t> rows_with_group_id;  // by segment: rows whose group_id is not empty
};

// `secret`: the operator's (extract_secret); null: a secret formed from the sum over the
// extract's ids, so that adding or removing a row changes every key (docs/models.md §33).
CustomerExtract read_customer_extract(const std::filesystem::path& file, const ExtractNames& names, int as_of,
                                      TextEncoding encoding, const SipKey* secret = nullptr);

// The fewest bytes of a secret file: 128 bits, SipHash's key.
inline constexpr std::size_t kMinSecretBytes = 16;

// The key an operator's secret file gives (all its bytes, at least kMinSecretBytes): each
// customer's key is then the keyed hash of its id alone, whatever the other rows.
SipKey extract_secret(std::string_view bytes);

}  // namespace offersim::data
