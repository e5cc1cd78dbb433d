#pragma once
// The places of the values a segment draws its customers' mean usage from (its
// kPropensityAtoms equal-probability atoms), found by a value's bits: tables by atom (the
// usage bills of the leave odds) are read at a customer's row instead of computing from its
// mean, and a mean that is none of the atoms (an extract's customer, a won-back one) has no
// row and is computed directly.
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace offersim::sim {

class AtomIndex {
public:
    AtomIndex() = default;
    // The distinct values of `values`, bit for bit.
    explicit AtomIndex(std::span<const float> values);

    // The row of `value` (its place among the distinct values, ascending by bits); -1 when it
    // is none of them. Each value sits in one of two slots that its bits hash to (cuckoo
    // hashing): both are read and compared with no branch, as a search's branches mispredicted
    // for the cold customers asked about.
    std::int32_t row(float value) const {
        if (slots_.empty()) return -1;
        const auto bits = std::bit_cast<std::uint32_t>(value);
        const Slot& a = slots_[first_slot(bits)];
        const Slot& b = slots_[second_slot(bits)];
        // Row + 1 where the bits match, else 0, as a product: a conditional compiled to branches.
        const std::int32_t in_a = static_cast<std::int32_t>(a.bits == bits) * (a.row + 1);
        const std::int32_t in_b = static_cast<std::int32_t>(b.bits == bits) * (b.row + 1);
        return (in_a > in_b ? in_a : in_b) - 1;
    }
    // The distinct values, by row.
    std::span<const float> values() const { return values_; }
    std::size_t size() const { return values_.size(); }
    std::size_t bytes() const { return values_.size() * sizeof(float) + slots_.size() * sizeof(Slot); }

private:
    struct Slot {
        std::uint32_t bits = 0;
        std::int32_t row = -1;  // -1: empty, whatever its bits
    };

    std::size_t first_slot(std::uint32_t bits) const { return (bits * first_multiplier_) >> shift_; }
    std::size_t second_slot(std::uint32_t bits) const { return (bits * second_multiplier_) >> shift_; }
    // Places every value in one of its two slots, at `slot_bits` bits of slots (2^slot_bits
    // of them); false where the hashes cannot place them all.
    bool place_all(int slot_bits, std::uint32_t first_multiplier, std::uint32_t second_multiplier);

    std::vector<float> values_;  // ascending by bits, distinct
    std::vector<Slot> slots_;
    std::uint32_t first_multiplier_ = 0;
    std::uint32_t second_multiplier_ = 0;
    int shift_ = 32;
};

}  // namespace offersim::sim
