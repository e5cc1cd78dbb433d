// offersim: run, validate and describe marketing-offer scenarios.
// Exit codes: 0 success, 1 a run that failed, 2 bad input (nothing written).
#include "engine/calibration/sample_data.hpp"
#include "engine/cli/commands.hpp"
#include "engine/cli/comparison_folder.hpp"
#include "engine/cli/run_outputs.hpp"
#include "engine/cli/run_record.hpp"
#include "engine/core/cluster.hpp"
#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/scenario/run_settings.hpp"
#include "engine/sim/cpu_check.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/run.hpp"
#include "reports/output_folder.hpp"
#include "scenarios/schema.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <CLI/CLI.hpp>
#include <atomic>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <thread>

namespace {

using namespace offersim;
namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitRunFailed = 1;
constexpr int kExitBadInput = 2;

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) {
    g_interrupted.store(true);
}

// A one-line progress report on stderr, shown only on a terminal and only once a run
// has taken more than a second.
class Progress {
public:
    Progress() : start_(std::chrono::steady_clock::now()), enabled_(::isatty(STDERR_FILENO) == 1) {}
    ~Progress() {
        if (shown_) std::fputs("\r\033[K", stderr);
    }
    void update(double done) {
        if (!enabled_) return;
        const double elapsed = seconds();
        if (elapsed < 1.0 || done <= 0.0) return;
        const double eta = elapsed * (1.0 - done) / done;
        std::fprintf(stderr, "\r\033[Koffersim: %3.0f%% done, %.0f s left", done * 100.0, eta);
        std::fflush(stderr);
        shown_ = true;
    }
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }

private:
    std::chrono::steady_clock::time_point start_;
    bool enabled_;
    bool shown_ = false;
};

// The run's start time, or SOURCE_DATE_EPOCH when set (the reproducible-builds convention),
// so that two runs made apart can be compared byte for byte.
std::string start_time_iso8601() {
    std::time_t t = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
        char* end = nullptr;
        const long long seconds = std::strtoll(epoch, &end, 10);
        if (end != epoch && *end == '\0' && seconds >= 0) t = static_cast<std::time_t>(seconds);
    }
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

void print_input_error(const InputError& e) {
    for (const auto& d : e.diagnostics()) fmt::print(stderr, "error: {}\n", format_diagnostic(d));
    fmt::print(stderr, "{} problem{} found; nothing was written.\n", e.diagnostics().size(),
               e.diagnostics().size() == 1 ? "" : "s");
}

struct RunArgs {
    std::string scenario;
    std::string out;
    int replications = 0;  // 0: the scenario's
    std::int64_t seed = -1;
    int threads = 0;  // 0: every core
    std::string lang;
    double max_memory_gib = 0.0;  // 0: 80% of physical memory
    std::string check;            // an earlier output folder to reproduce
    bool waterfall = false;       // compare: split each variant's revenue change by mechanism
    bool leave_one_out = false;   // compare: each offer of a variant with several on its own
    std::string encoding;         // the customer extract's, over `initial_base.encoding`; empty: the file's
};

// --encoding sets the encoding of a customer extract: refused when none of `scenarios`
// (run's one, or a comparison's) reads an extract.
void check_encoding_flag(const std::string& encoding, const std::vector<scenario::Scenario>& scenarios) {
    if (encoding.empty() || std::any_of(scenarios.begin(), scenarios.end(), [](const scenario::Scenario& sc) {
            return sc.initial_base.has_value();
        }))
        return;
    throw InputError({{SourcePos{"--encoding", 0, 0},
                       fmt::format("--encoding sets the encoding of a customer extract, and {} (none has "
                                   "initial_base)",
                                   scenarios.size() == 1 ? "the scenario reads none"
                                                         : "no scenario of the comparison reads one")}});
}

// --seed as a scenario's `seed:` takes it: a whole number from 0 to kMaxSeed, checked on
// the text, since CLI11 would clamp a larger one to the largest int64 silently.
const CLI::Validator kSeedRange(
    [](std::string& text) -> std::string {
        std::int64_t seed = -1;
        const std::string_view digits = text.starts_with('+') ? std::string_view(text).substr(1) : text;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seed);
        if (ec == std::errc() && end == digits.data() + digits.size() && seed >= 0 &&
            !digits.starts_with('-'))
            return {};
        return fmt::format("must be a whole number between 0 and {}, found {}", offersim::scenario::kMaxSeed,
                           text);
    },
    "SEED");

