#pragma once
// The instruction-set extensions engine/sim/cpu_check.hpp checks, as X(id, name): `name` is
// both what __builtin_cpu_supports takes (in GCC 12 and Clang 14) and what the user is told:
// the vector and bit-manipulation extensions the loops may use. The order gives each its bit;
// cpu_check_hot.cpp lists the same ids under the macros the compiler defines for them.
#include <cstdint>

#define OFFERSIM_CPU_FEATURES(X)          \
    X(sse3, "sse3")                       \
    X(ssse3, "ssse3")                     \
    X(sse4_1, "sse4.1")                   \
    X(sse4_2, "sse4.2")                   \
    X(sse4a, "sse4a")                     \
    X(popcnt, "popcnt")                   \
    X(avx, "avx")                         \
    X(fma, "fma")                         \
    X(avx2, "avx2")                       \
    X(bmi, "bmi")                         \
    X(bmi2, "bmi2")                       \
    X(aes, "aes")                         \
    X(pclmul, "pclmul")                   \
    X(gfni, "gfni")                       \
    X(vpclmulqdq, "vpclmulqdq")           \
    X(avx512f, "avx512f")                 \
    X(avx512dq, "avx512dq")               \
    X(avx512bw, "avx512bw")               \
    X(avx512vl, "avx512vl")               \
    X(avx512cd, "avx512cd")               \
    X(avx512vbmi, "avx512vbmi")           \
    X(avx512vbmi2, "avx512vbmi2")         \
    X(avx512ifma, "avx512ifma")           \
    X(avx512vnni, "avx512vnni")           \
    X(avx512bitalg, "avx512bitalg")       \
    X(avx512vpopcntdq, "avx512vpopcntdq") \
    X(avx512bf16, "avx512bf16")           \
    X(avx512vp2intersect, "avx512vp2intersect")

namespace offersim::sim {

enum class CpuFeature {
#define OFFERSIM_CPU_FEATURE_ID(id, name) id,
    OFFERSIM_CPU_FEATURES(OFFERSIM_CPU_FEATURE_ID)
#undef OFFERSIM_CPU_FEATURE_ID
        count
};

constexpr std::uint64_t cpu_feature_bit(CpuFeature f) {
    return std::uint64_t{1} << static_cast<int>(f);
}

namespace detail {
// Defined in cpu_check_hot.cpp, which is compiled as the hot loops are; read by cpu_check.cpp.
// The features as cpu_feature_bit gives them, and the -march name.
extern const std::uint64_t kHotLoopFeatures;
extern const char kHotLoopArch[];
}  // namespace detail

}  // namespace offersim::sim
