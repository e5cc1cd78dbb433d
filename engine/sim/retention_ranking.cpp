#include "engine/sim/retention_ranking.hpp"

#include "engine/sim/behaviour.hpp"
#include "engine/sim/revenue_at_risk.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/thread_pool.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <iterator>
#include <utility>

namespace offersim::sim {

namespace {

// ranks_before for the standard algorithms: a lambda's type lets them inline the comparison,
// which a function pointer does not.
constexpr auto by_rank = [](const RetentionCandidate& x, const RetentionCandidate& y) {
    return ranks_before(x, y);
};

// A candidate as bytes: its score, customer and cohort, without the struct's padding.
constexpr std::size_t kCandidateBytes = sizeof(RetentionCandidate::score) +
                                        sizeof(RetentionCandidate::customer) +
                                        sizeof(RetentionCandidate::cohort);

}  // namespace

void CandidateSelection::keep_best() {
    const auto kept = slots_.begin() + static_cast<std::ptrdiff_t>(kept_);
    const auto last_kept = slots_.begin() + static_cast<std::ptrdiff_t>(capacity_ - 1);
    std::nth_element(slots_.begin(), last_kept, kept, by_rank);
    cut_ = *last_kept;
    has_cut_ = true;
    kept_ = capacity_;
}

void CandidateSelection::grow() {
    slots_.resize(std::min(std::max<std::size_t>(2 * slots_.size(), 64), 2 * capacity_ + 1));
}

std::vector<RetentionCandidate> CandidateSelection::take_ranked() {
    const auto kept = slots_.begin() + static_cast<std::ptrdiff_t>(kept_);
    std::sort(slots_.begin(), kept, by_rank);
    std::vector<RetentionCandidate> ranked(
        slots_.begin(), slots_.begin() + static_cast<std::ptrdiff_t>(std::min(kept_, capacity_)));
    kept_ = 0;
    has_cut_ = false;
    floor_ = kNoFloor;
    return ranked;
}

void select_shard_candidates(const SimulationPlan& plan, const CustomerStore& store, const Shard& shard,
                             const CampaignPlan& campaign, int month, CandidateSelection& into) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    if (cohort.join_month >= month || !campaign.open_to_segment[static_cast<std::size_t>(cohort.segment)])
        return;
    // Every customer's score as a column first (vectorised, revenue_at_risk.cpp), then the
    // candidates among them offered in customer order, as before.
    thread_local std::vector<double> scores;
    revenue_at_risk(plan, store, shard, campaign, month, scores);
    const std::uint8_t* const alive = store.alive.data() + shard.begin;
    const std::uint16_t* const retained_until = store.retained_until.data() + shard.begin;
    const std::int64_t n = shard.end - shard.begin;
    for (std::int64_t j = 0; j < n; ++j)
        into.offer_if((alive[j] != 0) & (retained_until[j] < month),
                      {scores[static_cast<std::size_t>(j)], shard.begin + j, shard.cohort});
}

std::vector<RetentionCandidate> merge_candidate_lists(std::span<const std::vector<RetentionCandidate>> lists,
                                                      std::size_t capacity) {
    // Two ranked lists at a time, each merge cut to `capacity`: what is cut ranks below
    // `capacity` candidates already, so no later list can bring it back.
    std::vector<RetentionCandidate> merged, both;
    for (const auto& list : lists) {
        both.clear();
        std::merge(merged.begin(), merged.end(), list.begin(), list.end(), std::back_inserter(both), by_rank);
        if (both.size() > capacity) both.resize(capacity);
        merged.swap(both);
    }
    return merged;
}

std::vector<RetentionCandidate> rank_campaign_candidates(const SimulationPlan& plan,
                                                         const CustomerStore& store,
                                                         const CampaignPlan& campaign, int month,
                                                         ThreadPool* pool, const std::atomic<bool>* cancel,
                                                         ShardRange shards) {
    const auto capacity = static_cast<std::size_t>(campaign.contacts_per_month);
    // Parts take every parts-th shard, so each gets a like share of the cohorts not yet
    // joined or closed to the campaign, which cost nothing to skip.
    const std::size_t parts = ranking_parts(pool ? pool->size() : 1);
    std::vector<std::vector<RetentionCandidate>> lists(parts);
    SharedCut best_cut;
    const auto rank_part = [&](std::size_t part) {
        CandidateSelection selection(capacity);
        for (std::size_t k = part; k < shards.count; k += parts) {
            stop_if_cancelled(cancel);
            selection.raise_floor(best_cut.score());
            select_shard_candidates(plan, store, store.shards()[shards.first + k], campaign, month,
                                    selection);
            best_cut.raise_to(selection.cut_score());
        }
        lists[part] = selection.take_ranked();
    };
    if (pool)
        pool->parallel_for(parts, rank_part);
    else
        for (std::size_t part = 0; part < parts; ++part) rank_part(part);
    return merge_candidate_lists(lists, capacity);
}

std::vector<RetentionCandidate> rank_across(const ShardShare& share,
                                            const std::function<std::vector<RetentionCandidate>()>& rank_here,
                                            std::size_t capacity) {
    const std::vector<std::string> parts = share.exchange([&] { return candidate_list_bytes(rank_here()); });
    std::vector<std::vector<RetentionCandidate>> lists;
    for (const std::string& bytes : parts) lists.push_back(read_candidate_list(bytes));
    return merge_candidate_lists(lists, capacity);
}

std::string candidate_list_bytes(const std::vector<RetentionCandidate>& list) {
    std::string bytes;
    bytes.reserve(list.size() * kCandidateBytes);
    for (const RetentionCandidate& c : list) {
        bytes.append(reinterpret_cast<const char*>(&c.score), sizeof c.score);
        bytes.append(reinterpret_cast<const char*>(&c.customer), sizeof c.customer);
        bytes.append(reinterpret_cast<const char*>(&c.cohort), sizeof c.cohort);
    }
    return bytes;
}

std::vector<RetentionCandidate> read_candidate_list(std::string_view bytes) {
    if (bytes.size() % kCandidateBytes != 0)
        throw RunError(fmt::format("a rank's retention candidates were cut ({} bytes)", bytes.size()));
    std::vector<RetentionCandidate> list(bytes.size() / kCandidateBytes);
    const char* at = bytes.data();
    for (RetentionCandidate& c : list) {
        std::memcpy(&c.score, at, sizeof c.score);
        std::memcpy(&c.customer, at + sizeof c.score, sizeof c.customer);
        std::memcpy(&c.cohort, at + sizeof c.score + sizeof c.customer, sizeof c.cohort);
        at += kCandidateBytes;
    }
    return list;
}

std::size_t ranking_parts(int threads) {
    return 4 * static_cast<std::size_t>(std::max(threads, 1));
}

double retention_ranking_bytes(const SimulationPlan& plan, int threads) {
    std::int64_t capacity = 0;
    for (const CampaignPlan& campaign : plan.behaviour.campaigns)
        capacity = std::max(capacity, campaign.contacts_per_month);
    capacity = std::min(capacity, plan.total_customers());
    const auto lists = static_cast<double>(2 * ranking_parts(threads) + 3);
    return lists * static_cast<double>(capacity) * static_cast<double>(sizeof(RetentionCandidate));
}

}  // namespace offersim::sim
