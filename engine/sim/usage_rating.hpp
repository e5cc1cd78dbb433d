#pragma once
// Rating a month's use against a tier in the doubles of the vectorised monthly step: the
// one definition behind both the bill a customer receives and the usual bill that bill
// shocks and VIP grading compare with, so the two are always like for like.
#include "engine/sim/plan.hpp"
#include "models/rating.hpp"

#include <algorithm>

namespace offersim::sim {

// A segment's view of the tier table: plain pointers, so the vectoriser sees no aliasing.
struct TierRates {
    const double* included_voice;  // seconds
    const double* included_data;   // KB
    const double* included_sms;
    const double* voice_on_net;  // centi-fen per minute
    const double* voice_off_net;
    const double* voice_on_net_off_peak;
    const double* voice_off_net_off_peak;
    const double* intra_group;
    const double* data;
    const double* sms;
    const double* voice_half;  // each line's rounding: models::LineRounding by tier
    const double* voice_even;
    const double* data_half;
    const double* data_even;
    const double* sms_half;
    const double* sms_even;
    const double* intra_share;  // of each tier's minutes, on the segment's V-net
    const double* off_net_share;
    double off_peak_share;
    bool all_half_up;  // every line of every tier rounds half up: no rule need be loaded

    static TierRates of(const TierTable& tiers, const SegmentPlan& seg) {
        return of(tiers, seg.intra_group_share.data(), seg.off_net_fraction.data(), seg.off_peak_share);
    }
    // With shares of minutes by tier of `tiers` other than a segment's own (a rival's tiers).
    static TierRates of(const TierTable& tiers, const double* intra_share, const double* off_net_share,
                        double off_peak_share) {
        return {tiers.included_voice_sec.data(),
                tiers.included_data_kb.data(),
                tiers.included_sms.data(),
                tiers.voice_on_net_centifen.data(),
                tiers.voice_off_net_centifen.data(),
                tiers.voice_on_net_off_peak_centifen.data(),
                tiers.voice_off_net_off_peak_centifen.data(),
                tiers.intra_group_centifen.data(),
                tiers.data_centifen.data(),
                tiers.sms_centifen.data(),
                tiers.voice_half.data(),
                tiers.voice_even.data(),
                tiers.data_half.data(),
                tiers.data_even.data(),
                tiers.sms_half.data(),
                tiers.sms_even.data(),
                intra_share,
                off_net_share,
                off_peak_share,
                tiers.all_half_up};
    }
};

// A month's usage lines in fen, each rounded to the fen, and the off-net minutes.
struct UsageFen {
    double voice = 0.0;
    double intra_group = 0.0;
    double data = 0.0;
    double sms = 0.0;
    double off_net_min = 0.0;

