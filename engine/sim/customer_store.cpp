#include "engine/sim/customer_store.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace offersim::sim {

namespace {

// How many cumulative shares lie at or below u: written out in full so the caller's loop
// has no inner loop and vectorises.
template <std::size_t... K>
int shares_below(double u, const std::array<double, sizeof...(K)>& cumulative, std::index_sequence<K...>) {
    return (static_cast<int>(u >= cumulative[K]) + ...);
}

}  // namespace

StoreLayout CustomerStore::layout(const SimulationPlan& plan) {
    StoreLayout l;
    std::int64_t offset = 0;
    for (int s = 0; s < static_cast<int>(plan.segments.size()); ++s) {
        const auto& seg = plan.segments[static_cast<std::size_t>(s)];
        for (int m = 0; m <= plan.horizon_months; ++m) {
            const std::int64_t n =
                m == 0 ? seg.initial_size : seg.gross_adds[static_cast<std::size_t>(m - 1)];
            if (n == 0) continue;
            const int c = static_cast<int>(l.cohorts.size());
            l.cohorts.push_back(Cohort{s, m, offset, offset + n});
            for (std::int64_t b = offset; b < offset + n; b += kShardCustomers)
                l.shards.push_back(Shard{c, b, std::min(b + kShardCustomers, offset + n)});
            offset += n;
        }
    }
    return l;
}

CustomerStore::CustomerStore(const SimulationPlan& plan, std::optional<ShardRange> touched) {
    StoreLayout l = layout(plan);
    cohorts_ = std::move(l.cohorts);
    shards_ = std::move(l.shards);
    const auto n = static_cast<std::size_t>(cohorts_.empty() ? 0 : cohorts_.back().end);
    // The customers the store may write: all of them, or the touched shards' (consecutive).
    const CustomerSpan span =
        touched ? customers_of(shards_, *touched) : CustomerSpan{0, static_cast<std::int64_t>(n)};
    const auto begin = static_cast<std::size_t>(span.first);
    const auto end = static_cast<std::size_t>(span.last);
    // Each column spans every customer (`slots` times) and reads as zeros (Column): a zero is
    // not written, any other value only in [begin, end) of each slot, so that a column of the
    // whole base is resident only where its customers are created.
    const auto allocate = [&]<typename T>(Column<T>& column, T value, std::size_t slots = 1) {
        column.resize(n * slots);
        if (value == T{}) return;
        for (std::size_t slot = 0; slot < slots; ++slot)
            std::fill(column.begin() + static_cast<std::ptrdiff_t>(slot * n + begin),
                      column.begin() + static_cast<std::ptrdiff_t>(slot * n + end), value);
    };
    allocate(tier, std::uint8_t{0});
    allocate(alive, std::uint8_t{0});
    allocate(offer, std::uint8_t{0});
    allocate(offer_month, std::uint16_t{0});
    allocate(contract_end, std::uint16_t{0});
    allocate(tenure_months, std::uint16_t{0});
    allocate(voice_propensity, 0.0f);
    allocate(data_propensity, 0.0f);
    allocate(sms_propensity, 0.0f);
    if (plan.has_own_churn()) allocate(churn_theta, 0.0f);
    const BehaviourPlan& b = plan.behaviour;
    if (b.enabled) {
        allocate(rechoose, std::uint8_t{0});
        allocate(vip_level, std::uint8_t{0});
        allocate(warning_until, std::uint16_t{0});
        allocate(retained_until, std::uint16_t{0});
        allocate(retained_by, std::uint8_t{0});
    }
    if (b.enabled && b.vip) {
        // The window only for the graded segments' cohorts, one after another in each slot.
        window_first_.assign(cohorts_.size(), -1);
        for (std::size_t c = 0; c < cohorts_.size(); ++c) {
            if (!holds_vip_window(plan, plan.segments[static_cast<std::size_t>(cohorts_[c].segment)]))
                continue;
            window_first_[c] = window_customers_;
            window_customers_ += cohorts_[c].end - cohorts_[c].begin;
        }
        spend.resize(static_cast<std::size_t>(window_customers_) * static_cast<std::size_t>(b.window_months));
    }
    if (plan.answers_prices()) allocate(reference_tier, std::uint8_t{0});
    if (plan.leaving_answers_prices()) {
        allocate(price_odds, 1.0f);
        allocate(price_odds_key, std::uint32_t{0});
    }
    if (plan.usage_answers_prices()) {
        allocate(voice_scale, 1.0f);
        allocate(data_scale, 1.0f);
        allocate(sms_scale, 1.0f);
        allocate(off_peak_share, 0.0f);
        allocate(usage_key, std::uint32_t{0});
    }
    if (plan.group_members) {
        allocate(group_index, std::uint16_t{0});
        allocate(member_flags, std::uint8_t{0});
    }
    if (plan.win_back) won_back_place.resize(n);  // written slot by slot as cohorts join
}