double physical_memory_gib() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) / (1u << 30) : 8.0;
}

// --max-memory, a rank's limit; by default 80% of physical memory, shared evenly by the
// job's ranks on this machine (docs/architecture.md, "Ranks").
double max_memory_gib(const RunArgs& args) {
    return args.max_memory_gib > 0 ? args.max_memory_gib
                                   : 0.8 * physical_memory_gib() / cluster::ranks_on_this_machine();
}

// By default every core, shared evenly by the job's ranks on this machine.
int thread_count(const RunArgs& args) {
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return args.threads > 0 ? args.threads : std::max(1, cores / cluster::ranks_on_this_machine());
}

std::string language_of(const RunArgs& args) {
    return args.lang.empty() ? "zh-CN" : args.lang;
}

// Runs a scenario through the engine's one entry, with the seed and replications it holds
// (after the command line's overrides), reporting progress into [done_before, + share].
sim::RunConfig run_config(int replications, std::uint64_t seed, const RunArgs& args) {
    sim::RunConfig config = sim::RunConfig::of(replications, seed, thread_count(args));
    config.cancel = &g_interrupted;
    config.max_memory_gib = max_memory_gib(args);
    return config;
}

sim::ScenarioRun simulate(const scenario::Scenario& sc, const RunArgs& args, Progress& progress,
                          double done_before, double share) {
    sim::RunConfig config = run_config(sc.replications, sc.seed, args);
    config.on_progress = [&](double done) { progress.update(done_before + share * done); };
    return sim::run_scenario(sc, config);
}

void install_signal_handlers() {
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
}

// Confirms an output folder is what its run.json records: the scenario's input hash, every
// file's recorded hash, and every file byte for byte against a re-run of the recorded
// scenario with the recorded seed, replications, language and start time. A comparison's
// folder is re-run as a comparison, its runs' sub-folders checked with it.
int check_command(const RunArgs& args) {
    const fs::path dir = args.check;
    const cli::RunRecord record = cli::read_run_record(dir / "run.json");
    install_signal_handlers();
    Progress progress;
    int differing = 0;
    if (record.command == "compare") {
        sim::RunConfig config = run_config(record.replications, record.seed, args);
        config.on_progress = [&](double done) { progress.update(done); };
        differing = cli::check_comparison_folder(dir, record, config);
    } else {
        scenario::Scenario sc = scenario::load_scenario(dir / "scenario.resolved.yaml");
        scenario::set_run_settings(sc, record.seed, record.replications);
        const bool same_inputs =
            cli::input_hash_of(sc.resolved_yaml, sc.seed, sc.replications) == record.input_hash;
        differing += cli::print_verdict(
            (dir / "run.json").string() + " input_hash",
            same_inputs ? "" : "the scenario, seed or replications are not those the run recorded");
        const sim::ScenarioRun run = simulate(sc, args, progress, 0.0, 1.0);
        differing += cli::check_files(
            dir, record, cli::run_files(sc, run, {record.started_at, record.language}, &g_interrupted));
    }
    if (differing > 0) {
        fmt::print(stderr,
                   "error: {} check{} failed against the record and the re-run (offersim {} now, {} then)\n",
                   differing, differing == 1 ? "" : "s", OFFERSIM_VERSION, record.offersim);
        return kExitRunFailed;
    }
    return kExitOk;
}

