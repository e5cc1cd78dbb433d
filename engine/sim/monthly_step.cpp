#include "engine/sim/monthly_step.hpp"

#include "models/rating.hpp"

#include <algorithm>
#include <cmath>

namespace offersim::sim {

ShardMonth step_shard(const SimulationPlan& plan, CustomerStore& store, const Shard& shard, int month,
                      PhiloxKey replication_key, double* active_by_tier) {
    const Cohort& cohort = store.cohorts()[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(cohort.segment)];
    const PhiloxKey key = segment_key(replication_key, seg.stream_key);
    const TierTable& tiers = plan.tiers;

    // Plain pointers so the vectoriser sees no aliasing through vectors.
    std::uint8_t* const alive = store.alive.data();
    std::uint16_t* const tenure = store.tenure_months.data();
    const std::uint8_t* const tier = store.tier.data();
    const float* const voice_p = store.voice_propensity.data();
    const float* const data_p = store.data_propensity.data();
    const float* const sms_p = store.sms_propensity.data();
    const float* const noise = seg.noise_atoms.data();
    const float* const hazard = seg.hazard.data();
    const double* const fee = tiers.fee_fen.data();
    const double* const inc_v = tiers.included_voice_min.data();
    const double* const inc_d = tiers.included_data_mb.data();
    const double* const inc_s = tiers.included_sms.data();
    const double* const rate_v = tiers.voice_centifen.data();
    const double* const rate_d = tiers.data_centifen.data();
    const double* const rate_s = tiers.sms_centifen.data();
    constexpr int noise_shift = 32 - 10;
    static_assert(kNoiseAtoms == 1 << 10);

    double active = 0, churners = 0, fee_sum = 0, ov_v = 0, ov_d = 0, ov_s = 0, min_sum = 0, mb_sum = 0,
           sms_sum = 0;
    const std::int64_t first = shard.begin - cohort.begin;
    const std::int64_t n = shard.end - shard.begin;
    const std::int64_t base = shard.begin;
#pragma omp simd reduction(+ : active, churners, fee_sum, ov_v, ov_d, ov_s, min_sum, mb_sum, sms_sum)
    for (std::int64_t j = 0; j < n; ++j) {
        const std::int64_t i = base + j;
        const PhiloxCounter r =
            philox4x32(customer_counter(first + j, cohort.join_month, month, Stream::monthly), key);
        const double a = alive[i];
        const int t = tier[i];
        const double minutes = models::billable_units(voice_p[i] * noise[r.c1 >> noise_shift]);
        const double mb = models::billable_units(data_p[i] * noise[r.c2 >> noise_shift]);
        const double messages = models::billable_units(sms_p[i] * noise[r.c3 >> noise_shift]);
        const double bill_fee = fee[t];
        const double bill_v = models::overage_fen(minutes, inc_v[t], rate_v[t]);
        const double bill_d = models::overage_fen(mb, inc_d[t], rate_d[t]);
        const double bill_s = models::overage_fen(messages, inc_s[t], rate_s[t]);
        const int completed = std::min<int>(tenure[i], kHazardMonths - 1);
        // 24 random bits against the hazard: resolution 6e-8, far below any hazard given.
        const float u = static_cast<float>(r.c0 >> 8) * (1.0f / 16777216.0f);
        const double leaves = a * static_cast<double>(u < hazard[completed]);
        active += a;
        churners += leaves;
        fee_sum += a * bill_fee;
        ov_v += a * bill_v;
        ov_d += a * bill_d;
        ov_s += a * bill_s;
        min_sum += a * minutes;
        mb_sum += a * mb;
        sms_sum += a * messages;
        alive[i] = static_cast<std::uint8_t>(a - leaves);
        tenure[i] = static_cast<std::uint16_t>(tenure[i] + static_cast<int>(a));
    }
    for (std::int64_t i = shard.begin; i < shard.end; ++i) active_by_tier[tier[i]] += alive[i] ;
    return ShardMonth{active, churners, fee_sum, ov_v, ov_d, ov_s, min_sum, mb_sum, sms_sum};
}

}  // namespace offersim::sim
