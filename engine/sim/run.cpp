#include "engine/sim/run.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/customer_views.hpp"
#include "engine/sim/group_members.hpp"
#include "engine/sim/groups.hpp"
#include "engine/sim/lockstep.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/rank_split.hpp"
#include "engine/sim/retention_ranking.hpp"
#include "engine/sim/uncertainty.hpp"
#include "engine/sim/usage_fen_table.hpp"
#include "engine/sim/win_back.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

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

// The store's resident bytes when `customers` of its columns, each of `column_customers`,
// are written: a column of a huge page or more becomes resident in whole huge pages
// (engine/core/untouched_allocator.hpp), so the whole column rounds up to one, and a rank's
// share of it, which may start and end inside one, holds up to two more than its bytes.
double resident_store_bytes(const SimulationPlan& plan, double customers, double column_customers) {
    const auto huge_page = static_cast<double>(kHugePageBytes);
    // A column of `width` bytes for each of `all` customers, `written` of them by this rank in
    // `ranges` runs (a run may start and end inside a huge page).
    const auto resident = [&](double written_customers, double all, std::size_t width, double ranges) {
        const double written = written_customers * static_cast<double>(width);
        const double column = all * static_cast<double>(width);
        if (column < huge_page) return written;
        if (written_customers == all) return std::ceil(written / huge_page) * huge_page;
        return std::min(written + 2 * ranges * huge_page, std::ceil(column / huge_page) * huge_page);
    };
    double bytes = customers * static_cast<double>(customer_view_bytes_per_customer(plan));
    for (const std::size_t width : CustomerStore::column_widths(plan))
        bytes += resident(customers, column_customers, width, 1.0);
    // The VIP window spans the graded customers only, in one run a month slot; a rank's share
    // holds at most all of them.
    const auto graded = static_cast<double>(CustomerStore::vip_window_customers(plan));
    bytes += resident(std::min(customers, graded), graded, CustomerStore::vip_window_bytes(plan),
                      static_cast<double>(plan.behaviour.window_months));
    return bytes;
}

}  // namespace

