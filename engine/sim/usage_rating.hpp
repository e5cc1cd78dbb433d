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
    const double* included_voice;
    const double* included_data;
    const double* included_sms;
    const double* voice_on_net;  // centi-fen per minute
    const double* voice_off_net;
    const double* voice_on_net_off_peak;
    const double* voice_off_net_off_peak;
    const double* intra_group;
    const double* data;
    const double* sms;
    const double* intra_share;  // of each tier's minutes, on the segment's V-net
    const double* off_net_share;
    double off_peak_share;

    static TierRates of(const TierTable& tiers, const SegmentPlan& seg) {
        return of(tiers, seg.intra_group_share.data(), seg.off_net_fraction.data(), seg.off_peak_share);
    }
    // With shares of minutes by tier of `tiers` other than a segment's own (a rival's tiers).
    static TierRates of(const TierTable& tiers, const double* intra_share, const double* off_net_share,
                        double off_peak_share) {
        return {tiers.included_voice_min.data(),
                tiers.included_data_mb.data(),
                tiers.included_sms.data(),
                tiers.voice_on_net_centifen.data(),
                tiers.voice_off_net_centifen.data(),
                tiers.voice_on_net_off_peak_centifen.data(),
                tiers.voice_off_net_off_peak_centifen.data(),
                tiers.intra_group_centifen.data(),
                tiers.data_centifen.data(),
                tiers.sms_centifen.data(),
                intra_share,
                off_net_share,
                off_peak_share};
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

// Rates whole minutes, MB and messages on tier `t`. kSplitVoice: V-net minutes are rated
// apart, the rest counts against the allowance and its overage splits on-net / off-net,
// then peak / off-peak, each line rounded to the fen. Without it, every minute is on-net
// at peak.
// `off_peak` is the share of overage minutes at the off-peak rate: the segment's, or a
// customer's own where usage answers prices (docs/models.md, "Usage response").
template <bool kSplitVoice>
inline UsageFen rate_usage(const TierRates& r, int t, double minutes, double mb, double messages,
                           double off_peak) {
    UsageFen f;
    if constexpr (kSplitVoice) {
        const double intra = models::round_half_up(minutes * r.intra_share[t]);
        const double ordinary = minutes - intra;
        f.off_net_min = models::round_half_up(ordinary * r.off_net_share[t]);
        const double over = std::max(0.0, ordinary - r.included_voice[t]);
        const double over_off = models::round_half_up(over * r.off_net_share[t]);
        const double over_on = over - over_off;
        const double over_on_op = models::round_half_up(over_on * off_peak);
        const double over_off_op = models::round_half_up(over_off * off_peak);
        f.voice = models::overage_fen(over_on - over_on_op, 0.0, r.voice_on_net[t]) +
                  models::overage_fen(over_on_op, 0.0, r.voice_on_net_off_peak[t]) +
                  models::overage_fen(over_off - over_off_op, 0.0, r.voice_off_net[t]) +
                  models::overage_fen(over_off_op, 0.0, r.voice_off_net_off_peak[t]);
        f.intra_group = models::overage_fen(intra, 0.0, r.intra_group[t]);
    } else {
        (void)off_peak;
        f.voice = models::overage_fen(minutes, r.included_voice[t], r.voice_on_net[t]);
    }
    f.data = models::overage_fen(mb, r.included_data[t], r.data[t]);
    f.sms = models::overage_fen(messages, r.included_sms[t], r.sms[t]);
    return f;
}

// The same at the segment's off-peak share.
template <bool kSplitVoice>
inline UsageFen rate_usage(const TierRates& r, int t, double minutes, double mb, double messages) {
    return rate_usage<kSplitVoice>(r, t, minutes, mb, messages, r.off_peak_share);
}

// The usual bill before floors: `fee` plus the overage of the customer's mean usage (the
// propensities), rated as their bills are.
template <bool kSplitVoice>
inline double usual_bill_before_floors_fen(const TierRates& r, int t, double fee, float voice, float data,
                                           float sms, double off_peak) {
    return fee + rate_usage<kSplitVoice>(r, t, models::billable_units(voice), models::billable_units(data),
                                         models::billable_units(sms), off_peak)
                     .total();
}

template <bool kSplitVoice>
inline double usual_bill_before_floors_fen(const TierRates& r, int t, double fee, float voice, float data,
                                           float sms) {
    return usual_bill_before_floors_fen<kSplitVoice>(r, t, fee, voice, data, sms, r.off_peak_share);
}

// The same with the split of voice chosen at run time, for the scalar passes.
inline double usual_bill_before_floors_fen(bool split_voice, const TierRates& r, int t, double fee,
                                           float voice, float data, float sms) {
    return split_voice ? usual_bill_before_floors_fen<true>(r, t, fee, voice, data, sms)
                       : usual_bill_before_floors_fen<false>(r, t, fee, voice, data, sms);
}

}  // namespace offersim::sim
