// The offer terms folded by offer and state (engine/sim/offer_term_tables.hpp) give what the
// month's loop computed term by term before, bit for bit: the hazard factor, the fee and the
// floor, over random terms with negative, infinite and NaN entries.
#include "engine/sim/offer_term_tables.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace offersim::sim::detail {

namespace {

constexpr std::size_t kFoldOffers = 7;
constexpr std::size_t kFoldTiers = 5;

// A draw that is now and then one of the values a careless fold would get wrong.
double awkward_double(std::mt19937_64& rng) {
    std::uniform_real_distribution<double> value(-3.0e4, 3.0e4);
    switch (rng() % 10) {
        case 0:
            return std::numeric_limits<double>::quiet_NaN();
        case 1:
            return std::numeric_limits<double>::infinity();
        case 2:
            return -0.0;
        case 3:
            return 0.0;
        default:
            return value(rng);
    }
}

float awkward_float(std::mt19937_64& rng) {
    std::uniform_real_distribution<float> value(0.0f, 3.0f);
    switch (rng() % 10) {
        case 0:
            return std::numeric_limits<float>::quiet_NaN();
        case 1:
            return std::numeric_limits<float>::max();
        case 2:
            return 0.0f;
        default:
            return value(rng);
    }
}

OfferTerms random_terms(std::mt19937_64& rng) {
    OfferTerms terms;
    for (std::size_t o = 0; o < kFoldOffers; ++o) {
        terms.bundle_fee_fen.push_back(rng() % 3 == 0 ? -1.0 : awkward_double(rng));
        terms.contract_floor_fen.push_back(awkward_double(rng));
        terms.hazard_multiplier.push_back(awkward_float(rng));
        terms.lock_in_multiplier.push_back(awkward_float(rng));
        terms.contract_end_multiplier.push_back(awkward_float(rng));
    }
    return terms;
}

std::vector<double> random_by_tier(std::mt19937_64& rng) {
    std::vector<double> v;
    for (std::size_t t = 0; t < kFoldTiers; ++t) v.push_back(awkward_double(rng));
    return v;
}

bool same_bits(double a, double b) {
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

TEST(OfferTermTables, HazardByStateIsTheLoopsProduct) {
    std::mt19937_64 rng(2412);
    std::vector<double> table;
    for (int round = 0; round < 200; ++round) {
        const OfferTerms terms = random_terms(rng);
        const double* folded = hazard_by_offer_state(terms, table);
        for (std::size_t o = 0; o < kFoldOffers; ++o) {
            const float mult = terms.hazard_multiplier[o];
            const float lock = terms.lock_in_multiplier[o];
            const float after = terms.contract_end_multiplier[o];
            for (const bool in_contract : {false, true}) {
                for (const bool after_end : {false, true}) {
                    const float direct = mult * (in_contract ? lock : after_end ? after : 1.0f);
                    const int state = in_contract ? kInContract : after_end ? kAfterContract : kOutOfContract;
                    const auto from_table =
                        static_cast<float>(folded[3 * o + static_cast<std::size_t>(state)]);
                    ASSERT_EQ(std::bit_cast<std::uint32_t>(direct), std::bit_cast<std::uint32_t>(from_table))
                        << "offer " << o << " in contract " << in_contract << " after end " << after_end;
                }
            }
        }
    }
}

TEST(OfferTermTables, FeeByOfferAndTierIsTheBundlesElseTheTiers) {
    std::mt19937_64 rng(2413);
    std::vector<double> table;
    for (int round = 0; round < 200; ++round) {
        const OfferTerms terms = random_terms(rng);
        const std::vector<double> tier_fee = random_by_tier(rng);
        const double* folded = fee_by_offer_tier(terms, tier_fee.data(), kFoldTiers, table);
        for (std::size_t o = 0; o < kFoldOffers; ++o) {
            for (std::size_t t = 0; t < kFoldTiers; ++t) {
                const double offer_fee = terms.bundle_fee_fen[o];
                const double direct = offer_fee >= 0.0 ? offer_fee : tier_fee[t];
                ASSERT_TRUE(same_bits(direct, folded[o * kFoldTiers + t])) << "offer " << o << " tier " << t;
            }
        }
    }
}

TEST(OfferTermTables, FloorByOfferTierAndContractIsTheLoopsMaximum) {
    std::mt19937_64 rng(2414);
    std::vector<double> table;
    for (int round = 0; round < 200; ++round) {
        const OfferTerms terms = random_terms(rng);
        const std::vector<double> tier_floor = random_by_tier(rng);
        const double* folded = floor_by_offer_tier_contract(terms, tier_floor.data(), kFoldTiers, table);
        for (std::size_t o = 0; o < kFoldOffers; ++o) {
            for (std::size_t t = 0; t < kFoldTiers; ++t) {
                for (const double in_contract : {0.0, 1.0}) {
                    const double direct = std::max(tier_floor[t], in_contract * terms.contract_floor_fen[o]);
                    const std::size_t at = (o * kFoldTiers + t) * 2 + (in_contract > 0.0 ? 1 : 0);
                    ASSERT_TRUE(same_bits(direct, folded[at]))
                        << "offer " << o << " tier " << t << " in contract " << in_contract;
                }
            }
        }
    }
}

}  // namespace

}  // namespace offersim::sim::detail
