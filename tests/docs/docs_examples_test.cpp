// The documents' promises, checked: every example scenario under docs/examples loads,
// every complete scenario quoted in the Markdown is the file it names, the README's Quick
// start is its two commands, the documents' offersim commands name what the program has,
// and the scenario reference names every key the loader accepts.
#include "engine/core/error.hpp"
#include "engine/scenario/loader.hpp"
#include "tests/cli/cli_support.hpp"

#include <gtest/gtest.h>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace offersim::scenario {

namespace {

namespace fs = std::filesystem;

const fs::path kRoot = OFFERSIM_SOURCE_DIR;
const fs::path kExamples = kRoot / "docs" / "examples";

std::string read(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.emplace_back(text.substr(start));
            break;
        }
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// A fenced code block of a Markdown file: the info string after the opening ``` and the
// text between the fences, each line ending in a newline.
struct Fence {
    std::string info;
    std::string body;
    int line = 0;  // 1-based line of the opening fence
};

std::vector<Fence> fences(std::string_view markdown) {
    std::vector<Fence> out;
    const auto lines = lines_of(markdown);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("```", 0) != 0) continue;
        Fence fence{lines[i].substr(3), "", static_cast<int>(i) + 1};
        for (++i; i < lines.size() && lines[i] != "```"; ++i) fence.body += lines[i] + "\n";
        out.push_back(std::move(fence));
    }
    return out;
}

// The text of the `## heading` section, up to the next heading of level 2.
std::string section(std::string_view markdown, std::string_view heading) {
    const std::string start = "## " + std::string(heading) + "\n";
    const std::size_t begin = markdown.find(start);
    if (begin == std::string_view::npos) return {};
    const std::size_t end = markdown.find("\n## ", begin + start.size());
    return std::string(markdown.substr(begin, end == std::string_view::npos ? end : end + 1 - begin));
}

std::vector<fs::path> example_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kExamples))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// README.md, then every Markdown file under docs/, translations (docs/zh-CN) included.
std::vector<fs::path> markdown_files() {
    std::vector<fs::path> files{kRoot / "README.md"};
    for (const auto& entry : fs::recursive_directory_iterator(kRoot / "docs"))
        if (entry.is_regular_file() && entry.path().extension() == ".md") files.push_back(entry.path());
    std::sort(files.begin() + 1, files.end());
    return files;
}

// A Markdown file's outline: each heading's level and, where it is numbered ("## 3. Write a
// variant"), its number; the words are the language's own.
std::vector<std::string> outline(std::string_view markdown) {
    std::vector<std::string> headings;
    bool in_fence = false;
    for (const auto& line : lines_of(markdown)) {
        if (line.rfind("```", 0) == 0) in_fence = !in_fence;
        if (in_fence || line.rfind("#", 0) != 0) continue;
        const std::size_t level = line.find_first_not_of('#');
        const std::size_t number_end = line.find_first_not_of("0123456789.", level + 1);
        headings.push_back(line.substr(0, level) + line.substr(level, number_end - level));
    }
    return headings;
}

// "docs/examples/x.yaml" when the block's first line is "# docs/examples/x.yaml...".
std::string quoted_file(const Fence& fence) {
    constexpr std::string_view prefix = "# docs/examples/";
    if (fence.body.rfind(prefix, 0) != 0) return {};
    const std::size_t end = fence.body.find_first_of(": \n", prefix.size());
    return fence.body.substr(2, end - 2);
}

bool is_complete_scenario(const Fence& fence) {
    for (const auto& line : lines_of(fence.body))
        if (line.rfind("name:", 0) == 0) return true;
    return false;
}

