#include "engine/sim/usage_fen_table.hpp"

#include "engine/sim/event_figures.hpp"

#include <algorithm>

namespace offersim::sim {

MeanUsageIndex::MeanUsageIndex(const SegmentPlan& seg)
    : voice_(seg.voice_atoms), data_(seg.data_atoms), sms_(seg.sms_atoms) {}

std::vector<double> UsageFenTable::inputs_of(const TierRates& rates, std::size_t tiers) {
    std::vector<double> inputs;
    for (std::size_t t = 0; t < tiers; ++t)
        for (const auto field : kTierRateColumns) inputs.push_back((rates.*field)[t]);
    inputs.push_back(rates.off_peak_share);
    return inputs;
}

UsageFenTable::UsageFenTable(const MeanUsageIndex& index, bool split_voice, const TierRates& rates,
                             std::size_t tiers)
    : tiers_(tiers),
      split_voice_(split_voice),
      all_half_up_(rates.all_half_up),
      inputs_(inputs_of(rates, tiers)),
      voice_(index.voice().size() * tiers),
      data_(index.data().size() * tiers),
      sms_(index.sms().size() * tiers) {
    // Row k of each service rated together: each line reads its own service's mean only.
    const std::size_t rows = std::max({index.voice().size(), index.data().size(), index.sms().size()});
    const auto value = [](const AtomIndex& atoms, std::size_t k) {
        return k < atoms.size() ? atoms.values()[k] : 0.0f;
    };
    for (std::size_t k = 0; k < rows; ++k)
        for (std::size_t t = 0; t < tiers; ++t) {
            const UsageFen f =
                rate_usage_drawn(split_voice, rates, static_cast<int>(t), value(index.voice(), k),
                                 value(index.data(), k), value(index.sms(), k), rates.off_peak_share);
            if (k < index.voice().size()) voice_[k * tiers + t] = f.voice + f.intra_group;
            if (k < index.data().size()) data_[k * tiers + t] = f.data;
            if (k < index.sms().size()) sms_[k * tiers + t] = f.sms;
        }
}

bool UsageFenTable::rates_as(bool split_voice, const TierRates& rates, std::size_t tiers) const {
    if (split_voice != split_voice_ || tiers != tiers_ || rates.all_half_up != all_half_up_) return false;
    std::size_t at = 0;
    for (std::size_t t = 0; t < tiers; ++t)
        for (const auto field : kTierRateColumns)
            if (!same_bits((rates.*field)[t], inputs_[at++])) return false;
    return same_bits(rates.off_peak_share, inputs_[at]);
}

std::shared_ptr<const LeaveOddsUsage> leave_odds_usage(const SegmentPlan& seg, const TierTable& tiers,
                                                       const SimulationPlan& reference,
                                                       const SegmentPlan& ref_seg) {
    auto tables = std::make_shared<LeaveOddsUsage>();
    tables->index = MeanUsageIndex(seg);
    tables->ours = UsageFenTable(tables->index, seg.splits_voice, TierRates::of(tiers, seg), tiers.size());
    tables->reference = UsageFenTable(tables->index, ref_seg.splits_voice,
                                      TierRates::of(reference.tiers, ref_seg), reference.tiers.size());
    return tables;
}

const LeaveOddsUsage* usable_leave_odds_usage(const LeaveOddsUsage* tables, bool our_split,
                                              const TierRates& ours, std::size_t our_tiers, bool their_split,
                                              const TierRates& theirs, std::size_t their_tiers) {
    if (!tables || !tables->ours.rates_as(our_split, ours, our_tiers) ||
        !tables->reference.rates_as(their_split, theirs, their_tiers))
        return nullptr;
    return tables;
}

}  // namespace offersim::sim
