#pragma once
// Enterprise groups simulated as wholes, beside the customer simulation: each group's size,
// purity, key persons and leader are drawn, then month by month group products are adopted
// (off-net members join), competitors bid (whole groups may switch, members follow), revenue
// accrues and groups are re-scored into value tiers with a warning when a tier falls.
// Every draw is keyed by (seed, replication, class id, group, month, purpose): results do
// not depend on the order of work and variants share their random numbers.
#include "engine/core/philox.hpp"
#include "engine/scenario/group_joiners.hpp"
#include "engine/scenario/group_spec.hpp"
#include "engine/sim/group_replication.hpp"
#include "engine/sim/group_results.hpp"
#include "engine/sim/module_samples.hpp"
#include "engine/sim/simulation.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace offersim::sim {

// The customer store's side of the groups whose members are its customers (docs/models.md
// §28), `group` being a group's place among those groups (class by class, group by group).
class GroupMemberLink {
public:
    struct Standing {
        std::int64_t on_net = 0;         // members alive in the store, and joiners on their way
        double bundle_share = 0.0;       // of them, the share holding a binding offer
        double bound_key_persons = 0.0;  // key persons alive holding a binding offer
        std::int64_t joined = 0;         // of on_net, those who joined since month 0 (§28.2)
    };
    virtual Standing standing(std::size_t group) const = 0;
    // The group switched in `month`: each on-net member follows with probability `share`,
    // by its own keyed draw, and leaves the store; so does each joiner decided in the month.
    virtual void follow(std::size_t group, int month, double share) = 0;
    // `joiners` of the group's members of `kind` (for an adoption, the adoption's place in
    // groups.adoptions is `item`) decided in `month` to join us: they fill the group's slots
    // and are billed from the next month (§28.2).
    virtual void join(std::size_t group, scenario::JoinKind kind, std::uint32_t item, int month,
                      std::int64_t joiners) = 0;

protected:
    ~GroupMemberLink() = default;
};

// One replication of every group stepped month by month, so that groups whose members are
// customers step between the customer base's months. Draws as simulate_groups_replication's.
class GroupsStepper {
public:
    // Sets every group up (month 0). `link` serves the classes with members_from.
    GroupsStepper(const scenario::GroupsSpec& spec, int horizon_months, PhiloxKey replication_key,
                  GroupMemberLink* link);
    ~GroupsStepper();
    GroupsStepper(const GroupsStepper&) = delete;
    GroupsStepper& operator=(const GroupsStepper&) = delete;

    struct StoreGroup {
        std::int64_t on_net = 0;  // members to take from the segment at month 0, or a new
                                  // group's members when it settles
        int key_persons = 0;      // of the group's members
    };
    // The groups whose members are customers, in link order (scenario::joiner_layout's), as
    // they are at month 0 or, for a new group, when it settles.
    std::vector<StoreGroup> store_groups() const;
    // Before the customers' `month`: per group of store_groups(), the cut on each member's bill
    // of the month in fen when the group matches a rival's quote, else 0 (§29.1).
    std::vector<std::int64_t> bill_cuts_fen(int month);
    void step(int month);
    GroupReplication finish();  // after the last month

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The months in which the groups of a new_groups entry settle, one entry per group, in order.
std::vector<int> settling_months(const scenario::NewGroups& n);

GroupReplication simulate_groups_replication(const scenario::GroupsSpec& spec, int horizon_months,
                                             std::uint64_t seed, std::uint32_t replication);

// Every replication of config's seed, summarised; stops with RunError when config.cancel is set.
// With `samples`, also adds each replication's group KPIs and money to it for comparisons.
GroupResults run_groups(const scenario::GroupsSpec& spec, int horizon_months, const RunConfig& config,
                        ModuleSamples* samples = nullptr);

// The summaries of replications already run (run_groups's, or a plan's with members in the
// store, docs/models.md §28); with `samples`, also their KPIs and money for comparisons.
GroupResults summarise_groups(const scenario::GroupsSpec& spec, int horizon_months,
                              const std::vector<GroupReplication>& runs, ModuleSamples* samples = nullptr);

}  // namespace offersim::sim
