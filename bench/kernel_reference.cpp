// offersim_kernel_reference: a standalone, hand-tuned kernel of the simplest monthly
// step, the side-by-side yardstick for the engine's benchmark.
//
// Model (per alive customer, per month):
//   usage   = exp(usage_mu + sigma * z),  z ~ N(0,1) by Box-Muller from Philox4x32-10
//   revenue = fee[tier] + min(cap, max(0, usage - included[tier]) * rate[tier])
//   hazard  = hazard_by_tenure[min(tenure, 63)] * churn_lift * (locked ? lock_factor : 1)
//   churn   = u < hazard; survivors age one month; accumulate per (month, segment).
//
// State is structure-of-arrays, 12 bytes per customer. The random stream is
// counter-based and keyed by (seed, customer, month), so the results do not depend
// on the thread count or on the order customers are visited; all accumulators are
// integers, so the reduction is exact and the checksum is identical for any --threads.
//
// The hot loop in step_month must vectorise; check with -fopt-info-vec-optimized
// ("loop vectorized using 64 byte vectors" at its 'for'). Measured with GCC 12 on an
// AVX-512 Zen 4 core, it takes:
//   - '#pragma omp simd' built with -fopenmp-simd: without it the loop stays scalar
//     (about 12x slower);
//   - -fno-math-errno: otherwise sqrt and fma become libm calls (about 8x slower);
//   - branch-free code on 32-bit lanes: 0/1 integer flags, a packed status word, inline
//     polynomial log/cos/exp, and no '&&' or nested '?:' that would make a load
//     conditional. Written this way the loop vectorises even without
//     -fno-trapping-math (about 2% slower); the flag is still set, as for the engine;
//   - -ffp-contract=off: only the explicit std::fma calls fuse, so results are
//     bit-identical between scalar and vector code and across -march levels.

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------
// Model constants.

constexpr int k_segments = 4;
constexpr int k_tiers = 4;
constexpr int k_hazard_len = 64;  // tenure buckets 0..63 months, the last one open-ended
constexpr std::size_t k_state_bytes = 4 + 4 + 4;

constexpr std::array<const char*, k_segments> k_segment_names = {"consumer", "family", "youth", "business"};
// Tier price plan: monthly fee, included data (GB), overage rate per GB.
constexpr std::array<float, k_tiers> k_fee = {15.0f, 25.0f, 40.0f, 60.0f};
constexpr std::array<float, k_tiers> k_included_gb = {2.0f, 10.0f, 30.0f, 100.0f};
constexpr std::array<float, k_tiers> k_rate_per_gb = {10.0f, 8.0f, 6.0f, 4.0f};
constexpr float k_overage_cap = 50.0f;       // bill shock cap; also bounds a month's revenue
constexpr float k_usage_sigma = 0.6f;        // lognormal shape of monthly usage
constexpr float k_lock_factor = 0.3f;        // hazard multiplier while under contract
constexpr unsigned k_term_unit_months = 12;  // contract code c means a 12*c month term

// Status word: the small fields share one uint32_t, so every array in the hot loop has
// 32-bit elements and GCC vectorises it 16 lanes wide with no widening or narrowing.
//   bits 0-15 tenure (months) | 16-17 tier | 18-19 contract code (term = 12 * code
//   months) | 20-21 segment | 31 alive
constexpr std::uint32_t k_tenure_mask = 0xffffu;
constexpr int k_tier_shift = 16;
constexpr int k_contract_shift = 18;
constexpr int k_segment_shift = 20;
constexpr int k_alive_shift = 31;

// Revenue is accumulated in integer cents: exact, so any shard split gives the same sums.
// A chunk's per-lane uint32 sums must not overflow.
constexpr std::uint32_t k_chunk = 1u << 16;
constexpr float k_max_revenue = k_fee[k_tiers - 1] + k_overage_cap;
static_assert(double(k_chunk) * (k_max_revenue * 100.0 + 1.0) < 4294967296.0,
              "per-chunk revenue sum in cents must fit in uint32");

// ---------------------------------------------------------------------------------
// Philox4x32-10 (Salmon et al., SC'11), counter-based: draw = f(key, counter), so
// each (customer, month) gets its own independent block with no generator state.

