#pragma once
// The paired revenue change of a variant split by mechanism (docs/models.md, "Revenue
// waterfall"): the change with every response to prices off (price: the same customers
// with the same usage, billed at the variant's prices), what each response adds when it
// alone is turned on (usage, tier migration, churn, acquisition), and the interaction
// remainder, so that the bars add up to the paired change to the fen.
#include "engine/scenario/scenario.hpp"
#include "engine/sim/band.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/simulation.hpp"

#include <string>
#include <vector>

namespace offersim::sim {

struct WaterfallBar {
    std::string key;  // price, usage, migration, churn, acquisition, remainder
    Band delta_cny;
    // false: the mechanism is off in both scenarios, so the bar is 0 and was not run.
    bool measured = true;
};

struct Waterfall {
    std::vector<WaterfallBar> bars;  // in the order above, the remainder last
    Band total_cny;                  // the paired revenue change the bars add up to
    int extra_runs = 0;              // runs beyond the baseline's and the variant's
};

// The waterfall of `variant` against `baseline`, whose full runs (every response on) gave
// `baseline_cube` and `variant_cube` under `config`'s seed and replications. Runs each
// scenario once with every response off and once per response that either models.
Waterfall revenue_waterfall(const scenario::Scenario& baseline, const scenario::Scenario& variant,
                            const MetricCube& baseline_cube, const MetricCube& variant_cube,
                            const RunConfig& config);

}  // namespace offersim::sim
