#pragma once
// What keys the draws of the members who join in-store groups (docs/models.md §28.2, "Keys"):
// each block of joiner slots (group, kind, adoption, join month) has a 64-bit key from its
// identity alone, and the k-th slot of the block draws by key + k where a drawn customer has
// its place in its cohort, as an extract's customer draws by its keyed id hash (§33). So a
// joiner's monthly draws (use, churn, plan choice, take-up, retention acceptance) do not move
// when a variant adds, removes or resizes other blocks. A table per block, nothing per slot.
#include <algorithm>
#include <cstdint>
#include <vector>

namespace offersim::sim {

// One block of a join month's cohort: its first slot's place in the cohort and its key.
struct JoinerKeyBlock {
    std::int64_t first = 0;
    std::uint64_t key = 0;
};

// A join month's blocks, in cohort order (by `first`).
using JoinerCohortKeys = std::vector<JoinerKeyBlock>;

// The block holding the slot at `index_in_cohort`.
inline const JoinerKeyBlock& joiner_block_at(const JoinerCohortKeys& blocks, std::int64_t index_in_cohort) {
    const auto after =
        std::upper_bound(blocks.begin(), blocks.end(), index_in_cohort,
                         [](std::int64_t index, const JoinerKeyBlock& b) { return index < b.first; });
    return *(after - 1);
}

// What keys the draws of the slot at `index_in_cohort`: its block's key + its index in the
// block (wrapping, as the key is uniform on 2^64).
inline std::int64_t joiner_draw_place(const JoinerCohortKeys& blocks, std::int64_t index_in_cohort) {
    const JoinerKeyBlock& b = joiner_block_at(blocks, index_in_cohort);
    return static_cast<std::int64_t>(b.key + static_cast<std::uint64_t>(index_in_cohort - b.first));
}

// The same for the n slots from `first` on, into `out`: one search, then a walk.
inline void fill_joiner_draw_places(const JoinerCohortKeys& blocks, std::int64_t first, std::int64_t n,
                                    std::int64_t* out) {
    if (n <= 0) return;
    auto b = std::upper_bound(blocks.begin(), blocks.end(), first,
                              [](std::int64_t index, const JoinerKeyBlock& x) { return index < x.first; }) -
             1;
    for (std::int64_t j = 0; j < n; ++j) {
        const std::int64_t index = first + j;
        while (b + 1 != blocks.end() && (b + 1)->first <= index) ++b;
        out[j] = static_cast<std::int64_t>(b->key + static_cast<std::uint64_t>(index - b->first));
    }
}

}  // namespace offersim::sim
