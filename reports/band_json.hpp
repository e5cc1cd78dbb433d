#pragma once
// A band as JSON, the same in every JSON output. Internal to the report writers' sources.
#include "engine/sim/results.hpp"

#include <nlohmann/json.hpp>

namespace offersim::reports {

inline nlohmann::ordered_json band_json(const sim::Band& b) {
    return nlohmann::ordered_json{{"mean", b.mean}, {"std_error", b.std_error},
                                  {"p5", b.p5},     {"p50", b.p50},
                                  {"p95", b.p95},   {"n", b.n}};
}

}  // namespace offersim::reports
