// `offersim backtest` fits churn on the first months of a history, predicts the rest with
// the fit's parameter uncertainty and writes the comparison (docs/models.md §35).
#include "engine/calibration/backtest.hpp"
#include "engine/cli/commands.hpp"
#include "reports/backtest_report.hpp"
#include "reports/output_folder.hpp"

#include <fmt/format.h>

namespace offersim::cli {

int backtest_command(const BacktestArgs& args, const CommandEnv& env) {
    namespace fs = std::filesystem;
    const calibration::BacktestHistory history = calibration::read_backtest_history(args.history);
    calibration::BacktestOptions options;
    options.fit_months = args.fit_months;
    options.draws = args.draws;
    options.seed = static_cast<std::uint64_t>(args.seed);
    options.path =
        args.path == "curve" ? calibration::BacktestPath::curve : calibration::BacktestPath::engine;
    const calibration::BacktestResult result = calibration::run_backtest(history, options);

    const fs::path out =
        args.out.empty()
            ? fs::path("out") /
                  ("backtest-" + reports::folder_name_for(fs::path(args.history).stem().string()))
            : fs::path(args.out);
    reports::OutputFolder folder(out);
    const reports::BacktestInputs inputs{fs::path(args.history).filename().string(), env.version};
    const auto language = env.language == "en" ? reports::Language::en : reports::Language::zh_cn;
    folder.add("backtest.csv", reports::backtest_csv(result));
    folder.add("backtest_errors.csv", reports::backtest_errors_csv(result));
    folder.add("backtest.json", reports::backtest_json(result, inputs));
    folder.add("report.md", reports::backtest_markdown(result, inputs, language));
    folder.add("report.html", reports::backtest_html(result, inputs, language));
    folder.commit();
    fmt::print("{}\n", out.string());
    return 0;
}

}  // namespace offersim::cli