// A command line's words as the shell splits them: spaces separate and quotes group.
std::vector<std::string> shell_words(std::string_view line) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;
    char quote = 0;
    for (const char c : line) {
        if (quote != 0) {
            if (c == quote)
                quote = 0;
            else
                word += c;
        } else if (c == '\'' || c == '"') {
            quote = c;
            in_word = true;
        } else if (c == ' ') {
            if (in_word) words.push_back(word);
            word.clear();
            in_word = false;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(word);
    return words;
}

// A shell command of a fenced block that runs offersim (`build/offersim ...`, `offersim ...`
// or under `mpirun`), as words from the subcommand on; and where it was written.
struct DocumentedCommand {
    std::vector<std::string> words;
    std::string where;
};

std::vector<DocumentedCommand> offersim_commands(const fs::path& file) {
    std::vector<DocumentedCommand> commands;
    for (const Fence& fence : fences(read(file))) {
        if (fence.info != "sh" && fence.info != "bash" && !fence.info.empty()) continue;
        std::string body = fence.body;
        for (std::size_t at = body.find("\\\n"); at != std::string::npos; at = body.find("\\\n", at))
            body.replace(at, 2, " ");
        for (const auto& line : lines_of(body)) {
            std::vector<std::string> words = shell_words(line);
            if (!words.empty() && words.front() == "mpirun")
                while (!words.empty() && words.front().find("offersim") == std::string::npos)
                    words.erase(words.begin());
            if (words.size() < 2 || !(words.front() == "offersim" || words.front().ends_with("/offersim")))
                continue;
            words.erase(words.begin());
            commands.push_back({words, fmt::format("{} (block at line {})",
                                                   file.lexically_relative(kRoot).string(), fence.line)});
        }
    }
    return commands;
}

}  // namespace

TEST(DocsExamples, EveryExampleScenarioLoads) {
    const auto files = example_files();
    ASSERT_FALSE(files.empty()) << "no scenarios in " << kExamples;
    for (const auto& file : files) {
        try {
            const Scenario sc = load_scenario(file);
            EXPECT_FALSE(sc.name.empty()) << file;
        } catch (const InputError& e) {
            ADD_FAILURE() << file.string() << " does not load:\n" << e.what();
        }
    }
}

TEST(DocsExamples, EveryExampleIsNamedInTheDocs) {
    std::string all_docs;
    for (const auto& md : markdown_files()) all_docs += read(md);
    for (const auto& file : example_files()) {
        const std::string name = "docs/examples/" + file.filename().string();
        EXPECT_NE(all_docs.find(name), std::string::npos)
            << name << " is not mentioned in README.md or docs/*.md";
    }
}

TEST(DocsExamples, ReadmeYamlExampleIsTheTenLineFileItNames) {
    const std::string readme = read(kRoot / "README.md");
    std::vector<Fence> yaml;
    for (const auto& f : fences(readme))
        if (f.info == "yaml") yaml.push_back(f);
    ASSERT_EQ(yaml.size(), 1u) << "README.md should hold exactly one ```yaml block";
    const std::string expected = read(kExamples / "readme_variant.yaml");
    EXPECT_EQ(yaml.front().body, expected) << "README.md line " << yaml.front().line
                                           << ": the block differs from docs/examples/readme_variant.yaml";
    EXPECT_EQ(lines_of(expected).size(), 10u) << "the README promises a ten-line scenario";
}

TEST(DocsExamples, ReadmeQuickStartIsExactlyTheTwoCommands) {
    const std::string quick_start = section(read(kRoot / "README.md"), "Quick start");
    ASSERT_FALSE(quick_start.empty()) << "README.md has no '## Quick start' section";
    const auto blocks = fences(quick_start);
    ASSERT_EQ(blocks.size(), 1u) << "the Quick start should hold exactly one fenced block:\n" << quick_start;
    EXPECT_EQ(blocks.front().info, "sh");
    std::vector<std::string> commands;
    for (const auto& line : lines_of(blocks.front().body))
        if (line.find_first_not_of(" \t") != std::string::npos) commands.push_back(line);
    ASSERT_EQ(commands.size(), 2u) << "the Quick start block should hold two commands:\n"
                                   << blocks.front().body;
    EXPECT_EQ(commands[0], "bash scripts/run-default.sh");
    EXPECT_EQ(commands[1], "bash scripts/test.sh");
}

TEST(DocsExamples, QuotedScenariosAreTheFilesTheyName) {
    for (const auto& md : markdown_files()) {
        for (const auto& fence : fences(read(md))) {
            if (fence.info != "yaml") continue;
            const std::string where = md.filename().string() + " line " + std::to_string(fence.line);
            const std::string file = quoted_file(fence);
            if (file.empty()) {
                // A complete scenario must be runnable by the test above, so it must be a file;
                // a scenario shown to be invalid says so on its first line.
                const bool invalid_on_purpose =
                    fence.body.substr(0, fence.body.find('\n')).find("invalid on purpose") !=
                    std::string::npos;
                EXPECT_FALSE(is_complete_scenario(fence) && !invalid_on_purpose)
                    << where
                    << ": a complete scenario should start with '# docs/examples/NAME.yaml' and be that file";
                continue;
            }
            ASSERT_TRUE(fs::is_regular_file(kRoot / file))
                << where << " quotes " << file << ", which does not exist";
            EXPECT_EQ(fence.body, read(kRoot / file)) << where << " differs from " << file;
        }
    }
}

