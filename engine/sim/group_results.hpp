#pragma once
// What the enterprise-groups module (groups.hpp) reports: plain records, each figure a Band
// over replications. Money in CNY.
#include "engine/sim/band.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace offersim::sim {

// One month, at its end, over every group of the scenario.
struct GroupMonth {
    int month = 0;
    Band groups_intact;            // still ours as a group (not switched as a whole)
    Band members_on_net;           // including members who stayed after their group switched
    Band purity;                   // members on net / all members (纯净度)
    Band target_market_retention;  // month-0 members still on net / month-0 members on net (保有率)
    Band bids;                     // bids that reached a group this month
    Band switches;                 // whole-group switches this month
    Band member_revenue_cny;
    Band informatization_revenue_cny;   // 信息化收入
    Band tier_drops;                    // warnings: intact groups whose value tier fell at this re-score
    std::vector<Band> groups_by_tier;   // intact groups, by their latest value tier
    std::vector<Band> purity_by_class;  // in the order of GroupResults::classes
};

struct GroupClassSummary {
    std::string id;
    std::string name;
    std::string industry;
    int groups = 0;
    Band purity_start;
    Band purity_end;
    Band target_market_retention_end;
    Band switched;
    Band informatization_revenue_cny;
    Band tier_drops;
};

// One group of the scenario, the per-group score list (docs/models.md, "Per-customer views").
struct GroupScore {
    std::string class_id;
    int index = 0;  // 1-based within its class
    Band score;     // value score at its last score (0 to 100)
    Band tier;      // its tier then, 1 for the highest (GroupResults::tier_ids order + 1)
    Band warnings;  // tier-drop warnings over the horizon
    Band switched;  // 1 when it switched as a whole: the mean is the share of replications
};

struct GroupResults {
    std::vector<std::string> tier_ids;  // highest first
    std::vector<std::string> tier_names;
    // Keys: groups_total, groups_switched, switches_expected (the model's expectation given the
    // bids received), bids_received, purity_start, purity_end, target_market_retention_end,
    // member_revenue_total_cny, informatization_revenue_total_cny, marketing_cost_total_cny,
    // tier_drop_warnings; the levers of docs/models.md section 29: groups_new,
    // groups_under_agreement_end, agreement_renewals, early_exits, early_exit_fees_total_cny,
    // reward_cost_total_cny, member_cost_total_cny, unified_payment_share, margin_total_cny;
    // matching the rival's price: price_matches, price_match_cost_total_cny; members who joined
    // in-store groups (§28.2): members_joined, joiners_revenue_total_cny.
    std::vector<Headline> headlines;
    std::vector<GroupMonth> monthly;
    std::vector<GroupClassSummary> classes;
    std::vector<GroupScore> scores;  // every group, class by class

    const Band& headline(std::string_view key) const;
};

}  // namespace offersim::sim
