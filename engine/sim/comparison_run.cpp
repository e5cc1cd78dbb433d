#include "engine/sim/comparison_run.hpp"

#include "engine/core/error.hpp"
#include "engine/sim/lockstep.hpp"

#include <memory>

namespace offersim::sim {

ComparisonRuns run_comparison(const std::vector<scenario::Scenario>& scenarios, const RunConfig& config,
                              bool leave_one_out) {
    require(scenarios.size() >= 2, "a comparison needs a baseline and a variant");
    std::vector<std::unique_ptr<SimulationPlan>> plans;
    for (const auto& sc : scenarios) plans.push_back(std::make_unique<SimulationPlan>(compile_plan(sc)));
    // Each variant's takers against the baseline; with leave-one-out, each offer of a variant
    // with several against the variant without it.
    std::vector<PlanPairing> pairings;
    std::vector<int> baseline_pairing(scenarios.size(), -1);
    struct LeftOut {
        int variant, offer, plan, pairing;
    };
    std::vector<LeftOut> left_out;
    const std::size_t n_runs = scenarios.size();
    for (std::size_t i = 1; i < n_runs; ++i) {
        const auto offers = static_cast<int>(plans[i]->offers.size());
        if (offers == 0) continue;
        baseline_pairing[i] = static_cast<int>(pairings.size());
        pairings.push_back({static_cast<int>(i), 0});
        if (!leave_one_out || offers < 2) continue;
        for (int k = 0; k < offers; ++k) {
            left_out.push_back(
                {static_cast<int>(i), k, static_cast<int>(plans.size()), static_cast<int>(pairings.size())});
            pairings.push_back({static_cast<int>(i), static_cast<int>(plans.size())});
            plans.push_back(std::make_unique<SimulationPlan>(without_offer(*plans[i], k)));
        }
    }
    std::vector<const SimulationPlan*> stepped;
    for (const auto& plan : plans) stepped.push_back(plan.get());
    const MemoryEstimate memory = check_memory(stepped, config);

    // Progress: the lockstep run is nearly all the work; the runs' modules share the rest.
    LockstepRun lockstep = run_lockstep(stepped, pairings, progress_part(config, 0.0, 0.9));

    ComparisonRuns out;
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
            if (offers == 1) {
                c.offers.push_back(
                    offer_effect(run.plan, k, EffectBasis::variant, run.cube, &base.cube,
                                 lockstep.cannibalised[static_cast<std::size_t>(baseline_pairing[i])]));
                continue;
            }
            const LeftOut* loo = nullptr;
            for (const auto& l : left_out)
                if (l.variant == static_cast<int>(i) && l.offer == k) loo = &l;
            c.offers.push_back(
                loo ? offer_effect(run.plan, k, EffectBasis::leave_one_out, run.cube,
                                   &lockstep.cubes[static_cast<std::size_t>(loo->plan)],
                                   lockstep.cannibalised[static_cast<std::size_t>(loo->pairing)])
                    : offer_effect(run.plan, k, EffectBasis::not_measured, run.cube, nullptr,
                                   lockstep.cannibalised[static_cast<std::size_t>(baseline_pairing[i])]));
        }
        out.comparisons.push_back(std::move(c));
    }
    return out;
}

}  // namespace offersim::sim
