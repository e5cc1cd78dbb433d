// The bad-input corpus: every NAME.yaml under bad_input/ (names starting with '_' are helpers,
// not cases) has a sibling NAME.expected holding the lines that must appear in the error
// output, one per line, each a substring of one `file:line:column: message` line (or of the
// "N problems found" line); " ... " inside an expected line stands for any text, so the parts
// around it must appear in that order in one output line. Each case runs `offersim validate` and `offersim
// run --out DIR` from inside the corpus folder, so file names print as written there; both must exit 2, print
// every expected line, and leave no file behind. Cases too large to commit (deep nesting, files over 16 MiB)
// are generated into a temporary folder below.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(OFFERSIM_SOURCE_DIR) / "tests" / "engine" / "scenario" / "bad_input";
constexpr int kExitBadInput = 2;

std::string read_text(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

void write_text(const fs::path& file, std::string_view text) {
    std::ofstream out(file, std::ios::binary);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (!line.empty()) lines.push_back(line);
    }
    return lines;
}

std::string shell_quote(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

// A fresh folder under the system temporary folder, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "offersim_bad_input_XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

private:
    fs::path path_;
};

struct CommandResult {
    std::string command;
    int exit_code = -1;
    std::string output;  // stdout and stderr together
};

// Runs `offersim ARGUMENTS` in `cwd`, capturing its output through `capture`.
CommandResult run_offersim(const fs::path& cwd, const std::vector<std::string>& arguments,
                           const fs::path& capture) {
    CommandResult result;
    result.command = "offersim";
    // Appended piece by piece: gcc 12 warns falsely (-Wrestrict) on "literal" + string.
    std::string line = "cd ";
    line += shell_quote(cwd.string());
    line += " && ";
    line += shell_quote(OFFERSIM_BINARY);
    for (const auto& a : arguments) {
        line += ' ';
        line += shell_quote(a);
        result.command += " " + a;
    }
    line += " >";
    line += shell_quote(capture.string());
    line += " 2>&1 </dev/null";
    const int status = std::system(line.c_str());
    result.exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.output = read_text(capture);
    return result;
}

std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> files;
    std::error_code ec;
    if (!fs::exists(dir, ec)) return files;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) files.insert(entry.path().string());
    return files;
}

// True when the parts of `pattern` between " ... " appear in `line` in order.
bool matches(const std::string& line, const std::string& pattern) {
    static constexpr std::string_view kGap = " ... ";
    std::size_t from = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t gap = pattern.find(kGap, start);
        const std::string part =
            pattern.substr(start, gap == std::string::npos ? std::string::npos : gap - start);
        const std::size_t at = line.find(part, from);
        if (at == std::string::npos) return false;
        if (gap == std::string::npos) return true;
        from = at + part.size();
        start = gap + kGap.size();
    }
}

// Every expected line appears in one line of the output.
void expect_lines(const CommandResult& result, const std::vector<std::string>& expected,
                  const std::string& input) {
    const auto lines = split_lines(result.output);
    for (const auto& want : expected) {
        const bool found =
            std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return matches(l, want); });
        EXPECT_TRUE(found) << "input: " << input << "\ncommand: " << result.command
                           << "\nexpected a line holding:\n  " << want << "\nactual output:\n"
                           << result.output;
    }
}

// Runs `validate` and `run --out` on `file` (relative to `cwd`) and checks exit code 2, the
// expected lines and that nothing was written, in the output folder or beside the input.
void expect_rejected(const fs::path& cwd, const std::string& file, const std::vector<std::string>& expected) {
    TempDir scratch;
    const fs::path out = scratch.path() / "输出" / "run";
    const auto before = listing(cwd);

    const CommandResult validate = run_offersim(cwd, {"validate", file}, scratch.path() / "validate.txt");
    EXPECT_EQ(validate.exit_code, kExitBadInput)
        << "input: " << file << "\ncommand: " << validate.command << "\noutput:\n"
        << validate.output;
    expect_lines(validate, expected, file);

    const CommandResult run =
        run_offersim(cwd, {"run", file, "--out", out.string()}, scratch.path() / "run.txt");
    EXPECT_EQ(run.exit_code, kExitBadInput)
        << "input: " << file << "\ncommand: " << run.command << "\noutput:\n"
        << run.output;
    expect_lines(run, expected, file);

    const auto written = listing(out);
    EXPECT_TRUE(written.empty()) << "input: " << file << "\n`offersim run` wrote " << written.size()
                                 << " file(s) under " << out << ", e.g. "
                                 << (written.empty() ? "" : *written.begin());
    const auto leftovers = listing(scratch.path() / "输出");
    EXPECT_TRUE(leftovers.empty()) << "input: " << file << "\n`offersim run` created " << *leftovers.begin();
    EXPECT_EQ(listing(cwd), before) << "input: " << file << "\nthe commands changed the input folder " << cwd;
}