MemoryEstimate estimate_memory(const SimulationPlan& plan, int replications, int threads) {
    MemoryEstimate e;
    const auto reps = static_cast<double>(replications);
    const auto months = static_cast<double>(plan.horizon_months);
    const auto segments = static_cast<double>(plan.cube_segments());
    const auto tiers = static_cast<double>(plan.tiers.size());
    const auto offers = static_cast<double>(plan.offers.size());
    const double behaviour_tiers = plan.behaviour.enabled ? tiers * tiers : 0.0;

    e.customers = static_cast<double>(plan.total_customers());
    e.bytes_per_customer = CustomerStore::bytes_per_customer(plan) + customer_view_bytes_per_customer(plan);
    e.store_bytes = resident_store_bytes(plan, e.customers, e.customers);

    // Each shard's month buffers, kept for the month's ordered reduction; each thread's scratch.
    const StoreLayout layout = CustomerStore::layout(plan);
    for (const Shard& shard : layout.shards)
        e.shard_bytes +=
            static_cast<double>(sizeof(ShardMonth) + sizeof(Shard)) +
            8.0 * (tiers + offers * static_cast<double>(ShardMonth::line_count) + behaviour_tiers) +
            sizeof(ShardMonth::CohortMargin) *
                cohort_margins(plan, shard, layout.cohorts[static_cast<std::size_t>(shard.cohort)]);
    // A win-back campaign's contacts of the replication being run: one per dormant slot; and
    // each slot's pool customer, which keys its draws (§27).
    for (const auto& seg : plan.segments) {
        if (!seg.won_back()) continue;
        const std::size_t slot_bytes =
            sizeof(std::int64_t) + (seg.joiners == Joiners::won_back_switchers ? sizeof(WinBackContact) : 0);
        for (const auto adds : seg.gross_adds) e.shard_bytes += static_cast<double>(adds) * slot_bytes;
        // The pool customers' column spans the store: its slots' huge pages at either end.
        if (e.customers * sizeof(std::int64_t) >= static_cast<double>(kHugePageBytes))
            e.shard_bytes += 2.0 * static_cast<double>(kHugePageBytes);
    }
    // Group joiners' slots (§28.2): each is a customer of the store, and a byte says who fills
    // it; their blocks' tables. The tables by group index (§28.1, §29.1): the store's cut and
    // odds of a price match, the plan's beta and unified-payment factor.
    if (plan.group_members) {
        e.shard_bytes +=
            static_cast<double>(plan.group_members->joiners.blocks.size() * kJoinerBytesPerBlock);
        const auto group_indices = static_cast<double>(plan.group_members->match_beta_per_fen.size());
        e.shard_bytes += group_indices * static_cast<double>(kMatchTableBytesPerGroup);
        e.table_bytes += group_indices * static_cast<double>(kPlanGroupTableBytesPerGroup);
        // Each group's counts of its members; where ranks share the shards, every rank's too.
        e.shard_bytes += group_indices * static_cast<double>(GroupsInStore::count_bytes_per_group(plan)) *
                         (1 + cluster::ranks());
    }
    for (const auto& seg : plan.segments)
        if (seg.group_joiners())
            for (const auto adds : seg.gross_adds)
                e.shard_bytes +=
                    static_cast<double>(adds * static_cast<std::int64_t>(kJoinerFillBytesPerSlot));
    // The retention campaigns' ranking: a few lists a thread, each at most a campaign's
    // contacts (engine/sim/retention_ranking.hpp); nothing per customer.
    e.shard_bytes += retention_ranking_bytes(plan, threads);
    // Per thread: the bill loop's scratch (revenue, cost, leaves, an extract's draw keys; spend
    // sink), the creation's tier bits and draw places; the take-up's places and draws (8 + 4),
    // the offer holders' marks and list (1 + 4), the stale leave odds' marks and list (1 + 8),
    // those rated and their rows in the usage tables (16 + 12).
    e.shard_bytes += static_cast<double>(layout.cohorts.size() * sizeof(Cohort)) + offers * months * 8.0 +
                     std::max(threads, 1) * (static_cast<double>(kShardCustomers) * (5 * 8 + 2 * 4 + 54) +
                                             offers * months * (8 + 1));
    // Per thread, where a segment chooses plans: a shard's choosers at most, their marks, places
    // and risk rows (1 + 8 + 16), their means (12) and the usage part of their bills, a column
    // for each tier (engine/sim/behaviour.cpp, choose_plans).
    if (std::any_of(plan.segments.begin(), plan.segments.end(),
                    [](const SegmentPlan& seg) { return seg.choice.enabled; }))
        e.shard_bytes +=
            std::max(threads, 1) * static_cast<double>(kShardCustomers) * (1 + 8 + 16 + 12 + 8 * tiers);

    // Tables the plan holds beside the customers: the sbg atoms of theta by tenure (16 KiB a
    // tenure), a choosing segment's overage risks (4096 atoms x its allowances, 8 bytes each)
    // and a price-answering segment's usage bills (three services' 4096 atoms x our tiers and
    // the reference's, 8 bytes each) dwarf the rest, in the plan and in its reference prices' plan.
    const auto add_tables = [&](const SimulationPlan& p) {
        for (const auto& seg : p.segments)
            e.table_bytes += static_cast<double>(
                seg.theta_atoms.size() * sizeof(float) + seg.theta_row.size() * sizeof(std::int32_t) +
                (seg.choice.risk_tables ? seg.choice.risk_tables->bytes() : 0) +
                (seg.price.usage_tables ? seg.price.usage_tables->bytes() : 0));
    };
    add_tables(plan);
    if (plan.reference) add_tables(*plan.reference);

    e.cube_bytes =
        reps * months *
            (8.0 * ((segments + 1) * kMetricCount + tiers + offers * kOfferMetricCount + behaviour_tiers) +
             sizeof(CohortPayback) * offers) +
        customer_view_figure_bytes(plan, replications);
    const double lines = months * ((segments + 1) * (kMetricCount + 4) + offers * kOfferMetricCount + tiers);
    e.output_bytes = lines * kOutputBytesPerLine;
    e.gib = e.peak_gib();
    return e;
}

