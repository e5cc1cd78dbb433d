// Runs that are large in an unusual direction stay linear, and any run stops within a
// second of SIGTERM whatever pass it is in.
#include "tests/cli/small_scenario.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <chrono>
#include <string>

using namespace offersim::cli_test;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
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
// lands, offersim exits 1 within a second and leaves nothing behind. Before, the summaries
// and the writers never looked at the signal.
TEST(RunLimits, SigtermIsHonouredWithinASecondInEveryPass) {
    const fs::path dir = fresh_dir("sigterm");
    write(dir / "wide.yaml", sized_scenario(40, 10, 0, 600, 0));
    int interrupted = 0;
    for (const double after : {0.5, 1.5, 2.5, 3.5}) {
        const auto start = std::chrono::steady_clock::now();
        const Outcome r =
            sh(fmt::format("timeout --preserve-status -s TERM {} {} run {} --replications 20 --out {}", after,
                           kOffersim, (dir / "wide.yaml").string(), (dir / "out").string()));
        const double waited = seconds_since(start) - after;
        if (r.exit_code == 0) continue;  // finished before the signal
        ++interrupted;
        EXPECT_EQ(r.exit_code, 1) << after << ": " << r.err;
        EXPECT_NE(r.err.find("the run was interrupted"), std::string::npos) << after << ": " << r.err;
        EXPECT_LT(waited, 1.0) << "SIGTERM after " << after << " s";
        EXPECT_FALSE(fs::exists(dir / "out")) << after;
        EXPECT_EQ(staging_folders(dir), 0) << after;
    }
    EXPECT_GE(interrupted, 2);
    fs::remove_all(dir);
}
