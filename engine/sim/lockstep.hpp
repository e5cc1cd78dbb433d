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

// Whether every plan's store has the same shards, shard for shard: the same customers
// (segment stream, joining month, place in the cohort) in shard s of each. Then one rank's
// shards of one plan are its shards of every plan, and the ranks can share them.
bool shards_match(const std::vector<const SimulationPlan*>& plans);

// One rank's part of a job whose ranks share the shards of plans whose shards match: every
// rank's shards in rank order (shards_by_rank of any plan's layout), this rank, and the
// exchange that gives every rank every rank's bytes in rank order (exchange_across_ranks).
struct LockstepRanks {
    std::vector<ShardRange> ranges;
    int rank = 0;
    ShardShare::Exchange exchange;
};

// run_lockstep on this rank's shards of every plan: each month every rank steps its shards
// of every plan, then takes the other ranks' shard months and cannibalised revenue by shard
// through bytes (each plan's retention lists, win-back pool churners, group counts and views
// as run_simulation's ranks do), and adds them in shard order; the contract tails are counted
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
