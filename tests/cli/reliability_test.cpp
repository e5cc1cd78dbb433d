// A run that is interrupted or cannot write stops cleanly: exit code 1, a message that
// says what failed, no staging folder left, and an earlier report untouched. A recorded
// run can be reproduced exactly with `run --check`.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

using namespace offersim::cli_test;

TEST(Reliability, AnInterruptedRunLeavesTheEarlierReportUntouched) {
    for (const char* signal : {"INT", "TERM"}) {
        const fs::path scratch = fresh_dir(std::string("interrupt-") + signal);
        const fs::path out = scratch / "out";
        ASSERT_EQ(sh(kOffersim + " run " + kBaseline + " --replications 1 --seed 1 --out " + out.string())
                      .exit_code,
                  0);
        const std::string earlier = read(out / "report.html");
        // 400 replications take far longer than the second after which the signal comes.
        const Outcome r = sh("timeout --preserve-status -s " + std::string(signal) + " 1 " + kOffersim +
                             " run " + kBaseline + " --replications 400 --out " + out.string());
        EXPECT_EQ(r.exit_code, 1) << signal << ": " << r.err;
        EXPECT_NE(r.err.find("interrupted"), std::string::npos) << r.err;
        EXPECT_EQ(read(out / "report.html"), earlier) << signal;
        EXPECT_NE(read(out / "run.json").find("\"replications\": 1,"), std::string::npos) << signal;
        EXPECT_EQ(staging_folders(scratch), 0) << signal;
        fs::remove_all(scratch);
    }
}

TEST(Reliability, AnOutputFolderThatCannotBeCreatedFailsWithTheReason) {
    const fs::path scratch = fresh_dir("unwritable");
    std::ofstream(scratch / "a_file") << "not a folder";
    const Outcome r = sh(kOffersim + " run " + kBaseline + " --replications 1 --out " +
                         (scratch / "a_file" / "out").string());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("cannot create the output folder"), std::string::npos) << r.err;
    fs::remove_all(scratch);
}

TEST(Reliability, ARecordedRunIsReproducedExactly) {
    const fs::path scratch = fresh_dir("check");
    const fs::path out = scratch / "out";
    const fs::path baseline = write_tenth_of(scratch, kBaseline, "baseline.yaml");
    ASSERT_EQ(
        sh(kOffersim + " run " + baseline.string() + " --replications 2 --seed 99 --out " + out.string())
            .exit_code,
        0);
    const Outcome same = sh(kOffersim + " run --check " + out.string());
    EXPECT_EQ(same.exit_code, 0) << same.err;
    EXPECT_NE(same.out.find("summary.json: identical"), std::string::npos) << same.out;
    EXPECT_NE(same.out.find("monthly.csv: identical"), std::string::npos) << same.out;

    std::string csv = read(out / "monthly.csv");
    csv[csv.size() - 2] = csv[csv.size() - 2] == '1' ? '2' : '1';  // one digit of the last figure
    std::ofstream(out / "monthly.csv", std::ios::binary) << csv;
    const Outcome changed = sh(kOffersim + " run --check " + out.string());
    EXPECT_EQ(changed.exit_code, 1);
    EXPECT_NE(changed.out.find("monthly.csv: DIFFERS"), std::string::npos) << changed.out;
    fs::remove_all(scratch);
}

TEST(Reliability, TheRunRecordHoldsWhatRegeneratesIt) {
    const fs::path scratch = fresh_dir("record");
    const fs::path out = scratch / "out";
    const fs::path baseline = write_tenth_of(scratch, kBaseline, "baseline.yaml");
    ASSERT_EQ(sh(kOffersim + " run " + baseline.string() + " --replications 1 --seed 5 --out " + out.string())
                  .exit_code,
              0);
    const std::string record = read(out / "run.json");
    for (const char* field :
         {"\"offersim\"", "\"git_commit\"", "\"seed\": 5", "\"replications\": 1", "\"input_hash\"",
          "\"started_at\"", "\"language\": \"zh-CN\"", "\"run_seconds\""})
        EXPECT_NE(record.find(field), std::string::npos) << field << " in " << record;
    EXPECT_NE(read(out / "scenario.resolved.yaml").find("segments:"), std::string::npos);
    fs::remove_all(scratch);
}

// An operator who copies the program to a cluster's nodes can ask what its month loops need:
// a binary built for AVX-512 refuses, at start, a node without it (engine/sim/cpu_check.hpp).
TEST(Reliability, VersionSaysWhatTheMonthLoopsWereBuiltFor) {
    const Outcome version = sh(kOffersim + " --version");
    ASSERT_EQ(version.exit_code, 0) << version.err;
    EXPECT_NE(version.out.find("month loops built with -march="), std::string::npos) << version.out;
}
