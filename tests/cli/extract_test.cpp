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

}  // namespace offersim::cli_test