// Plain structs, not std::array: operator[] takes an address, which makes an
// "omp simd" private live in memory and blocks vectorisation.
struct philox_block {
    std::uint32_t w0, w1, w2, w3;
    bool operator==(const philox_block&) const = default;
};
struct philox_key {
    std::uint32_t k0, k1;
};

constexpr std::uint32_t k_philox_m0 = 0xD2511F53u;
constexpr std::uint32_t k_philox_m1 = 0xCD9E8D57u;
constexpr std::uint32_t k_philox_w0 = 0x9E3779B9u;
constexpr std::uint32_t k_philox_w1 = 0xBB67AE85u;
constexpr int k_philox_rounds = 10;

// Stream tags (third counter word) keep initialisation and monthly draws disjoint.
constexpr std::uint32_t k_stream_init = 1;
constexpr std::uint32_t k_stream_month = 2;

// The ten round keys, computed once outside the hot loop and stored zero-extended to
// 64 bits, the lane width the rounds work in (see philox_wide).
struct philox_round_key {
    std::uint64_t k0, k1;
};
using philox_schedule = std::array<philox_round_key, k_philox_rounds>;

philox_schedule make_schedule(philox_key key) {
    philox_schedule s{};
    for (auto& k : s) {
        k = {key.k0, key.k1};
        key.k0 += k_philox_w0;
        key.k1 += k_philox_w1;
    }
    return s;
}

// Each 32-bit word rides in a uint64_t whose upper half is don't-care, masked off just
// before it is multiplied. The 32x32->64 product is then a plain 64-bit lane multiply
// (vpmullq). Written on uint32_t words, GCC 12 widens and narrows every product
// through cross-lane shuffles, and Philox runs about twice as slow.
struct philox_wide {
    std::uint64_t w0, w1, w2, w3;
};

[[gnu::always_inline]] inline philox_wide philox_round(philox_wide c, philox_round_key k) {
    constexpr std::uint64_t lo32 = 0xffffffffu;
    const std::uint64_t p0 = (c.w0 & lo32) * k_philox_m0;
    const std::uint64_t p1 = (c.w2 & lo32) * k_philox_m1;
    return {(p1 >> 32) ^ c.w1 ^ k.k0, p1, (p0 >> 32) ^ c.w3 ^ k.k1, p0};
}

// Rounds written out so the vectoriser sees straight-line code.
[[gnu::always_inline]] inline philox_block philox4x32_10(philox_block ctr, const philox_schedule& s) {
    philox_wide c{ctr.w0, ctr.w1, ctr.w2, ctr.w3};
    c = philox_round(c, s[0]);
    c = philox_round(c, s[1]);
    c = philox_round(c, s[2]);
    c = philox_round(c, s[3]);
    c = philox_round(c, s[4]);
    c = philox_round(c, s[5]);
    c = philox_round(c, s[6]);
    c = philox_round(c, s[7]);
    c = philox_round(c, s[8]);
    c = philox_round(c, s[9]);
    return {std::uint32_t(c.w0), std::uint32_t(c.w1), std::uint32_t(c.w2), std::uint32_t(c.w3)};
}

// Random123 known-answer vectors; refuse to benchmark a wrong generator.
bool philox_self_test() {
    struct kat {
        philox_block ctr;
        philox_key key;
        philox_block out;
    };
    constexpr std::array<kat, 3> kats = {{
        {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}},
        {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
         {0xffffffffu, 0xffffffffu},
         {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}},
        {{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
         {0xa4093822u, 0x299f31d0u},
         {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}},
    }};
    return std::all_of(kats.begin(), kats.end(),
                       [](const kat& k) { return philox4x32_10(k.ctr, make_schedule(k.key)) == k.out; });
}

// Top 24 bits as a float in [0, 1); exact, and int32 conversion vectorises directly.
[[gnu::always_inline]] inline float uniform01(std::uint32_t r) {
    return float(std::int32_t(r >> 8)) * 0x1p-24f;
}

// ---------------------------------------------------------------------------------
// Branch-free float math. libm calls would block vectorisation (glibc only declares
// its vector variants under -ffast-math); explicit std::fma keeps results exact-to-spec
// whatever the contraction mode, and compiles to vfmadd with -march=native.

