// Runs that are large in an unusual direction stay linear, and any run stops within a
// second of SIGTERM whatever pass it is in.
#include "tests/cli/small_scenario.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace offersim::cli_test;

namespace {

// The processor seconds process `pid` has used so far, its threads' together (/proc/PID/stat).
double processor_seconds_so_far(pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    std::getline(stat, text);
    std::istringstream fields(text.substr(text.rfind(')') + 2));  // after "pid (comm) "
    std::string field;
    unsigned long long utime = 0, stime = 0;
    for (int k = 3; k <= 15 && fields >> field; ++k) {
        if (k == 14) utime = std::stoull(field);
        if (k == 15) stime = std::stoull(field);
    }
    return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

struct Interrupted {
    bool finished_first = false;  // the run ended before the signal
    int exit_code = -1;
    std::string err;
    double processor_seconds_after = 0.0;  // what the run did between the signal and its end
};

// Runs offersim with `args` (its messages into `err`) and sends it SIGTERM `after` seconds later.
Interrupted interrupt_after(const std::vector<std::string>& args, double after, const fs::path& err) {
    const pid_t child = ::fork();
    if (child == 0) {
        ::dup2(::open("/dev/null", O_WRONLY), 1);
        ::dup2(::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644), 2);
        std::vector<char*> argv{const_cast<char*>(kOffersim.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(kOffersim.c_str(), argv.data());
        ::_exit(127);
    }
    Interrupted r;
    int status = 0;
    std::this_thread::sleep_for(std::chrono::duration<double>(after));
    if (::waitpid(child, &status, WNOHANG) == child) {
        r.finished_first = true;
    } else {
        const double before = processor_seconds_so_far(child);
        ::kill(child, SIGTERM);
        rusage usage{};
        ::wait4(child, &status, 0, &usage);
        r.processor_seconds_after = processor_seconds(usage) - before;
    }
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.err = read(err);
    return r;
}

}  // namespace

// A customer a month over 600 months with 20 offers: every month a cohort in a shard of its
// own. Each shard's month buffer once held offers x months margins, reset and reduced every
// month: shards x offers x months^2, 28 s for this run. Now its holders' entries only.
TEST(RunLimits, MonthlyCohortsOverALongHorizonRunInLinearTime) {
    const fs::path dir = fresh_dir("long-cohorts");
    write(dir / "long.yaml", sized_scenario(1, 1, 1, 600, 20));
    const Outcome r = sh("timeout 20 " + kOffersim + " run " + (dir / "long.yaml").string() +
                         " --replications 2 --out " + (dir / "out").string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(read(dir / "out" / "offers.csv").find("\n600,o20,take_ups,"), std::string::npos);
    fs::remove_all(dir);
}

// SIGTERM at several moments of a run whose plan (40 segments' atoms), simulation (40 shards
// a month), summaries and files (1.1 million monthly lines) each take a while: wherever it
// lands, offersim exits 1 within a second of its own processor time and leaves nothing
// behind. Before, the summaries and the writers never looked at the signal. Processor time,
// not wall time: on a machine that other work shares (ctest beside a browser, other builds),
// a second of the run's work takes several seconds of the clock.
TEST(RunLimits, SigtermIsHonouredWithinASecondInEveryPass) {
    const fs::path dir = fresh_dir("sigterm");
    write(dir / "wide.yaml", sized_scenario(40, 10, 0, 600, 0));
    int interrupted = 0;
    for (const double after : {0.5, 1.5, 2.5, 3.5}) {
        const Interrupted r = interrupt_after(
            {"run", (dir / "wide.yaml").string(), "--replications", "20", "--out", (dir / "out").string()},
            after, dir / "err.txt");
        if (r.finished_first || r.exit_code == 0) continue;  // the run ended before the signal took effect
        ++interrupted;
        EXPECT_EQ(r.exit_code, 1) << after << ": " << r.err;
        EXPECT_NE(r.err.find("the run was interrupted"), std::string::npos) << after << ": " << r.err;
        EXPECT_LT(r.processor_seconds_after, 1.0) << "SIGTERM after " << after << " s";
        EXPECT_FALSE(fs::exists(dir / "out")) << after;
        EXPECT_EQ(staging_folders(dir), 0) << after;
    }
    EXPECT_GE(interrupted, 2);
    fs::remove_all(dir);
}
