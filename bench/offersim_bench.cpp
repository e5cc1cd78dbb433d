// offersim_bench: customer-months per second of the engine on shipped scenarios, scaled
// to a chosen base size. Prints the median of --repeat runs, ns per customer-month,
// bytes of state per customer, peak memory, and where the time goes.
#include "engine/scenario/loader.hpp"
#include "engine/scenario/scaled_base.hpp"
#include "engine/sim/cpu_check.hpp"
#include "engine/sim/customer_store.hpp"
#include "engine/sim/plan.hpp"
#include "engine/sim/results.hpp"
#include "engine/sim/simulation.hpp"
#include "engine/sim/win_back.hpp"

#include <fmt/format.h>
#include <sys/resource.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace offersim;
using Clock = std::chrono::steady_clock;

struct Options {
    std::vector<std::string> scenarios;
    std::int64_t customers = 10'000'000;
    int months = 0;  // 0: the scenario's horizon
    int threads = 1;
    int repeat = 3;
    int replications = 1;
};

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2.0;
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void bench(const std::string& file, const Options& opt) {
    const auto load_start = Clock::now();
    scenario::Scenario sc = scenario::load_scenario(file);
    const double load_seconds = seconds_since(load_start);
    scenario::scale_base(sc, opt.customers);
    if (opt.months > 0) sc.horizon_months = opt.months;
    const auto compile_start = Clock::now();
    const sim::SimulationPlan plan = sim::compile_plan(sc);
    const double compile_seconds = seconds_since(compile_start);

    // Customer-months actually stepped: every customer from the month it joins.
    double customer_months = 0.0;
    for (const auto& s : plan.segments) {
        customer_months += static_cast<double>(s.initial_size) * plan.horizon_months;
        for (int m = 0; m < plan.horizon_months; ++m)
            customer_months +=
                static_cast<double>(s.gross_adds[static_cast<std::size_t>(m)]) * (plan.horizon_months - m);
    }
    customer_months *= opt.replications;

    std::vector<double> run_times;
    std::vector<double> month_times;
    std::vector<double> summary_times;
    double checksum = 0.0;
    for (int k = 0; k < opt.repeat; ++k) {
        sim::RunConfig config;
        config.replications = opt.replications;
        config.seed = sc.seed;
        config.threads = opt.threads;
        sim::RunTimings timings;
        config.timings = &timings;
        const auto start = Clock::now();
        const sim::MetricCube cube = sim::run_simulation(plan, config);
        run_times.push_back(seconds_since(start));
        month_times.push_back(timings.months_seconds);
        const auto summary_start = Clock::now();
        const sim::RunResults results = sim::summarise_run(plan, cube, sc.name, sc.title, sc.seed);
        summary_times.push_back(seconds_since(summary_start));
        checksum = results.headline("revenue_total_cny").mean;
    }
    const double t = median(run_times);
    fmt::print(
        "scenario {} ({}): {} customers at start, {} months, {} replication(s), {} thread(s), "
        "month loops built with -march={}\n",
        sc.name, file, opt.customers, plan.horizon_months, opt.replications, opt.threads,
        sim::hot_loop_arch());
    fmt::print("  run (median of {}): {:.3f} s   [", opt.repeat, t);
    for (double r : run_times) fmt::print(" {:.3f}", r);
    fmt::print(" ]\n");
    fmt::print("  customer-months per second: {:.1f} million\n", customer_months / t / 1e6);
    fmt::print("  ns per customer-month:      {:.2f}\n", t * 1e9 / customer_months);
    // As offersim_kernel_reference times itself: the months only, the store set up untimed
    // (the months still draw each joining customer, which the kernel does untimed).
    const double months = median(month_times);
    fmt::print("  months alone (median):      {:.3f} s, {:.2f} ns per customer-month\n", months,
               months * 1e9 / customer_months);
    fmt::print("  state bytes per customer:   {}", sim::CustomerStore::bytes_per_customer(plan));
    if (const std::size_t window = sim::CustomerStore::vip_window_bytes(plan); window > 0)
        fmt::print(" (with a VIP window of {} bytes held by {:.1f}% of them)", window,
                   100.0 * static_cast<double>(sim::CustomerStore::vip_window_customers(plan)) /
                       static_cast<double>(plan.total_customers()));
    fmt::print("\n");
    fmt::print("  peak memory (RSS):          {:.0f} MiB\n", peak_rss_mib());
    fmt::print("  load+validate {:.3f} s, compile {:.3f} s, summarise {:.3f} s\n", load_seconds,
               compile_seconds, median(summary_times));
    fmt::print("  checksum (revenue, CNY):    {:.2f}\n", checksum);
    if (sc.win_back) {
        // The run scans the win-back pool once per replication, inside run_simulation; a
        // scenario run once scanned it a second time beside the simulation for its results
        // (docs/models.md section 30). This is what that second scan cost.
        sim::RunConfig config;
        config.replications = opt.replications;
        config.seed = sc.seed;
        config.threads = opt.threads;
        std::vector<double> scan_times;
        for (int k = 0; k < opt.repeat; ++k) {
            const auto start = Clock::now();
            (void)sim::run_win_back(sc, config);
            scan_times.push_back(seconds_since(start));
        }
        fmt::print("  win-back campaign alone:    {:.3f} s (the second pool scan runs no longer make)\n",
                   median(scan_times));
    }
}

void usage() {
    fmt::print(
        "usage: offersim_bench [--customers N] [--months M] [--threads T] [--repeat K] [--replications R] "
        "SCENARIO...\n");
}

}  // namespace

int main(int argc, char** argv) {
    Options opt;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                usage();
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--customers")
            opt.customers = std::stoll(next());
        else if (arg == "--months")
            opt.months = std::stoi(next());
        else if (arg == "--threads")
            opt.threads = std::stoi(next());
        else if (arg == "--repeat")
            opt.repeat = std::stoi(next());
        else if (arg == "--replications")
            opt.replications = std::stoi(next());
        else if (arg == "--help" || arg == "-h") {
            usage();
            return 0;
        } else
            opt.scenarios.push_back(arg);
    }
    if (opt.scenarios.empty())
        opt.scenarios.push_back(OFFERSIM_SOURCE_DIR "/bench/scenarios/kernel_equivalent.yaml");
    if (const std::string missing = sim::missing_cpu_features_message(); !missing.empty()) {
        fmt::print(stderr, "offersim_bench: {}\n", missing);
        return 1;
    }
    try {
        for (const auto& s : opt.scenarios) bench(s, opt);
    } catch (const std::exception& e) {
        fmt::print(stderr, "error: {}\n", e.what());
        return 1;
    }
    return 0;
}
