#pragma once
// The files `offersim backtest` writes (docs/scenario-reference.md, "Back-test"):
// backtest.csv, every segment-month's actual against the predicted mean and P5-P95;
// backtest_errors.csv, MAPE and bias per segment and figure; report.md and report.html, the
// error table and the actual active customers inside the predicted bands; backtest.json.
#include "engine/calibration/backtest.hpp"
#include "reports/report_text.hpp"

#include <string>
#include <vector>

namespace offersim::reports {

struct BacktestInputs {
    std::string source;   // the history file's name
    std::string version;  // "offersim x.y (commit)"
};

std::string backtest_csv(const calibration::BacktestResult& result);
std::string backtest_errors_csv(const calibration::BacktestResult& result);
std::string backtest_markdown(const calibration::BacktestResult& result, const BacktestInputs& inputs,
                              Language language);
std::string backtest_html(const calibration::BacktestResult& result, const BacktestInputs& inputs,
                          Language language);
std::string backtest_json(const calibration::BacktestResult& result, const BacktestInputs& inputs);

}  // namespace offersim::reports
