#pragma once
// The win-back campaign (回流) beside the customer simulation: a pool of competitors'
// customers with simulated monthly minutes to us and calling circles, targeted by the
// plan's traffic rule, contacted within account-manager capacity, converted by offer, and
// judged by the two-part success test, which tells real switchers from second SIMs.
// Draws are keyed by (seed, replication, campaign id, customer, month), so results do not
// depend on the thread count and variants share random numbers.
#include "engine/scenario/scenario.hpp"
#include "engine/sim/module_samples.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"

#include <cstdint>

namespace offersim::sim {

// Runs `sc.win_back` (which must be set) over config's replications of its seed, spread
// over its threads, to the horizon of `sc`; stops with RunError when config.cancel is set.
// With `samples`, also adds each replication's win-back KPIs and money to it for comparisons.
WinBackResults run_win_back(const scenario::Scenario& sc, const RunConfig& config,
                            ModuleSamples* samples = nullptr);

}  // namespace offersim::sim