// Natural log for x in (0, 1], Cephes logf polynomial (about 1 ulp). No zero,
// negative, denormal or infinity handling: the callers never pass those.
[[gnu::always_inline]] inline float fast_log(float x) {
    const std::uint32_t bits = std::bit_cast<std::uint32_t>(x);
    // Exponent chosen so that the mantissa m lies in [sqrt(1/2), sqrt(2)).
    const std::int32_t e = std::int32_t(bits - 0x3f3504f3u) >> 23;
    const float m = std::bit_cast<float>(bits - (std::uint32_t(e) << 23));
    const float f = m - 1.0f;
    const float fe = float(e);
    float p = 7.0376836292e-2f;
    p = std::fma(p, f, -1.1514610310e-1f);
    p = std::fma(p, f, 1.1676998740e-1f);
    p = std::fma(p, f, -1.2420140846e-1f);
    p = std::fma(p, f, 1.4249322787e-1f);
    p = std::fma(p, f, -1.6668057665e-1f);
    p = std::fma(p, f, 2.0000714765e-1f);
    p = std::fma(p, f, -2.4999993993e-1f);
    p = std::fma(p, f, 3.3333331174e-1f);
    const float f2 = f * f;
    float y = p * f * f2;
    y = std::fma(fe, -2.12194440e-4f, y);
    y = std::fma(f2, -0.5f, y);
    return std::fma(fe, 0.693359375f, f + y);
}

// cos(2*pi*u) for u in [0, 1): fold to t in [0, 1/4] by symmetry, then a Taylor
// polynomial in (2*pi*t)^2 through the x^12 term (abs. error < 1e-8 on [0, pi/2]).
[[gnu::always_inline]] inline float cos_2pi(float u) {
    const float a = std::fabs(u - 0.5f);  // cos(2pi u) = -cos(2pi a)
    const bool upper = a > 0.25f;         // cos(2pi a) = -cos(2pi (1/2 - a))
    const float t = upper ? 0.5f - a : a;
    const float y = t * 6.28318530718f;
    const float y2 = y * y;
    float p = 1.0f / 479001600.0f;
    p = std::fma(p, y2, -1.0f / 3628800.0f);
    p = std::fma(p, y2, 1.0f / 40320.0f);
    p = std::fma(p, y2, -1.0f / 720.0f);
    p = std::fma(p, y2, 1.0f / 24.0f);
    p = std::fma(p, y2, -0.5f);
    p = std::fma(p, y2, 1.0f);
    return upper ? p : -p;
}

// exp(x) for x clamped to [-87, 88]: x = n*ln2 + f with a two-part (Cody-Waite) ln2 so
// |f| <= ln2/2 stays accurate for large x, then a degree-7 Taylor polynomial for
// e^f (relative error about 2e-7 over the whole range).
[[gnu::always_inline]] inline float fast_exp(float x) {
    const float xc = std::clamp(x, -87.0f, 88.0f);
    // Round to nearest with the 1.5 * 2^23 trick (no libm call, no rounding-mode op).
    const float n = (xc * 1.44269504089f + 12582912.0f) - 12582912.0f;
    float f = std::fma(n, -0.693359375f, xc);  // ln2 high part, exact in n * hi
    f = std::fma(n, 2.12194440e-4f, f);        // ln2 low part
    float p = 1.0f / 5040.0f;
    p = std::fma(p, f, 1.0f / 720.0f);
    p = std::fma(p, f, 1.0f / 120.0f);
    p = std::fma(p, f, 1.0f / 24.0f);
    p = std::fma(p, f, 1.0f / 6.0f);
    p = std::fma(p, f, 0.5f);
    p = std::fma(p, f, 1.0f);
    p = std::fma(p, f, 1.0f);
    const float scale = std::bit_cast<float>(std::uint32_t(std::int32_t(n) + 127) << 23);
    return p * scale;
}

// Four-entry table lookup as compare-and-blend: cheaper than a gather for tiny tables.
[[gnu::always_inline]] inline float pick_tier(std::uint32_t tier, const std::array<float, k_tiers>& v) {
    return tier == 0 ? v[0] : tier == 1 ? v[1] : tier == 2 ? v[2] : v[3];
}

// ---------------------------------------------------------------------------------
// State and accumulators.

template <class T>
struct aligned_delete {
    void operator()(T* p) const { ::operator delete[](p, std::align_val_t{64}); }
};
template <class T>
using aligned_array = std::unique_ptr<T[], aligned_delete<T>>;

