#pragma once
// Several plans stepped month by month over the same customers (docs/models.md, "Offer
// effects"): shard by shard, each plan steps its own copy of a shard and the customers'
// revenues of the month are compared there, so a comparison follows each offer taker into
// the baseline without storing any bill beyond one shard. Each plan's cube is bit for bit
// what run_simulation gives it alone, for any thread count.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/retention_ranking.hpp"
#include "engine/sim/simulation.hpp"

#include <vector>

namespace offersim::sim {

// Offer takers of plan `with` followed into plan `without`: the same customer (segment,
// joining month and place in its cohort) in both.
struct PlanPairing {
    int with = 0;
    int without = 0;
};

// What the horizon leaves out of one plan: customers still under contract after the last
// month, and the contract months they still owe, per replication.
struct ContractTail {
    std::vector<double> customers;
    std::vector<double> months_left;
};

struct LockstepRun {
    std::vector<MetricCube> cubes;  // by plan
    // By pairing: [replication][month - 1][offer of `with`], in fen, the sum over the offer's
    // holders active in the month of (revenue in `without` - revenue in `with`) where positive.
    std::vector<std::vector<double>> cannibalised;
    std::vector<ContractTail> tails;  // by plan
};

// Index of pairing `p`'s cannibalised revenue of replication `rep`, month `month` (1-based), offer `k`.
inline std::size_t cannibalised_index(const SimulationPlan& with, int rep, int month, int k) {
    return (static_cast<std::size_t>(rep) * static_cast<std::size_t>(with.horizon_months) +
            static_cast<std::size_t>(month - 1)) *
               with.offers.size() +
           static_cast<std::size_t>(k);
}

// Every plan must have the same horizon. Stops with RunError when config.cancel is set. In
// a job of several ranks each rank steps a slice of the replications, or, where the ranks
// share the plans' shards (lockstep_split, engine/sim/run.hpp), a share of every month's
// shards of every plan (rank_split.hpp).
LockstepRun run_lockstep(const std::vector<const SimulationPlan*>& plans,
                         const std::vector<PlanPairing>& pairings, const RunConfig& config);

// Whether the ranks of a job can share the shards of `plans`: every plan lists the same
// segments (their stream keys) in the same order. Their shards, grouped by the customers they
// hold (segment stream, joining month, place in the cohort), then come in every plan's own
// store order, whatever the plans' cohort sizes (a price answers gross adds), so that a run
// of consecutive groups is a run of consecutive shards of each plan.
bool shards_align(const std::vector<const SimulationPlan*>& plans);

// One rank's part of plans whose ranks share their shards: its consecutive shard groups, and
// of each plan the consecutive shards those hold (none where the plan has none of them).
struct LockstepPart {
    ShardRange groups;
    std::vector<ShardRange> shards;  // by plan
};

// Every rank's part, in rank order, for plans whose shards align (RunError otherwise): the
// groups cut where their customer-months of work, summed over the plans, reach r / ranks of
// the whole (shards_by_rank's cut; for one plan its very shards).
std::vector<LockstepPart> parts_by_rank(const std::vector<const SimulationPlan*>& plans, int ranks);

// One rank's part of a job whose ranks share the shards of plans: every rank's part in rank
// order (parts_by_rank), this rank, and the exchange that gives every rank every rank's
// bytes in rank order (exchange_across_ranks).
struct LockstepRanks {
    std::vector<LockstepPart> parts;
    int rank = 0;
    ShardShare::Exchange exchange;
};

// run_lockstep on this rank's part: each month every rank steps its groups' shards of every
// plan, then takes the other ranks' shard months and cannibalised revenue by group through
// bytes (each plan's retention lists, win-back pool churners, group counts and views over its
// own shards, as run_simulation's ranks do), and adds each plan's months in its shard order and
// the cannibalised revenue in group order, as one process does; the contract tails are counted
// by each rank over its customers and summed (whole numbers: exact in any order). Every
// rank holds the whole run, bit for bit one process's.
LockstepRun run_lockstep_on_shards(const std::vector<const SimulationPlan*>& plans,
                                   const std::vector<PlanPairing>& pairings, const RunConfig& config,
                                   const LockstepRanks& ranks);

// Copies `part`'s replications into `whole`, a run of `replications`, from replication
// `first` on; an empty `whole` is sized by the first part placed.
void place_lockstep(LockstepRun& whole, const LockstepRun& part, int first, int replications);

// The plan without offer `k` (0-based): nobody takes it, by take-up or by plan choice; every
// other draw is the same (offers keep their indices and streams).
SimulationPlan without_offer(const SimulationPlan& plan, int k);

}  // namespace offersim::sim
