#include "engine/sim/cpu_check.hpp"

#include "engine/sim/cpu_feature_list.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::sim {
namespace {

constexpr CpuFeatures bits(std::initializer_list<CpuFeature> features) {
    CpuFeatures b = 0;
    for (const CpuFeature f : features) b |= cpu_feature_bit(f);
    return b;
}

TEST(CpuCheck, NamesTheFeaturesInBitOrderAsGccCallsThem) {
    EXPECT_EQ(cpu_feature_names(bits({CpuFeature::avx512f, CpuFeature::sse4_1, CpuFeature::avx2})),
              (std::vector<std::string_view>{"sse4.1", "avx2", "avx512f"}));
    EXPECT_TRUE(cpu_feature_names(0).empty());
}

TEST(CpuCheck, SaysNothingWhereTheCpuHasEverythingTheLoopsUse) {
    const CpuFeatures avx2 = bits({CpuFeature::avx, CpuFeature::avx2, CpuFeature::fma});
    EXPECT_EQ(missing_cpu_features_message(avx2, avx2 | bits({CpuFeature::avx512f}), "x86-64-v3"), "");
    EXPECT_EQ(missing_cpu_features_message(0, 0, "x86-64"), "");
}

// A binary built with AVX-512 started on an AVX2 node: what it lacks, and how to build one
// that runs there.
TEST(CpuCheck, NamesWhatTheCpuLacksAndTheBuildOptionsThatFit) {
    const CpuFeatures avx2 = bits({CpuFeature::avx, CpuFeature::avx2, CpuFeature::fma});
    const std::string message = missing_cpu_features_message(
        avx2 | bits({CpuFeature::avx512f, CpuFeature::avx512bw}), avx2, "native");
    EXPECT_NE(message.find("-march=native and use avx512f, avx512bw, which this CPU lacks"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("avx2,"), std::string::npos) << "only what is missing is named: " << message;
    EXPECT_NE(message.find("-DOFFERSIM_ARCH=x86-64-v3"), std::string::npos) << message;
    EXPECT_NE(message.find("-DOFFERSIM_NATIVE=OFF"), std::string::npos) << message;
}

// This test binary's own loops were built on or for this machine, so they run here; and what
// the build says it used is what this CPU reports having (a native build on this machine, a
// portable one, or a named level this machine has).
TEST(CpuCheck, TheLoopsOfThisBuildRunOnThisMachine) {
    EXPECT_EQ(missing_cpu_features_message(), "");
    EXPECT_EQ(hot_loop_features() & ~cpu_features(), CpuFeatures{0});
    EXPECT_FALSE(hot_loop_arch().empty());
#if defined(__x86_64__)
    // The CPU's own answers come back, whatever the build: SSE3 is on every x86-64 made since 2005.
    EXPECT_NE(cpu_features() & cpu_feature_bit(CpuFeature::sse3), CpuFeatures{0});
#endif
}

}  // namespace
}  // namespace offersim::sim
