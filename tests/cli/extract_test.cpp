// `offersim run` on a scenario whose initial base is a customer extract
// (docs/examples/customer_extract.yaml): it runs, no id reaches any output, and a bad row
// stops the run with its position, exit 2 and nothing written.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace offersim::cli_test {

namespace {

const fs::path kExtractScenario = OFFERSIM_SOURCE_DIR "/docs/examples/customer_extract.yaml";
const fs::path kSampleExtract = OFFERSIM_SOURCE_DIR "/docs/examples/data/customers.csv";

std::vector<std::string> extract_ids(const fs::path& csv) {
    std::istringstream in(read(csv));
    std::string line;
    std::getline(in, line);
    std::vector<std::string> ids;
    while (std::getline(in, line)) ids.push_back(line.substr(0, line.find(',')));
    return ids;
}

}  // namespace

TEST(ExtractCommand, RunsTheExampleAndWritesNoId) {
    const fs::path dir = fresh_dir("extract-run");
    const Outcome o = sh(kOffersim + " run " + kExtractScenario.string() + " --replications 4 --out " +
                         (dir / "out").string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const std::vector<std::string> ids = extract_ids(kSampleExtract);
    ASSERT_EQ(ids.size(), 2000u);
    std::size_t files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "out")) {
        if (!entry.is_regular_file()) continue;
        ++files;
        const std::string text = read(entry.path());
        for (const auto& id : ids)
            ASSERT_EQ(text.find(id), std::string::npos) << id << " in " << entry.path();
    }
    EXPECT_GT(files, 3u);
    fs::remove_all(dir);
}

TEST(ExtractCommand, ABadRowStopsTheRunWithItsPositionAndWritesNothing) {
    const fs::path dir = fresh_dir("extract-bad");
    fs::create_directories(dir / "data");
    fs::copy_file(kExtractScenario, dir / "scenario.yaml");
    write(dir / "data" / "customers.csv",
          "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n"
          "1,mass,basic_38,-2,100,10,10,,,,\n"
          "2,mass,basic_38,5,100,10,10,2009-01,,,\n");
    const Outcome o =
        sh(kOffersim + " run " + (dir / "scenario.yaml").string() + " --out " + (dir / "out").string());
    EXPECT_EQ(o.exit_code, 2);
    EXPECT_NE(o.err.find("customers.csv:2:17: tenure_months: must be at least 0, found -2"),
              std::string::npos)
        << o.err;
    EXPECT_NE(o.err.find(
                  "customers.csv:3:29: contract_end: 2009-01 is before the customer's activation in 2009-04"),
              std::string::npos)
        << o.err;
    EXPECT_FALSE(fs::exists(dir / "out"));
    fs::remove_all(dir);
}

// --encoding on run and compare overrides `initial_base.encoding: auto`: a GBK extract read as
// UTF-8 stops at its first row with its line, exit 2 and nothing written; read as GBK it runs
// and the record holds the encoding; a scenario without an extract refuses the flag.
TEST(ExtractCommand, EncodingOnTheCommandLineOverridesTheScenarios) {
    const fs::path dir = fresh_dir("extract-encoding");
    fs::create_directories(dir / "data");
    fs::copy_file(kExtractScenario, dir / "scenario.yaml");
    // 长春 in GBK is B3 A4 B4 BA: not valid UTF-8.
    write(dir / "data" / "customers.csv",
          "id,segment,tier,tenure_months,voice_min,data_mb,sms,contract_end,vip_level,group_id,region\n"
          "1,mass,basic_38,5,100,10,10,,,,\xB3\xA4\xB4\xBA\n"
          "2,vip,plus_88,9,300,20,10,,,,\xB3\xA4\xB4\xBA\n");
    const std::string scenario = (dir / "scenario.yaml").string();
    const Outcome as_utf8 =
        sh(kOffersim + " run " + scenario + " --encoding utf-8 --out " + (dir / "utf8").string());
    EXPECT_EQ(as_utf8.exit_code, 2) << as_utf8.err;
    EXPECT_NE(as_utf8.err.find("customers.csv:2"), std::string::npos) << as_utf8.err;
    EXPECT_FALSE(fs::exists(dir / "utf8"));
    const Outcome compared = sh(kOffersim + " compare " + scenario + " " + scenario +
                                " --encoding utf-8 --out " + (dir / "compared").string());
    EXPECT_EQ(compared.exit_code, 2) << compared.err;
    EXPECT_FALSE(fs::exists(dir / "compared"));
    const Outcome as_gbk = sh(kOffersim + " run " + scenario + " --encoding gbk --replications 2 --out " +
                              (dir / "gbk").string());
    ASSERT_EQ(as_gbk.exit_code, 0) << as_gbk.err;
    EXPECT_NE(read(dir / "gbk" / "scenario.resolved.yaml").find("encoding: gbk"), std::string::npos);
    const Outcome no_extract = sh(kOffersim + " run " + OFFERSIM_SOURCE_DIR "/scenarios/baseline.yaml" +
                                  " --encoding gbk --out " + (dir / "none").string());
    EXPECT_EQ(no_extract.exit_code, 2);
    EXPECT_NE(no_extract.err.find("--encoding"), std::string::npos) << no_extract.err;
    EXPECT_FALSE(fs::exists(dir / "none"));
    fs::remove_all(dir);
}

}  // namespace offersim::cli_test
