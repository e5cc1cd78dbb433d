// The loader's limits through the real command line, on inputs too large to commit (each
// generated here into a scratch folder): every attack of issue 15 ends in exit code 2 with
// a message naming the file and the limit, within seconds even at the largest accepted
// size (16 MiB), without writing anything or touching an earlier run's outputs.
#include "tests/cli/cli_support.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <map>

using namespace offersim::cli_test;

namespace {

const fs::path kValid = OFFERSIM_SOURCE_DIR "/tests/engine/scenario/bad_input/_valid.yaml";

#if defined(__SANITIZE_ADDRESS__)
constexpr double kSlowdown = 10.0;  // ASan and UBSan make parsing several times slower
#else
constexpr double kSlowdown = 1.0;
#endif

// Every file under `dir` with its contents.
std::map<std::string, std::string> contents(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[fs::relative(e.path(), dir).string()] = read(e.path());
    return files;
}

// `run FILE --out` into a folder holding an earlier run refuses `file` with exit code 2
// and `message`, within `seconds` of processor time (`timeout` ends it should it hang),
// and leaves the earlier run untouched. Each limit is several times what the linear code
// takes alone and well under what the quadratic code it replaced took (15 s to minutes,
// issue 15), so a machine busy with other tests does not fail it. (`validate` loads the same way; the
// bad-input corpus runs both.)
void expect_refused(const fs::path& dir, const fs::path& file, const std::string& message, double seconds) {
    const fs::path out = dir / "out";
    ASSERT_EQ(sh(kOffersim + " run " + kValid.string() + " --out " + out.string()).exit_code, 0);
    const auto earlier = contents(out);
    Cost cost;
    const Outcome o =
        sh("timeout 120 " + kOffersim + " run " + file.string() + " --out " + out.string(), cost);
    EXPECT_LT(cost.cpu_seconds, seconds * kSlowdown) << file;
    EXPECT_EQ(o.exit_code, 2) << o.err.substr(0, 2000);
    EXPECT_NE(o.err.find(message), std::string::npos) << o.err.substr(0, 2000);
    EXPECT_NE(o.err.find("nothing was written"), std::string::npos) << o.err.substr(0, 2000);
    EXPECT_EQ(contents(out), earlier) << "the earlier run's outputs changed";
    EXPECT_EQ(staging_folders(dir), 0);
}

std::string valid_text() {
    return read(kValid);
}

}  // namespace

TEST(LoaderLimits, AnExtendsChainOf7500FilesIsRefusedAtTheLimitNotByAStackOverflow) {
    const fs::path dir = fresh_dir("chain");
    write(dir / "f7500.yaml", valid_text());
    for (int i = 0; i < 7500; ++i)
        write(dir / fmt::format("f{}.yaml", i), fmt::format("extends: f{}.yaml\nname: f{}\n", i + 1, i));
    expect_refused(dir, dir / "f0.yaml",
                   "an extends chain may hold at most 32 files; 'f32.yaml' would be file 33", 10.0);
    fs::remove_all(dir);
}

TEST(LoaderLimits, AnExtendsChainOf32FilesIsAccepted) {
    const fs::path dir = fresh_dir("chain32");
    write(dir / "f31.yaml", valid_text());
    for (int i = 0; i < 31; ++i)
        write(dir / fmt::format("f{}.yaml", i), fmt::format("extends: f{}.yaml\nname: f{}\n", i + 1, i));
    const Outcome o = sh(kOffersim + " validate " + (dir / "f0.yaml").string());
    EXPECT_EQ(o.exit_code, 0) << o.err;
    fs::remove_all(dir);
}

