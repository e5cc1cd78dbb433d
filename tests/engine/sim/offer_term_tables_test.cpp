// The folded offer terms (engine/sim/offer_term_tables.hpp) hold, bit for bit, what the
// month's loop computed from the separate terms, over random terms (fixed seed).
#include "engine/sim/offer_term_tables.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

namespace offersim::sim {

namespace {

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

}  // namespace

TEST(OfferTermTables, FoldedTermsEqualTheLoopsOwnExpressions) {
    std::mt19937_64 rng(20261204);
    std::uniform_real_distribution<double> fen(0.0, 40000.0);
    std::uniform_real_distribution<float> factor(0.0f, 4.0f);
    for (int round = 0; round < 200; ++round) {
        const std::size_t offers = 1 + rng() % 9;
        const std::size_t tiers = 1 + rng() % 12;
        OfferTerms terms;
        std::vector<double> tier_fee(tiers), tier_floor(tiers);
        for (std::size_t o = 0; o < offers; ++o) {
            terms.bundle_fee_fen.push_back(rng() % 3 == 0 ? -1.0 : fen(rng) / 3.0);
            terms.contract_floor_fen.push_back(rng() % 2 == 0 ? 0.0 : fen(rng) / 7.0);
            terms.hazard_multiplier.push_back(factor(rng));
            terms.lock_in_multiplier.push_back(factor(rng));
            terms.contract_end_multiplier.push_back(factor(rng));
        }
        for (std::size_t t = 0; t < tiers; ++t) {
            tier_fee[t] = fen(rng) / 3.0;
            tier_floor[t] = rng() % 2 == 0 ? 0.0 : fen(rng) / 11.0;
        }
        FoldedOfferTerms folded;
        folded.build(terms, tier_fee.data(), tier_floor.data(), tiers);
        ASSERT_EQ(folded.tiers, tiers);
        for (std::size_t o = 0; o < offers; ++o) {
            for (std::size_t t = 0; t < tiers; ++t) {
                const std::size_t ot = o * tiers + t;
                // bill_and_churn before the fold: the fee, and the floor before a release.
                const double offer_fee = terms.bundle_fee_fen[o];
                EXPECT_TRUE(same_bits(folded.fee[ot], offer_fee >= 0.0 ? offer_fee : tier_fee[t]));
                for (const double in_contract : {0.0, 1.0}) {
                    const double direct = std::max(tier_floor[t], in_contract * terms.contract_floor_fen[o]);
                    EXPECT_TRUE(
                        same_bits(folded.floor[ot * 2 + static_cast<std::size_t>(in_contract)], direct));
                }
            }
            // The hazard factor: the multiplier times the lock-in, the contract-end factor or 1,
            // each a float; the folded double narrows back to that float.
            const float mult = terms.hazard_multiplier[o];
            const auto hazard = [&](ContractState state) {
                return static_cast<float>(
                    folded.hazard[o * kContractStates + static_cast<std::size_t>(state)]);
            };
            EXPECT_EQ(std::bit_cast<std::uint32_t>(hazard(kInContract)),
                      std::bit_cast<std::uint32_t>(mult * terms.lock_in_multiplier[o]));
            EXPECT_EQ(std::bit_cast<std::uint32_t>(hazard(kAfterContractEnd)),
                      std::bit_cast<std::uint32_t>(mult * terms.contract_end_multiplier[o]));
            EXPECT_EQ(std::bit_cast<std::uint32_t>(hazard(kOutOfContract)),
                      std::bit_cast<std::uint32_t>(mult));
        }
    }
}

}  // namespace offersim::sim
