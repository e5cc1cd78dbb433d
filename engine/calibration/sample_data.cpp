#include "engine/calibration/sample_data.hpp"

#include "engine/core/philox.hpp"

#include <fmt/format.h>

#include <boost/math/special_functions/beta.hpp>
#include <cmath>

namespace offersim::calibration {

namespace {

// What a draw is for: its counter's third word, so the files' streams never overlap.
enum class SampleDraw : std::uint32_t {
    entry,
    propensity,
    lifetime,
    usage,
    choice_setup,
    choice_noise,
    bill
};

class SampleDraws {
public:
    SampleDraws(std::uint64_t seed, const std::string& segment)
        : key_(replication_key(seed, 0)), segment_(stable_hash(segment)) {}
    // Four uniform draws in (0, 1) for (customer, purpose, index).
    std::array<double, 4> uniforms(std::uint32_t customer, SampleDraw purpose,
                                   std::uint32_t index = 0) const {
        const PhiloxCounter c =
            philox4x32({segment_, customer, static_cast<std::uint32_t>(purpose), index}, key_);
        return {to_unit_open(c.c0), to_unit_open(c.c1), to_unit_open(c.c2), to_unit_open(c.c3)};
    }

private:
    PhiloxKey key_;
    std::uint32_t segment_;
};

// The tenure month in which a customer who completed `entry` months leaves, drawn given
// survival to `entry`: for sBG, theta | entry ~ Beta(alpha, beta + entry), then a geometric
// lifetime; for Weibull, the continuous lifetime beyond entry, rounded up to the month.
long long lifetime_month(const models::HazardCurve& churn, int entry, double u_theta, double u_life) {
    if (churn.model == models::HazardModel::sbg) {
        const double theta = boost::math::ibeta_inv(churn.sbg_alpha, churn.sbg_beta + entry, u_theta);
        const double extra = std::ceil(std::log(u_life) / std::log1p(-theta));  // geometric, >= 1
        return entry + static_cast<long long>(std::min(std::max(extra, 1.0), 1e9));
    }
    const double s = churn.weibull_scale_months;
    const double k = churn.weibull_shape;
    const double t = s * std::pow(std::pow(entry / s, k) - std::log(u_life), 1.0 / k);
    return std::max<long long>(entry + 1, static_cast<long long>(std::ceil(std::min(t, 1e9))));
}

void write_history(const SampleSegment& seg, const SampleDraws& draws, std::string& out) {
    for (int i = 0; i < seg.customers; ++i) {
        const auto u = draws.uniforms(static_cast<std::uint32_t>(i), SampleDraw::entry);
        const int entry =
            u[0] < seg.in_base_share
                ? 1 + std::min(seg.max_entry_months - 1, static_cast<int>(u[1] * seg.max_entry_months))
                : 0;
        const long long leaves = lifetime_month(seg.churn, entry, u[2], u[3]);
        const bool churned = leaves <= entry + seg.observed_months;
        // The monthly bill, a draw of its own so that the lifetimes stay as they were drawn.
        const double bill = models::quantile(
            seg.bill_cny, draws.uniforms(static_cast<std::uint32_t>(i), SampleDraw::bill)[0]);
        out += fmt::format("{},{},{},{},{:.2f}\n", seg.id, entry,
                           churned ? leaves : entry + seg.observed_months, churned ? 1 : 0, bill);
    }
}

void write_usage(const SampleSegment& seg, const SampleDraws& draws, std::string& out) {
    for (int i = 0; i < seg.usage_customers; ++i) {
        const auto u = draws.uniforms(static_cast<std::uint32_t>(i), SampleDraw::usage);
        out += fmt::format("{},{:.3f},{:.3f},{:.3f}\n", seg.id, models::quantile(seg.voice_min, u[0]),
                           models::quantile(seg.data_mb, u[1]), models::quantile(seg.sms, u[2]));
    }
}

// Four alternatives a situation: bills around 20-200 CNY, an overage risk, a subsidy on
// some, one of them the current plan; the choice maximises utility plus Gumbel noise.
void write_choices(const SampleSegment& seg, const SampleDraws& draws, std::string& out) {
    constexpr int kAlternatives = 4;
    for (int s = 0; s < seg.choice_situations; ++s) {
        std::array<std::array<double, 4>, kAlternatives> rows{};
        const int current = static_cast<int>(
            draws.uniforms(static_cast<std::uint32_t>(s), SampleDraw::choice_setup, 99)[0] * kAlternatives);
        int best = 0;
        double best_utility = -1e300;
        for (int j = 0; j < kAlternatives; ++j) {
            const auto u = draws.uniforms(static_cast<std::uint32_t>(s), SampleDraw::choice_setup,
                                          static_cast<std::uint32_t>(j));
            rows[j] = {std::round((20.0 + 180.0 * u[0]) * 100.0) / 100.0, std::round(u[1] * 1000.0) / 1000.0,
                       u[2] < 0.3 ? std::round(u[3] * 600.0) : 0.0, j == current ? 1.0 : 0.0};
            double utility = 0.0;
            for (std::size_t f = 0; f < 4; ++f) utility += seg.choice_weights[f] * rows[j][f];
            const double noise = draws.uniforms(static_cast<std::uint32_t>(s), SampleDraw::choice_noise,
                                                static_cast<std::uint32_t>(j))[0];
            utility -= std::log(-std::log(noise));  // a standard Gumbel draw
            if (utility > best_utility) {
                best_utility = utility;
                best = j;
            }
        }
        for (int j = 0; j < kAlternatives; ++j)
            out += fmt::format("{}-{},{},{},{:.2f},{:.3f},{:.0f},{:.0f}\n", seg.id, s + 1, seg.id,
                               j == best ? 1 : 0, rows[j][0], rows[j][1], rows[j][2], rows[j][3]);
    }
}

}  // namespace

std::vector<SampleSegment> shipped_sample_segments(int history_scale) {
    using models::DistributionKind;
    SampleSegment mass;
    mass.id = "mass";
    mass.churn.model = models::HazardModel::sbg;
    mass.churn.sbg_alpha = 1.5;
    mass.churn.sbg_beta = 12.0;
    mass.customers = 3000 * history_scale;
    mass.bill_cny = {DistributionKind::lognormal, 58.0, 0.6};
    mass.voice_min = {DistributionKind::lognormal, 200.0, 0.9};
    mass.data_mb = {DistributionKind::lognormal, 18.0, 1.5};
    mass.sms = {DistributionKind::gamma, 110.0, 1.0};
    mass.usage_customers = 1000;
    mass.choice_weights = {-0.05, -1.0, 0.004, 0.8};
    mass.choice_situations = 500;
    SampleSegment vip;
    vip.id = "vip";
    vip.churn.model = models::HazardModel::weibull;
    vip.churn.weibull_scale_months = 400.0;
    vip.churn.weibull_shape = 0.8;
    vip.customers = 2000 * history_scale;
    vip.bill_cny = {DistributionKind::lognormal, 168.0, 0.5};
    vip.in_base_share = 0.7;
    vip.max_entry_months = 60;
    vip.voice_min = {DistributionKind::lognormal, 600.0, 0.5};
    vip.data_mb = {DistributionKind::lognormal, 50.0, 1.2};
    vip.sms = {DistributionKind::gamma, 130.0, 0.9};
    vip.usage_customers = 500;
    vip.choice_weights = {-0.02, -0.5, 0.002, 1.5};
    vip.choice_situations = 300;
    return {mass, vip};
}

SampleFiles generate_sample(const std::vector<SampleSegment>& segments, std::uint64_t seed) {
    SampleFiles files;
    files.history_csv = "segment,entry_months,exit_month,churned,monthly_bill_cny\n";
    files.choices_csv = "situation,segment,chosen,bill_cny,overage_risk,subsidy_cny,is_current\n";
    files.usage_csv = "segment,voice_min,data_mb,sms\n";
    for (const auto& seg : segments) {
        const SampleDraws draws(seed, seg.id);
        write_history(seg, draws, files.history_csv);
        write_choices(seg, draws, files.choices_csv);
        write_usage(seg, draws, files.usage_csv);
    }
    return files;
}

}  // namespace offersim::calibration
