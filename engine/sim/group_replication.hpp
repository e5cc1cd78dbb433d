#pragma once
// One replication's totals of the enterprise-groups module (engine/sim/groups.hpp), apart so
// that a metric cube can carry them when groups step with the customer base (§28).
#include <vector>

namespace offersim::sim {

// One replication's totals, for the summaries and for tests of the switching draws.
struct GroupReplication {
    // [month - 1]
    std::vector<double> groups_intact, members_on_net, members_total, retained_original, bids, switches,
        member_revenue_cny, informatization_revenue_cny, tier_drops, marketing_cost_monthly_cny;
    std::vector<std::vector<double>> groups_by_tier;                   // [month - 1][tier]
    std::vector<std::vector<double>> on_net_by_class, total_by_class;  // [month - 1][class]
    double members_on_net_start = 0.0;
    double members_total_start = 0.0;
    double marketing_cost_cny = 0.0;
    double switches_expected = 0.0;  // sum over bids received of the switch probability
    double switches_variance = 0.0;  // sum over bids received of p (1 - p)
    struct ClassTotals {
        double on_net_start = 0.0, total_start = 0.0, on_net_end = 0.0, total_end = 0.0, retained_end = 0.0,
               switched = 0.0, informatization_cny = 0.0, tier_drops = 0.0;
    };
    std::vector<ClassTotals> classes;
    // Each group where it ends, class by class in `count` order: its value score and tier at
    // its last score (tier 0 the highest), its tier-drop warnings and whether it switched.
    struct GroupEnd {
        double score = 0.0, tier = 0.0, warnings = 0.0, switched = 0.0;
    };
    std::vector<GroupEnd> groups;
    // The levers of docs/models.md section 29: [month - 1] lines, then totals.
    std::vector<double> early_exit_fee_cny, reward_cost_cny, member_cost_cny, unified_revenue_cny,
        groups_under_agreement, renewals;
    // Matching the price (section 29): the discount forgone [month - 1], and matches begun.
    std::vector<double> price_match_cost_cny;
    // Of price_match_cost_cny, the cut on the bills of members in the store [month - 1]
    // (§29.1): already out of the customer base's revenue, so not taken again at the group.
    std::vector<double> price_match_in_bills_cny;
    // Members in the store (§28.1): their bills [month - 1], and of them those of the members
    // their intact group pays; the unified-payment share of those classes.
    std::vector<double> store_member_bills_cny, store_unified_bills_cny;
    // The revenue of the members who joined in-store groups [month - 1] (§28.2): in their
    // segment's row of the customer base, counted here apart.
    std::vector<double> joiners_revenue_cny;
    double price_matches = 0.0;
    double early_exits = 0.0;     // groups that switched while under agreement
    double groups_new = 0.0;      // groups settled over the horizon
    double members_joined = 0.0;  // off-net members, hires and new groups' members who joined us (§28.2)
};

}  // namespace offersim::sim
