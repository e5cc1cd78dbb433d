#pragma once
// An exact sum of doubles: every finite double is added without rounding into a fixed-point
// accumulator that spans the whole double range, and the total is rounded once, to the
// nearest double (ties to even), when it is read. The result depends on no order of
// addition, and sums kept apart (each rank's part of a customer base) merge exactly, so that
// the parts' sums give the whole's bit for bit (docs/models.md §26).
//
//     ExactSum s;
//     for (double x : {1e300, 1.0, -1e300}) s.add(x);
//     s.value();  // 1.0, where adding in that order gives 0.0
#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace offersim {

class ExactSum {
public:
    // Digits of 32 bits, the lowest worth 2^-1074 (the least subnormal), each held in a
    // 64-bit word so that a quarter of a billion additions pass before the carries must be
    // propagated. The top word keeps the carries past the largest double and the sign: 68
    // words hold any sum of up to 2^64 doubles. words() adds one for the non-finite values added.
    static constexpr int kDigits = 68;
    static constexpr std::size_t kWords = kDigits + 1;

    // Inline: a base's margins are added one by one each month.
    void add(double x) {
        const auto bits = std::bit_cast<std::uint64_t>(x);
        const auto biased = static_cast<int>((bits >> 52) & 0x7ff);
        std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
        if (biased == 0x7ff) return add_non_finite(x);
        if (biased != 0) mantissa |= std::uint64_t{1} << 52;  // a normal double's leading bit
        // x = mantissa * 2^(max(biased, 1) - 1075): its lowest bit sits max(biased, 1) - 1
        // digits' bits above 2^-1074.
        place(mantissa, biased == 0 ? 0 : biased - 1, (bits >> 63) != 0);
    }
    // Adds `x` times `times` exactly, as `times` additions of x would.
    void add_times(double x, std::uint64_t times);
    // Adds another sum exactly.
    void add(const ExactSum& other);

    // The sum rounded once to the nearest double, ties to even; +0.0 when it is zero, ±inf
    // past the largest double. After a non-finite value: their sum, taken with no order (NaN
    // when a NaN or both infinities were added, else the infinity).
    double value() const;

    // The sum as words: the digits with their carries propagated (all in [0, 2^32) but the
    // top one, which holds the sign), then the non-finite values seen. Equal sums have equal
    // words, however they were added.
    std::vector<std::int64_t> words() const;
    // The sum whose words() are `words`; RunError on words that no sum has.
    static ExactSum from_words(std::span<const std::int64_t> words);

private:
    using Digits = std::array<std::int64_t, kDigits>;

    // Adds (or takes) `magnitude` times 2^(shift - 1074): its two halves, each shifted
    // within a 64-bit word, over three digits.
    void place(std::uint64_t magnitude, int shift, bool negative) {
        const auto at = static_cast<std::size_t>(shift >> 5);
        const int within = shift & 31;
        const std::uint64_t low = (magnitude & kDigitMask) << within;  // below 2^63
        const std::uint64_t high = (magnitude >> 32) << within;
        const auto sign = negative ? std::int64_t{-1} : std::int64_t{1};
        digits_[at] += sign * static_cast<std::int64_t>(low & kDigitMask);
        digits_[at + 1] += sign * static_cast<std::int64_t>((low >> 32) + (high & kDigitMask));
        digits_[at + 2] += sign * static_cast<std::int64_t>(high >> 32);
        if (++pending_ >= kMostPending) {
            propagate_carries(digits_);
            pending_ = 0;
        }
    }
    void add_non_finite(double x);
    static void propagate_carries(Digits& digits);

    static constexpr std::uint64_t kDigitMask = 0xffffffff;
    // Each addition moves a digit by less than 2^33, so a digit of [0, 2^32) stays inside a
    // word for twice this many: two sums of fewer each may still be added.
    static constexpr std::int64_t kMostPending = std::int64_t{1} << 28;
    // The non-finite values seen, as bits of one word.
    static constexpr std::int64_t kPositiveInfinity = 1, kNegativeInfinity = 2, kNaN = 4;

    Digits digits_{};
    std::int64_t pending_ = 0;  // additions since the carries were last propagated
    std::int64_t non_finite_ = 0;
};

}  // namespace offersim
