// `initial_base.secret_file` from the command line (docs/scenario-reference.md, "Initial base
// from an extract"): the example runs, its secret's bytes reach no output while the record
// names the file so that `run --check` reproduces the run; a missing, short or empty secret
// is an error at its key, exit 2 and nothing written.
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>

namespace offersim::cli_test {

namespace {

const fs::path kSecretExample = OFFERSIM_SOURCE_DIR "/docs/examples/customer_extract_secret.yaml";
const fs::path kSecretExamples = OFFERSIM_SOURCE_DIR "/docs/examples";

// The example copied into `dir` with its extract, and `secret_line` in place of its secret_file line.
fs::path secret_example_copy(const fs::path& dir, const std::string& secret_line) {
    fs::create_directories(dir / "data");
    fs::copy_file(kSecretExamples / "customer_extract.yaml", dir / "customer_extract.yaml");
    fs::copy_file(kSecretExamples / "data" / "customers.csv", dir / "data" / "customers.csv");
    std::string text = read(kSecretExample);
    const std::string line = "  secret_file: data/extract.key\n";
    text.replace(text.find(line), line.size(), secret_line);
    write(dir / "scenario.yaml", text);
    return dir / "scenario.yaml";
}

}  // namespace

TEST(ExtractSecretCommand, RunsWritesNoSecretAndChecks) {
    const fs::path dir = fresh_dir("extract-secret-run");
    const Outcome o = sh(kOffersim + " run " + kSecretExample.string() + " --replications 3 --out " +
                         (dir / "out").string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    const std::string secret = read(kSecretExamples / "data" / "extract.key");
    const std::string secret_digits = secret.substr(0, secret.find('\n'));
    ASSERT_EQ(secret_digits.size(), 64u);
    for (const auto& entry : fs::recursive_directory_iterator(dir / "out")) {
        if (!entry.is_regular_file()) continue;
        ASSERT_EQ(read(entry.path()).find(secret_digits.substr(0, 16)), std::string::npos) << entry.path();
    }
    // The record names the file by its full path (so --check reads it again), never its bytes.
    const std::string resolved = read(dir / "out" / "scenario.resolved.yaml");
    EXPECT_NE(
        resolved.find("secret_file: " + fs::canonical(kSecretExamples / "data" / "extract.key").string()),
        std::string::npos)
        << resolved;
    const Outcome check = sh(kOffersim + " run --check " + (dir / "out").string());
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    fs::remove_all(dir);
}

TEST(ExtractSecretCommand, AMissingShortLongOrEmptySecretIsAnErrorAtItsKey) {
    struct Case {
        std::string line;
        std::string secret;  // written to data/extract.key; empty: no file
        std::string expected;
    };
    const std::vector<Case> cases = {
        {"  secret_file: data/nowhere.key\n", "",
         "scenario.yaml:13:16: initial_base.secret_file names 'data/nowhere.key', which is not a file"},
        {"  secret_file: data/extract.key\n", "fifteen bytes!!",
         "scenario.yaml:13:16: initial_base.secret_file 'data/extract.key' holds 15 bytes; expected at least "
         "16"},
        {"  secret_file: data/extract.key\n", std::string((1u << 20) + 1, 'x'),
         "scenario.yaml:13:16: initial_base.secret_file 'data/extract.key' holds 1048577 bytes; a secret "
         "file "
         "may hold at most 1 MiB"},
        {"  secret_file: ''\n", "",
         "scenario.yaml:13:16: expected initial_base.secret_file as the path of a file of at least 16"},
        {"  secret_fil: data/extract.key\n", "",
         "scenario.yaml:13:3: unknown key 'secret_fil' at initial_base; did you mean 'secret_file'?"},
    };
    for (const Case& c : cases) {
        const fs::path dir = fresh_dir("extract-secret-bad");
        const fs::path scenario = secret_example_copy(dir, c.line);
        if (!c.secret.empty()) write(dir / "data" / "extract.key", c.secret);
        const Outcome o = sh(kOffersim + " run " + scenario.string() + " --out " + (dir / "out").string());
        EXPECT_EQ(o.exit_code, 2) << c.line;
        EXPECT_NE(o.err.find(c.expected), std::string::npos) << o.err;
        EXPECT_FALSE(fs::exists(dir / "out"));
        fs::remove_all(dir);
    }
}

TEST(ExtractSecretCommand, CheckFailsWhenTheSecretIsGone) {
    const fs::path dir = fresh_dir("extract-secret-gone");
    const fs::path scenario = secret_example_copy(dir, "  secret_file: data/extract.key\n");
    write(dir / "data" / "extract.key", "a secret of more than sixteen bytes\n");
    const Outcome o =
        sh(kOffersim + " run " + scenario.string() + " --replications 2 --out " + (dir / "out").string());
    ASSERT_EQ(o.exit_code, 0) << o.err;
    fs::remove(dir / "data" / "extract.key");
    const Outcome check = sh(kOffersim + " run --check " + (dir / "out").string());
    EXPECT_EQ(check.exit_code, 2) << check.out << check.err;
    EXPECT_NE(check.err.find("which is not a file"), std::string::npos) << check.err;
    fs::remove_all(dir);
}

}  // namespace offersim::cli_test