// The Chinese planners' guide is a translation kept in step with the English one: the same
// headings in the same order, numbered alike, and the same fenced blocks (the YAML examples the
// tests load, the commands and the program's messages), byte for byte and in the same order.
TEST(DocsExamples, ChinesePlannersGuideFollowsTheEnglishOne) {
    const std::string english = read(kRoot / "docs" / "planners-guide.md");
    const std::string chinese = read(kRoot / "docs" / "zh-CN" / "planners-guide.md");
    ASSERT_FALSE(chinese.empty()) << "docs/zh-CN/planners-guide.md is missing";
    EXPECT_EQ(outline(chinese), outline(english)) << "the two guides' sections differ";
    const auto english_blocks = fences(english);
    const auto chinese_blocks = fences(chinese);
    ASSERT_EQ(chinese_blocks.size(), english_blocks.size()) << "the two guides hold different code blocks";
    for (std::size_t i = 0; i < english_blocks.size(); ++i) {
        EXPECT_EQ(chinese_blocks[i].info, english_blocks[i].info) << "block " << i + 1;
        EXPECT_EQ(chinese_blocks[i].body, english_blocks[i].body)
            << "zh-CN line " << chinese_blocks[i].line << " differs from the English guide's line "
            << english_blocks[i].line;
    }
    // A translation, not a copy: most of its prose is Chinese.
    EXPECT_NE(chinese.find("套餐"), std::string::npos);
    EXPECT_EQ(chinese.find("A walk-through for marketing planners"), std::string::npos);
}

// Every offersim command in the README and the guides names a subcommand the program has,
// only options its --help lists, and shipped files (scenarios/..., docs/...) that exist: a
// renamed option or example shows here. The commands are not run: the guides' solve and
// optimise examples alone take minutes of processor time.
TEST(DocsExamples, DocumentedCommandsNameTheProgramsSubcommandsOptionsAndFiles) {
    std::map<std::string, cli_test::Outcome> helps;  // by subcommand; "" the program's own
    std::size_t checked = 0;
    for (const fs::path& file : markdown_files()) {
        for (const DocumentedCommand& command : offersim_commands(file)) {
            // `offersim --version` asks the program itself; `offersim run ...` a subcommand.
            const bool program = command.words.front().starts_with("-");
            const std::string sub = program ? "" : command.words.front();
            if (!helps.contains(sub))
                helps[sub] = cli_test::sh(cli_test::kOffersim + (program ? "" : " " + sub) + " --help");
            const cli_test::Outcome& help = helps[sub];
            EXPECT_EQ(help.exit_code, 0) << command.where << ": offersim has no subcommand '" << sub << "'";
            for (std::size_t w = program ? 0 : 1; w < command.words.size(); ++w) {
                const std::string& word = command.words[w];
                if (word.starts_with("--")) {
                    const std::string option = word.substr(0, word.find('='));
                    const bool listed = help.out.find(option + " ") != std::string::npos ||
                                        help.out.find(option + ",") != std::string::npos;
                    EXPECT_TRUE(listed)
                        << command.where << ": 'offersim " << sub << "' has no option " << option;
                }
                const bool shipped = word.starts_with("scenarios/") || word.starts_with("docs/");
                if (shipped && (word.ends_with(".yaml") || word.ends_with(".csv"))) {
                    EXPECT_TRUE(fs::exists(kRoot / word))
                        << command.where << ": " << word << " does not exist";
                }
            }
            ++checked;
        }
    }
    // The guides' walk-through alone holds some twenty; a parser that found none would pass.
    EXPECT_GE(checked, 40u);
    EXPECT_TRUE(helps.contains("solve") && helps.contains("optimise") && helps.contains("compare"));
}

TEST(DocsExamples, ScenarioReferenceNamesEveryAcceptedKey) {
    const std::string reference = read(kRoot / "docs" / "scenario-reference.md");
    ASSERT_FALSE(reference.empty());
    std::string missing;
    for (const auto& place : accepted_keys()) {
        for (const auto key : place.keys) {
            std::string code = "`";
            code.append(key).append("`");
            if (reference.find(code) == std::string::npos)
                missing.append("  ").append(code).append(" at '").append(place.where).append("'\n");
        }
    }
    EXPECT_TRUE(missing.empty()) << "docs/scenario-reference.md does not name these accepted keys:\n"
                                 << missing;
}

}  // namespace offersim::scenario
