#pragma once
// The processes of one job started by an MPI launcher (mpirun, srun), or this process alone.
// Only cluster.cpp knows MPI: the rest of offersim asks which rank it is, how many ranks
// there are, and exchanges bytes through all_gather (docs/architecture.md, "Ranks").
//
// offersim calls MPI_Init only when a launcher started it (OMPI_COMM_WORLD_SIZE or PMIX_RANK
// in the environment); started alone it is one rank of one and MPI is never touched.
#include <string>
#include <string_view>
#include <vector>

namespace offersim::cluster {

// Joins the launcher's job when there is one; call once, first thing in main. Throws
// RunError when a launcher started a build without MPI.
void start(int* argc, char*** argv);
// Leaves the job (MPI_Finalize); call once before main returns. Nothing when alone.
void stop() noexcept;

int rank();
int ranks();
// The ranks of the job on this machine, this one included: they share its cores.
int ranks_on_this_machine();
// Rank 0 writes every file and prints every message of the job.
inline bool writes() {
    return rank() == 0;
}

// Every rank's `mine`, in rank order, on every rank. Alone: {mine}.
std::vector<std::string> all_gather(std::string_view mine);

// Ends the whole job now with `code` (MPI_Abort), for a rank that cannot go on while the
// others wait for it. Alone: std::exit(code).
[[noreturn]] void abort_job(int code);

}  // namespace offersim::cluster