template <class T>
aligned_array<T> make_aligned(std::size_t n) {
    // Left uninitialised on purpose: each thread first-touches its own shard.
    return aligned_array<T>(static_cast<T*>(::operator new[](n * sizeof(T), std::align_val_t{64})));
}

// Structure of arrays, 12 bytes per customer.
struct customer_state {
    aligned_array<float> usage_mu;        // 4 B: log-mean monthly usage (GB)
    aligned_array<float> churn_lift;      // 4 B: customer propensity multiplier on hazard
    aligned_array<std::uint32_t> status;  // 4 B: tenure, tier, contract, segment, alive
};
static_assert(k_state_bytes == 2 * sizeof(float) + sizeof(std::uint32_t));

struct segment_totals {
    std::uint64_t revenue_cents = 0;
    std::uint64_t active = 0;  // customer-months billed
    std::uint64_t churners = 0;
};
using month_totals = std::array<segment_totals, k_segments>;

struct model_tables {
    std::array<float, k_hazard_len> hazard;
};

model_tables make_tables() {
    model_tables t{};
    // Monthly churn hazard: high in the first months, settling to about 1% a month.
    for (int m = 0; m < k_hazard_len; ++m) {
        t.hazard[std::size_t(m)] = 0.010f + 0.025f * std::exp(-float(m) / 8.0f);
    }
    return t;
}

// Deterministic synthetic book of customers, keyed by customer index (not timed).
// Segments differ only through their mix of tiers and churn propensity, so the hot
// loop stays segment-blind apart from the accumulator slot.
void init_customers(customer_state& s, std::uint32_t begin, std::uint32_t end, const philox_schedule& key) {
    // Cumulative probability of tiers 0, 1, 2 (the rest is tier 3), by segment.
    constexpr std::array<std::array<float, 3>, k_segments> tier_cdf = {{
        {0.35f, 0.70f, 0.90f},  // consumer
        {0.15f, 0.50f, 0.85f},  // family
        {0.50f, 0.85f, 0.97f},  // youth
        {0.05f, 0.25f, 0.60f},  // business
    }};
    constexpr std::array<float, k_segments> segment_lift = {1.0f, 0.8f, 1.4f, 0.6f};

    for (std::uint32_t i = begin; i < end; ++i) {
        const philox_block a = philox4x32_10({i, 0, k_stream_init, 0}, key);
        const philox_block b = philox4x32_10({i, 1, k_stream_init, 0}, key);

        const float u_seg = uniform01(a.w0);  // segment shares 40/30/20/10%
        const std::uint32_t seg = u_seg < 0.4f ? 0 : u_seg < 0.7f ? 1 : u_seg < 0.9f ? 2 : 3;
        const float u_tier = uniform01(a.w1);
        const auto& cdf = tier_cdf[seg];
        const std::uint32_t tier = u_tier < cdf[0] ? 0 : u_tier < cdf[1] ? 1 : u_tier < cdf[2] ? 2 : 3;
        const std::uint32_t contract = a.w2 >> 30;  // none, 12, 24 or 36 months
        const std::uint32_t tenure = b.w0 % 60u;    // an existing book, not all new joiners

        s.status[i] = tenure | tier << k_tier_shift | contract << k_contract_shift | seg << k_segment_shift |
                      1u << k_alive_shift;
        // Typical usage near 70% of the allowance, with a per-customer factor of e^+-0.4.
        s.usage_mu[i] = std::log(0.7f * k_included_gb[tier]) + 0.8f * (uniform01(b.w1) - 0.5f);
        s.churn_lift[i] = segment_lift[seg] * (0.5f + 1.5f * uniform01(b.w2));
    }
}

// ---------------------------------------------------------------------------------
// The hot loop: one month for customers [begin, end).

