#include "reports/summary_json.hpp"

#include <nlohmann/json.hpp>

namespace offersim::reports {

std::string summary_json(const sim::RunResults& r, const std::string& offersim_version) {
    nlohmann::ordered_json j;
    j["offersim_version"] = offersim_version;
    j["scenario"] = {{"name", r.scenario_name}, {"title", r.scenario_title}};
    j["horizon_months"] = r.horizon_months;
    j["replications"] = r.replications;
    j["seed"] = r.seed;
    auto& headlines = j["headline"];
    headlines = nlohmann::ordered_json::object();
    for (const auto& h : r.headlines)
        headlines[h.key] = {{"mean", h.band.mean}, {"std_error", h.band.std_error}, {"p5", h.band.p5},
                            {"p50", h.band.p50},   {"p95", h.band.p95},             {"n", h.band.n}};
    j["segments"] = r.segment_ids;
    j["tiers"] = r.tier_ids;
    j["warnings"] = r.warnings;
    return j.dump(2) + "\n";
}

}  // namespace offersim::reports
