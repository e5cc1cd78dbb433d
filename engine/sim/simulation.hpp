#pragma once
// Runs the replications of a compiled plan.
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"

#include <atomic>
#include <cstdint>
#include <functional>

namespace offersim::sim {

struct RunConfig {
    int replications = 1;
    std::uint64_t seed = 1;
    int threads = 1;
    // Called after each simulated month with the share of the run done, in [0, 1].
    std::function<void(double)> on_progress;
    // When set and true, the run stops at the next month boundary and throws RunError.
    const std::atomic<bool>* cancel = nullptr;
};

// Results are a pure function of (plan, replications, seed): bit-identical for any
// thread count, and replication r of two plans shares customers' random draws.
MetricCube run_simulation(const SimulationPlan& plan, const RunConfig& config);

}  // namespace offersim::sim
