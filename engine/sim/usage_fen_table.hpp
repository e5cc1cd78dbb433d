#pragma once
// The usage part of a customer's usual bill (usage_fen_at_mean) for every mean usage a
// segment draws and every tier, tabulated once a plan: the leave odds of a customer who joins,
// or whose tier, offer or contract changes, read it at the rows of its three means instead of
// rating them (docs/performance.md, "all_offers outside its month loop"). Each line of the
// rating reads one service's mean only, so the voice lines (with V-net), data and SMS are
// tabulated apart and added in the order of UsageFen::total(): bit for bit the direct rating.
#include "engine/sim/atom_index.hpp"
#include "engine/sim/usage_rating.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace offersim::sim {

// A customer's rows in a MeanUsageIndex, -1 where its mean is none of the atoms.
struct MeanUsageRows {
    std::int32_t voice = -1;
    std::int32_t data = -1;
    std::int32_t sms = -1;

    bool found() const { return (voice | data | sms) >= 0; }
};

// The rows of a segment's atoms of mean voice minutes, data MB and messages.
class MeanUsageIndex {
public:
    MeanUsageIndex() = default;
    explicit MeanUsageIndex(const SegmentPlan& seg);

    MeanUsageRows rows(float voice, float data, float sms) const {
        return {voice_.row(voice), data_.row(data), sms_.row(sms)};
    }
    const AtomIndex& voice() const { return voice_; }
    const AtomIndex& data() const { return data_; }
    const AtomIndex& sms() const { return sms_; }
    std::size_t bytes() const { return voice_.bytes() + data_.bytes() + sms_.bytes(); }

private:
    AtomIndex voice_;
    AtomIndex data_;
    AtomIndex sms_;
};

// The usage fen of every row of an index on every tier of one tier table, as a segment's view
// of it (TierRates, the split of voice) rates them, with a copy of every input the rating
// reads: a plan changed after it was compiled no longer matches, and is rated directly.
class UsageFenTable {
public:
    UsageFenTable() = default;
    UsageFenTable(const MeanUsageIndex& index, bool split_voice, const TierRates& rates, std::size_t tiers);

    // Whether `rates`, with the split of voice `split_voice`, rate each of `tiers` tiers as the
    // table was built for, bit for bit.
    bool rates_as(bool split_voice, const TierRates& rates, std::size_t tiers) const;
    // usage_fen_at_mean on `tier` of a customer whose means are at `rows` (each found).
    double usage_fen(int tier, MeanUsageRows rows) const {
        const auto t = static_cast<std::size_t>(tier);
        return (voice_[static_cast<std::size_t>(rows.voice) * tiers_ + t] +
                data_[static_cast<std::size_t>(rows.data) * tiers_ + t]) +
               sms_[static_cast<std::size_t>(rows.sms) * tiers_ + t];
    }
    // Asks for the lines usage_fen reads, ahead of reading them: the rows of joining customers
    // lie anywhere in tables larger than the cache.
    void prefetch(int tier, MeanUsageRows rows) const {
        const auto t = static_cast<std::size_t>(tier);
        __builtin_prefetch(voice_.data() + static_cast<std::size_t>(rows.voice) * tiers_ + t);
        __builtin_prefetch(data_.data() + static_cast<std::size_t>(rows.data) * tiers_ + t);
        __builtin_prefetch(sms_.data() + static_cast<std::size_t>(rows.sms) * tiers_ + t);
    }
    std::size_t bytes() const {
        return (inputs_.size() + voice_.size() + data_.size() + sms_.size()) * sizeof(double);
    }

private:
    // Every input of `rates` the rating reads for `tiers` tiers, in a fixed order.
    static std::vector<double> inputs_of(const TierRates& rates, std::size_t tiers);

    std::size_t tiers_ = 0;
    bool split_voice_ = false;
    bool all_half_up_ = false;
    std::vector<double> inputs_;
    std::vector<double> voice_;  // [row][tier]: the voice lines and the V-net line
    std::vector<double> data_;
    std::vector<double> sms_;
};

// What a segment's leave odds read: the rows of its atoms, their usage on our tiers and on
// the reference's (each as the segment there rates them).
struct LeaveOddsUsage {
    MeanUsageIndex index;
    UsageFenTable ours;
    UsageFenTable reference;

    std::size_t bytes() const { return index.bytes() + ours.bytes() + reference.bytes(); }
};

// The tables of segment `seg` of a plan with tiers `tiers`, against `ref_seg` of `reference`.
std::shared_ptr<const LeaveOddsUsage> leave_odds_usage(const SegmentPlan& seg, const TierTable& tiers,
                                                       const SimulationPlan& reference,
                                                       const SegmentPlan& ref_seg);

// `tables` where both still rate as `ours` and `theirs` (with `our_tiers` and `their_tiers`
// tiers and each split of voice) do; null otherwise, and usage is rated directly.
const LeaveOddsUsage* usable_leave_odds_usage(const LeaveOddsUsage* tables, bool our_split,
                                              const TierRates& ours, std::size_t our_tiers, bool their_split,
                                              const TierRates& theirs, std::size_t their_tiers);

}  // namespace offersim::sim
