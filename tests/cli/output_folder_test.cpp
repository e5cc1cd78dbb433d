// Where offersim writes, through the real command line: a scenario's name never chooses a
// path, a folder is replaced whole and only when offersim wrote it, killed runs leave
// nothing behind for long, and two runs into one folder never mix.
#include "reports/figure_format.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <chrono>
#include <functional>
#include <map>
#include <thread>

namespace {

using namespace offersim::cli_test;

// A tenth of the baseline (write_tenth_of) with the given name, one replication.
fs::path named_scenario(const fs::path& dir, const std::string& file, const std::string& name) {
    const fs::path tenth = write_tenth_of(dir, kBaseline, "tenth-" + file);
    write(dir / file, "extends: " + tenth.string() + "\nname: \"" + name + "\"\nreplications: 1\n");
    return dir / file;
}

std::string in_dir(const fs::path& dir, const std::string& command) {
    return "cd " + dir.string() + " && " + command;
}

// Every file under `dir`, by its path relative to `dir`, with its contents.
std::map<std::string, std::string> files_under(const fs::path& dir) {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file()) files[e.path().lexically_relative(dir).generic_string()] = read(e.path());
    return files;
}

bool wait_for(const std::function<bool()>& condition, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!condition()) {
        if (std::chrono::steady_clock::now() > end) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
}

}  // namespace

