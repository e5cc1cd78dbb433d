// The campaign's ranking in parts: whatever the parts and the order candidates are offered
// in, merging the parts' selections gives the first `capacity` of a full sort, ties included;
// and what the ranking holds is bounded by the capacity, not by the customers.
#include "engine/sim/retention_ranking.hpp"

#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace offersim::sim {

namespace {

// `n` candidates, customers 0 .. n - 1, whose scores take one of `distinct` values, so most
// of them tie with many others.
std::vector<RetentionCandidate> tied_candidates(std::int64_t n, int distinct, std::mt19937_64& rng) {
    std::uniform_int_distribution<int> value(0, distinct - 1);
    std::vector<RetentionCandidate> out;
    for (std::int64_t i = 0; i < n; ++i)
        out.push_back({static_cast<double>(value(rng)) * 0.25, i, static_cast<int>(i % 3)});
    return out;
}

std::vector<RetentionCandidate> first_of_full_sort(std::vector<RetentionCandidate> all,
                                                   std::size_t capacity) {
    std::sort(all.begin(), all.end(), ranks_before);
    all.resize(std::min(all.size(), capacity));
    return all;
}

// Deals `all` in shuffled order to `parts` selections, at random, and merges their lists.
std::vector<RetentionCandidate> ranked_in_parts(std::vector<RetentionCandidate> all, std::size_t parts,
                                                std::size_t capacity, std::mt19937_64& rng) {
    std::shuffle(all.begin(), all.end(), rng);
    std::vector<CandidateSelection> selections(parts, CandidateSelection(capacity));
    std::uniform_int_distribution<std::size_t> part(0, parts - 1);
    for (const RetentionCandidate& c : all) selections[part(rng)].offer(c);
    std::vector<std::vector<RetentionCandidate>> lists;
    for (auto& selection : selections) lists.push_back(selection.take_ranked());
    return merge_candidate_lists(lists, capacity);
}

bool same(const std::vector<RetentionCandidate>& a, const std::vector<RetentionCandidate>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return x.score == y.score && x.customer == y.customer && x.cohort == y.cohort;
    });
}

}  // namespace

TEST(RetentionRanking, MergedPartsEqualTheFirstOfAFullSortWithManyTies) {
    std::mt19937_64 rng(20261204);
    for (int distinct : {1, 4, 1000})
        for (std::size_t parts : {std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{40}})
            for (std::size_t capacity : {0, 1, 7, 600, 2999, 3000, 5000}) {
                const auto all = tied_candidates(3000, distinct, rng);
                const auto expected = first_of_full_sort(all, capacity);
                const auto merged = ranked_in_parts(all, parts, capacity, rng);
                EXPECT_TRUE(same(merged, expected))
                    << fmt::format("{} distinct scores, {} parts, capacity {}: {} merged, {} expected",
                                   distinct, parts, capacity, merged.size(), expected.size());
            }
}

// offer_if, the scan's offer without branches, keeps what offer keeps of the eligible
// candidates alone: ties, capacities from none to all, many cuts along the way.
TEST(RetentionRanking, OfferIfKeepsWhatOfferKeepsOfTheEligible) {
    std::mt19937_64 rng(20261205);
    for (int distinct : {1, 4, 1000})
        for (std::size_t capacity : {0, 1, 7, 600, 2999, 3000, 5000}) {
            const auto all = tied_candidates(6000, distinct, rng);
            CandidateSelection scanned(capacity);
            std::vector<RetentionCandidate> eligible;
            for (const RetentionCandidate& c : all) {
                const bool is_eligible = rng() % 3 != 0;
                scanned.offer_if(is_eligible, c);
                if (is_eligible) eligible.push_back(c);
            }
            const auto expected = first_of_full_sort(eligible, capacity);
            EXPECT_TRUE(same(scanned.take_ranked(), expected))
                << fmt::format("{} distinct scores, capacity {}", distinct, capacity);
        }
}

namespace {

// As rank_campaign_candidates deals shards to parts: each part, before each shard, takes as
// its floor the best cut any part has reached, and after it shares its own.
std::vector<RetentionCandidate> ranked_sharing_cuts(std::vector<RetentionCandidate> all, std::size_t parts,
                                                    std::size_t capacity, std::size_t shard_size,
                                                    std::mt19937_64& rng) {
    std::shuffle(all.begin(), all.end(), rng);
    std::vector<CandidateSelection> selections(parts, CandidateSelection(capacity));
    SharedCut best_cut;
    std::uniform_int_distribution<std::size_t> part(0, parts - 1);
    for (std::size_t first = 0; first < all.size(); first += shard_size) {
        CandidateSelection& selection = selections[part(rng)];
        selection.raise_floor(best_cut.score());
        for (std::size_t k = first; k < std::min(all.size(), first + shard_size); ++k)
            selection.offer(all[k]);
        best_cut.raise_to(selection.cut_score());
    }
    std::vector<std::vector<RetentionCandidate>> lists;
    for (auto& selection : selections) lists.push_back(selection.take_ranked());
    return merge_candidate_lists(lists, capacity);
}

}  // namespace

