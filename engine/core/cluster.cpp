#include "engine/core/cluster.hpp"

#include "engine/core/error.hpp"

#include <cstdint>
#include <cstdlib>
#include <limits>

#if OFFERSIM_WITH_MPI
#include <mpi.h>
#endif

namespace offersim::cluster {

namespace {

int g_rank = 0;
int g_ranks = 1;
int g_local_ranks = 1;
bool g_started = false;

// True when a launcher started this process: Open MPI's mpirun sets the first, PMIx-based
// launchers (Slurm's srun, prterun) the second.
bool launched() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMIX_RANK") != nullptr;
}

#if OFFERSIM_WITH_MPI
void check(int status, const char* what) {
    if (status != MPI_SUCCESS) throw RunError(fmt::format("MPI: {} failed (error {})", what, status));
}
#endif

}  // namespace

void start(int* argc, char*** argv) {
    if (g_started || !launched()) return;
#if OFFERSIM_WITH_MPI
    // Only the main thread calls MPI; the worker threads never do.
    int provided = 0;
    check(MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    g_started = true;
    check(MPI_Comm_rank(MPI_COMM_WORLD, &g_rank), "MPI_Comm_rank");
    check(MPI_Comm_size(MPI_COMM_WORLD, &g_ranks), "MPI_Comm_size");
    MPI_Comm here = MPI_COMM_NULL;
    check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &here),
          "MPI_Comm_split_type");
    check(MPI_Comm_size(here, &g_local_ranks), "MPI_Comm_size");
    MPI_Comm_free(&here);
#else
    (void)argc;
    (void)argv;
    throw RunError(
        "an MPI launcher started offersim, but this build has no MPI: install libopenmpi-dev and "
        "rebuild (scripts/setup.sh), or run offersim without mpirun");
#endif
}

void stop() noexcept {
#if OFFERSIM_WITH_MPI
    if (g_started) MPI_Finalize();
#endif
    g_started = false;
}

int rank() {
    return g_rank;
}

int ranks() {
    return g_ranks;
}

int ranks_on_this_machine() {
    return g_local_ranks;
}

std::vector<std::string> all_gather(std::string_view mine) {
    if (g_ranks == 1) return {std::string(mine)};
#if OFFERSIM_WITH_MPI
    // Sizes first, then the bytes. MPI counts are ints: a part over 2 GiB is refused.
    require(mine.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max()),
            "rank {}'s part is {} bytes, over MPI's 2 GiB per message", g_rank, mine.size());
    const int size = static_cast<int>(mine.size());
    std::vector<int> sizes(static_cast<std::size_t>(g_ranks));
    check(MPI_Allgather(&size, 1, MPI_INT, sizes.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
    std::vector<int> offsets(static_cast<std::size_t>(g_ranks));
    std::int64_t total = 0;
    for (int r = 0; r < g_ranks; ++r) {
        require(total <= std::numeric_limits<int>::max(),
                "the ranks' parts are over MPI's 2 GiB per message");
        offsets[static_cast<std::size_t>(r)] = static_cast<int>(total);
        total += sizes[static_cast<std::size_t>(r)];
    }
    require(total <= std::numeric_limits<int>::max(), "the ranks' parts are over MPI's 2 GiB per message");
    std::string all(static_cast<std::size_t>(total), '\0');
    check(MPI_Allgatherv(mine.data(), size, MPI_BYTE, all.data(), sizes.data(), offsets.data(), MPI_BYTE,
                         MPI_COMM_WORLD),
          "MPI_Allgatherv");
    std::vector<std::string> parts;
    for (int r = 0; r < g_ranks; ++r)
        parts.push_back(all.substr(static_cast<std::size_t>(offsets[static_cast<std::size_t>(r)]),
                                   static_cast<std::size_t>(sizes[static_cast<std::size_t>(r)])));
    return parts;
#else
    throw RunError("all_gather over several ranks in a build without MPI");
#endif
}

void abort_job(int code) {
#if OFFERSIM_WITH_MPI
    if (g_started) MPI_Abort(MPI_COMM_WORLD, code);
#endif
    std::exit(code);
}

}  // namespace offersim::cluster
