#include "engine/sim/unit_economics.hpp"

#include "models/finance.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace offersim::sim {

OfferUnitEconomics offer_unit_economics(const SimulationPlan& plan, const MetricCube& cube, int offer) {
    const OfferPlan& o = plan.offers[static_cast<std::size_t>(offer)];
    const double outlay_fen = o.subsidy_fen + o.device_cost_fen + o.gift_cost_fen - o.device_revenue_fen;
    const double launch_fen = o.launch_cost_fen;
    const int launch = std::clamp(o.launch_month, 1, cube.months);
    // d_L: the launch cost's discount factor, as the month's cash flow in section 11.
    const double launch_discount = std::pow(1.0 + plan.discount_rate_annual, -launch / 12.0);

    OfferUnitEconomics u;
    u.outlay_per_taker_cny = outlay_fen / 100.0;
    u.launch_cost_cny = launch_fen / 100.0;
    std::vector<double> spend, npv;
    std::vector<std::optional<double>> margin_rate, payback, break_even, per_cny;
    std::vector<double> margins(static_cast<std::size_t>(cube.months));
    for (int rep = 0; rep < cube.replications; ++rep) {
        double takers = 0.0, holder_months = 0.0, margin = 0.0;
        for (int t = 0; t < cube.months; ++t) {
            takers += cube.offer_at(rep, t, offer, OfferMetric::take_ups);
            holder_months += cube.offer_at(rep, t, offer, OfferMetric::holders);
            margins[static_cast<std::size_t>(t)] = cube.offer_at(rep, t, offer, OfferMetric::margin);
            margin += margins[static_cast<std::size_t>(t)];
        }
        const double spent = takers * outlay_fen + launch_fen;
        const double value = models::net_present_value(margins, plan.discount_rate_annual);
        spend.push_back(spent / 100.0);
        npv.push_back(value / 100.0);
        // What the holders earn month by month, the one-off outlays taken back out.
        const double ongoing = margin + spent;
        const std::optional<double> rate =
            holder_months > 0.0 ? std::optional<double>(ongoing / holder_months) : std::nullopt;
        margin_rate.push_back(rate ? std::optional<double>(*rate / 100.0) : std::nullopt);
        if (outlay_fen <= 0.0)
            payback.push_back(0.0);
        else
            payback.push_back(rate && *rate > 0.0 ? std::optional<double>(outlay_fen / *rate) : std::nullopt);
        // NPV(T) = T·v − F·d_L, v the NPV per taker before the launch cost.
        const double per_taker = takers > 0.0 ? (value + launch_fen * launch_discount) / takers : 0.0;
        if (launch_fen == 0.0 && per_taker > 0.0)
            break_even.push_back(0.0);
        else
            break_even.push_back(per_taker > 0.0
                                     ? std::optional<double>(launch_fen * launch_discount / per_taker)
                                     : std::nullopt);
        per_cny.push_back(spent > 0.0 ? std::optional<double>(value / spent) : std::nullopt);
    }
    u.spend_cny = summarise(spend);
    u.npv_cny = summarise(npv);
    u.margin_per_holder_month_cny = summarise_defined(margin_rate);
    u.payback_months_per_taker = summarise_defined(payback);
    u.break_even_take_ups = summarise_defined(break_even);
    u.npv_per_cny_spent = summarise_defined(per_cny);
    return u;
}

}  // namespace offersim::sim
