#pragma once
// The one entry of a run: a scenario's customer base and its own modules (win-back,
// enterprise groups), under one convention (RunConfig: seed, replications, threads,
// cancellation, progress, memory limit). The command line, the tests and any later driver
// call this, not the parts below it.
#include "engine/scenario/scenario.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace offersim::sim {

// What the estimate holds as the program itself: code, libraries, embedded report assets.
inline constexpr double kProgramBytes = 24.0 * (1u << 20);

// What a run holds at its peak, by part. The simulation holds the customers, the shards'
// month buffers and the threads' scratch beside the cube; it then frees them, and the
// summaries and the output files are built beside the cube. The peak is the larger phase.
struct MemoryEstimate {
    double customers = 0.0;
    std::size_t bytes_per_customer = 0;  // the store, and the per-customer views when on
    double store_bytes = 0.0;            // customers x bytes_per_customer
    double shard_bytes = 0.0;            // every shard's month buffers and each thread's scratch
    double table_bytes = 0.0;            // the plan's tables (its reference prices' plan too)
    double cube_bytes = 0.0;             // every replication's figures, kept for comparisons
    double output_bytes = 0.0;           // the summaries and every output file, held together
    double gib = 0.0;                    // the peak, with the program itself

    double simulation_bytes() const { return store_bytes + shard_bytes; }
    // The peak in GiB, with the program itself: the larger of the two phases.
    double peak_gib() const {
        return (kProgramBytes + table_bytes + cube_bytes + std::max(simulation_bytes(), output_bytes)) /
               (1u << 30);
    }
};

// The estimate for `plan` run with `replications` on `threads` threads. Every buffer grows
// at most linearly in customers x months (docs/architecture.md, "Memory").
MemoryEstimate estimate_memory(const SimulationPlan& plan, int replications, int threads = 1);

// How the ranks of a job share one run (docs/architecture.md, "Ranks"): each takes a slice of
// the replications and holds every customer; or, when the run has fewer replications than
// ranks or its customers do not fit within --max-memory on one rank, each steps a share of
// every month's shards and holds only their customers. Every module that reads customers of
// several shards each month is put together from the ranks' parts: retention campaigns merge
// the ranks' candidate lists (rank_across, engine/sim/retention_ranking.hpp), the ranks
// exchange their win-back pool churners and sum their counts of each group's members
// (GroupsInStore, PlanStepper::finish_month), and the per-customer views' margins are summed
// and ranked exactly across the ranks (CustomerViewRecorder, engine/sim/margin_sums.hpp). A
// module added later that cannot be must make rank_split choose the replications. Every rank
// decides alike, from the plan and the configuration.
enum class RankSplit { alone, replications, shards };
RankSplit rank_split(const SimulationPlan& plan, const RunConfig& config);
// The same for plans stepped in lockstep (engine/sim/lockstep.hpp), which hold every plan's
// customers at once: they share the shards when their shards align (shards_align: the same
// segments in the same order; cohorts may differ in size), and the run has fewer replications
// than ranks or its plans together do not fit within --max-memory on one rank. One plan:
// rank_split's answer.
RankSplit lockstep_split(const std::vector<const SimulationPlan*>& plans, const RunConfig& config);

// `whole` (estimate_memory of `plan`) on the rank that holds the most of its customers when
// the ranks share the shards, rank r stepping shards `by_rank[r]` of its store.
MemoryEstimate estimate_on_busiest_rank(MemoryEstimate whole, const SimulationPlan& plan,
                                        const std::vector<ShardRange>& by_rank);

struct ScenarioRun {
    SimulationPlan plan;
    MetricCube cube;        // every replication's figures, for paired comparisons
    ModuleSamples modules;  // the same of win-back and groups
    RunResults results;
    MemoryEstimate memory;  // what the run was estimated to need at its peak
};

// `config` reporting its progress into [before, before + share] of the caller's progress.
RunConfig progress_part(const RunConfig& config, double before, double share);

// The estimate for runs held in memory together (stepped in lockstep), from each run's own.
MemoryEstimate estimate_together(const std::vector<MemoryEstimate>& runs);
// The same for runs of `plans`.
MemoryEstimate estimate_together(const std::vector<const SimulationPlan*>& plans, int replications,
                                 int threads);

// estimate_together for config's replications and threads. Throws InputError when it is
// more than config.max_memory_gib (0: no limit) or config.replications is below 1.
MemoryEstimate check_memory(const std::vector<const SimulationPlan*>& plans, const RunConfig& config);

// The rest of a run once its customer base has been simulated into `cube`: the summaries
// and the scenario's own modules (win-back, enterprise groups), with progress from 0 to 1.
ScenarioRun complete_run(const scenario::Scenario& sc, SimulationPlan plan, MetricCube cube,
                         const RunConfig& config, const MemoryEstimate& memory);

// The base simulation of a scenario with uncertain inputs: parameter draw d's scenario runs
// replications d * n_inner .. d * n_inner + n_inner - 1 of `config`, all placed in one cube
// shaped as `plan` (the scenario at its medians). Throws InputError when the replications do
// not split into draws (draw_count).
MetricCube run_parameter_draws(const scenario::Scenario& sc, const SimulationPlan& plan,
                               const RunConfig& config);

// Compiles `sc` and runs it with the seed and replications of `config` (a caller that
// wants the scenario's own passes them in). Throws InputError before anything runs when the
// estimate exceeds config.max_memory_gib, and RunError when config.cancel is set.
ScenarioRun run_scenario(const scenario::Scenario& sc, const RunConfig& config);

}  // namespace offersim::sim