std::size_t CustomerStore::group_bytes_per_customer(const SimulationPlan& plan) {
    return plan.group_members ? sizeof(std::uint16_t) + sizeof(std::uint8_t) : 0;
}

std::size_t CustomerStore::price_bytes_per_customer(const SimulationPlan& plan) {
    if (!plan.answers_prices()) return 0;
    return sizeof(std::uint8_t) + (plan.leaving_answers_prices() ? sizeof(float) + sizeof(std::uint32_t) : 0);
}

std::size_t CustomerStore::usage_bytes_per_customer(const SimulationPlan& plan) {
    return plan.usage_answers_prices() ? sizeof(float) * 4 + sizeof(std::uint32_t) : 0;
}

void CustomerStore::move_to_tier(const SegmentPlan& seg, std::size_t u, int to) {
    tier[u] = static_cast<std::uint8_t>(to);
    if (!seg.price.linked()) return;
    const int reference = seg.price.reference_tier[static_cast<std::size_t>(to)];
    if (reference >= 0) reference_tier[u] = static_cast<std::uint8_t>(reference);
}

std::size_t CustomerStore::bytes_per_customer(const SimulationPlan& plan) {
    const std::size_t everyone = kCoreBytesPerCustomer + (plan.has_own_churn() ? sizeof(float) : 0) +
                                 behaviour_bytes_per_customer(plan) + price_bytes_per_customer(plan) +
                                 usage_bytes_per_customer(plan) + group_bytes_per_customer(plan);
    const std::int64_t customers = plan.total_customers();
    const auto window = static_cast<std::int64_t>(vip_window_bytes(plan)) * vip_window_customers(plan);
    return everyone + static_cast<std::size_t>(customers > 0 ? (window + customers - 1) / customers : 0);
}

bool CustomerStore::holds_vip_window(const SimulationPlan& plan, const SegmentPlan& seg) {
    return plan.behaviour.enabled && plan.behaviour.vip && !seg.vip_edges_fen.empty();
}

std::int64_t CustomerStore::vip_window_customers(const SimulationPlan& plan) {
    std::int64_t customers = 0;
    for (const SegmentPlan& seg : plan.segments) {
        if (!holds_vip_window(plan, seg)) continue;
        customers += seg.initial_size;
        for (const std::int64_t adds : seg.gross_adds) customers += adds;
    }
    return customers;
}

std::size_t CustomerStore::vip_window_bytes(const SimulationPlan& plan) {
    const BehaviourPlan& b = plan.behaviour;
    return b.enabled && b.vip ? sizeof(float) * static_cast<std::size_t>(b.window_months) : 0;
}

