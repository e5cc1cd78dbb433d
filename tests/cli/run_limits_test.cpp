// Runs that are large in an unusual direction stay linear, and any run stops within a
// second of SIGTERM whatever pass it is in.
#include "tests/cli/cli_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <chrono>
#include <string>

using namespace offersim::cli_test;

namespace {

// `segments` segments of `size` customers, each joined by `adds` customers a month, over
// `months` months, with `offers` offers that new customers take.
std::string sized_scenario(int segments, int size, int adds, int months, int offers) {
    std::string text = fmt::format(R"(name: sized
horizon_months: {}
tiers:
  - {{ id: t50, monthly_fee_cny: 50, included: {{ voice_min: 300, data_mb: 100, sms: 100 }},
      overage: {{ voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }} }}
segments:
)",
                                   months);
    for (int s = 1; s <= segments; ++s)
        text += fmt::format(R"(  - id: s{}
    size: {}
    tenure_months: {{ distribution: gamma, mean: 24, cv: 0.8 }}
    tier_mix: {{ t50: 1 }}
    usage:
      voice_min: {{ distribution: lognormal, mean: 200, cv: 0.8 }}
      data_mb: {{ distribution: fixed, mean: 50 }}
      sms: {{ distribution: fixed, mean: 30 }}
    churn: {{ model: constant, monthly_hazard: 0.03 }}
    acquisition: {{ gross_adds_per_month: {} }}
)",
                            s, size, adds);
    if (offers > 0) text += "offers:\n";
    for (int k = 1; k <= offers; ++k)
        text += fmt::format(
            "  - {{ id: o{0}, name: o{0}, kind: prepay, prepay: {{ amount_cny: 100, release_months: 10 }}, "
            "take_up: {{ segments: [s1], new_share: 0.5, launch_month: {0} }} }}\n",
            k);
    return text;
}

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