int run_command(const RunArgs& args) {
    if (!args.check.empty()) return check_command(args);
    std::vector<scenario::Scenario> loaded{scenario::load_scenario_in_encoding(args.scenario, args.encoding)};
    check_encoding_flag(args.encoding, loaded);
    scenario::Scenario& sc = loaded.front();
    scenario::set_run_settings(sc, args.seed >= 0 ? static_cast<std::uint64_t>(args.seed) : sc.seed,
                               args.replications > 0 ? args.replications : sc.replications);
    // A scenario's name is data: it picks a folder under out/, never a path.
    const fs::path out =
        args.out.empty() ? fs::path("out") / reports::folder_name_for(sc.name) : fs::path(args.out);
    cli::RunStamp stamp{start_time_iso8601(), language_of(args)};
    reports::OutputFolder folder(out);  // refused before the run if it is not ours to replace
    install_signal_handlers();
    Progress progress;
    const sim::ScenarioRun run = simulate(sc, args, progress, 0.0, 1.0);
    stamp.seconds = progress.seconds();
    const auto files = cli::run_files(sc, run, stamp, &g_interrupted);
    for (const auto& [name, contents] : files) folder.add(name, contents);
    folder.add("run.json", cli::run_record(sc, fs::path(args.scenario).generic_string(), stamp, files));
    sim::stop_if_cancelled(&g_interrupted);
    folder.commit();
    fmt::print("{}\n", (out / "report.html").string());
    fmt::print(stderr,
               "offersim: {} customers x {} months x {} replications in {:.2f} s, estimated peak memory "
               "{:.3f} GiB\n",
               run.plan.total_customers(), run.plan.horizon_months, sc.replications, stamp.seconds,
               run.memory.gib);
    return kExitOk;
}

// Runs a baseline and its variants with the same seed and replications (common random
// numbers) and writes each run and their paired differences.
int compare_command(const RunArgs& args, const std::vector<std::string>& variant_files) {
    std::vector<Diagnostic> problems;
    std::vector<scenario::Scenario> scenarios;
    // Every file is checked, so all problems of all files are reported at once.
    std::vector<std::string> files{args.scenario};
    files.insert(files.end(), variant_files.begin(), variant_files.end());
    for (const auto& file : files) {
        try {
            scenarios.push_back(scenario::load_scenario_in_encoding(file, args.encoding));
        } catch (const InputError& e) {
            problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
        }
    }
    if (!problems.empty()) throw InputError(std::move(problems));
    check_encoding_flag(args.encoding, scenarios);
    scenario::Scenario& base = scenarios.front();
    scenario::set_run_settings(base, args.seed >= 0 ? static_cast<std::uint64_t>(args.seed) : base.seed,
                               args.replications > 0 ? args.replications : base.replications);
    for (std::size_t i = 1; i < scenarios.size(); ++i) {
        if (scenarios[i].horizon_months != base.horizon_months)
            problems.push_back(
                {SourcePos{variant_files[i - 1], 0, 0},
                 fmt::format("horizon_months is {} but the baseline's is {}; compared runs need the same "
                             "horizon",
                             scenarios[i].horizon_months, base.horizon_months)});
        scenario::set_run_settings(scenarios[i], base.seed, base.replications);
    }
    if (!problems.empty()) throw InputError(std::move(problems));

    const fs::path out = args.out.empty()
                             ? fs::path("out") / ("compare-" + reports::folder_name_for(base.name))
                             : fs::path(args.out);
    cli::RunStamp stamp{start_time_iso8601(), language_of(args)};
    reports::OutputFolder folder(out);  // refused before the runs if it is not ours to replace
    install_signal_handlers();
    Progress progress;
    sim::RunConfig config = run_config(base.replications, base.seed, args);
    config.on_progress = [&](double done) { progress.update(done); };
    const cli::CompareOptions options{args.waterfall, args.leave_one_out};
    const sim::ComparisonRuns compared = cli::run_compared(scenarios, config, options);
    stamp.seconds = progress.seconds();
    for (const auto& [name, contents] :
         cli::comparison_files(scenarios, files, compared, options, stamp, &g_interrupted))
        folder.add(name, contents);
    sim::stop_if_cancelled(&g_interrupted);
    folder.commit();
    fmt::print("{}\n", (out / "report.html").string());
    // The runs are stepped together: the estimate holds all of them at once.
    double customers = 0.0;
    for (const auto& run : compared.runs) customers += static_cast<double>(run.plan.total_customers());
    fmt::print(stderr,
               "offersim: {} runs stepped together, {:.0f} customers in all x {} months x {} replications "
               "in {:.2f} s, estimated peak memory {:.3f} GiB\n",
               compared.runs.size(), customers, base.horizon_months, base.replications, stamp.seconds,
               compared.runs.front().memory.gib);
    return kExitOk;
}

int validate_command(const std::vector<std::string>& files) {
    int status = kExitOk;
    for (const auto& file : files) {
        try {
            const auto sc = scenario::load_scenario(file);
            fmt::print("{}: ok ({} segments, {} tiers, {} months)\n", file, sc.segments.size(),
                       sc.tiers.size(), sc.horizon_months);
        } catch (const InputError& e) {
            print_input_error(e);
            status = kExitBadInput;
        }
    }
    return status;
}