void step_month(customer_state& s, std::uint32_t begin, std::uint32_t end, std::uint32_t month,
                const philox_schedule& schedule, const model_tables& tables, month_totals& out) {
    // Local copy: the status stores could alias the caller's schedule, which would
    // force the round keys to be reloaded (and re-widened) every iteration.
    const philox_schedule key = schedule;
    const float* __restrict usage_mu = s.usage_mu.get();
    const float* __restrict churn_lift = s.churn_lift.get();
    std::uint32_t* __restrict status_p = s.status.get();
    const float* __restrict hazard_table = tables.hazard.data();

    // A 64-bit index: with a uint32_t one, (size_t)i may wrap, so GCC cannot prove the
    // addresses affine and falls back to (unsupported) gathers.
    for (std::size_t chunk = begin; chunk < end; chunk += k_chunk) {
        const std::size_t chunk_end = std::min<std::size_t>(chunk + k_chunk, end);
        // Per-segment sums as plain scalars so GCC turns each into a vector reduction.
        std::uint32_t rev0 = 0, rev1 = 0, rev2 = 0, rev3 = 0;
        std::uint32_t act0 = 0, act1 = 0, act2 = 0, act3 = 0;
        std::uint32_t chn0 = 0, chn1 = 0, chn2 = 0, chn3 = 0;

        // Flags are 0/1 integers combined with & and ^, never bools with && or ?: on
        // mixed widths: that keeps every mask 32 bits wide and every load unconditional.
#pragma omp simd reduction(+ : rev0, rev1, rev2, rev3, act0, act1, act2, act3, chn0, chn1, chn2, chn3)
        for (std::size_t i = chunk; i < chunk_end; ++i) {
            const std::uint32_t st = status_p[i];
            const std::uint32_t tenure = st & k_tenure_mask;
            const std::uint32_t tier = (st >> k_tier_shift) & 3u;
            const std::uint32_t term = ((st >> k_contract_shift) & 3u) * k_term_unit_months;
            const std::uint32_t seg = (st >> k_segment_shift) & 3u;
            const std::uint32_t alive = st >> k_alive_shift;

            // One Philox block per customer-month: two words for the normal, one for churn.
            const philox_block r = philox4x32_10({std::uint32_t(i), month, k_stream_month, 0}, key);
            const float u1 = uniform01(r.w0) + 0x1p-25f;  // (0, 1): log stays finite
            const float z = std::sqrt(-2.0f * fast_log(u1)) * cos_2pi(uniform01(r.w1));
            const float usage = fast_exp(std::fma(k_usage_sigma, z, usage_mu[i]));

            // Overage rating against the tier's allowance, billed in whole cents.
            const float over_gb = std::max(usage - pick_tier(tier, k_included_gb), 0.0f);
            const float overage = std::min(over_gb * pick_tier(tier, k_rate_per_gb), k_overage_cap);
            const float revenue = pick_tier(tier, k_fee) + overage;
            const std::uint32_t cents =
                std::uint32_t(std::int32_t(std::fma(revenue, 100.0f, 0.5f))) & (0u - alive);

            // Tenure hazard, damped by the lock-in factor during the contract term.
            // Compare the clamped bucket, not tenure (equal, since term <= 36 < 63):
            // otherwise GCC splits the paths and the table load becomes conditional.
            const std::uint32_t bucket = std::min(tenure, std::uint32_t(k_hazard_len - 1));
            const float lock = bucket < term ? k_lock_factor : 1.0f;
            const float hazard = hazard_table[bucket] * churn_lift[i] * lock;
            const std::uint32_t churn = alive & (uniform01(r.w2) < hazard ? 1u : 0u);

            // Survivors age a month; churners lose the alive bit (set, so subtract it).
            const std::uint32_t age = (alive ^ churn) & (tenure < k_tenure_mask ? 1u : 0u);
            status_p[i] = st + age - (churn << k_alive_shift);

            rev0 += seg == 0 ? cents : 0u;
            rev1 += seg == 1 ? cents : 0u;
            rev2 += seg == 2 ? cents : 0u;
            rev3 += seg == 3 ? cents : 0u;
            act0 += seg == 0 ? alive : 0u;
            act1 += seg == 1 ? alive : 0u;
            act2 += seg == 2 ? alive : 0u;
            act3 += seg == 3 ? alive : 0u;
            chn0 += seg == 0 ? churn : 0u;
            chn1 += seg == 1 ? churn : 0u;
            chn2 += seg == 2 ? churn : 0u;
            chn3 += seg == 3 ? churn : 0u;
        }

        const std::array<std::uint32_t, k_segments> rev = {rev0, rev1, rev2, rev3};
        const std::array<std::uint32_t, k_segments> act = {act0, act1, act2, act3};
        const std::array<std::uint32_t, k_segments> chn = {chn0, chn1, chn2, chn3};
        for (std::size_t g = 0; g < k_segments; ++g) {
            out[g].revenue_cents += rev[g];
            out[g].active += act[g];
            out[g].churners += chn[g];
        }
    }
}

