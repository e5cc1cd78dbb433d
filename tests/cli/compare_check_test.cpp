// `offersim run --check DIR` on the folder of `offersim compare`: its run.json records the
// runs' sub-folders and options; the check re-runs the comparison and confirms the
// comparison's files and every run's sub-folder, and fails on an edit to any of them.
#include "tests/cli/small_scenario.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>

using namespace offersim::cli_test;

namespace {

// A comparison of the small scenario with a variant of another offer, in DIR/out.
fs::path recorded_comparison(const fs::path& dir) {
    const fs::path base = write_small_scenario(dir, "base.yaml", "small");
    const fs::path variant = write_small_scenario(dir, "variant.yaml", "bigger prepay", "mass", "prepay_900");
    const fs::path out = dir / "out";
    const Outcome r =
        sh(kOffersim + " compare " + base.string() + " " + variant.string() + " --out " + out.string());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return out;
}

TEST(CompareCheck, AFreshComparisonFolderPassesWithEveryRunsFolder) {
    const fs::path dir = fresh_dir("compare-check");
    const fs::path out = recorded_comparison(dir);
    const auto record = nlohmann::json::parse(read(out / "run.json"));
    EXPECT_EQ(record["command"], "compare");
    EXPECT_EQ(record["runs"], nlohmann::json::array({"small", "bigger-prepay"})) << record.dump();
    const Outcome r = sh(kOffersim + " run --check " + out.string());
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out.find("DIFFERS"), std::string::npos) << r.out;
    for (const std::string file : {"comparison.json", "comparison.csv", "report.html", "report.xlsx",
                                   "small/report.html", "bigger-prepay/offers.csv"})
        EXPECT_NE(r.out.find((out / file).string() + ": identical"), std::string::npos) << file << "\n"
                                                                                        << r.out;
    fs::remove_all(dir);
}

TEST(CompareCheck, AnEditedComparisonFileOrRunFolderFails) {
    const fs::path dir = fresh_dir("compare-check-edits");
    const fs::path out = recorded_comparison(dir);
    for (const std::string file :
         {"comparison.csv", "report.md", "bigger-prepay/summary.json", "small/scenario.resolved.yaml"}) {
        const fs::path copy = dir / ("edited-" + std::to_string(std::hash<std::string>{}(file)));
        fs::copy(out, copy, fs::copy_options::recursive);
        write(copy / file, read(copy / file) + " ");
        const Outcome r = sh(kOffersim + " run --check " + copy.string());
        EXPECT_EQ(r.exit_code, 1) << file << "\n" << r.out << r.err;
        EXPECT_NE(r.out.find(fs::path(file).filename().string() + ": DIFFERS"), std::string::npos)
            << file << "\n"
            << r.out;
        EXPECT_NE(r.err.find("failed against the record and the re-run"), std::string::npos) << r.err;
    }
    fs::remove_all(dir);
}

TEST(CompareCheck, ARecordWhoseRunsAreNotPlainFolderNamesIsRefused) {
    const fs::path dir = fresh_dir("compare-check-record");
    const fs::path out = recorded_comparison(dir);
    const auto record = nlohmann::ordered_json::parse(read(out / "run.json"));
    for (const auto& runs :
         {nlohmann::ordered_json("small"), nlohmann::ordered_json::array({"small", "../x"}),
          nlohmann::ordered_json::array({"small"})}) {
        auto edited = record;
        edited["runs"] = runs;
        write(out / "run.json", edited.dump(2));
        const Outcome r = sh(kOffersim + " run --check " + out.string());
        EXPECT_EQ(r.exit_code, 2) << runs.dump() << "\n" << r.out << r.err;
        EXPECT_NE(r.err.find("\"runs\" must be the sub-folders of the baseline and each variant"),
                  std::string::npos)
            << r.err;
    }
    fs::remove_all(dir);
}

}  // namespace
