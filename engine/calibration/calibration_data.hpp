#pragma once
// What `offersim calibrate` fits, read from the operator's files (docs/scenario-reference.md,
// "Calibration"): churn histories (per-customer records or cohort survival tables), observed
// plan choices and customers' mean usage, each grouped by segment id.
#include "models/churn_fit.hpp"
#include "models/logit_fit.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace offersim::calibration {

// The attributes of a plan-choice alternative, as the scenario's utility weighs them.
inline const std::vector<std::string> kChoiceAttributes{"bill_cny", "overage_risk", "subsidy_cny",
                                                        "is_current"};

// The services a usage file may hold, as the scenario's `usage` keys name them.
inline const std::vector<std::string> kUsageServices{"voice_min", "data_mb", "sms"};

struct CalibrationData {
    // Per segment: survival records, merged by (entry, exit, churned).
    std::map<std::string, std::vector<models::SurvivalRecord>> histories;
    // Per segment: choice situations over kChoiceAttributes.
    std::map<std::string, models::ChoiceData> choices;
    // Per segment, per service: each customer's mean monthly usage.
    std::map<std::string, std::map<std::string, std::vector<double>>> usage;
};

class CsvRow;

// One row of a per-customer history (columns segment, entry_months, exit_month, churned,
// the first four), as read; problems go to `row`.
struct CustomerHistoryRow {
    std::string segment;
    std::int64_t entry = 0;
    std::int64_t exit = 0;
    std::int64_t churned = 0;  // 0 or 1 once checked
};

// Reads the four columns, with a problem for an empty segment or one that is not a number.
CustomerHistoryRow read_customer_history_row(CsvRow& row);

// The checks of its values, while the row has no problem yet: churned is 0 or 1, a churner
// leaves after its entry, and a customer who stays is seen at least to its entry.
void check_customer_history_row(CsvRow& row, const CustomerHistoryRow& h);

// A history file: per-customer records with columns segment, entry_months, exit_month,
// churned (0/1), or a cohort survival table with columns segment, cohort, month, active
// (month 0 the cohort's size, active never rising). Throws InputError with every bad row.
std::map<std::string, std::vector<models::SurvivalRecord>> read_history(const std::filesystem::path& file);

// Observed choices: columns situation, segment, chosen (0/1) and kChoiceAttributes, one row
// per alternative, a situation's rows together, exactly one chosen.
std::map<std::string, models::ChoiceData> read_choices(const std::filesystem::path& file);

// Usage: columns segment and any of kUsageServices (at least one), one customer a row,
// each value above 0.
std::map<std::string, std::map<std::string, std::vector<double>>> read_usage(
    const std::filesystem::path& file);

}  // namespace offersim::calibration