// ---------------------------------------------------------------------------------
// Driver.

struct options {
    std::uint64_t customers = 10'000'000;
    std::uint32_t months = 36;
    std::uint32_t threads = 1;
    std::uint32_t repeat = 3;
    std::uint64_t seed = 20240601;
};

struct run_result {
    double seconds = 0.0;
    std::vector<month_totals> totals;  // [month][segment], reduced in shard order
};

// Fixed contiguous shard t of n customers over T threads.
std::uint32_t shard_begin(std::uint64_t n, std::uint32_t threads, std::uint32_t t) {
    return std::uint32_t(n * t / threads);
}

template <class F>
void run_sharded(const options& o, F&& work) {
    std::vector<std::thread> pool;
    pool.reserve(o.threads);
    for (std::uint32_t t = 0; t < o.threads; ++t) {
        pool.emplace_back(work, t, shard_begin(o.customers, o.threads, t),
                          shard_begin(o.customers, o.threads, t + 1));
    }
    for (auto& th : pool) th.join();
}

run_result run_once(const options& o, customer_state& s, const model_tables& tables) {
    const philox_schedule key = make_schedule({std::uint32_t(o.seed), std::uint32_t(o.seed >> 32)});

    // Fresh book every run, so all repeats compute the same thing (not timed).
    run_sharded(o, [&](std::uint32_t, std::uint32_t b, std::uint32_t e) { init_customers(s, b, e, key); });

    std::vector<std::vector<month_totals>> per_shard(o.threads, std::vector<month_totals>(o.months));
    const auto t0 = std::chrono::steady_clock::now();
    // Customers are independent, so each shard runs all its months without a barrier.
    run_sharded(o, [&](std::uint32_t t, std::uint32_t b, std::uint32_t e) {
        for (std::uint32_t m = 0; m < o.months; ++m) step_month(s, b, e, m, key, tables, per_shard[t][m]);
    });
    const auto t1 = std::chrono::steady_clock::now();

    run_result r;
    r.seconds = std::chrono::duration<double>(t1 - t0).count();
    r.totals.assign(o.months, month_totals{});
    for (std::uint32_t t = 0; t < o.threads; ++t) {
        for (std::uint32_t m = 0; m < o.months; ++m) {
            for (std::size_t g = 0; g < k_segments; ++g) {
                r.totals[m][g].revenue_cents += per_shard[t][m][g].revenue_cents;
                r.totals[m][g].active += per_shard[t][m][g].active;
                r.totals[m][g].churners += per_shard[t][m][g].churners;
            }
        }
    }
    return r;
}

// FNV-1a over every accumulator in (month, segment, field) order.
std::uint64_t checksum(const std::vector<month_totals>& totals) {
    std::uint64_t h = 0xcbf29ce484222325ull;
    auto mix = [&h](std::uint64_t v) {
        for (int b = 0; b < 8; ++b) {
            h ^= (v >> (8 * b)) & 0xffu;
            h *= 0x100000001b3ull;
        }
    };
    for (const auto& month : totals) {
        for (const auto& g : month) {
            mix(g.revenue_cents);
            mix(g.active);
            mix(g.churners);
        }
    }
    return h;
}

void print_usage(std::FILE* f) {
    std::fprintf(f,
                 "usage: offersim_kernel_reference [--customers N] [--months M] [--threads T]\n"
                 "                                 [--repeat K] [--seed S]\n"
                 "defaults: 10000000 customers x 36 months, 1 thread, 3 repeats\n");
}

bool parse_u64(std::string_view text, std::uint64_t lo, std::uint64_t hi, std::uint64_t& out) {
    if (text.empty()) return false;
    char* end = nullptr;
    const std::string s(text);
    errno = 0;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || s[0] == '-' || v < lo || v > hi) return false;
    out = v;
    return true;
}

