#pragma once
// The sums the per-customer views take of a month's margins (docs/models.md §26): the whole
// base's, and its top fifth's (the ceil(N / 5) largest), over a base held in parts (the ranks
// of an MPI job, each with its own shards' margins) with the bits one part holding them all
// gives. Both are exact sums rounded once (engine/core/exact_sum.hpp), which merge across
// parts exactly. The top fifth is found by a radix select on each margin's order-preserving
// 64-bit key: each part counts its margins by the key's next 16 bits, the parts add the
// counts (whole numbers: exact), and every part descends into the bucket that holds the
// ceil(N / 5)-th largest, summing the margins above it; what is left are ties at the
// threshold, which add the threshold once each. The set's sum depends on its values alone,
// so neither the parts nor the margins' order change it.
#include "engine/sim/retention_ranking.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace offersim::sim {

struct MarginSums {
    std::int64_t billed = 0;  // the margins summed, over every part
    double all = 0.0;         // their sum, correctly rounded
    double top_fifth = 0.0;   // the sum of the ceil(billed / 5) largest, correctly rounded
};

// The order-preserving key of a double: x < y gives margin_key(x) < margin_key(y), and -0.0
// keys just below +0.0; margin_of_key gives the double back.
std::uint64_t margin_key(double x);
double margin_of_key(std::uint64_t key);

class MarginSelection {
public:
    MarginSelection();

    // The sums over every part's margins, `margins` this part's (reordered here). `exchange`
    // runs `produce` on this part and gives every part's bytes in part order; every part calls
    // sum alike and gets the same sums. Costs two passes over this part's margins and a few
    // over those left near the threshold, and two to five exchanges of the nonzero buckets'
    // counts (16 bytes each) and two exact sums (552 bytes each).
    MarginSums sum(std::span<double> margins, const ShardShare::Exchange& exchange);
    // One part that holds every margin.
    MarginSums sum(std::span<double> margins);

    // What a selection holds: its two tables of counts.
    static double bytes();

private:
    std::vector<std::int64_t> counts_;  // this part's, by bucket of the level's 16 bits
    std::vector<std::int64_t> total_;   // every part's
};

}  // namespace offersim::sim
