#include "engine/sim/margin_sums.hpp"

#include "engine/core/error.hpp"
#include "engine/core/exact_sum.hpp"
#include "engine/sim/cube_bytes.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <string>
#include <utility>

namespace offersim::sim {

namespace {

// The key is read 16 bits at a time, highest first: sign and exponent and the first 4 bits
// of the significand at the first level, which already spreads a base's margins thinly.
constexpr int kLevels = 4;
constexpr int kBucketBits = 16;
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;

std::size_t bucket_of(std::uint64_t key, int level) {
    return static_cast<std::size_t>(key >> (kBucketBits * (kLevels - 1 - level))) & (kBuckets - 1);
}

std::uint64_t bucket_key(std::size_t bucket, int level) {
    return static_cast<std::uint64_t>(bucket) << (kBucketBits * (kLevels - 1 - level));
}

using BucketCounts = MarginSelection::BucketCounts;

// Counts `n` margins in `bucket`, noting the bucket when it was empty.
void count_in(BucketCounts& counts, std::size_t bucket, std::int64_t n = 1) {
    if (counts.count[bucket] == 0) counts.nonzero.push_back(static_cast<std::uint32_t>(bucket));
    counts.count[bucket] += n;
}

// A part's counts as words, each nonzero bucket as (bucket, count), after `words`; the counts
// are left empty.
void take_counts(BucketCounts& counts, std::vector<std::int64_t>& words) {
    for (const std::uint32_t b : counts.nonzero) {
        words.insert(words.end(), {static_cast<std::int64_t>(b), counts.count[b]});
        counts.count[b] = 0;
    }
    counts.nonzero.clear();
}

// Adds the (bucket, count) pairs of `words` into `total`.
void add_counts(std::span<const std::int64_t> words, BucketCounts& total) {
    require(words.size() % 2 == 0, "a rank's counts of margins are cut ({} words)", words.size());
    for (std::size_t i = 0; i < words.size(); i += 2) {
        const std::int64_t bucket = words[i], count = words[i + 1];
        require(bucket >= 0 && bucket < static_cast<std::int64_t>(kBuckets) && count > 0,
                "a rank counts {} margins in bucket {}", count, bucket);
        count_in(total, static_cast<std::size_t>(bucket), count);
    }
}

// Where a selection stands in the descent: the bucket chosen at each level so far, and how
// many of the largest margins are still to be taken from it.
struct Descent {
    std::uint64_t prefix = 0;   // the buckets chosen, in their places of the key
    std::int64_t wanted = 0;    // of the margins in the chosen bucket, the largest to take
    bool whole_bucket = false;  // every margin of the chosen bucket is taken
};

// Chooses the bucket of `total` that holds the wanted-th largest margin of those left, from
// the highest bucket down; `total` is left empty.
void choose_bucket(BucketCounts& total, int level, Descent& d) {
    std::sort(total.nonzero.begin(), total.nonzero.end(), std::greater<>());
    bool chosen = false;
    for (const std::uint32_t b : total.nonzero) {
        const std::int64_t n = std::exchange(total.count[b], 0);
        if (chosen) continue;
        if (n < d.wanted) {
            d.wanted -= n;
            continue;
        }
        d.prefix |= bucket_key(b, level);
        d.whole_bucket = n == d.wanted;
        chosen = true;
    }
    total.nonzero.clear();
    require(chosen, "the ranks' counts of margins hold fewer than the top fifth");
}

// Keeps at the front of `margins` those in the chosen bucket of the level, in any order, and
// adds those above it to `above`; the kept ones.
std::span<double> keep_chosen(std::span<double> margins, int level, const Descent& d, ExactSum& above) {
    const std::size_t chosen = bucket_of(d.prefix, level);
    std::size_t kept = 0;
    for (const double x : margins) {
        const std::size_t b = bucket_of(margin_key(x), level);
        if (b > chosen)
            above.add(x);
        else if (b == chosen)
            margins[kept++] = x;  // never past the margin being read
    }
    return margins.first(kept);
}

}  // namespace

std::uint64_t margin_key(double x) {
    const auto bits = std::bit_cast<std::uint64_t>(x);
    // Positive doubles order as their bits, above every negative; negative ones in reverse.
    return (bits >> 63) != 0 ? ~bits : bits | (std::uint64_t{1} << 63);
}

double margin_of_key(std::uint64_t key) {
    return std::bit_cast<double>((key >> 63) != 0 ? key & ~(std::uint64_t{1} << 63) : ~key);
}

MarginSelection::MarginSelection()
    : counts_{std::vector<std::int64_t>(kBuckets, 0), {}},
      total_{std::vector<std::int64_t>(kBuckets, 0), {}} {}

double MarginSelection::bytes() {
    return 2.0 * static_cast<double>(kBuckets * (sizeof(std::int64_t) + sizeof(std::uint32_t)));
}

MarginSums MarginSelection::sum(std::span<double> margins) {
    return sum(margins, [](const std::function<std::string()>& produce) {
        return std::vector<std::string>{produce()};
    });
}

MarginSums MarginSelection::count_and_sum(std::span<const double> margins,
                                          const ShardShare::Exchange& exchange) {
    MarginSums sums;
    ExactSum all;
    for (const std::string& bytes : exchange([&] {
             ExactSum mine;
             for (const double x : margins) {
                 mine.add(x);
                 count_in(counts_, bucket_of(margin_key(x), 0));
             }
             std::vector<std::int64_t> words{static_cast<std::int64_t>(margins.size())};
             const std::vector<std::int64_t> sum_words = mine.words();
             words.insert(words.end(), sum_words.begin(), sum_words.end());
             take_counts(counts_, words);
             return counts_bytes(words);
         })) {
        const std::vector<std::int64_t> words = read_counts(bytes);
        require(words.size() >= 1 + ExactSum::kWords, "a rank's margins are cut ({} words)", words.size());
        sums.billed += words[0];
        all.add(ExactSum::from_words(std::span(words).subspan(1, ExactSum::kWords)));
        add_counts(std::span(words).subspan(1 + ExactSum::kWords), total_);
    }
    sums.all = all.value();
    return sums;
}

void MarginSelection::count_level(std::span<const double> left, int level,
                                  const ShardShare::Exchange& exchange) {
    for (const std::string& bytes : exchange([&] {
             for (const double x : left) count_in(counts_, bucket_of(margin_key(x), level));
             std::vector<std::int64_t> words;
             take_counts(counts_, words);
             return counts_bytes(words);
         }))
        add_counts(read_counts(bytes), total_);
}

MarginSums MarginSelection::sum(std::span<double> margins, const ShardShare::Exchange& exchange) {
    MarginSums sums = count_and_sum(margins, exchange);
    if (sums.billed == 0) return sums;
    // Descend: at each level every part counts what is left by the level's bits (the first
    // level's counts came with the sums), and all choose the same bucket from the counts.
    Descent d{0, (sums.billed + 4) / 5, false};
    ExactSum above;  // this part's margins above the chosen buckets
    std::span<double> left = margins;
    for (int level = 0; level < kLevels && !d.whole_bucket; ++level) {
        if (level > 0) count_level(left, level, exchange);
        choose_bucket(total_, level, d);
        left = keep_chosen(left, level, d, above);
    }
    if (d.whole_bucket) {
        for (const double x : left) above.add(x);
        d.wanted = 0;
    }
    // The last exchange: each part's sum above the threshold; the ties at it, alike on every
    // part (their key is the prefix, whole after the last level), are added once.
    ExactSum top;
    for (const std::string& bytes : exchange([&] { return counts_bytes(above.words()); }))
        top.add(ExactSum::from_words(read_counts(bytes)));
    top.add_times(margin_of_key(d.prefix), static_cast<std::uint64_t>(d.wanted));
    sums.top_fifth = top.value();
    return sums;
}

}  // namespace offersim::sim
