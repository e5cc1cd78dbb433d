#pragma once
// An offer's unit economics from its account (docs/models.md, section 31): what winning one
// taker costs, how long a taker takes to earn it back, how many takers the offer needs to
// earn back its launch cost, and its NPV per yuan spent. Each ratio is taken per
// replication, then summarised over the replications in which it is defined (n).
#include "engine/sim/band.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"

namespace offersim::sim {

struct OfferUnitEconomics {
    // u: subsidy + handset cost + gift at take-up − handset retail price, per taker (CNY).
    double outlay_per_taker_cny = 0.0;
    double launch_cost_cny = 0.0;      // F: booked once in the launch month
    Band spend_cny;                    // T·u + F
    Band npv_cny;                      // the offer account's margin, discounted (section 11)
    Band margin_per_holder_month_cny;  // μ: margin before the take-up outlay and F, per holder-month
    Band payback_months_per_taker;     // u / μ; 0 when u <= 0; undefined where μ <= 0
    Band break_even_take_ups;          // F·d_L / v, v the NPV per taker before F; undefined where v <= 0
    Band npv_per_cny_spent;            // NPV / spend; undefined where spend <= 0
};

OfferUnitEconomics offer_unit_economics(const SimulationPlan& plan, const MetricCube& cube, int offer);

}  // namespace offersim::sim
