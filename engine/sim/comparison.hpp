#pragma once
// A variant against its baseline, both run with the same seed: every figure is a paired
// difference per replication (variant minus baseline), so draws common to both cancel
// and the band shows the offer's effect, not the noise. A variant that changes nothing
// differs by exactly zero.
#include "engine/scenario/scenario_diff.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/offer_effects.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/waterfall.hpp"

#include <optional>
#include <string>
#include <vector>

namespace offersim::sim {

struct VariantComparison {
    std::string name;
    std::string title;
    std::vector<Headline> deltas;  // keyed as RunResults::headlines, variant minus baseline
    // The group and win-back KPIs (ModuleSamples keys), variant minus baseline, paired by
    // replication; a figure only one side reports counts as 0 on the other.
    std::vector<Headline> module_deltas;
    // Of the cumulative incremental margin, counted from the first month that differs at all;
    // horizon + 1: never (a replication in which nothing differs never pays back).
    Band payback_month;
    double payback_share = 0.0;                     // of replications paying back within the horizon
    std::vector<Band> monthly_margin_delta_cny;     // by month
    std::vector<Band> cumulative_margin_delta_cny;  // by month
    // What the variant's resolved scenario changes against the baseline's (set by the caller,
    // who holds the scenarios).
    std::vector<scenario::ScenarioChange> changes;
    // The paired revenue change split by mechanism, when the caller asked for it.
    std::optional<Waterfall> waterfall;
    // The mean cumulative incremental margin with its trough and payback.
    CashCurve cash;
    // Each offer of the variant against the world without it, and the contracts the horizon
    // leaves out (set by run_comparison, which steps the runs in lockstep).
    std::vector<OfferEffect> offers;
    std::optional<HorizonTail> horizon_tail;
    // The paired differences' band split over the parameter draws, and the tornado of the
    // change in NPV and churn (set by run_comparison when an input is uncertain).
    UncertaintySummary uncertainty;

    const Band& delta(std::string_view key) const;
    // No change to the customer base or the cost assumptions.
    bool like_for_like() const { return scenario::like_for_like(changes); }
};

// Compares variant runs with the baseline run; every cube must hold the same replications
// and horizon. The modules' samples, when given, enter the headline money, the monthly
// margin and module_deltas.
VariantComparison compare_runs(const SimulationPlan& baseline_plan, const MetricCube& baseline,
                               const SimulationPlan& variant_plan, const MetricCube& variant,
                               std::string name, std::string title,
                               const ModuleSamples* baseline_modules = nullptr,
                               const ModuleSamples* variant_modules = nullptr);

}  // namespace offersim::sim
