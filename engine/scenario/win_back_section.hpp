#pragma once
// Decodes the scenario's `win_back:` block. Internal to the loader (it knows the document).
#include "engine/scenario/field_reader.hpp"
#include "engine/scenario/scenario.hpp"

#include <functional>
#include <optional>

namespace offersim::scenario {

inline const Keys kWinBackKeys = {"id",           "name",         "start_month", "end_month",
                                  "pool",         "regions",      "targeting",   "capacity",
                                  "after_switch", "success_test", "scoring",     "converts"};
inline const Keys kWinBackPoolKeys = {"size",     "employee_share", "base_months",  "monthly_cv",
                                      "networks", "calling_circle", "from_churners"};
inline const Keys kWinBackChurnerFeedKeys = {"segments", "share", "delay_months"};
inline const Keys kWinBackNetworkNames = {"gsm", "cdma"};
inline const Keys kWinBackNetworkKeys = {"share", "outgoing_min_to_us", "offer",
                                         "tier",  "conversion",         "reward_cny"};
inline const Keys kWinBackConvertsKeys = {"usage_of", "rebound_churn_monthly"};
inline const Keys kWinBackCircleKeys = {"contacts", "top5_share", "calls_per_month"};
inline const Keys kWinBackRegionKeys = {"id",           "name", "share", "target", "min_each_month_min",
                                        "min_total_min"};
inline const Keys kWinBackTargetingKeys = {"min_each_month_min", "min_total_min"};
inline const Keys kWinBackCapacityKeys = {"account_managers", "contacts_per_manager_per_month"};
inline const Keys kWinBackAfterSwitchKeys = {
    "second_sim_share",  "switcher_residual_share",      "second_sim_keep_share", "monthly_cv",
    "contact_retention", "second_sim_contact_retention", "second_sim_spend_share"};
inline const Keys kWinBackSuccessKeys = {"quiet_share", "first_quiet_month", "quiet_months",
                                         "fingerprint_size", "fingerprint_min_overlap"};
inline const Keys kWinBackScoringKeys = {"points_at_target", "zero_below_share"};

// The `win_back` block of `root`, when there is one. Offer and tier references are checked
// against `sc`, whose tiers and offers must be decoded already.
std::optional<WinBackSpec> read_win_back(FieldReader& in, const DocNode& root, const Scenario& sc);

}  // namespace offersim::scenario
