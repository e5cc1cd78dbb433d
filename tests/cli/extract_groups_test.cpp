// `offersim run` on docs/examples/extract_groups.yaml (docs/models.md §33, "Groups from the
// rows"): the class's groups are the extract's three group ids, so summary.json counts 3
// groups whose on-net share at month 0 is the class's purity exactly (96 rows of 160 staff),
// and no id or group id of the extract reaches any output.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace offersim::cli_test {

TEST(ExtractGroupsCommand, TheExamplesGroupsAreTheExtractsGroupIdsAndNoIdIsWritten) {
    const fs::path dir = fresh_dir("extract-groups-run");
    const fs::path example = OFFERSIM_SOURCE_DIR "/docs/examples/extract_groups.yaml";
    const Outcome o =
        sh(kOffersim + " run " + example.string() + " --replications 4 --out " + (dir / "out").string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const auto summary = nlohmann::json::parse(read(dir / "out" / "summary.json"));
    const auto& groups = summary["groups"]["headline"];
    EXPECT_EQ(groups["groups_total"]["mean"], 3.0);
    EXPECT_DOUBLE_EQ(groups["purity_start"]["mean"].get<double>(), 96.0 / 160.0);
    for (const auto& entry : fs::recursive_directory_iterator(dir / "out")) {
        if (!entry.is_regular_file()) continue;
        const std::string text = read(entry.path());
        for (const char* id : {"ENT-POWER", "ENT-BANK", "ENT-CITY", "13905207860"})
            EXPECT_EQ(text.find(id), std::string::npos) << id << " in " << entry.path();
    }
    fs::remove_all(dir);
}

}  // namespace offersim::cli_test
