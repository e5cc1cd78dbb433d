#include "engine/sim/cpu_check.hpp"

#include "engine/sim/cpu_feature_list.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace offersim::sim {

std::vector<std::string_view> cpu_feature_names(CpuFeatures features) {
    static constexpr std::string_view kNames[] = {
#define OFFERSIM_CPU_FEATURE_NAME(id, name) name,
        OFFERSIM_CPU_FEATURES(OFFERSIM_CPU_FEATURE_NAME)
#undef OFFERSIM_CPU_FEATURE_NAME
    };
    std::vector<std::string_view> names;
    for (int k = 0; k < static_cast<int>(CpuFeature::count); ++k)
        if (features & cpu_feature_bit(static_cast<CpuFeature>(k))) names.push_back(kNames[k]);
    return names;
}

CpuFeatures hot_loop_features() {
    return detail::kHotLoopFeatures;
}

std::string_view hot_loop_arch() {
    return detail::kHotLoopArch;
}

CpuFeatures cpu_features() {
    CpuFeatures present = 0;
#if defined(__x86_64__) || defined(__i386__)
#define OFFERSIM_CPU_FEATURE_TEST(id, name) \
    if (__builtin_cpu_supports(name)) present |= cpu_feature_bit(CpuFeature::id);
    OFFERSIM_CPU_FEATURES(OFFERSIM_CPU_FEATURE_TEST)
#undef OFFERSIM_CPU_FEATURE_TEST
#endif  // elsewhere none of these is asked for (cpu_check_hot.cpp) or present
    return present;
}

std::string missing_cpu_features_message(CpuFeatures required, CpuFeatures present, std::string_view arch) {
    const CpuFeatures missing = required & ~present;
    if (missing == 0) return {};
    return fmt::format(
        "this offersim's month loops were built with -march={} and use {}, which this CPU lacks: they "
        "would stop on an illegal instruction. Build it for the machines that run it: cmake "
        "-DOFFERSIM_ARCH=x86-64-v3 (AVX2) or -DOFFERSIM_ARCH=x86-64-v4 (AVX-512) for every node of a "
        "cluster, -DOFFERSIM_ARCH=native on this machine, or -DOFFERSIM_NATIVE=OFF for any x86-64",
        arch, fmt::join(cpu_feature_names(missing), ", "));
}

}  // namespace offersim::sim
