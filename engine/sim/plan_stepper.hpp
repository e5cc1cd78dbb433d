#pragma once
// One plan's customers and results while they are stepped month by month: what
// run_simulation does for one plan, in pieces, so that a comparison can step several plans
// over the same customers in lockstep (engine/sim/lockstep.hpp) and get the same figures,
// bit for bit, as each plan run on its own.
#include "engine/core/philox.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/customer_views.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/retention_ranking.hpp"
#include "engine/sim/win_back.hpp"

#include <atomic>
#include <cstddef>
#include <optional>
#include <vector>

namespace offersim::sim {

class ThreadPool;

class PlanStepper {
public:
    // `cancel`, when set, stops the run at the next shard (RunError). With `touched`, only
    // those shards are ever stepped here: the store holds only their customers' pages, and
    // the other shards' months come from other ranks (engine/sim/rank_split.hpp).
    PlanStepper(const SimulationPlan& plan, int replications, const std::atomic<bool>* cancel = nullptr,
                std::optional<ShardRange> touched = std::nullopt);

    const SimulationPlan& plan() const { return plan_; }
    const CustomerStore& store() const { return store_; }
    const std::vector<Shard>& shards() const { return store_.shards(); }
    MetricCube& cube() { return cube_; }
    // What each shard added in the month being stepped, in shard order.
    std::vector<ShardMonth>& shard_months() { return shard_months_; }

    // Before the month's shards: in a replication's first month, the start of the win-back
    // campaign's replication and the groups whose members are customers (who belongs to which
    // group); the retention campaigns, which select over the whole base, ranking its shards
    // on `pool` (on this thread without one: the same contacts). With `share`, the ranks of a
    // job that share the shards rank theirs and merge (run_retention_campaigns).
    void start_month(int rep, int month, PhiloxKey replication_key, ThreadPool* pool = nullptr,
                     const ShardShare* share = nullptr);
    // Creates shard `s`'s customers in their joining month and steps them through `month`.
    // With `revenue` and `active` (one value per customer of the shard), also writes each
    // customer's revenue of the month (fen; see step_shard) and whether it was active in the
    // month (1) or not yet joined or gone (0). Safe to call for different shards from
    // different threads.
    void step(std::size_t s, int month, PhiloxKey replication_key, double* revenue = nullptr,
              std::uint8_t* active = nullptr);
    // After every shard: adds the shards' months into the cube in shard order (the same sums
    // whatever thread ran which shard), steps the groups whose members are customers (their
    // switches churn members at the month's end) and fills the derived lines; the win-back
    // campaign takes the month's churners into its pool, in shard order, and contacts the
    // month's targets, whose converts join next month. With `share`, the ranks of a job that
    // share the shards exchange their counts of the groups' members (GroupsInStore), their
    // shards' pool churners and the per-customer views' tallies and margin sums
    // (CustomerViewRecorder), so that every rank steps the groups and the campaign and fills
    // the views as one process does; each writes only its own customers (followers, joiners,
    // converts).
    void finish_month(int rep, int month, const ShardShare* share = nullptr);

private:
    // The groups' month, after the shards: members who followed a switch churn (§28).
    void add_group_switches(int rep, int month, const ShardShare* share);
    // Gives every rank the other ranks' shards' pool churners of the month.
    void share_pool_churners(const ShardShare& share);
    // step_shard, tallying the shard for the per-customer views.
    void step_viewed(std::size_t s, const Shard& shard, int month, PhiloxKey replication_key,
                     double* revenue);

    const SimulationPlan& plan_;
    const std::atomic<bool>* cancel_;
    MetricCube cube_;
    CustomerStore store_;
    std::vector<ShardMonth> shard_months_;
    std::vector<double> cohort_margin_;          // [offer][take-up month], the month's margins being added
    std::optional<CustomerViewRecorder> views_;  // when the plan's views are on
    WinBackReplication win_back_;                // the replication's campaign, when the plan has one
    // Per shard: its month's churners who join the campaign's pool, merged in shard order.
    std::vector<std::vector<WinBackChurner>> pool_churners_;
    std::optional<GroupsInStore> groups_;  // when group members are customers (§28)
};

}  // namespace offersim::sim