TEST(OutputFolder, ANameWithParentStepsWritesUnderOutOnly) {
    const fs::path scratch = fresh_dir("name-parent");
    const fs::path cwd = scratch / "a" / "b" / "c";
    fs::create_directories(cwd);
    fs::create_directories(scratch / "victim");
    write(scratch / "victim" / "report.html", "an unrelated report");
    const fs::path scenario = named_scenario(cwd, "s.yaml", "../../../victim");
    const Outcome r = sh(in_dir(cwd, kOffersim + " run " + scenario.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "out/victim/report.html\n");
    EXPECT_TRUE(fs::is_regular_file(cwd / "out" / "victim" / "report.html"));
    EXPECT_EQ(read(scratch / "victim" / "report.html"), "an unrelated report");
    fs::remove_all(scratch);
}

TEST(OutputFolder, AnAbsoluteOrEmptyNameWritesUnderOutOnly) {
    const fs::path scratch = fresh_dir("name-absolute");
    const fs::path elsewhere = scratch / "elsewhere";
    const fs::path absolute = named_scenario(scratch, "abs.yaml", elsewhere.string());
    Outcome r = sh(in_dir(scratch, kOffersim + " run " + absolute.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(elsewhere));
    EXPECT_NE(r.out.find("out/"), std::string::npos) << r.out;
    EXPECT_TRUE(fs::is_regular_file(scratch / r.out.substr(0, r.out.size() - 1)));

    const fs::path empty = named_scenario(scratch, "empty.yaml", "");
    r = sh(in_dir(scratch, kOffersim + " run " + empty.string()));
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, "out/scenario/report.html\n");
    EXPECT_FALSE(fs::exists(scratch / "out" / "report.html")) << "never straight into out/";
    fs::remove_all(scratch);
}

TEST(OutputFolder, CompareKeepsEveryVariantInsideItsFolder) {
    const fs::path scratch = fresh_dir("compare-names");
    const fs::path out = scratch / "x" / "y" / "cmp";
    const fs::path up = named_scenario(scratch, "up.yaml", "../../escape");
    const fs::path absolute = named_scenario(scratch, "abs.yaml", (scratch / "abs").string());
    const fs::path baseline = write_tenth_of(scratch, kBaseline, "baseline.yaml");
    const Outcome r = sh(kOffersim + " compare " + baseline.string() + " " + up.string() + " " +
                         absolute.string() + " --replications 1 --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_regular_file(out / "escape" / "summary.json"));
    EXPECT_FALSE(fs::exists(scratch / "x" / "escape"));
    EXPECT_FALSE(fs::exists(scratch / "abs"));
    for (const auto& e : fs::directory_iterator(out))
        EXPECT_TRUE(e.is_regular_file() || fs::is_regular_file(e.path() / "summary.json")) << e.path();
    fs::remove_all(scratch);
}

TEST(OutputFolder, AFolderHoldingAUsersFileIsRefusedAndLeftAlone) {
    const fs::path scratch = fresh_dir("users-folder");
    write(scratch / "notes.txt", "the user's notes");
    for (const std::string& out : {scratch.string(), std::string(".")}) {
        const Outcome r =
            sh(in_dir(scratch, kOffersim + " run " + kBaseline + " --replications 1 --out " + out));
        EXPECT_EQ(r.exit_code, 2) << out << ": " << r.err;
        EXPECT_NE(r.err.find("the output folder " + fs::canonical(scratch).string() +
                             " holds notes.txt, which "
                             "offersim did not write"),
                  std::string::npos)
            << r.err;
        EXPECT_EQ(files_under(scratch),
                  (std::map<std::string, std::string>{{"notes.txt", "the user's notes"}}));
    }
    fs::remove_all(scratch);
}

TEST(OutputFolder, AnOfferSimFolderWithSomethingAddedIsRefusedAndKeptWhole) {
    const fs::path scratch = fresh_dir("added");
    const fs::path out = scratch / "out";
    const std::string baseline = write_tenth_of(scratch, kBaseline, "baseline.yaml").string();
    ASSERT_EQ(
        sh(kOffersim + " run " + baseline + " --replications 1 --seed 1 --out " + out.string()).exit_code, 0);
    // A folder where offersim's report.md was, as when a rename into place used to fail.
    fs::remove(out / "report.md");
    fs::create_directory(out / "report.md");
    const auto before = files_under(out);
    const Outcome r = sh(kOffersim + " run " + baseline + " --replications 1 --seed 2 --out " + out.string());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("holds report.md, which offersim did not write"), std::string::npos) << r.err;
    EXPECT_EQ(files_under(out), before);
    EXPECT_EQ(staging_folders(scratch), 0);
    fs::remove_all(scratch);
}

TEST(OutputFolder, ALaterRunReplacesTheWholeFolderAndLeavesNoStaleFile) {
    const fs::path scratch = fresh_dir("stale");
    const fs::path out = scratch / "out";
    const fs::path handset = write_tenth_of(
        scratch, OFFERSIM_SOURCE_DIR "/scenarios/examples/handset_cdma_winback.yaml", "handset.yaml");
    const fs::path baseline = write_tenth_of(scratch, kBaseline, "baseline.yaml");
    ASSERT_EQ(
        sh(kOffersim + " run " + handset.string() + " --replications 1 --out " + out.string()).exit_code, 0);
    ASSERT_TRUE(fs::exists(out / "offers.csv"));
    const Outcome r = sh(kOffersim + " run " + baseline.string() + " --replications 1 --out " + out.string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_FALSE(fs::exists(out / "offers.csv")) << "the baseline has no offers";
    EXPECT_EQ(read(out / ".offersim-manifest").find("offers.csv"), std::string::npos);
    const Outcome check = sh(kOffersim + " run --check " + out.string());
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_EQ(check.out.find("DIFFERS"), std::string::npos) << check.out;
    EXPECT_EQ(staging_folders(scratch), 0);
    fs::remove_all(scratch);
}

TEST(OutputFolder, AKilledRunLeavesTheFolderWholeAndTheNextRunClearsItsStaging) {
    const fs::path scratch = fresh_dir("killed");
    const fs::path out = scratch / "out";
    ASSERT_EQ(
        sh(kOffersim + " run " + kBaseline + " --replications 1 --seed 1 --out " + out.string()).exit_code,
        0);
    const auto before = files_under(out);
    // 400 replications take far longer than the second after which SIGKILL comes.
    const Outcome killed = sh("timeout -s KILL 1 " + kOffersim + " run " + kBaseline +
                              " --replications 400 --out " + out.string());
    EXPECT_NE(killed.exit_code, 0);
    EXPECT_EQ(files_under(out), before);
    ASSERT_EQ(staging_folders(scratch), 1) << "the killed run's staging folder is left";
    // SIGKILL ends a process with many threads a moment after `timeout` returns: wait
    // until the process named in the staging folder is gone (or a zombie).
    std::string staging;
    for (const auto& e : fs::directory_iterator(scratch))
        if (e.path().filename().string().starts_with(".offersim-staging-"))
            staging = e.path().filename().string();
    const std::string pid = staging.substr(18, staging.find('-', 18) - 18);
    EXPECT_TRUE(wait_for(
        [&] {
            const std::string stat = read("/proc/" + pid + "/stat");
            const auto state = stat.rfind(") ");
            return stat.empty() || (state != std::string::npos && stat[state + 2] == 'Z');
        },
        30));
    const Outcome next =
        sh(kOffersim + " run " + kBaseline + " --replications 1 --out " + (scratch / "other").string());
    ASSERT_EQ(next.exit_code, 0) << next.err;
    EXPECT_EQ(staging_folders(scratch), 0) << "the next run into the same parent removed it";
    fs::remove_all(scratch);
}

TEST(OutputFolder, OfTwoRunsIntoOneFolderOneWinsWholeAndTheOtherFails) {
    const fs::path scratch = fresh_dir("two-runs");
    const fs::path out = scratch / "out";
    const fs::path rc = scratch / "first.rc";
    // The first run in the background (4 replications of the whole baseline: seconds, while
    // the second needs one replication's); the second starts while it holds the folder.
    std::system(("(" + kOffersim + " run " + kBaseline + " --replications 4 --seed 7 --out " + out.string() +
                 " >/dev/null 2>&1; echo $? > " + rc.string() + ") &")
                    .c_str());
    ASSERT_TRUE(wait_for([&] { return staging_folders(scratch) == 1 || fs::exists(rc); }, 30));
    ASSERT_FALSE(fs::exists(rc)) << "the first run ended before the second could start";
    const Outcome second =
        sh(kOffersim + " run " + kBaseline + " --replications 1 --seed 8 --out " + out.string());
    EXPECT_EQ(second.exit_code, 1) << second.err;
    EXPECT_NE(second.err.find("another offersim run is writing into " + fs::canonical(out).string()),
              std::string::npos)
        << second.err;
    ASSERT_TRUE(wait_for([&] { return fs::exists(rc) && !read(rc).empty(); }, 300));
    EXPECT_EQ(read(rc), "0\n");
    EXPECT_NE(read(out / "run.json").find("\"seed\": 7"), std::string::npos)
        << "the first run's files, whole";
    EXPECT_NE(read(out / "run.json").find("\"replications\": 4"), std::string::npos);
    EXPECT_EQ(staging_folders(scratch), 0);
    fs::remove_all(scratch);
}

TEST(OutputFolder, EveryFileButTheRunRecordIsTheSameForTheSameRun) {
    const fs::path scratch = fresh_dir("deterministic");
    const fs::path baseline = write_tenth_of(scratch, kBaseline, "baseline.yaml");
    const std::string run = kOffersim + " run " + baseline.string() + " --replications 2 --seed 3 --out ";
    ASSERT_EQ(sh(run + (scratch / "first").string() + " --threads 1").exit_code, 0);
    ASSERT_EQ(sh("SOURCE_DATE_EPOCH=0 " + run + (scratch / "second").string() + " --threads 2").exit_code, 0);
    auto first = files_under(scratch / "first");
    auto second = files_under(scratch / "second");
    // The reports carry the start time from run.json, in Beijing time, so they differ by it
    // alone.
    const auto started = [](const std::string& record) {
        const auto at = record.find("\"started_at\": \"") + 15;
        return record.substr(at, 20);
    };
    using offersim::reports::format_beijing_time;
    const std::string first_start =
        format_beijing_time(started(first["run.json"]), offersim::reports::Language::zh_cn);
    EXPECT_NE(first["report.html"].find(first_start), std::string::npos) << first_start;
    EXPECT_EQ(started(second["run.json"]), "1970-01-01T00:00:00Z");
    const std::string second_start =
        format_beijing_time("1970-01-01T00:00:00Z", offersim::reports::Language::zh_cn);
    EXPECT_EQ(second_start, "1970-01-01 08:00（北京时间）");
    for (const char* report : {"report.html", "report.md"}) {
        auto& text = first[report];
        for (auto at = text.find(first_start); at != std::string::npos; at = text.find(first_start, at))
            text.replace(at, first_start.size(), second_start);
    }
    first.erase("run.json");
    second.erase("run.json");
    EXPECT_EQ(first, second);
    const Outcome check = sh(kOffersim + " run --check " + (scratch / "first").string());
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    for (const char* file : {"summary.json", "monthly.csv", "report.html", "report.md", "report.xlsx"})
        EXPECT_NE(check.out.find(std::string(file) + ": identical"), std::string::npos) << check.out;
    fs::remove_all(scratch);
}
