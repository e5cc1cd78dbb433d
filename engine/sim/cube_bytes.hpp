#pragma once
// A run's figures as bytes and back, for the ranks of a job to exchange their replications
// (engine/sim/rank_split.hpp). The bytes hold every value exactly (doubles bit for bit); they
// are read only by the same build on the same kind of machine, so they are native-endian
// and carry no version.
#include "engine/sim/lockstep.hpp"
#include "engine/sim/metric_cube.hpp"

#include <string>
#include <string_view>

namespace offersim::sim {

std::string cube_bytes(const MetricCube& cube);
// Throws RunError when `bytes` are not what cube_bytes wrote.
MetricCube cube_from_bytes(std::string_view bytes);

std::string lockstep_bytes(const LockstepRun& run);
LockstepRun lockstep_from_bytes(std::string_view bytes);

}  // namespace offersim::sim
