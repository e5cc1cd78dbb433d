// The exact sum (engine/core/exact_sum.hpp) against references that are exact by
// construction: IEEE addition of two doubles (correctly rounded) and its two-sum error,
// integer sums of scaled integers, and sums whose cancellations are known; and the order-free
// property the ranks rely on: any permutation, and any cut into parts merged, give the same
// words and bits.
#include "engine/core/exact_sum.hpp"

#include "engine/core/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

namespace offersim {
namespace {

ExactSum exact_sum_of(const std::vector<double>& values) {
    ExactSum sum;
    for (const double x : values) sum.add(x);
    return sum;
}

double exact_value_of(const std::vector<double>& values) {
    return exact_sum_of(values).value();
}

// Doubles from 2^-1074 to near the largest, either sign, their exponents spread evenly.
std::vector<double> wide_doubles(std::mt19937_64& rng, std::size_t n, int lowest = -1074,
                                 int highest = 1023) {
    std::uniform_int_distribution<int> exponent(lowest, highest);
    std::uniform_real_distribution<double> significand(1.0, 2.0);
    std::bernoulli_distribution negative(0.5);
    std::vector<double> values(n);
    for (auto& x : values) x = (negative(rng) ? -1.0 : 1.0) * std::ldexp(significand(rng), exponent(rng));
    return values;
}

std::uint64_t bits_of(double x) {
    return std::bit_cast<std::uint64_t>(x);
}

TEST(ExactSum, KnownCancellationsComeOutExactly) {
    EXPECT_EQ(exact_value_of({1e300, 1.0, -1e300}), 1.0);  // in that order, 0.0
    EXPECT_EQ(exact_value_of({DBL_MAX, DBL_MAX, -DBL_MAX}), DBL_MAX);
    EXPECT_EQ(exact_value_of({1e-300, 1e300, -1e300}), 1e-300);
    EXPECT_EQ(exact_value_of(std::vector<double>(10, 0.1)), 1.0);  // in order, 0.9999999999999999
    EXPECT_EQ(exact_value_of({0.1, 0.2, -0.3}), 2.7755575615628914e-17);
    EXPECT_EQ(bits_of(exact_value_of({})), bits_of(0.0));
    EXPECT_EQ(bits_of(exact_value_of({-0.0, -0.0})), bits_of(0.0));  // a zero sum is +0
    EXPECT_EQ(exact_value_of({5.0, -7.5}), -2.5);
}

TEST(ExactSum, RoundsOnceToNearestTiesToEven) {
    const double two53 = std::ldexp(1.0, 53);
    EXPECT_EQ(exact_value_of({two53, 1.0}), two53);                            // tie: even below
    EXPECT_EQ(exact_value_of({two53 + 2.0, 1.0}), two53 + 4.0);                // tie: even above
    EXPECT_EQ(exact_value_of({two53, 1.0, DBL_TRUE_MIN}), two53 + 2.0);        // past the tie
    EXPECT_EQ(exact_value_of({two53, 1.0, -DBL_TRUE_MIN}), two53);             // short of it
    EXPECT_EQ(exact_value_of({-two53, -1.0, -DBL_TRUE_MIN}), -(two53 + 2.0));  // the same, below 0
    EXPECT_EQ(exact_value_of({DBL_MAX, DBL_MAX}), std::numeric_limits<double>::infinity());
    EXPECT_EQ(exact_value_of({-DBL_MAX, -DBL_MAX}), -std::numeric_limits<double>::infinity());
}

TEST(ExactSum, SubnormalsAddExactly) {
    EXPECT_EQ(exact_value_of({DBL_TRUE_MIN, DBL_TRUE_MIN}), 2 * DBL_TRUE_MIN);
    EXPECT_EQ(exact_value_of({DBL_MIN, -DBL_TRUE_MIN}), std::nextafter(DBL_MIN, 0.0));
    EXPECT_EQ(exact_value_of({std::nextafter(DBL_MIN, 0.0), DBL_TRUE_MIN}), DBL_MIN);
    EXPECT_EQ(exact_value_of({1.0, DBL_TRUE_MIN, -1.0}), DBL_TRUE_MIN);
}

// IEEE addition rounds a + b correctly, and Knuth's two-sum error e of s = a + b is exact, so {a, b} must
// give s and {a, b, -s} must give e.
TEST(ExactSum, TwoDoublesGiveTheirIeeeSumAndTheirTwoSumError) {
    std::mt19937_64 rng(19);
    for (const auto& [lowest, highest] :
         {std::pair{-1074, 1022}, std::pair{-60, 60}, std::pair{-1074, -1000}}) {
        const std::vector<double> a = wide_doubles(rng, 20000, lowest, highest);
        const std::vector<double> b = wide_doubles(rng, 20000, lowest, highest);
        for (std::size_t i = 0; i < a.size(); ++i) {
            const double s = a[i] + b[i];
            const double a_part = s - b[i];
            const double e = (a[i] - a_part) + (b[i] - (s - a_part));  // Knuth's two-sum
            ASSERT_EQ(bits_of(exact_value_of({a[i], b[i]})), bits_of(s == 0.0 ? 0.0 : s))
                << a[i] << " + " << b[i];
            ASSERT_EQ(exact_value_of({a[i], b[i], -s}), e) << a[i] << " + " << b[i];
        }
    }
}

// Multiples of 2^-30 below 2^22 in magnitude: their sum is exact as a 128-bit integer, whose
// conversion to double rounds to nearest, ties to even.
TEST(ExactSum, ScaledIntegersSumAsTheirIntegerSum) {
    std::mt19937_64 rng(5);
    std::uniform_int_distribution<std::int64_t> units(-(std::int64_t{1} << 52), std::int64_t{1} << 52);
    std::uniform_int_distribution<int> scale(0, 18);
    for (const std::size_t n : {1u, 2u, 3u, 10u, 1000u, 100000u}) {
        std::vector<double> values(n);
        __extension__ __int128 total = 0;
        for (auto& x : values) {
            const std::int64_t u = units(rng) >> scale(rng);  // of many sizes
            x = std::ldexp(static_cast<double>(u), -30);
            total += u;
        }
        EXPECT_EQ(exact_value_of(values), std::ldexp(static_cast<double>(total), -30)) << n << " values";
    }
}

TEST(ExactSum, AnyOrderGivesTheSameWordsAndBits) {
    std::mt19937_64 rng(23);
    std::vector<double> values = wide_doubles(rng, 5000);
    const std::vector<double> near_one = wide_doubles(rng, 5000, -40, 40);
    values.insert(values.end(), near_one.begin(), near_one.end());
    const ExactSum first = exact_sum_of(values);
    for (int round = 0; round < 20; ++round) {
        std::shuffle(values.begin(), values.end(), rng);
        const ExactSum shuffled = exact_sum_of(values);
        ASSERT_EQ(shuffled.words(), first.words()) << "round " << round;
        ASSERT_EQ(bits_of(shuffled.value()), bits_of(first.value())) << "round " << round;
    }
    std::sort(values.begin(), values.end());
    EXPECT_EQ(exact_sum_of(values).words(), first.words());
}

TEST(ExactSum, PartsMergedEqualTheWhole) {
    std::mt19937_64 rng(29);
    const std::vector<double> values = wide_doubles(rng, 3001, -200, 200);
    const ExactSum whole = exact_sum_of(values);
    for (const std::size_t parts : {1u, 2u, 3u, 7u, 3001u}) {
        std::vector<ExactSum> sums(parts);
        for (std::size_t i = 0; i < values.size(); ++i) sums[i * parts / values.size()].add(values[i]);
        ExactSum merged;
        for (auto it = sums.rbegin(); it != sums.rend(); ++it) merged.add(*it);  // any order
        EXPECT_EQ(merged.words(), whole.words()) << parts << " parts";
        EXPECT_EQ(bits_of(merged.value()), bits_of(whole.value())) << parts << " parts";
    }
}

TEST(ExactSum, AddTimesIsThatManyAdditions) {
    for (const double x : {0.1, -3.75, DBL_TRUE_MIN, 1e300, -DBL_MAX}) {
        for (const std::uint64_t times : {0u, 1u, 2u, 3u, 17u, 1000u}) {
            ExactSum many, at_once;
            for (std::uint64_t i = 0; i < times; ++i) many.add(x);
            at_once.add_times(x, times);
            EXPECT_EQ(at_once.words(), many.words()) << x << " x " << times;
        }
    }
    // Far more than can be added one by one: x times 2^40 + 1 is x 2^40 + x, both exact.
    ExactSum big;
    big.add_times(0.1, (std::uint64_t{1} << 40) + 1);
    EXPECT_EQ(big.words(), exact_sum_of({std::ldexp(0.1, 40), 0.1}).words());
    ExactSum most;
    most.add_times(-DBL_MAX, std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(most.value(), -std::numeric_limits<double>::infinity());
}

// A sum doubled onto itself 60 times counts more pending additions than the carries allow
// (they are propagated on the way), with its digits far above the largest double.
TEST(ExactSum, CarriesHoldThroughHugeCountsAndBack) {
    ExactSum sum;
    sum.add(-0.75);
    sum.add(DBL_MAX);
    for (int i = 0; i < 60; ++i) {
        const ExactSum copy = sum;
        sum.add(copy);
    }
    EXPECT_EQ(sum.value(), std::numeric_limits<double>::infinity());
    ExactSum back = sum;
    back.add_times(-DBL_MAX, std::uint64_t{1} << 60);  // leaves -0.75 x 2^60
    EXPECT_EQ(back.value(), -0.75 * std::ldexp(1.0, 60));
}

TEST(ExactSum, NonFiniteValuesGiveTheirOrderFreeSum) {
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(exact_value_of({1.0, inf, -5.0}), inf);
    EXPECT_EQ(exact_value_of({-inf, 1.0}), -inf);
    EXPECT_TRUE(std::isnan(exact_value_of({inf, 1.0, -inf})));
    EXPECT_TRUE(std::isnan(exact_value_of({std::numeric_limits<double>::quiet_NaN(), inf})));
    const double nan_first = exact_value_of({-std::numeric_limits<double>::quiet_NaN(), inf});
    const double nan_last = exact_value_of({inf, std::numeric_limits<double>::quiet_NaN()});
    EXPECT_EQ(bits_of(nan_first), bits_of(nan_last));  // one NaN, whatever its payload or sign
}

TEST(ExactSum, WordsGoAndComeBackAndBadWordsAreRefused) {
    std::mt19937_64 rng(31);
    const ExactSum sum = exact_sum_of(wide_doubles(rng, 100));
    const std::vector<std::int64_t> words = sum.words();
    ASSERT_EQ(words.size(), ExactSum::kWords);
    const ExactSum back = ExactSum::from_words(words);
    EXPECT_EQ(back.words(), words);
    EXPECT_EQ(bits_of(back.value()), bits_of(sum.value()));
    EXPECT_THROW(ExactSum::from_words(std::vector<std::int64_t>(words.begin(), words.end() - 1)), RunError);
    std::vector<std::int64_t> bad = words;
    bad[3] = std::int64_t{1} << 32;  // not a digit
    EXPECT_THROW(ExactSum::from_words(bad), RunError);
    bad = words;
    bad.back() = 8;  // no such non-finite value
    EXPECT_THROW(ExactSum::from_words(bad), RunError);
}

}  // namespace
}  // namespace offersim
