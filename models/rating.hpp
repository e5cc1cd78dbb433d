#pragma once
// Rating a monthly bill against a package tier, exactly. A tier charges its monthly fee
// plus, per service, the units beyond its allowance at a per-unit rate; each overage line
// is rounded half up to the fen (a rate may be finer than a fen, e.g. 0.0005 CNY/MB).
#include "engine/core/money.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace offersim::models {

struct TierTerms {
    Money monthly_fee;
    std::int64_t included_voice_min = 0;
    std::int64_t included_data_mb = 0;
    std::int64_t included_sms = 0;
    Rate voice_per_min;
    Rate data_per_mb;
    Rate sms_each;
};

// A month's billable use in whole units (minutes, MB, messages).
struct UsageUnits {
    std::int64_t voice_min = 0;
    std::int64_t data_mb = 0;
    std::int64_t sms = 0;
};

struct Bill {
    Money fee;
    Money overage_voice;
    Money overage_data;
    Money overage_sms;

    constexpr Money total() const { return fee + overage_voice + overage_data + overage_sms; }
};

constexpr Money overage(std::int64_t units, std::int64_t included, Rate rate) {
    return rate_units(std::max<std::int64_t>(0, units - included), rate);
}

// The reference rating in integer arithmetic.
constexpr Bill rate_bill(const TierTerms& tier, const UsageUnits& use) {
    return Bill{tier.monthly_fee, overage(use.voice_min, tier.included_voice_min, tier.voice_per_min),
                overage(use.data_mb, tier.included_data_mb, tier.data_per_mb),
                overage(use.sms, tier.included_sms, tier.sms_each)};
}

// The same overage line for the vectorised monthly step, in doubles that hold whole
// numbers: exact while units x rate stays below 2^46 centi-fen (7 billion CNY), which
// the loader's limits guarantee, so it equals overage() to the fen.
// Divides by multiplying with 0.01, so it vectorises without a division, and corrects the
// one error the inexact 0.01 can make: at an exact multiple of 100, x * 0.01 may fall just
// below the whole quotient. It cannot land above it: below 2^46 the spacing of doubles
// near x / 100 is far under the 0.01 that separates a whole quotient from its neighbours.
inline double overage_fen(double units, double included, double rate_centifen) {
    const double over = std::max(0.0, units - included);
    const double x = over * rate_centifen + 50.0;
    const double q = std::floor(x * 0.01);
    return (q + 1.0) * 100.0 <= x ? q + 1.0 : q;
}

// A share of whole units, rounded half up to a whole unit (minutes split by kind).
inline double round_half_up(double x) {
    return std::floor(x + 0.5);
}

// Billable units from a continuous usage draw: rounded to the nearest whole unit.
inline double billable_units(float usage) {
    return std::floor(usage + 0.5f);
}

}  // namespace offersim::models
