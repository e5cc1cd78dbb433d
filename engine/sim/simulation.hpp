#pragma once
// Runs the replications of a compiled plan.
#include "engine/core/error.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"

#include <atomic>
#include <cstdint>
#include <functional>

namespace offersim::sim {

// Where a run's wall time went, for the bench: the reference kernel times only its months,
// its customers' book being created untimed, so a ratio to it compares `months_seconds`.
struct RunTimings {
    double setup_seconds = 0.0;   // the customer store and the thread pool
    double months_seconds = 0.0;  // every replication's months, customers joining included
};

struct RunConfig {
    static RunConfig of(int replications, std::uint64_t seed, int threads = 1) {
        RunConfig c;
        c.replications = replications;
        c.seed = seed;
        c.threads = threads;
        return c;
    }

    int replications = 1;
    // The run's replications are first_replication .. + replications - 1 of the seed's
    // streams: a parameter draw runs its own slice of them (docs/models.md, "Uncertain parameters").
    int first_replication = 0;
    std::uint64_t seed = 1;
    int threads = 1;
    // Called after each simulated month with the share of the run done, in [0, 1].
    std::function<void(double)> on_progress;
    // When set and true, the run stops within a shard's work in every pass (stop_if_cancelled).
    const std::atomic<bool>* cancel = nullptr;
    // A run estimated to need more is refused before it starts (run_scenario); 0: no limit.
    double max_memory_gib = 0.0;
    // When set, receives where this process's run spent its time (bench/offersim_bench.cpp).
    RunTimings* timings = nullptr;
};

// Throws RunError when `cancel` is set and true: every pass of a run calls it at least once
// per shard of customers or month of figures, so that an interrupt is honoured within a second.
inline void stop_if_cancelled(const std::atomic<bool>* cancel) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed))
        throw RunError("the run was interrupted");
}

// Results are a pure function of (plan, replications, seed): bit-identical for any
// thread count, and replication r of two plans shares customers' random draws.
MetricCube run_simulation(const SimulationPlan& plan, const RunConfig& config);

}  // namespace offersim::sim
