// What the hot loops were compiled for: this file takes the hot loops' flags
// (OFFERSIM_HOT_FLAGS in engine/CMakeLists.txt), so the compiler's own macros say which
// extensions it may use there. Constants only, read by cpu_check.cpp (built for any x86-64):
// no code of this file runs, before the check or after.
#include "engine/sim/cpu_check.hpp"
#include "engine/sim/cpu_feature_list.hpp"

namespace offersim::sim::detail {

const CpuFeatures kHotLoopFeatures = CpuFeatures{0}
#ifdef __SSE3__
                                     | cpu_feature_bit(CpuFeature::sse3)
#endif
#ifdef __SSSE3__
                                     | cpu_feature_bit(CpuFeature::ssse3)
#endif
#ifdef __SSE4_1__
                                     | cpu_feature_bit(CpuFeature::sse4_1)
#endif
#ifdef __SSE4_2__
                                     | cpu_feature_bit(CpuFeature::sse4_2)
#endif
#ifdef __SSE4A__
                                     | cpu_feature_bit(CpuFeature::sse4a)
#endif
#ifdef __POPCNT__
                                     | cpu_feature_bit(CpuFeature::popcnt)
#endif
#ifdef __AVX__
                                     | cpu_feature_bit(CpuFeature::avx)
#endif
#ifdef __FMA__
                                     | cpu_feature_bit(CpuFeature::fma)
#endif
#ifdef __AVX2__
                                     | cpu_feature_bit(CpuFeature::avx2)
#endif
#ifdef __BMI__
                                     | cpu_feature_bit(CpuFeature::bmi)
#endif
#ifdef __BMI2__
                                     | cpu_feature_bit(CpuFeature::bmi2)
#endif
#ifdef __AES__
                                     | cpu_feature_bit(CpuFeature::aes)
#endif
#ifdef __PCLMUL__
                                     | cpu_feature_bit(CpuFeature::pclmul)
#endif
#ifdef __GFNI__
                                     | cpu_feature_bit(CpuFeature::gfni)
#endif
#ifdef __VPCLMULQDQ__
                                     | cpu_feature_bit(CpuFeature::vpclmulqdq)
#endif
#ifdef __AVX512F__
                                     | cpu_feature_bit(CpuFeature::avx512f)
#endif
#ifdef __AVX512DQ__
                                     | cpu_feature_bit(CpuFeature::avx512dq)
#endif
#ifdef __AVX512BW__
                                     | cpu_feature_bit(CpuFeature::avx512bw)
#endif
#ifdef __AVX512VL__
                                     | cpu_feature_bit(CpuFeature::avx512vl)
#endif
#ifdef __AVX512CD__
                                     | cpu_feature_bit(CpuFeature::avx512cd)
#endif
#ifdef __AVX512VBMI__
                                     | cpu_feature_bit(CpuFeature::avx512vbmi)
#endif
#ifdef __AVX512VBMI2__
                                     | cpu_feature_bit(CpuFeature::avx512vbmi2)
#endif
#ifdef __AVX512IFMA__
                                     | cpu_feature_bit(CpuFeature::avx512ifma)
#endif
#ifdef __AVX512VNNI__
                                     | cpu_feature_bit(CpuFeature::avx512vnni)
#endif
#ifdef __AVX512BITALG__
                                     | cpu_feature_bit(CpuFeature::avx512bitalg)
#endif
#ifdef __AVX512VPOPCNTDQ__
                                     | cpu_feature_bit(CpuFeature::avx512vpopcntdq)
#endif
#ifdef __AVX512BF16__
                                     | cpu_feature_bit(CpuFeature::avx512bf16)
#endif
#ifdef __AVX512VP2INTERSECT__
                                     | cpu_feature_bit(CpuFeature::avx512vp2intersect)
#endif
    ;
const char kHotLoopArch[] = OFFERSIM_HOT_ARCH;

}  // namespace offersim::sim::detail
