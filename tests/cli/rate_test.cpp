// `offersim rate` on the documented samples: the printed totals, rated.csv and
// rate_summary.json; a bad row exits 2 and writes nothing.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace offersim::cli_test {

namespace {

const std::string kRateExamples = OFFERSIM_SOURCE_DIR "/docs/examples/";

std::string rate_command_line(const std::string& usage, const fs::path& out) {
    return kOffersim + " rate " + kRateExamples + "rating_tariff.yaml " + usage + " --out " + out.string();
}

}  // namespace

TEST(RateCommand, RatesTheMonthlySampleToTheFen) {
    const fs::path dir = fresh_dir("rate-monthly");
    const Outcome o = sh(rate_command_line(kRateExamples + "usage_monthly.csv", dir / "out"));
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("5 bills compared, 3 differ from the billed amount"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("rated 254.11 CNY, billed 254.61 CNY, difference -0.50 CNY"), std::string::npos)
        << o.out;
    const std::string csv = read(dir / "out" / "rated.csv");
    EXPECT_NE(csv.find("2,gotone_58,15906,0,0,58.97,58.97,0.00\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("5,mzone_19,3690,0,0,19.34,19.35,-0.01\n"), std::string::npos) << csv;
    EXPECT_EQ(csv.find("C000"), std::string::npos) << "customer ids are never written";
    const auto summary = nlohmann::json::parse(read(dir / "out" / "rate_summary.json"));
    EXPECT_EQ(summary["form"], "monthly_totals");
    EXPECT_EQ(summary["mismatches"], 3);
    EXPECT_EQ(summary["difference_cny"], "-0.50");
    fs::remove_all(dir);
}

TEST(RateCommand, RatesTheCallSampleByCustomerMonth) {
    const fs::path dir = fresh_dir("rate-calls");
    const Outcome o = sh(rate_command_line(kRateExamples + "usage_calls.csv", dir / "out"));
    ASSERT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(o.out.find("6 records (call-level)"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("4 customer-months compared, 1 differ"), std::string::npos) << o.out;
    EXPECT_NE(o.out.find("rated 1.94 CNY, billed 1.95 CNY, difference -0.01 CNY"), std::string::npos)
        << o.out;
    const std::string csv = read(dir / "out" / "rated.csv");
    EXPECT_NE(csv.find("2,1,gotone_58,15720,31744,0,1.38,1.38,0.00\n"), std::string::npos) << csv;
    EXPECT_NE(csv.find("7,2,mzone_19,3690,0,0,0.34,0.35,-0.01\n"), std::string::npos) << csv;
    fs::remove_all(dir);
}

TEST(RateCommand, ABadRowExitsTwoAndWritesNothing) {
    const fs::path dir = fresh_dir("rate-bad");
    write(dir / "bad.csv",
          "id,tier,voice_sec,data_kb,sms,billed_cny\nC1,gotone_58,12.5,0,0,58.00\n"
          "C2,gotone_99,0,0,0,58.00\n");
    const Outcome o = sh(rate_command_line((dir / "bad.csv").string(), dir / "out"));
    EXPECT_EQ(o.exit_code, 2) << o.err;
    EXPECT_NE(o.err.find("bad.csv:2: voice_sec: expected a whole number"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("bad.csv:3: tier: unknown tier 'gotone_99'"), std::string::npos) << o.err;
    EXPECT_NE(o.err.find("2 problems found; nothing was written."), std::string::npos) << o.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

}  // namespace offersim::cli_test
