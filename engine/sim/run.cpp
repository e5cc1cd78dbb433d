#include "engine/sim/run.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/groups.hpp"
#include "engine/sim/win_back.hpp"

#include <algorithm>

namespace offersim::sim {

MemoryEstimate estimate_memory(const SimulationPlan& plan, int replications) {
    MemoryEstimate e;
    e.customers = static_cast<double>(plan.total_customers());
    e.bytes_per_customer = CustomerStore::bytes_per_customer(plan);
    // Tables the plan holds beside the customers: the sbg atoms of theta by tenure (16 KiB a
    // tenure) dwarf the rest, in the plan and in its reference prices' plan.
    const auto add_tables = [&](const SimulationPlan& p) {
        for (const auto& seg : p.segments)
            e.table_bytes += static_cast<double>(seg.theta_atoms.size() * sizeof(float) +
                                                 seg.theta_row.size() * sizeof(std::int32_t));
    };
    add_tables(plan);
    if (plan.reference) add_tables(*plan.reference);
    const double cube_values =
        static_cast<double>(replications) * plan.horizon_months *
        ((static_cast<double>(plan.segments.size()) + 1) * kMetricCount +
         static_cast<double>(plan.offers.size()) * (kOfferMetricCount + plan.horizon_months));
    const double migrations = plan.behaviour.enabled
                                  ? static_cast<double>(replications) * plan.horizon_months *
                                        static_cast<double>(plan.tiers.size() * plan.tiers.size())
                                  : 0.0;
    e.gib = (e.customers * static_cast<double>(e.bytes_per_customer) + e.table_bytes +
             (cube_values + migrations) * 8.0 * 2.0) /
            (1u << 30);
    return e;
}

RunConfig progress_part(const RunConfig& config, double before, double share) {
    RunConfig c = config;
    c.on_progress = config.on_progress
                        ? [&config, before, share](double done) { config.on_progress(before + share * done); }
                        : std::function<void(double)>();
    return c;
}

void check_memory(const std::vector<const SimulationPlan*>& plans, const RunConfig& config) {
    MemoryEstimate total;
    for (const auto* plan : plans) {
        const MemoryEstimate memory = estimate_memory(*plan, config.replications);
        total.gib += memory.gib;
        total.customers += memory.customers;
        total.bytes_per_customer = std::max(total.bytes_per_customer, memory.bytes_per_customer);
    }
    if (config.max_memory_gib > 0 && total.gib > config.max_memory_gib)
        throw InputError(
            {{SourcePos{},
              fmt::format(
                  "this run needs about {:.1f} GiB ({:.0f} customers x {} bytes, plus {} replications "
                  "of results), more than the {:.1f} GiB allowed; reduce segment sizes, gross adds or "
                  "replications, or raise --max-memory",
                  total.gib, total.customers, total.bytes_per_customer, config.replications,
                  config.max_memory_gib)}});
}

ScenarioRun complete_run(const scenario::Scenario& sc, SimulationPlan plan, MetricCube cube,
                         const RunConfig& config) {
    const int modules = (sc.win_back ? 1 : 0) + (sc.groups ? 1 : 0);
    const double share = modules > 0 ? 1.0 / modules : 0.0;
    const auto part = [&](double before) { return progress_part(config, before, share); };
    RunResults results = summarise_run(plan, cube, sc.name, sc.title, config.seed);
    if (sc.win_back) results.win_back = run_win_back(sc, part(0.0));
    if (sc.groups)
        results.groups = run_groups(*sc.groups, sc.horizon_months, part(sc.win_back ? share : 0.0));
    return ScenarioRun{std::move(plan), std::move(cube), std::move(results)};
}

ScenarioRun run_scenario(const scenario::Scenario& sc, const RunConfig& config) {
    SimulationPlan plan = compile_plan(sc);
    check_memory({&plan}, config);
    // Progress: the customer base is nearly all the work; the modules share the rest.
    const bool modules = sc.win_back || sc.groups;
    const double base_share = modules ? 0.9 : 1.0;
    MetricCube cube = run_simulation(plan, progress_part(config, 0.0, base_share));
    return complete_run(sc, std::move(plan), std::move(cube),
                        progress_part(config, base_share, 1.0 - base_share));
}

}  // namespace offersim::sim
