// The views' sums of a month's margins (engine/sim/margin_sums.hpp) against a sort: the top
// fifth is the ceil(n / 5) largest after sorting, summed exactly (ExactSum) in sorted order,
// which the radix select must give bit for bit; and the same margins cut into parts, each a
// thread exchanging bytes as a job's ranks do, give every part the one part's bits.
#include "engine/sim/margin_sums.hpp"

#include "engine/core/exact_sum.hpp"
#include "tests/engine/sim/pseudo_ranks.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace offersim::sim {
namespace {

std::uint64_t bits_of(double x) {
    return std::bit_cast<std::uint64_t>(x);
}

// The sums by a sort: every margin's exact sum, and the exact sum of the largest fifth.
MarginSums sorted_sums(std::vector<double> margins) {
    std::sort(margins.begin(), margins.end(), std::greater<>());
    MarginSums sums;
    sums.billed = static_cast<std::int64_t>(margins.size());
    ExactSum all, top;
    for (std::size_t i = 0; i < margins.size(); ++i) {
        all.add(margins[i]);
        if (i < (margins.size() + 4) / 5) top.add(margins[i]);
    }
    sums.all = all.value();
    sums.top_fifth = top.value();
    return sums;
}

void expect_same_sums(const MarginSums& got, const MarginSums& expected, const std::string& what) {
    EXPECT_EQ(got.billed, expected.billed) << what;
    EXPECT_EQ(bits_of(got.all), bits_of(expected.all)) << what << ": " << got.all << " vs " << expected.all;
    EXPECT_EQ(bits_of(got.top_fifth), bits_of(expected.top_fifth))
        << what << ": " << got.top_fifth << " vs " << expected.top_fifth;
}

MarginSums one_part_sums(std::vector<double> margins) {
    MarginSelection selection;
    return selection.sum(margins);
}

// Months of margins in fen as the views keep them: bills less costs in fractions of a fen,
// spread over five orders of magnitude, some negative; `distinct` values at most when given
// (ties), else all drawn apart.
std::vector<double> fen_margins(std::mt19937_64& rng, std::size_t n, std::size_t distinct = 0) {
    std::lognormal_distribution<double> bill(8.0, 1.2);
    std::uniform_real_distribution<double> cost(0.0, 4000.0);
    std::vector<double> drawn(distinct > 0 ? distinct : n);
    for (auto& x : drawn) x = std::round(bill(rng)) - cost(rng);
    if (distinct == 0) return drawn;
    std::uniform_int_distribution<std::size_t> pick(0, distinct - 1);
    std::vector<double> margins(n);
    for (auto& x : margins) x = drawn[pick(rng)];
    return margins;
}

// `margins` cut into `parts` consecutive parts of uneven sizes (the first empty), each part
// summing on its own thread; every part's sums.
std::vector<MarginSums> sums_in_parts(const std::vector<double>& margins, int parts) {
    test::PseudoRanks job(parts);
    std::vector<MarginSums> sums(static_cast<std::size_t>(parts));
    const auto run_part = [&](int p) {
        // Part q's share of the margins grows as q^2.
        const auto share = [&](int q) {
            const std::size_t weight = static_cast<std::size_t>(q) * static_cast<std::size_t>(q);
            const std::size_t total = static_cast<std::size_t>(parts - 1) * parts * (2 * parts - 1) / 6;
            std::size_t before = 0;
            for (int r = 0; r < q; ++r) before += static_cast<std::size_t>(r) * static_cast<std::size_t>(r);
            return std::pair{margins.size() * before / total, margins.size() * (before + weight) / total};
        };
        const auto [first, last] = share(p);
        std::vector<double> mine(margins.begin() + static_cast<std::ptrdiff_t>(first),
                                 margins.begin() + static_cast<std::ptrdiff_t>(last));
        MarginSelection selection;
        sums[static_cast<std::size_t>(p)] = selection.sum(
            mine,
            [&job, p](const std::function<std::string()>& produce) { return job.exchange(p, produce); });
    };
    std::vector<std::thread> threads;
    for (int p = 0; p < parts; ++p) threads.emplace_back(run_part, p);
    for (auto& t : threads) t.join();
    return sums;
}

TEST(MarginSums, KeysOrderDoublesAsTheirValuesAndGiveThemBack) {
    std::vector<double> values = {-DBL_MAX,     -1e300,  -2.5, -DBL_MIN,          -DBL_TRUE_MIN, -0.0,   0.0,
                                  DBL_TRUE_MIN, DBL_MIN, 1.0,  1.0 + DBL_EPSILON, 3e8,           DBL_MAX};
    values.push_back(std::numeric_limits<double>::infinity());
    values.insert(values.begin(), -std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < values.size(); ++i) {
        EXPECT_EQ(bits_of(margin_of_key(margin_key(values[i]))), bits_of(values[i])) << values[i];
        if (i > 0) {
            EXPECT_LT(margin_key(values[i - 1]), margin_key(values[i])) << values[i - 1];
        }
    }
}

// Whole fen: the sums are exact in any order, so a plain sorted sum is the reference.
TEST(MarginSums, TopFifthIsTheLargestFifthAfterASort) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> margin(-2000.0, 30000.0);
    for (const std::size_t n : {0, 1, 4, 5, 6, 23, 1000}) {
        std::vector<double> v(n);
        for (auto& x : v) x = std::round(margin(rng));
        std::vector<double> sorted = v;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        const auto top = static_cast<std::ptrdiff_t>((n + 4) / 5);
        const MarginSums sums = one_part_sums(v);
        EXPECT_EQ(sums.billed, static_cast<std::int64_t>(n));
        EXPECT_EQ(sums.top_fifth, std::accumulate(sorted.begin(), sorted.begin() + top, 0.0)) << n;
        EXPECT_EQ(sums.all, std::accumulate(sorted.begin(), sorted.end(), 0.0)) << n;
    }
}

