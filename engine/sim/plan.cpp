#include "engine/sim/plan.hpp"

#include <algorithm>

namespace offersim::sim {

namespace {

// FNV-1a: a stable 32-bit key from a segment id.
std::uint32_t stable_hash(const std::string& text) {
    std::uint32_t h = 2166136261u;
    for (unsigned char c : text) {
        h ^= c;
        h *= 16777619u;
    }
    return h;
}

std::vector<double> cumulative_mix(const std::vector<scenario::TierShare>& mix, const TierTable& tiers) {
    std::vector<double> cumulative(tiers.size(), 0.0);
    for (const auto& share : mix) {
        const auto tier = std::find(tiers.ids.begin(), tiers.ids.end(), share.tier) - tiers.ids.begin();
        const auto rank = std::find(tiers.by_fee.begin(), tiers.by_fee.end(), tier) - tiers.by_fee.begin();
        cumulative[static_cast<std::size_t>(rank)] += share.share;
    }
    double running = 0.0;
    for (double& c : cumulative) c = running += c;
    if (!cumulative.empty()) cumulative.back() = 1.0;  // shares sum to 1 within 1e-6
    return cumulative;
}

TierTable compile_tiers(const std::vector<scenario::Tier>& tiers) {
    TierTable t;
    for (const auto& tier : tiers) {
        t.ids.push_back(tier.id);
        t.names.push_back(tier.name);
        t.fee_fen.push_back(static_cast<double>(tier.monthly_fee.fen));
        t.included_voice_min.push_back(static_cast<double>(tier.included_voice_min));
        t.included_data_mb.push_back(static_cast<double>(tier.included_data_mb));
        t.included_sms.push_back(static_cast<double>(tier.included_sms));
        t.voice_centifen.push_back(static_cast<double>(tier.voice_per_min.centifen));
        t.data_centifen.push_back(static_cast<double>(tier.data_per_mb.centifen));
        t.sms_centifen.push_back(static_cast<double>(tier.sms_each.centifen));
    }
    t.by_fee.resize(tiers.size());
    for (std::size_t i = 0; i < tiers.size(); ++i) t.by_fee[i] = static_cast<int>(i);
    std::stable_sort(t.by_fee.begin(), t.by_fee.end(),
                     [&](int a, int b) { return t.fee_fen[static_cast<std::size_t>(a)] < t.fee_fen[static_cast<std::size_t>(b)]; });
    return t;
}

}  // namespace

int pick_category(const std::vector<double>& cumulative, double u) {
    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
    return static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(it - cumulative.begin()),
                                                  cumulative.size() - 1));
}

std::int64_t SimulationPlan::total_customers() const {
    std::int64_t n = 0;
    for (const auto& s : segments) {
        n += s.initial_size;
        for (auto g : s.gross_adds) n += g;
    }
    return n;
}

SimulationPlan compile_plan(const scenario::Scenario& sc) {
    SimulationPlan plan;
    plan.horizon_months = sc.horizon_months;
    plan.discount_rate_annual = sc.discount_rate_annual;
    plan.tiers = compile_tiers(sc.tiers);
    plan.costs = CostRates{static_cast<double>(sc.costs.network_per_min.centifen),
                           static_cast<double>(sc.costs.network_per_mb.centifen),
                           static_cast<double>(sc.costs.network_per_sms.centifen),
                           static_cast<double>(sc.costs.commission_per_gross_add.fen),
                           static_cast<double>(sc.costs.fixed_monthly.fen)};
    for (const auto& seg : sc.segments) {
        SegmentPlan s;
        s.id = seg.id;
        s.name = seg.name;
        s.kind = seg.kind;
        s.stream_key = stable_hash(seg.id);
        s.initial_size = seg.size;
        const auto& adds = seg.acquisition.gross_adds_per_month;
        for (int m = 0; m < sc.horizon_months; ++m)
            s.gross_adds.push_back(adds.empty() ? 0 : adds[std::min<std::size_t>(static_cast<std::size_t>(m), adds.size() - 1)]);
        s.tier_cumulative = cumulative_mix(seg.tier_mix, plan.tiers);
        s.new_tier_cumulative = seg.acquisition.tier_mix.empty()
                                    ? s.tier_cumulative
                                    : cumulative_mix(seg.acquisition.tier_mix, plan.tiers);
        s.tenure_atoms = models::equal_probability_atoms(seg.tenure_months, kPropensityAtoms);
        s.voice_atoms = models::equal_probability_atoms(seg.usage.voice_min, kPropensityAtoms);
        s.data_atoms = models::equal_probability_atoms(seg.usage.data_mb, kPropensityAtoms);
        s.sms_atoms = models::equal_probability_atoms(seg.usage.sms, kPropensityAtoms);
        s.noise_atoms = models::equal_probability_atoms(
            models::Distribution{models::DistributionKind::lognormal, 1.0, seg.usage.monthly_cv}, kNoiseAtoms);
        s.hazard = models::hazard_table(seg.churn, kHazardMonths);
        plan.segments.push_back(std::move(s));
    }
    return plan;
}

}  // namespace offersim::sim
