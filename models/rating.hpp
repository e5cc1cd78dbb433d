#pragma once
// Rating a monthly bill against a package tier, exactly. A tier charges its monthly fee
// plus, per service, the use beyond its allowance at a per-unit rate. Use is held in whole
// sub-units (seconds, KB, messages) so fractional minutes and MB are billed as used; each
// overage line is rounded to the fen by the tier's rule for it (half up by default).
#include "engine/core/money.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace offersim::models {

inline constexpr std::int64_t kSecondsPerMinute = 60;
inline constexpr std::int64_t kKbPerMb = 1024;

struct TierTerms {
    Money monthly_fee;
    std::int64_t included_voice_min = 0;
    std::int64_t included_data_mb = 0;
    std::int64_t included_sms = 0;
    Rate voice_per_min;
    Rate data_per_mb;
    Rate sms_each;
    Rounding voice_rounding = Rounding::half_up;
    Rounding data_rounding = Rounding::half_up;
    Rounding sms_rounding = Rounding::half_up;
};

// A month's billable use in whole sub-units (seconds, KB, messages).
struct UsageUnits {
    std::int64_t voice_sec = 0;
    std::int64_t data_kb = 0;
    std::int64_t sms = 0;
};

struct Bill {
    Money fee;
    Money overage_voice;
    Money overage_data;
    Money overage_sms;

    constexpr Money total() const { return fee + overage_voice + overage_data + overage_sms; }
};

// The use beyond `included` whole units, held in sub-units (`per_unit` to a unit), at `rate`.
constexpr Money overage(std::int64_t sub_units, std::int64_t included, std::int64_t per_unit, Rate rate,
                        Rounding rule) {
    return rate_sub_units(std::max<std::int64_t>(0, sub_units - included * per_unit), per_unit, rate, rule);
}

// Whole units (per_unit 1), rounded half up.
constexpr Money overage(std::int64_t units, std::int64_t included, Rate rate) {
    return overage(units, included, 1, rate, Rounding::half_up);
}

// The reference rating in integer arithmetic.
constexpr Bill rate_bill(const TierTerms& tier, const UsageUnits& use) {
    return Bill{tier.monthly_fee,
                overage(use.voice_sec, tier.included_voice_min, kSecondsPerMinute, tier.voice_per_min,
                        tier.voice_rounding),
                overage(use.data_kb, tier.included_data_mb, kKbPerMb, tier.data_per_mb, tier.data_rounding),
                overage(use.sms, tier.included_sms, 1, tier.sms_each, tier.sms_rounding)};
}

// How the vectorised step rounds one kind of line, as doubles that select without branches:
// `half` is divisor / 2 to round half up or half even, 0 to truncate; `even` is 1 for half even.
struct LineRounding {
    double half = 0.0;
    double even = 0.0;

    static LineRounding of(Rounding rule, double divisor) {
        return {rule == Rounding::truncate ? 0.0 : divisor / 2.0, rule == Rounding::half_even ? 1.0 : 0.0};
    }
};

// The divisors from centi-fen x sub-units to fen, and their reciprocals.
inline constexpr double kVoiceDivisor = 100.0 * kSecondsPerMinute;
inline constexpr double kDataDivisor = 100.0 * kKbPerMb;
inline constexpr double kSmsDivisor = 100.0;

// floor(x / divisor) for a whole x, dividing by multiplying with the inexact reciprocal
// `inverse`, so it vectorises without a division. It corrects the one error that can make:
// at an exact multiple of the divisor, the product may fall just below the whole quotient.
// It cannot land above it: below 2^51 its error is under 1 / divisor, the least distance of
// a quotient that is not whole from a whole one.
inline double whole_quotient(double x, double divisor, double inverse) {
    const double q = std::floor(x * inverse);
    return (q + 1.0) * divisor <= x ? q + 1.0 : q;
}

// An overage line for the vectorised monthly step, in doubles that hold whole numbers:
// `over` sub-units at `rate` centi-fen a unit, divided by `divisor` (with `inverse` its
// reciprocal) and rounded as `round` says. Exact while over x rate stays below 2^51 (a line
// of 3.7 billion CNY for voice, 220 million for data), so it equals overage() to the fen.
// A tie for half even is a sum landing exactly on a multiple: an odd quotient steps down.
inline double rated_fen(double over, double rate, double divisor, double inverse, LineRounding round) {
    const double x = over * rate + round.half;
    const double q = whole_quotient(x, divisor, inverse);
    const double odd = q - 2.0 * std::floor(q * 0.5);
    const double tie = q * divisor == x ? 1.0 : 0.0;
    return q - round.even * odd * tie;
}

// rated_fen rounding half up: no tie to settle and no rule to load, which is the plain
// path's rating when every tier rounds half up (the default).
inline double rated_fen_half_up(double over, double rate, double divisor, double inverse) {
    return whole_quotient(over * rate + divisor / 2.0, divisor, inverse);
}

// Whole units rounded half up, as the step rated before sub-units (kept for the tests).
inline double overage_fen(double units, double included, double rate_centifen) {
    return rated_fen(std::max(0.0, units - included), rate_centifen, 100.0, 0.01, {50.0, 0.0});
}

// A share of whole units, rounded half up to a whole unit (minutes split by kind).
inline double round_half_up(double x) {
    return std::floor(x + 0.5);
}

// Billable units from a continuous usage draw: rounded to the nearest whole unit.
inline double billable_units(float usage) {
    return std::floor(usage + 0.5f);
}

// Billable sub-units from a draw in units: `per_unit` sub-units to a unit (60 seconds,
// 1024 KB), rounded to the nearest whole sub-unit.
inline double billable_sub_units(float usage, double per_unit) {
    return std::floor(static_cast<double>(usage) * per_unit + 0.5);
}

}  // namespace offersim::models