TEST(RetentionRanking, PartsFlooredByEachOthersCutsKeepTheContactsOfAFullSort) {
    std::mt19937_64 rng(20261205);
    for (int distinct : {1, 4, 1000})
        for (std::size_t parts : {std::size_t{1}, std::size_t{3}, std::size_t{8}})
            for (std::size_t capacity : {0, 1, 7, 100, 2999})
                for (std::size_t shard_size : {std::size_t{1}, std::size_t{50}, std::size_t{700}}) {
                    const auto all = tied_candidates(6000, distinct, rng);
                    EXPECT_TRUE(same(ranked_sharing_cuts(all, parts, capacity, shard_size, rng),
                                     first_of_full_sort(all, capacity)))
                        << fmt::format("{} distinct scores, {} parts, capacity {}, shards of {}", distinct,
                                       parts, capacity, shard_size);
                }
}

TEST(RetentionRanking, AFloorRefusesOnlyCandidatesScoredBelowIt) {
    CandidateSelection selection(10);
    selection.raise_floor(2.0);
    selection.raise_floor(1.0);  // a floor never falls
    for (std::int64_t i = 0; i < 6; ++i) selection.offer({static_cast<double>(i % 3) + 1.0, i, 0});
    const auto ranked = selection.take_ranked();
    ASSERT_EQ(ranked.size(), 4u);  // scores 3, 3, 2, 2; the two of 1 refused
    EXPECT_EQ(ranked[0].customer, 2);
    EXPECT_EQ(ranked[3].customer, 4);
    selection.offer({0.5, 9, 0});  // take_ranked leaves the selection empty, floor included
    EXPECT_EQ(selection.take_ranked().size(), 1u);
}

TEST(RetentionRanking, ASelectionKeepsEveryCandidateBelowItsCapacityInOrder) {
    CandidateSelection selection(10);
    for (const RetentionCandidate& c :
         {RetentionCandidate{1.0, 5, 0}, RetentionCandidate{2.0, 9, 0}, RetentionCandidate{1.0, 3, 1}})
        selection.offer(c);
    const auto ranked = selection.take_ranked();
    ASSERT_EQ(ranked.size(), 3u);
    EXPECT_EQ(ranked[0].customer, 9);
    EXPECT_EQ(ranked[1].customer, 3);  // the tie goes to the lower index
    EXPECT_EQ(ranked[2].customer, 5);
    EXPECT_TRUE(selection.take_ranked().empty());
}

TEST(RetentionRanking, HoldsAFewListsAThreadOfTheLargestCapacityNothingPerCustomer) {
    const auto yaml = [](int size) {
        return fmt::format(R"(
name: ranking
horizon_months: 3
tiers:
  - id: t
    monthly_fee_cny: 50
    overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }}
segments:
  - id: s
    size: {}
    tenure_months: {{ distribution: fixed, mean: 12 }}
    tier_mix: {{ t: 1 }}
    usage:
      voice_min: {{ distribution: fixed, mean: 0 }}
      data_mb: {{ distribution: fixed, mean: 0 }}
      sms: {{ distribution: fixed, mean: 0 }}
    churn: {{ model: constant, monthly_hazard: 0.1 }}
retention_campaigns:
  - {{ id: small, contacts_per_month: 300, acceptance_probability: 0.5, hazard_multiplier: 0 }}
  - {{ id: large, contacts_per_month: 2000, acceptance_probability: 0.5, hazard_multiplier: 0 }}
)",
                           size);
    };
    const auto bytes = [&](int size, int threads) {
        return retention_ranking_bytes(compile_plan(scenario::load_scenario_text(yaml(size), "ranking.yaml")),
                                       threads);
    };
    const double list = 2000.0 * sizeof(RetentionCandidate);
    EXPECT_EQ(bytes(100000, 2), (2 * 4 * 2 + 3) * list);
    EXPECT_EQ(bytes(1000000, 2), bytes(100000, 2));  // nothing per customer
    EXPECT_EQ(bytes(100000, 8), (2 * 4 * 8 + 3) * list);
    EXPECT_EQ(bytes(1000, 2), (2 * 4 * 2 + 3) * 1000.0 * sizeof(RetentionCandidate));  // at most everyone
}

// The lists ranks exchange survive their trip through bytes, and cut bytes are refused.
TEST(RetentionRanking, ARankedListSurvivesItsBytesAndCutBytesAreRefused) {
    std::mt19937_64 rng(11);
    const std::vector<RetentionCandidate> list = first_of_full_sort(tied_candidates(500, 40, rng), 200);
    const std::string bytes = candidate_list_bytes(list);
    EXPECT_TRUE(same(read_candidate_list(bytes), list));
    EXPECT_TRUE(read_candidate_list(candidate_list_bytes({})).empty());
    EXPECT_THROW(read_candidate_list(std::string_view(bytes).substr(0, bytes.size() - 1)), RunError);
}

}  // namespace offersim::sim