    double total() const { return voice + intra_group + data + sms; }
};

// Rates seconds, KB and messages on tier `t`, each line rounded to the fen by the tier's
// rule for its service. kSplitVoice: V-net seconds are rated apart, the rest counts against
// the allowance and its overage splits on-net / off-net, then peak / off-peak, each line
// rounded to the fen. Without it, every second is on-net at peak. Off-net use comes back
// in whole minutes, the unit interconnection is paid in.
// `off_peak` is the share of overage at the off-peak rate: the segment's, or a customer's
// own where usage answers prices (docs/models.md, "Usage response").
// kHalfUp: every tier rounds every line half up (TierTable::all_half_up), so no line loads
// its tier's rule or settles a tie; the same bills, cheaper.
// Always inlined: GCC left the full rating (split voice) a call inside the month's loop, a
// third of all_offers' time (docs/performance.md, "The full-feature path, 2026-12-04").
template <bool kSplitVoice, bool kHalfUp = false>
[[gnu::always_inline]] inline UsageFen rate_usage(const TierRates& r, int t, double seconds, double kb,
                                                  double messages, double off_peak) {
    const auto line = [&](double over, double rate, double divisor, const double* half, const double* even) {
        if constexpr (kHalfUp) {
            (void)half;
            (void)even;
            return models::rated_fen_half_up(over, rate, divisor, 1.0 / divisor);
        } else {
            return models::rated_fen(over, rate, divisor, 1.0 / divisor, {half[t], even[t]});
        }
    };
    const auto voice_line = [&](double over, double rate) {
        return line(over, rate, models::kVoiceDivisor, r.voice_half, r.voice_even);
    };
    UsageFen f;
    if constexpr (kSplitVoice) {
        const double intra = models::round_half_up(seconds * r.intra_share[t]);
        const double ordinary = seconds - intra;
        f.off_net_min = models::round_half_up(models::round_half_up(ordinary * r.off_net_share[t]) *
                                              (1.0 / models::kSecondsPerMinute));
        const double over = std::max(0.0, ordinary - r.included_voice[t]);
        const double over_off = models::round_half_up(over * r.off_net_share[t]);
        const double over_on = over - over_off;
        const double over_on_op = models::round_half_up(over_on * off_peak);
        const double over_off_op = models::round_half_up(over_off * off_peak);
        f.voice = voice_line(over_on - over_on_op, r.voice_on_net[t]) +
                  voice_line(over_on_op, r.voice_on_net_off_peak[t]) +
                  voice_line(over_off - over_off_op, r.voice_off_net[t]) +
                  voice_line(over_off_op, r.voice_off_net_off_peak[t]);
        f.intra_group = voice_line(intra, r.intra_group[t]);
    } else {
        (void)off_peak;
        f.voice = voice_line(std::max(0.0, seconds - r.included_voice[t]), r.voice_on_net[t]);
    }
    f.data = line(std::max(0.0, kb - r.included_data[t]), r.data[t], models::kDataDivisor, r.data_half,
                  r.data_even);
    f.sms = line(std::max(0.0, messages - r.included_sms[t]), r.sms[t], models::kSmsDivisor, r.sms_half,
                 r.sms_even);
    return f;
}

// The same from a month's draws in minutes, MB and messages, held as whole seconds and KB.
template <bool kSplitVoice, bool kHalfUp = false>
inline UsageFen rate_usage_drawn(const TierRates& r, int t, float voice_min, float data_mb, float sms,
                                 double off_peak) {
    return rate_usage<kSplitVoice, kHalfUp>(
        r, t, models::billable_sub_units(voice_min, models::kSecondsPerMinute),
        models::billable_sub_units(data_mb, models::kKbPerMb), models::billable_units(sms), off_peak);
}

// The same with the split of voice chosen at run time, for the scalar passes; tiers that all
// round half up are rated without loading a rule or settling a tie, which gives the same lines.
inline UsageFen rate_usage_drawn(bool split_voice, const TierRates& r, int t, float voice_min, float data_mb,
                                 float sms, double off_peak) {
    if (r.all_half_up)
        return split_voice ? rate_usage_drawn<true, true>(r, t, voice_min, data_mb, sms, off_peak)
                           : rate_usage_drawn<false, true>(r, t, voice_min, data_mb, sms, off_peak);
    return split_voice ? rate_usage_drawn<true>(r, t, voice_min, data_mb, sms, off_peak)
                       : rate_usage_drawn<false>(r, t, voice_min, data_mb, sms, off_peak);
}

// The same at the segment's off-peak share.
template <bool kSplitVoice>
inline UsageFen rate_usage(const TierRates& r, int t, double minutes, double mb, double messages) {
    return rate_usage<kSplitVoice>(r, t, minutes, mb, messages, r.off_peak_share);
}

// The usual bill before floors: `fee` plus the overage of the customer's mean usage (the
// propensities), rated as their bills are.
template <bool kSplitVoice, bool kHalfUp = false>
inline double usual_bill_before_floors_fen(const TierRates& r, int t, double fee, float voice, float data,
                                           float sms, double off_peak) {
    return fee + rate_usage_drawn<kSplitVoice, kHalfUp>(r, t, voice, data, sms, off_peak).total();
}

template <bool kSplitVoice>
inline double usual_bill_before_floors_fen(const TierRates& r, int t, double fee, float voice, float data,
                                           float sms) {
    return usual_bill_before_floors_fen<kSplitVoice>(r, t, fee, voice, data, sms, r.off_peak_share);
}

// The overage part of that bill, with the split of voice chosen at run time, for the scalar
// passes: what the fee is added to, so a pass that rates alike tiers once can add each fee.
inline double usage_fen_at_mean(bool split_voice, const TierRates& r, int t, float voice, float data,
                                float sms) {
    return rate_usage_drawn(split_voice, r, t, voice, data, sms, r.off_peak_share).total();
}

// The same bill with the split of voice chosen at run time, for the scalar passes.
inline double usual_bill_before_floors_fen(bool split_voice, const TierRates& r, int t, double fee,
                                           float voice, float data, float sms) {
    return fee + usage_fen_at_mean(split_voice, r, t, voice, data, sms);
}

}  // namespace offersim::sim
