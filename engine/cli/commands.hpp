#pragma once
// The drivers of `offersim sweep`, `offersim solve` and `offersim rate`, each in a file of its own; main.cpp
// parses the command line and hands each what the run needs.
#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/sim/simulation.hpp"
#include "reports/report_context.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace offersim::cli {

// What every command's run shares: set by main.cpp.
struct CommandEnv {
    const std::atomic<bool>* cancel = nullptr;
    int threads = 1;
    double max_memory_gib = 0.0;
    std::string language;    // zh-CN or en
    std::string started_at;  // ISO 8601
    std::string version;     // "offersim x.y (commit)"
    std::function<void(double)> on_progress;

    // A run of `replications` from `seed` under this environment, without progress.
    sim::RunConfig run_config(int replications, std::uint64_t seed) const {
        sim::RunConfig config = sim::RunConfig::of(replications, seed, threads);
        config.cancel = cancel;
        config.max_memory_gib = max_memory_gib;
        return config;
    }

    // The reports' context in this environment's language, version and start time, for a
    // scenario resolved as `resolved_yaml`.
    reports::ReportContext report_context(const std::string& resolved_yaml) const {
        reports::ReportContext context;
        context.language = language == "en" ? reports::Language::en : reports::Language::zh_cn;
        context.offersim_version = version;
        context.generated_at = started_at;
        context.resolved_scenario_yaml = resolved_yaml;
        return context;
    }
};

struct SweepArgs {
    std::string scenario;
    std::string out;
    std::vector<std::string> sets;  // PATH=v1,v2 | PATH=lo:hi:step | (with lhs) PATH=lo:hi[:step]
    int lhs = 0;                    // points of a Latin hypercube; 0: a grid
    int replications = 0;           // 0: the scenario's
    std::int64_t seed = -1;
};

struct SolveArgs {
    std::string scenario;
    std::string out;
    std::string parameter;
    std::string bracket;     // lo:hi
    std::string target;      // METRIC=VALUE
    std::string baseline;    // what a *_delta target is measured against; empty: the scenario as written
    double tolerance = 0.0;  // 0: a thousandth of the bracket
    int replications = 0;
    std::int64_t seed = -1;
};

struct OptimiseArgs {
    std::string scenario;
    std::string out;
    std::vector<std::string> parameters;  // PATH=lo:hi[:tolerance], 1 to 3
    std::string maximise;                 // a metric; one of maximise and minimise
    std::string minimise;
    std::vector<std::string> constraints;  // METRIC<=VALUE | METRIC>=VALUE
    std::string baseline;                  // what *_delta metrics are measured against
    std::string algorithm = "cobyla";      // cobyla | auglag
    int max_runs = 60;                     // distinct points run, at most
    int replications = 0;
    std::int64_t seed = -1;
};

struct RateArgs {
    std::string tariff;  // a scenario file: its tiers are the tariff
    std::string usage;   // a CSV of monthly totals or call-level records
    std::string out;     // empty: out/rate-<usage file's name>
};

struct TargetsArgs {
    std::string scenario;  // its targeting rules: win_back, vip_grading, retention_campaigns
    std::string extract;   // a customer extract (docs/scenario-reference.md)
    std::string encoding = "auto";
    std::string as_of;  // YYYY-MM; empty: the scenario's initial_base.as_of
    std::string out;    // empty: out/targets-<extract file's name>
};

struct CalibrateArgs {
    std::string scenario;
    std::string history;  // per-customer records or a cohort table
    std::string choices;
    std::string usage;
    std::string out;
};

struct BacktestArgs {
    std::string history;  // per-customer records, with monthly_bill_cny for revenue
    int fit_months = 12;
    int draws = 200;
    std::int64_t seed = 1;
    std::string path = "engine";  // or "curve" (docs/models.md §35)
    std::string out;              // empty: out/backtest-<history file's name>
};

// Exit codes as main's; InputError and RunError propagate to main.
int sweep_command(const SweepArgs& args, const CommandEnv& env);
int solve_command(const SolveArgs& args, const CommandEnv& env);
// What solve and optimise measure a change against: `baseline` (empty: the scenario as
// written) at the scenario's seed and replications unless given, so both share random
// numbers; InputError when the horizons differ.
scenario::Scenario change_baseline(const scenario::Scenario& as_written, const std::string& baseline,
                                   std::int64_t seed, int replications);
int optimise_command(const OptimiseArgs& args, const CommandEnv& env);
int rate_command(const RateArgs& args);
int targets_command(const TargetsArgs& args);
int calibrate_command(const CalibrateArgs& args, const CommandEnv& env);
int backtest_command(const BacktestArgs& args, const CommandEnv& env);
// The sample data (docs/examples/data/) drawn from `seed` into folder `out`, the history
// with `history_scale` times the base size of customers (calibration::kShippedHistoryScale).
int generate_sample_command(const std::string& out, std::uint64_t seed, int history_scale);

}  // namespace offersim::cli