RankSplit rank_split(const SimulationPlan& plan, const RunConfig& config) {
    if (cluster::ranks() == 1) return RankSplit::alone;
    if (config.replications < cluster::ranks()) return RankSplit::shards;
    const bool fits = config.max_memory_gib <= 0 ||
                      estimate_memory(plan, config.replications, config.threads).gib <= config.max_memory_gib;
    return fits ? RankSplit::replications : RankSplit::shards;
}

namespace {

// Why the ranks of a job cannot share the shards of `plans` stepped together ("" when they can).
std::string why_shards_cannot_be_shared(const std::vector<const SimulationPlan*>& plans) {
    if (!shards_align(plans))
        return "the scenarios list different segments (one added, removed or reordered), so their shards "
               "do not line up";
    return "";
}

// Plan p's shards on each rank, in rank order.
std::vector<ShardRange> shards_of_plan(const std::vector<LockstepPart>& parts, std::size_t p) {
    std::vector<ShardRange> by_rank;
    for (const LockstepPart& part : parts) by_rank.push_back(part.shards[p]);
    return by_rank;
}

}  // namespace

RankSplit lockstep_split(const std::vector<const SimulationPlan*>& plans, const RunConfig& config) {
    if (cluster::ranks() == 1) return RankSplit::alone;
    if (!why_shards_cannot_be_shared(plans).empty()) return RankSplit::replications;
    if (config.replications < cluster::ranks()) return RankSplit::shards;
    const bool fits =
        config.max_memory_gib <= 0 ||
        estimate_together(plans, config.replications, config.threads).gib <= config.max_memory_gib;
    return fits ? RankSplit::replications : RankSplit::shards;
}

MemoryEstimate estimate_on_busiest_rank(MemoryEstimate whole, const SimulationPlan& plan,
                                        const std::vector<ShardRange>& by_rank) {
    const StoreLayout layout = CustomerStore::layout(plan);
    std::int64_t most = 0;
    for (const ShardRange& r : by_rank) {
        const CustomerSpan span = customers_of(layout.shards, r);
        most = std::max(most, span.last - span.first);
    }
    whole.customers = static_cast<double>(most);
    whole.store_bytes =
        resident_store_bytes(plan, whole.customers, static_cast<double>(plan.total_customers()));
    whole.gib = whole.peak_gib();
    return whole;
}

RunConfig progress_part(const RunConfig& config, double before, double share) {
    RunConfig c = config;
    c.on_progress = config.on_progress
                        ? [&config, before, share](double done) { config.on_progress(before + share * done); }
                        : std::function<void(double)>();
    return c;
}

MemoryEstimate estimate_together(const std::vector<const SimulationPlan*>& plans, int replications,
                                 int threads) {
    std::vector<MemoryEstimate> runs;
    for (const auto* plan : plans) runs.push_back(estimate_memory(*plan, replications, threads));
    return estimate_together(runs);
}

MemoryEstimate estimate_together(const std::vector<MemoryEstimate>& runs) {
    // Runs stepped together hold every part at once; the program itself counts once.
    MemoryEstimate total;
    for (const MemoryEstimate& m : runs) {
        total.customers += m.customers;
        total.bytes_per_customer = std::max(total.bytes_per_customer, m.bytes_per_customer);
        total.store_bytes += m.store_bytes;
        total.shard_bytes += m.shard_bytes;
        total.table_bytes += m.table_bytes;
        total.cube_bytes += m.cube_bytes;
        total.output_bytes += m.output_bytes;
    }
    total.gib = total.peak_gib();
    return total;
}