// Corpus cases: paths of NAME.yaml relative to the corpus, without helpers ('_' names).
std::vector<std::string> corpus_cases() {
    std::vector<std::string> cases;
    std::error_code ec;
    if (!fs::is_directory(kCorpus, ec)) return cases;
    for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
        const fs::path& p = entry.path();
        if (!entry.is_regular_file() || p.extension() != ".yaml" || p.filename().string().front() == '_')
            continue;
        cases.push_back(fs::relative(p, kCorpus).generic_string());
    }
    std::sort(cases.begin(), cases.end());
    return cases;
}

// A gtest name for a case: ASCII letters and digits kept, other ASCII as '_', other bytes
// (Chinese names) in hex, so every case shows in ctest under a stable name.
std::string test_name(const std::string& file) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string name;
    for (unsigned char c : file.substr(0, file.size() - 5)) {
        if (std::isalnum(c) && c < 0x80) {
            name += static_cast<char>(c);
        } else if (c < 0x80) {
            name += '_';
        } else {
            name += kHex[c >> 4];
            name += kHex[c & 0xF];
        }
    }
    return name;
}

fs::path expected_file(const std::string& yaml) {
    return kCorpus / fs::path(yaml.substr(0, yaml.size() - 5) + ".expected");
}

class BadInputCorpus : public testing::TestWithParam<std::string> {};

TEST_P(BadInputCorpus, IsRejectedWithEveryExpectedMessageAndWritesNothing) {
    const std::string file = GetParam();
    const fs::path expected_path = expected_file(file);
    ASSERT_TRUE(fs::is_regular_file(expected_path)) << file << " has no " << expected_path.filename();
    const auto expected = split_lines(read_text(expected_path));
    ASSERT_FALSE(expected.empty()) << expected_path << " holds no expected line";
    expect_rejected(kCorpus, file, expected);
}

INSTANTIATE_TEST_SUITE_P(Case, BadInputCorpus, testing::ValuesIn(corpus_cases()),
                         [](const testing::TestParamInfo<std::string>& info) {
                             return test_name(info.param);
                         });

TEST(BadInputCorpusFiles, HoldAtLeast55CasesEachWithItsExpectedLines) {
    const auto cases = corpus_cases();
    EXPECT_GE(cases.size(), 55u) << "corpus: " << kCorpus;
    for (const auto& c : cases)
        EXPECT_TRUE(fs::is_regular_file(expected_file(c))) << "case " << c << " has no .expected file";
    for (const auto& entry : fs::recursive_directory_iterator(kCorpus)) {
        if (entry.path().extension() != ".expected") continue;
        fs::path yaml = entry.path();
        yaml.replace_extension(".yaml");
        EXPECT_TRUE(fs::is_regular_file(yaml)) << entry.path() << " has no case file beside it";
    }
    std::set<std::string> names;
    for (const auto& c : cases)
        EXPECT_TRUE(names.insert(test_name(c)).second) << "two cases named " << test_name(c);
}

TEST(BadInputCorpusFiles, ValidBaseScenarioValidatesAndRuns) {
    TempDir scratch;
    const CommandResult validate =
        run_offersim(kCorpus, {"validate", "_valid.yaml"}, scratch.path() / "v.txt");
    EXPECT_EQ(validate.exit_code, 0) << validate.command << "\n" << validate.output;
    const fs::path out = scratch.path() / "out";
    const CommandResult run =
        run_offersim(kCorpus, {"run", "_valid.yaml", "--out", out.string()}, scratch.path() / "r.txt");
    EXPECT_EQ(run.exit_code, 0) << run.command << "\n" << run.output;
    EXPECT_FALSE(listing(out).empty()) << "a valid run wrote nothing under " << out << "\n" << run.output;
}

// Generated cases: too large or too deep to keep as files.

std::string valid_text() {
    return read_text(kCorpus / "_valid.yaml");
}

TEST(BadInputGenerated, NestingDeeperThan64LevelsInFlowStyleIsReportedAtThe65thLevel) {
    TempDir dir;
    // Level 1 is the top-level mapping, level 2 the list after "tiers: " at column 8.
    write_text(dir.path() / "deep.yaml", "name: deep\nhorizon_months: 12\ntiers: " + std::string(200, '[') +
                                             std::string(200, ']') + "\n");
    expect_rejected(dir.path(), "deep.yaml", {"deep.yaml:3:71: nesting deeper than 64 levels"});
}

TEST(BadInputGenerated, NestingDeeperThan64LevelsInBlockStyleIsReportedAtThe65thLevel) {
    TempDir dir;
    std::string text = "name: deep\nhorizon_months: 12\ntiers:\n";
    for (int i = 0; i < 100; ++i) text += std::string(2 * (i + 1), ' ') + "k" + std::to_string(i) + ":\n";
    text += std::string(202, ' ') + "leaf\n";
    write_text(dir.path() / "deep.yaml", text);
    // The mapping holding k63 is level 65; it starts on line 4 + 63 at column 2 * 64 + 1.
    expect_rejected(dir.path(), "deep.yaml", {"deep.yaml:67:129: nesting deeper than 64 levels"});
}

