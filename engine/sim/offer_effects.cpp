#include "engine/sim/offer_effects.hpp"

#include "models/finance.hpp"

#include <cmath>
#include <optional>
#include <span>

namespace offersim::sim {

std::optional<int> incremental_payback_month(const std::vector<double>& flows, int from) {
    auto first = static_cast<std::size_t>(std::max(from, 1) - 1);
    while (first < flows.size() && flows[first] == 0.0) ++first;
    if (first >= flows.size()) return std::nullopt;
    const auto month = models::payback_month(std::span<const double>(flows).subspan(first));
    if (!month) return std::nullopt;
    return *month + static_cast<int>(first);
}

OfferEffect offer_effect(const SimulationPlan& with, int k, EffectBasis basis, const MetricCube& with_cube,
                         const MetricCube* without_cube, const std::vector<double>& cannibalised) {
    const OfferPlan& offer = with.offers[static_cast<std::size_t>(k)];
    OfferEffect e;
    e.id = offer.id;
    e.name = offer.name;
    e.launch_month = offer.launch_month;
    e.basis = basis;
    const int reps = with_cube.replications;
    const int months = with_cube.months;
    std::vector<double> lost(static_cast<std::size_t>(reps), 0.0);
    for (int r = 0; r < reps; ++r)
        for (int t = 1; t <= months; ++t)
            lost[static_cast<std::size_t>(r)] += cannibalised[cannibalised_index(with, r, t, k)] / 100.0;
    e.cannibalised_cny = summarise(std::move(lost));
    if (basis == EffectBasis::not_measured || !without_cube) {
        e.basis = EffectBasis::not_measured;
        return e;
    }
    std::vector<double> margin(static_cast<std::size_t>(reps));
    std::vector<double> payback(static_cast<std::size_t>(reps));
    std::vector<double> npv(static_cast<std::size_t>(reps));
    std::vector<std::optional<double>> per_cny(static_cast<std::size_t>(reps)), break_even(per_cny);
    const double outlay_fen =
        offer.subsidy_fen + offer.device_cost_fen + offer.gift_cost_fen - offer.device_revenue_fen;
    const double launch_cny = offer.launch_cost_fen / 100.0;
    const double launch_discount = std::pow(1.0 + with.discount_rate_annual, -offer.launch_month / 12.0);
    int paid_back = 0;
    bool differs = false;
    for (int r = 0; r < reps; ++r) {
        std::vector<double> flows(static_cast<std::size_t>(months));
        double sum = 0.0;
        for (int t = 0; t < months; ++t) {
            const double d = (with_cube.at(r, t, with_cube.total_row(), Metric::margin) -
                              without_cube->at(r, t, without_cube->total_row(), Metric::margin)) /
                             100.0;
            flows[static_cast<std::size_t>(t)] = d;
            sum += d;
            differs = differs || d != 0.0;
        }
        margin[static_cast<std::size_t>(r)] = sum;
        double takers = 0.0;
        for (int t = 0; t < months; ++t) takers += with_cube.offer_at(r, t, k, OfferMetric::take_ups);
        const double value = models::net_present_value(flows, with.discount_rate_annual);
        const double spent = takers * outlay_fen / 100.0 + launch_cny;
        const double per_taker = takers > 0.0 ? (value + launch_cny * launch_discount) / takers : 0.0;
        npv[static_cast<std::size_t>(r)] = value;
        if (spent > 0.0) per_cny[static_cast<std::size_t>(r)] = value / spent;
        if (per_taker > 0.0)
            break_even[static_cast<std::size_t>(r)] = launch_cny * launch_discount / per_taker;
        const auto month = incremental_payback_month(flows, offer.launch_month);
        payback[static_cast<std::size_t>(r)] = month ? *month : months + 1.0;
        paid_back += month.has_value();
    }
    e.incremental_margin_cny = summarise(std::move(margin));
    e.incremental_npv_cny = summarise(std::move(npv));
    e.incremental_npv_per_cny_spent = summarise_defined(per_cny);
    e.incremental_break_even_take_ups = summarise_defined(break_even);
    e.incremental_payback_month = summarise(std::move(payback));
    e.payback_share = reps > 0 ? static_cast<double>(paid_back) / reps : 0.0;
    e.differs = differs;
    return e;
}

CashCurve cash_curve(const std::vector<Band>& monthly_margin_delta_cny, double discount_rate_annual) {
    CashCurve c;
    c.discount_rate_annual = discount_rate_annual;
    std::vector<double> flows;
    double cumulative = 0.0;
    for (const Band& month : monthly_margin_delta_cny) {
        flows.push_back(month.mean);
        cumulative += month.mean;
        c.cumulative_cny.push_back(cumulative);
        // The same discounting as the NPV headline, so the last point is its mean change.
        c.cumulative_discounted_cny.push_back(models::net_present_value(flows, discount_rate_annual));
        if (cumulative < c.trough_cny) {
            c.trough_cny = cumulative;
            c.trough_month = static_cast<int>(flows.size());
        }
    }
    c.payback_month = incremental_payback_month(flows);
    return c;
}

HorizonTail horizon_tail(const ContractTail& variant, const ContractTail& baseline) {
    const auto minus = [](const std::vector<double>& a, const std::vector<double>& b) {
        std::vector<double> d(a.size());
        for (std::size_t r = 0; r < d.size(); ++r) d[r] = a[r] - b[r];
        return d;
    };
    return HorizonTail{summarise(variant.customers), summarise(variant.months_left),
                       summarise(minus(variant.customers, baseline.customers)),
                       summarise(minus(variant.months_left, baseline.months_left))};
}

}  // namespace offersim::sim