// What the sweep and solve drivers share with `run`: threads, memory limit, cancellation,
// progress, language and start time.
cli::CommandEnv command_env(const RunArgs& args, Progress& progress) {
    install_signal_handlers();
    cli::CommandEnv env;
    env.cancel = &g_interrupted;
    env.threads = thread_count(args);
    env.max_memory_gib = max_memory_gib(args);
    env.language = language_of(args);
    env.started_at = start_time_iso8601();
    env.version = cli::version_text();
    env.on_progress = [&progress](double done) { progress.update(done); };
    return env;
}

// The options sweep and solve share with run.
void add_run_options(CLI::App* command, RunArgs& args, std::string& out, int& replications,
                     std::int64_t& seed) {
    command->add_option("--out", out,
                        "Output folder, replaced whole; it must be absent, empty or written by offersim");
    command
        ->add_option("--replications", replications, "Replications for every run (default: the scenario's)")
        ->check(CLI::Range(1, 100000));
    command->add_option("--seed", seed, "Seed for every run (default: the scenario's)")->check(kSeedRange);
    command->add_option("--threads", args.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(1, 1024));
    command->add_option("--lang", args.lang, "Report language: zh-CN (default) or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));
    command->add_option("--max-memory", args.max_memory_gib, "Refuse runs needing more GiB than this")
        ->check(CLI::PositiveNumber);
}

int run_main(int argc, char** argv) {
    CLI::App app{"offersim: simulate marketing offers for a telecom customer base"};
    app.set_version_flag("--version", fmt::format("{}\nmonth loops built with -march={}", cli::version_text(),
                                                  sim::hot_loop_arch()));
    app.require_subcommand(1);

    RunArgs run_args;
    auto* run = app.add_subcommand("run", "Run a scenario and write its report");
    run->add_option("scenario", run_args.scenario, "Scenario YAML file");
    run->add_option("--check", run_args.check,
                    "Re-run the scenario recorded in an earlier output folder and confirm identical figures");
    run->add_option("--out", run_args.out,
                    "Output folder, replaced whole; it must be absent, empty or written by offersim "
                    "(default: out/<scenario name, safe characters only>)");
    run->add_option("--replications", run_args.replications,
                    "Monte Carlo replications (default: the scenario's)")
        ->check(CLI::Range(1, 100000));
    run->add_option("--seed", run_args.seed, "Random seed (default: the scenario's)")->check(kSeedRange);
    run->add_option("--threads", run_args.threads,
                    "Worker threads (default: every core); never changes a result")
        ->check(CLI::Range(1, 1024));
    run->add_option("--lang", run_args.lang, "Report language: zh-CN (default) or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));
    run->add_option("--max-memory", run_args.max_memory_gib,
                    "Refuse runs needing more GiB than this (default: 80% of RAM)")
        ->check(CLI::PositiveNumber);
    run->add_option("--encoding", run_args.encoding,
                    "The customer extract's encoding, auto, utf-8 or gbk (default: initial_base.encoding)")
        ->check(CLI::IsMember({"auto", "utf-8", "gbk"}));

    std::vector<std::string> validate_files;
    auto* validate = app.add_subcommand("validate", "Check scenario files and report every problem found");
    validate->add_option("files", validate_files, "Scenario YAML files")->required();

    RunArgs compare_args;
    std::vector<std::string> variant_files;
    auto* compare = app.add_subcommand(
        "compare",
        "Run a baseline and its variants with the same random draws and report each variant's effect");
    compare->add_option("baseline", compare_args.scenario, "Baseline scenario YAML file")->required();
    compare->add_option("variants", variant_files, "Variant scenario YAML files")->required();
    compare->add_option("--out", compare_args.out,
                        "Output folder, replaced whole; it must be absent, empty or written by offersim "
                        "(default: out/compare-<baseline name>)");
    compare
        ->add_option("--replications", compare_args.replications,
                     "Replications for every run (default: the baseline's)")
        ->check(CLI::Range(1, 100000));
    compare->add_option("--seed", compare_args.seed, "Seed for every run (default: the baseline's)")
        ->check(kSeedRange);
    compare->add_option("--threads", compare_args.threads, "Worker threads (default: every core)")
        ->check(CLI::Range(1, 1024));
    compare->add_option("--lang", compare_args.lang, "Report language: zh-CN (default) or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));
    compare->add_option("--max-memory", compare_args.max_memory_gib, "Refuse runs needing more GiB than this")
        ->check(CLI::PositiveNumber);
    compare
        ->add_option(
            "--encoding", compare_args.encoding,
            "The customer extracts' encoding, auto, utf-8 or gbk (default: each initial_base.encoding)")
        ->check(CLI::IsMember({"auto", "utf-8", "gbk"}));
    compare->add_flag(
        "--waterfall", compare_args.waterfall,
        "Split each variant's revenue change into price, usage, migration, churn, acquisition and "
        "an interaction remainder (runs each scenario up to five more times)");
    compare->add_flag("--leave-one-out", compare_args.leave_one_out,
                      "Measure each offer of a variant with several offers against the variant without it "
                      "(one more run per such offer), for its own incremental margin and payback");

    RunArgs sweep_env_args;
    cli::SweepArgs sweep_args;
    auto* sweep = app.add_subcommand(
        "sweep",
        "Run a scenario over a grid or a Latin hypercube of parameter values, each point against the "
        "scenario as written with the same random draws");
    sweep->add_option("scenario", sweep_args.scenario, "Scenario YAML file")->required();
    sweep
        ->add_option("--set", sweep_args.sets,
                     "PATH=v1,v2,... or PATH=lo:hi:step (with --lhs: PATH=lo:hi[:step]); several make a grid")
        ->required();
    sweep->add_option("--lhs", sweep_args.lhs, "Points of a Latin hypercube over the --set ranges")
        ->check(CLI::Range(1, 10000));
    add_run_options(sweep, sweep_env_args, sweep_args.out, sweep_args.replications, sweep_args.seed);

    RunArgs solve_env_args;
    cli::SolveArgs solve_args;
    auto* solve =
        app.add_subcommand("solve", "Find the value of one parameter at which a figure reaches a target");
    solve->add_option("scenario", solve_args.scenario, "Scenario YAML file")->required();
    solve
        ->add_option("--parameter", solve_args.parameter,
                     "The parameter's path, e.g. offers[x].device.subsidy_cny")
        ->required();
    solve->add_option("--bracket", solve_args.bracket, "lo:hi, the range to search")->required();
    solve->add_option("--target", solve_args.target, "METRIC=VALUE, e.g. npv_margin_cny_delta=0")->required();
    solve->add_option("--baseline", solve_args.baseline,
                      "What a *_delta target is measured against (default: the scenario as written)");
    solve
        ->add_option("--tolerance", solve_args.tolerance,
                     "Width of the final bracket on the parameter (default: a thousandth of the bracket)")
        ->check(CLI::PositiveNumber);
    add_run_options(solve, solve_env_args, solve_args.out, solve_args.replications, solve_args.seed);

    RunArgs optimise_env_args;
    cli::OptimiseArgs optimise_args;
    auto* optimise = app.add_subcommand(
        "optimise",
        "Find the values of 1 to 3 parameters that maximise or minimise a figure under constraints");
    optimise->add_option("scenario", optimise_args.scenario, "Scenario YAML file")->required();
    optimise
        ->add_option("--parameter", optimise_args.parameters,
                     "PATH=lo:hi[:tolerance], e.g. tiers[t].monthly_fee_cny=30:90; 1 to 3 of them")
        ->required();
    optimise->add_option("--maximise", optimise_args.maximise,
                         "The figure to maximise, e.g. npv_margin_cny_delta");
    optimise->add_option("--minimise", optimise_args.minimise, "The figure to minimise");
    optimise->add_option("--constraint", optimise_args.constraints,
                         "METRIC<=VALUE or METRIC>=VALUE, e.g. churn_rate_monthly<=0.03, cash_month_24>=0, "
                         "payback_month<=18 (relaxed to cash_month_18_delta>=0)");
    optimise->add_option("--baseline", optimise_args.baseline,
                         "What *_delta figures are measured against (default: the scenario as written)");
    optimise->add_option("--algorithm", optimise_args.algorithm, "cobyla (default) or auglag")
        ->check(CLI::IsMember({"cobyla", "auglag"}));
    optimise->add_option("--max-runs", optimise_args.max_runs, "Points run at most (default 60)")
        ->check(CLI::Range(2, 10000));
    add_run_options(optimise, optimise_env_args, optimise_args.out, optimise_args.replications,
                    optimise_args.seed);

    auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the scenario format");

    cli::RateArgs rate_args;
    auto* rate = app.add_subcommand(
        "rate",
        "Re-rate usage records (monthly totals or call-level) against a scenario's tiers and "
        "report each bill's difference from the billed amount, to the fen");
    rate->add_option("tariff", rate_args.tariff, "Scenario YAML file whose tiers are the tariff")->required();
    rate->add_option("usage", rate_args.usage, "Usage CSV file")->required();
    rate->add_option("--out", rate_args.out,
                     "Output folder, replaced whole; it must be absent, empty or written by offersim "
                     "(default: out/rate-<usage file name>)");

    cli::TargetsArgs targets_args;
    auto* targets = app.add_subcommand(
        "targets",
        "Apply a scenario's targeting rules (win-back rule, retention risk, VIP grading) to a customer "
        "extract and write the target list with the operator's ids, with counts per region and account "
        "manager against capacity");
    targets->add_option("scenario", targets_args.scenario, "Scenario YAML file whose rules are applied")
        ->required();
    targets->add_option("extract", targets_args.extract, "Customer extract CSV file")->required();
    targets->add_option("--encoding", targets_args.encoding, "auto (default), utf-8 or gbk")
        ->check(CLI::IsMember({"auto", "utf-8", "gbk"}));
    targets->add_option("--as-of", targets_args.as_of,
                        "The extract's month, YYYY-MM (default: the scenario's initial_base.as_of)");
    targets->add_option("--out", targets_args.out,
                        "Output folder, replaced whole; it must be absent, empty or written by offersim "
                        "(default: out/targets-<extract file name>)");

    RunArgs calibrate_env_args;
    cli::CalibrateArgs calibrate_args;
    auto* calibrate = app.add_subcommand(
        "calibrate",
        "Fit churn (sBG, Weibull), plan choice (logit) and usage to your data; write calibration.yaml to "
        "include in the scenario, and a fit report");
    calibrate->add_option("scenario", calibrate_args.scenario, "Scenario YAML file whose segments are fitted")
        ->required();
    calibrate->add_option("--history", calibrate_args.history,
                          "Churn history CSV: segment,entry_months,exit_month,churned, or a cohort table "
                          "segment,cohort,month,active");
    calibrate->add_option(
        "--choices", calibrate_args.choices,
        "Plan choices CSV: situation,segment,chosen,bill_cny,overage_risk,subsidy_cny,is_current");
    calibrate->add_option("--usage", calibrate_args.usage,
                          "Usage CSV: segment and voice_min, data_mb, sms per customer");
    calibrate->add_option("--out", calibrate_args.out,
                          "Output folder, replaced whole; it must be absent, empty or written by offersim "
                          "(default: out/calibration-<scenario name>)");
    calibrate->add_option("--lang", calibrate_env_args.lang, "Report language: zh-CN (default) or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));

    RunArgs backtest_env_args;
    cli::BacktestArgs backtest_args;
    auto* backtest = app.add_subcommand(
        "backtest",
        "Fit churn on the first months of a history, predict the months after it with the fit's parameter "
        "uncertainty, and compare with what happened: MAPE, bias and the actuals inside the P5-P95 bands");
    backtest
        ->add_option("--history", backtest_args.history,
                     "Churn history CSV: segment,entry_months,exit_month,churned[,monthly_bill_cny]")
        ->required();
    backtest->add_option("--fit-months", backtest_args.fit_months,
                         "Months of the history to fit on (default 12)");
    backtest->add_option("--draws", backtest_args.draws,
                         "Draws of the parameters and lifetimes behind each band (default 200)");
    backtest->add_option("--seed", backtest_args.seed, "Random seed (default 1)")->check(kSeedRange);
    backtest
        ->add_option("--path", backtest_args.path,
                     "What predicts the months after the cut: engine (default), the simulation's month "
                     "step on the customers active then, or curve, the fitted survival curve directly")
        ->check(CLI::IsMember({"engine", "curve"}));
    backtest->add_option("--out", backtest_args.out,
                         "Output folder, replaced whole; it must be absent, empty or written by offersim "
                         "(default: out/backtest-<history file name>)");
    backtest->add_option("--lang", backtest_env_args.lang, "Report language: zh-CN (default) or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));

    std::string sample_out;
    std::int64_t sample_seed = 20261203;
    auto* generate_sample = app.add_subcommand(
        "generate-sample", "Write the synthetic sample data of docs/examples/data/ from known parameters");
    generate_sample->group("");  // hidden: for the docs and tests, not for planners' menus
    generate_sample->add_option("--out", sample_out, "Output folder")->required();
    generate_sample->add_option("--seed", sample_seed, "Random seed")->check(kSeedRange);
    int sample_history_scale = calibration::kShippedHistoryScale;
    generate_sample
        ->add_option("--history-scale", sample_history_scale,
                     "Times the base size of history customers (mass 3,000, vip 2,000); default 4, "
                     "the shipped history.csv")
        ->check(CLI::Range(1, 100));

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitBadInput;
    }
    try {
        if (*run) {
            if (run_args.scenario.empty() == run_args.check.empty()) {
                fmt::print(stderr,
                           "error: give a SCENARIO to run, or --check DIR to reproduce an earlier run\n");
                return kExitBadInput;
            }
            return run_command(run_args);
        }
        if (*compare) return compare_command(compare_args, variant_files);
        if (*validate) return validate_command(validate_files);
        if (*sweep) {
            Progress progress;
            return cli::sweep_command(sweep_args, command_env(sweep_env_args, progress));
        }
        if (*solve) {
            Progress progress;
            return cli::solve_command(solve_args, command_env(solve_env_args, progress));
        }
        if (*optimise) {
            Progress progress;
            return cli::optimise_command(optimise_args, command_env(optimise_env_args, progress));
        }
        if (*rate) return cli::rate_command(rate_args);
        if (*targets) return cli::targets_command(targets_args);
        if (*calibrate) {
            Progress progress;
            return cli::calibrate_command(calibrate_args, command_env(calibrate_env_args, progress));
        }
        if (*backtest) {
            Progress progress;
            return cli::backtest_command(backtest_args, command_env(backtest_env_args, progress));
        }
        if (*generate_sample)
            return cli::generate_sample_command(sample_out, static_cast<std::uint64_t>(sample_seed),
                                                sample_history_scale);
        if (*schema) {
            fmt::print("{}", offersim::scenarios::scenario_schema_json());
            return kExitOk;
        }
    } catch (const offersim::InputError& e) {
        print_input_error(e);
        return kExitBadInput;
    } catch (const offersim::RunError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitRunFailed;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitRunFailed;
    }
    return kExitOk;
}

// Under an MPI launcher every rank runs the same command on the same inputs; rank 0 alone
// prints and writes (docs/architecture.md, "Ranks"). A rank that fails while the others go
// on ends the whole job, so that none waits for it.
void quiet_unless_rank_0() {
    if (cluster::writes() || std::getenv("OFFERSIM_RANK_OUTPUT") != nullptr) return;
    if (std::freopen("/dev/null", "w", stdout) == nullptr ||
        std::freopen("/dev/null", "w", stderr) == nullptr)
        cluster::abort_job(kExitRunFailed);
}

}  // namespace

int main(int argc, char** argv) {
    // Before anything runs the hot loops: on a CPU without what they were built for they would
    // stop on an illegal instruction, with nothing to say why.
    if (const std::string missing = sim::missing_cpu_features_message(); !missing.empty()) {
        fmt::print(stderr, "error: {}\n", missing);
        return kExitRunFailed;
    }
    try {
        cluster::start(&argc, &argv);
    } catch (const offersim::RunError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitRunFailed;
    }
    quiet_unless_rank_0();
    const int code = run_main(argc, argv);
    if (code != kExitOk && cluster::ranks() > 1) {
        // Bad input fails on every rank alike: rank 0 has printed why and ends the job with
        // its code. Another rank gives it time to, then ends the job itself.
        if (!cluster::writes()) std::this_thread::sleep_for(std::chrono::seconds(2));
        cluster::abort_job(code);
    }
    cluster::stop();
    return code;
}
