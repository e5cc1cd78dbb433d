#pragma once
// The offer terms the month's loop (engine/sim/bill_loop_impl.hpp) would gather one by one,
// folded into one table entry by offer and state. Each entry is the same operation on the
// same operands as the loop's, so the same bits: one gather where there were two or three.
// Rebuilt per shard-month, as the loop's widened tables are: a few hundred bytes.
#include "engine/sim/plan.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace offersim::sim::detail {

// Where a customer stands against its offer's contract, the index of hazard_by_offer_state.
enum ContractState : int { kInContract = 0, kAfterContract = 1, kOutOfContract = 2 };

// The offer's hazard factor by state: mult x lock-in, mult x contract end, mult (x 1).
inline const double* hazard_by_offer_state(const OfferTerms& terms, std::vector<double>& out) {
    const std::size_t offers = terms.hazard_multiplier.size();
    out.resize(3 * offers);
    for (std::size_t o = 0; o < offers; ++o) {
        const float mult = terms.hazard_multiplier[o];
        out[3 * o + kInContract] = mult * terms.lock_in_multiplier[o];
        out[3 * o + kAfterContract] = mult * terms.contract_end_multiplier[o];
        out[3 * o + kOutOfContract] = mult * 1.0f;
    }
    return out.data();
}

// The monthly fee by offer and tier (offer x tiers + tier): the bundle's, else the tier's.
inline const double* fee_by_offer_tier(const OfferTerms& terms, const double* tier_fee, std::size_t tiers,
                                       std::vector<double>& out) {
    const std::size_t offers = terms.bundle_fee_fen.size();
    out.resize(offers * tiers);
    for (std::size_t o = 0; o < offers; ++o) {
        for (std::size_t t = 0; t < tiers; ++t) {
            const double offer_fee = terms.bundle_fee_fen[o];
            out[o * tiers + t] = offer_fee >= 0.0 ? offer_fee : tier_fee[t];
        }
    }
    return out.data();
}

// The floor before a prepay release by offer, tier and whether in contract
// ((offer x tiers + tier) x 2 + in contract): the tier's minimum spend or the contract's floor.
inline const double* floor_by_offer_tier_contract(const OfferTerms& terms, const double* tier_floor,
                                                  std::size_t tiers, std::vector<double>& out) {
    const std::size_t offers = terms.contract_floor_fen.size();
    out.resize(offers * tiers * 2);
    for (std::size_t o = 0; o < offers; ++o) {
        for (std::size_t t = 0; t < tiers; ++t) {
            for (const double in_contract : {0.0, 1.0}) {
                out[(o * tiers + t) * 2 + static_cast<std::size_t>(in_contract)] =
                    std::max(tier_floor[t], in_contract * terms.contract_floor_fen[o]);
            }
        }
    }
    return out.data();
}

}  // namespace offersim::sim::detail
