#pragma once
// `offersim backtest` (docs/models.md §35): fit churn on the first months of a history,
// predict the months after it for the customers then active, and compare with what
// happened. The fit's parameter uncertainty is carried into the bands: each draw takes the
// parameters from the fit's joint normal (its inverted Hessian), keyed as uncertain
// parameters are, and each customer's remaining lifetime from a keyed uniform.
#include "engine/calibration/fits.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace offersim::calibration {

// A customer of the history file: the per-customer form that calibrate reads, with an
// optional monthly_bill_cny column (0 when absent).
struct HistoryCustomer {
    int entry_months = 0;  // completed tenure when the history first saw them
    int exit_month = 0;    // tenure month they left in, or the last seen active
    bool churned = false;
    double bill_cny = 0.0;
    int observed() const { return exit_month - entry_months; }  // months of the history they were seen
};

struct BacktestHistory {
    std::map<std::string, std::vector<HistoryCustomer>> segments;  // in file order
    int months = 0;                                                // the history's length
    bool has_bills = false;
};

// Reads a per-customer history; every bad row is reported (file:line:column), as calibrate does.
BacktestHistory read_backtest_history(const std::filesystem::path& file);

// A figure in one month: what happened, and the prediction's mean and P5-P95 over draws.
struct BacktestFigure {
    double actual = 0.0;
    double mean = 0.0;
    double p5 = 0.0;
    double p95 = 0.0;
    bool inside() const { return actual >= p5 && actual <= p95; }
};

struct BacktestMonth {
    int month = 0;               // of the history, fit_months + 1 .. months
    BacktestFigure active;       // customers active at the month's end
    BacktestFigure churn_rate;   // churners over the active at the month's start
    BacktestFigure revenue_cny;  // the month's bills of the customers active at its end
};

// Mean absolute percentage error and mean percentage bias of the prediction's mean, over
// the predicted months (as fractions: 0.02 is 2%).
struct BacktestError {
    double mape = 0.0;
    double bias = 0.0;
};

struct BacktestSegment {
    std::string segment;
    std::string model;  // sbg or weibull, the fit of the higher log-likelihood
    ModelFit fit;
    int active_at_cut = 0;  // customers active at the end of the fit months
    std::vector<BacktestMonth> months;
    BacktestError active;
    BacktestError churn_rate;
    BacktestError revenue;
    int active_inside = 0;  // months whose actual active count lies inside P5-P95
};

// What predicts the months after the cut (docs/models.md §35): `engine`, the simulation's
// month step run on a snapshot of the customers active at the cut (the same code as
// `offersim run`); `curve`, the fitted survival curve applied to each customer directly.
enum class BacktestPath { engine, curve };

// The engine path's replications per parameter draw (the scenario's n_inner, its smallest
// allowed value): `draws` replications are draws / 2 parameter draws.
inline constexpr int kEngineReplicationsPerDraw = 2;

struct BacktestOptions {
    int fit_months = 12;
    int draws = 200;
    std::uint64_t seed = 1;
    BacktestPath path = BacktestPath::engine;
};

struct BacktestResult {
    int fit_months = 0;
    int months = 0;
    int draws = 0;
    BacktestPath path = BacktestPath::engine;
    bool has_revenue = false;
    std::vector<BacktestSegment> segments;
    // Over every segment-month: the share with the actual active count inside P5-P95.
    double active_inside_share() const;
};

// "engine" or "curve".
const char* path_name(BacktestPath path);

// Throws InputError when fit_months leaves no month to predict or holds no churner to fit,
// or, on the engine path, when the draws are not an even number of at least 4 (two
// replications a parameter draw) or a parameter draw falls outside the scenario's range.
BacktestResult run_backtest(const BacktestHistory& history, const BacktestOptions& options);

}  // namespace offersim::calibration