// Fractions of a fen, ties (few distinct margins: the threshold's ties are counted, the whole
// depth of the key descended) and margins that all tie.
TEST(MarginSums, OnePartGivesTheSortedExactSumsBitForBit) {
    std::mt19937_64 rng(11);
    for (const std::size_t n : {2u, 7u, 100u, 5003u, 200000u})
        for (const std::size_t distinct : {0u, 1u, 3u, 50u}) {
            const std::vector<double> margins = fen_margins(rng, n, distinct);
            expect_same_sums(one_part_sums(margins), sorted_sums(margins),
                             std::to_string(n) + " margins, " + std::to_string(distinct) + " distinct");
        }
    // Both zeros, negative margins only, and values the key must order across its sign bit.
    for (const std::vector<double>& margins :
         {std::vector<double>{-0.0, 0.0, -0.0, 0.0, -0.0, 0.0}, std::vector<double>{-5.5, -1.25, -3.0},
          std::vector<double>{-DBL_TRUE_MIN, DBL_TRUE_MIN, -0.0, 1e-300, -1e-300, 2.0, -2.0}})
        expect_same_sums(one_part_sums(margins), sorted_sums(margins), "edge values");
}

// Every part, whatever its share of the margins (none included), gets the whole's bits.
TEST(MarginSums, PartsExchangingCountsGetTheWholesSumsBitForBit) {
    std::mt19937_64 rng(13);
    for (const std::size_t distinct : {0u, 1u, 40u}) {
        const std::vector<double> margins = fen_margins(rng, 30011, distinct);
        const MarginSums whole = one_part_sums(margins);
        expect_same_sums(whole, sorted_sums(margins), "one part");
        for (const int parts : {2, 3, 5}) {
            const std::vector<MarginSums> sums = sums_in_parts(margins, parts);
            for (int p = 0; p < parts; ++p)
                expect_same_sums(sums[static_cast<std::size_t>(p)], whole,
                                 std::to_string(parts) + " parts, part " + std::to_string(p) + ", " +
                                     std::to_string(distinct) + " distinct");
        }
    }
}

}  // namespace
}  // namespace offersim::sim
