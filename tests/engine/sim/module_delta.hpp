#pragma once
// The paired band of one module figure (win-back, groups, views) of a comparison, for the
// tests that read them; a missing key fails the test.
#include "engine/sim/comparison.hpp"

#include <gtest/gtest.h>
#include <string_view>

namespace offersim::sim::test {

inline const Band& module_delta(const VariantComparison& c, std::string_view key) {
    for (const auto& d : c.module_deltas)
        if (d.key == key) return d.band;
    ADD_FAILURE() << "no module delta " << key;
    static const Band none{};
    return none;
}

}  // namespace offersim::sim::test