MemoryEstimate check_memory(const std::vector<const SimulationPlan*>& plans, const RunConfig& config) {
    if (config.replications < 1)
        throw InputError(
            {{SourcePos{}, fmt::format("replications must be a whole number of at least 1, not {}",
                                       config.replications)}});
    const int ranks = cluster::ranks();
    const bool shared_shards = lockstep_split(plans, config) == RankSplit::shards;
    if (ranks > 1 && config.replications < ranks && !shared_shards)
        throw InputError(
            {{SourcePos{"--replications", 0, 0},
              fmt::format("{} ranks share out each run's replications, and this run has {}: give "
                          "--replications {} or more, or start fewer ranks (mpirun -np); the ranks "
                          "cannot share {} customers instead, as {}",
                          ranks, config.replications, ranks, plans.size() == 1 ? "its" : "the runs'",
                          why_shards_cannot_be_shared(plans))}});
    // Where the ranks share the shards, each plan's busiest rank holds its share of the plan's store.
    const std::vector<LockstepPart> parts =
        shared_shards ? parts_by_rank(plans, ranks) : std::vector<LockstepPart>{};
    std::vector<MemoryEstimate> runs;
    for (std::size_t p = 0; p < plans.size(); ++p) {
        runs.push_back(estimate_memory(*plans[p], config.replications, config.threads));
        if (shared_shards)
            runs.back() = estimate_on_busiest_rank(runs.back(), *plans[p], shards_of_plan(parts, p));
    }
    const MemoryEstimate total = estimate_together(runs);
    int months = 0;
    for (const auto* plan : plans) months = std::max(months, plan->horizon_months);
    if (config.max_memory_gib > 0 && total.gib > config.max_memory_gib) {
        constexpr double gib = 1u << 30;
        const char* where = ranks == 1      ? ""
                            : shared_shards ? " on the rank holding the most customers (the ranks share them)"
                                            : " on each rank (each holds every customer)";
        throw InputError(
            {{SourcePos{},
              fmt::format(
                  "this run needs about {:.2f} GiB{}, more than the {:.2f} GiB allowed: {:.2f} GiB for "
                  "{:.0f} "
                  "customers x {} bytes, {:.2f} GiB for their shards' month buffers, {:.2f} GiB for {} "
                  "replications x {} months of figures, {:.2f} GiB for the summaries and output files; "
                  "reduce segment sizes, gross adds, months or replications, or raise --max-memory",
                  total.gib, where, config.max_memory_gib, total.store_bytes / gib, total.customers,
                  total.bytes_per_customer, total.shard_bytes / gib, total.cube_bytes / gib,
                  config.replications, months, total.output_bytes / gib)}});
    }
    return total;
}

ScenarioRun complete_run(const scenario::Scenario& sc, SimulationPlan plan, MetricCube cube,
                         const RunConfig& config, const MemoryEstimate& memory) {
    const int modules = (sc.win_back ? 1 : 0) + (sc.groups ? 1 : 0);
    const double share = modules > 0 ? 1.0 / modules : 0.0;
    const auto part = [&](double before) { return progress_part(config, before, share); };
    // The modules run first so that the headline includes their money.
    ModuleSamples samples;
    std::optional<WinBackResults> win_back;
    std::optional<GroupResults> groups;
    if (sc.win_back) {
        // The customer simulation ran the campaign with its churners; its tallies are in the cube.
        win_back = summarise_win_back(*sc.win_back, sc.horizon_months, cube.win_back, &samples);
        if (const RunConfig done = part(0.0); done.on_progress) done.on_progress(1.0);
        add_won_back_money(plan, cube, &samples, *win_back);
    }
    if (sc.groups && plan.group_members)  // stepped with the base (docs/models.md §28)
        groups = summarise_groups(*sc.groups, sc.horizon_months, cube.group_runs, &samples);
    else if (sc.groups)
        groups = run_groups(*sc.groups, sc.horizon_months, part(sc.win_back ? share : 0.0), &samples);
    // The views' figures pair in comparisons like the modules' (they add no money).
    add_customer_view_samples(plan, cube.views, samples);
    RunResults results = summarise_run(plan, cube, sc.name, sc.title, config.seed, config.cancel, &samples);
    results.win_back = std::move(win_back);
    results.groups = std::move(groups);
    return ScenarioRun{std::move(plan), std::move(cube), std::move(samples), std::move(results), memory};
}