std::vector<std::size_t> CustomerStore::column_widths(const SimulationPlan& plan) {
    std::vector<std::size_t> widths{1, 1, 1, 2, 2, 2, 4, 4, 4};  // the core
    if (plan.has_own_churn()) widths.push_back(sizeof(float));
    const BehaviourPlan& b = plan.behaviour;
    if (b.enabled) widths.insert(widths.end(), {1, 1, 2, 2, 1});
    if (plan.answers_prices()) widths.push_back(sizeof(std::uint8_t));
    if (plan.leaving_answers_prices()) widths.insert(widths.end(), {sizeof(float), sizeof(std::uint32_t)});
    if (plan.usage_answers_prices()) widths.insert(widths.end(), {4, 4, 4, 4, 4});
    if (plan.group_members) widths.insert(widths.end(), {sizeof(std::uint16_t), sizeof(std::uint8_t)});
    return widths;
}

std::size_t CustomerStore::behaviour_bytes_per_customer(const SimulationPlan& plan) {
    const BehaviourPlan& b = plan.behaviour;
    if (!b.enabled) return 0;
    return sizeof(std::uint8_t) * 3 + sizeof(std::uint16_t) * 2;
}

void CustomerStore::create_customers(const SimulationPlan& plan, const Shard& shard,
                                     PhiloxKey replication_key) {
    const Cohort& c = cohorts_[static_cast<std::size_t>(shard.cohort)];
    const SegmentPlan& seg = plan.segments[static_cast<std::size_t>(c.segment)];
    const PhiloxKey key = segment_key(replication_key, seg.stream_key);
    const auto& mix = c.join_month == 0 ? seg.tier_cumulative : seg.new_tier_cumulative;
    constexpr int atom_shift = 32 - 12;  // 4096 atoms
    static_assert(kPropensityAtoms == 1 << 12);

    // The tier is the first cumulative share above the voice propensity's uniform, in fee
    // order (comonotone). With few tiers a fixed-length count vectorises; 2.0 pads.
    constexpr std::size_t kFewTiers = 16;
    const bool few_tiers = mix.size() <= kFewTiers;
    std::array<double, kFewTiers> padded{};
    padded.fill(2.0);
    for (std::size_t k = 0; k + 1 < mix.size() && k < kFewTiers; ++k) padded[k] = mix[k];
    std::array<std::int32_t, kFewTiers> by_fee{};  // 32-bit: byte gathers do not vectorise
    for (std::size_t k = 0; k < plan.tiers.by_fee.size() && k < kFewTiers; ++k)
        by_fee[k] = plan.tiers.by_fee[k];

    const float* const tenure_atoms = seg.tenure_atoms.data();
    const float* const voice_atoms = seg.voice_atoms.data();
    const float* const data_atoms = seg.data_atoms.data();
    const float* const sms_atoms = seg.sms_atoms.data();
    const bool initial = c.join_month == 0;
    const float initial_factor = initial ? 1.0f : 0.0f;  // gross adds join with no tenure
    const std::int64_t first = shard.begin - c.begin;
    const std::int64_t n = shard.end - shard.begin;
    const CohortDrawKeys keyed = draw_keys(seg, c);
    std::uint8_t* const tier_out = tier.data() + shard.begin;
    std::uint16_t* const tenure_out = tenure_months.data() + shard.begin;
    float* const voice_out = voice_propensity.data() + shard.begin;
    float* const data_out = data_propensity.data() + shard.begin;
    float* const sms_out = sms_propensity.data() + shard.begin;
    thread_local std::vector<std::uint32_t> tier_bits(kShardCustomers);
    std::uint32_t* const bits = tier_bits.data();
    // What keys each customer's draws, written out first: the draw loops then read it
    // unconditionally and vectorise for drawn and extract cohorts alike.
    thread_local std::vector<std::int64_t> draw_places(kShardCustomers);
    std::int64_t* const places = draw_places.data();
    fill_draw_places(keyed, first, n, places);
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) {
        const PhiloxCounter r =
            philox4x32(customer_counter(places[j], c.join_month, 0xFFFF, Stream::creation), key);
        bits[j] = r.c1;
        const float tenure_draw = whole_tenure_months(tenure_atoms[r.c0 >> atom_shift]);
        tenure_out[j] = static_cast<std::uint16_t>(static_cast<int>(tenure_draw * initial_factor));
        voice_out[j] = voice_atoms[r.c1 >> atom_shift];
        data_out[j] = data_atoms[r.c2 >> atom_shift];
        sms_out[j] = sms_atoms[r.c3 >> atom_shift];
    }
    // The tier from the voice propensity's uniform (a separate loop: GCC 12 will not
    // vectorise the two together).
