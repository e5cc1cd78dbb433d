#pragma once
// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash. Whoever lacks the
// 128-bit key cannot compute or invert it, so a customer id hashed with a secret key keys
// random draws without the id itself being kept or written (docs/models.md §33).
#include <cstdint>
#include <cstring>
#include <string_view>

namespace offersim {

struct SipKey {
    std::uint64_t k0 = 0;
    std::uint64_t k1 = 0;
};

namespace detail {
constexpr std::uint64_t rotl(std::uint64_t x, int b) {
    return (x << b) | (x >> (64 - b));
}
inline void sip_round(std::uint64_t& v0, std::uint64_t& v1, std::uint64_t& v2, std::uint64_t& v3) {
    v0 += v1;
    v1 = rotl(v1, 13);
    v1 ^= v0;
    v0 = rotl(v0, 32);
    v2 += v3;
    v3 = rotl(v3, 16);
    v3 ^= v2;
    v0 += v3;
    v3 = rotl(v3, 21);
    v3 ^= v0;
    v2 += v1;
    v1 = rotl(v1, 17);
    v1 ^= v2;
    v2 = rotl(v2, 32);
}
}  // namespace detail

inline std::uint64_t siphash24(SipKey key, std::string_view bytes) {
    std::uint64_t v0 = 0x736f6d6570736575ULL ^ key.k0;
    std::uint64_t v1 = 0x646f72616e646f6dULL ^ key.k1;
    std::uint64_t v2 = 0x6c7967656e657261ULL ^ key.k0;
    std::uint64_t v3 = 0x7465646279746573ULL ^ key.k1;
    const std::size_t n = bytes.size();
    const char* p = bytes.data();
    const std::size_t whole = n - n % 8;
    for (std::size_t i = 0; i < whole; i += 8) {
        std::uint64_t m = 0;
        for (int b = 0; b < 8; ++b)
            m |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i + static_cast<std::size_t>(b)]))
                 << (8 * b);
        v3 ^= m;
        detail::sip_round(v0, v1, v2, v3);
        detail::sip_round(v0, v1, v2, v3);
        v0 ^= m;
    }
    std::uint64_t last = static_cast<std::uint64_t>(n & 0xff) << 56;
    for (std::size_t i = whole; i < n; ++i)
        last |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * (i - whole));
    v3 ^= last;
    detail::sip_round(v0, v1, v2, v3);
    detail::sip_round(v0, v1, v2, v3);
    v0 ^= last;
    v2 ^= 0xff;
    for (int r = 0; r < 4; ++r) detail::sip_round(v0, v1, v2, v3);
    return v0 ^ v1 ^ v2 ^ v3;
}

// The hash of one 64-bit word, as its eight little-endian bytes.
inline std::uint64_t siphash24(SipKey key, std::uint64_t word) {
    char bytes[8];
    for (int b = 0; b < 8; ++b) bytes[b] = static_cast<char>((word >> (8 * b)) & 0xff);
    return siphash24(key, std::string_view(bytes, 8));
}

}  // namespace offersim