MetricCube run_parameter_draws(const scenario::Scenario& sc, const SimulationPlan& plan,
                               const RunConfig& config) {
    const int draws = draw_count(sc, config.replications);
    MetricCube cube(config.replications, plan.horizon_months, plan.cube_segments(),
                    static_cast<int>(plan.tiers.size()), static_cast<int>(plan.offers.size()));
    for (int d = 0; d < draws; ++d) {
        const SimulationPlan drawn =
            compile_plan(scenario_at(sc, draw_values(sc.uncertain, config.seed, d)), {}, config.cancel);
        RunConfig part = progress_part(config, static_cast<double>(d) / draws, 1.0 / draws);
        part.replications = sc.n_inner;
        part.first_replication = d * sc.n_inner;
        place_replications(cube, run_simulation(drawn, part), part.first_replication);
    }
    return cube;
}

namespace {

// The run's mean NPV and monthly churn rate.
std::pair<double, double> means_of(const SimulationPlan& plan, const MetricCube& cube) {
    return tornado_means(headline_samples(plan, cube));
}

// A run whose scenario has uncertain inputs: draw d's scenario runs replications
// d * n_inner .. d * n_inner + n_inner - 1 into one cube, summarised as any run's; then the
// band's split and each input's tornado bar (docs/models.md, "Uncertain parameters").
ScenarioRun run_drawn(const scenario::Scenario& sc, const RunConfig& config) {
    const int draws = draw_count(sc, config.replications);
    SimulationPlan plan = compile_plan(sc, {}, config.cancel);
    const MemoryEstimate memory = check_memory({&plan}, config);
    const double inputs = static_cast<double>(sc.uncertain.size());
    // Progress: the draws, then 2 runs an input and the medians' run for the tornado.
    const double point_cost =
        static_cast<double>(tornado_replications(config.replications)) / config.replications;
    const double draw_share = 1.0 / (1.0 + (2.0 * inputs + 1.0) * point_cost);
    MetricCube cube = run_parameter_draws(sc, plan, progress_part(config, 0.0, draw_share));
    // Each input at its P5 and P95, the others at their medians, on the draws' streams.
    int point = 0;
    const double point_share = (1.0 - draw_share) / (2.0 * inputs + 1.0);
    const PointMeasure measure = [&](const std::vector<QuantilePoint>& points) {
        const SimulationPlan p =
            compile_plan(scenario_at(sc, values_at(sc.uncertain, points)), {}, config.cancel);
        RunConfig fixed = progress_part(config, draw_share + point_share * point++, point_share);
        fixed.replications = tornado_replications(config.replications);
        const MetricCube c = run_simulation(p, fixed);
        return std::vector<std::pair<double, double>>{means_of(p, c)};
    };
    UncertaintySummary summary{draws, sc.n_inner, describe_inputs(sc.uncertain),
                               split_bands(headline_samples(plan, cube), sc.n_inner),
                               tornado(input_paths({sc}), measure).front()};
    ScenarioRun run =
        complete_run(sc, std::move(plan), std::move(cube), progress_part(config, 1.0, 0.0), memory);
    run.results.uncertainty = std::move(summary);
    return run;
}

}  // namespace

ScenarioRun run_scenario(const scenario::Scenario& sc, const RunConfig& config) {
    if (!sc.uncertain.empty()) return run_drawn(sc, config);
    SimulationPlan plan = compile_plan(sc, {}, config.cancel);
    const MemoryEstimate memory = check_memory({&plan}, config);
    // Progress: the customer base is nearly all the work; the modules share the rest.
    const bool modules = sc.win_back || sc.groups;
    const double base_share = modules ? 0.9 : 1.0;
    MetricCube cube = run_simulation(plan, progress_part(config, 0.0, base_share));
    return complete_run(sc, std::move(plan), std::move(cube),
                        progress_part(config, base_share, 1.0 - base_share), memory);
}

}  // namespace offersim::sim
