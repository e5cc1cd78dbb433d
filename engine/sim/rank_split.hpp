#pragma once
// A run's replications split over the ranks of an MPI job (docs/architecture.md, "Ranks").
// Each rank simulates a contiguous slice of the replications; every rank then receives every
// slice and puts them together in replication order. A replication's figures do not depend
// on which process ran it (its streams are keyed by its number), so the whole is bit for bit
// what one process gives, for any rank and thread count, and every rank goes on to the
// summaries as one process would. Only rank 0 writes.
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

}  // namespace offersim::sim
