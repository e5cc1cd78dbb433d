#pragma once
// What a comparison adds beyond the paired headline deltas (docs/models.md, "Offer
// effects" and "Cash and horizon"): each offer's effect against the world without it, the
// cumulative incremental cash of a variant with its trough and payback, and what the
// horizon leaves out.
#include "engine/sim/band.hpp"
#include "engine/sim/lockstep.hpp"
#include "engine/sim/metric_cube.hpp"
#include "engine/sim/plan.hpp"

#include <optional>
#include <string>
#include <vector>

namespace offersim::sim {

// What an offer's incremental figures are measured against.
enum class EffectBasis {
    variant,        // the variant's only offer: the variant against the baseline
    leave_one_out,  // one of several offers: the variant against itself without the offer
    not_measured,   // one of several offers, leave-one-out runs not asked for: cannibalisation only
};

struct OfferEffect {
    std::string id;
    std::string name;
    int launch_month = 1;
    EffectBasis basis = EffectBasis::variant;
    // Sum over the offer's holders in each month of (revenue without - revenue with) where
    // positive, over the horizon, against the baseline (or the variant without the offer).
    Band cannibalised_cny;
    // With minus without, over the horizon (n == 0 when not measured).
    Band incremental_margin_cny;
    // Of the cumulative incremental margin counted from the launch month (never before it) or
    // the first month after it that differs; horizon + 1: never.
    Band incremental_payback_month;
    double payback_share = 0.0;  // of replications paying back within the horizon
    bool differs = true;         // false: the margin with and without it is the same throughout
    // Unit economics of the effect (docs/models.md, section 31), per replication then banded
    // (n: where defined; 0 when not measured): the incremental NPV (ΔM_t discounted),
    // over the offer's spend in the variant (takers × outlay + launch cost), and the takers
    // at which the incremental NPV would be zero, F·d_L / ((ΔNPV + F·d_L) / T).
    Band incremental_npv_cny;
    Band incremental_npv_per_cny_spent;
    Band incremental_break_even_take_ups;
};

// The mean cumulative incremental margin of a variant, month by month (CNY), undiscounted
// and discounted at the scenario's rate (whose last month is the mean NPV change).
struct CashCurve {
    double discount_rate_annual = 0.0;
    std::vector<double> cumulative_cny;
    std::vector<double> cumulative_discounted_cny;
    int trough_month = 0;  // the month of the lowest point below zero; 0: never below zero
    double trough_cny = 0.0;
    // The month from which the mean cumulative line is >= 0 to the end, counted from the first
    // month that differs; empty when it does not get there within the horizon.
    std::optional<int> payback_month;
};

// Contracts still running after the last month: their revenue and churn lie outside every figure.
struct HorizonTail {
    Band customers;    // the variant's customers under contract after the horizon
    Band months_left;  // the contract months they still owe
    Band customers_delta;
    Band months_left_delta;
};

// The first month (1-based) from which the cumulative flow, counted from month `from` or the
// first month after it that is not zero, stays >= 0; empty when never (or nothing differs).
std::optional<int> incremental_payback_month(const std::vector<double>& flows, int from = 1);

// Offer `k` of plan `with`: its cannibalised revenue from `cannibalised` (LockstepRun), and
// with `without` (basis variant or leave_one_out), its incremental margin and payback.
OfferEffect offer_effect(const SimulationPlan& with, int k, EffectBasis basis, const MetricCube& with_cube,
                         const MetricCube* without_cube, const std::vector<double>& cannibalised);

CashCurve cash_curve(const std::vector<Band>& monthly_margin_delta_cny, double discount_rate_annual);

HorizonTail horizon_tail(const ContractTail& variant, const ContractTail& baseline);

}  // namespace offersim::sim
