#pragma once
// Offer terms the month's loop looks up by customer (engine/sim/bill_loop_impl.hpp), folded
// into tables by offer and tier, or by offer and contract state, so that one index loads what
// two or three loads did: the fee, the floor before a prepay release, the hazard factor. Each
// entry is the expression the loop computed from the separate terms, so every bill keeps its
// bits. Built per shard-month (a few dozen entries).
#include "engine/sim/plan.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace offersim::sim {

// Where a customer stands with the contract that sets their hazard factor.
enum ContractState : int { kInContract = 0, kAfterContractEnd = 1, kOutOfContract = 2, kContractStates = 3 };

struct FoldedOfferTerms {
    std::size_t tiers = 0;
    // By offer x tiers + tier: the bundle's fee, or the tier's own where the offer has none.
    std::vector<double> fee;
    // By (offer x tiers + tier) x 2 + in contract (0 or 1): the tier's minimum spend, or the
    // offer's contract floor while in contract where it is higher.
    std::vector<double> floor;
    // By offer x kContractStates + ContractState: the offer's hazard multiplier times its
    // lock-in or contract-end factor, a float held as a double (it narrows back exactly).
    std::vector<double> hazard;

    // `tier_fee` and `tier_floor` by tier, `tiers` of each.
    void build(const OfferTerms& terms, const double* tier_fee, const double* tier_floor,
               std::size_t tier_count) {
        const std::size_t offers = terms.bundle_fee_fen.size();
        tiers = tier_count;
        fee.resize(offers * tiers);
        floor.resize(offers * tiers * 2);
        hazard.resize(offers * kContractStates);
        for (std::size_t o = 0; o < offers; ++o) {
            for (std::size_t t = 0; t < tiers; ++t) {
                const std::size_t ot = o * tiers + t;
                const double offer_fee = terms.bundle_fee_fen[o];
                fee[ot] = offer_fee >= 0.0 ? offer_fee : tier_fee[t];
                for (const double in_contract : {0.0, 1.0})
                    floor[ot * 2 + static_cast<std::size_t>(in_contract)] =
                        std::max(tier_floor[t], in_contract * terms.contract_floor_fen[o]);
            }
            const float mult = terms.hazard_multiplier[o];
            hazard[o * kContractStates + kInContract] = mult * terms.lock_in_multiplier[o];
            hazard[o * kContractStates + kAfterContractEnd] = mult * terms.contract_end_multiplier[o];
            hazard[o * kContractStates + kOutOfContract] = mult * 1.0f;
        }
    }
};

}  // namespace offersim::sim
