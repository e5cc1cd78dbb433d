#pragma once
// What a choice event computes once for its chooser, however many alternatives share it:
// the overage risk by allowance and the usage part of the usual bill by tier. Our menu and
// the reference's rate the same customer, often on tiers that rate alike, so the erfc and
// log of each distinct allowance and the rating of each distinct tier run once an event
// (docs/performance.md, "The full-feature path, 2026-12-04"). Every figure is the one the
// direct computation gives, bit for bit: the memo keys are the exact inputs.
#include "engine/sim/usage_rating.hpp"
#include "models/plan_choice.hpp"

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace offersim::sim {

// Bitwise equality: -0 and 0 differ, a NaN equals only its own bits. Conservative for a
// memo: equal bits give equal results of any function.
inline bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}
inline bool same_bits(float a, float b) {
    return std::bit_cast<std::uint32_t>(a) == std::bit_cast<std::uint32_t>(b);
}

inline bool same_bits(std::span<const double> a, std::span<const double> b) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!same_bits(a[k], b[k])) return false;
    return true;
}

// Every input by tier that rate_usage reads.
inline constexpr const double* TierRates::*kTierRateColumns[] = {&TierRates::included_voice,
                                                                 &TierRates::included_data,
                                                                 &TierRates::included_sms,
                                                                 &TierRates::voice_on_net,
                                                                 &TierRates::voice_off_net,
                                                                 &TierRates::voice_on_net_off_peak,
                                                                 &TierRates::voice_off_net_off_peak,
                                                                 &TierRates::intra_group,
                                                                 &TierRates::data,
                                                                 &TierRates::sms,
                                                                 &TierRates::voice_half,
                                                                 &TierRates::voice_even,
                                                                 &TierRates::data_half,
                                                                 &TierRates::data_even,
                                                                 &TierRates::sms_half,
                                                                 &TierRates::sms_even,
                                                                 &TierRates::intra_share,
                                                                 &TierRates::off_net_share};

// Whether tier `ta` of `a` and tier `tb` of `b` rate every usage alike: every input that
// rate_usage reads, bit for bit (the split of voice is the caller's to compare).
inline bool rates_alike(const TierRates& a, int ta, const TierRates& b, int tb) {
    for (const auto field : kTierRateColumns)
        if (!same_bits((a.*field)[ta], (b.*field)[tb])) return false;
    return same_bits(a.off_peak_share, b.off_peak_share);
}

// Whether every input that rate_usage reads for tier `t` is finite and at most 1e200 in size:
// then a finite usage (each line at most ~1e41 units) rates to a finite number of fen.
inline bool rates_bounded(const TierRates& r, int t) {
    const auto bounded = [](double x) { return std::abs(x) <= 1e200; };  // false for NaN
    for (const auto field : kTierRateColumns)
        if (!bounded((r.*field)[t])) return false;
    return bounded(r.off_peak_share);
}

class EventFigures {
public:
    // A new event for a chooser of mean `voice` minutes and `data` MB whose monthly usage
    // factor's log has standard deviation `sigma`; `slots` usage bills may be memoised.
    void start(double voice, double data, double sigma, std::size_t slots) {
        voice_ = voice;
        data_ = data;
        sigma_ = sigma;
        voice_risk_.clear();
        data_risk_.clear();
        voice_row_ = nullptr;
        data_row_ = nullptr;
        if (++event_ == 0) {  // the stamps wrapped: forget them all
            std::fill(stamp_.begin(), stamp_.end(), 0u);
            event_ = 1;
        }
        if (stamp_.size() < slots) {
            stamp_.resize(slots, 0u);
            usage_.resize(slots, 0.0);
        }
    }

    // The chooser's rows of tabulated risks by allowance column (OverageRiskTable::row) for
    // this event, each null where its mean has none: those risks are computed directly.
    void use_rows(const double* voice_row, const double* data_row) {
        voice_row_ = voice_row;
        data_row_ = data_row;
    }

    // P(a month's usage exceeds either allowance), as models::exceed_probability of each:
    // read from the rows at the allowances' columns where use_rows gave them, else computed
    // (the columns are read only with rows).
    double risk(double voice_allowance, double data_allowance, int voice_column = 0, int data_column = 0) {
        const double pv =
            voice_row_ ? voice_row_[voice_column] : exceed(voice_risk_, voice_, voice_allowance);
        const double pd = data_row_ ? data_row_[data_column] : exceed(data_risk_, data_, data_allowance);
        return 1.0 - (1.0 - pv) * (1.0 - pd);
    }

    // `fen` as the usage bill in `slot` for this event: computed ahead, with others'.
    void know_usage(int slot, double fen) {
        const auto k = static_cast<std::size_t>(slot);
        usage_[k] = fen;
        stamp_[k] = event_;
    }

    // The usage bill in `slot`, from `compute` the first time this event asks for it.
    template <class Compute>
    double usage_fen(int slot, Compute&& compute) {
        const auto k = static_cast<std::size_t>(slot);
        if (stamp_[k] != event_) {
            usage_[k] = compute();
            stamp_[k] = event_;
        }
        return usage_[k];
    }

private:
    double exceed(std::vector<std::pair<double, double>>& known, double mean, double allowance) const {
        for (const auto& [at, p] : known)
            if (same_bits(at, allowance)) return p;
        const double p = models::exceed_probability(mean, allowance, sigma_);
        known.emplace_back(allowance, p);
        return p;
    }

    double voice_ = 0.0;
    double data_ = 0.0;
    double sigma_ = 0.0;
    std::vector<std::pair<double, double>> voice_risk_;  // (allowance, probability)
    std::vector<std::pair<double, double>> data_risk_;
    std::vector<double> usage_;
    std::vector<std::uint32_t> stamp_;  // the event each usage slot was computed in
    const double* voice_row_ = nullptr;
    const double* data_row_ = nullptr;
    std::uint32_t event_ = 0;
};

}  // namespace offersim::sim
