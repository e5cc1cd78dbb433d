#include "engine/sim/simulation.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/cube_bytes.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/rank_split.hpp"
#include "engine/sim/run.hpp"
#include "engine/sim/thread_pool.hpp"
#include "engine/sim/uncertainty.hpp"

#include <chrono>
#include <optional>
#include <vector>

namespace offersim::sim {

namespace {

// The replications of `config` in this process. With `ranges` (each rank's shards), this
// rank steps only its share of each month's shards and receives the others' months from the
// other ranks: every rank adds every shard's month in shard order, so each holds the whole
// cube, bit for bit what one process gives.
MetricCube simulate_here(const SimulationPlan& plan, const RunConfig& config,
                         const std::vector<ShardRange>* ranges = nullptr) {
    const auto started = std::chrono::steady_clock::now();
    std::optional<ShardRange> mine;
    if (ranges) mine = (*ranges)[static_cast<std::size_t>(cluster::rank())];
    PlanStepper stepper(plan, config.replications, config.cancel, mine);
    const ShardRange stepped = mine.value_or(ShardRange{0, stepper.shards().size()});
    ThreadPool pool(config.threads);
    const ShardShare share{stepped, exchange_across_ranks};
    const double steps = static_cast<double>(config.replications) * plan.horizon_months;
    const auto set_up = std::chrono::steady_clock::now();
    for (int rep = 0; rep < config.replications; ++rep) {
        const PhiloxKey key =
            replication_key(config.seed, static_cast<std::uint32_t>(config.first_replication + rep));
        for (int month = 1; month <= plan.horizon_months; ++month) {
            const auto step_shards = [&] {
                stop_if_cancelled(config.cancel);
                pool.parallel_for(stepped.count,
                                  [&](std::size_t s) { stepper.step(stepped.first + s, month, key); });
            };
            stepper.start_month(rep, month, key, &pool, ranges ? &share : nullptr);
            if (ranges)
                share_shard_months(stepper.shard_months(), *ranges, step_shards);
            else
                step_shards();
            stepper.finish_month(rep, month, ranges ? &share : nullptr);
            if (config.on_progress && cluster::writes())
                config.on_progress((rep * plan.horizon_months + month) / steps);
        }
    }
    if (config.timings) {
        const auto seconds = [](auto from, auto to) {
            return std::chrono::duration<double>(to - from).count();
        };
        config.timings->setup_seconds = seconds(started, set_up);
        config.timings->months_seconds = seconds(set_up, std::chrono::steady_clock::now());
    }
    return std::move(stepper.cube());
}

}  // namespace

MetricCube run_simulation(const SimulationPlan& plan, const RunConfig& config) {
    const RankSplit split = rank_split(plan, config);
    if (split == RankSplit::alone) return simulate_here(plan, config);
    if (split == RankSplit::shards) {
        const std::vector<ShardRange> ranges =
            shards_by_rank(CustomerStore::layout(plan), plan.horizon_months, cluster::ranks());
        return simulate_here(plan, config, &ranges);
    }
    const std::vector<std::string> parts =
        gather_slices(config, [&](const RunConfig& slice) { return cube_bytes(simulate_here(plan, slice)); });
    MetricCube whole(config.replications, plan.horizon_months, plan.cube_segments(),
                     static_cast<int>(plan.tiers.size()), static_cast<int>(plan.offers.size()));
    int first = 0;
    for (const auto& bytes : parts) {
        if (bytes.empty()) continue;  // a rank past the replications
        const MetricCube part = cube_from_bytes(bytes);
        place_replications(whole, part, first);
        first += part.replications;
    }
    return whole;
}

}  // namespace offersim::sim
