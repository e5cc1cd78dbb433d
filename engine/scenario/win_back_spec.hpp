#pragma once
// A win-back (回流) campaign on a pool of competitors' customers, as plain values: the
// `win_back:` block of a scenario. See docs/models.md "Win-back" for what each field does.
#include "engine/core/error.hpp"
#include "models/distribution.hpp"
#include "models/win_back.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

// The segments converts join (docs/models.md, "Won-back customers in the base"); no segment
// of a scenario with a win-back campaign may have these ids.
inline constexpr std::string_view kWonBackSegment = "won_back";
inline constexpr std::string_view kWonBackSecondSimSegment = "won_back_2nd_sim";

// The competitor networks the pool holds. PHS (小灵通) users are left out, as the plan does:
// their tariffs are too far from ours.
enum class CompetitorNetwork { gsm, cdma };
inline constexpr std::size_t kCompetitorNetworks = 2;

// The pool's customers on one competitor network, and the offer that wins them.
struct WinBackNetwork {
    double share = 0.0;                       // of the pool
    models::Distribution outgoing_min_to_us;  // each customer's mean monthly minutes to our network
    std::string offer;                        // cdma: a device_subsidy offer id (handset first)
    std::string tier;                         // gsm: the matching tier id; cdma: the offer's tier
    double conversion = 0.0;                  // probability a contacted customer switches
    Money reward;                             // paid to each convert when it joins (GSM: rewards)
    SourcePos pos;
};

struct WinBackRegion {
    std::string id;
    std::string name;
    double share = 0.0;        // of the pool
    models::TrafficRule rule;  // the plan's rule unless the region overrides it
    std::int64_t target = 0;   // confirmed win-backs the region is asked for
};

// Our own churners who join the pool (docs/models.md §30): customers of these segments who
// churn in the customer simulation, each with probability `share`, `delay_months` after the
// month they leave.
struct WinBackChurnerFeed {
    std::vector<std::string> segments;  // segment ids
    double share = 1.0;
    int delay_months = 1;
};

struct WinBackSpec {
    std::string id;
    std::string name;
    std::int64_t pool_size = 0;  // the rival's customers drawn from the scenario
    std::optional<WinBackChurnerFeed> from_churners;
    std::array<WinBackNetwork, kCompetitorNetworks> networks;  // by CompetitorNetwork
    double employee_share = 0.0;                               // competitors' staff, removed from the list
    int base_months = 5;
    double monthly_cv = 0.3;      // a month's minutes around the customer's own mean (lognormal)
    int contacts = 20;            // distinct mobile numbers a customer calls
    double top5_share = 0.6;      // of calls going to the five most-called numbers
    double calls_per_month = 80;  // to all numbers
    std::vector<WinBackRegion> regions;
    models::TrafficRule rule;  // the plan-wide targeting rule
    std::int64_t account_managers = 0;
    std::int64_t contacts_per_manager_per_month = 0;
    int start_month = 1;
    int end_month = 0;  // last month of contacts; 0: the horizon
    // After the switch (shares of the customer's base-period average minutes to us).
    double second_sim_share = 0.0;          // converts who take our SIM and keep the old number
    double switcher_residual_share = 0.05;  // a real switcher's old number
    double second_sim_keep_share = 0.85;    // a second-SIM convert's old number
    double post_switch_cv = 0.5;            // month-to-month, lognormal
    double contact_retention = 0.9;         // real switcher: each number still called from the new one
    double second_sim_contact_retention = 0.2;
    double second_sim_spend_share = 0.3;  // of the tier fee a second SIM brings
    models::SuccessTest success;
    // Converts join the customer base (docs/models.md, "Won-back customers in the base"):
    // with the usage, per-tier fees and off-net share of `usage_of` (a segment id), and after
    // the assessment period a monthly churn probability, the rebound (消费反弹).
    std::string usage_of;
    double rebound_churn_monthly = 0.02;
    double full_points = 4.0;
    double zero_points_below = 0.9;
};

}  // namespace offersim::scenario
