#pragma once
// Whether this CPU runs the instructions the hot loops were compiled for. The month's loops
// and the passes over every customer are built for one CPU (OFFERSIM_ARCH: this machine's by
// default, or a named level such as x86-64-v3 for a cluster whose nodes differ from the build
// machine); on a CPU without those extensions they would die of an illegal instruction
// midway through a run. The command line asks first and says what to rebuild with.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::sim {

// The instruction-set extensions checked, one bit each (cpu_feature_names gives their names).
using CpuFeatures = std::uint64_t;

// The names of the features in `features`, in bit order ("avx2", "avx512f", ...).
std::vector<std::string_view> cpu_feature_names(CpuFeatures features);

// The features the hot loops were compiled to use, and the -march they were built for
// ("native", "x86-64-v3", ...; "x86-64" for a portable build).
CpuFeatures hot_loop_features();
std::string_view hot_loop_arch();

// The features this CPU has, of those checked.
CpuFeatures cpu_features();

// Empty where `present` has every feature of `required`; else what to tell the user: the
// features missing and the build options that give a binary for this CPU.
std::string missing_cpu_features_message(CpuFeatures required, CpuFeatures present, std::string_view arch);

// The same for this binary on this CPU.
inline std::string missing_cpu_features_message() {
    return missing_cpu_features_message(hot_loop_features(), cpu_features(), hot_loop_arch());
}

}  // namespace offersim::sim
