#pragma once
// Enterprise groups simulated as wholes, beside the customer simulation: each group's size,
// purity, key persons and leader are drawn, then month by month group products are adopted
// (off-net members join), competitors bid (whole groups may switch, members follow), revenue
// accrues and groups are re-scored into value tiers with a warning when a tier falls.
// Every draw is keyed by (seed, replication, class id, group, month, purpose): results do
// not depend on the order of work and variants share their random numbers.
#include "engine/scenario/group_spec.hpp"
#include "engine/sim/group_results.hpp"
#include "engine/sim/module_samples.hpp"
#include "engine/sim/simulation.hpp"

#include <cstdint>
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
    double early_exits = 0.0;  // groups that switched while under agreement
    double groups_new = 0.0;   // groups settled over the horizon
};

// The months in which the groups of a new_groups entry settle, one entry per group, in order.
std::vector<int> settling_months(const scenario::NewGroups& n);

GroupReplication simulate_groups_replication(const scenario::GroupsSpec& spec, int horizon_months,
                                             std::uint64_t seed, std::uint32_t replication);

// Every replication of config's seed, summarised; stops with RunError when config.cancel is set.
// With `samples`, also adds each replication's group KPIs and money to it for comparisons.
GroupResults run_groups(const scenario::GroupsSpec& spec, int horizon_months, const RunConfig& config,
                        ModuleSamples* samples = nullptr);

}  // namespace offersim::sim
