// The parser's budget: what one scenario (its extends chain together) may cost it.
#include "engine/scenario/document.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace offersim::scenario {
namespace {

std::string list_of(int values) {
    std::string text = "x:\n";
    for (int i = 0; i < values; ++i) text += "  - 1\n";
    return text;
}

TEST(ParseBudget, ParsingPastTheDeadlineEndsWithAnErrorNamingTheTimeBudget) {
    ParseBudget budget;
    budget.time_left = std::chrono::nanoseconds(0);  // as if the parents had used it all
    std::vector<Diagnostic> problems;
    const DocNode root = parse_document(list_of(5000), "slow.yaml", problems, budget);
    EXPECT_EQ(root.kind, DocNode::Kind::null);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pos.file, "slow.yaml");
    EXPECT_EQ(problems[0].message,
              "parsing took more than 30 s of processor time, the time budget of one scenario");
}

TEST(ParseBudget, IsSharedByTheFilesOfOneScenario) {
    ParseBudget budget;
    std::vector<Diagnostic> problems;
    (void)parse_document(list_of(10), "parent.yaml", problems, budget);
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(budget.values, 13u);                // the map, its key, the list and its items
    budget.values = ParseBudget::kMaxValues - 5;  // as if the parents had spent the rest
    (void)parse_document(list_of(10), "child.yaml", problems, budget);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pos.file, "child.yaml");
    EXPECT_NE(problems[0].message.find("more than a million keys and values"), std::string::npos);
}

TEST(ParseBudget, ASecondDocumentEndsTheParseAtItsStart) {
    // yaml-cpp 0.7 loops on some inputs making empty documents without end; only the
    // start of the second is ever read.
    std::vector<Diagnostic> problems;
    (void)parse_document("a: 1\n---\nb: 2\n", "two.yaml", problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pos.line, 2);
    EXPECT_EQ(problems[0].message, "a scenario file holds one YAML document; found more");
}

TEST(ParseDocument, ReportsADuplicateKeyWithTheLineOfTheFirst) {
    std::vector<Diagnostic> problems;
    (void)parse_document("a: 1\nb: 2\na: 3\n", "dup.yaml", problems);
    ASSERT_EQ(problems.size(), 1u);
    EXPECT_EQ(problems[0].pos.line, 3);
    EXPECT_EQ(problems[0].message, "duplicate key 'a' (first written at line 1)");
}

TEST(ParseDocument, CountsColumnsInCharactersOnLongLines) {
    std::vector<Diagnostic> problems;
    const DocNode root = parse_document("名称: [一, 二, 三]\n", "cjk.yaml", problems);
    ASSERT_TRUE(problems.empty());
    const DocNode* list = root.find("名称");
    ASSERT_NE(list, nullptr);
    ASSERT_EQ(list->items.size(), 3u);
    EXPECT_EQ(list->items[0].pos.column, 6);
    EXPECT_EQ(list->items[2].pos.column, 12);
}

}  // namespace
}  // namespace offersim::scenario