bool parse_options(int argc, char** argv, options& o) {
    for (int a = 1; a < argc; ++a) {
        const std::string_view arg = argv[a];
        if (arg == "--help" || arg == "-h") {
            print_usage(stdout);
            std::exit(0);
        }
        if (a + 1 >= argc) {
            std::fprintf(stderr, "offersim_kernel_reference: '%s' needs a value\n", argv[a]);
            return false;
        }
        const std::string_view val = argv[++a];
        std::uint64_t v = 0;
        if (arg == "--customers" && parse_u64(val, 1, 0xffffffffu, v)) {
            o.customers = v;  // the Philox counter holds the index in one 32-bit word
        } else if (arg == "--months" && parse_u64(val, 1, 10000, v)) {
            o.months = std::uint32_t(v);
        } else if (arg == "--threads" && parse_u64(val, 1, 1024, v)) {
            o.threads = std::uint32_t(v);
        } else if (arg == "--repeat" && parse_u64(val, 1, 1000, v)) {
            o.repeat = std::uint32_t(v);
        } else if (arg == "--seed" && parse_u64(val, 0, ~std::uint64_t{0}, v)) {
            o.seed = v;
        } else {
            std::fprintf(stderr, "offersim_kernel_reference: bad option or value '%s %s'\n", argv[a - 1],
                         argv[a]);
            return false;
        }
    }
    if (o.threads > o.customers) {
        std::fprintf(stderr, "offersim_kernel_reference: more threads than customers\n");
        return false;
    }
    return true;
}

void print_run(const char* label, double seconds, double customer_months, std::uint64_t sum) {
    std::printf(
        "%-7s %8.3f s  %7.1f M customer-months/s  %6.3f ns/customer-month  "
        "%zu B/customer  checksum %016llx\n",
        label, seconds, customer_months / seconds / 1e6, seconds * 1e9 / customer_months, k_state_bytes,
        static_cast<unsigned long long>(sum));
}

}  // namespace

int main(int argc, char** argv) {
    options o;
    if (!parse_options(argc, argv, o)) {
        print_usage(stderr);
        return 2;
    }
    if (!philox_self_test()) {
        std::fprintf(stderr, "Philox4x32-10 known-answer test failed\n");
        return 1;
    }

    const model_tables tables = make_tables();
    customer_state s{make_aligned<float>(o.customers), make_aligned<float>(o.customers),
                     make_aligned<std::uint32_t>(o.customers)};

    const double customer_months = double(o.customers) * o.months;
    std::printf(
        "offersim_kernel_reference: %llu customers x %u months, %u thread(s), "
        "%zu B state/customer, seed %llu\n",
        static_cast<unsigned long long>(o.customers), o.months, o.threads, k_state_bytes,
        static_cast<unsigned long long>(o.seed));

    std::vector<double> seconds;
    std::uint64_t first_sum = 0;
    run_result last;
    for (std::uint32_t k = 0; k < o.repeat; ++k) {
        last = run_once(o, s, tables);
        const std::uint64_t sum = checksum(last.totals);
        if (k == 0) first_sum = sum;
        if (sum != first_sum) {
            std::fprintf(stderr, "checksum changed between repeats\n");
            return 1;
        }
        seconds.push_back(last.seconds);
        const std::string label = "run " + std::to_string(k + 1);
        print_run(label.c_str(), last.seconds, customer_months, sum);
    }
    std::sort(seconds.begin(), seconds.end());
    // Median; for an even count, the mean of the middle two.
    const std::size_t n = seconds.size();
    const double median = n % 2 ? seconds[n / 2] : 0.5 * (seconds[n / 2 - 1] + seconds[n / 2]);
    print_run("median", median, customer_months, first_sum);

    // Model sanity summary over the whole horizon.
    std::printf("segment     active-months      churners  churn/month  revenue/active-month\n");
    for (std::size_t g = 0; g < k_segments; ++g) {
        segment_totals t;
        for (const auto& m : last.totals) {
            t.revenue_cents += m[g].revenue_cents;
            t.active += m[g].active;
            t.churners += m[g].churners;
        }
        const double act = double(std::max<std::uint64_t>(t.active, 1));
        std::printf("%-9s %15llu %13llu %11.4f %21.2f\n", k_segment_names[g],
                    static_cast<unsigned long long>(t.active), static_cast<unsigned long long>(t.churners),
                    double(t.churners) / act, double(t.revenue_cents) / 100.0 / act);
    }
    return 0;
}
