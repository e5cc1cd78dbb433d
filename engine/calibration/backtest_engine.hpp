#pragma once
// The back-test's two predictions of the months after the cut (docs/models.md §35), from
// one fit per segment: the fitted curve applied to each customer, or the simulation's month
// step run on a snapshot of the customers active at the cut.
#include "engine/calibration/backtest.hpp"

#include <string>
#include <vector>

namespace offersim::calibration {

// One segment's fit on months 1..cut and the customers active at the cut, whom it predicts.
struct CutFit {
    std::string segment;
    bool sbg = true;  // else Weibull: the model of the higher log-likelihood
    ModelFit fit;
    std::vector<const HistoryCustomer*> cohort;
};

// Each draw's prediction for months cut + 0 .. cut + horizon: [month][draw]. Active:
// customers active at the month's end; revenue: their bills.
struct PredictionDraws {
    std::vector<std::vector<double>> active;
    std::vector<std::vector<double>> revenue_cny;
};

// The customer's tenure at the cut: the months it had completed then.
inline int tenure_at_cut(const HistoryCustomer& c, int cut) {
    return c.entry_months + cut;
}

// Each segment's fit, in the history's order. Throws InputError for a segment with no
// churner by the cut.
std::vector<CutFit> fit_at_cut(const BacktestHistory& history, int cut);

PredictionDraws curve_prediction(const CutFit& fit, int cut, int horizon, const BacktestOptions& options);

// Every segment's prediction from one simulation of all of them, in the order of `fits`.
std::vector<PredictionDraws> engine_prediction(const std::vector<CutFit>& fits, int cut, int horizon,
                                               const BacktestOptions& options);

}  // namespace offersim::calibration