#pragma omp simd
    for (std::int64_t j = 0; j < n; ++j) {
        const int rank = shares_below(to_unit_open(bits[j]), padded, std::make_index_sequence<kFewTiers>{});
        tier_out[j] = static_cast<std::uint8_t>(
            by_fee[static_cast<std::size_t>(rank & static_cast<int>(kFewTiers - 1))]);
    }
    if (!few_tiers) {
        for (std::int64_t j = 0; j < n; ++j) {
            const int rank = pick_category(mix, to_unit_open(bits[j]));
            tier_out[j] = static_cast<std::uint8_t>(plan.tiers.by_fee[static_cast<std::size_t>(rank)]);
        }
    }
    const std::vector<data::ExtractCustomer>* extract = initial ? seg.extract_customers() : nullptr;
    if (extract) fill_from_extract(*extract, shard.begin, first, n);
    if (seg.price.linked()) {
        // The tier the same uniform places the customer on at the reference prices.
        const SegmentPlan& ref =
            plan.reference->segments[static_cast<std::size_t>(seg.price.reference_segment)];
        const auto& ref_mix = c.join_month == 0 ? ref.tier_cumulative : ref.new_tier_cumulative;
        const auto& ref_by_fee = plan.reference->tiers.by_fee;
        if (seg.price.answers())
            std::fill(price_odds_key.begin() + shard.begin, price_odds_key.begin() + shard.end, 0u);
        if (seg.usage.enabled) std::fill(usage_key.begin() + shard.begin, usage_key.begin() + shard.end, 0u);
        for (std::int64_t j = 0; j < n; ++j)
            reference_tier[static_cast<std::size_t>(shard.begin + j)] = static_cast<std::uint8_t>(
                ref_by_fee[static_cast<std::size_t>(pick_category(ref_mix, to_unit_open(bits[j])))]);
        if (extract) {
            // An extract's customer holds the tier of the same id at the reference prices,
            // where the reference has it (it chose its tier at the prices it was observed at).
            const auto& ref_ids = plan.reference->tiers.ids;
            for (std::int64_t j = 0; j < n; ++j) {
                const auto u = static_cast<std::size_t>(shard.begin + j);
                const auto same = std::find(ref_ids.begin(), ref_ids.end(), plan.tiers.ids[tier[u]]);
                if (same != ref_ids.end())
                    reference_tier[u] = static_cast<std::uint8_t>(same - ref_ids.begin());
            }
        }
    }
    if (seg.own_churn()) {
        // theta | tenure from its own stream, so that no other draw moves (docs/models.md,
        // section 12); the row offset by tenure keeps this a gather, as for the propensities.
        const float* const theta_atoms = seg.theta_atoms.data();
        const std::int32_t* const theta_row = seg.theta_row.data();
        float* const theta_out = churn_theta.data() + shard.begin;
#pragma omp simd
        for (std::int64_t j = 0; j < n; ++j) {
            const PhiloxCounter r =
                philox4x32(customer_counter(places[j], c.join_month, 0xFFFF, Stream::churn_propensity), key);
            theta_out[j] =
                theta_atoms[theta_row[tenure_out[j]] + static_cast<std::int32_t>(r.c0 >> atom_shift)];
        }
    }
    std::fill(alive.begin() + shard.begin, alive.begin() + shard.end, std::uint8_t{1});
    std::fill(offer.begin() + shard.begin, offer.begin() + shard.end, std::uint8_t{0});
    std::fill(offer_month.begin() + shard.begin, offer_month.begin() + shard.end, std::uint16_t{0});
    std::fill(contract_end.begin() + shard.begin, contract_end.begin() + shard.end, std::uint16_t{0});
    if (plan.behaviour.enabled) reset_behaviour(plan, shard);
    if (extract) {
        // The extract's contracts and VIP levels, not draws.
        for (std::int64_t j = 0; j < n; ++j) {
            const data::ExtractCustomer& x = (*extract)[static_cast<std::size_t>(first + j)];
            const auto u = static_cast<std::size_t>(shard.begin + j);
            contract_end[u] = x.contract_months_left;
            if (!vip_level.empty()) vip_level[u] = x.vip_level;
        }
    } else if (initial && seg.contract_share > 0.0) {
        // Part of the base is under an earlier contract with 1..max months left.
        for (std::int64_t j = 0; j < n; ++j) {
            const PhiloxCounter k2 =
                philox4x32(customer_counter(first + j, 0, 0xFFFF, Stream::creation_contract), key);
            if (to_unit_open(k2.c0) < seg.contract_share)
                contract_end[static_cast<std::size_t>(shard.begin + j)] = static_cast<std::uint16_t>(
                    1 + k2.c1 % static_cast<std::uint32_t>(seg.contract_remaining_max));
        }
    }
}

