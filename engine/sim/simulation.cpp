#include "engine/sim/simulation.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/plan_stepper.hpp"
#include "engine/sim/thread_pool.hpp"

namespace offersim::sim {

MetricCube run_simulation(const SimulationPlan& plan, const RunConfig& config) {
    PlanStepper stepper(plan, config.replications, config.cancel);
    ThreadPool pool(config.threads);
    const double steps = static_cast<double>(config.replications) * plan.horizon_months;
    for (int rep = 0; rep < config.replications; ++rep) {
        const PhiloxKey key =
            replication_key(config.seed, static_cast<std::uint32_t>(config.first_replication + rep));
        for (int month = 1; month <= plan.horizon_months; ++month) {
            stop_if_cancelled(config.cancel);
            stepper.start_month(rep, month, key);
            pool.parallel_for(stepper.shards().size(), [&](std::size_t s) { stepper.step(s, month, key); });
            stepper.finish_month(rep, month);
            if (config.on_progress) config.on_progress((rep * plan.horizon_months + month) / steps);
        }
    }
    return std::move(stepper.cube());
}

}  // namespace offersim::sim
