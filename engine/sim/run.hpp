#pragma once
// The one entry of a run: a scenario's customer base and its own modules (win-back,
// enterprise groups), under one convention (RunConfig: seed, replications, threads,
// cancellation, progress, memory limit). The command line, the tests and any later driver
// call this, not the parts below it.
#include "engine/scenario/scenario.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"

#include <cstddef>
#include <vector>

namespace offersim::sim {

// What a run needs in memory: its customers and its replications of results.
struct MemoryEstimate {
    double customers = 0.0;
    std::size_t bytes_per_customer = 0;
    double table_bytes = 0.0;  // the plan's per-tenure tables
    double gib = 0.0;
};

MemoryEstimate estimate_memory(const SimulationPlan& plan, int replications);

struct ScenarioRun {
    SimulationPlan plan;
    MetricCube cube;  // every replication's figures, for paired comparisons
    RunResults results;
};

// `config` reporting its progress into [before, before + share] of the caller's progress.
RunConfig progress_part(const RunConfig& config, double before, double share);

// Throws InputError when runs of `plans` held in memory together need more than
// config.max_memory_gib (0: no limit).
void check_memory(const std::vector<const SimulationPlan*>& plans, const RunConfig& config);

// The rest of a run once its customer base has been simulated into `cube`: the summaries
// and the scenario's own modules (win-back, enterprise groups), with progress from 0 to 1.
ScenarioRun complete_run(const scenario::Scenario& sc, SimulationPlan plan, MetricCube cube,
                         const RunConfig& config);

// Compiles `sc` and runs it with the seed and replications of `config` (a caller that
// wants the scenario's own passes them in). Throws InputError before anything runs when the
// estimate exceeds config.max_memory_gib, and RunError when config.cancel is set.
ScenarioRun run_scenario(const scenario::Scenario& sc, const RunConfig& config);

}  // namespace offersim::sim
