#include "engine/sim/run.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/behaviour.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/groups.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/win_back.hpp"

#include <algorithm>

namespace offersim::sim {

namespace {

// What the summaries and the output files hold per line of figures (a month of one metric of
// one row, or of one offer): its band in RunResults and its share of monthly.csv, offers.csv,
// report.html, report.xlsx and summary.json while they are built and held together. Measured
// on runs whose writing is their peak (docs/performance.md, "Memory").
constexpr double kOutputBytesPerLine = 200.0;

// At most how many (offer, take-up month) margins a shard's month buffer holds: one per
// holder, and per offer its launch month and the cohort's joining month, or any month since
// the cohort joined when customers choose their plans.
double cohort_margins(const SimulationPlan& plan, const Shard& shard, const Cohort& cohort) {
    const double months = plan.behaviour.enabled
                              ? static_cast<double>(plan.horizon_months - std::max(cohort.join_month, 1) + 1)
                              : 2.0;
    return std::min(static_cast<double>(shard.end - shard.begin),
                    static_cast<double>(plan.offers.size()) * months);
}

}  // namespace

MemoryEstimate estimate_memory(const SimulationPlan& plan, int replications, int threads) {
    MemoryEstimate e;
    const auto reps = static_cast<double>(replications);
    const auto months = static_cast<double>(plan.horizon_months);
    const auto segments = static_cast<double>(plan.segments.size());
    const auto tiers = static_cast<double>(plan.tiers.size());
    const auto offers = static_cast<double>(plan.offers.size());
    const double behaviour_tiers = plan.behaviour.enabled ? tiers * tiers : 0.0;

    e.customers = static_cast<double>(plan.total_customers());
    e.bytes_per_customer = CustomerStore::bytes_per_customer(plan) + retention_bytes_per_customer(plan);
    e.store_bytes = e.customers * static_cast<double>(e.bytes_per_customer);

    // Each shard's month buffers, kept for the month's ordered reduction; each thread's scratch.
    const StoreLayout layout = CustomerStore::layout(plan);
    for (const Shard& shard : layout.shards)
        e.shard_bytes +=
            static_cast<double>(sizeof(ShardMonth) + sizeof(Shard)) +
            8.0 * (tiers + offers * static_cast<double>(ShardMonth::line_count) + behaviour_tiers) +
            sizeof(ShardMonth::CohortMargin) *
                cohort_margins(plan, shard, layout.cohorts[static_cast<std::size_t>(shard.cohort)]);
    e.shard_bytes += static_cast<double>(layout.cohorts.size() * sizeof(Cohort)) + offers * months * 8.0 +
                     std::max(threads, 1) *
                         (static_cast<double>(kShardCustomers) * (3 * 8 + 2 * 4) + offers * months * (8 + 1));

    // Tables the plan holds beside the customers: the sbg atoms of theta by tenure (16 KiB a
    // tenure) dwarf the rest, in the plan and in its reference prices' plan.
    const auto add_tables = [&](const SimulationPlan& p) {
        for (const auto& seg : p.segments)
            e.table_bytes += static_cast<double>(seg.theta_atoms.size() * sizeof(float) +
                                                 seg.theta_row.size() * sizeof(std::int32_t));
    };
    add_tables(plan);
    if (plan.reference) add_tables(*plan.reference);

    e.cube_bytes =
        reps * months *
        (8.0 * ((segments + 1) * kMetricCount + tiers + offers * kOfferMetricCount + behaviour_tiers) +
         sizeof(CohortPayback) * offers);
    const double lines = months * ((segments + 1) * (kMetricCount + 4) + offers * kOfferMetricCount + tiers);
    e.output_bytes = lines * kOutputBytesPerLine;
    e.gib = (kProgramBytes + e.table_bytes + e.cube_bytes + std::max(e.simulation_bytes(), e.output_bytes)) /
            (1u << 30);
    return e;
}

ScenarioRun run_scenario(const scenario::Scenario& sc, const RunConfig& config) {
    if (config.replications < 1)
        throw InputError(
            {{SourcePos{}, fmt::format("replications must be a whole number of at least 1, not {}",
                                       config.replications)}});
    SimulationPlan plan = compile_plan(sc, {}, config.cancel);
    const MemoryEstimate memory = estimate_memory(plan, config.replications, config.threads);
    if (config.max_memory_gib > 0 && memory.gib > config.max_memory_gib) {
        constexpr double gib = 1u << 30;
        throw InputError(
            {{SourcePos{},
              fmt::format(
                  "this run needs about {:.2f} GiB, more than the {:.2f} GiB allowed: {:.2f} GiB for {:.0f} "
                  "customers x {} bytes, {:.2f} GiB for their shards' month buffers, {:.2f} GiB for {} "
                  "replications x {} months of figures, {:.2f} GiB for the summaries and output files; "
                  "reduce segment sizes, gross adds, months or replications, or raise --max-memory",
                  memory.gib, config.max_memory_gib, memory.store_bytes / gib, memory.customers,
                  memory.bytes_per_customer, memory.shard_bytes / gib, memory.cube_bytes / gib,
                  config.replications, plan.horizon_months, memory.output_bytes / gib)}});
    }

    // Progress: the customer base is nearly all the work; the modules share the rest.
    const int modules = (sc.win_back ? 1 : 0) + (sc.groups ? 1 : 0);
    const double base_share = modules > 0 ? 0.9 : 1.0;
    const double module_share = modules > 0 ? 0.1 / modules : 0.0;
    const auto part = [&](double before, double share) {
        RunConfig c = config;
        c.on_progress =
            config.on_progress
                ? [&config, before, share](double done) { config.on_progress(before + share * done); }
                : std::function<void(double)>();
        return c;
    };

    MetricCube cube = run_simulation(plan, part(0.0, base_share));
    RunResults results = summarise_run(plan, cube, sc.name, sc.title, config.seed, config.cancel);
    double done = base_share;
    if (sc.win_back) {
        results.win_back = run_win_back(sc, part(done, module_share));
        done += module_share;
    }
    if (sc.groups) results.groups = run_groups(*sc.groups, sc.horizon_months, part(done, module_share));
    return ScenarioRun{std::move(plan), std::move(cube), std::move(results), memory};
}

}  // namespace offersim::sim
