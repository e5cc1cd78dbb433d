#pragma once
// A run's replications split over the ranks of an MPI job (docs/architecture.md, "Ranks").
// Each rank simulates a contiguous slice of the replications; every rank then receives every
// slice and puts them together in replication order. A replication's figures do not depend
// on which process ran it (its streams are keyed by its number), so the whole is bit for bit
// what one process gives, for any rank and thread count, and every rank goes on to the
// summaries as one process would. Only rank 0 writes.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/simulation.hpp"

#include <functional>
#include <string>
#include <vector>

namespace offersim::sim {

struct ReplicationSlice {
    int first = 0;  // of the run's replications, from 0
    int count = 0;
};

// Rank `rank`'s slice of `replications` over `ranks`: contiguous, in rank order, the first
// replications % ranks ranks taking one more. A rank past the replications gets none.
ReplicationSlice slice_of(int replications, int rank, int ranks);

// Runs `simulate` on this rank's slice of `config` (its replications and first_replication
// narrowed to the slice; progress only on rank 0) and returns every rank's bytes, in rank
// order, on every rank; a rank with no replications gives empty bytes. When any rank fails,
// every rank throws the lowest failing rank's error (InputError or RunError), so that the
// job ends with one message.
std::vector<std::string> gather_slices(const RunConfig& config,
                                       const std::function<std::string(const RunConfig&)>& simulate);

// Runs `produce` on this rank and gives every rank every rank's bytes, in rank order, once
// every rank knows that all of them succeeded; otherwise every rank throws the lowest failing
// rank's error (InputError or RunError), and none waits for bytes that will not come.
std::vector<std::string> exchange_across_ranks(const std::function<std::string()>& produce);

// Each rank's shards of `layout`: consecutive, in rank order, cut where the customer-months
// of work over `horizon` months (a shard of a later cohort has fewer) reach r / ranks of the
// whole, so that the ranks' work is about even. A rank may get none.
std::vector<ShardRange> shards_by_rank(const StoreLayout& layout, int horizon, int ranks);

// Shard `shard`'s customer-months of work over `horizon` months: its customers times the
// months from its cohort's joining month (the initial base's from month 1) to the horizon.
std::int64_t shard_work(const StoreLayout& layout, const Shard& shard, int horizon);

// Each rank's units of work (`work`: by unit, in order), as shards_by_rank cuts shards:
// consecutive, in rank order, cut where the work before a unit reaches r / ranks of the whole.
std::vector<ShardRange> ranges_by_work(const std::vector<std::int64_t>& work, int ranks);

// Runs `step` (this rank's shards of the month, into `months`), then gives every rank every
// shard's month: each rank's `ranges[rank]` travel as bytes, so that every rank adds them up
// in shard order, bit for bit what one process adds. When any rank's step fails, every rank
// throws the lowest failing rank's error.
void share_shard_months(std::vector<ShardMonth>& months, const std::vector<ShardRange>& ranges,
                        const std::function<void()>& step);

}  // namespace offersim::sim
