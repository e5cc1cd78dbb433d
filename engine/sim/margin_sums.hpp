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

    // Counts of margins by bucket of a level's 16 bits, and the buckets that are not zero, so
    // that a small base's month reads and clears only those.
    struct BucketCounts {
        std::vector<std::int64_t> count;
        std::vector<std::uint32_t> nonzero;
    };

private:
    // The first exchange: every part's number of margins, their exact sum and their counts by
    // the key's first 16 bits (into total_), from one pass; the sums of every part.
    MarginSums count_and_sum(std::span<const double> margins, const ShardShare::Exchange& exchange);
    // A later level's exchange: every part's counts of the margins `left` by the level's 16
    // bits, into total_.
    void count_level(std::span<const double> left, int level, const ShardShare::Exchange& exchange);

    BucketCounts counts_;  // this part's
    BucketCounts total_;   // every part's
};

}  // namespace offersim::sim
