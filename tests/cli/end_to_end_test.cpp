// The offersim command line on the shipped baseline: exit codes, output files, and
// byte-identical results for any thread count.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace {

using namespace offersim::cli_test;

// offersim with `args`, its output captured.
Outcome run_offersim(const std::string& args) {
    return sh(kOffersim + " " + args);
}

// The GiB of the "estimated peak memory" that run and compare print last; -1 without one.
double estimated_gib(const std::string& err) {
    const std::string said = "estimated peak memory ";
    const auto at = err.rfind(said);
    return at == std::string::npos ? -1.0 : std::stod(err.substr(at + said.size()));
}

}  // namespace

TEST(EndToEnd, RunsTheShippedBaselineAndWritesEveryOutput) {
    const fs::path out = fresh_dir("baseline");
    const Outcome r = run_offersim("run " + kBaseline + " --replications 3 --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, (out / "report.html").string() + "\n") << "prints the report's path";
    for (const char* file :
         {"summary.json", "monthly.csv", "report.html", "scenario.resolved.yaml", "run.json"})
        EXPECT_TRUE(fs::is_regular_file(out / file)) << file;

    const auto summary = nlohmann::json::parse(read(out / "summary.json"));
    EXPECT_EQ(summary["replications"], 3);
    EXPECT_EQ(summary["horizon_months"], 36);
    const auto& revenue = summary["headline"]["revenue_total_cny"];
    EXPECT_LE(revenue["p5"].get<double>(), revenue["p50"].get<double>());
    EXPECT_LE(revenue["p50"].get<double>(), revenue["p95"].get<double>());
    EXPECT_GT(revenue["mean"].get<double>(), 1e8)
        << "a 400,000-subscriber base bills far more than 100M CNY in 3 years";
    EXPECT_EQ(summary["headline"]["subscribers_start"]["mean"], 402000.0);

    const std::string csv = read(out / "monthly.csv");
    EXPECT_EQ(csv.rfind("month,segment,metric,mean,std_error,p5,p50,p95\n", 0), 0u);
    for (const char* metric : {",all,active,", ",mass,churn_rate,", ",vip_gold,arpu_cny,", ",all,margin_cny,",
                               ",all,mou_min,", ",all,cost_commission_cny,", ",group_member,gross_adds,"})
        EXPECT_NE(csv.find(metric), std::string::npos) << metric;
    EXPECT_NE(csv.find("\n36,all,active_end,"), std::string::npos);

    // No staging folder is left behind.
    for (const auto& entry : fs::directory_iterator(out))
        EXPECT_NE(entry.path().filename().string().rfind(".offersim-staging", 0), 0u) << entry.path();
    fs::remove_all(out);
}

TEST(EndToEnd, OutputsAreByteIdenticalForOneAndTwoThreads) {
    const fs::path one = fresh_dir("threads1");
    const fs::path two = fresh_dir("threads2");
    const fs::path scenario = write_tenth_of(fresh_dir("threads-scenario"), kBaseline, "baseline.yaml");
    // With one start time (SOURCE_DATE_EPOCH) every file but run.json is the same.
    const std::string run =
        "env SOURCE_DATE_EPOCH=86400 " + kOffersim + " run " + scenario.string() + " --replications 2";
    ASSERT_EQ(std::system((run + " --threads 1 --out " + one.string() + " >/dev/null").c_str()), 0);
    ASSERT_EQ(std::system((run + " --threads 2 --out " + two.string() + " >/dev/null").c_str()), 0);
    int compared = 0;
    for (const auto& entry : fs::directory_iterator(one)) {
        const std::string file = entry.path().filename().string();
        if (file == "run.json") continue;
        EXPECT_EQ(read(one / file), read(two / file)) << file;
        ++compared;
    }
    EXPECT_EQ(compared, 8)
        << "summary, monthly, three reports, the resolved scenario, its reference prices and the manifest";
    fs::remove_all(one);
    fs::remove_all(two);
    fs::remove_all(scenario.parent_path());
}

TEST(EndToEnd, BadInputExitsWithTwoAndWritesNothing) {
    const fs::path dir = fresh_dir("bad");
    {
        std::ofstream bad(dir / "bad.yaml");
        bad << "name: bad\nhorizon_months: 12\ntiers:\n  - id: t\n    montly_fee_cny: 5\n";
    }
    const fs::path out = dir / "out";
    const Outcome r = run_offersim("run " + (dir / "bad.yaml").string() + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(
        r.err.find("bad.yaml:5:5: unknown key 'montly_fee_cny' at tiers[0]; did you mean 'monthly_fee_cny'?"),
        std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("missing required key 'segments'"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out)) << "nothing is written for bad input";
    fs::remove_all(dir);
}

TEST(EndToEnd, ValidateAcceptsTheShippedScenarios) {
    const Outcome r = run_offersim("validate " + kBaseline + " " OFFERSIM_SOURCE_DIR "/scenarios/base.yaml");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("baseline.yaml: ok"), std::string::npos) << r.out;
}

TEST(EndToEnd, EveryCommandHasHelpAndUsageErrorsExitWithTwo) {
    for (const char* command : {"--help", "run --help", "validate --help", "schema --help"}) {
        const Outcome r = run_offersim(command);
        EXPECT_EQ(r.exit_code, 0) << command;
        EXPECT_NE(r.out.find("Usage"), std::string::npos) << command << ": " << r.out;
    }
    EXPECT_EQ(run_offersim("run").exit_code, 2);
    EXPECT_EQ(run_offersim("frobnicate").exit_code, 2);
    EXPECT_EQ(run_offersim("run " + kBaseline + " --threads 0").exit_code, 2);
}

TEST(EndToEnd, SchemaPrintsJson) {
    const Outcome r = run_offersim("schema");
    ASSERT_EQ(r.exit_code, 0);
    const auto schema = nlohmann::json::parse(r.out);
    EXPECT_TRUE(schema.contains("$schema"));
}

TEST(EndToEnd, RefusesARunThatWouldNotFitTheMemoryLimit) {
    const fs::path out = fresh_dir("memory");
    fs::remove_all(out);
    const Outcome r = run_offersim("run " + kBaseline + " --max-memory 0.001 --out " + out.string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("GiB"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(out));
}

TEST(EndToEnd, CompareReportsPairedDifferencesAndZeroForAnIdenticalVariant) {
    const fs::path out = fresh_dir("compare");
    const fs::path scenarios = fresh_dir("compare-scenarios");
    const std::string baseline = write_tenth_of(scenarios, kBaseline, "baseline.yaml").string();
    const std::string handset =
        write_tenth_of(scenarios, OFFERSIM_SOURCE_DIR "/scenarios/examples/handset_cdma_winback.yaml",
                       "handset_cdma_winback.yaml")
            .string();
    const Outcome r = run_offersim("compare " + baseline + " " + baseline + " " + handset +
                                   " --replications 2 --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* file :
         {"comparison.json", "comparison.csv", "report.html", "report.md", "report.xlsx",
          "baseline/summary.json", "baseline-2/run.json", "handset_cdma_winback/monthly.csv"})
        EXPECT_TRUE(fs::is_regular_file(out / file)) << file;
    const auto comparison = nlohmann::json::parse(read(out / "comparison.json"));
    ASSERT_EQ(comparison["variants"].size(), 2u);
    for (const auto& [key, band] : comparison["variants"][0]["delta"].items())
        for (const char* stat : {"mean", "p5", "p95"})
            EXPECT_EQ(band[stat].get<double>(), 0.0) << key << " " << stat;
    // Nothing differs, so nothing pays back, and the variant changes no setting.
    EXPECT_EQ(comparison["variants"][0]["incremental_payback_share"].get<double>(), 0.0);
    EXPECT_TRUE(comparison["variants"][0]["changes"].empty());
    EXPECT_TRUE(comparison["variants"][0]["like_for_like"].get<bool>());
    // 9,600 switchers on contract add revenue in every replication.
    EXPECT_GT(comparison["variants"][1]["delta"]["revenue_total_cny"]["p5"].get<double>(), 0.0);
    EXPECT_FALSE(comparison["variants"][1]["changes"].empty()) << "the handset example adds an offer";
    // Each run's folder is a complete run folder: `run --check` re-runs it and finds every
    // file the same (offers.csv included where the run has offers).
    EXPECT_TRUE(fs::is_regular_file(out / "handset_cdma_winback/offers.csv"));
    for (const char* run : {"baseline", "baseline-2", "handset_cdma_winback"}) {
        const Outcome check = run_offersim("run --check " + (out / run).string());
        EXPECT_EQ(check.exit_code, 0) << run << "\n" << check.out << check.err;
        EXPECT_EQ(check.out.find("DIFFERS"), std::string::npos) << run << "\n" << check.out;
        EXPECT_NE(check.out.find("report.html: identical"), std::string::npos) << run << "\n" << check.out;
    }
    // The three runs are stepped, and so held, together: the estimate holds each one's
    // customers, shards and figures (the program once), at least the baseline's each, and a
    // limit each run alone would fit refuses them together before any work.
    const double together = estimated_gib(r.err);
    const Outcome alone =
        run_offersim("run " + baseline + " --replications 2 --out " + (scenarios / "alone").string());
    ASSERT_EQ(alone.exit_code, 0) << alone.err;
    const double one = estimated_gib(alone.err);
    const double program = 24.0 / 1024;
    ASSERT_GT(one, program) << alone.err;
    EXPECT_GE(together - program, 3 * (one - program) - 0.002) << r.err << "\n" << alone.err;
    const Outcome refused =
        run_offersim(fmt::format("compare {0} {0} {1} --replications 2 --max-memory {2:.3f} --out {3}",
                                 baseline, handset, (one + together) / 2, (scenarios / "refused").string()));
    EXPECT_EQ(refused.exit_code, 2);
    EXPECT_NE(refused.err.find(fmt::format("this run needs about {:.2f} GiB", together)), std::string::npos)
        << refused.err;
    EXPECT_FALSE(fs::exists(scenarios / "refused"));
    fs::remove_all(out);
    fs::remove_all(scenarios);
}

TEST(EndToEnd, TheReportStatesWhatWasRunInPlainWordsAndBeijingTime) {
    const fs::path out = fresh_dir("plain-header");
    const fs::path scenario = write_tenth_of(fresh_dir("plain-header-scenario"), kBaseline, "baseline.yaml");
    const Outcome r =
        run_offersim("run " + scenario.string() + " --replications 3 --threads 2 --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The record, the appendix and the header all hold the replications run, not the file's 100.
    EXPECT_NE(read(out / "scenario.resolved.yaml").find("\nreplications: 3\n"), std::string::npos);
    const std::string html = read(out / "report.html");
    const std::size_t appendix = html.find("<section id=\"appendix\"");
    ASSERT_NE(appendix, std::string::npos);
    EXPECT_NE(html.find("\nreplications: 3\n", appendix), std::string::npos);
    EXPECT_EQ(html.find("\nreplications: 100\n"), std::string::npos);
    const std::string header =
        html.substr(html.find("<header"), html.find("</header>") - html.find("<header"));
    EXPECT_NE(header.find("模拟次数</span> 3"), std::string::npos) << header;
    for (const char* jargon : {"随机种子", "标准误", "seed"})
        EXPECT_EQ(header.find(jargon), std::string::npos) << jargon;
    // The start time of run.json, in Beijing time.
    const auto record = nlohmann::json::parse(read(out / "run.json"));
    const std::string started = record["started_at"];
    EXPECT_NE(header.find("（北京时间）"), std::string::npos) << header;
    EXPECT_EQ(header.find(started), std::string::npos) << "not the raw UTC time";
    // The engine's warning in the report's language.
    EXPECT_NE(html.find("仅模拟了 3 次"), std::string::npos);
    EXPECT_EQ(html.find("replications: the P5"), std::string::npos);
    fs::remove_all(out);
    fs::remove_all(scenario.parent_path());
}

TEST(EndToEnd, TheSubscriberChartCountsWhatTheSubscribersAtEndCardCounts) {
    const fs::path out = fresh_dir("subscribers");
    const fs::path scenario = write_tenth_of(fresh_dir("subscribers-scenario"), kBaseline, "baseline.yaml");
    const Outcome r =
        run_offersim("run " + scenario.string() + " --replications 2 --threads 2 --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto summary = nlohmann::json::parse(read(out / "summary.json"));
    const std::string html = read(out / "report.html");
    const auto data = nlohmann::json::parse(report_data_json(html));
    const auto& mean = data["charts"]["subscribers"]["bands"][0]["mean"];
    ASSERT_EQ(mean.size(), 36u);
    EXPECT_DOUBLE_EQ(mean.back().get<double>(), summary["headline"]["subscribers_end"]["mean"].get<double>())
        << "the chart's last month is the card's count: active at month end";
    fs::remove_all(out);
    fs::remove_all(scenario.parent_path());
}

TEST(EndToEnd, CompareReportsEveryBadFileAtOnce) {
    const fs::path dir = fresh_dir("compare-bad");
    std::ofstream(dir / "a.yaml") << "name: a\nhorizon_months: 12\n";
    std::ofstream(dir / "b.yaml") << "name: b\nhorizon_months: x\n";
    const Outcome r = run_offersim("compare " + (dir / "a.yaml").string() + " " + (dir / "b.yaml").string());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("a.yaml:1:1: missing required key 'tiers'"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("b.yaml:2:17: expected a whole number at horizon_months"), std::string::npos)
        << r.err;
    fs::remove_all(dir);
}

// compare --waterfall splits each variant's paired revenue change by mechanism, in
// comparison.json to the fen and in the reports' details.
TEST(EndToEnd, CompareWaterfallBarsAddUpToThePairedRevenueChange) {
    const fs::path dir = fresh_dir("waterfall");
    write(dir / "base.yaml", R"(name: base
horizon_months: 6
seed: 3
tiers:
  - id: t50
    monthly_fee_cny: 50
    included: { voice_min: 300, data_mb: 100, sms: 100 }
    overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 }
segments:
  - id: s
    size: 5000
    tenure_months: { distribution: gamma, mean: 24, cv: 0.8 }
    tier_mix: { t50: 1 }
    usage:
      voice_min: { distribution: lognormal, mean: 200, cv: 0.8 }
      data_mb: { distribution: fixed, mean: 50 }
      sms: { distribution: fixed, mean: 30 }
    churn: { model: constant, monthly_hazard: 0.03 }
    acquisition: { gross_adds_per_month: 200 }
    price_response: { churn_elasticity: 0.8 }
)");
    write(dir / "dear.yaml",
          "extends: base.yaml\nname: dear\ntiers:\n  - id: t50\n    monthly_fee_cny: 58\n");
    const Outcome r =
        run_offersim("compare " + (dir / "base.yaml").string() + " " + (dir / "dear.yaml").string() +
                     " --waterfall --replications 2 --lang en --out " + (dir / "out").string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto json = nlohmann::json::parse(read(dir / "out" / "comparison.json"));
    const auto& w = json["variants"][0]["revenue_waterfall"];
    ASSERT_TRUE(w.is_object()) << json["variants"][0].dump();
    double sum = 0.0;
    for (const auto& bar : w["bars"]) sum += bar["delta_cny"]["mean"].get<double>();
    EXPECT_NEAR(sum, w["total_cny"]["mean"].get<double>(), 1e-6);
    // The waterfall shows its total's mean rounded to the fen (docs/models.md §21): within half
    // a fen of the paired change's mean, and a mean over 2 replications can sit on the half.
    EXPECT_NEAR(w["total_cny"]["mean"].get<double>(),
                json["variants"][0]["delta"]["revenue_total_cny"]["mean"].get<double>(), 0.005 + 1e-9);
    EXPECT_EQ(w["bars"][0]["mechanism"], "price");
    EXPECT_GT(w["bars"][0]["delta_cny"]["mean"].get<double>(), 0.0);
    EXPECT_NE(read(dir / "out" / "report.md").find("dear: where the revenue change comes from"),
              std::string::npos);
    EXPECT_NE(read(dir / "out" / "report.html").find("class=\"waterfall\""), std::string::npos);
}

// compare measures each offer against the world without it: a variant's only offer against
// the baseline, several offers each against the variant without it with --leave-one-out,
// and not measured without it; the cash chart and the horizon note are in the report.
TEST(EndToEnd, CompareMeasuresOfferEffectsAndLeaveOneOutOnRequest) {
    const fs::path dir = fresh_dir("offer-effects");
    write(dir / "base.yaml", R"(name: base
horizon_months: 6
seed: 3
tiers:
  - { id: t50, monthly_fee_cny: 50, included: { voice_min: 9999 }, overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 } }
  - { id: t80, monthly_fee_cny: 80, included: { voice_min: 9999 }, overage: { voice_per_min_cny: 0.2, data_per_mb_cny: 1, sms_each_cny: 0.1 } }
segments:
  - id: s
    size: 2000
    tenure_months: { distribution: fixed, mean: 12 }
    tier_mix: { t80: 1 }
    usage:
      voice_min: { distribution: fixed, mean: 10 }
      data_mb: { distribution: fixed, mean: 0 }
      sms: { distribution: fixed, mean: 0 }
      monthly_cv: 0
    churn: { model: constant, monthly_hazard: 0.02 }
)");
    write(dir / "two.yaml", R"(extends: base.yaml
name: two
offers:
  - id: cut
    kind: device_subsidy
    tier: t50
    device: { device_cost_cny: 0, retail_price_cny: 0, subsidy_cny: 0, contract_months: 12 }
    take_up: { segments: [s], existing_share: 0.3, launch_month: 2 }
  - id: gift
    kind: device_subsidy
    device: { device_cost_cny: 100, retail_price_cny: 100, subsidy_cny: 100, contract_months: 3 }
    take_up: { segments: [s], existing_share: 0.2, launch_month: 3 }
)");
    const auto compare = [&](const std::string& flags, const std::string& out) {
        const Outcome r =
            run_offersim("compare " + (dir / "base.yaml").string() + " " + (dir / "two.yaml").string() +
                         " --replications 2 --lang en " + flags + " --out " + (dir / out).string());
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return nlohmann::json::parse(read(dir / out / "comparison.json"));
    };
    const auto plain = compare("", "plain");
    const auto& offers = plain["variants"][0]["offers"];
    ASSERT_EQ(offers.size(), 2u);
    EXPECT_EQ(offers[0]["basis"], "not_measured");
    EXPECT_FALSE(offers[0].contains("incremental_margin_cny"));
    EXPECT_GT(offers[0]["cannibalised_revenue_cny"]["mean"].get<double>(), 0.0);
    const auto loo = compare("--leave-one-out", "loo");
    EXPECT_EQ(loo["variants"][0]["offers"][0]["basis"], "leave_one_out");
    EXPECT_GE(loo["variants"][0]["offers"][1]["incremental_payback_month"]["p5"].get<double>(), 3.0);
    EXPECT_EQ(loo["variants"][0]["offers"][0]["cannibalised_revenue_cny"],
              offers[0]["cannibalised_revenue_cny"])
        << "the gift changes nobody's bill";
    EXPECT_EQ(loo["variants"][0]["delta"], plain["variants"][0]["delta"]) << "the variant's own figures stay";
    EXPECT_EQ(loo["variants"][0]["horizon_tail"]["contract_customers"]["mean"].get<double>(),
              plain["variants"][0]["horizon_tail"]["contract_customers"]["mean"].get<double>());
    EXPECT_GT(plain["variants"][0]["horizon_tail"]["contract_customers"]["mean"].get<double>(), 0.0)
        << "12-month contracts from month 2 run past month 6";
    const std::string html = read(dir / "loo" / "report.html");
    EXPECT_NE(html.find("id=\"chart-cash-1\""), std::string::npos);
    EXPECT_NE(html.find("Leave-one-out added 2 runs"), std::string::npos);
    EXPECT_NE(read(dir / "plain" / "report.md").find("not measured: run compare --leave-one-out"),
              std::string::npos);
}
