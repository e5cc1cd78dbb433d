#pragma once
// A band as JSON, the same in every JSON output. Internal to the report writers' sources.
#include "engine/sim/results.hpp"

#include <nlohmann/json.hpp>
#include <vector>

namespace offersim::reports {

inline nlohmann::ordered_json band_json(const sim::Band& b) {
    return nlohmann::ordered_json{{"mean", b.mean}, {"std_error", b.std_error},
                                  {"p5", b.p5},     {"p50", b.p50},
                                  {"p95", b.p95},   {"n", b.n}};
}

inline nlohmann::ordered_json bands_json(const std::vector<sim::Band>& bands) {
    nlohmann::ordered_json a = nlohmann::ordered_json::array();
    for (const auto& b : bands) a.push_back(band_json(b));
    return a;
}

}  // namespace offersim::reports