TEST(BadInputGenerated, HundredThousandOpenBracketsAreReportedAsTooDeepWithoutCrashing) {
    TempDir dir;
    write_text(dir.path() / "deeper.yaml", "name: deep\nhorizon_months: 12\ntiers: " +
                                               std::string(100'000, '[') + std::string(100'000, ']') + "\n");
    expect_rejected(dir.path(), "deeper.yaml", {"deeper.yaml:3:71: nesting deeper than 64 levels"});
}

TEST(BadInputGenerated, AnAliasInsideItsOwnAnchorIsOneProblemNotOnePerCycle) {
    TempDir dir;
    // yaml-cpp links *a3 back to the list it sits in: a cycle, found by the fuzzer. Each lap
    // once reported its own "too deep" and made hundreds of thousands of lines.
    write_text(dir.path() / "cycle.yaml",
               "name: cycle\nhorizon_months: 12\n"
               "a3: &a3 [1, *a3, *a3]\n");
    expect_rejected(
        dir.path(), "cycle.yaml",
        {"cycle.yaml:3:13: the alias '*a3' stands inside the value it names, which would never end"});
    const CommandResult r = run_offersim(dir.path(), {"validate", "cycle.yaml"}, dir.path() / "out.txt");
    const auto lines = split_lines(r.output);
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.find("cycle.yaml:") != l.npos; }),
              1)
        << r.output;
}

TEST(BadInputGenerated, NestingOf64LevelsIsWithinTheLimit) {
    TempDir dir;
    write_text(dir.path() / "deep.yaml", "name: deep\nhorizon_months: 12\ntiers: " + std::string(63, '[') +
                                             std::string(63, ']') + "\n");
    const CommandResult r = run_offersim(dir.path(), {"validate", "deep.yaml"}, dir.path() / "out.txt");
    EXPECT_EQ(r.exit_code, kExitBadInput) << r.output;  // still no valid scenario
    EXPECT_EQ(r.output.find("nesting deeper"), std::string::npos) << "64 levels are allowed:\n" << r.output;
}

// A valid scenario padded with comments to `bytes` in all.
std::string padded_scenario(std::size_t bytes) {
    std::string text = valid_text();
    const std::string line = "# " + std::string(97, 'x') + "\n";
    while (text.size() + line.size() <= bytes) text += line;
    if (text.size() < bytes) text += std::string(bytes - text.size() - 1, '#') + "\n";
    return text;
}

TEST(BadInputGenerated, FileOver16MiBIsRejectedNamingTheLimit) {
    TempDir dir;
    write_text(dir.path() / "big.yaml", padded_scenario(17u << 20));
    expect_rejected(dir.path(), "big.yaml", {"a scenario file may be at most 16 MiB", "1 problem found"});
    const CommandResult r = run_offersim(dir.path(), {"validate", "big.yaml"}, dir.path() / "out.txt");
    EXPECT_NE(r.output.find("big.yaml:"), std::string::npos) << "the message names the file:\n" << r.output;
}

TEST(BadInputGenerated, FileOneByteOver16MiBDoesNotClaimToBe16MiB) {
    TempDir dir;
    write_text(dir.path() / "big.yaml", padded_scenario((16u << 20) + 1));
    expect_rejected(dir.path(), "big.yaml", {"a scenario file may be at most 16 MiB"});
    const CommandResult r = run_offersim(dir.path(), {"validate", "big.yaml"}, dir.path() / "out.txt");
    EXPECT_EQ(r.output.find("the file is 16 MiB;"), std::string::npos)
        << "a file of 16 MiB + 1 byte is reported as if it were within the limit:\n"
        << r.output;
}

TEST(BadInputGenerated, FileOfExactly16MiBIsAccepted) {
    TempDir dir;
    write_text(dir.path() / "big.yaml", padded_scenario(16u << 20));
    ASSERT_EQ(fs::file_size(dir.path() / "big.yaml"), 16u << 20);
    const CommandResult r = run_offersim(dir.path(), {"validate", "big.yaml"}, dir.path() / "out.txt");
    EXPECT_EQ(r.exit_code, 0) << r.output;
}

TEST(BadInputGenerated, ChineseAbsolutePathsArePrintedAsWritten) {
    TempDir dir;
    const fs::path folder = dir.path() / "地市分公司" / "场景";
    fs::create_directories(folder);
    std::string text = valid_text();
    text.replace(text.find("monthly_fee_cny"), 15, "montly_fee_cny");
    write_text(folder / "坏场景.yaml", text);
    const std::string file = (folder / "坏场景.yaml").string();
    expect_rejected(
        dir.path(), file,
        {file + ":7:5: unknown key 'montly_fee_cny' at tiers[0]; did you mean 'monthly_fee_cny'?"});
}

TEST(BadInputGenerated, MissingScenarioFileExitsWithBadInput) {
    TempDir dir;
    expect_rejected(dir.path(), "无此文件.yaml", {"无此文件.yaml"});
}

}  // namespace
