#pragma once
// What the per-customer views report (docs/models.md, "Per-customer views"): plain records,
// each figure a Band over replications. Money in CNY.
#include "engine/sim/band.hpp"

#include <string>
#include <vector>

namespace offersim::sim {

// One VIP level (or no level) or one ARPU band: billed customers and their revenue, by
// month and over the horizon.
struct CustomerViewRow {
    std::string id;        // a VIP level's id, "none", or a band's id such as "50-100"
    double lower_cny = 0;  // an ARPU band's edges; upper is infinite for the last band
    double upper_cny = 0;
    std::vector<Band> headcount;    // [month - 1]: customers billed in the month
    std::vector<Band> revenue_cny;  // [month - 1]
    Band headcount_mean;            // billed customers per month, over the horizon
    Band revenue_total_cny;         // over the horizon
    Band arpu_cny;                  // revenue over customer-months, NaN where none were billed
};

struct CustomerViewResults {
    std::vector<CustomerViewRow> vip_levels;  // "none" first, then the levels, lowest band first
    std::vector<CustomerViewRow> arpu_bands;  // lowest first
    // The share of the month's margin that the top fifth of billed customers bring (ranked by
    // their margin that month), by month, and its average over the last 12 months.
    std::vector<Band> top_fifth_margin_share;  // [month - 1]
    Band top_fifth_margin_share_last_12;
    int last_months = 0;  // how many months that average covers: min(12, horizon)
};

}  // namespace offersim::sim