TEST(LoaderLimits, A16MiBMapOfUniqueKeysIsCheckedForDuplicatesInLinearTime) {
    const fs::path dir = fresh_dir("keys");
    // 480,000 unique keys (960,000 values with theirs, within the budget of a million),
    // then one repeated: the check once compared every key with every earlier one.
    std::string text = valid_text() + "costs:\n";
    for (int i = 0; i < 480'000; ++i) text += fmt::format("  key_{:024d}: 0\n", i);
    text += fmt::format("  key_{:024d}: 1\n", 7);
    ASSERT_LE(text.size(), 16u << 20);
    ASSERT_GE(text.size(), 15u << 20);
    write(dir / "keys.yaml", text);
    expect_refused(dir, dir / "keys.yaml",
                   "duplicate key 'key_000000000000000000000007' (first written at line", 20.0);
    fs::remove_all(dir);
}

TEST(LoaderLimits, TwoLongIdListsMergeInLinearTime) {
    const fs::path dir = fresh_dir("merge");
    // Two lists of 40,000 ids (0.5 MB each) merged item by item under extends.
    std::string parent = valid_text() + "junk:\n";
    std::string child = "extends: parent.yaml\njunk:\n";
    for (int i = 0; i < 40'000; ++i) {
        parent += fmt::format("  - {{id: p{:06d}}}\n", i);
        child += fmt::format("  - {{id: p{:06d}, x: 1}}\n", i * 2);
    }
    write(dir / "parent.yaml", parent);
    write(dir / "child.yaml", child);
    expect_refused(dir, dir / "child.yaml", "unknown key 'junk' at the top level", 12.0);
    fs::remove_all(dir);
}

TEST(LoaderLimits, AnUnknownOneMegabyteNameGetsAShortMessageQuickly) {
    const fs::path dir = fresh_dir("long-name");
    const std::string name(1 << 20, 'g');
    write(dir / "long.yaml", valid_text() + "offers:\n  - { id: o1, kind: device_subsidy, tier: " + name +
                                 ", device: { device_cost_cny: 1, retail_price_cny: 1, subsidy_cny: 0 }, "
                                 "take_up: { segments: [mass] } }\n");
    expect_refused(dir, dir / "long.yaml", "unknown tier 'gggg", 10.0);
    const Outcome o = sh(kOffersim + " validate " + (dir / "long.yaml").string());
    EXPECT_LT(o.err.size(), 1000u) << "the name is shown cut, not whole";
    EXPECT_NE(o.err.find("... (1048576 bytes)'; expected one of 'gotone_58'"), std::string::npos) << o.err;
    fs::remove_all(dir);
}

TEST(LoaderLimits, AParentOver16MiBIsRefusedBeforeItIsRead) {
    const fs::path dir = fresh_dir("big-parent");
    write(dir / "child.yaml", "extends: big.yaml\nname: child\n");
    write(dir / "big.yaml", valid_text());
    fs::resize_file(dir / "big.yaml", 100u << 20);  // 100 MiB, sparse
    // The parent is never read into memory.
    Cost cost;
    EXPECT_EQ(sh(kOffersim + " validate " + (dir / "child.yaml").string(), cost).exit_code, 2);
    EXPECT_LT(cost.peak_mib, 60.0 * kSlowdown) << "the parent was read into memory";
    expect_refused(
        dir, dir / "child.yaml",
        "extends names 'big.yaml': the file is 104857600 bytes; a scenario file may be at most 16 MiB", 3.0);
    fs::remove_all(dir);
}

TEST(LoaderLimits, AliasesOfLongTextAreStoppedByTheTextBudget) {
    const fs::path dir = fresh_dir("text-budget");
    // 15 MiB of text named once and repeated five times: 90 MiB once expanded.
    std::string text = valid_text() + "title: &long \"" + std::string(15u << 20, 'x') + "\"\n";
    text += "junk: [*long, *long, *long, *long, *long]\n";
    ASSERT_LE(text.size(), 16u << 20);
    write(dir / "aliases.yaml", text);
    expect_refused(
        dir, dir / "aliases.yaml",
        "the document's text expands to more than 64 MiB (aliases of long text?); the budget of one "
        "scenario is 64 MiB",
        5.0);
    fs::remove_all(dir);
}

TEST(LoaderLimits, ASeedAbove2To63OnTheCommandLineIsRefusedAsInTheFile) {
    const fs::path dir = fresh_dir("seed");
    const fs::path out = dir / "out";
    ASSERT_EQ(sh(kOffersim + " run " + kValid.string() + " --out " + out.string()).exit_code, 0);
    const auto earlier = contents(out);
    for (const std::string command : {"run", "compare"}) {
        const std::string files =
            command == "run" ? kValid.string() : kValid.string() + " " + kValid.string();
        const Outcome o = sh(kOffersim + " " + command + " " + files + " --seed 18446744073709551616 --out " +
                             out.string());
        EXPECT_EQ(o.exit_code, 2) << o.err;
        EXPECT_NE(o.err.find("--seed"), std::string::npos) << o.err;
        EXPECT_NE(o.err.find("must be a whole number between 0 and 9223372036854775807, found "
                             "18446744073709551616"),
                  std::string::npos)
            << o.err;
    }
    EXPECT_EQ(contents(out), earlier);
    const Outcome largest =
        sh(kOffersim + " run " + kValid.string() + " --seed 9223372036854775807 --replications 1 --out " +
           (dir / "largest").string());
    EXPECT_EQ(largest.exit_code, 0) << largest.err;
    fs::remove_all(dir);
}

TEST(LoaderLimits, APlusSignedWholeNumberIsAWholeNumberAsInYaml12) {
    const fs::path dir = fresh_dir("plus");
    std::string text = valid_text();
    text.replace(text.find("horizon_months: 12"), 18, "horizon_months: +12\nseed: +7");
    write(dir / "plus.yaml", text);
    const Outcome o =
        sh(kOffersim + " run " + (dir / "plus.yaml").string() + " --out " + (dir / "out").string());
    EXPECT_EQ(o.exit_code, 0) << o.err;
    EXPECT_NE(read(dir / "out" / "run.json").find("\"seed\": 7,"), std::string::npos);
    EXPECT_NE(read(dir / "out" / "scenario.resolved.yaml").find("horizon_months: +12"), std::string::npos);
    fs::remove_all(dir);
}
