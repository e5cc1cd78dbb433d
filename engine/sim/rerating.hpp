#pragma once
// `offersim rate`: usage records re-rated against a scenario's tiers and compared with what
// was billed, to the fen. Two CSV forms, told apart by their header:
//   - monthly totals: id,tier,voice_sec,data_kb,sms,billed_cny — one bill per row: the fee,
//     the overage lines, and the tier's minimum spend as a floor;
//   - call-level records: id,month,tier,service,quantity,billed_cny — one row per call
//     (quantity in seconds), data session (KB) or message batch (count); the overage
//     charges of each customer-month are compared with the sum billed for its records.
//     A tier's `rounding.calls: per_started_minute` rounds each call up to whole minutes.
// Files are read a row at a time; ids are read to group records, never written.
#include "engine/core/error.hpp"
#include "engine/core/money.hpp"
#include "engine/scenario/scenario.hpp"
#include "models/rating.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace offersim::sim {

// The scenario's tiers as the rater needs them, in file order.
struct RatingTariff {
    std::vector<std::string> ids;
    std::vector<models::TierTerms> terms;
    std::vector<Money> min_spend;
    std::vector<bool> per_started_minute;

    static RatingTariff of(const std::vector<scenario::Tier>& tiers);
};

enum class RecordForm { monthly_totals, call_level };

struct RatedRecords {
    RecordForm form = RecordForm::monthly_totals;
    std::int64_t records = 0;     // rows read
    std::int64_t compared = 0;    // bills compared: rows, or customer-months of call records
    std::int64_t mismatches = 0;  // compared bills that differ by a fen or more
    Money rated;
    Money billed;
    std::string csv;  // one line per compared bill: the source line, never the id

    Money difference() const { return rated - billed; }
};

// Problems reported in full before the rest are only counted.
inline constexpr std::size_t kMaxReportedRows = 20;

// Rates every record of `file`. Throws InputError listing each bad row ("FILE:LINE: column:
// problem"), up to kMaxReportedRows of them and then their count.
RatedRecords rate_records(const std::filesystem::path& file, const RatingTariff& tariff);

}  // namespace offersim::sim
