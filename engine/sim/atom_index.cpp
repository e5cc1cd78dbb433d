#include "engine/sim/atom_index.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace offersim::sim {

AtomIndex::AtomIndex(std::span<const float> values) : values_(values.begin(), values.end()) {
    // Ascending by bits, not by value: 0 and -0 (or two NaNs) stay apart, and for the
    // non-negative means a segment draws the order is the order of values.
    const auto bits = [](float x) { return std::bit_cast<std::uint32_t>(x); };
    std::sort(values_.begin(), values_.end(), [&](float a, float b) { return bits(a) < bits(b); });
    values_.erase(
        std::unique(values_.begin(), values_.end(), [&](float a, float b) { return bits(a) == bits(b); }),
        values_.end());
    if (values_.empty()) return;
    // At least twice as many slots as values; new odd multipliers, then more slots, until
    // every value has a place (almost always at the first try).
    int slot_bits = std::bit_width(2 * values_.size() - 1);
    for (std::uint32_t seed = 1;; ++seed) {
        const std::uint32_t first = 0x9E3779B1u * seed | 1u;
        const std::uint32_t second = 0x85EBCA77u * (seed + 0x2545u) | 1u;
        if (place_all(slot_bits, first, second)) return;
        if (seed % 8 == 0) ++slot_bits;
    }
}

bool AtomIndex::place_all(int slot_bits, std::uint32_t first_multiplier, std::uint32_t second_multiplier) {
    slots_.assign(std::size_t{1} << slot_bits, Slot{});
    first_multiplier_ = first_multiplier;
    second_multiplier_ = second_multiplier;
    shift_ = 32 - slot_bits;
    const int max_moves = 4 * slot_bits + 32;
    for (std::size_t r = 0; r < values_.size(); ++r) {
        Slot moving{std::bit_cast<std::uint32_t>(values_[r]), static_cast<std::int32_t>(r)};
        std::size_t at = first_slot(moving.bits);
        for (int move = 0;; ++move) {
            std::swap(moving, slots_[at]);
            if (moving.row < 0) break;  // the slot was empty
            if (move == max_moves) return false;
            // The value pushed out goes to its other slot.
            const std::size_t first = first_slot(moving.bits);
            at = first == at ? second_slot(moving.bits) : first;
        }
    }
    return true;
}

}  // namespace offersim::sim
