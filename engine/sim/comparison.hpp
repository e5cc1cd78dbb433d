#pragma once
// A variant against its baseline, both run with the same seed: every figure is a paired
// difference per replication (variant minus baseline), so draws common to both cancel
// and the band shows the offer's effect, not the noise. A variant that changes nothing
// differs by exactly zero.
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"

#include <string>
#include <vector>

namespace offersim::sim {

struct VariantComparison {
    std::string name;
    std::string title;
    std::vector<Headline> deltas;                // keyed as RunResults::headlines, variant minus baseline
    Band payback_month;                          // of the cumulative incremental margin; horizon + 1: never
    double payback_share = 0.0;                  // of replications paying back within the horizon
    std::vector<Band> monthly_margin_delta_cny;  // by month
    std::vector<Band> cumulative_margin_delta_cny;  // by month

    const Band& delta(std::string_view key) const;
};

// Compares variant runs with the baseline run; every cube must hold the same replications
// and horizon.
VariantComparison compare_runs(const SimulationPlan& baseline_plan, const MetricCube& baseline,
                               const SimulationPlan& variant_plan, const MetricCube& variant,
                               std::string name, std::string title);

}  // namespace offersim::sim
