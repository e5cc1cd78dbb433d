#pragma once
// A run's figures as bytes and back, for the ranks of a job to exchange their replications
// (engine/sim/rank_split.hpp). The bytes hold every value exactly (doubles bit for bit); they
// are read only by the same build on the same kind of machine, so they are native-endian
// and carry no version.
#include "engine/sim/lockstep.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/monthly_step.hpp"
#include "engine/sim/win_back.hpp"

#include <cstdint>

#include <string>
#include <string_view>
#include <vector>

namespace offersim::sim {

std::string cube_bytes(const MetricCube& cube);
// Throws RunError when `bytes` are not what cube_bytes wrote.
MetricCube cube_from_bytes(std::string_view bytes);

std::string lockstep_bytes(const LockstepRun& run);
LockstepRun lockstep_from_bytes(std::string_view bytes);

// What shards `range` added in one month, for the ranks that share a run's shards.
std::string shard_months_bytes(const std::vector<ShardMonth>& months, ShardRange range);
// Reads what shard_months_bytes wrote into `months`' shards `range`; throws RunError when
// `bytes` are not that.
void read_shard_months(std::string_view bytes, std::vector<ShardMonth>& months, ShardRange range);

// What one rank's part of a lockstep (`part`: its shard groups and each plan's shards in
// them) added in one month: each plan's shard months (`months`: by plan) and the groups'
// cannibalised revenue (`slots`: by group), for the ranks that share a lockstep's shards.
// Read puts them in the same shards of `months` and groups of `slots`; it throws RunError
// when `bytes` are not that.
std::string lockstep_month_bytes(const std::vector<std::vector<ShardMonth>*>& months,
                                 const std::vector<std::vector<double>>& slots, const LockstepPart& part);
void read_lockstep_month(std::string_view bytes, const std::vector<std::vector<ShardMonth>*>& months,
                         std::vector<std::vector<double>>& slots, const LockstepPart& part);

// The win-back pool's churners of the month of shards `range` (by shard), which name their
// shards; read puts them in those shards of `by_shard` and throws RunError on bytes that are
// not that.
std::string pool_churners_bytes(const std::vector<std::vector<WinBackChurner>>& by_shard, ShardRange range);
void read_pool_churners(std::string_view bytes, std::vector<std::vector<WinBackChurner>>& by_shard);

// Counts as bytes and back (a rank's tallies that every rank sums); read throws RunError on
// bytes that are not that.
std::string counts_bytes(const std::vector<std::int64_t>& counts);
std::vector<std::int64_t> read_counts(std::string_view bytes);

}  // namespace offersim::sim
