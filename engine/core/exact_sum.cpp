#include "engine/core/exact_sum.hpp"

#include "engine/core/error.hpp"

#include <cmath>
#include <limits>

namespace offersim {

namespace {

// GCC's and clang's 128-bit integer, which -Wpedantic accepts under __extension__.
__extension__ using Uint128 = unsigned __int128;

constexpr int kDigitBits = 32;
// The value of digit 0's lowest bit: 2^-1074.
constexpr int kLowestExponent = -1074;
// The bits of a double's significand, its leading bit included.
constexpr int kSignificandBits = 53;

}  // namespace

void ExactSum::propagate_carries(Digits& digits) {
    for (int i = 0; i + 1 < kDigits; ++i) {
        // An arithmetic shift floors, so a negative digit lends to the next as it should.
        const std::int64_t carry = digits[static_cast<std::size_t>(i)] >> kDigitBits;
        digits[static_cast<std::size_t>(i)] &= static_cast<std::int64_t>(kDigitMask);
        digits[static_cast<std::size_t>(i) + 1] += carry;
    }
}

void ExactSum::add_non_finite(double x) {
    non_finite_ |= std::isnan(x) ? kNaN : x > 0 ? kPositiveInfinity : kNegativeInfinity;
}

void ExactSum::add_times(double x, std::uint64_t times) {
    if (times == 0) return;
    const auto bits = std::bit_cast<std::uint64_t>(x);
    const auto biased = static_cast<int>((bits >> 52) & 0x7ff);
    if (biased == 0x7ff) return add_non_finite(x);
    std::uint64_t mantissa = bits & ((std::uint64_t{1} << 52) - 1);
    if (biased != 0) mantissa |= std::uint64_t{1} << 52;
    // mantissa x times holds at most 117 bits: its low and high 64 apart.
    const Uint128 product = static_cast<Uint128>(mantissa) * times;
    const int shift = biased == 0 ? 0 : biased - 1;
    const bool negative = (bits >> 63) != 0;
    place(static_cast<std::uint64_t>(product), shift, negative);
    place(static_cast<std::uint64_t>(product >> 64), shift + 64, negative);
}

void ExactSum::add(const ExactSum& other) {
    // Each side's digits lie within its pending additions x 2^33 of [0, 2^32), and each has
    // fewer than kMostPending.
    for (std::size_t i = 0; i < digits_.size(); ++i) digits_[i] += other.digits_[i];
    pending_ += other.pending_ + 1;
    if (pending_ >= kMostPending) {
        propagate_carries(digits_);
        pending_ = 0;
    }
    non_finite_ |= other.non_finite_;
}

double ExactSum::value() const {
    if (non_finite_ != 0) {
        if ((non_finite_ & kNaN) != 0 || non_finite_ == (kPositiveInfinity | kNegativeInfinity))
            return std::numeric_limits<double>::quiet_NaN();
        return non_finite_ == kPositiveInfinity ? std::numeric_limits<double>::infinity()
                                                : -std::numeric_limits<double>::infinity();
    }
    Digits d = digits_;
    propagate_carries(d);
    const bool negative = d.back() < 0;
    if (negative) {  // the magnitude: every digit negated, the carries propagated again
        for (auto& digit : d) digit = -digit;
        propagate_carries(d);
    }
    int top = kDigits - 1;
    while (top >= 0 && d[static_cast<std::size_t>(top)] == 0) --top;
    if (top < 0) return 0.0;
    const auto digit = [&](int i) {
        return i >= 0 ? static_cast<std::uint64_t>(d[static_cast<std::size_t>(i)]) : std::uint64_t{0};
    };
    // The highest digit and the two below it (below digit 0: zeros) hold 65 to 127 bits:
    // more than a double's 53 and the bit that rounds; the lower digits only say whether
    // anything lies below.
    const Uint128 window = (static_cast<Uint128>(digit(top)) << 64) |
                           (static_cast<Uint128>(digit(top - 1)) << 32) | digit(top - 2);
    bool below = false;
    for (int i = 0; i < top - 2; ++i) below = below || d[static_cast<std::size_t>(i)] != 0;
    const int width = 64 + static_cast<int>(std::bit_width(digit(top)));
    // The leading bit's place above 2^-1074.
    const int lead = kDigitBits * (top - 2) + width - 1;
    double magnitude = 0.0;
    if (lead < kSignificandBits) {
        // Fewer than 54 bits from 2^-1074 up: a subnormal or the lowest normals, exact.
        magnitude = std::ldexp(static_cast<double>(digit(0) | digit(1) << kDigitBits), kLowestExponent);
    } else {
        const int dropped = width - kSignificandBits;
        auto kept = static_cast<std::uint64_t>(window >> dropped);
        const Uint128 rest = window & ((static_cast<Uint128>(1) << dropped) - 1);
        const Uint128 half = static_cast<Uint128>(1) << (dropped - 1);
        if (rest > half || (rest == half && (below || (kept & 1) != 0))) ++kept;  // nearest, ties to even
        // Exact unless past the largest double, where it is infinite as rounding says.
        magnitude = std::ldexp(static_cast<double>(kept), lead - (kSignificandBits - 1) + kLowestExponent);
    }
    return negative ? -magnitude : magnitude;
}

std::vector<std::int64_t> ExactSum::words() const {
    Digits d = digits_;
    propagate_carries(d);
    std::vector<std::int64_t> words(d.begin(), d.end());
    words.push_back(non_finite_);
    return words;
}

ExactSum ExactSum::from_words(std::span<const std::int64_t> words) {
    require(words.size() == kWords, "an exact sum has {} words, not {}", words.size(), kWords);
    ExactSum sum;
    for (std::size_t i = 0; i + 1 < kDigits; ++i) {
        require(words[i] >= 0 && words[i] <= static_cast<std::int64_t>(kDigitMask),
                "an exact sum's digit {} is {}, outside a digit's range", i, words[i]);
        sum.digits_[i] = words[i];
    }
    // The top digit carries what a sum of 2^64 doubles can bring at most (2^18 there) and the sign.
    constexpr std::int64_t kTopLimit = std::int64_t{1} << 32;
    const std::int64_t top = words[kDigits - 1];
    require(top > -kTopLimit && top < kTopLimit, "an exact sum's top digit is {}, out of range", top);
    sum.digits_.back() = top;
    const std::int64_t non_finite = words.back();
    require(non_finite >= 0 && non_finite <= (kPositiveInfinity | kNegativeInfinity | kNaN),
            "an exact sum's non-finite part is {}, not one it can have", non_finite);
    sum.non_finite_ = non_finite;
    return sum;
}

}  // namespace offersim
