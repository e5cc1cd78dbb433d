// offersim: run, validate and describe marketing-offer scenarios.
// Exit codes: 0 success, 1 a run that failed, 2 bad input (nothing written).
#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"
#include "reports/html_report.hpp"
#include "reports/monthly_csv.hpp"
#include "reports/output_folder.hpp"
#include "reports/summary_json.hpp"
#include "scenarios/schema.hpp"

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fmt/format.h>
#include <thread>
#include <unistd.h>

namespace {

using namespace offersim;
namespace fs = std::filesystem;

constexpr int kExitOk = 0;
constexpr int kExitRunFailed = 1;
constexpr int kExitBadInput = 2;

std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) { g_interrupted.store(true); }

std::string version_text() { return fmt::format("offersim {} ({})", OFFERSIM_VERSION, OFFERSIM_GIT_COMMIT); }

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

std::string now_iso8601() {
    const std::time_t t = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::uint64_t fnv1a64(std::string_view text, std::uint64_t h = 1469598103934665603ull) {
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
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
    int threads = 0;       // 0: every core
    std::string lang;
    double max_memory_gib = 0.0;  // 0: 80% of physical memory
};

double physical_memory_gib() {
    const long pages = ::sysconf(_SC_PHYS_PAGES);
    const long page = ::sysconf(_SC_PAGE_SIZE);
    return pages > 0 && page > 0 ? static_cast<double>(pages) * static_cast<double>(page) / (1u << 30) : 8.0;
}

int run_command(const RunArgs& args) {
    scenario::Scenario sc;
    try {
        sc = scenario::load_scenario(args.scenario);
    } catch (const InputError& e) {
        print_input_error(e);
        return kExitBadInput;
    }
    if (args.replications > 0) sc.replications = args.replications;
    if (args.seed >= 0) sc.seed = static_cast<std::uint64_t>(args.seed);
    const int threads = args.threads > 0 ? args.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    reports::Language language = reports::Language::zh_cn;
    if (args.lang == "en") language = reports::Language::en;

    const sim::SimulationPlan plan = sim::compile_plan(sc);
    const double customers = static_cast<double>(plan.total_customers());
    const double cube_values = static_cast<double>(sc.replications) * sc.horizon_months *
                               (static_cast<double>(plan.segments.size()) + 1) * sim::kMetricCount;
    const double need_gib = (customers * sim::CustomerStore::bytes_per_customer() + cube_values * 8.0 * 2.0) / (1u << 30);
    const double limit_gib = args.max_memory_gib > 0 ? args.max_memory_gib : 0.8 * physical_memory_gib();
    if (need_gib > limit_gib) {
        fmt::print(stderr,
                   "error: this run needs about {:.1f} GiB ({:.0f} customers x {} bytes, plus {} replications of results), "
                   "more than the {:.1f} GiB allowed; reduce segment sizes, gross adds or replications, or raise --max-memory\n",
                   need_gib, customers, sim::CustomerStore::bytes_per_customer(), sc.replications, limit_gib);
        return kExitBadInput;
    }

    const fs::path out = args.out.empty() ? fs::path("out") / sc.name : fs::path(args.out);
    try {
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        Progress progress;
        sim::RunConfig config;
        config.replications = sc.replications;
        config.seed = sc.seed;
        config.threads = threads;
        config.cancel = &g_interrupted;
        config.on_progress = [&](double done) { progress.update(done); };
        const sim::MetricCube cube = sim::run_simulation(plan, config);
        const sim::RunResults results = sim::summarise_run(plan, cube, sc.name, sc.title, sc.seed);
        const double run_seconds = progress.seconds();

        reports::ReportContext context;
        context.language = language;
        context.offersim_version = version_text();
        context.generated_at = now_iso8601();
        context.run_seconds = run_seconds;
        context.resolved_scenario_yaml = sc.resolved_yaml;

        reports::OutputFolder folder(out);
        folder.add("summary.json", reports::summary_json(results, version_text()));
        folder.add("monthly.csv", reports::monthly_csv(results));
        if (!results.offers.empty()) folder.add("offers.csv", reports::offers_csv(results));
        folder.add("report.html", reports::html_report(results, context));
        folder.add("scenario.resolved.yaml", sc.resolved_yaml);
        folder.add("run.json", fmt::format("{{\n  \"offersim\": \"{}\",\n  \"git_commit\": \"{}\",\n  \"scenario\": \"{}\",\n"
                                           "  \"seed\": {},\n  \"replications\": {},\n  \"input_hash\": \"{:016x}\"\n}}\n",
                                           OFFERSIM_VERSION, OFFERSIM_GIT_COMMIT, fs::path(args.scenario).generic_string(),
                                           sc.seed, sc.replications,
                                           fnv1a64(fmt::format("{}|{}|{}", sc.resolved_yaml, sc.seed, sc.replications))));
        if (g_interrupted.load()) throw RunError("the run was interrupted");
        folder.commit();
        fmt::print("{}\n", (out / "report.html").string());
        fmt::print(stderr, "offersim: {} x {} months x {} replications in {:.2f} s\n", plan.total_customers(),
                   sc.horizon_months, sc.replications, run_seconds);
        return kExitOk;
    } catch (const RunError& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitRunFailed;
    }
}

int validate_command(const std::vector<std::string>& files) {
    int status = kExitOk;
    for (const auto& file : files) {
        try {
            const auto sc = scenario::load_scenario(file);
            fmt::print("{}: ok ({} segments, {} tiers, {} months)\n", file, sc.segments.size(), sc.tiers.size(),
                       sc.horizon_months);
        } catch (const InputError& e) {
            print_input_error(e);
            status = kExitBadInput;
        }
    }
    return status;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"offersim: simulate marketing offers for a telecom customer base"};
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);

    RunArgs run_args;
    auto* run = app.add_subcommand("run", "Run a scenario and write its report");
    run->add_option("scenario", run_args.scenario, "Scenario YAML file")->required();
    run->add_option("--out", run_args.out, "Output folder (default: out/<scenario name>)");
    run->add_option("--replications", run_args.replications, "Monte Carlo replications (default: the scenario's)")
        ->check(CLI::Range(1, 100000));
    run->add_option("--seed", run_args.seed, "Random seed (default: the scenario's)")->check(CLI::NonNegativeNumber);
    run->add_option("--threads", run_args.threads, "Worker threads (default: every core); never changes a result")
        ->check(CLI::Range(1, 1024));
    run->add_option("--lang", run_args.lang, "Report language: zh-CN (default) or en")
        ->check(CLI::IsMember({"zh-CN", "en"}));
    run->add_option("--max-memory", run_args.max_memory_gib, "Refuse runs needing more GiB than this (default: 80% of RAM)")
        ->check(CLI::PositiveNumber);

    std::vector<std::string> validate_files;
    auto* validate = app.add_subcommand("validate", "Check scenario files and report every problem found");
    validate->add_option("files", validate_files, "Scenario YAML files")->required();

    auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the scenario format");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kExitOk : kExitBadInput;
    }
    try {
        if (*run) return run_command(run_args);
        if (*validate) return validate_command(validate_files);
        if (*schema) {
            fmt::print("{}", offersim::scenarios::scenario_schema_json());
            return kExitOk;
        }
    } catch (const offersim::InputError& e) {
        print_input_error(e);
        return kExitBadInput;
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return kExitRunFailed;
    }
    return kExitOk;
}
