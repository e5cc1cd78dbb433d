#pragma once
// The seed and replications a run uses, which the command line may override, written into
// the scenario's record of what was run (Scenario::resolved_yaml), so that the appendix,
// scenario.resolved.yaml and the header all state the replications actually run.
#include "engine/scenario/scenario.hpp"

#include <cstdint>

namespace offersim::scenario {

// Sets `sc.seed` and `sc.replications`, and restates them in `sc.resolved_yaml`; the text
// is left as it was when both are already its values.
void set_run_settings(Scenario& sc, std::uint64_t seed, int replications);

}  // namespace offersim::scenario
