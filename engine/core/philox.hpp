#pragma once
// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC'11):
// a counter-based generator. A draw is a pure function of (key, counter), so any
// customer's numbers for any month can be computed in any order, on any thread, with
// no stored state: results do not depend on the thread count, and two scenarios run
// with the same seed draw the same numbers for the same customer (common random
// numbers). Written with plain 32x32->64 multiplies so GCC vectorises it.
#include <array>
#include <cstdint>
#include <string_view>

namespace offersim {

// FNV-1a of an id: the stream key of a segment, a campaign or a group class, so its draws
// depend on its name, not on its place in the file.
constexpr std::uint32_t stable_hash(std::string_view text) {
    std::uint32_t h = 2166136261u;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 16777619u;
    }
    return h;
}

struct PhiloxKey {
    std::uint32_t k0 = 0;
    std::uint32_t k1 = 0;
};

struct PhiloxCounter {
    std::uint32_t c0 = 0;
    std::uint32_t c1 = 0;
    std::uint32_t c2 = 0;
    std::uint32_t c3 = 0;
};

inline PhiloxCounter philox4x32(PhiloxCounter c, PhiloxKey key) {
    constexpr std::uint64_t m0 = 0xD2511F53u;
    constexpr std::uint64_t m1 = 0xCD9E8D57u;
    constexpr std::uint64_t w0 = 0x9E3779B9u;
    constexpr std::uint64_t w1 = 0xBB67AE85u;
    constexpr std::uint64_t low = 0xFFFFFFFFu;
    // Each 32-bit word rides in a 64-bit lane: the 32x32->64 products then map onto one
    // vector multiply per lane, where 32-bit lanes cost GCC 12 a shuffle around each.
    std::uint64_t c0 = c.c0, c1 = c.c1, c2 = c.c2, c3 = c.c3;
    std::uint64_t k0 = key.k0, k1 = key.k1;
#pragma GCC unroll 10
    for (int round = 0; round < 10; ++round) {
        const std::uint64_t p0 = m0 * c0;
        const std::uint64_t p1 = m1 * c2;
        c0 = (p1 >> 32) ^ c1 ^ k0;
        c1 = p1 & low;
        c2 = (p0 >> 32) ^ c3 ^ k1;
        c3 = p0 & low;
        k0 = (k0 + w0) & low;
        k1 = (k1 + w1) & low;
    }
    return PhiloxCounter{static_cast<std::uint32_t>(c0), static_cast<std::uint32_t>(c1),
                         static_cast<std::uint32_t>(c2), static_cast<std::uint32_t>(c3)};
}

// A uniform draw in (0, 1) from 32 random bits; never exactly 0 or 1.
inline double to_unit_open(std::uint32_t bits) {
    return (static_cast<double>(bits) + 0.5) * (1.0 / 4294967296.0);
}

// The key of one replication of a run: a scenario seed and a replication index mixed so
// that nearby seeds and replications give unrelated streams (SplitMix64 finaliser).
inline PhiloxKey replication_key(std::uint64_t seed, std::uint32_t replication) {
    std::uint64_t z = seed + 0x9E3779B97F4A7C15ull * (static_cast<std::uint64_t>(replication) + 1);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    return PhiloxKey{static_cast<std::uint32_t>(z), static_cast<std::uint32_t>(z >> 32)};
}

}  // namespace offersim
