// The command-line tests' harness (tests/cli/cli_support.hpp): what a command cost is its own,
// however large the test process has grown, and every command of a list is captured.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <vector>

using namespace offersim::cli_test;

// A child forked from a process of 200 MiB starts its ru_maxrss at 200 MiB (Linux keeps it
// across exec), so the loader-limit tests' memory bounds depended on what the shard had run
// before; measured through GNU time, `true` costs about 1 MiB.
TEST(CliSupport, ACommandsPeakMemoryIsItsOwnNotTheTestProcesss) {
    if (::access(kGnuTime, X_OK) != 0) GTEST_SKIP() << kGnuTime << " is not installed";
    std::vector<char> resident(200u << 20);
    std::memset(resident.data(), 1, resident.size());  // every page resident
    Cost cost;
    EXPECT_EQ(sh("true", cost).exit_code, 0);
    EXPECT_LT(cost.peak_mib, 20.0) << "the test process's 200 MiB were counted";
    EXPECT_GT(cost.peak_mib, 0.0);
    EXPECT_EQ(resident[resident.size() / 2], 1);
}

// The command's exit status comes back through time, and its output is captured as before.
TEST(CliSupport, ACommandsExitStatusAndOutputComeBackThroughTime) {
    Cost cost;
    const Outcome o = sh("sh -c 'echo out; echo err >&2; exit 3'", cost);
    EXPECT_EQ(o.exit_code, 3);
    EXPECT_EQ(o.out, "out\n");
    EXPECT_EQ(o.err, "err\n");
}

// The redirections follow the whole command: in a list, each command's output is the test's,
// not only the last one's (before, `a; b` captured b and printed a into the test's log).
TEST(CliSupport, EveryCommandOfAListIsCaptured) {
    const Outcome o = sh("echo one; echo two >&2; echo three && exit 3");
    EXPECT_EQ(o.out, "one\nthree\n");
    EXPECT_EQ(o.err, "two\n");
    EXPECT_EQ(o.exit_code, 3);
}
