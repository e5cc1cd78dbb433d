#include "engine/sim/rank_split.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/cube_bytes.hpp"

#include <algorithm>

namespace offersim::sim {

namespace {

// A failure as bytes: its kind, then its message ("" when the rank did its part).
constexpr char kInputFailure = 'I';
constexpr char kRunFailure = 'R';

std::string failure_of(const std::exception_ptr& failed) {
    try {
        std::rethrow_exception(failed);
    } catch (const InputError& e) {
        std::string text;
        for (const auto& d : e.diagnostics()) text += (text.empty() ? "" : "\n") + format_diagnostic(d);
        return kInputFailure + text;
    } catch (const std::exception& e) {
        return kRunFailure + std::string(e.what());
    }
}

[[noreturn]] void throw_failure(int rank, const std::string& failure) {
    const std::string message = failure.substr(1);
    if (failure.front() == kInputFailure) throw InputError({{SourcePos{}, message}});
    throw RunError(cluster::ranks() > 1 ? fmt::format("rank {}: {}", rank, message) : message);
}

}  // namespace

std::vector<std::string> exchange_across_ranks(const std::function<std::string()>& produce) {
    std::string bytes;
    std::string failure;
    try {
        bytes = produce();
    } catch (...) {
        failure = failure_of(std::current_exception());
    }
    const std::vector<std::string> failures = cluster::all_gather(failure);
    for (std::size_t r = 0; r < failures.size(); ++r)
        if (!failures[r].empty()) throw_failure(static_cast<int>(r), failures[r]);
    return cluster::all_gather(bytes);
}

ReplicationSlice slice_of(int replications, int rank, int ranks) {
    const int base = replications / ranks;
    const int extra = replications % ranks;
    return {rank * base + std::min(rank, extra), base + (rank < extra ? 1 : 0)};
}

std::vector<std::string> gather_slices(const RunConfig& config,
                                       const std::function<std::string(const RunConfig&)>& simulate) {
    const ReplicationSlice slice = slice_of(config.replications, cluster::rank(), cluster::ranks());
    RunConfig mine = config;
    mine.replications = slice.count;
    mine.first_replication = config.first_replication + slice.first;
    if (!cluster::writes()) mine.on_progress = nullptr;
    return exchange_across_ranks([&] { return slice.count > 0 ? simulate(mine) : std::string(); });
}

std::int64_t shard_work(const StoreLayout& layout, const Shard& shard, int horizon) {
    const int join = layout.cohorts[static_cast<std::size_t>(shard.cohort)].join_month;
    const std::int64_t months = horizon - std::max(join, 1) + 1;
    return (shard.end - shard.begin) * std::max<std::int64_t>(months, 0);
}

std::vector<ShardRange> shards_by_rank(const StoreLayout& layout, int horizon, int ranks) {
    std::vector<std::int64_t> work;
    work.reserve(layout.shards.size());
    for (const Shard& shard : layout.shards) work.push_back(shard_work(layout, shard, horizon));
    return ranges_by_work(work, ranks);
}

std::vector<ShardRange> ranges_by_work(const std::vector<std::int64_t>& work, int ranks) {
    // Work before unit u: the sum of units 0 .. u - 1.
    std::vector<std::int64_t> before(work.size() + 1, 0);
    for (std::size_t u = 0; u < work.size(); ++u) before[u + 1] = before[u] + work[u];
    const std::int64_t whole = before.back();
    std::vector<ShardRange> ranges;
    std::size_t first = 0;
    for (int r = 1; r <= ranks; ++r) {
        // The first unit whose work before it reaches r / ranks of the whole starts rank r.
        const std::int64_t target = whole / ranks * r + whole % ranks * r / ranks;
        const auto end =
            r == ranks ? work.size()
                       : static_cast<std::size_t>(std::lower_bound(before.begin(), before.end() - 1, target) -
                                                  before.begin());
        const std::size_t last = std::max(first, end);
        ranges.push_back(ShardRange{first, last - first});
        first = last;
    }
    return ranges;
}

void share_shard_months(std::vector<ShardMonth>& months, const std::vector<ShardRange>& ranges,
                        const std::function<void()>& step) {
    const ShardRange mine = ranges[static_cast<std::size_t>(cluster::rank())];
    const std::vector<std::string> parts = exchange_across_ranks([&] {
        step();
        return shard_months_bytes(months, mine);
    });
    for (std::size_t r = 0; r < parts.size(); ++r)
        if (static_cast<int>(r) != cluster::rank()) read_shard_months(parts[r], months, ranges[r]);
}

}  // namespace offersim::sim
