#pragma once
// A scenario's customer base at another size, for the bench's base sizes and tests' small runs.
#include "engine/scenario/scenario.hpp"

#include <cmath>
#include <cstdint>

namespace offersim::scenario {

// Scales every segment's initial size and gross adds by one factor, so that the initial base
// is about `customers` (each rounded to the nearest customer); a scenario with no initial
// base is left as it is.
inline void scale_base(Scenario& sc, std::int64_t customers) {
    std::int64_t total = 0;
    for (const auto& s : sc.segments) total += s.size;
    if (total == 0) return;
    const double factor = static_cast<double>(customers) / static_cast<double>(total);
    for (auto& s : sc.segments) {
        s.size = std::llround(static_cast<double>(s.size) * factor);
        for (auto& g : s.acquisition.gross_adds_per_month) g = std::llround(static_cast<double>(g) * factor);
    }
}

}  // namespace offersim::scenario
