#pragma once
// The ranking of a retention campaign's candidates (docs/models.md, "Retention campaigns"),
// in pieces that run apart and merge exactly: each part of the base (a set of shards: a
// thread's, or later an MPI rank's) keeps its best `capacity` candidates, and merging the
// parts' lists in a fixed order gives the campaign's contacts, the same whatever the parts.
// A part's best `capacity` always hold the base's best members from that part, as the order
// is total (score, then customer index), so the merge loses none of them.
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::sim {

class ThreadPool;

// A customer a campaign may contact, with the revenue it puts at risk (fen a month, weighted).
struct RetentionCandidate {
    double score = 0.0;
    std::int64_t customer = 0;  // index in the store
    int cohort = 0;
};

// The campaign's order: highest score first; ties go to the lower customer index, so the
// selection is the same however the customers were simulated.
inline bool ranks_before(const RetentionCandidate& x, const RetentionCandidate& y) {
    return x.score != y.score ? x.score > y.score : x.customer < y.customer;
}

// The best `capacity` candidates among those offered, in at most 2 x `capacity` entries.
// Candidates that rank above the cut and score at least the floor (raise_floor) are kept;
// each time 2 x `capacity` are kept, the best `capacity` stay (nth_element) and the worst of
// them becomes the cut. A candidate that cannot enter costs one comparison, one that enters
// a few on average, whatever order they come in.
class CandidateSelection {
public:
    explicit CandidateSelection(std::size_t capacity) : capacity_(capacity) {}

    void offer(const RetentionCandidate& candidate) { offer_if(true, candidate); }
    // offer(candidate) where `eligible`, without a branch on either: in a shard's scan about
    // one candidate in four enters, in no order a branch predicts, and a mispredicted branch
    // cost more than writing every candidate into the next free slot. Inline: it runs once a
    // customer.
    void offer_if(bool eligible, const RetentionCandidate& candidate) {
        if (kept_ == slots_.size()) grow();
        slots_[kept_] = candidate;
        const bool above_cut =
            !has_cut_ | (candidate.score > cut_.score) |
            ((candidate.score == cut_.score) & (candidate.customer < cut_.customer));  // ranks_before
        const bool above_floor = !(candidate.score < floor_);
        kept_ += static_cast<std::size_t>(eligible & above_cut & above_floor & (capacity_ != 0));
        // With no capacity nothing is kept, and there is no best to keep (nor a last of it).
        if (kept_ == 2 * capacity_ && capacity_ != 0) keep_best();
    }
    // The kept candidates in the campaign's order, at most `capacity`; the selection is left
    // empty.
    std::vector<RetentionCandidate> take_ranked();

    // From now on refuses every candidate scored below `score`: another selection's cut, at or
    // above which that selection keeps `capacity` candidates, so one below it cannot be among
    // the best `capacity` of both together.
    void raise_floor(double score) { floor_ = std::max(floor_, score); }
    // The score of the worst candidate kept at the last cut: what the selection can give
    // others as a floor (minus infinity before its first cut).
    double cut_score() const { return has_cut_ ? cut_.score : kNoFloor; }

private:
    static constexpr double kNoFloor = -std::numeric_limits<double>::infinity();

    // Leaves the best `capacity` kept, and the worst of them as the cut.
    void keep_best();
    // More slots, up to the 2 x `capacity` + 1 the selection can use: what it holds grows with
    // the candidates offered, not with a campaign's capacity alone.
    void grow();

    std::size_t capacity_;
    std::vector<RetentionCandidate> slots_;  // the first kept_ are kept; one more to write into
    std::size_t kept_ = 0;
    RetentionCandidate cut_;
    bool has_cut_ = false;
    double floor_ = kNoFloor;
};

// The highest cut any part of one campaign's ranking has reached, for the other parts to use
// as their floor: without it each part kept its first 2 x `capacity` candidates whatever they
// were worth, and its cut rose from there. Read and raised in no order between threads: which
// floor a part sees changes how many candidates it keeps, never the contacts.
class SharedCut {
public:
    double score() const { return score_.load(std::memory_order_relaxed); }
    void raise_to(double score) {
        double seen = score_.load(std::memory_order_relaxed);
        while (score > seen && !score_.compare_exchange_weak(seen, score, std::memory_order_relaxed)) {
        }
    }

private:
    std::atomic<double> score_{-std::numeric_limits<double>::infinity()};
};

// Offers `into` every candidate of `shard` for `campaign` in `month`: the customers alive and
// not under a retention offer, of a cohort that joined before `month` and a segment the
// campaign is open to, scored on the store as the previous month left it. Reads only.
void select_shard_candidates(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                             const CampaignPlan& campaign, int month, CandidateSelection& into);

// The best `capacity` of the candidates in `lists` (each in the campaign's order, no
// customer in two), in the campaign's order: the campaign's contacts.
std::vector<RetentionCandidate> merge_candidate_lists(std::span<const std::vector<RetentionCandidate>> lists,
                                                      std::size_t capacity);

// The best contacts_per_month candidates of `campaign` in `month` among the store's `shards`
// (docs/models.md, "Retention campaigns"), in the campaign's order: over all of the store's
// shards, the campaign's contacts. The shards are ranked in parts on `pool` (the k-th shard
// in part k mod ranking_parts; on this thread when null) and the parts' lists merged in part
// order. Stops with RunError when `cancel` is set (checked every shard).
std::vector<RetentionCandidate> rank_campaign_candidates(const SimulationPlan& plan,
                                                         const CustomerStore& store,
                                                         const CampaignPlan& campaign, int month,
                                                         ThreadPool* pool, const std::atomic<bool>* cancel,
                                                         ShardRange shards);

// Where the ranks of an MPI job share a run's shards (docs/architecture.md, "Ranks"): this
// rank's shards, and the step that runs `produce` on this rank and gives every rank every
// rank's bytes, in rank order (rank_split.hpp's exchange_across_ranks in a job).
struct ShardShare {
    using Exchange = std::function<std::vector<std::string>(const std::function<std::string()>&)>;
    ShardRange mine;
    Exchange exchange;
};

// The campaign's contacts over every rank's shards: each rank ranks its own (`rank_here`),
// the ranks exchange their lists and each merges them in rank order. A rank's best
// `capacity` hold the base's best from its shards, so every rank gets the contacts one
// process would choose.
std::vector<RetentionCandidate> rank_across(const ShardShare& share,
                                            const std::function<std::vector<RetentionCandidate>()>& rank_here,
                                            std::size_t capacity);

// A ranked list as bytes and back (the lists ranks exchange); read refuses cut bytes (RunError).
std::string candidate_list_bytes(const std::vector<RetentionCandidate>& list);
std::vector<RetentionCandidate> read_candidate_list(std::string_view bytes);

// How many parts a run on `threads` threads ranks each campaign in: a few per thread, so a
// thread slowed by others' work holds back little.
std::size_t ranking_parts(int threads);

// What the ranking holds at most while a campaign of `plan` is ranked on `threads` threads:
// each part's selection (two lists' worth), the merge's two lists and the contacts, a list
// at most the largest campaign's capacity (and the customers); 0 without campaigns. Nothing
// per customer.
double retention_ranking_bytes(const SimulationPlan& plan, int threads);

}  // namespace offersim::sim
