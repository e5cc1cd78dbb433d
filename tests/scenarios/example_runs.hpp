#pragma once
// Running shipped scenarios in the example tests: short horizons, few replications, and
// the check that a variant leaves the segments it does not touch exactly as they were.
#include "engine/scenario/loader.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/run.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace offersim::sim::examples {

inline const std::filesystem::path kScenarios = OFFERSIM_SOURCE_DIR "/scenarios";

// The scenario `sc` over `horizon` months, offers ending by then, on two threads, any
// uncertain inputs at their medians.
inline ScenarioRun run(scenario::Scenario sc, int replications = 2, int horizon = 12) {
    sc.horizon_months = horizon;
    // Parameter draws reload the file as written; these short runs take the medians.
    sc.uncertain.clear();
    for (auto& o : sc.offers) o.take_up.end_month = std::min(o.take_up.end_month, horizon);
    return run_scenario(sc, RunConfig::of(replications, sc.seed, 2));
}

// The scenario in `file`, as above.
inline ScenarioRun run(const std::filesystem::path& file, int replications = 2, int horizon = 12) {
    return run(scenario::load_scenario(file), replications, horizon);
}

inline int segment_index(const SimulationPlan& plan, const std::string& id) {
    for (std::size_t s = 0; s < plan.segments.size(); ++s)
        if (plan.segments[s].id == id) return static_cast<int>(s);
    return -1;
}

// Segments the variant does not touch have the baseline's figures exactly.
inline void expect_untouched_segments_identical(const ScenarioRun& base, const ScenarioRun& variant,
                                                const std::vector<std::string>& touched) {
    for (std::size_t s = 0; s < base.plan.segments.size(); ++s) {
        const std::string& id = base.plan.segments[s].id;
        if (std::find(touched.begin(), touched.end(), id) != touched.end()) continue;
        const int v = segment_index(variant.plan, id);
        ASSERT_GE(v, 0) << id;
        for (int m = 0; m < base.cube.months; ++m)
            for (Metric metric : {Metric::active, Metric::churners, Metric::revenue_total, Metric::voice_min})
                EXPECT_EQ(base.cube.at(0, m, static_cast<int>(s), metric), variant.cube.at(0, m, v, metric))
                    << id << " month " << m + 1 << " metric " << metric_def(metric).key;
    }
}

}  // namespace offersim::sim::examples
