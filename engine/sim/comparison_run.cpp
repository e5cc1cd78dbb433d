#include "engine/sim/comparison_run.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/lockstep.hpp"
#include "engine/sim/uncertainty.hpp"

#include <memory>

namespace offersim::sim {

namespace {

struct LeftOut {
    int variant, offer, plan, pairing;
};

// The plans a comparison steps together and which of them it pairs: each variant's takers
// against the baseline; with leave-one-out, each offer of a variant with several against the
// variant without it.
struct PlanSet {
    std::vector<std::unique_ptr<SimulationPlan>> plans;
    std::vector<PlanPairing> pairings;
    std::vector<int> baseline_pairing;
    std::vector<LeftOut> left_out;

    std::vector<const SimulationPlan*> stepped() const {
        std::vector<const SimulationPlan*> out;
        for (const auto& plan : plans) out.push_back(plan.get());
        return out;
    }
};

PlanSet plan_set(const std::vector<scenario::Scenario>& scenarios, bool leave_one_out) {
    PlanSet set;
    for (const auto& sc : scenarios) set.plans.push_back(std::make_unique<SimulationPlan>(compile_plan(sc)));
    set.baseline_pairing.assign(scenarios.size(), -1);
    for (std::size_t i = 1; i < scenarios.size(); ++i) {
        const auto offers = static_cast<int>(set.plans[i]->offers.size());
        if (offers == 0) continue;
        set.baseline_pairing[i] = static_cast<int>(set.pairings.size());
        set.pairings.push_back({static_cast<int>(i), 0});
        if (!leave_one_out || offers < 2) continue;
        for (int k = 0; k < offers; ++k) {
            set.left_out.push_back({static_cast<int>(i), k, static_cast<int>(set.plans.size()),
                                    static_cast<int>(set.pairings.size())});
            set.pairings.push_back({static_cast<int>(i), static_cast<int>(set.plans.size())});
            set.plans.push_back(std::make_unique<SimulationPlan>(without_offer(*set.plans[i], k)));
        }
    }
    return set;
}

// Each scenario at parameter draw `draw` (one without uncertain inputs as it is).
std::vector<scenario::Scenario> drawn_scenarios(const std::vector<scenario::Scenario>& scenarios,
                                                std::uint64_t seed, int draw) {
    std::vector<scenario::Scenario> out;
    for (const auto& sc : scenarios)
        out.push_back(sc.uncertain.empty() ? sc : scenario_at(sc, draw_values(sc.uncertain, seed, draw)));
    return out;
}

template <typename T>
void place_rows(std::vector<T>& into, const std::vector<T>& part, int part_reps, int first) {
    const std::size_t per_rep = part.size() / static_cast<std::size_t>(part_reps);
    std::copy(part.begin(), part.end(), into.begin() + static_cast<std::ptrdiff_t>(per_rep * first));
}

// The lockstep run of scenarios with uncertain inputs: draw d's plans step replications
// d * n_inner .. d * n_inner + n_inner - 1, so every scenario of the comparison shares both
// the parameter draw and the customers' streams (docs/models.md, "Uncertain parameters").
LockstepRun run_drawn_lockstep(const std::vector<scenario::Scenario>& scenarios, const PlanSet& medians,
                               bool leave_one_out, const RunConfig& config, int draws, int n_inner) {
    LockstepRun total;
    const int reps = config.replications;
    for (const auto& plan : medians.plans)
        total.cubes.emplace_back(reps, plan->horizon_months, plan->cube_segments(),
                                 static_cast<int>(plan->tiers.size()), static_cast<int>(plan->offers.size()));
    for (int d = 0; d < draws; ++d) {
        const PlanSet set = plan_set(drawn_scenarios(scenarios, config.seed, d), leave_one_out);
        RunConfig part = progress_part(config, static_cast<double>(d) / draws, 1.0 / draws);
        part.replications = n_inner;
        part.first_replication = d * n_inner;
        const LockstepRun run = run_lockstep(set.stepped(), set.pairings, part);
        if (d == 0) {
            for (const auto& c : run.cannibalised)
                total.cannibalised.emplace_back(c.size() / n_inner * reps, 0.0);
            for (std::size_t p = 0; p < run.tails.size(); ++p)
                total.tails.push_back({std::vector<double>(static_cast<std::size_t>(reps), 0.0),
                                       std::vector<double>(static_cast<std::size_t>(reps), 0.0)});
        }
        for (std::size_t p = 0; p < run.cubes.size(); ++p)
            place_replications(total.cubes[p], run.cubes[p], part.first_replication);
        for (std::size_t q = 0; q < run.cannibalised.size(); ++q)
            place_rows(total.cannibalised[q], run.cannibalised[q], n_inner, part.first_replication);
        for (std::size_t p = 0; p < run.tails.size(); ++p) {
            place_rows(total.tails[p].customers, run.tails[p].customers, n_inner, part.first_replication);
            place_rows(total.tails[p].months_left, run.tails[p].months_left, n_inner, part.first_replication);
        }
    }
    return total;
}

// Each variant's band split over the draws and its tornado of the change in NPV and churn.
void add_uncertainty(ComparisonRuns& out, const std::vector<scenario::Scenario>& scenarios,
                     const RunConfig& config, int draws, int n_inner) {
    const Samples base = headline_samples(out.runs[0].plan, out.runs[0].cube);
    const PointMeasure measure = [&](const std::vector<QuantilePoint>& points) {
        std::vector<scenario::Scenario> at;
        for (const auto& sc : scenarios) {
            at.push_back(sc.uncertain.empty() ? sc : scenario_at(sc, values_at(sc.uncertain, points)));
            at.back().uncertain.clear();  // a fixed point: every input at its median or at `points`
        }
        RunConfig fixed = config;
        fixed.on_progress = nullptr;
        fixed.replications = tornado_replications(config.replications);
        const ComparisonRuns runs = run_comparison(at, fixed, false);
        const Samples b = headline_samples(runs.runs[0].plan, runs.runs[0].cube);
        std::vector<std::pair<double, double>> changes;
        for (std::size_t i = 1; i < runs.runs.size(); ++i)
            changes.push_back(
                tornado_means(paired_differences(b, headline_samples(runs.runs[i].plan, runs.runs[i].cube))));
        return changes;
    };
    const auto bars = tornado(input_paths(scenarios), measure);
    for (std::size_t i = 1; i < out.runs.size(); ++i) {
        UncertaintySummary& u = out.comparisons[i - 1].uncertainty;
        u.draws = draws;
        u.n_inner = n_inner;
        u.inputs =
            describe_inputs(scenarios[i].uncertain.empty() ? scenarios[0].uncertain : scenarios[i].uncertain);
        u.splits = split_bands(paired_differences(base, headline_samples(out.runs[i].plan, out.runs[i].cube)),
                               n_inner);
        u.tornado = bars[i - 1];
    }
}

}  // namespace

ComparisonRuns run_comparison(const std::vector<scenario::Scenario>& scenarios, const RunConfig& config,
                              bool leave_one_out) {
    require(scenarios.size() >= 2, "a comparison needs a baseline and a variant");
    const bool drawn = !input_paths(scenarios).empty();
    // The baseline's n_inner groups every scenario's replications into the shared draws.
    const int n_inner = scenarios[0].n_inner;
    const int draws = drawn ? draw_count(scenarios[0], config.replications) : 0;
    PlanSet set = plan_set(scenarios, leave_one_out);
    const std::vector<const SimulationPlan*> stepped = set.stepped();
    const MemoryEstimate memory = check_memory(stepped, config);

    // Progress: the lockstep run is nearly all the work; the runs' modules share the rest.
    LockstepRun lockstep = drawn ? run_drawn_lockstep(scenarios, set, leave_one_out,
                                                      progress_part(config, 0.0, 0.9), draws, n_inner)
                                 : run_lockstep(stepped, set.pairings, progress_part(config, 0.0, 0.9));
    auto& plans = set.plans;

    ComparisonRuns out;
    const std::size_t n_runs = scenarios.size();
    for (std::size_t i = 0; i < n_runs; ++i) {
        const double share = 0.1 / static_cast<double>(n_runs);
        out.runs.push_back(complete_run(scenarios[i], *plans[i], std::move(lockstep.cubes[i]),
                                        progress_part(config, 0.9 + share * static_cast<double>(i), share),
                                        memory));
    }
    for (std::size_t i = 1; i < n_runs; ++i) {
        const ScenarioRun& base = out.runs[0];
        const ScenarioRun& run = out.runs[i];
        VariantComparison c = compare_runs(base.plan, base.cube, run.plan, run.cube, scenarios[i].name,
                                           scenarios[i].title, &base.modules, &run.modules);
        c.horizon_tail = horizon_tail(lockstep.tails[i], lockstep.tails[0]);
        const auto offers = static_cast<int>(run.plan.offers.size());
        for (int k = 0; k < offers; ++k) {
            const auto& cannibalised =
                lockstep.cannibalised[static_cast<std::size_t>(set.baseline_pairing[i])];
            if (offers == 1) {
                c.offers.push_back(
                    offer_effect(run.plan, k, EffectBasis::variant, run.cube, &base.cube, cannibalised));
                continue;
            }
            const LeftOut* loo = nullptr;
            for (const auto& l : set.left_out)
                if (l.variant == static_cast<int>(i) && l.offer == k) loo = &l;
            c.offers.push_back(
                loo ? offer_effect(run.plan, k, EffectBasis::leave_one_out, run.cube,
                                   &lockstep.cubes[static_cast<std::size_t>(loo->plan)],
                                   lockstep.cannibalised[static_cast<std::size_t>(loo->pairing)])
                    : offer_effect(run.plan, k, EffectBasis::not_measured, run.cube, nullptr, cannibalised));
        }
        out.comparisons.push_back(std::move(c));
    }
    if (drawn) add_uncertainty(out, scenarios, config, draws, n_inner);
    return out;
}

}  // namespace offersim::sim