void CustomerStore::fill_from_extract(const std::vector<data::ExtractCustomer>& extract, std::int64_t begin,
                                      std::int64_t first, std::int64_t n) {
    for (std::int64_t j = 0; j < n; ++j) {
        const data::ExtractCustomer& x = extract[static_cast<std::size_t>(first + j)];
        const auto u = static_cast<std::size_t>(begin + j);
        tier[u] = x.tier;
        tenure_months[u] = x.tenure_months;
        voice_propensity[u] = x.voice_min;
        data_propensity[u] = x.data_mb;
        sms_propensity[u] = x.sms;
    }
}

void CustomerStore::clear_customers(const SimulationPlan& plan, const Shard& shard) {
    const auto b = static_cast<std::ptrdiff_t>(shard.begin);
    const auto e = static_cast<std::ptrdiff_t>(shard.end);
    for (auto* bytes : {&tier, &alive, &offer})
        std::fill(bytes->begin() + b, bytes->begin() + e, std::uint8_t{0});
    for (auto* months : {&offer_month, &contract_end, &tenure_months})
        std::fill(months->begin() + b, months->begin() + e, std::uint16_t{0});
    for (auto* use : {&voice_propensity, &data_propensity, &sms_propensity})
        std::fill(use->begin() + b, use->begin() + e, 0.0f);
    if (plan.behaviour.enabled) reset_behaviour(plan, shard);
}

void CustomerStore::reset_behaviour(const SimulationPlan& plan, const Shard& shard) {
    const auto b = static_cast<std::ptrdiff_t>(shard.begin);
    const auto e = static_cast<std::ptrdiff_t>(shard.end);
    std::fill(rechoose.begin() + b, rechoose.begin() + e, std::uint8_t{0});
    std::fill(vip_level.begin() + b, vip_level.begin() + e, std::uint8_t{0});
    std::fill(warning_until.begin() + b, warning_until.begin() + e, std::uint16_t{0});
    std::fill(retained_until.begin() + b, retained_until.begin() + e, std::uint16_t{0});
    std::fill(retained_by.begin() + b, retained_by.begin() + e, std::uint8_t{0});
    for (int slot = 0; slot < (plan.behaviour.vip ? plan.behaviour.window_months : 0); ++slot)
        if (float* const window = vip_window(shard, slot)) std::fill(window, window + (e - b), 0.0f);
}

}  // namespace offersim::sim
