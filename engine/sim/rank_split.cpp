#include "engine/sim/rank_split.hpp"

#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"

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
    std::string bytes;
    std::string failure;
    try {
        if (slice.count > 0) bytes = simulate(mine);
    } catch (...) {
        failure = failure_of(std::current_exception());
    }
    // Every rank learns of every failure before any waits for figures that will not come.
    const std::vector<std::string> failures = cluster::all_gather(failure);
    for (std::size_t r = 0; r < failures.size(); ++r)
        if (!failures[r].empty()) throw_failure(static_cast<int>(r), failures[r]);
    return cluster::all_gather(bytes);
}

}  // namespace offersim::sim
