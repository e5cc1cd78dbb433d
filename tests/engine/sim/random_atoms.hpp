#pragma once
// Values an atom index or a risk table may be built from (atom_index_test,
// overage_risk_table_test), by `shape`: 0 a segment's atoms, many close together; 1 a few
// spread widely; 2 a single one; 3 any float's bits (negative, huge, tiny, NaN payloads).
// `repeated` appends the first half again, as a segment's atoms repeat.
#include <bit>
#include <cstdint>
#include <random>
#include <vector>

namespace offersim::sim::test {

inline std::vector<float> random_atoms(std::mt19937_64& rng, int shape, bool repeated) {
    std::lognormal_distribution<float> usage(4.0f, shape == 0 ? 0.05f : 1.0f);
    std::uniform_int_distribution<std::uint32_t> any_bits;
    std::vector<float> values;
    const int count = shape == 2 ? 1 : 1 + static_cast<int>(rng() % 5000);
    for (int k = 0; k < count; ++k)
        values.push_back(shape == 3 ? std::bit_cast<float>(any_bits(rng)) : usage(rng));
    if (repeated && shape == 0) values.insert(values.end(), values.begin(), values.begin() + count / 2);
    return values;
}

}  // namespace offersim::sim::test
